"""Inspect first, then load (先查验后装运, market_procurement.md §2).

Every lot at the consolidation warehouse moves through

    received → declared → selected → inspected → released → loaded → sealed → departed
                                                                         → arrived → delivered
                        ↘ released (no inspection)  ↘ held → released (hold lifted after
                                                             re-inspection) | returned
                                                             | declared (修撤单: re-declared)

plus `unload` (loaded → released, before the seal) so a re-optimised plan can move a lot, and
`hand_over` (released → departed) for a lot shipped LCL: it never enters one of our containers,
it leaves the warehouse with the co-loader, under the co-loader's reference (booking or house
bill of lading number) instead of a container and seal number. After
the border the same log follows the carton to the buyer's door: `arrive` (at the destination
port, rail terminal or warehouse, with the place) and `deliver` (to the buyer, with who signed).
Illegal transitions are refused with IllegalTransition. Every transition appends an AuditEntry
(who, when — timezone-aware and passed in, the core reads no clock — and why); a Lot is
immutable, so its history is append-only by construction.

A hold takes the lot out of its container plan: that is the service layer's job when it sees the
HOLD entry. Binding to a container happens at LOAD, which only a released lot may do.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime

from pinxiang.customs.containers import validate_container_no, validate_seal_no
from pinxiang.customs.errors import IllegalTransition


class LotState(enum.StrEnum):
    RECEIVED = "received"
    DECLARED = "declared"
    SELECTED = "selected"  # selected for inspection (查验)
    INSPECTED = "inspected"
    RELEASED = "released"  # 放行
    HELD = "held"  # 扣留: kept out of the container
    RETURNED = "returned"  # given back to the merchant (terminal)
    LOADED = "loaded"
    SEALED = "sealed"
    DEPARTED = "departed"  # left the warehouse for the border
    ARRIVED = "arrived"  # at the destination port, rail terminal or warehouse
    DELIVERED = "delivered"  # at the buyer's door, signed for (terminal)


class LotEvent(enum.StrEnum):
    DECLARE = "declare"  # the lot's declaration is submitted
    SELECT = "select"  # customs selects the lot for inspection (an explicit event from customs)
    INSPECT = "inspect"  # inspection done; the outcome is the next event
    RELEASE = "release"  # released: without inspection, after inspection, or hold lifted
    HOLD = "hold"
    RETURN = "return"
    REDECLARE = "redeclare"  # 修撤单: the lot's declaration is amended; screening starts again
    LOAD = "load"  # stuffed into a container (needs container_no)
    UNLOAD = "unload"
    SEAL = "seal"  # container sealed (needs seal_no)
    DEPART = "depart"
    HAND_OVER = "hand_over"  # an LCL lot leaves with the co-loader (needs the co-loader's ref)
    ARRIVE = "arrive"  # needs the place
    DELIVER = "deliver"  # needs who signed for it


TRANSITIONS: dict[tuple[LotState, LotEvent], LotState] = {
    (LotState.RECEIVED, LotEvent.DECLARE): LotState.DECLARED,
    (LotState.DECLARED, LotEvent.SELECT): LotState.SELECTED,
    (LotState.DECLARED, LotEvent.RELEASE): LotState.RELEASED,
    (LotState.SELECTED, LotEvent.INSPECT): LotState.INSPECTED,
    (LotState.INSPECTED, LotEvent.RELEASE): LotState.RELEASED,
    (LotState.INSPECTED, LotEvent.HOLD): LotState.HELD,
    (LotState.HELD, LotEvent.RELEASE): LotState.RELEASED,
    (LotState.HELD, LotEvent.RETURN): LotState.RETURNED,
    (LotState.HELD, LotEvent.REDECLARE): LotState.DECLARED,
    (LotState.RELEASED, LotEvent.LOAD): LotState.LOADED,
    (LotState.LOADED, LotEvent.UNLOAD): LotState.RELEASED,
    (LotState.LOADED, LotEvent.SEAL): LotState.SEALED,
    (LotState.SEALED, LotEvent.DEPART): LotState.DEPARTED,
    (LotState.RELEASED, LotEvent.HAND_OVER): LotState.DEPARTED,
    (LotState.DEPARTED, LotEvent.ARRIVE): LotState.ARRIVED,
    (LotState.ARRIVED, LotEvent.DELIVER): LotState.DELIVERED,
}

TERMINAL = frozenset({LotState.RETURNED, LotState.DELIVERED})


def allowed_events(state: LotState) -> list[LotEvent]:
    return [e for (s, e) in TRANSITIONS if s == state]


@dataclass(frozen=True)
class AuditEntry:
    """One transition: who did what to which lot, when and why."""

    lot_no: str
    seq: int
    event: LotEvent
    from_state: LotState
    to_state: LotState
    actor: str  # user id, or "customs" / "simulator" for selection
    at: datetime
    reason: str
    detail: str = ""  # declaration ref, container no., seal no.


@dataclass(frozen=True)
class Lot:
    """A lot's customs state, its bindings and its full history."""

    lot_no: str
    state: LotState = LotState.RECEIVED
    declaration_ref: str = ""
    container_no: str = ""
    seal_no: str = ""
    history: tuple[AuditEntry, ...] = ()


def transition(
    lot: Lot,
    event: LotEvent,
    *,
    actor: str,
    at: datetime,
    reason: str = "",
    declaration_ref: str = "",
    container_no: str = "",
    seal_no: str = "",
    place: str = "",
    receiver: str = "",
    co_loader_ref: str = "",
) -> Lot:
    """The lot after `event`, with an audit entry appended; IllegalTransition if the event is not
    allowed in the lot's state, lacks its data (declaration ref, a valid ISO 6346 container
    number, a seal number), has no actor, or is dated before the last entry.

    HOLD, RETURN and REDECLARE need a reason; DECLARE and REDECLARE the declaration ref; ARRIVE
    the place; DELIVER who signed for the cartons; HAND_OVER the co-loader's reference."""
    target = TRANSITIONS.get((lot.state, event))
    where = f"lot {lot.lot_no}"
    if target is None:
        allowed = ", ".join(e.value for e in allowed_events(lot.state)) or "none (final state)"
        raise IllegalTransition(
            f"{where}: cannot {event.value} when {lot.state.value}; allowed: {allowed}"
        )
    if not actor.strip():
        raise IllegalTransition(f"{where}: {event.value} needs an actor (who)")
    if at.tzinfo is None or at.utcoffset() is None:
        raise IllegalTransition(f"{where}: {event.value} time must be timezone-aware")
    if lot.history and at < lot.history[-1].at:
        raise IllegalTransition(
            f"{where}: {event.value} at {at.isoformat()} is before the last entry "
            f"({lot.history[-1].at.isoformat()})"
        )
    if event in (LotEvent.HOLD, LotEvent.RETURN, LotEvent.REDECLARE) and not reason.strip():
        raise IllegalTransition(f"{where}: {event.value} needs a reason (why)")

    changes: dict[str, str] = {}
    detail = ""
    if event in (LotEvent.DECLARE, LotEvent.REDECLARE):
        if not declaration_ref.strip():
            raise IllegalTransition(f"{where}: {event.value} needs the declaration ref")
        changes["declaration_ref"] = detail = declaration_ref.strip()
    elif event is LotEvent.LOAD:
        try:
            changes["container_no"] = detail = validate_container_no(container_no)
        except ValueError as e:
            raise IllegalTransition(f"{where}: load refused: {e}") from e
    elif event is LotEvent.UNLOAD:
        detail = lot.container_no
        changes["container_no"] = ""
    elif event is LotEvent.SEAL:
        try:
            changes["seal_no"] = detail = validate_seal_no(seal_no)
        except ValueError as e:
            raise IllegalTransition(f"{where}: seal refused: {e}") from e
        detail = f"{lot.container_no}/{detail}"
    elif event is LotEvent.ARRIVE:
        if not place.strip():
            raise IllegalTransition(f"{where}: arrive needs the place (port, terminal, warehouse)")
        detail = place.strip()
    elif event is LotEvent.DELIVER:
        if not receiver.strip():
            raise IllegalTransition(f"{where}: deliver needs who signed for it")
        detail = receiver.strip()
    elif event is LotEvent.HAND_OVER:
        if not co_loader_ref.strip():
            raise IllegalTransition(
                f"{where}: hand_over needs the co-loader's reference (booking or house B/L)"
            )
        detail = co_loader_ref.strip()

    entry = AuditEntry(
        lot_no=lot.lot_no,
        seq=len(lot.history) + 1,
        event=event,
        from_state=lot.state,
        to_state=target,
        actor=actor.strip(),
        at=at,
        reason=reason,
        detail=detail,
    )
    return replace(lot, state=target, history=(*lot.history, entry), **changes)


def replay(lot_no: str, history: tuple[AuditEntry, ...]) -> Lot:
    """Rebuild a lot from its audit log (e.g. loaded from storage), re-checking every step."""
    lot = Lot(lot_no)
    for e in history:
        container, seal = "", ""
        if e.event is LotEvent.LOAD:
            container = e.detail
        elif e.event is LotEvent.SEAL:
            seal = e.detail.partition("/")[2]
        lot = transition(
            lot,
            e.event,
            actor=e.actor,
            at=e.at,
            reason=e.reason,
            declaration_ref=e.detail if e.event in (LotEvent.DECLARE, LotEvent.REDECLARE) else "",
            container_no=container,
            seal_no=seal,
            place=e.detail if e.event is LotEvent.ARRIVE else "",
            receiver=e.detail if e.event is LotEvent.DELIVER else "",
            co_loader_ref=e.detail if e.event is LotEvent.HAND_OVER else "",
        )
    return lot
