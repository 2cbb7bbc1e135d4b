"""Settlement through the service layer on SQLite and PostgreSQL: statements in (all or nothing,
never twice), matching, allocation exact to the cent, FX at a recorded rate, reversals, the review
queue, and the documents out."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pinxiang.bootstrap import App
from pinxiang.domain import Money
from pinxiang.persistence.settlement_tables import (
    AllocationRow,
    BankReceiptRow,
    JournalEntryRow,
    PostingRow,
)
from pinxiang.services import settlement as settle
from pinxiang.settlement import Rate, StatementError, collectable_by_declaration

USD_ACCT = "33050161234500000789"
EUR_ACCT = "33050161234500000456"
PAID = date(2026, 12, 12)


def pay(app: App, now: datetime, amount: str, info: str, ref: str = "ZJB1", ccy: str = "USD"):
    account = USD_ACCT if ccy == "USD" else EUR_ACCT
    return settle.record_receipt(
        app.new_uow, account, PAID, Money.of(amount, ccy), ref, now, "Gulf Bazaar LLC", "AE", info
    )


def rows_of(app: App) -> dict[str, int]:
    with app.new_uow() as uow:
        return {
            t.__tablename__: uow.session.scalar(select(func.count()).select_from(t)) or 0
            for t in (BankReceiptRow, JournalEntryRow, PostingRow, AllocationRow)
        }


def statement(tmp_path: Path, closing: str = "900.00") -> Path:
    p = tmp_path / "usd.csv"
    p.write_text(
        "record,account,date,reference,amount,currency,payer_name,payer_country,remittance_info\n"
        f"opening,{USD_ACCT},2026-12-01,,0.00,USD,,,\n"
        f"entry,{USD_ACCT},2026-12-12,ZJB-0001,900.00,USD,Gulf Bazaar LLC,AE,PAY SH-T1-D01\n"
        f"closing,{USD_ACCT},2026-12-31,,{closing},USD,,,\n",
        encoding="utf-8",
    )
    return p


def balance(app: App, account: str, ccy: str = "USD") -> Decimal:
    with app.new_uow() as uow:
        return settle.ledger(uow).balance(account, ccy).amount


def test_a_statement_imported_twice_adds_nothing(
    declared: App, tmp_path: Path, now: datetime
) -> None:
    first = settle.import_statement(declared.new_uow, statement(tmp_path), USD_ACCT, now)
    after = rows_of(declared)
    again = settle.import_statement(declared.new_uow, statement(tmp_path), USD_ACCT, now)
    assert (len(first.new), len(again.new), again.known) == (1, 0, 1)
    assert rows_of(declared) == after
    assert balance(declared, f"bank:{USD_ACCT}") == Decimal("900.00")


def test_a_bad_statement_is_refused_with_the_parsers_message_and_changes_nothing(
    declared: App, tmp_path: Path, now: datetime
) -> None:
    before = rows_of(declared)
    with pytest.raises(StatementError, match=r"^usd\.csv: "):
        settle.import_statement(declared.new_uow, statement(tmp_path, "901.00"), USD_ACCT, now)
    with pytest.raises(StatementError, match="unknown account"):
        settle.import_statement(declared.new_uow, statement(tmp_path), EUR_ACCT, now)
    assert rows_of(declared) == before


def test_a_payment_spanning_two_shipments_is_split_exactly_over_both(
    declared: App, now: datetime
) -> None:
    pay(declared, now, "1380.00", "SHIPMENTS SH-T1 AND SH-T2")
    report = settle.match_and_allocate(declared.new_uow, now)
    assert len(report.allocated) == 1 and report.review == ()
    with declared.new_uow() as uow:
        [a] = settle.allocations(uow)
    assert {s.declaration_no for s in a.shares} == {"SH-T1-D01", "SH-T2-D01"}
    assert a.by_merchant() == {"M1": Money.of("1080.00", "USD"), "M2": Money.of("300.00", "USD")}
    assert balance(declared, "due:M1") == Decimal("-1080.00")
    assert balance(declared, "unapplied") == 0


def test_a_part_payment_is_allocated_by_what_remains_and_the_rest_stays_open(
    declared: App, now: datetime
) -> None:
    pay(declared, now, "500.00", "PART PAYMENT SH-T1-D01")
    settle.match_and_allocate(declared.new_uow, now)
    with declared.new_uow() as uow:
        [a] = settle.allocations(uow)
        recs = settle.receivables(uow)
    assert sorted(s.amount.amount for s in a.shares) == [
        Decimal("166.66"),
        Decimal("166.67"),
        Decimal("166.67"),
    ]
    assert collectable_by_declaration(recs, [a])["SH-T1-D01"] == Money.of("400.00", "USD")


def test_a_eur_payment_against_a_usd_declaration_keeps_the_bank_rate_beside_it(
    declared: App, now: datetime
) -> None:
    rate = Rate("EUR", "USD", Decimal("1.0850"), "bank rate ZJ Bank", PAID)
    settle.record_bank_rate(declared.new_uow, rate)
    pay(declared, now, "829.49", "PAYMENT SH-T1-D01", ccy="EUR")
    report = settle.match_and_allocate(declared.new_uow, now)
    assert len(report.allocated) == 1
    with declared.new_uow() as uow:
        row = uow.session.scalar(select(AllocationRow))
        assert row is not None
        stored = (row.received, row.received_currency, row.applied, row.applied_currency)
        assert stored == (Decimal("829.49"), "EUR", Decimal("900.00"), "USD")
        assert (row.rate, row.rate_source, row.rate_on) == (
            Decimal("1.085"),
            "bank rate ZJ Bank",
            PAID,
        )
    assert balance(declared, "fx", "EUR") == Decimal("-829.49")  # credit: EUR came in
    assert balance(declared, "fx", "USD") == Decimal("900.00")  # debit: USD went out to dues


def test_reversing_an_allocation_restores_the_balances(declared: App, now: datetime) -> None:
    pay(declared, now, "900.00", "PAYMENT SH-T1-D01")
    settle.match_and_allocate(declared.new_uow, now)
    with declared.new_uow() as uow:
        entry_id = uow.session.scalars(select(AllocationRow.entry_id)).one()
    assert balance(declared, "due:M1") == Decimal("-600.00")

    settle.reverse_entry(declared.new_uow, entry_id, now, "applied to the wrong buyer")
    assert balance(declared, "due:M1") == 0
    assert balance(declared, "unapplied") == Decimal("-900.00")
    with declared.new_uow() as uow:
        assert settle.allocations(uow) == []
        original = uow.session.scalar(
            select(JournalEntryRow).where(JournalEntryRow.entry_id == entry_id)
        )
        assert original is not None  # kept on record, never edited
    with pytest.raises(ValueError, match="is already reversed"):
        settle.reverse_entry(declared.new_uow, entry_id, now)
    again = settle.match_and_allocate(declared.new_uow, now)  # the receipt is open again
    assert len(again.allocated) == 1


def test_an_over_payment_waits_for_review_and_the_clerk_flags_the_excess(
    declared: App, now: datetime
) -> None:
    key, _ = pay(declared, now, "1000.00", "PAYMENT SH-T1-D01")
    report = settle.match_and_allocate(declared.new_uow, now)
    [match] = report.review
    assert any("over-collection" in r for r in match.reasons)
    with declared.new_uow() as uow:
        assert [r.key for r, _ in settle.review_queue(uow)] == [key]

    a = settle.allocate_reviewed(declared.new_uow, key, ["SH-T1-D01"], now)
    assert a.over_collected == Money.of("100.00", "USD")
    assert balance(declared, "over:B1") == Decimal("-100.00")
    with declared.new_uow() as uow:
        assert settle.review_queue(uow) == []


def test_the_vat_report_receipts_and_statements_are_written(
    declared: App, tmp_path: Path, now: datetime
) -> None:
    pay(declared, now, "900.00", "PAYMENT SH-T1-D01")
    settle.match_and_allocate(declared.new_uow, now)
    out = tmp_path / "out"
    receipts, allocations = settle.write_receipts_and_allocations(declared.new_uow, out)
    assert receipts.read_text().count("\n") == 2
    assert allocations.read_text().count("\n") == 4  # header + three shares
    xlsx, pdf = settle.vat_report(declared.new_uow, 2026, 12, out)
    assert xlsx.stat().st_size > 0 and pdf.read_bytes().startswith(b"%PDF")
    paths = settle.write_statements(declared.new_uow, date(2026, 12, 31), out)
    assert sorted(p.name for p in paths) == [
        "B1.pdf",
        "B1.xlsx",
        "M1.pdf",
        "M1.xlsx",
        "M2.pdf",
        "M2.xlsx",
    ]
