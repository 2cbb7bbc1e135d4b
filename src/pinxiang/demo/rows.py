"""A market day as workbook rows: the input of the workbook writer.

Keys and units follow `pinxiang.importing.schema.SHEETS` (lengths in cm and masses in kg as
Decimal, aware datetimes, bools, the route as its value, a shipment's buyers comma-separated,
HS codes as 10-digit strings). `pinxiang.demo` may not import `pinxiang.importing` (sibling
layers), so the keys are spelled out here and checked against the schema by the tests."""

from __future__ import annotations

from decimal import Decimal

from pinxiang.demo.generator import MarketDay
from pinxiang.domain.orders import OrderLine
from pinxiang.domain.products import Product
from pinxiang.domain.units import g_to_kg

Row = dict[str, object]


def mm_to_cm(mm: int) -> Decimal:
    """Whole millimetres as centimetres with one decimal (exact)."""
    return Decimal(mm).scaleb(-1)


def _line_no(line: OrderLine) -> int:
    return int(line.ref.rsplit("-", 1)[1])


def market_day_rows(md: MarketDay) -> dict[str, list[Row]]:
    """Rows for the sheets "merchants", "buyers", "shipments", "orders" and "receipts"."""
    products: dict[tuple[str, str], Product] = {(p.merchant_code, p.sku): p for p in md.products}
    out: dict[str, list[Row]] = {
        "merchants": [
            {
                "code": m.code,
                "name_zh": m.name_zh,
                "name_en": m.name_en,
                "market": m.market,
                "district": m.district,
                "stall": m.stall,
                "licence_id": m.licence_id,
                "individual": m.individual,
            }
            for m in md.merchants
        ],
        "buyers": [
            {
                "code": b.code,
                "name": b.name,
                "nationality": b.nationality,
                "id_document": b.id_document,
                "company": b.company,
                "country": b.country,
            }
            for b in md.buyers
        ],
        "shipments": [
            {
                "ref": s.ref,
                "buyers": ",".join(s.buyer_codes),
                "destination_country": s.destination_country,
                "destination": s.destination,
                "route": s.route.value,
                "cutoff": s.cutoff,
            }
            for s in md.shipments
        ],
        "orders": [],
        "receipts": [],
    }
    where: dict[str, tuple[str, int]] = {}
    for order in md.orders:
        for line in order.lines:
            p = products[line.merchant_code, line.sku]
            c, h = p.carton, p.handling
            n = _line_no(line)
            where[line.ref] = (order.order_no, n)
            out["orders"].append(
                {
                    "shipment": order.shipment_ref,
                    "buyer": order.buyer_code,
                    "order_no": order.order_no,
                    "line": n,
                    "merchant": line.merchant_code,
                    "sku": line.sku,
                    "name_zh": p.name_zh,
                    "name_en": p.name_en,
                    "hs_code": p.hs.code,
                    "elements": p.declared_elements,
                    "unit": p.trade_unit,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price.amount,
                    "currency": line.unit_price.currency,
                    "cartons": line.cartons,
                    "units_per_carton": p.units_per_carton,
                    "length_cm": mm_to_cm(c.length_mm),
                    "width_cm": mm_to_cm(c.width_mm),
                    "height_cm": mm_to_cm(c.height_mm),
                    "gross_kg": g_to_kg(c.gross_g),
                    "net_kg": g_to_kg(c.net_g),
                    "this_side_up": h.this_side_up,
                    "fragile": h.fragile,
                    "stackable": h.stackable,
                    "max_load_kg": (
                        None if h.max_load_on_top_g is None else g_to_kg(h.max_load_on_top_g)
                    ),
                }
            )
    for r in md.receipts:
        order_no, n = where[r.order_line_ref]
        m = r.measured
        out["receipts"].append(
            {
                "lot_no": r.lot_no,
                "order_no": order_no,
                "line": n,
                "cartons": r.cartons,
                "length_cm": mm_to_cm(m.length_mm),
                "width_cm": mm_to_cm(m.width_mm),
                "height_cm": mm_to_cm(m.height_mm),
                "gross_kg": g_to_kg(m.gross_g),
                "received_at": r.received_at,
                "location": r.location,
            }
        )
    return out
