from __future__ import annotations

from datetime import date
from decimal import Decimal

from pinxiang.settlement import vat_exempt_report

from .builders import eur, line, merchant, usd

RATES = {("USD", 2026, 10): Decimal("7.1"), ("EUR", 2026, 10): Decimal("7.7")}
OCT = date(2026, 10, 20)


def test_a_months_exports_are_filed_per_merchant_in_the_following_months_tax_period() -> None:
    lines = [
        line("L1", "6000.00", "M-TOYS", export_date=OCT),
        line("L2", "4000.00", "M-BAGS", export_date=OCT),
        line("L3", "1000.00", "M-TOYS", export_date=date(2026, 11, 1)),
    ]
    got = vat_exempt_report(lines, 2026, 10, merchants={"M-TOYS": merchant()})
    assert got.filing_period == "2026-11"
    assert [(m.merchant_code, m.merchant_name) for m in got.merchants] == [
        ("M-BAGS", ""), ("M-TOYS", "Yiwu Toys"),
    ]  # fmt: skip
    assert got.merchants[1].totals() == {"USD": usd("6000.00")}


def test_december_exports_are_filed_in_january_of_the_next_year() -> None:
    got = vat_exempt_report([line("L1", "1.00", export_date=date(2026, 12, 31))], 2026, 12)
    assert (got.filing_year, got.filing_month) == (2027, 1)


def test_with_customs_rates_every_line_carries_its_cny_value_and_the_rate_used() -> None:
    got = vat_exempt_report([line("L1", eur("100.00"), export_date=OCT)], 2026, 10,
                            customs_rates=RATES)  # fmt: skip
    conv = got.merchants[0].lines[0].value_cny
    assert conv is not None
    assert (conv.to_money.amount, conv.rate, conv.source) == (
        Decimal("770.00"), Decimal("7.7"), "customs monthly rate 2026-10",
    )  # fmt: skip
    assert got.merchants[0].total_cny is not None


def test_a_line_without_an_agency_agreement_and_a_declaration_over_the_cap_are_warned() -> None:
    lines = [
        line("L1", "100000.00", export_date=OCT, agency_agreement=""),
        line("L2", "50000.01", "M-BAGS", export_date=OCT),
    ]
    got = vat_exempt_report(lines, 2026, 10, customs_rates=RATES)
    assert got.warnings == (
        "M-TOYS: list line L1 has no written agency agreement on record (required when the "
        "export is entrusted to an operator)",
        "declaration 290820261000000101: 150,000.01 USD in this month's lines exceeds the "
        "150,000.00 USD cap of a 1039 declaration",
    )
