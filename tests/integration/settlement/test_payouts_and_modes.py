"""Payouts to merchants and the FX collection modes through the service layer, on SQLite and
PostgreSQL: a payout above what is held is refused with nothing written, the same reference twice
pays once, statements show payouts, and a receipt the merchant collected in its own name (mode 3)
is allocated off the books with its personal-quota warning stored."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pinxiang.bootstrap import App
from pinxiang.domain import Money
from pinxiang.persistence.settlement_tables import AllocationRow, PayoutRow
from pinxiang.services import settlement as settle
from pinxiang.settlement import CollectionMode, QuotaLevel, QuotaPolicy
from tests.integration.settlement.test_settlement_service import (
    PAID,
    USD_ACCT,
    balance,
    pay,
    rows_of,
)

OWN_ACCT = "6228480012345678"  # merchant M1's own account (mode 3)


def snapshot(app: App) -> dict[str, int]:
    with app.new_uow() as uow:
        n = uow.session.scalar(select(func.count()).select_from(PayoutRow)) or 0
    return {**rows_of(app), "payouts": n}


@pytest.fixture
def allocated(declared: App, now: datetime) -> App:
    """USD 900.00 for SH-T1-D01 allocated: M1 600.00, M2 300.00 held by the operator."""
    pay(declared, now, "900.00", "PAYMENT SH-T1-D01")
    assert len(settle.match_and_allocate(declared.new_uow, now).allocated) == 1
    return declared


def test_a_payout_above_what_is_held_is_refused_and_writes_nothing(
    allocated: App, now: datetime
) -> None:
    before = snapshot(allocated)
    with pytest.raises(settle.SettlementRefused, match=r"600\.01 USD to M1 is more than is held"):
        settle.pay_out(allocated.new_uow, "M1", Money.of("600.01", "USD"), "PO-1", now)
    with pytest.raises(settle.SettlementRefused, match="unknown merchant 'M9'"):
        settle.pay_out(allocated.new_uow, "M9", Money.of("1.00", "USD"), "PO-1", now)
    assert snapshot(allocated) == before

    rep = settle.pay_out(allocated.new_uow, "M1", Money.of("600.00", "USD"), "PO-1", now)
    assert rep.added and rep.held_after == Money.zero("USD")
    assert balance(allocated, "due:M1") == 0
    assert balance(allocated, f"bank:{USD_ACCT}") == Decimal("300.00")
    with pytest.raises(settle.SettlementRefused, match="more than is held"):
        settle.pay_out(allocated.new_uow, "M1", Money.of("0.01", "USD"), "PO-2", now)


def test_a_payout_with_the_same_reference_twice_pays_once(allocated: App, now: datetime) -> None:
    first = settle.pay_out(allocated.new_uow, "M2", Money.of("120.00", "USD"), "PO-7", now)
    after = snapshot(allocated)
    again = settle.pay_out(allocated.new_uow, "M2", Money.of("120.00", "USD"), "PO-7", now)
    assert (first.added, again.added, again.entry_id) == (True, False, first.entry_id)
    assert snapshot(allocated) == after
    assert balance(allocated, "due:M2") == Decimal("-180.00")
    with pytest.raises(settle.SettlementRefused, match="PO-7 is already used"):
        settle.pay_out(allocated.new_uow, "M2", Money.of("100.00", "USD"), "PO-7", now)
    assert snapshot(allocated) == after


def test_the_merchant_statement_shows_payouts_and_what_is_still_held(
    allocated: App, now: datetime
) -> None:
    day = date(2026, 12, 20)
    settle.pay_out(allocated.new_uow, "M1", Money.of("250.00", "USD"), "PO-3", now, paid_on=day)
    with allocated.new_uow() as uow:
        st = settle.merchant_statement_of(uow, "M1", date(2026, 12, 31))
        early = settle.merchant_statement_of(uow, "M1", date(2026, 12, 19))
    [usd] = st.totals
    assert (usd.collected, usd.paid_out, usd.held) == (
        Money.of("600.00", "USD"),
        Money.of("250.00", "USD"),
        Money.of("350.00", "USD"),
    )
    assert [p.reference for p in st.payouts] == ["PO-3"]
    assert early.payouts == ()  # not yet paid on that day


def test_a_mode_3_receipt_is_allocated_off_the_books_with_a_quota_warning(
    declared: App, now: datetime
) -> None:
    policy = QuotaPolicy(annual_quota=Money.of("1000.00", "USD"), warn_ratio=Decimal("0.5"))
    journal = rows_of(declared)["journal_entries"]
    for amount, info, ref in (("600.00", "PAYMENT SH-T1-D01", "OWN1"), ("480.00", "SH-T2", "OWN2")):
        _, added = settle.record_receipt(
            declared.new_uow, OWN_ACCT, PAID, Money.of(amount, "USD"), ref, now,
            "Gulf Bazaar LLC", "AE", info, mode=CollectionMode.PRINCIPAL, collector="M1",
        )  # fmt: skip
        assert added
        report = settle.match_and_allocate(declared.new_uow, now, quota_policy=policy)
        assert len(report.allocated) == 1 and report.review == ()
        [q] = report.quota
        assert q.merchant_code == "M1"
    assert q.level is QuotaLevel.EXCEEDED and q.used == Money.of("1080.00", "USD")
    assert rows_of(declared)["journal_entries"] == journal  # nothing in the operator's books
    with declared.new_uow() as uow:
        allocs = settle.allocations(uow)
        warnings = settle.quota_warnings(uow)
        rows = uow.session.scalars(select(AllocationRow).order_by(AllocationRow.id)).all()
        assert [r.entry_id for r in rows] == [None, None]
    assert {s.merchant_code for a in allocs for s in a.shares} == {"M1"}
    assert {(a.mode, a.collector) for a in allocs} == {(CollectionMode.PRINCIPAL, "M1")}
    assert [w.split(":")[1].strip() for _, w in warnings] == [
        "nearing the 2026 personal FX quota",
        "over the 2026 personal FX quota",
    ]
    with pytest.raises(settle.SettlementRefused, match="more than is held"):
        settle.pay_out(declared.new_uow, "M1", Money.of("1.00", "USD"), "PO-9", now)


def test_a_mode_3_receipt_needs_a_known_collecting_merchant(declared: App, now: datetime) -> None:
    before = rows_of(declared)
    with pytest.raises(settle.SettlementRefused, match="collecting merchant's code"):
        settle.record_receipt(
            declared.new_uow, OWN_ACCT, PAID, Money.of("1.00", "USD"), "X", now,
            mode=CollectionMode.PRINCIPAL, collector="M9",
        )  # fmt: skip
    assert rows_of(declared) == before


def test_the_clerk_chooses_the_mode_when_allocating_from_the_review_queue(
    declared: App, now: datetime
) -> None:
    key, _ = pay(declared, now, "1000.00", "PAYMENT SH-T1-D01")  # over-paid: to review
    assert len(settle.match_and_allocate(declared.new_uow, now).review) == 1
    with pytest.raises(settle.SettlementRefused, match="cannot be swapped"):
        settle.allocate_reviewed(
            declared.new_uow, key, ["SH-T1-D01"], now,
            mode=CollectionMode.PRINCIPAL, collector="M1",
        )  # fmt: skip
    a = settle.allocate_reviewed(
        declared.new_uow, key, ["SH-T1-D01"], now, mode=CollectionMode.EXPORTER, collector="OP"
    )
    with declared.new_uow() as uow:
        [stored] = settle.allocations(uow)
    assert (a.mode, stored.mode, stored.collector) == (
        CollectionMode.EXPORTER,
        CollectionMode.EXPORTER,
        "OP",
    )


def test_a_mode_3_receipt_from_the_review_queue_stores_its_quota_warning(
    declared: App, now: datetime
) -> None:
    key, _ = settle.record_receipt(
        declared.new_uow, OWN_ACCT, PAID, Money.of("700.00", "USD"), "OWN3", now,
        "Gulf Bazaar LLC", "AE", "PAYMENT SH-T1-D01", mode=CollectionMode.PRINCIPAL,
        collector="M1",
    )  # fmt: skip
    policy = QuotaPolicy(annual_quota=Money.of("650.00", "USD"))
    assert len(settle.match_and_allocate(declared.new_uow, now, quota_policy=policy).review) == 1
    a = settle.allocate_reviewed(declared.new_uow, key, ["SH-T1-D01"], now, quota_policy=policy)
    assert a.by_merchant() == {"M1": Money.of("600.00", "USD")}
    assert a.over_collected == Money.of("100.00", "USD")
    with declared.new_uow() as uow:
        [(k, warning)] = settle.quota_warnings(uow)
    assert k == key and "over the 2026 personal FX quota: 700.00 USD of 650.00 USD" in warning
