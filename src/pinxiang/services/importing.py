"""Use case: import a forwarder's file. All or nothing; the same file twice adds nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pinxiang.importing.problems import ImportRejected
from pinxiang.importing.reader import read_file
from pinxiang.importing.validate import Batch, Known, validate
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.tables import (
    BuyerRow,
    ImportRow,
    MerchantRow,
    OrderLineRow,
    OrderRow,
    ProductRow,
    ReceiptRow,
    ShipmentBuyerRow,
    ShipmentRow,
)


@dataclass(frozen=True)
class ImportReport:
    file: str
    inserted: int
    updated: int
    unchanged: int
    by_table: dict[str, tuple[int, int, int]]  # table -> (inserted, updated, unchanged)


class _Tally:
    def __init__(self) -> None:
        self.by_table: dict[str, list[int]] = {}

    def count(self, table: str, outcome: int) -> None:
        self.by_table.setdefault(table, [0, 0, 0])[outcome] += 1


INSERTED, UPDATED, UNCHANGED = 0, 1, 2


def _apply(row: Any, values: dict[str, Any]) -> bool:
    """Set `values` on `row`; True when anything changed."""
    changed = False
    for k, v in values.items():
        if getattr(row, k) != v:
            setattr(row, k, v)
            changed = True
    return changed


def _upsert(
    uow: UnitOfWork, tally: _Tally, table: str, existing: Any, factory: type, values: dict[str, Any]
) -> Any:
    if existing is None:
        row = factory(**values)
        uow.session.add(row)
        tally.count(table, INSERTED)
        return row
    tally.count(table, UPDATED if _apply(existing, values) else UNCHANGED)
    return existing


def known_refs(uow: UnitOfWork) -> Known:
    s = uow.session
    return Known(
        merchants=set(s.scalars(select(MerchantRow.code))),
        buyers=set(s.scalars(select(BuyerRow.code))),
        shipments=set(s.scalars(select(ShipmentRow.ref))),
        order_lines={
            (o, n)
            for o, n in s.execute(
                select(OrderRow.order_no, OrderLineRow.line_no).join(OrderLineRow.order)
            )
        },
    )


def import_file(path: Path, new_uow: Callable[[], UnitOfWork], now: datetime) -> ImportReport:
    """Validate the whole file, then write it in one transaction.

    Raises ImportRejected (listing every problem with file, sheet, row and column) and writes
    nothing when any cell or reference is wrong."""
    raw = read_file(path)
    with new_uow() as uow:
        batch, problems = validate(raw, known_refs(uow), now)
        if problems:
            raise ImportRejected(problems)
        tally = _Tally()
        _write(uow, batch, tally, now)
        totals = [sum(v[i] for v in tally.by_table.values()) for i in range(3)]
        if totals[INSERTED] or totals[UPDATED]:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            uow.session.add(
                ImportRow(
                    sha256=digest,
                    filename=path.name,
                    imported_at=now,
                    inserted=totals[0],
                    updated=totals[1],
                    unchanged=totals[2],
                )
            )
        uow.commit()
    return ImportReport(
        path.name,
        totals[0],
        totals[1],
        totals[2],
        {k: (v[0], v[1], v[2]) for k, v in tally.by_table.items()},
    )


def _write(uow: UnitOfWork, batch: Batch, tally: _Tally, now: datetime) -> None:
    s = uow.session
    merchants = {r.code: r for r in s.scalars(select(MerchantRow))}
    for m in batch.merchants:
        merchants[m.code] = _upsert(
            uow,
            tally,
            "merchants",
            merchants.get(m.code),
            MerchantRow,
            dict(
                code=m.code,
                name_zh=m.name_zh,
                name_en=m.name_en,
                market=m.market,
                district=m.district,
                stall=m.stall,
                licence_id=m.licence_id,
                individual=m.individual,
            ),
        )
    buyers = {r.code: r for r in s.scalars(select(BuyerRow))}
    for b in batch.buyers:
        buyers[b.code] = _upsert(
            uow,
            tally,
            "buyers",
            buyers.get(b.code),
            BuyerRow,
            dict(
                code=b.code,
                name=b.name,
                nationality=b.nationality,
                id_document=b.id_document,
                company=b.company,
                country=b.country,
            ),
        )
    s.flush()
    shipments = {r.ref: r for r in s.scalars(select(ShipmentRow))}
    for sh in batch.shipments:
        row = _upsert(
            uow,
            tally,
            "shipments",
            shipments.get(sh.ref),
            ShipmentRow,
            dict(
                ref=sh.ref,
                destination_country=sh.destination_country,
                destination=sh.destination,
                route=sh.route.value,
                cutoff=sh.cutoff,
            ),
        )
        wanted = [buyers[c].id for c in sh.buyer_codes]
        if [b.buyer_id for b in row.buyers] != wanted:
            row.buyers = [
                ShipmentBuyerRow(buyer_id=bid, position=i) for i, bid in enumerate(wanted)
            ]
        shipments[sh.ref] = row
    s.flush()
    products = {(r.merchant.code, r.sku): r for r in s.scalars(select(ProductRow))}
    for p in batch.products:
        key = (p.merchant_code, p.sku)
        c, h = p.carton, p.handling
        products[key] = _upsert(
            uow,
            tally,
            "products",
            products.get(key),
            ProductRow,
            dict(
                merchant_id=merchants[p.merchant_code].id,
                sku=p.sku,
                name_zh=p.name_zh,
                name_en=p.name_en,
                hs_code=p.hs.code,
                hs_edition=p.hs.edition,
                declared_elements=p.declared_elements,
                trade_unit=p.trade_unit,
                units_per_carton=p.units_per_carton,
                length_mm=c.length_mm,
                width_mm=c.width_mm,
                height_mm=c.height_mm,
                gross_g=c.gross_g,
                net_g=c.net_g,
                this_side_up=h.this_side_up,
                fragile=h.fragile,
                stackable=h.stackable,
                max_load_on_top_g=h.max_load_on_top_g,
            ),
        )
    s.flush()
    orders = {r.order_no: r for r in s.scalars(select(OrderRow))}
    for o in batch.orders:
        existing = orders.get(o.order_no)
        values = dict(
            order_no=o.order_no,
            buyer_id=buyers[o.buyer_code].id,
            shipment_id=shipments[o.shipment_ref].id,
        )
        if existing is None:
            values["placed_at"] = now
        orders[o.order_no] = _upsert(uow, tally, "orders", existing, OrderRow, values)
    s.flush()
    lines = {r.ref: r for r in s.scalars(select(OrderLineRow))}
    for line in batch.lines:
        order_no, _, line_no = line.ref.rpartition("-")
        lines[line.ref] = _upsert(
            uow,
            tally,
            "order_lines",
            lines.get(line.ref),
            OrderLineRow,
            dict(
                ref=line.ref,
                order_id=orders[order_no].id,
                line_no=int(line_no),
                product_id=products[(line.merchant_code, line.sku)].id,
                quantity=line.quantity,
                unit_price=line.unit_price.amount,
                currency=line.unit_price.currency,
                cartons=line.cartons,
            ),
        )
    s.flush()
    receipts = {r.lot_no: r for r in s.scalars(select(ReceiptRow))}
    for rc in batch.receipts:
        meas = rc.measured
        _upsert(
            uow,
            tally,
            "receipts",
            receipts.get(rc.lot_no),
            ReceiptRow,
            dict(
                lot_no=rc.lot_no,
                order_line_id=lines[rc.order_line_ref].id,
                cartons=rc.cartons,
                length_mm=meas.length_mm,
                width_mm=meas.width_mm,
                height_mm=meas.height_mm,
                gross_g=meas.gross_g,
                received_at=rc.received_at,
                location=rc.location,
            ),
        )
    s.flush()
