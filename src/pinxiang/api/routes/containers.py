from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, PageDep, StateDep, allow, json_response
from pinxiang.services import listing

router = APIRouter(prefix="/api/v1/containers", tags=["containers"])


@router.get("", response_model=schemas.Page[schemas.Container])
async def list_containers(
    caller: ApiCaller,
    state: StateDep,
    page: PageDep,
    shipment: Annotated[str | None, Query(description="only this shipment's containers")] = None,
) -> Response:
    """Planned containers with their utilisation."""
    allow(caller, "track")
    with state.new_uow() as uow:
        found = listing.list_containers(uow, caller.principal, page.limit, page.cursor, shipment)
    return json_response(schemas.Page[schemas.Container].model_validate(found))
