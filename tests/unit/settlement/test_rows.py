from __future__ import annotations

from pinxiang.settlement import ALLOCATION_COLUMNS, allocate, allocation_rows, receipt_row

from .builders import bank_rate, eur, line, receipt


def test_allocation_rows_carry_the_rate_and_a_separate_over_collected_row() -> None:
    a = allocate(
        receipt(eur("100.00")), [line("L1", "100.00")], rate=bank_rate("EUR", "USD", "1.1")
    )
    rows = allocation_rows(a)
    assert [(r["kind"], r["amount"], r["currency"], r["rate"]) for r in rows] == [
        ("share", "100.00", "USD", "1.1"),
        ("over_collected", "10.00", "USD", "1.1"),
    ]
    assert list(rows[0]) == list(ALLOCATION_COLUMNS)
    assert rows[1]["rate_source"] == "bank rate ZJ Bank"


def test_an_unmatched_receipt_row_is_marked_for_review() -> None:
    row = receipt_row(receipt("5.00"))
    assert (row["needs_review"], row["reasons"]) == ("yes", "not matched yet")
