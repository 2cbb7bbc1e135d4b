from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, PageDep, StateDep, allow, json_response
from pinxiang.services import listing

router = APIRouter(prefix="/api/v1/shipments", tags=["shipments"])


@router.get("", response_model=schemas.Page[schemas.Shipment])
async def list_shipments(caller: ApiCaller, state: StateDep, page: PageDep) -> Response:
    """Shipments by creation, with their planned containers (a buyer's or merchant's own only)."""
    allow(caller, "track")
    with state.new_uow() as uow:
        found = listing.list_shipments(uow, caller.principal, page.limit, page.cursor)
    return json_response(schemas.Page[schemas.Shipment].model_validate(found))


@router.get("/{ref}/containers/{seq}/load-plan", responses={404: {"model": schemas.Error}})
def get_load_plan(
    ref: str, seq: Annotated[int, Path(ge=1)], caller: ApiCaller, state: StateDep
) -> schemas.LoadPlan:
    """A container's cartons in loading order with order line, merchant and buyer."""
    allow(caller, "track")
    with state.new_uow() as uow:
        plan = listing.load_plan(uow, caller.principal, ref, seq)
    return schemas.LoadPlan.model_validate(plan)
