"""The flow a service runs, end to end: statement -> receipts -> match -> allocate -> CSV rows."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from pinxiang.domain import Money
from pinxiang.settlement import (
    ALLOCATION_COLUMNS,
    RECEIPT_COLUMNS,
    Allocation,
    Receivable,
    allocate,
    allocation_rows,
    collected_by_line,
    match_receipt,
    new_receipts,
    parse_statement,
    receipt_row,
)

from .builders import ACCOUNTS, ACME, STATEMENTS

D1 = "290820261000000101"
LINES = [
    Receivable(D1, "B-ACME", "M-TOYS", "PO-ACME-1/1", Money.of("9000.00", "USD"),
               date(2026, 10, 20), "SH-7", "PO-ACME-1"),
    Receivable(D1, "B-ACME", "M-BAGS", "PO-ACME-1/2", Money.of("6000.50", "USD"),
               date(2026, 10, 20), "SH-7", "PO-ACME-1"),
]  # fmt: skip


def test_a_statement_is_recorded_matched_allocated_and_written_as_csv_rows(tmp_path: Path) -> None:
    done: list[Allocation] = []
    with (
        open(tmp_path / "receipts.csv", "w", newline="") as rf,
        open(tmp_path / "allocations.csv", "w", newline="") as af,
    ):
        receipts = csv.DictWriter(rf, RECEIPT_COLUMNS)
        allocations = csv.DictWriter(af, ALLOCATION_COLUMNS)
        receipts.writeheader()
        allocations.writeheader()
        fresh = new_receipts([], parse_statement(STATEMENTS / "good.sta", accounts=ACCOUNTS))
        for r in fresh:
            m = match_receipt(r, LINES, [ACME], collected=collected_by_line(done))
            receipts.writerow(receipt_row(r, m))
            if not m.needs_review:
                mine = [x for x in LINES if x.declaration_no in m.declaration_nos]
                done.append(allocate(r, mine, collected=collected_by_line(done)))
                allocations.writerows(allocation_rows(done[-1]))
    with open(tmp_path / "receipts.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["reference"], r["needs_review"]) for r in rows] == [
        ("ZJB2611020001", "no"),  # names the declaration; part payment from the buyer
        ("ZJB2611050007", "yes"),  # no reference and more than the 0.50 USD still open
    ]
    with open(tmp_path / "allocations.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["merchant_code"], r["amount"]) for r in rows] == [
        ("M-TOYS", "8999.70"),
        ("M-BAGS", "6000.30"),
    ]
