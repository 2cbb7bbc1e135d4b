"""Background jobs: planning runs outside the request that asks for it.

A job is a row (state, progress, result) that pages poll. Work is handed to a `JobRunner`;
the default runs it on an in-process thread pool, and a real queue can replace it by
implementing the same two methods."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.web_tables import JobRow
from pinxiang.services.consolidation import load_cargo, plan_shipments
from pinxiang.services.planning import PlannedShipment, PlanOptions, ShipmentCargo

NewUow = Callable[[], UnitOfWork]
Clock = Callable[[], datetime]


class JobRunner(Protocol):
    def submit(self, work: Callable[[], None]) -> None: ...

    def shutdown(self) -> None: ...


class ThreadJobRunner:
    """Runs jobs one after another on a background thread (plans must not race each other)."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pinxiang-job")

    def submit(self, work: Callable[[], None]) -> None:
        self._pool.submit(work)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class InlineJobRunner:
    """Runs a job at once in the caller's thread: for scripts and tests."""

    def submit(self, work: Callable[[], None]) -> None:
        work()

    def shutdown(self) -> None:
        pass


@dataclass(frozen=True)
class JobView:
    id: str
    kind: str
    state: str
    done: int
    total: int
    message: str
    result: dict[str, Any] | None
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def _view(r: JobRow) -> JobView:
    return JobView(
        r.id,
        r.kind,
        r.state,
        r.done,
        r.total,
        r.message,
        json.loads(r.result) if r.result else None,
        r.created_by,
        r.created_at,
        r.started_at,
        r.finished_at,
    )


def get_job(new_uow: NewUow, job_id: str) -> JobView | None:
    with new_uow() as uow:
        r = uow.session.get(JobRow, job_id)
        return _view(r) if r else None


def _update(new_uow: NewUow, job_id: str, **values: Any) -> None:
    with new_uow() as uow:
        r = uow.session.get(JobRow, job_id)
        if r is None:
            return
        for k, v in values.items():
            setattr(r, k, v)
        uow.commit()


def _plan_result(results: Sequence[PlannedShipment]) -> dict[str, Any]:
    return {
        "shipments": [
            {
                "ref": r.plan.shipment_ref,
                "containers": [c.container_type for c in r.plan.containers],
                "cartons": sum(len(c.placements) for c in r.plan.containers),
                "unplaced_cartons": sum(u.cartons for u in r.plan.unplaced),
                "freight": {"amount": str(r.freight.amount), "currency": r.freight.currency},
            }
            for r in results
        ]
    }


def start_planning(
    new_uow: NewUow,
    runner: JobRunner,
    options: PlanOptions,
    clock: Clock,
    created_by: str,
    refs: Sequence[str] | None = None,
    carrier: str = "default",
    workers: int = 1,
) -> JobView:
    """Queue a planning job for the shipments (all, or `refs`) and return at once.

    Unknown shipment refs are refused here (UnknownShipment), before anything is queued."""
    with new_uow() as uow:
        total = len(load_cargo(uow, refs))
        row = JobRow(
            id=str(uuid.uuid4()),
            kind="plan",
            state="queued",
            done=0,
            total=total,
            message="",
            result="",
            created_by=created_by,
            created_at=clock(),
        )
        uow.session.add(row)
        uow.session.flush()
        job = _view(row)
        uow.commit()

    def work() -> None:
        _update(new_uow, job.id, state="running", started_at=clock())
        done = 0

        def progress(cargo: ShipmentCargo) -> None:
            nonlocal done
            done += 1
            _update(new_uow, job.id, done=done, message=cargo.shipment_ref)

        try:
            results = plan_shipments(
                new_uow, options, clock(), refs, carrier, workers, progress=progress
            )
        except Exception as e:  # a failed job is recorded, not lost in a thread
            _update(
                new_uow,
                job.id,
                state="failed",
                message=f"{type(e).__name__}: {e}",
                finished_at=clock(),
            )
            return
        _update(
            new_uow,
            job.id,
            state="done",
            done=total,
            message="",
            result=json.dumps(_plan_result(results), ensure_ascii=False),
            finished_at=clock(),
        )

    runner.submit(work)
    return job


def start_job(
    new_uow: NewUow,
    runner: JobRunner,
    kind: str,
    clock: Clock,
    created_by: str,
    work: Callable[[], dict[str, Any]],
    message: str = "",
) -> JobView:
    """Queue one unit of `work` (returning a JSON-able result) as a job of one step."""
    with new_uow() as uow:
        row = JobRow(
            id=str(uuid.uuid4()),
            kind=kind,
            state="queued",
            done=0,
            total=1,
            message=message,
            result="",
            created_by=created_by,
            created_at=clock(),
        )
        uow.session.add(row)
        uow.session.flush()
        job = _view(row)
        uow.commit()

    def run() -> None:
        _update(new_uow, job.id, state="running", started_at=clock())
        try:
            result = work()
        except Exception as e:  # recorded on the job, shown on its page
            _update(
                new_uow,
                job.id,
                state="failed",
                message=f"{type(e).__name__}: {e}",
                finished_at=clock(),
            )
            return
        _update(
            new_uow,
            job.id,
            state="done",
            done=1,
            result=json.dumps(result, ensure_ascii=False),
            finished_at=clock(),
        )

    runner.submit(run)
    return job


def start_hold(
    new_uow: NewUow,
    runner: JobRunner,
    clock: Clock,
    lot_no: str,
    reason: str,
    actor: str,
    options: PlanOptions,
    carrier: str = "default",
) -> JobView:
    """Hold a lot after inspection and plan its shipment again, as a background job."""
    from pinxiang.services import inspection

    def work() -> dict[str, Any]:
        r = inspection.hold(
            new_uow, lot_no, reason, actor, clock(), options=options, carrier=carrier
        )
        return {
            "lot": r.lot.lot_no,
            "state": r.lot.state,
            "shipments": [{"ref": r.replanned, "unplaced_cartons": r.unplaced_cartons}],
        }

    return start_job(new_uow, runner, "hold", clock, actor, work, message=lot_no)
