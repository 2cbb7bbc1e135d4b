"""Read side: plans and shipments as the outputs, the CLI and the web pages show them."""

from __future__ import annotations

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


def _plan(
    ref: str, row: PlanRow, lines: dict[str, LineInfo], uow: UnitOfWork
) -> tuple[ShipmentPlan, Money, tuple[Money, ...]]:
    loads = []
    for c in row.containers:
        placements = tuple(
            CartonPlacement(
                p.carton_id,
                p.receipt.lot_no,
                p.receipt.order_line.ref,
                lines[p.receipt.order_line.ref].merchant_code,
                lines[p.receipt.order_line.ref].buyer_code,
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
        loads.append(
            ContainerLoad(
                ref, c.seq, c.container_type, placements, c.inner_volume_mm3, c.max_payload_g
            )
        )
    line_refs = {ln.id: ln.ref for ln in uow.session.scalars(select(OrderLineRow))}
    unplaced = tuple(
        UnplacedLot(
            u.receipt.lot_no if u.receipt else f"{line_refs[u.order_line_id]} (not received)",
            u.cartons,
            u.reason,
        )
        for u in row.unplaced
    )
    cur = row.freight_currency
    return (
        ShipmentPlan(ref, tuple(loads), unplaced),
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
