"""Lots through customs (先查验后装运): their state and audit history, and the transitions.
Customs decisions (select, inspect, release, hold) are the declarant's; load, seal and depart
(or, for a lot shipped LCL, the hand-over to the co-loader), arrive and deliver also the
warehouse clerk's. A hold plans the shipment again as a background job (202)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, Caller, PageDep, State, StateDep, allow
from pinxiang.customs import (
    CustomsError,
    IllegalTransition,
    InvalidContainerNo,
    LotEvent,
    LotState,
    validate_container_no,
    validate_seal_no,
)
from pinxiang.services import inspection, jobs
from pinxiang.services import scoped_customs as scoped
from pinxiang.services.accounts import Principal

router = APIRouter(prefix="/api/v1/lots", tags=["lots"])
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": schemas.Error},
    409: {"model": schemas.Error, "description": "the lot's state forbids the transition"},
    422: {"model": schemas.Error},
}


class Lot(schemas.Out):
    lot_no: str
    shipment_ref: str
    order_line_ref: str
    cartons: int
    state: str = Field(description=" → ".join(s.value for s in LotState))
    declaration_ref: str
    container_no: str
    seal_no: str
    updated_at: datetime | None


class LotHistoryEntry(schemas.Out):
    seq: int
    event: str
    from_state: str
    to_state: str
    actor: str
    at: datetime
    reason: str


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(default="", max_length=500, description="why (optional)")


class HoldRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500, pattern=r"\S", description="why (required)")


class LoadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    container_no: str = Field(min_length=1, description="ISO 6346, e.g. CSQU3054383")


class SealRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    container_no: str = Field(min_length=1, description="the container the lot is loaded in")
    seal_no: str = Field(min_length=1, description="3-20 letters, digits or dashes")


class HandOverRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    co_loader_ref: str = Field(
        min_length=1, max_length=200, description="the co-loader's booking or house B/L number"
    )


class ArriveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    place: str = Field(
        min_length=1, max_length=200, description="destination port, rail terminal or warehouse"
    )


class DeliverRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    receiver: str = Field(
        min_length=1, max_length=200, description="who signed for the cartons at the door"
    )


def _field(field: str, msg: str) -> HTTPException:
    return HTTPException(422, [{"loc": ["body", field], "msg": msg, "type": "value_error"}])


def _valid(field: str, check: Callable[[str], str], text: str) -> str:
    try:
        return check(text)
    except InvalidContainerNo as e:
        raise _field(field, str(e)) from None


def _warehouse(caller: Caller) -> Principal:
    if not caller.principal.can("dispatch"):
        raise HTTPException(403, f"role {caller.principal.role} may not load, seal or dispatch")
    return caller.principal


def _checked(state: State, caller: Caller, lot_no: str, event: LotEvent) -> inspection.LotView:
    with state.new_uow() as uow:
        view = scoped.lot(uow, caller.principal, lot_no)
    try:
        scoped.check_event(view, event)
    except IllegalTransition as e:
        raise HTTPException(409, str(e)) from None
    return view


def _run(work: Callable[[], inspection.LotView | list[inspection.LotView]]) -> list[Lot]:
    """Run a transition; the customs refusal of an illegal one is a 409 and nothing is written."""
    try:
        out = work()
    except inspection.UnknownLot as e:
        raise HTTPException(404, str(e)) from None
    except CustomsError as e:
        raise HTTPException(409, str(e)) from None
    return [Lot.model_validate(v) for v in (out if isinstance(out, list) else [out])]


@router.get("")
def list_lots(
    caller: ApiCaller,
    state: StateDep,
    page: PageDep,
    lot_state: Annotated[
        LotState | None, Query(alias="state", description="only this state")
    ] = None,
    shipment: Annotated[str | None, Query(description="only this shipment's lots")] = None,
) -> schemas.Page[Lot]:
    """Received lots with their customs state (a buyer's or merchant's own only)."""
    allow(caller, "track")
    with state.new_uow() as uow:
        found = scoped.list_lots(
            uow, caller.principal, lot_state.value if lot_state else None, shipment
        )
    return schemas.Page[Lot].model_validate(scoped.page_of(found, page.limit, page.cursor))


@router.get("/{lot_no}/history", responses={404: {"model": schemas.Error}})
def get_lot_history(lot_no: str, caller: ApiCaller, state: StateDep) -> list[LotHistoryEntry]:
    """The lot's audit log: every transition with who, when and why."""
    allow(caller, "track")
    with state.new_uow() as uow:
        entries = scoped.lot_history(uow, caller.principal, lot_no)
    return [
        LotHistoryEntry(
            seq=e.seq,
            event=e.event.value,
            from_state=e.from_state.value,
            to_state=e.to_state.value,
            actor=e.actor,
            at=e.at,
            reason=e.reason,
        )
        for e in entries
    ]


@router.post("/{lot_no}/select", responses=ERRORS)
def select_lot(lot_no: str, body: Note, caller: ApiCaller, state: StateDep) -> list[Lot]:
    """Customs selects the declared lot for inspection."""
    p = allow(caller, "inspect")
    return _run(
        lambda: inspection.record_selection(
            state.new_uow, lot_no, state.clock(), p.username, body.reason
        )
    )


@router.post("/{lot_no}/inspect", responses=ERRORS)
def inspect_lot(lot_no: str, body: Note, caller: ApiCaller, state: StateDep) -> list[Lot]:
    """The selected lot is inspected."""
    p = allow(caller, "inspect")
    return _run(
        lambda: inspection.inspect(state.new_uow, lot_no, p.username, state.clock(), body.reason)
    )


@router.post("/{lot_no}/release", responses=ERRORS)
def release_lot(lot_no: str, body: Note, caller: ApiCaller, state: StateDep) -> list[Lot]:
    """Customs releases the lot (declared without inspection, inspected, or held)."""
    p = allow(caller, "inspect")
    return _run(
        lambda: inspection.release(state.new_uow, lot_no, p.username, state.clock(), body.reason)
    )


@router.post("/{lot_no}/hold", status_code=202, responses=ERRORS)
def hold_lot(lot_no: str, body: HoldRequest, caller: ApiCaller, state: StateDep) -> schemas.Job:
    """Hold the inspected lot with a reason; its shipment is planned again as a job (poll it)."""
    p = allow(caller, "inspect")
    _checked(state, caller, lot_no, LotEvent.HOLD)
    s = state.app.settings
    job = jobs.start_hold(
        state.new_uow,
        state.runner,
        state.clock,
        lot_no,
        body.reason.strip(),
        p.username,
        state.app.plan_options(),
        s.carrier,
    )
    return schemas.Job.model_validate(job)


@router.post("/{lot_no}/load", responses=ERRORS)
def load_lot(lot_no: str, body: LoadRequest, caller: ApiCaller, state: StateDep) -> list[Lot]:
    """Stuff the released lot into a container (422 naming `container_no` if it fails ISO 6346)."""
    p = _warehouse(caller)
    box = _valid("container_no", validate_container_no, body.container_no)
    return _run(lambda: inspection.load(state.new_uow, lot_no, box, p.username, state.clock()))


@router.post("/{lot_no}/seal", responses=ERRORS)
def seal_container(lot_no: str, body: SealRequest, caller: ApiCaller, state: StateDep) -> list[Lot]:
    """Seal the container the lot is loaded in: every lot loaded in it becomes sealed."""
    p = _warehouse(caller)
    box = _valid("container_no", validate_container_no, body.container_no)
    seal_no = _valid("seal_no", validate_seal_no, body.seal_no)
    view = _checked(state, caller, lot_no, LotEvent.SEAL)
    if view.container_no != box:
        raise HTTPException(409, f"lot {lot_no} is loaded in {view.container_no}, not {box}")
    return _run(lambda: inspection.seal(state.new_uow, box, seal_no, p.username, state.clock()))


@router.post("/{lot_no}/depart", responses=ERRORS)
def depart_container(lot_no: str, caller: ApiCaller, state: StateDep) -> list[Lot]:
    """The sealed container holding the lot leaves: every lot in it becomes departed."""
    p = _warehouse(caller)
    view = _checked(state, caller, lot_no, LotEvent.DEPART)
    return _run(
        lambda: inspection.depart(state.new_uow, view.container_no, p.username, state.clock())
    )


@router.post("/{lot_no}/hand-over", responses=ERRORS)
def hand_over_lcl(
    lot_no: str, body: HandOverRequest, caller: ApiCaller, state: StateDep
) -> list[Lot]:
    """The released lot, shipped LCL by its shipment's plan, leaves with the co-loader under
    the co-loader's reference: it becomes departed (409 for a lot planned into a container)."""
    p = _warehouse(caller)
    if not body.co_loader_ref.strip():
        raise _field("co_loader_ref", "give the co-loader's booking or house B/L number")
    _checked(state, caller, lot_no, LotEvent.HAND_OVER)
    return _run(
        lambda: inspection.hand_over(
            state.new_uow, lot_no, body.co_loader_ref, p.username, state.clock()
        )
    )


@router.post("/{lot_no}/arrive", responses=ERRORS)
def arrive_container(
    lot_no: str, body: ArriveRequest, caller: ApiCaller, state: StateDep
) -> list[Lot]:
    """The departed container holding the lot reached its destination: every lot in it
    becomes arrived (an LCL lot handed to a co-loader arrives alone)."""
    p = _warehouse(caller)
    if not body.place.strip():
        raise _field("place", "name the port, terminal or warehouse")
    view = _checked(state, caller, lot_no, LotEvent.ARRIVE)
    if not view.container_no:
        return _run(
            lambda: inspection.arrive_lcl(
                state.new_uow, lot_no, body.place, p.username, state.clock()
            )
        )
    return _run(
        lambda: inspection.arrive(
            state.new_uow, view.container_no, body.place, p.username, state.clock()
        )
    )


@router.post("/{lot_no}/deliver", responses=ERRORS)
def deliver_to_buyer(
    lot_no: str, body: DeliverRequest, caller: ApiCaller, state: StateDep
) -> list[Lot]:
    """The lot's buyer signed for their cartons from its container: every lot of that buyer in
    the container becomes delivered (an LCL lot is delivered alone)."""
    p = _warehouse(caller)
    if not body.receiver.strip():
        raise _field("receiver", "name who signed for the cartons")
    view = _checked(state, caller, lot_no, LotEvent.DELIVER)
    if not view.container_no:
        return _run(
            lambda: inspection.deliver_lcl(
                state.new_uow, lot_no, body.receiver, p.username, state.clock()
            )
        )
    with state.new_uow() as uow:
        buyer = inspection.buyer_of(uow, lot_no)
    return _run(
        lambda: inspection.deliver(
            state.new_uow, view.container_no, buyer, body.receiver, p.username, state.clock()
        )
    )
