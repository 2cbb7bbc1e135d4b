"""Use case: the warehouse records cartons as they arrive, measured at the gate.

A receipt is a lot of one order line's cartons with their measured size and weight; what
differs from the merchant's declared carton beyond the tolerances is shown as a discrepancy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from pinxiang.domain.products import CartonSpec
from pinxiang.domain.receipts import Discrepancy, discrepancies
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.tables import (
    MerchantRow,
    OrderLineRow,
    OrderRow,
    ProductRow,
    ReceiptRow,
    ShipmentRow,
)

NewUow = Callable[[], UnitOfWork]


class ReceivingError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ReceiveCartons:
    order_line_ref: str
    cartons: int
    length_mm: int
    width_mm: int
    height_mm: int
    gross_g: int
    location: str = ""
    lot_no: str = ""  # chosen for you when empty


@dataclass(frozen=True)
class ExpectedLine:
    order_line_ref: str
    shipment_ref: str
    merchant_code: str
    sku: str
    name_zh: str
    name_en: str
    ordered_cartons: int
    received_cartons: int
    declared: CartonSpec

    @property
    def outstanding(self) -> int:
        return max(0, self.ordered_cartons - self.received_cartons)


@dataclass(frozen=True)
class RecordedReceipt:
    lot_no: str
    order_line_ref: str
    cartons: int
    measured: CartonSpec
    declared: CartonSpec
    received_at: datetime
    location: str
    discrepancies: tuple[Discrepancy, ...]


def _declared(p: ProductRow) -> CartonSpec:
    return CartonSpec(p.length_mm, p.width_mm, p.height_mm, p.gross_g, p.net_g)


def find_expected_lines(
    uow: UnitOfWork, search: str = "", outstanding_only: bool = True, limit: int = 100
) -> tuple[list[ExpectedLine], int]:
    """At most `limit` order lines for the receiving desk, outstanding first, and how many
    match. `search` matches the order line ref, the merchant code, the SKU or the shipment."""
    s = uow.session
    got = (
        select(ReceiptRow.order_line_id, func.sum(ReceiptRow.cartons).label("n"))
        .group_by(ReceiptRow.order_line_id)
        .subquery()
    )
    received = func.coalesce(got.c.n, 0)
    q = (
        select(OrderLineRow, ShipmentRow.ref, ProductRow, MerchantRow.code, received)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .join(ShipmentRow, OrderRow.shipment_id == ShipmentRow.id)
        .join(ProductRow, OrderLineRow.product_id == ProductRow.id)
        .join(MerchantRow, ProductRow.merchant_id == MerchantRow.id)
        .outerjoin(got, got.c.order_line_id == OrderLineRow.id)
    )
    if search.strip():
        like = f"%{search.strip().lower()}%"
        q = q.where(
            func.lower(OrderLineRow.ref).like(like)
            | func.lower(MerchantRow.code).like(like)
            | func.lower(ProductRow.sku).like(like)
            | func.lower(ShipmentRow.ref).like(like)
        )
    if outstanding_only:
        q = q.where(received < OrderLineRow.cartons)
    total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
    done = case((received >= OrderLineRow.cartons, 1), else_=0)
    rows = s.execute(q.order_by(done, OrderLineRow.ref).limit(max(1, limit)))
    lines = [
        ExpectedLine(
            ln.ref, ref, mcode, p.sku, p.name_zh, p.name_en, ln.cartons, int(n or 0), _declared(p)
        )
        for ln, ref, p, mcode, n in rows
    ]
    return lines, total


def _recorded(r: ReceiptRow) -> RecordedReceipt:
    declared = _declared(r.order_line.product)
    measured = CartonSpec(
        r.length_mm, r.width_mm, r.height_mm, r.gross_g, min(declared.net_g, r.gross_g)
    )
    return RecordedReceipt(
        r.lot_no,
        r.order_line.ref,
        r.cartons,
        measured,
        declared,
        r.received_at,
        r.location,
        tuple(discrepancies(declared, measured)),
    )


def recent_receipts(uow: UnitOfWork, limit: int = 20) -> list[RecordedReceipt]:
    rows = uow.session.scalars(
        select(ReceiptRow)
        .order_by(ReceiptRow.received_at.desc(), ReceiptRow.id.desc())
        .limit(limit)
    ).all()
    return [_recorded(r) for r in rows]


def record_receipt(new_uow: NewUow, cmd: ReceiveCartons, now: datetime) -> RecordedReceipt:
    """Store a lot as received now; raises ReceivingError naming the field at fault."""
    for name in ("cartons", "length_mm", "width_mm", "height_mm", "gross_g"):
        if getattr(cmd, name) <= 0:
            raise ReceivingError(name, f"{name} must be positive")
    with new_uow() as uow:
        s = uow.session
        line = s.scalar(select(OrderLineRow).where(OrderLineRow.ref == cmd.order_line_ref))
        if line is None:
            raise ReceivingError("order_line_ref", f"no order line {cmd.order_line_ref!r}")
        lot_no = cmd.lot_no.strip()
        if not lot_no:
            n = s.scalar(
                select(func.count())
                .select_from(ReceiptRow)
                .where(ReceiptRow.order_line_id == line.id)
            )
            lot_no = f"R-{line.ref}-{(n or 0) + 1}"
        if s.scalar(select(ReceiptRow.id).where(ReceiptRow.lot_no == lot_no)) is not None:
            raise ReceivingError("lot_no", f"lot {lot_no!r} is recorded already")
        row = ReceiptRow(
            lot_no=lot_no,
            order_line_id=line.id,
            cartons=cmd.cartons,
            length_mm=cmd.length_mm,
            width_mm=cmd.width_mm,
            height_mm=cmd.height_mm,
            gross_g=cmd.gross_g,
            received_at=now,
            location=cmd.location,
        )
        s.add(row)
        s.flush()
        out = _recorded(row)
        uow.commit()
    return out
