"""What every statement reader shares: raw entries, the balance check and the error type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pinxiang.domain.money import Money, UnknownCurrency, check_currency
from pinxiang.settlement.receipts import BankReceipt, receipt_key


class StatementError(ValueError):
    """A statement file that cannot be imported; nothing from it is kept."""

    def __init__(self, file: str, where: str, problem: str) -> None:
        super().__init__(f"{file}: {where}: {problem}")
        self.file = file
        self.where = where
        self.problem = problem


@dataclass(frozen=True)
class RawEntry:
    where: str  # "line 7" or "Stmt[1]/Ntry[2] (line 41)"
    value_date: date
    amount: Money  # signed: credit > 0, debit < 0
    reference: str
    payer_name: str = ""
    payer_country: str = ""
    remittance_info: str = ""
    is_reversal: bool = False


@dataclass(frozen=True)
class RawBalance:
    where: str
    amount: Money  # signed: credit > 0


@dataclass(frozen=True)
class RawStatement:
    account: str
    account_where: str
    currency: str
    opening: RawBalance | None
    closing: RawBalance | None
    closing_missing_where: str  # where to point if a closing balance is missing
    closing_expected: str  # what a closing balance looks like in this format
    entries: tuple[RawEntry, ...]


def currency_or_error(file: str, where: str, code: str) -> str:
    try:
        return check_currency(code)
    except UnknownCurrency as e:
        raise StatementError(file, where, str(e)) from None


def decimal_or_error(file: str, where: str, text: str, example: str) -> Decimal:
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite():
        raise StatementError(
            file, where, f"amount {text!r} is not a number; expected e.g. {example}"
        )
    return value


def to_receipts(
    file: str,
    statements: list[RawStatement],
    accounts: Collection[str] | Mapping[str, str] | None,
) -> list[BankReceipt]:
    """Check each statement (known account, its currency, opening + entries = closing) and turn its
    credits into receipts. Raises StatementError on the first problem."""
    receipts: list[BankReceipt] = []
    for st in statements:
        if accounts is not None:
            if st.account not in accounts:
                known = ", ".join(sorted(accounts)) or "none"
                raise StatementError(
                    file,
                    st.account_where,
                    f"unknown account {st.account!r}; expected one of: {known}",
                )
            if isinstance(accounts, Mapping):
                expected = check_currency(accounts[st.account])
                if expected != st.currency:
                    raise StatementError(
                        file,
                        st.account_where,
                        f"account {st.account} is held in {expected}, "
                        f"but the statement is in {st.currency}",
                    )
        for e in st.entries:
            if e.amount.currency != st.currency:
                raise StatementError(
                    file,
                    e.where,
                    f"entry in {e.amount.currency}; expected the statement currency {st.currency}",
                )
        if (st.opening is None) != (st.closing is None):
            if st.closing is None:
                raise StatementError(
                    file,
                    st.closing_missing_where,
                    f"statement ends without a closing balance (expected {st.closing_expected}); "
                    "the file looks truncated",
                )
            raise StatementError(
                file, st.closing.where, "closing balance without an opening balance"
            )
        if st.opening is not None and st.closing is not None:
            moved = sum((e.amount for e in st.entries), Money.zero(st.currency))
            expected_close = st.opening.amount + moved
            if expected_close != st.closing.amount:
                raise StatementError(
                    file,
                    st.closing.where,
                    f"unbalanced: opening {st.opening.amount} + entries {moved} = "
                    f"{expected_close}, but the closing balance is {st.closing.amount}",
                )
        seen: Counter[str] = Counter()
        for e in st.entries:
            if e.amount.amount <= 0 or e.is_reversal:
                continue  # debits and reversals are not receipts
            key = receipt_key(st.account, e.value_date, e.amount, e.reference)
            seen[key] += 1
            if seen[key] > 1:  # same ref, date and amount twice in one file: keep both, stably
                key = f"{key}#{seen[key]}"
            receipts.append(
                BankReceipt(
                    key,
                    st.account,
                    e.value_date,
                    e.amount,
                    e.reference,
                    e.payer_name,
                    e.payer_country,
                    e.remittance_info,
                    f"{file}: {e.where}",
                )
            )
    return receipts
