from __future__ import annotations

from fastapi import APIRouter, HTTPException

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, StateDep, allow
from pinxiang.services import jobs

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("/{job_id}", responses={404: {"model": schemas.Error}})
def get_job(job_id: str, caller: ApiCaller, state: StateDep) -> schemas.Job:
    """A background job's state and progress (done of total) and, when done, its result."""
    allow(caller, "board")
    job = jobs.get_job(state.new_uow, job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id}")
    return schemas.Job.model_validate(job)
