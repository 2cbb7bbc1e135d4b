from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pinxiang.settlement import Ledger, chart, new_receipts, parse_statement, receipt_entry

ACCOUNT = "33050161234500000123"
amounts = st.integers(min_value=-500_000, max_value=5_000_000).filter(bool)
entries = st.lists(
    st.tuples(st.integers(0, 27), amounts, st.sampled_from(["ZJB1", "ZJB2", "NONREF"])),
    min_size=1,
    max_size=8,
)


def mt940(rows: list[tuple[int, int, str]]) -> bytes:
    start = date(2026, 11, 1)
    total = sum(c for _, c, _ in rows)
    out = [":20:STMT", f":25:{ACCOUNT}", ":28C:1/1", ":60F:C261101USD0,00"]
    for day, cents, ref in rows:
        d = start + timedelta(days=day)
        mark = "C" if cents > 0 else "D"
        amount = f"{abs(cents) // 100},{abs(cents) % 100:02d}"
        out += [f":61:{d:%y%m%d}{mark}{amount}NTRF{ref}", ":86:/ORDP/ACME TRADING LLC/REMI/X"]
    mark = "C" if total >= 0 else "D"
    out.append(f":62F:{mark}261130USD{abs(total) // 100},{abs(total) % 100:02d}")
    return "\n".join(out).encode()


def csv(rows: list[tuple[int, int, str]]) -> bytes:
    head = "record,account,date,reference,amount,currency\n"
    body = "".join(
        f"entry,{ACCOUNT},{date(2026, 11, 1) + timedelta(days=d)},{ref},{Decimal(c) / 100},USD\n"
        for d, c, ref in rows
    )
    return (head + body).encode()


@settings(max_examples=40)
@given(entries, st.sampled_from([mt940, csv]))
def test_importing_a_statement_twice_adds_no_receipt_and_moves_no_balance(
    rows: list[tuple[int, int, str]], render: Callable[[list[tuple[int, int, str]]], bytes]
) -> None:
    data = render(rows)
    first = new_receipts([], parse_statement(data, name="s"))
    assert len(first) == sum(1 for _, c, _ in rows if c > 0)
    book = Ledger.open(chart([ACCOUNT], [], []))
    for i, r in enumerate(first):
        book = book.post(receipt_entry(r, f"J{i}"))
    again = new_receipts(first, parse_statement(data, name="s"))
    for i, r in enumerate(again):
        book = book.post(receipt_entry(r, f"K{i}"))
    assert again == []
    assert sum(b.amount for (a, _), b in book.balances().items() if a == f"bank:{ACCOUNT}") == sum(
        Decimal(c) / 100 for _, c, _ in rows if c > 0
    )
