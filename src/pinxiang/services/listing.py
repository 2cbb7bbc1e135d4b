"""Read side of the web application: paginated, scoped lists and the pages' figures.

Every query takes the `Principal` asking: staff see everything, a buyer only the shipments,
containers and cartons holding their orders, a merchant only their own order lines. Lists are
keyset-paginated by surrogate id (`after` is the opaque cursor of the previous page), which
stays fast on deep pages where OFFSET would not."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, bindparam, func, select

from pinxiang.domain import DEFAULT_CONTAINER_TYPES, container_type
from pinxiang.domain.costing import ALLOCATION_RULE, ALLOCATION_RULE_ZH
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.planning_tables import ContainerBalanceRow, CostShareRow, LclLotRow
from pinxiang.persistence.tables import (
    BuyerRow,
    ContainerTypeRow,
    LotEventRow,
    LotStateRow,
    MerchantRow,
    OrderLineRow,
    OrderRow,
    PlacementRow,
    PlannedContainerRow,
    PlanRow,
    ProductRow,
    ReceiptRow,
    ShipmentBuyerRow,
    ShipmentRow,
    UnplacedRow,
)
from pinxiang.services.accounts import Principal
from pinxiang.services.consolidation import stored_balance

T = TypeVar("T")
MAX_LIMIT = 500


class NotVisible(LookupError):
    """Not there, or not yours: the two are answered alike so nothing leaks."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.isdigit():
        raise ValueError("cursor must be the next_cursor of a previous page")
    return int(cursor)


@dataclass(frozen=True)
class ShipmentItem:
    ref: str
    destination_country: str
    destination: str
    route: str
    cutoff: datetime
    buyers: list[str]
    planned: bool
    containers: list[str]
    cartons: int
    unplaced_cartons: int
    lcl_cartons: int = 0


@dataclass(frozen=True)
class ContainerItem:
    shipment_ref: str
    seq: int
    container_type: str
    cartons: int
    volume_utilisation: float
    weight_utilisation: float
    freight: str
    currency: str


@dataclass(frozen=True)
class CartonItem:
    carton_id: str
    shipment_ref: str
    container_seq: int
    step: int
    lot_no: str
    order_line: str
    merchant: str
    buyer: str
    position_mm: list[int]
    size_mm: list[int]
    gross_g: int


@dataclass(frozen=True)
class ContainerBalance:
    """The stored centre of gravity of a planned container (see `planning.Balance`)."""

    cog_mm: list[int]
    offset_length: float
    offset_width: float
    within_tolerance: bool
    shift_mm: list[int]
    reason: str


@dataclass(frozen=True)
class FreightShare:
    """A buyer's share of a container's freight (`domain.costing`), Decimal as text."""

    buyer: str
    revenue_tons: str
    amount: str
    currency: str


@dataclass(frozen=True)
class CartonDetail:
    """One carton of a load plan; the parties' fields are None when the viewer may not see them."""

    carton_id: str
    step: int
    position_mm: list[int]
    size_mm: list[int]
    gross_g: int
    own: bool
    lot_no: str | None = None
    order_line: str | None = None
    order_no: str | None = None
    merchant: str | None = None
    merchant_name_zh: str | None = None
    merchant_name_en: str | None = None
    buyer: str | None = None
    drop: int | None = None
    product_zh: str | None = None
    product_en: str | None = None
    hs_code: str | None = None


@dataclass(frozen=True)
class LoadPlan:
    shipment_ref: str
    destination: str
    seq: int
    container_type: str
    inner_mm: list[int]
    volume_utilisation: float
    weight_utilisation: float
    cartons: list[CartonDetail] = field(default_factory=list)
    balance: ContainerBalance | None = None
    freight_shares: list[FreightShare] = field(default_factory=list)
    allocation_rule: str = ALLOCATION_RULE
    allocation_rule_zh: str = ALLOCATION_RULE_ZH


# --- scope -----------------------------------------------------------------------------------


def _party_id(uow: UnitOfWork, p: Principal) -> int | None:
    """The buyer's or merchant's row id; -1 when the party is unknown (sees nothing)."""
    if p.is_staff:
        return None
    pid = uow.session.scalar(_party_statement(p.buyer_code is not None), {"code": p.party_code})
    return -1 if pid is None else int(pid)


@functools.cache
def _party_statement(buyer: bool) -> Any:
    table = BuyerRow if buyer else MerchantRow
    return select(table.id).where(table.code == bindparam("code"))


def _own_lines(p: Principal, pid: Any) -> Select[Any]:
    """`pid`: the party's id, or a bind parameter standing for it."""
    return _own_lines_of(p.buyer_code is not None, pid)


def _own_lines_of(buyer: bool, pid: Any) -> Select[Any]:
    q = select(OrderLineRow.id).join(OrderRow, OrderLineRow.order_id == OrderRow.id)
    if buyer:
        return q.where(OrderRow.buyer_id == pid)
    return q.join(ProductRow, OrderLineRow.product_id == ProductRow.id).where(
        ProductRow.merchant_id == pid
    )


def _own_shipments(p: Principal, pid: Any) -> Select[Any]:
    """`pid`: the party's id, or a bind parameter standing for it."""
    return _own_shipments_of(p.buyer_code is not None, pid)


def _own_shipments_of(buyer: bool, pid: Any) -> Select[Any]:
    q = select(OrderRow.shipment_id)
    if buyer:
        return q.where(OrderRow.buyer_id == pid)
    return (
        q.join(OrderLineRow, OrderLineRow.order_id == OrderRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .where(ProductRow.merchant_id == pid)
    )


# --- lists -----------------------------------------------------------------------------------


def _limit(limit: int) -> int:
    return max(1, min(limit, MAX_LIMIT))


def list_shipments(
    uow: UnitOfWork, p: Principal, limit: int = 50, after: str | None = None
) -> Page[ShipmentItem]:
    s, n = uow.session, _limit(limit)
    pid = _party_id(uow, p)
    q = _shipments_statement(_party_kind(p, pid))
    rows = s.execute(q, {"after": decode_cursor(after), "n": n + 1, "pid": pid}).all()
    page, more = rows[:n], len(rows) > n
    items = _shipment_items(uow, p, pid, page, contiguous=pid is None)
    return Page(items, str(page[-1].id) if more else None)


def _party_kind(p: Principal, pid: int | None) -> str:
    return "" if pid is None else "buyer" if p.buyer_code is not None else "merchant"


@functools.cache
def _shipments_statement(party: str) -> Any:
    q = (
        select(
            ShipmentRow.id,
            ShipmentRow.ref,
            ShipmentRow.destination_country,
            ShipmentRow.destination,
            ShipmentRow.route,
            ShipmentRow.cutoff,
        )
        .where(ShipmentRow.id > bindparam("after"))
        .order_by(ShipmentRow.id)
    )
    if party:
        q = q.where(ShipmentRow.id.in_(_own_shipments_of(party == "buyer", bindparam("pid"))))
    return q.limit(bindparam("n"))


@functools.cache
def _shipment_item_statements(contiguous: bool, party: str) -> dict[str, Any]:
    """The four queries behind a page of shipment items, built once per process with bind
    parameters: lo/hi (a contiguous page: an id range) or ids (expanding IN), and pid."""

    def on_page(col: Any) -> Any:
        # A contiguous page is an id range: compiling an expanding IN (50 ids) costs more
        # than the query. Otherwise (a party's shipments, a board page by cut-off): IN (ids).
        if contiguous:
            return col.between(bindparam("lo"), bindparam("hi"))
        return col.in_(bindparam("ids", expanding=True))

    out = {
        "buyers": select(ShipmentBuyerRow.shipment_id, BuyerRow.code)
        .join(BuyerRow, ShipmentBuyerRow.buyer_id == BuyerRow.id)
        .where(on_page(ShipmentBuyerRow.shipment_id))
        .order_by(ShipmentBuyerRow.shipment_id, ShipmentBuyerRow.position),
        "containers": select(
            PlanRow.shipment_id, PlannedContainerRow.container_type, PlannedContainerRow.cartons
        )
        .outerjoin(PlannedContainerRow, PlannedContainerRow.plan_id == PlanRow.id)
        .where(on_page(PlanRow.shipment_id))
        .order_by(PlanRow.shipment_id, PlannedContainerRow.seq),
    }
    unplaced = (
        select(PlanRow.shipment_id, func.sum(UnplacedRow.cartons))
        .join(UnplacedRow, UnplacedRow.plan_id == PlanRow.id)
        .where(on_page(PlanRow.shipment_id))
        .group_by(PlanRow.shipment_id)
    )
    if party:  # a party counts only its own cartons
        own_lines = _own_lines_of(party == "buyer", bindparam("pid"))
        out["own"] = (
            select(PlanRow.shipment_id, func.count(PlacementRow.id))
            .join(PlannedContainerRow, PlannedContainerRow.plan_id == PlanRow.id)
            .join(PlacementRow, PlacementRow.container_id == PlannedContainerRow.id)
            .join(ReceiptRow, PlacementRow.receipt_id == ReceiptRow.id)
            .where(on_page(PlanRow.shipment_id))
            .where(ReceiptRow.order_line_id.in_(own_lines))
            .group_by(PlanRow.shipment_id)
        )
        unplaced = unplaced.where(UnplacedRow.order_line_id.in_(own_lines))
    lcl = (
        select(PlanRow.shipment_id, func.sum(LclLotRow.cartons))
        .join(LclLotRow, LclLotRow.plan_id == PlanRow.id)
        .where(on_page(PlanRow.shipment_id))
        .group_by(PlanRow.shipment_id)
    )
    if party:
        lcl = lcl.join(ReceiptRow, LclLotRow.receipt_id == ReceiptRow.id).where(
            ReceiptRow.order_line_id.in_(own_lines)
        )
    out["unplaced"] = unplaced
    out["lcl"] = lcl
    return out


def _shipment_items(
    uow: UnitOfWork, p: Principal, pid: int | None, page: Sequence[Any], contiguous: bool
) -> list[ShipmentItem]:
    """Items for `page` (rows of id, ref, destination_country, destination, route, cutoff).
    `contiguous`: the page holds every shipment between its first and last id."""
    s = uow.session
    ids = {r.id for r in page}
    lo, hi = (min(ids), max(ids)) if page else (0, -1)
    stmts = _shipment_item_statements(contiguous, _party_kind(p, pid))
    params = {"lo": lo, "hi": hi, "ids": sorted(ids), "pid": pid}
    if contiguous:
        del params["ids"]
    else:
        del params["lo"], params["hi"]
    buyers: dict[int, list[str]] = {}
    for sid, code in s.execute(stmts["buyers"], params):
        if sid in ids and (p.buyer_code is None or code == p.buyer_code):
            buyers.setdefault(sid, []).append(code)
    # One pass over the page's plans: which are planned, their containers and carton counts.
    planned: set[int] = set()
    containers: dict[int, list[str]] = {}
    cartons: dict[int, int] = {}
    for sid, ct, count in s.execute(stmts["containers"], params):
        if sid not in ids:
            continue
        planned.add(sid)
        if ct is not None:
            containers.setdefault(sid, []).append(ct)
        cartons[sid] = cartons.get(sid, 0) + int(count or 0)
    if "own" in stmts:
        cartons = {sid: int(c) for sid, c in s.execute(stmts["own"], params)}
    unplaced = {sid: int(c or 0) for sid, c in s.execute(stmts["unplaced"], params)}
    lcl = {sid: int(c or 0) for sid, c in s.execute(stmts["lcl"], params)}
    return [
        ShipmentItem(
            r.ref,
            r.destination_country,
            r.destination,
            r.route,
            r.cutoff,
            buyers.get(r.id, []),
            r.id in planned,
            containers.get(r.id, []),
            cartons.get(r.id, 0),
            unplaced.get(r.id, 0),
            lcl.get(r.id, 0),
        )
        for r in page
    ]


def _container_item(
    ref: str,
    seq: int,
    ctype: str,
    cartons: int,
    loaded_mm3: int,
    inner_mm3: int,
    loaded_g: int,
    payload_g: int,
    freight: Decimal,
    currency: str,
) -> ContainerItem:
    """A container's list item from its stored totals."""
    return ContainerItem(
        ref,
        seq,
        ctype,
        cartons,
        round(loaded_mm3 / inner_mm3, 4) if inner_mm3 else 0.0,
        round(loaded_g / payload_g, 4) if payload_g else 0.0,
        str(freight),
        currency,
    )


def _container_items(rows: list[tuple[PlannedContainerRow, str, str]]) -> list[ContainerItem]:
    return [
        _container_item(
            ref,
            c.seq,
            c.container_type,
            c.cartons,
            c.loaded_mm3,
            c.inner_volume_mm3,
            c.loaded_g,
            c.max_payload_g,
            c.freight,
            cur,
        )
        for c, ref, cur in rows
    ]


def _containers_query() -> Select[PlannedContainerRow, str, str]:
    return (
        select(PlannedContainerRow, ShipmentRow.ref, PlanRow.freight_currency)
        .join(PlanRow, PlannedContainerRow.plan_id == PlanRow.id)
        .join(ShipmentRow, PlanRow.shipment_id == ShipmentRow.id)
    )


def list_containers(
    uow: UnitOfWork,
    p: Principal,
    limit: int = 50,
    after: str | None = None,
    shipment_ref: str | None = None,
) -> Page[ContainerItem]:
    n = _limit(limit)
    pid = _party_id(uow, p)
    q = _containers_statement(bool(shipment_ref), _party_kind(p, pid))
    params = {"after": decode_cursor(after), "n": n + 1, "shipment": shipment_ref, "pid": pid}
    rows = uow.session.execute(q, params).all()
    page, more = rows[:n], len(rows) > n
    items = [
        _container_item(ref, seq, ctype, cartons, vol, inner, g, payload, freight, cur)
        for _, seq, ctype, cartons, vol, inner, g, payload, freight, ref, cur in page
    ]
    return Page(items, str(page[-1][0]) if more else None)


@functools.cache
def _containers_statement(by_shipment: bool, party: str) -> Any:
    """The containers page query, built once per process (see `_cartons_statement`)."""
    c = PlannedContainerRow
    q = (
        select(
            c.id,
            c.seq,
            c.container_type,
            c.cartons,
            c.loaded_mm3,
            c.inner_volume_mm3,
            c.loaded_g,
            c.max_payload_g,
            c.freight,
            ShipmentRow.ref,
            PlanRow.freight_currency,
        )
        .join(PlanRow, c.plan_id == PlanRow.id)
        .join(ShipmentRow, PlanRow.shipment_id == ShipmentRow.id)
        .where(c.id > bindparam("after"))
        .order_by(c.id)
    )
    if by_shipment:
        q = q.where(ShipmentRow.ref == bindparam("shipment"))
    if party:
        own = (
            select(PlacementRow.container_id)
            .join(ReceiptRow, PlacementRow.receipt_id == ReceiptRow.id)
            .where(ReceiptRow.order_line_id.in_(_own_lines_of(party == "buyer", bindparam("pid"))))
        )
        q = q.where(c.id.in_(own))
    return q.limit(bindparam("n"))


@functools.cache
def _cartons_statement(by_shipment: bool, by_container: bool, party: str) -> Any:
    """The cartons page query for one combination of filters, built once per process with
    bind parameters (after, n, shipment, seq, pid): building a 9-join select and its cache key
    cost more than running it (benchmarks/load_test.py)."""
    # Columns, not the PlacementRow entity: a page of plain rows, no ORM identity map.
    q = (
        select(
            PlacementRow.id,
            PlacementRow.carton_id,
            PlacementRow.step,
            PlacementRow.x_mm,
            PlacementRow.y_mm,
            PlacementRow.z_mm,
            PlacementRow.length_mm,
            PlacementRow.width_mm,
            PlacementRow.height_mm,
            ShipmentRow.ref,
            PlannedContainerRow.seq,
            ReceiptRow.lot_no,
            ReceiptRow.gross_g,
            OrderLineRow.ref,
            MerchantRow.code,
            BuyerRow.code,
        )
        .join(PlannedContainerRow, PlacementRow.container_id == PlannedContainerRow.id)
        .join(PlanRow, PlannedContainerRow.plan_id == PlanRow.id)
        .join(ShipmentRow, PlanRow.shipment_id == ShipmentRow.id)
        .join(ReceiptRow, PlacementRow.receipt_id == ReceiptRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(BuyerRow, OrderRow.buyer_id == BuyerRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .join(MerchantRow, ProductRow.merchant_id == MerchantRow.id)
        .where(PlacementRow.id > bindparam("after"))
        .order_by(PlacementRow.id)
    )
    if by_shipment:
        q = q.where(ShipmentRow.ref == bindparam("shipment"))
        if by_container:
            q = q.where(PlannedContainerRow.seq == bindparam("seq"))
    if party == "buyer":
        q = q.where(OrderRow.buyer_id == bindparam("pid"))
    elif party == "merchant":
        q = q.where(ProductRow.merchant_id == bindparam("pid"))
    return q.limit(bindparam("n"))


def list_cartons(
    uow: UnitOfWork,
    p: Principal,
    limit: int = 50,
    after: str | None = None,
    shipment_ref: str | None = None,
    container_seq: int | None = None,
) -> Page[CartonItem]:
    n = _limit(limit)
    pid = _party_id(uow, p)
    party = "" if pid is None else "buyer" if p.buyer_code is not None else "merchant"
    by_shipment = bool(shipment_ref)
    q = _cartons_statement(by_shipment, by_shipment and container_seq is not None, party)
    params = {
        "after": decode_cursor(after),
        "n": n + 1,
        "shipment": shipment_ref,
        "seq": container_seq,
        "pid": pid,
    }
    rows = uow.session.execute(q, params).all()
    page, more = rows[:n], len(rows) > n
    items = [
        CartonItem(carton, ref, seq, step, lot, line, m, b, [x, y, z], [ln, w, h], g)
        for _, carton, step, x, y, z, ln, w, h, ref, seq, lot, g, line, m, b in page
    ]
    return Page(items, str(page[-1][0]) if more else None)


# --- one container ---------------------------------------------------------------------------


def _inner_mm(uow: UnitOfWork, code: str) -> list[int]:
    r = uow.session.scalars(select(ContainerTypeRow).where(ContainerTypeRow.code == code)).first()
    if r is not None:
        return [r.inner_length_mm, r.inner_width_mm, r.inner_height_mm]
    try:
        ct = container_type(code, DEFAULT_CONTAINER_TYPES)
    except KeyError:
        return [0, 0, 0]
    return [ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm]


def load_plan(uow: UnitOfWork, p: Principal, shipment_ref: str, seq: int) -> LoadPlan:
    """A container's cartons in loading order, with their order line, merchant and buyer.

    A buyer or merchant sees the whole stow (the boxes around theirs) but the details of their
    own cartons only; a container without any of theirs is NotVisible."""
    s = uow.session
    found = s.execute(
        _containers_query()
        .add_columns(ShipmentRow.destination, ShipmentRow.id)
        .where(ShipmentRow.ref == shipment_ref, PlannedContainerRow.seq == seq)
    ).one_or_none()
    if found is None:
        raise NotVisible(f"no container {shipment_ref}/{seq}")
    c, ref, cur, destination, shipment_id = found
    pid = _party_id(uow, p)
    drops = {
        bid: pos + 1
        for bid, pos in s.execute(
            select(ShipmentBuyerRow.buyer_id, ShipmentBuyerRow.position).where(
                ShipmentBuyerRow.shipment_id == shipment_id
            )
        )
    }
    q = (
        select(PlacementRow, ReceiptRow, OrderLineRow, OrderRow, BuyerRow, ProductRow, MerchantRow)
        .join(ReceiptRow, PlacementRow.receipt_id == ReceiptRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(BuyerRow, OrderRow.buyer_id == BuyerRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .join(MerchantRow, ProductRow.merchant_id == MerchantRow.id)
        .where(PlacementRow.container_id == c.id)
        .order_by(PlacementRow.step)
    )
    cartons = []
    for pl, r, ln, o, b, pr, m in s.execute(q):
        own = pid is None or (o.buyer_id == pid if p.buyer_code is not None else m.id == pid)
        base = dict(
            carton_id=pl.carton_id if own else f"#{pl.step}",
            step=pl.step,
            position_mm=[pl.x_mm, pl.y_mm, pl.z_mm],
            size_mm=[pl.length_mm, pl.width_mm, pl.height_mm],
            gross_g=r.gross_g,
            own=own,
        )
        if own:
            base.update(
                lot_no=r.lot_no,
                order_line=ln.ref,
                order_no=o.order_no,
                merchant=m.code,
                merchant_name_zh=m.name_zh,
                merchant_name_en=m.name_en,
                buyer=b.code,
                drop=drops.get(b.id),
                product_zh=pr.name_zh,
                product_en=pr.name_en,
                hs_code=pr.hs_code,
            )
        cartons.append(CartonDetail(**base))  # type: ignore[arg-type]
    if pid is not None and not any(x.own for x in cartons):
        raise NotVisible(f"no container {shipment_ref}/{seq}")
    item = _container_items([(c, ref, cur)])[0]
    row = s.get(ContainerBalanceRow, c.id)
    bal = None if row is None else stored_balance(row)
    balance = (
        None
        if bal is None
        else ContainerBalance(
            [bal.cog_x_mm, bal.cog_y_mm, bal.cog_z_mm],
            bal.offset_length,
            bal.offset_width,
            bal.within_tolerance,
            [bal.shift_x_mm, bal.shift_y_mm],
            bal.reason,
        )
    )
    # freight shares: staff see every buyer's, a buyer their own, a merchant none
    shares = [
        FreightShare(r.buyer_code, str(r.revenue_tons), str(r.amount), cur)
        for r in s.scalars(
            select(CostShareRow)
            .where(CostShareRow.container_id == c.id)
            .order_by(CostShareRow.buyer_code)
        )
        if p.is_staff or (p.buyer_code is not None and r.buyer_code == p.buyer_code)
    ]
    return LoadPlan(
        ref,
        destination,
        c.seq,
        c.container_type,
        _inner_mm(uow, c.container_type),
        item.volume_utilisation,
        item.weight_utilisation,
        cartons,
        balance,
        shares,
    )


# --- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldLot:
    lot_no: str
    order_line: str
    merchant: str
    shipment_ref: str
    cartons: int
    since: datetime
    reason: str


@dataclass(frozen=True)
class Dashboard:
    cutoffs: list[ShipmentItem]
    containers: int
    cartons: int
    unplaced_cartons: int
    volume_utilisation: float
    held: list[HeldLot]


def held_lots(uow: UnitOfWork, p: Principal) -> list[HeldLot]:
    s = uow.session
    pid = _party_id(uow, p)
    q = (
        select(LotStateRow, ReceiptRow, OrderLineRow.ref, MerchantRow.code, ShipmentRow.ref)
        .join(ReceiptRow, LotStateRow.receipt_id == ReceiptRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .join(MerchantRow, ProductRow.merchant_id == MerchantRow.id)
        .where(LotStateRow.state == "held")
        .order_by(ReceiptRow.lot_no)
    )
    if pid is not None:
        q = q.where(OrderLineRow.id.in_(_own_lines(p, pid)))
    out = []
    for st, r, line, m, ref in s.execute(q):
        reason = s.scalar(
            select(LotEventRow.reason)
            .where(LotEventRow.receipt_id == r.id, LotEventRow.to_state == "held")
            .order_by(LotEventRow.id.desc())
            .limit(1)
        )
        out.append(HeldLot(r.lot_no, line, m, ref, r.cartons, st.updated_at, reason or ""))
    return out


def dashboard(uow: UnitOfWork, p: Principal, now: datetime, days: int = 7) -> Dashboard:
    """The week's cut-offs with their containers, overall utilisation and the held lots."""
    everything = list_shipments(uow, p, MAX_LIMIT).items
    week = sorted(
        (x for x in everything if now <= x.cutoff <= now + timedelta(days=days)),
        key=lambda x: x.cutoff,
    )
    containers = list_containers(uow, p, MAX_LIMIT).items
    cap = sum(c.volume_utilisation for c in containers)
    return Dashboard(
        week,
        len(containers),
        sum(x.cartons for x in everything),
        sum(x.unplaced_cartons for x in everything),
        cap / len(containers) if containers else 0.0,
        held_lots(uow, p),
    )


@dataclass(frozen=True)
class UnplacedItem:
    lot_no: str
    order_line: str
    cartons: int
    reason: str


@dataclass(frozen=True)
class BoardShipment:
    shipment: ShipmentItem
    containers: list[ContainerItem]
    unplaced: list[UnplacedItem]
    lcl: list[LclItem] = field(default_factory=list)


@dataclass(frozen=True)
class LclItem:
    """A buyer's house bill shipped LCL (co-loaded) at the route's W/M tariff."""

    buyer: str
    lots: int
    cartons: int
    volume_mm3: int
    weight_g: int
    revenue_tons: Decimal
    charge: Decimal
    currency: str


@dataclass(frozen=True)
class BoardPage:
    rows: list[BoardShipment]
    total: int  # shipments matching the search
    offset: int
    limit: int

    @property
    def previous(self) -> int | None:
        return max(0, self.offset - self.limit) if self.offset else None

    @property
    def next(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


BOARD_PAGE = 25


def board(
    uow: UnitOfWork,
    p: Principal,
    search: str = "",
    offset: int = 0,
    limit: int = BOARD_PAGE,
) -> BoardPage:
    """The consolidation board: a page of shipments by cut-off (latest first), their containers,
    and what is unplaced and why. `search` matches the shipment ref, destination or country."""
    s = uow.session
    pid = _party_id(uow, p)
    q = select(
        ShipmentRow.id,
        ShipmentRow.ref,
        ShipmentRow.destination_country,
        ShipmentRow.destination,
        ShipmentRow.route,
        ShipmentRow.cutoff,
    )
    if pid is not None:
        q = q.where(ShipmentRow.id.in_(_own_shipments(p, pid)))
    if search.strip():
        like = f"%{search.strip().lower()}%"
        q = q.where(
            func.lower(ShipmentRow.ref).like(like)
            | func.lower(ShipmentRow.destination).like(like)
            | func.lower(ShipmentRow.destination_country).like(like)
        )
    total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
    offset, limit = max(0, offset), _limit(limit)
    page = s.execute(
        q.order_by(ShipmentRow.cutoff.desc(), ShipmentRow.id.desc()).offset(offset).limit(limit)
    ).all()
    ids = [r.id for r in page]
    ships = _shipment_items(uow, p, pid, page, contiguous=False)
    cq = _containers_query().where(PlanRow.shipment_id.in_(ids)).order_by(PlannedContainerRow.seq)
    by_ref: dict[str, list[ContainerItem]] = {}
    for c in _container_items([(c, ref, cur) for c, ref, cur in s.execute(cq)]):
        by_ref.setdefault(c.shipment_ref, []).append(c)
    unplaced: dict[str, list[UnplacedItem]] = {}
    uq = (
        select(UnplacedRow, ShipmentRow.ref, OrderLineRow.ref, ReceiptRow.lot_no)
        .join(PlanRow, UnplacedRow.plan_id == PlanRow.id)
        .join(ShipmentRow, PlanRow.shipment_id == ShipmentRow.id)
        .join(OrderLineRow, UnplacedRow.order_line_id == OrderLineRow.id)
        .outerjoin(ReceiptRow, UnplacedRow.receipt_id == ReceiptRow.id)
        .where(PlanRow.shipment_id.in_(ids))
        .order_by(UnplacedRow.id)
    )
    for u, ref, line, lot in s.execute(uq):
        unplaced.setdefault(ref, []).append(
            UnplacedItem(lot or f"{line} (not received)", line, u.cartons, u.reason)
        )
    lcl: dict[str, dict[str, LclItem]] = {}
    lq = (
        select(LclLotRow, ShipmentRow.ref, PlanRow.freight_currency)
        .join(PlanRow, LclLotRow.plan_id == PlanRow.id)
        .join(ShipmentRow, PlanRow.shipment_id == ShipmentRow.id)
        .where(PlanRow.shipment_id.in_(ids))
        .order_by(LclLotRow.buyer_code, LclLotRow.id)
    )
    for row, ref, cur in s.execute(lq):
        if p.buyer_code is not None and row.buyer_code != p.buyer_code:
            continue
        seen = lcl.setdefault(ref, {}).get(row.buyer_code)
        lcl[ref][row.buyer_code] = LclItem(
            row.buyer_code,
            (seen.lots if seen else 0) + 1,
            (seen.cartons if seen else 0) + row.cartons,
            row.buyer_volume_mm3,
            row.buyer_weight_g,
            row.buyer_revenue_tons,
            row.buyer_charge,  # the buyer's charge is on each of its lot rows
            cur,
        )
    rows = [
        BoardShipment(
            x,
            by_ref.get(x.ref, []),
            unplaced.get(x.ref, []),
            list(lcl.get(x.ref, {}).values()),
        )
        for x in ships
    ]
    return BoardPage(rows, total, offset, limit)


# --- tracking and a merchant's lines ----------------------------------------------------------


@dataclass(frozen=True)
class TrackingEvent:
    at: datetime
    kind: str  # ordered, received, held, released, inspected, loaded, planned, cutoff
    order_no: str
    detail: str
    future: bool = False


def tracking(uow: UnitOfWork, p: Principal, buyer_code: str, now: datetime) -> list[TrackingEvent]:
    """A buyer's orders as a timeline: placed, received, customs events, planned, cut-off."""
    if not p.is_staff and p.buyer_code != buyer_code:
        raise NotVisible(f"no buyer {buyer_code}")
    s = uow.session
    bid = s.scalar(select(BuyerRow.id).where(BuyerRow.code == buyer_code))
    if bid is None:
        raise NotVisible(f"no buyer {buyer_code}")
    out: list[TrackingEvent] = []
    orders = s.execute(
        select(OrderRow, ShipmentRow)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .where(OrderRow.buyer_id == bid)
    ).all()
    for o, sh in orders:
        out.append(TrackingEvent(o.placed_at, "ordered", o.order_no, sh.ref))
        out.append(
            TrackingEvent(
                sh.cutoff, "cutoff", o.order_no, f"{sh.ref} → {sh.destination}", sh.cutoff > now
            )
        )
        plan = s.scalar(select(PlanRow).where(PlanRow.shipment_id == sh.id))
        if plan is not None:
            types = ", ".join(c.container_type for c in plan.containers)
            out.append(TrackingEvent(plan.created_at, "planned", o.order_no, f"{sh.ref}: {types}"))
    receipts = s.execute(
        select(ReceiptRow, OrderRow.order_no)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .where(OrderRow.buyer_id == bid)
    ).all()
    for r, order_no in receipts:
        out.append(TrackingEvent(r.received_at, "received", order_no, f"{r.lot_no} × {r.cartons}"))
    events = s.execute(
        select(LotEventRow, ReceiptRow.lot_no, OrderRow.order_no)
        .join(ReceiptRow, LotEventRow.receipt_id == ReceiptRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .where(OrderRow.buyer_id == bid)
    ).all()
    for e, lot, order_no in events:
        detail = f"{lot}: {e.reason}" if e.reason else lot
        out.append(TrackingEvent(e.at, e.to_state, order_no, detail))
    return sorted(out, key=lambda e: (e.at, e.order_no))


@dataclass(frozen=True)
class MerchantLine:
    order_line: str
    shipment_ref: str
    sku: str
    product_zh: str
    product_en: str
    quantity: int
    cartons: int
    received_cartons: int
    placed_cartons: int


@dataclass(frozen=True)
class MerchantPage:
    code: str
    name_zh: str
    name_en: str
    stall: str
    lines: list[MerchantLine]


def merchant_page(uow: UnitOfWork, p: Principal, code: str) -> MerchantPage:
    if not p.is_staff and p.merchant_code != code:
        raise NotVisible(f"no merchant {code}")
    s = uow.session
    m = s.scalar(select(MerchantRow).where(MerchantRow.code == code))
    if m is None:
        raise NotVisible(f"no merchant {code}")
    received = (
        select(ReceiptRow.order_line_id, func.sum(ReceiptRow.cartons).label("n"))
        .group_by(ReceiptRow.order_line_id)
        .subquery()
    )
    placed = (
        select(ReceiptRow.order_line_id, func.count(PlacementRow.id).label("n"))
        .join(PlacementRow, PlacementRow.receipt_id == ReceiptRow.id)
        .group_by(ReceiptRow.order_line_id)
        .subquery()
    )
    q = (
        select(OrderLineRow, ShipmentRow.ref, ProductRow, received.c.n, placed.c.n)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .outerjoin(received, received.c.order_line_id == OrderLineRow.id)
        .outerjoin(placed, placed.c.order_line_id == OrderLineRow.id)
        .where(ProductRow.merchant_id == m.id)
        .order_by(OrderLineRow.ref)
    )
    lines = [
        MerchantLine(
            ln.ref,
            ref,
            pr.sku,
            pr.name_zh,
            pr.name_en,
            ln.quantity,
            ln.cartons,
            int(rc or 0),
            int(pc or 0),
        )
        for ln, ref, pr, rc, pc in s.execute(q)
    ]
    return MerchantPage(m.code, m.name_zh, m.name_en, m.stall, lines)
