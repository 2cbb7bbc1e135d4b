"""Builders with defaults, so each test states only what matters to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from pinxiang.customs import (
    CustomsFxRates,
    Filing,
    FilingRegistry,
    ListLine,
    Role,
    Settlement,
    ShipmentInfo,
    TradeOperator,
    TransactionList,
)
from pinxiang.domain import Buyer, HsCode, Money

DEAL_DAY = date(2026, 11, 2)
DECLARED_ON = date(2026, 11, 20)
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

OPERATOR = TradeOperator(
    code="OP1",
    name="义乌市示例进出口有限公司",
    uscc="91330782MA2XXXXXX1",
    customs_code="3318960001",
)
BUYER = Buyer(
    code="B01",
    name="Omar Haddad",
    nationality="AE",
    id_document="P1234567",
    company="Haddad Trading LLC",
    country="AE",
)
BUYER2 = Buyer(
    code="B02",
    name="Ana Ruiz",
    nationality="ES",
    id_document="X7654321",
    company="Ruiz Importaciones SL",
    country="ES",
)
FX = CustomsFxRates("2026-11", {"USD": Decimal("7.1000"), "EUR": Decimal("7.7000")})
SHIPMENT = ShipmentInfo(
    shipment_ref="SH-2026-0001",
    declared_on=DECLARED_ON,
    trade_country="ARE",
    destination_country="ARE",
    destination_port="AEJEA",
    goods_place="Yiwu railway port consolidation warehouse",
)

# (HS code, Chinese name, English name, legal unit 1, legal unit 2)
GOODS: dict[str, tuple[str, str, str, str | None]] = {
    "9503008900": ("其他玩具", "toys", "035", None),
    "9503002100": ("玩具娃娃", "dolls", "007", "035"),
    "9503006000": ("智力玩具", "puzzles", "035", None),
    "9505900000": ("节日用品", "festive articles", "035", None),
    "6702100000": ("塑料制人造花", "plastic flowers", "035", None),
    "6702909000": ("其他人造花", "artificial flowers", "035", None),
    "7117190000": ("贱金属制仿首饰", "base-metal jewellery", "035", None),
    "7117900000": ("其他仿首饰", "imitation jewellery", "035", None),
    "4202220000": ("手提包", "handbags", "007", "035"),
    "4202120000": ("箱包", "trunks", "007", "035"),
    "8205510000": ("家用手工工具", "hand tools", "035", None),
    "9608100000": ("圆珠笔", "ball-point pens", "012", None),
    "9609101000": ("铅笔", "pencils", "012", None),
    "4820100000": ("笔记本", "notebooks", "035", None),
    "9506620000": ("充气球", "inflatable balls", "007", None),
    "6115950000": ("棉制短袜", "cotton socks", "025", "035"),
    "6115960000": ("合纤短袜", "synthetic socks", "025", "035"),
    "6302100000": ("针织床品", "knitted bed linen", "035", None),
    "6505009900": ("其他帽类", "hats", "007", "035"),
    "8708299000": ("车身零件", "body parts", "035", None),
    "6307900010": ("口罩", "masks", "035", None),
}


MERCHANTS = tuple(f"M{i:02d}" for i in range(1, 13))


def registry(
    merchants: Sequence[str] = MERCHANTS,
    buyers: Sequence[str] = ("B01", "B02"),
    valid_from: date = date(2025, 1, 1),
) -> FilingRegistry:
    filings = [Filing(Role.OPERATOR, "OP1", "OPF-1", "Yiwu Commerce Bureau", valid_from)]
    filings += [
        Filing(Role.MERCHANT, m, f"MF-{m}", "Yiwu Market Procurement Platform", valid_from)
        for m in merchants
    ]
    filings += [
        Filing(Role.BUYER, b, f"BF-{b}", "Yiwu Market Procurement Platform", valid_from)
        for b in buyers
    ]
    return FilingRegistry.of(filings)


def line(
    list_no: str = "L1",
    line_no: int = 1,
    hs: str = "9503008900",
    value: Decimal | int | str = 1000,
    *,
    currency: str = "USD",
    merchant: str = "M01",
    qty: Decimal | int = 100,
    net_g: int = 10_000,
    inspected: bool = False,
    dutiable: bool = False,
    name: str | None = None,
) -> ListLine:
    name_zh, name_en, unit1, unit2 = GOODS.get(hs, ("其他商品", "other goods", "035", None))
    trade_unit = "007"
    qty_d = Decimal(qty)
    qty1 = (Decimal(net_g) / 1000) if unit1 == "035" else qty_d
    qty2 = None if unit2 is None else Decimal(net_g) / 1000
    return ListLine(
        list_no=list_no,
        line_no=line_no,
        merchant_code=merchant,
        sku=f"{hs}-{line_no}",
        hs=HsCode(hs),
        name_zh=name or name_zh,
        name_en=name_en,
        elements="1.品牌类型:无品牌;2.出口享惠情况:不享惠",
        trade_qty=qty_d,
        trade_unit=trade_unit,
        qty1=qty1,
        unit1=unit1,
        qty2=qty2,
        unit2=unit2,
        value=Money.of(value, currency),
        packages=5,
        gross_g=net_g + 1000,
        net_g=net_g,
        inspected=inspected,
        dutiable=dutiable,
    )


def tlist(
    list_no: str,
    lines: Sequence[ListLine],
    *,
    merchant: str = "M01",
    buyer: Buyer = BUYER,
    settlement: Settlement = Settlement.BANK,
    currency: str = "USD",
) -> TransactionList:
    return TransactionList(
        list_no=list_no,
        merchant_code=merchant,
        buyer=buyer,
        operator_code="OP1",
        deal_date=DEAL_DAY,
        currency=currency,
        lines=tuple(lines),
        settlement=settlement,
    )


def simple_list(
    list_no: str,
    goods: Sequence[tuple[str, Decimal | int | str]],
    *,
    merchant: str = "M01",
    buyer: Buyer = BUYER,
    currency: str = "USD",
    settlement: Settlement = Settlement.BANK,
) -> TransactionList:
    """A list of (HS code, value) lines."""
    lines = [
        line(list_no, i, hs, v, currency=currency, merchant=merchant)
        for i, (hs, v) in enumerate(goods, start=1)
    ]
    return tlist(
        list_no, lines, merchant=merchant, buyer=buyer, settlement=settlement, currency=currency
    )
