"""A double-entry ledger in exact Decimal money.

Postings carry signed amounts: positive is a debit, negative a credit. Every journal entry balances
in each currency on its own (a receipt in EUR applied to a USD receivable goes through an FX
clearing account, once per currency). Entries are immutable; a mistake is corrected by posting a
reversing entry, never by editing or deleting. `Ledger` is a value: `post` returns a new ledger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from types import MappingProxyType

from pinxiang.domain.money import Money


class LedgerError(ValueError):
    pass


class UnbalancedEntry(LedgerError):
    pass


class UnknownAccount(LedgerError):
    pass


class DuplicateEntry(LedgerError):
    pass


class AccountKind(Enum):
    ASSET = "asset"
    LIABILITY = "liability"
    INCOME = "income"
    EXPENSE = "expense"
    EQUITY = "equity"


@dataclass(frozen=True)
class Account:
    code: str
    name: str
    kind: AccountKind

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("an account needs a code")


@dataclass(frozen=True)
class Posting:
    """One line of a journal entry: `amount` > 0 debits the account, < 0 credits it."""

    account: str
    amount: Money

    def __post_init__(self) -> None:
        if self.amount.amount == 0:
            raise ValueError(f"posting to {self.account}: amount must not be zero")


def debit(account: str, amount: Money) -> Posting:
    return Posting(account, amount)


def credit(account: str, amount: Money) -> Posting:
    return Posting(account, -amount)


@dataclass(frozen=True)
class JournalEntry:
    """A balanced set of postings. Cannot be built unbalanced."""

    entry_id: str
    on: date
    memo: str
    postings: tuple[Posting, ...]
    reverses: str | None = None  # entry_id of the entry this one reverses

    def __post_init__(self) -> None:
        if not self.entry_id.strip():
            raise ValueError("a journal entry needs an id")
        if len(self.postings) < 2:
            raise UnbalancedEntry(f"entry {self.entry_id}: needs at least two postings")
        for ccy, total in sorted(self.totals().items()):
            if total != 0:
                raise UnbalancedEntry(
                    f"entry {self.entry_id} does not balance in {ccy}: debits minus credits "
                    f"= {total} {ccy}; expected 0"
                )

    def totals(self) -> dict[str, Decimal]:
        """Debits minus credits per currency (all zero for a valid entry)."""
        out: dict[str, Decimal] = defaultdict(Decimal)
        for p in self.postings:
            out[p.amount.currency] += p.amount.amount
        return dict(out)

    def reversal(self, entry_id: str, on: date, memo: str | None = None) -> JournalEntry:
        """The entry that undoes this one: same postings with opposite signs."""
        return JournalEntry(
            entry_id,
            on,
            memo if memo is not None else f"reversal of {self.entry_id}: {self.memo}",
            tuple(Posting(p.account, -p.amount) for p in self.postings),
            reverses=self.entry_id,
        )


@dataclass(frozen=True)
class Ledger:
    """Accounts and the entries posted to them, oldest first.

    `balance` and `balances` are O(number of postings)."""

    accounts: Mapping[str, Account] = field(default_factory=lambda: MappingProxyType({}))
    entries: tuple[JournalEntry, ...] = ()

    @classmethod
    def open(cls, accounts: Iterable[Account]) -> Ledger:
        chart: dict[str, Account] = {}
        for a in accounts:
            if a.code in chart:
                raise LedgerError(f"account {a.code} is defined twice")
            chart[a.code] = a
        return cls(MappingProxyType(chart))

    def with_account(self, account: Account) -> Ledger:
        if account.code in self.accounts:
            raise LedgerError(f"account {account.code} already exists")
        return Ledger(MappingProxyType({**self.accounts, account.code: account}), self.entries)

    def entry(self, entry_id: str) -> JournalEntry:
        for e in self.entries:
            if e.entry_id == entry_id:
                return e
        raise LedgerError(f"no journal entry {entry_id}")

    def post(self, entry: JournalEntry) -> Ledger:
        """A new ledger with `entry` appended; refuses unknown accounts and reused ids."""
        unknown = sorted({p.account for p in entry.postings} - set(self.accounts))
        if unknown:
            raise UnknownAccount(
                f"entry {entry.entry_id} posts to unknown account(s) {', '.join(unknown)}; "
                f"open them first (known: {', '.join(sorted(self.accounts)) or 'none'})"
            )
        ids = {e.entry_id for e in self.entries}
        if entry.entry_id in ids:
            raise DuplicateEntry(f"entry {entry.entry_id} is already posted")
        if entry.reverses is not None:
            if entry.reverses not in ids:
                raise LedgerError(
                    f"entry {entry.entry_id} reverses {entry.reverses}, which is not posted"
                )
            if any(e.reverses == entry.reverses for e in self.entries):
                raise LedgerError(f"entry {entry.reverses} is already reversed")
        return Ledger(self.accounts, (*self.entries, entry))

    def reverse(self, entry_id: str, new_id: str, on: date, memo: str | None = None) -> Ledger:
        """Correct a posted entry by posting its reversal (the original stays on record)."""
        return self.post(self.entry(entry_id).reversal(new_id, on, memo))

    def balance(self, account: str, currency: str) -> Money:
        """Debits minus credits on `account` in `currency`."""
        if account not in self.accounts:
            raise UnknownAccount(f"unknown account {account}")
        total = Money.zero(currency)
        for e in self.entries:
            for p in e.postings:
                if p.account == account and p.amount.currency == total.currency:
                    total = total + p.amount
        return total

    def balances(self) -> dict[tuple[str, str], Money]:
        """Non-zero balances keyed by (account, currency)."""
        out: dict[tuple[str, str], Money] = {}
        for e in self.entries:
            for p in e.postings:
                key = (p.account, p.amount.currency)
                out[key] = out[key] + p.amount if key in out else p.amount
        return {k: v for k, v in sorted(out.items()) if v.amount != 0}
