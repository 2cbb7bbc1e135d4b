"""The demo market day: reproducible, realistic in size, consistent with the schema."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache

import pytest

from pinxiang.data import hs_catalogue
from pinxiang.demo import MarketDay, generate_market_day, market_day_rows
from pinxiang.demo.catalogue import DENSITY_BANDS, TRADES, VARIANTS
from pinxiang.demo.generator import SHANGHAI, uscc_check_char
from pinxiang.domain.parties import DISTRICTS
from pinxiang.domain.products import Product
from pinxiang.domain.receipts import discrepancies
from pinxiang.domain.shipments import Route
from pinxiang.importing.schema import SHEETS, Kind

SEEDS = (20261129, 1, 7, 42, 2027)


@cache
def day(seed: int = 20261129) -> MarketDay:
    return generate_market_day(seed)


def _products(md: MarketDay) -> dict[tuple[str, str], Product]:
    return {(p.merchant_code, p.sku): p for p in md.products}


def _lines(md: MarketDay) -> list[tuple[str, str, int, Product]]:
    """(shipment, line ref, cartons, product) for every order line."""
    prods = _products(md)
    return [
        (o.shipment_ref, ln.ref, ln.cartons, prods[ln.merchant_code, ln.sku])
        for o in md.orders
        for ln in o.lines
    ]


def test_same_seed_same_day_and_other_seed_other_day() -> None:
    assert generate_market_day(20261129) == day()
    assert generate_market_day(1) != day()
    assert generate_market_day(20261129, date(2026, 12, 2)) != day()


@pytest.mark.parametrize("seed", SEEDS)
def test_counts_are_those_of_a_market_day(seed: int) -> None:
    md = day(seed)
    assert 36 <= len(md.merchants) <= 44
    assert 6 <= len(md.buyers) <= 10
    cartons = sum(c for _, _, c, _ in _lines(md))
    assert 1200 <= cartons <= 2000
    assert 3 <= len({s.destination for s in md.shipments}) <= 5
    per_buyer = Counter(o.buyer_code for o in md.orders)
    assert set(per_buyer) == {b.code for b in md.buyers}
    assert all(5 <= n <= 15 for n in per_buyer.values())
    assert all(1 <= len(o.lines) <= 8 for o in md.orders)
    assert sum(len(o.lines) for o in md.orders) / len(md.orders) >= 3


@pytest.mark.parametrize("seed", SEEDS)
def test_cargo_gives_a_sensible_container_mix(seed: int) -> None:
    md = day(seed)
    cbm: dict[str, float] = {}
    for ref, _, cartons, p in _lines(md):
        cbm[ref] = cbm.get(ref, 0.0) + cartons * p.carton.volume_mm3 / 1e9
    big = [v for v in cbm.values() if v >= 60]
    small = [v for v in cbm.values() if v < 35]
    assert len(big) >= 2 and all(v <= 140 for v in big)
    assert len(small) >= 2 and all(v >= 1 for v in small)


def test_ids_are_unique() -> None:
    md = day()
    for values in (
        [m.code for m in md.merchants],
        [m.stall for m in md.merchants],
        [m.licence_id for m in md.merchants],
        [b.code for b in md.buyers],
        [s.ref for s in md.shipments],
        [o.order_no for o in md.orders],
        [ln.ref for o in md.orders for ln in o.lines],
        [r.lot_no for r in md.receipts],
        [(p.merchant_code, p.sku) for p in md.products],
    ):
        assert len(values) == len(set(values))


def test_merchants_look_like_yiwu_stalls() -> None:
    md = day()
    assert {m.district for m in md.merchants} == set(DISTRICTS)
    assert sum(m.individual for m in md.merchants) > len(md.merchants) / 2
    for m in md.merchants:
        assert m.name_zh.startswith("义乌市") and m.name_en.startswith("Yiwu ")
        assert m.market == "Yiwu International Trade City"
        assert m.stall.startswith(m.district[-1] + "-F")
        assert len(m.licence_id) == 18
        assert m.licence_id[:2] == ("92" if m.individual else "91")
        assert m.licence_id[-1] == uscc_check_char(m.licence_id[:17])


def test_every_hs_code_exists_in_the_catalogue() -> None:
    catalogue = hs_catalogue()
    codes = {t.hs8 for tr in TRADES for t in tr.templates}
    codes |= {p.hs.tariff8 for p in day().products}
    assert not [c for c in codes if c not in catalogue]
    assert all(p.hs.code.endswith("00") for p in day().products)


def test_template_cartons_are_plausible_for_their_kind() -> None:
    for trade in TRADES:
        for t in trade.templates:
            assert t.kind in DENSITY_BANDS
            low, high = DENSITY_BANDS[t.kind]
            cbm = t.carton_mm[0] * t.carton_mm[1] * t.carton_mm[2] / 1e9
            density = t.gross_g / 1000 / cbm
            assert low <= density <= high, (t.name_en, round(density))
            assert 0.02 <= cbm <= 0.25, (t.name_en, cbm)
            assert t.gross_g <= 25_000, t.name_en  # one person lifts it
            assert 0.8 * t.gross_g <= t.net_g < t.gross_g
            assert t.elements.startswith("3.")


def test_product_cartons_are_plausible_for_their_kind() -> None:
    kinds = {
        (t.hs8, t.name_en + ven): t.kind
        for tr in TRADES
        for t in tr.templates
        for _, ven in VARIANTS
    }
    densities = []
    for p in day().products:
        low, high = DENSITY_BANDS[kinds[p.hs.tariff8, p.name_en]]
        density = p.carton.gross_g / 1000 / (p.carton.volume_mm3 / 1e9)
        assert 0.85 * low <= density <= 1.2 * high, (p.name_en, density)
        densities.append(density)
    most = [d for d in densities if 50 <= d <= 400]
    assert len(most) >= 0.85 * len(densities)


def test_handling_marks() -> None:
    products = day().products
    upright = sum(p.handling.this_side_up for p in products) / len(products)
    assert 0.2 <= upright <= 0.5
    assert any(p.handling.fragile for p in products)
    assert any(not p.handling.stackable for p in products)
    assert any(p.handling.max_load_on_top_g for p in products)
    assert all(p.handling.this_side_up for p in products if p.handling.fragile)


def test_orders_prices_and_shipments() -> None:
    md = day()
    shipments = {s.ref: s for s in md.shipments}
    buyer_codes = {b.code for b in md.buyers}
    currencies = Counter(ln.unit_price.currency for o in md.orders for ln in o.lines)
    assert currencies.most_common(1)[0][0] == "USD" and {"CNY", "EUR"} <= set(currencies)
    for o in md.orders:
        assert o.buyer_code in shipments[o.shipment_ref].buyer_codes
        assert o.placed_at.date() < md.day
        for ln in o.lines:
            assert isinstance(ln.unit_price.amount, Decimal) and ln.unit_price.amount > 0
            assert ln.quantity == ln.cartons * md.product(ln.merchant_code, ln.sku).units_per_carton
    assert {c for s in md.shipments for c in s.buyer_codes} == buyer_codes
    assert len({s.route for s in md.shipments}) >= 2 and Route.RAIL_CHINA_EUROPE in {
        s.route for s in md.shipments
    }
    for s in md.shipments:
        assert s.cutoff.tzinfo == SHANGHAI
        assert 2 <= (s.cutoff.date() - md.day).days <= 6


def test_each_order_line_has_exactly_one_lot() -> None:
    md = day()
    lines = {ln.ref: ln for o in md.orders for ln in o.lines}
    per_line = Counter(r.order_line_ref for r in md.receipts)
    assert set(per_line) == set(lines) and set(per_line.values()) == {1}
    for r in md.receipts:
        assert r.cartons == lines[r.order_line_ref].cartons
        assert r.lot_no.startswith("YW261201-")
        local = r.received_at.astimezone(SHANGHAI)
        assert local.date() == md.day and time(8) <= local.time() <= time(18)
        assert r.location[0].isalpha() and r.location.count("-") == 2


@pytest.mark.parametrize("seed", SEEDS)
def test_about_five_percent_of_lots_are_out_of_tolerance(seed: int) -> None:
    md = day(seed)
    lines = {ln.ref: ln for o in md.orders for ln in o.lines}
    flagged = [
        r
        for r in md.receipts
        if discrepancies(
            md.product(lines[r.order_line_ref].merchant_code, lines[r.order_line_ref].sku).carton,
            r.measured,
        )
    ]
    assert 0.03 <= len(flagged) / len(md.receipts) <= 0.07
    noisy = [r for r in md.receipts if r not in flagged]
    declared = [md.product(lines[r.order_line_ref].merchant_code, lines[r.order_line_ref].sku)
                for r in noisy]  # fmt: skip
    assert any(d.carton != r.measured for d, r in zip(declared, noisy, strict=True))


def _kind_ok(kind: Kind, value: object) -> bool:
    if kind in (Kind.INT, Kind.POS_INT):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in (Kind.DECIMAL, Kind.POS_DECIMAL):
        return isinstance(value, Decimal) and (kind is Kind.DECIMAL or value > 0)
    if kind is Kind.BOOL:
        return isinstance(value, bool)
    if kind is Kind.DATETIME:
        return isinstance(value, datetime) and value.tzinfo is not None
    if kind is Kind.HS:
        return isinstance(value, str) and len(value) == 10 and value.isdigit()
    if kind is Kind.COUNTRY:
        return isinstance(value, str) and len(value) == 2 and value.isupper()
    if kind is Kind.ROUTE:
        return value in {r.value for r in Route}
    return isinstance(value, str) and value != ""  # TEXT, CURRENCY


def test_rows_match_the_workbook_schema() -> None:
    md = day()
    rows = market_day_rows(md)
    assert set(rows) == {s.key for s in SHEETS}
    for sheet in SHEETS:
        keys = {c.key for c in sheet.columns}
        assert rows[sheet.key], sheet.key
        for row in rows[sheet.key]:
            assert set(row) <= keys, set(row) - keys
            for col in sheet.columns:
                if col.required:
                    assert col.key in row, (sheet.key, col.key)
                value = row.get(col.key)
                if value is None and not col.required:
                    continue
                assert _kind_ok(col.kind, value), (sheet.key, col.key, value)
        ids = [tuple(r[k] for k in sheet.id_columns) for r in rows[sheet.key]]
        assert len(ids) == len(set(ids)), sheet.key
    assert len(rows["orders"]) == len(rows["receipts"]) == len(md.receipts)
    order_keys = {(r["order_no"], r["line"]) for r in rows["orders"]}
    assert {(r["order_no"], r["line"]) for r in rows["receipts"]} == order_keys
    first = rows["shipments"][0]
    assert first["buyers"] == ",".join(md.shipments[0].buyer_codes)
    assert first["route"] == md.shipments[0].route.value
    p = md.products[0]
    line = next(r for r in rows["orders"] if (r["merchant"], r["sku"]) == (p.merchant_code, p.sku))
    assert line["length_cm"] == Decimal(p.carton.length_mm) / 10
    assert line["gross_kg"] == Decimal(p.carton.gross_g) / 1000
