"""Read side: plans and shipments as the outputs, the CLI and the web pages show them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from pinxiang.domain import CartonPlacement, ContainerLoad, Money, Route, ShipmentPlan, UnplacedLot
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.tables import (
    BuyerRow,
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


@dataclass(frozen=True)
class LineInfo:
    """What a carton's order line says: for packing lists and the 3D view's details."""

    ref: str
    order_no: str
    buyer_code: str
    merchant_code: str
    merchant_name_zh: str
    merchant_name_en: str
    stall: str
    sku: str
    name_zh: str
    name_en: str
    hs_code: str
    quantity: int
    trade_unit: str
    units_per_carton: int
    cartons: int
    net_g: int
    unit_price: Money


@dataclass(frozen=True)
class ShipmentView:
    ref: str
    buyer_codes: tuple[str, ...]
    destination_country: str
    destination: str
    route: Route
    cutoff: datetime
    plan: ShipmentPlan | None
    freight: Money | None
    container_freight: tuple[Money, ...]
    lines: dict[str, LineInfo]


def shipments(uow: UnitOfWork) -> list[ShipmentView]:
    s = uow.session
    out = []
    rows = s.scalars(
        select(ShipmentRow).options(selectinload(ShipmentRow.buyers)).order_by(ShipmentRow.ref)
    ).all()
    buyer_codes = {b.id: b.code for b in s.scalars(select(BuyerRow))}
    for sh in rows:
        lines = _lines(uow, sh.id)
        plan_row = s.scalars(
            select(PlanRow)
            .where(PlanRow.shipment_id == sh.id)
            .options(
                selectinload(PlanRow.containers)
                .selectinload(PlannedContainerRow.placements)
                .selectinload(PlacementRow.receipt)
                .selectinload(ReceiptRow.order_line),
                selectinload(PlanRow.unplaced).selectinload(UnplacedRow.receipt),
            )
        ).one_or_none()
        plan = freight = None
        cfreight: tuple[Money, ...] = ()
        if plan_row is not None:
            plan, freight, cfreight = _plan(sh.ref, plan_row, lines, uow)
        out.append(
            ShipmentView(
                sh.ref,
                tuple(buyer_codes[b.buyer_id] for b in sh.buyers),
                sh.destination_country,
                sh.destination,
                Route(sh.route),
                sh.cutoff,
                plan,
                freight,
                cfreight,
                lines,
            )
        )
    return out


def _lines(uow: UnitOfWork, shipment_id: int) -> dict[str, LineInfo]:
    q = (
        select(OrderLineRow, OrderRow, BuyerRow, ProductRow, MerchantRow)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(BuyerRow, OrderRow.buyer_id == BuyerRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .join(MerchantRow, ProductRow.merchant_id == MerchantRow.id)
        .where(OrderRow.shipment_id == shipment_id)
        .order_by(OrderLineRow.ref)
    )
    out = {}
    for ln, o, b, p, m in uow.session.execute(q):
        out[ln.ref] = LineInfo(
            ln.ref,
            o.order_no,
            b.code,
            m.code,
            m.name_zh,
            m.name_en,
            m.stall,
            p.sku,
            p.name_zh,
            p.name_en,
            p.hs_code,
            ln.quantity,
            p.trade_unit,
            p.units_per_carton,
            ln.cartons,
            p.net_g,
            Money(ln.unit_price, ln.currency),
        )
    return out


def container_load(
    ref: str,
    c: PlannedContainerRow,
    merchant_of: Callable[[ReceiptRow], str],
    buyer_of: Callable[[ReceiptRow], str],
) -> ContainerLoad:
    """A stored container as the domain's ContainerLoad (placements in loading order)."""
    placements = tuple(
        CartonPlacement(
            p.carton_id,
            p.receipt.lot_no,
            p.receipt.order_line.ref,
            merchant_of(p.receipt),
            buyer_of(p.receipt),
            p.x_mm,
            p.y_mm,
            p.z_mm,
            p.length_mm,
            p.width_mm,
            p.height_mm,
            p.orientation,
            p.receipt.gross_g,
            p.step,
        )
        for p in c.placements
    )
    return ContainerLoad(
        ref, c.seq, c.container_type, placements, c.inner_volume_mm3, c.max_payload_g
    )


def unplaced_lots(uow: UnitOfWork, row: PlanRow) -> tuple[UnplacedLot, ...]:
    """A stored plan's unplaced lots; lines never received are named by their order line."""
    missing = [u.order_line_id for u in row.unplaced if u.receipt is None]
    q = select(OrderLineRow.id, OrderLineRow.ref).where(OrderLineRow.id.in_(missing))
    refs: dict[int, str] = {i: r for i, r in uow.session.execute(q)} if missing else {}
    return tuple(
        UnplacedLot(
            u.receipt.lot_no if u.receipt else f"{refs[u.order_line_id]} (not received)",
            u.cartons,
            u.reason,
        )
        for u in row.unplaced
    )


def _plan(
    ref: str, row: PlanRow, lines: dict[str, LineInfo], uow: UnitOfWork
) -> tuple[ShipmentPlan, Money, tuple[Money, ...]]:
    def merchant_of(r: ReceiptRow) -> str:
        return lines[r.order_line.ref].merchant_code

    def buyer_of(r: ReceiptRow) -> str:
        return lines[r.order_line.ref].buyer_code

    loads = tuple(container_load(ref, c, merchant_of, buyer_of) for c in row.containers)
    cur = row.freight_currency
    return (
        ShipmentPlan(ref, loads, unplaced_lots(uow, row)),
        Money(row.freight, cur),
        tuple(Money(c.freight, cur) for c in row.containers),
    )


def counts(uow: UnitOfWork) -> dict[str, int]:
    s = uow.session
    tables = {
        "merchants": MerchantRow,
        "buyers": BuyerRow,
        "shipments": ShipmentRow,
        "products": ProductRow,
        "orders": OrderRow,
        "order_lines": OrderLineRow,
        "receipts": ReceiptRow,
        "shipment_buyers": ShipmentBuyerRow,
        "plans": PlanRow,
        "containers": PlannedContainerRow,
        "placements": PlacementRow,
    }
    return {k: s.scalar(select(func.count()).select_from(t)) or 0 for k, t in tables.items()}
