from __future__ import annotations

from datetime import date
from decimal import Decimal

from pinxiang.domain import Money
from pinxiang.settlement import (
    Allocation,
    Conversion,
    Payout,
    allocate,
    buyer_statement,
    collected_by_line,
    merchant_statement,
)

from .builders import line, receipt, usd

D1, D2 = "290820261000000101", "290820261000000102"
LINES = [
    line("L1", "6000.00", "M-TOYS", D1),
    line("L2", "4000.00", "M-BAGS", D1),
    line("L3", "1000.00", "M-TOYS", D2, export_date=date(2026, 10, 25)),
]
END = date(2026, 11, 30)


def allocations() -> list[Allocation]:
    first = allocate(receipt("5000.00", "R1", on=date(2026, 11, 2)), LINES[:2])
    second = allocate(receipt("1100.00", "R2", on=date(2026, 11, 3)), LINES[2:])
    return [first, second]


def test_a_merchant_statement_shows_sold_collected_paid_out_and_outstanding() -> None:
    cny = Conversion(usd("2000.00"), Money.of("14200.00", "CNY"), Decimal("7.1"), "bank rate",
                     date(2026, 11, 5))  # fmt: skip
    payout = Payout("M-TOYS", usd("2000.00"), date(2026, 11, 5), "PAY-1", cny)
    got = merchant_statement("M-TOYS", LINES, allocations(), [payout], END)
    assert [(ln.list_line_ref, ln.collected, ln.outstanding) for ln in got.lines] == [
        ("L1", usd("3000.00"), usd("3000.00")), ("L3", usd("1000.00"), usd(0)),
    ]  # fmt: skip
    t = got.totals[0]
    assert (t.sold, t.collected, t.paid_out, t.outstanding, t.held) == (
        usd("7000.00"), usd("4000.00"), usd("2000.00"), usd("3000.00"), usd("2000.00"),
    )  # fmt: skip


def test_a_statement_as_of_an_earlier_date_leaves_out_later_receipts() -> None:
    got = merchant_statement("M-TOYS", LINES, allocations(), [], date(2026, 11, 2))
    assert got.totals[0].collected == usd("3000.00")


def test_a_buyer_statement_shows_invoiced_paid_and_open_per_declaration() -> None:
    done = allocations()
    assert collected_by_line(done)["L3"] == usd("1000.00")
    got = buyer_statement("B-ACME", LINES, done, END)
    assert [(ln.declaration_no, ln.invoiced, ln.paid, ln.open) for ln in got.lines] == [
        (D1, usd("10000.00"), usd("5000.00"), usd("5000.00")),
        (D2, usd("1000.00"), usd("1000.00"), usd(0)),
    ]
    t = got.totals[0]
    assert (t.invoiced, t.paid, t.open, t.over_collected) == (
        usd("11000.00"), usd("6000.00"), usd("5000.00"), usd("100.00"),
    )  # fmt: skip
    assert [p.receipt_key.split("|")[-1] for p in got.payments] == ["R1", "R2"]
