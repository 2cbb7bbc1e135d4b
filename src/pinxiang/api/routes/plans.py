from __future__ import annotations

from fastapi import APIRouter

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, StateDep, allow
from pinxiang.services import jobs

router = APIRouter(prefix="/api/v1/plans", tags=["plans"])


def start_planning(state: StateDep, username: str, refs: list[str] | None) -> jobs.JobView:
    s = state.app.settings
    return jobs.start_planning(
        state.new_uow,
        state.runner,
        state.app.plan_options(),
        state.clock,
        username,
        refs,
        s.carrier,
        s.workers,
    )


@router.post("", status_code=202, responses={422: {"model": schemas.Error}})
def plan_shipments(body: schemas.PlanRequest, caller: ApiCaller, state: StateDep) -> schemas.Job:
    """Queue planning (all shipments, or those named) as a background job; poll the job."""
    p = allow(caller, "plan")
    return schemas.Job.model_validate(start_planning(state, p.username, body.shipments))
