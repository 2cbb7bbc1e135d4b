from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinxiang.domain import Money
from pinxiang.settlement import (
    Account,
    AccountKind,
    JournalEntry,
    Ledger,
    LedgerError,
    UnbalancedEntry,
    UnknownAccount,
    credit,
    debit,
)

from .builders import eur, usd

DAY = date(2026, 11, 2)
CODES = ("bank:USD", "bank:EUR", "due:M1", "due:M2", "fx", "unapplied")


def ledger() -> Ledger:
    return Ledger.open(Account(c, c, AccountKind.LIABILITY) for c in CODES)


def test_a_balanced_entry_is_posted_and_moves_both_accounts() -> None:
    e = JournalEntry(
        "J1", DAY, "receipt", (debit("bank:USD", usd(100)), credit("due:M1", usd(100)))
    )
    book = ledger().post(e)
    assert book.balance("bank:USD", "USD") == usd(100)
    assert book.balance("due:M1", "USD") == usd(-100)


def test_an_unbalanced_entry_cannot_be_built_and_the_message_says_by_how_much() -> None:
    with pytest.raises(UnbalancedEntry) as err:
        JournalEntry("J1", DAY, "x", (debit("bank:USD", usd(100)), credit("due:M1", usd("99.99"))))
    assert str(err.value) == (
        "entry J1 does not balance in USD: debits minus credits = 0.01 USD; expected 0"
    )


def test_an_entry_must_balance_in_each_currency_on_its_own() -> None:
    with pytest.raises(UnbalancedEntry, match="does not balance in EUR"):
        JournalEntry("J1", DAY, "x", (debit("bank:EUR", eur(100)), credit("due:M1", usd(100))))


def test_the_ledger_refuses_an_unknown_account_and_names_it() -> None:
    e = JournalEntry("J1", DAY, "x", (debit("bank:JPY", usd(5)), credit("due:M1", usd(5))))
    with pytest.raises(UnknownAccount) as err:
        ledger().post(e)
    assert str(err.value).startswith(
        "entry J1 posts to unknown account(s) bank:JPY; open them first (known: bank:EUR, "
    )


def test_posting_returns_a_new_ledger_and_leaves_the_old_one_unchanged() -> None:
    before = ledger()
    e = JournalEntry("J1", DAY, "x", (debit("bank:USD", usd(5)), credit("due:M1", usd(5))))
    after = before.post(e)
    assert before.entries == () and after.entries == (e,)


def test_an_entry_id_cannot_be_posted_twice() -> None:
    e = JournalEntry("J1", DAY, "x", (debit("bank:USD", usd(5)), credit("due:M1", usd(5))))
    with pytest.raises(LedgerError, match="already posted"):
        ledger().post(e).post(e)


def test_a_reversal_keeps_the_original_and_cannot_be_repeated() -> None:
    e = JournalEntry("J1", DAY, "x", (debit("bank:USD", usd(5)), credit("due:M1", usd(5))))
    book = ledger().post(e).reverse("J1", "J1-R", DAY)
    assert [x.entry_id for x in book.entries] == ["J1", "J1-R"]
    assert book.entries[1].reverses == "J1"
    with pytest.raises(LedgerError, match="already reversed"):
        book.reverse("J1", "J1-R2", DAY)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)


@st.composite
def entries(draw: st.DrawFn, entry_id: str) -> JournalEntry:
    """A random balanced entry: random debits in 1-2 currencies, each offset by random credits."""
    postings = []
    for ccy in draw(st.sets(st.sampled_from(["USD", "EUR", "CNY"]), min_size=1, max_size=2)):
        debits = draw(st.lists(amounts, min_size=1, max_size=3))
        for a in debits:
            postings.append(debit(draw(st.sampled_from(CODES)), Money(a, ccy)))
        total = sum(debits, Decimal(0))
        cut = draw(st.decimals(min_value=Decimal(0), max_value=total, places=2))
        for a in (cut, total - cut):
            if a > 0:
                postings.append(credit(draw(st.sampled_from(CODES)), Money(a, ccy)))
    return JournalEntry(entry_id, DAY, "random", tuple(postings))


@settings(max_examples=50)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=4, unique=True).flatmap(
    lambda ids: st.tuples(*(entries(f"J{i}") for i in ids))
))  # fmt: skip
def test_every_posted_entry_balances_and_so_does_the_whole_ledger(
    posted: tuple[JournalEntry, ...],
) -> None:
    book = ledger()
    for e in posted:
        book = book.post(e)
    assert all(total == 0 for e in book.entries for total in e.totals().values())
    per_ccy: dict[str, Decimal] = {}
    for (_, ccy), m in book.balances().items():
        per_ccy[ccy] = per_ccy.get(ccy, Decimal(0)) + m.amount
    assert all(v == 0 for v in per_ccy.values())


@settings(max_examples=50)
@given(entries("J1"), entries("J2"), st.booleans())
def test_reversing_an_entry_restores_every_balance(
    first: JournalEntry, second: JournalEntry, reverse_first: bool
) -> None:
    base = ledger().post(first)
    target = first.entry_id if reverse_first else second.entry_id
    book = base.post(second).reverse(target, "R", DAY)
    kept = second if reverse_first else first
    assert book.balances() == ledger().post(kept).balances()
