"""Use case: inspect first, then load (先查验后装运), on the stored lots.

Every function applies `customs.lots.transition` to a lot's stored state and appends a
`LotEventRow` (who, when, why) in ONE transaction; an illegal transition is refused with the
customs message (IllegalTransition) and nothing is written. A hold takes the lot out of its
plan: after the hold commits, the lot's shipment is re-planned (`consolidation.replan_after_hold`;
held lots are not loadable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from pinxiang.customs import (
    AuditEntry,
    IllegalTransition,
    Lot,
    LotEvent,
    LotRisk,
    LotState,
    RiskModel,
    simulate_selection,
    transition,
    validate_container_no,
    validate_seal_no,
)
from pinxiang.domain import CartonSpec
from pinxiang.domain.receipts import discrepancies
from pinxiang.persistence.customs_tables import (
    DeclarationLineRow,
    DeclarationRow,
    DeclarationTraceRow,
    ListLineRow,
)
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.planning_tables import LclLotRow
from pinxiang.persistence.tables import (
    BuyerRow,
    LotEventRow,
    LotStateRow,
    OrderLineRow,
    OrderRow,
    PlanRow,
    ReceiptRow,
    ShipmentRow,
)
from pinxiang.services.consolidation import ReplanReport, replan_after_hold
from pinxiang.services.planning import PlanOptions

NewUow = Callable[[], UnitOfWork]
DETAIL_AS_NOTE = frozenset({LotEvent.ARRIVE, LotEvent.DELIVER, LotEvent.HAND_OVER})
DEFAULT_REPLAN = PlanOptions(seed=1, time_limit_s=1.0)


class UnknownLot(LookupError):
    pass


@dataclass(frozen=True)
class LotView:
    lot_no: str
    shipment_ref: str
    order_line_ref: str
    cartons: int
    state: str
    declaration_ref: str
    container_no: str
    seal_no: str
    updated_at: datetime | None


@dataclass(frozen=True)
class HoldResult:
    lot: LotView
    replanned: str  # the shipment planned again
    unplaced_cartons: int  # cartons of the shipment the new plan leaves out (held ones included)
    replan: ReplanReport  # how the plan changed: method, removed and moved cartons


@dataclass(frozen=True)
class CustomsSimulation:
    declared: int
    selected: tuple[str, ...]
    held: tuple[str, ...]
    released: tuple[str, ...]
    replanned: tuple[str, ...]
    replans: tuple[ReplanReport, ...] = ()


# ---------------------------------------------------------------- reading and writing one lot


def _receipt(uow: UnitOfWork, lot_no: str) -> ReceiptRow:
    r = uow.session.scalar(select(ReceiptRow).where(ReceiptRow.lot_no == lot_no))
    if r is None:
        raise UnknownLot(f"unknown lot {lot_no!r}: no warehouse receipt with that lot number")
    return r


def _lot(uow: UnitOfWork, receipt: ReceiptRow) -> tuple[Lot, LotStateRow | None]:
    s = uow.session
    row = s.get(LotStateRow, receipt.id)
    events = s.scalars(
        select(LotEventRow).where(LotEventRow.receipt_id == receipt.id).order_by(LotEventRow.id)
    ).all()
    history = tuple(
        AuditEntry(
            receipt.lot_no,
            i,
            LotEvent(e.event),
            LotState(e.from_state),
            LotState(e.to_state),
            e.actor,
            e.at,
            e.reason,
        )
        for i, e in enumerate(events, start=1)
    )
    if row is None:
        return Lot(receipt.lot_no, history=history), None
    return (
        Lot(
            receipt.lot_no,
            LotState(row.state),
            row.declaration_ref,
            row.container_no,
            row.seal_no,
            history,
        ),
        row,
    )


def _apply(
    uow: UnitOfWork,
    receipt: ReceiptRow,
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
    """Transition one lot and stage its state and event rows (the caller commits)."""
    lot, row = _lot(uow, receipt)
    new = transition(
        lot,
        event,
        actor=actor,
        at=at,
        reason=reason,
        declaration_ref=declaration_ref,
        container_no=container_no,
        seal_no=seal_no,
        place=place,
        receiver=receiver,
        co_loader_ref=co_loader_ref,
    )
    if row is None:
        row = LotStateRow(receipt_id=receipt.id)
        uow.session.add(row)
    row.state = new.state.value
    row.declaration_ref = new.declaration_ref
    row.container_no = new.container_no
    row.seal_no = new.seal_no
    row.updated_at = at
    entry = new.history[-1]
    uow.session.add(
        LotEventRow(
            receipt_id=receipt.id,
            event=entry.event.value,
            from_state=entry.from_state.value,
            to_state=entry.to_state.value,
            actor=entry.actor,
            at=at,
            # arrival keeps its place, delivery who signed, a hand-over the co-loader's
            # reference, as the event's note
            reason=entry.detail if event in DETAIL_AS_NOTE else reason,
            declaration_ref=new.declaration_ref
            if event in (LotEvent.DECLARE, LotEvent.REDECLARE)
            else "",
            container_no=new.container_no if event is LotEvent.LOAD else "",
            seal_no=new.seal_no if event is LotEvent.SEAL else "",
        )
    )
    uow.session.flush()
    return new


def _view(uow: UnitOfWork, receipt: ReceiptRow) -> LotView:
    row = uow.session.get(LotStateRow, receipt.id)
    line = receipt.order_line
    return LotView(
        receipt.lot_no,
        line.order.shipment.ref,
        line.ref,
        receipt.cartons,
        row.state if row else LotState.RECEIVED.value,
        row.declaration_ref if row else "",
        row.container_no if row else "",
        row.seal_no if row else "",
        row.updated_at if row else None,
    )


def _one(
    new_uow: NewUow, lot_no: str, event: LotEvent, actor: str, now: datetime, **kw: str
) -> LotView:
    with new_uow() as uow:
        receipt = _receipt(uow, lot_no)
        _apply(uow, receipt, event, actor=actor, at=now, **kw)
        view = _view(uow, receipt)
        uow.commit()
    return view


# ---------------------------------------------------------------- the use cases


def declaration_of_lots(uow: UnitOfWork, shipment_ref: str) -> dict[str, str]:
    """Lot number → the ref of the declaration that declares its order line."""
    rows = uow.session.execute(
        select(ReceiptRow.lot_no, DeclarationRow.ref)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .join(ListLineRow, ListLineRow.order_line_id == OrderLineRow.id)
        .join(DeclarationTraceRow, DeclarationTraceRow.list_line_id == ListLineRow.id)
        .join(DeclarationLineRow, DeclarationTraceRow.declaration_line_id == DeclarationLineRow.id)
        .join(DeclarationRow, DeclarationLineRow.declaration_id == DeclarationRow.id)
        .where(ShipmentRow.ref == shipment_ref)
    ).all()
    return {lot: ref for lot, ref in rows}


def _shipment_receipts(uow: UnitOfWork, shipment_ref: str | None = None) -> list[ReceiptRow]:
    q = (
        select(ReceiptRow)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .order_by(ReceiptRow.lot_no)
    )
    if shipment_ref:
        q = q.where(ShipmentRow.ref == shipment_ref)
    return list(uow.session.scalars(q))


def declare_lots(
    new_uow: NewUow, shipment_ref: str, actor: str, now: datetime
) -> tuple[list[str], list[str]]:
    """Declare every received lot of the shipment under the declaration of its order line and
    mark those declarations submitted (one transaction). Returns (declared lots, lots left
    received because their lines are blocked or not declared)."""
    declared: list[str] = []
    left: list[str] = []
    with new_uow() as uow:
        decl_of = declaration_of_lots(uow, shipment_ref)
        for r in _shipment_receipts(uow, shipment_ref):
            state = uow.session.get(LotStateRow, r.id)
            if state is not None:
                continue
            ref = decl_of.get(r.lot_no)
            if ref is None:
                left.append(r.lot_no)
                continue
            _apply(uow, r, LotEvent.DECLARE, actor=actor, at=now, declaration_ref=ref)
            declared.append(r.lot_no)
        refs = set(decl_of.values())
        for d in uow.session.scalars(select(DeclarationRow).where(DeclarationRow.ref.in_(refs))):
            d.submitted = True
        uow.commit()
    return declared, left


def record_selection(
    new_uow: NewUow, lot_no: str, now: datetime, actor: str = "customs", reason: str = ""
) -> LotView:
    """Customs selects the lot for inspection (an explicit event from customs)."""
    return _one(new_uow, lot_no, LotEvent.SELECT, actor, now, reason=reason)


def inspect(new_uow: NewUow, lot_no: str, actor: str, now: datetime, reason: str = "") -> LotView:
    return _one(new_uow, lot_no, LotEvent.INSPECT, actor, now, reason=reason)


def release(new_uow: NewUow, lot_no: str, actor: str, now: datetime, reason: str = "") -> LotView:
    return _one(new_uow, lot_no, LotEvent.RELEASE, actor, now, reason=reason)


def hold(
    new_uow: NewUow,
    lot_no: str,
    reason: str,
    actor: str,
    now: datetime,
    *,
    options: PlanOptions = DEFAULT_REPLAN,
    carrier: str = "default",
) -> HoldResult:
    """Hold the lot after inspection, then plan its shipment again without it."""
    view = _one(new_uow, lot_no, LotEvent.HOLD, actor, now, reason=reason)
    rep = replan_after_hold(new_uow, view.shipment_ref, options, now, carrier)
    unplaced = sum(u.cartons for u in rep.planned.plan.unplaced)
    return HoldResult(view, view.shipment_ref, unplaced, rep)


def return_lot(new_uow: NewUow, lot_no: str, reason: str, actor: str, now: datetime) -> LotView:
    """A held lot goes back to its merchant (final): it stays out of every plan."""
    return _one(new_uow, lot_no, LotEvent.RETURN, actor, now, reason=reason)


def redeclare(
    new_uow: NewUow, lot_no: str, declaration_ref: str, reason: str, actor: str, now: datetime
) -> LotView:
    """修撤单: a held lot is declared again under the amended declaration; screening restarts."""
    return _one(
        new_uow, lot_no, LotEvent.REDECLARE, actor, now, reason=reason,
        declaration_ref=declaration_ref,
    )  # fmt: skip


def load(new_uow: NewUow, lot_no: str, container_no: str, actor: str, now: datetime) -> LotView:
    """Stuff a released lot into a container (ISO 6346 number checked)."""
    return _one(new_uow, lot_no, LotEvent.LOAD, actor, now, container_no=container_no)


def _container_lots(uow: UnitOfWork, container_no: str, state: LotState) -> list[ReceiptRow]:
    return list(
        uow.session.scalars(
            select(ReceiptRow)
            .join(LotStateRow, LotStateRow.receipt_id == ReceiptRow.id)
            .where(LotStateRow.container_no == container_no, LotStateRow.state == state.value)
            .order_by(ReceiptRow.lot_no)
        )
    )


def _move_container(
    new_uow: NewUow,
    box: str,
    from_state: LotState,
    event: LotEvent,
    actor: str,
    now: datetime,
    which: Callable[[ReceiptRow], bool] = lambda r: True,
    missing: str = "",
    **details: str,
) -> list[LotView]:
    """Move every lot of container `box` in `from_state` (and chosen by `which`) through
    `event`, in one transaction; IllegalTransition when there is none."""
    with new_uow() as uow:
        lots = [r for r in _container_lots(uow, box, from_state) if which(r)]
        if not lots:
            raise IllegalTransition(
                f"container {box}: no {from_state.value} lots{missing} to {event.value}"
            )
        for r in lots:
            _apply(uow, r, event, actor=actor, at=now, **details)
        views = [_view(uow, r) for r in lots]
        uow.commit()
    return views


def seal(
    new_uow: NewUow, container_no: str, seal_no: str, actor: str, now: datetime
) -> list[LotView]:
    """Seal a container: every lot loaded in it moves to sealed (one transaction)."""
    box = validate_container_no(container_no)
    validate_seal_no(seal_no)
    return _move_container(
        new_uow, box, LotState.LOADED, LotEvent.SEAL, actor, now, seal_no=seal_no
    )


def depart(new_uow: NewUow, container_no: str, actor: str, now: datetime) -> list[LotView]:
    """The sealed container leaves the warehouse: its lots move to departed."""
    box = validate_container_no(container_no)
    return _move_container(new_uow, box, LotState.SEALED, LotEvent.DEPART, actor, now)


def arrive(
    new_uow: NewUow, container_no: str, place: str, actor: str, now: datetime
) -> list[LotView]:
    """The departed container reached `place` (destination port, rail terminal, warehouse):
    its lots move to arrived (one transaction)."""
    box = validate_container_no(container_no)
    return _move_container(
        new_uow, box, LotState.DEPARTED, LotEvent.ARRIVE, actor, now, place=place
    )


def deliver(
    new_uow: NewUow,
    container_no: str,
    buyer_code: str,
    receiver: str,
    actor: str,
    now: datetime,
) -> list[LotView]:
    """The buyer's cartons from the arrived container reach the buyer's door, signed for by
    `receiver`: the buyer's lots in it move to delivered (one transaction)."""
    box = validate_container_no(container_no)
    return _move_container(
        new_uow,
        box,
        LotState.ARRIVED,
        LotEvent.DELIVER,
        actor,
        now,
        which=lambda r: r.order_line.order.buyer.code == buyer_code,
        missing=f" of buyer {buyer_code}",
        receiver=receiver,
    )


@dataclass(frozen=True)
class TransitGroup:
    """Lots that move together after the border: a departed container's lots (arrive moves
    them all), one buyer's lots in an arrived container (deliver moves those), or one LCL lot
    handed to a co-loader (it moves alone)."""

    container_no: str  # "" for an LCL lot
    seal_no: str
    state: str  # departed | arrived
    buyer_code: str  # "" for a departed container: all its buyers arrive together
    buyers: tuple[str, ...]
    shipments: tuple[str, ...]
    lots: tuple[str, ...]
    cartons: int
    since: datetime | None
    place: str  # where it arrived ("" while departed)
    lcl_lot: str = ""  # the lot, when it travels LCL with a co-loader
    co_loader_ref: str = ""  # the co-loader's booking or house B/L number


def _last_note(uow: UnitOfWork, receipt_id: int, event: LotEvent) -> str:
    """The note (place, receiver, co-loader's reference) of the lot's last `event`."""
    note = uow.session.scalar(
        select(LotEventRow.reason)
        .where(LotEventRow.receipt_id == receipt_id, LotEventRow.event == event.value)
        .order_by(LotEventRow.id.desc())
        .limit(1)
    )
    return note or ""


def in_transit(uow: UnitOfWork) -> list[TransitGroup]:
    """Departed containers (to arrive) and, per buyer, arrived ones (to deliver), by container;
    LCL lots handed to a co-loader one by one, after the containers."""
    rows = uow.session.execute(
        select(ReceiptRow, LotStateRow, BuyerRow.code, ShipmentRow.ref)
        .join(LotStateRow, LotStateRow.receipt_id == ReceiptRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(BuyerRow, OrderRow.buyer_id == BuyerRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .where(LotStateRow.state.in_([LotState.DEPARTED.value, LotState.ARRIVED.value]))
        .order_by(LotStateRow.container_no, BuyerRow.code, ReceiptRow.lot_no)
    ).all()
    groups: dict[tuple[str, str, str, str], list[tuple[ReceiptRow, LotStateRow, str, str]]] = {}
    for r, st, buyer, ref in rows:
        lcl = "" if st.container_no else r.lot_no
        key_buyer = buyer if st.state == LotState.ARRIVED.value or lcl else ""
        key = (st.container_no, st.state, key_buyer, lcl)
        groups.setdefault(key, []).append((r, st, buyer, ref))
    out = []
    for (box, st_value, buyer, lcl), members in sorted(groups.items(), key=lambda g: g[0][3]):
        first = members[0][0]
        arrived = st_value == LotState.ARRIVED.value
        times = [st.updated_at for _, st, _, _ in members if st.updated_at is not None]
        out.append(
            TransitGroup(
                box,
                members[0][1].seal_no,
                st_value,
                buyer,
                tuple(sorted({b for _, _, b, _ in members})),
                tuple(sorted({ref for _, _, _, ref in members})),
                tuple(r.lot_no for r, _, _, _ in members),
                sum(r.cartons for r, _, _, _ in members),
                max(times) if times else None,
                _last_note(uow, first.id, LotEvent.ARRIVE) if arrived else "",
                lcl,
                _last_note(uow, first.id, LotEvent.HAND_OVER) if lcl else "",
            )
        )
    return out


@dataclass(frozen=True)
class LclLot:
    """A released lot its shipment's plan ships LCL: to hand to the co-loader."""

    lot_no: str
    shipment_ref: str
    buyer_code: str
    cartons: int


def lcl_to_hand_over(uow: UnitOfWork) -> list[LclLot]:
    """Released lots their shipment's current plan ships LCL, by shipment, buyer and lot."""
    rows = uow.session.execute(
        select(ReceiptRow.lot_no, ShipmentRow.ref, BuyerRow.code, ReceiptRow.cartons)
        .join(LotStateRow, LotStateRow.receipt_id == ReceiptRow.id)
        .join(LclLotRow, LclLotRow.receipt_id == ReceiptRow.id)
        .join(PlanRow, LclLotRow.plan_id == PlanRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(BuyerRow, OrderRow.buyer_id == BuyerRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .where(LotStateRow.state == LotState.RELEASED.value, PlanRow.shipment_id == ShipmentRow.id)
        .order_by(ShipmentRow.ref, BuyerRow.code, ReceiptRow.lot_no)
    ).all()
    return [LclLot(*row) for row in rows]


def is_planned_lcl(uow: UnitOfWork, receipt: ReceiptRow) -> bool:
    """Whether the lot's shipment's plan ships it LCL (with a co-loader)."""
    plans = select(PlanRow.id).where(PlanRow.shipment_id == receipt.order_line.order.shipment_id)
    found = uow.session.scalar(
        select(LclLotRow.id).where(LclLotRow.receipt_id == receipt.id, LclLotRow.plan_id.in_(plans))
    )
    return found is not None


def hand_over(
    new_uow: NewUow, lot_no: str, co_loader_ref: str, actor: str, now: datetime
) -> LotView:
    """A released lot that its shipment's plan ships LCL leaves the warehouse with the
    co-loader, under the co-loader's reference (booking or house B/L): it is departed, with no
    container or seal of ours. A lot planned into a container is refused (load it instead)."""
    with new_uow() as uow:
        receipt = _receipt(uow, lot_no)
        if not is_planned_lcl(uow, receipt):
            raise IllegalTransition(
                f"lot {lot_no} is not shipped LCL in its shipment's plan: load it into its "
                "container instead"
            )
        _apply(uow, receipt, LotEvent.HAND_OVER, actor=actor, at=now, co_loader_ref=co_loader_ref)
        view = _view(uow, receipt)
        uow.commit()
    return view


def _lcl_only(new_uow: NewUow, lot_no: str) -> None:
    with new_uow() as uow:
        view = _view(uow, _receipt(uow, lot_no))
    if view.container_no:
        raise IllegalTransition(
            f"lot {lot_no} travels in container {view.container_no}: it arrives and is "
            "delivered with the container"
        )


def arrive_lcl(new_uow: NewUow, lot_no: str, place: str, actor: str, now: datetime) -> LotView:
    """An LCL lot handed to a co-loader reached `place` (it has no container of ours)."""
    _lcl_only(new_uow, lot_no)
    return _one(new_uow, lot_no, LotEvent.ARRIVE, actor, now, place=place)


def deliver_lcl(new_uow: NewUow, lot_no: str, receiver: str, actor: str, now: datetime) -> LotView:
    """An arrived LCL lot reached the buyer's door, signed for by `receiver`."""
    _lcl_only(new_uow, lot_no)
    return _one(new_uow, lot_no, LotEvent.DELIVER, actor, now, receiver=receiver)


def buyer_of(uow: UnitOfWork, lot_no: str) -> str:
    """The code of the buyer whose cartons the lot holds."""
    return _receipt(uow, lot_no).order_line.order.buyer.code


def lots(
    uow: UnitOfWork, state: str | None = None, shipment_ref: str | None = None
) -> list[LotView]:
    views = [_view(uow, r) for r in _shipment_receipts(uow, shipment_ref)]
    return [v for v in views if state is None or v.state == state]


def history(uow: UnitOfWork, lot_no: str) -> list[AuditEntry]:
    receipt = _receipt(uow, lot_no)
    return list(_lot(uow, receipt)[0].history)


# ---------------------------------------------------------------- the demo's customs


def _risks(uow: UnitOfWork, receipts: Iterable[ReceiptRow]) -> list[LotRisk]:
    out = []
    for r in receipts:
        line = r.order_line
        p = line.product
        ll = uow.session.scalar(select(ListLineRow).where(ListLineRow.order_line_id == line.id))
        declared = CartonSpec(p.length_mm, p.width_mm, p.height_mm, p.gross_g, p.net_g)
        measured = CartonSpec(
            r.length_mm, r.width_mm, r.height_mm, r.gross_g, min(p.net_g, r.gross_g)
        )
        out.append(
            LotRisk(
                r.lot_no,
                inspected_goods=bool(ll and ll.inspected),
                discrepancy=bool(discrepancies(declared, measured)),
            )
        )
    return out


def simulate_customs(
    new_uow: NewUow,
    seed: int,
    now: datetime,
    *,
    model: RiskModel = RiskModel(),
    options: PlanOptions = DEFAULT_REPLAN,
    carrier: str = "default",
    shipment_refs: Sequence[str] | None = None,
) -> CustomsSimulation:
    """Demo only: customs (seeded simulator) selects declared lots, inspects them and holds or
    releases them; the others are released without inspection. One transaction for all the
    transitions; then every shipment with a new hold is planned again."""
    t_select, t_inspect, t_outcome = (now + timedelta(minutes=m) for m in (30, 90, 120))
    with new_uow() as uow:
        receipts = (
            [r for ref in shipment_refs for r in _shipment_receipts(uow, ref)]
            if shipment_refs
            else _shipment_receipts(uow)
        )
        declared = [
            r
            for r in receipts
            if (st := uow.session.get(LotStateRow, r.id)) and st.state == LotState.DECLARED.value
        ]
        selection = simulate_selection(_risks(uow, declared), seed, model)
        selected: list[str] = []
        held: list[str] = []
        released: list[str] = []
        affected: set[str] = set()
        for r in declared:
            if r.lot_no in selection.selected:
                _apply(
                    uow,
                    r,
                    LotEvent.SELECT,
                    actor="customs",
                    at=t_select,
                    reason=f"risk screening (simulated, seed {seed})",
                )
                _apply(uow, r, LotEvent.INSPECT, actor="inspector", at=t_inspect)
                selected.append(r.lot_no)
                if r.lot_no in selection.held:
                    _apply(
                        uow,
                        r,
                        LotEvent.HOLD,
                        actor="inspector",
                        at=t_outcome,
                        reason="goods differ from the declaration (simulated inspection)",
                    )
                    held.append(r.lot_no)
                    affected.add(r.order_line.order.shipment.ref)
                    continue
            _apply(uow, r, LotEvent.RELEASE, actor="customs", at=t_outcome)
            released.append(r.lot_no)
        uow.commit()
    replanned = sorted(affected)
    replans = tuple(replan_after_hold(new_uow, ref, options, now, carrier) for ref in replanned)
    return CustomsSimulation(
        len(declared), tuple(selected), tuple(held), tuple(released), tuple(replanned), replans
    )
