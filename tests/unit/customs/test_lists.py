from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from pinxiang.customs import (
    SAMPLE_TARIFF,
    Filing,
    InvalidListLine,
    MissingBuyerIdentity,
    PartyNotOnFile,
    Role,
    Settlement,
    UnknownTariffCode,
    UnknownUnit,
    build_transaction_lists,
    order_line_index,
)
from pinxiang.domain import (
    CartonSpec,
    HsCode,
    InvalidHsCode,
    Money,
    OrderLine,
    Product,
    PurchaseOrder,
)

from .builders import BUYER, line, registry

CARTON = CartonSpec(600, 400, 400, gross_g=12_000, net_g=11_000)


def product(sku: str, hs: str, unit: str = "pcs", merchant: str = "M01") -> Product:
    return Product(
        sku=sku,
        merchant_code=merchant,
        name_zh="其他玩具",
        name_en="toys",
        hs=HsCode(hs),
        declared_elements="1.品牌类型:无品牌",
        trade_unit=unit,
        units_per_carton=48,
        carton=CARTON,
    )


PRODUCTS = {
    ("M01", "T1"): product("T1", "9503008900"),
    ("M01", "D1"): product("D1", "9503002100", unit="dozen"),
    ("M02", "S1"): product("S1", "6115950000", unit="pair", merchant="M02"),
}


def order(*lines: OrderLine, buyer: str = "B01", day: int = 2) -> PurchaseOrder:
    return PurchaseOrder(
        order_no="PO1",
        buyer_code=buyer,
        shipment_ref="SH-2026-0001",
        placed_at=datetime(2026, 11, day, 10, tzinfo=UTC),
        lines=lines,
    )


def oline(n: int, merchant: str, sku: str, qty: int = 480, cartons: int = 10) -> OrderLine:
    return OrderLine(
        ref=f"PO1-{n}",
        order_no="PO1",
        merchant_code=merchant,
        sku=sku,
        quantity=qty,
        unit_price=Money.of("1.25", "USD"),
        cartons=cartons,
    )


def build(*lines: OrderLine, **kw: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = {
        "products": PRODUCTS,
        "buyers": {"B01": BUYER},
        "tariff": SAMPLE_TARIFF,
        "registry": registry(),
        "operator_code": "OP1",
    }
    args.update(kw)
    return build_transaction_lists([order(*lines)], **args)  # type: ignore[arg-type]


def test_one_list_per_merchant_and_buyer_deal() -> None:
    lists = build(oline(1, "M01", "T1"), oline(2, "M02", "S1"), oline(3, "M01", "D1", qty=40))

    assert [(tl.list_no, len(tl.lines)) for tl in lists] == [("PO1-M01", 2), ("PO1-M02", 1)]
    assert all(tl.buyer == BUYER for tl in lists)
    assert lists[0].deal_date == date(2026, 11, 2)


def test_list_lines_keep_the_ten_digit_code_and_trade_and_legal_quantities() -> None:
    [m01, m02] = build(oline(1, "M01", "T1"), oline(2, "M02", "S1"), oline(3, "M01", "D1", qty=40))

    toys, dolls = m01.lines
    assert toys.hs.code == "9503008900"
    assert (toys.trade_qty, toys.trade_unit) == (Decimal(480), "007")
    assert (toys.qty1, toys.unit1) == (Decimal("110.000"), "035")  # kg = net weight
    assert toys.value == Money.of("600.00", "USD")
    assert (dolls.trade_unit, dolls.qty1, dolls.unit1) == ("127", Decimal(480), "007")
    assert (dolls.qty2, dolls.unit2) == (Decimal("110.000"), "035")
    socks = m02.lines[0]
    assert (socks.trade_unit, socks.qty1, socks.unit1) == ("025", Decimal(480), "025")


def test_cash_settlement_is_recorded_on_the_list() -> None:
    [tl] = build(oline(1, "M01", "T1"), settlements={"PO1": Settlement.CASH})
    assert tl.settlement is Settlement.CASH


def test_buyer_not_on_file_refuses_the_deal() -> None:
    with pytest.raises(PartyNotOnFile, match="order PO1: buyer 'B01' is not on file"):
        build(oline(1, "M01", "T1"), registry=registry(buyers=()))


def test_merchant_whose_filing_is_not_yet_valid_refuses_the_deal() -> None:
    with pytest.raises(PartyNotOnFile, match=r"merchant 'M01' has no filing valid on 2026-11-02"):
        late = Filing(Role.MERCHANT, "M01", "MF-M01", "platform", valid_from=date(2026, 12, 1))
        build(oline(1, "M01", "T1"), registry=registry(merchants=()).with_filing(late))


def test_operator_not_on_file_refuses_the_deal() -> None:
    with pytest.raises(PartyNotOnFile, match="operator 'OP9'"):
        build(oline(1, "M01", "T1"), operator_code="OP9")


def test_missing_buyer_identity_is_named() -> None:
    nameless = replace(BUYER, id_document=" ")
    with pytest.raises(MissingBuyerIdentity, match="buyer 'B01' lacks id_document"):
        build(oline(1, "M01", "T1"), buyers={"B01": nameless})


def test_unknown_unit_names_the_order_line() -> None:
    products = {("M01", "T1"): product("T1", "9503008900", unit="furlong")}
    with pytest.raises(UnknownUnit, match=r"order line PO1-1: unknown unit 'furlong'"):
        build(oline(1, "M01", "T1"), products=products)


def test_code_missing_from_the_tariff_is_named() -> None:
    products = {("M01", "T1"): product("T1", "9999999999")}
    with pytest.raises(UnknownTariffCode, match="9999999999 is not in the tariff"):
        build(oline(1, "M01", "T1"), products=products)


def test_invalid_hs_code_says_ten_digits_are_needed() -> None:
    with pytest.raises(InvalidHsCode, match="must be exactly 10 digits"):
        HsCode("95030089")


def test_unknown_product_is_named() -> None:
    with pytest.raises(InvalidListLine, match="unknown product M01/ZZ"):
        build(oline(1, "M01", "ZZ"))


def test_legal_quantity_without_a_sound_conversion_is_refused() -> None:
    products = {("M01", "T1"): product("T1", "6115950000", unit="set")}
    with pytest.raises(InvalidListLine, match="cannot derive the legal quantity in unit 025"):
        build(oline(1, "M01", "T1"), products=products)


def test_order_lines_map_to_their_list_lines() -> None:
    lists = build(oline(1, "M01", "T1"), oline(2, "M02", "S1"), oline(3, "M01", "D1", qty=40))
    assert order_line_index(lists) == {
        "PO1-1": "PO1-M01/1",
        "PO1-3": "PO1-M01/2",
        "PO1-2": "PO1-M02/1",
    }


def test_list_line_with_a_short_hs_code_is_refused() -> None:
    with pytest.raises(InvalidHsCode, match="'9503' must be exactly 10 digits"):
        line(hs="9503")
