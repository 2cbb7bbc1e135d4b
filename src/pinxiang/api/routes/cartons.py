from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, PageDep, StateDep, allow, json_response
from pinxiang.services import listing

router = APIRouter(prefix="/api/v1/cartons", tags=["cartons"])


@router.get("", response_model=schemas.Page[schemas.Carton])
async def list_cartons(
    caller: ApiCaller,
    state: StateDep,
    page: PageDep,
    shipment: Annotated[str | None, Query(description="only this shipment's cartons")] = None,
    container: Annotated[
        int | None, Query(ge=1, description="with `shipment`: only this container (seq)")
    ] = None,
) -> Response:
    """Placed cartons with position, lot, order line, merchant and buyer."""
    allow(caller, "track")
    with state.new_uow() as uow:
        found = listing.list_cartons(
            uow, caller.principal, page.limit, page.cursor, shipment, container
        )
    return json_response(schemas.Page[schemas.Carton].model_validate(found))
