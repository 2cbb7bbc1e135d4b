"""Bank receipts: inbound remittances from buyers, keyed so that importing twice adds nothing.

"Receipt" here is always a bank receipt (收汇), not a warehouse receipt of cartons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from pinxiang.domain.money import Money


class CollectionMode(Enum):
    """Who collects the FX, after 汇律发〔2025〕2号 (market procurement banking code, 2025)."""

    EXPORTER = "exporter"  # 1. the exporting entity collects in its own name
    DECLARING_AGENT = "declaring_agent"  # 2. the agent that declared collects in its own name
    PRINCIPAL = "principal"  # 3. the entrusting merchant collects in its own name


def receipt_key(account: str, value_date: date, amount: Money, reference: str) -> str:
    """Stable identity of a receipt: bank reference + account + value date + amount."""
    return (
        f"{account.strip()}|{value_date.isoformat()}|{amount.rounded().amount}"
        f"|{amount.currency}|{reference.strip()}"
    )


@dataclass(frozen=True)
class BankReceipt:
    """One inbound remittance credited to a collecting account."""

    key: str
    account: str
    value_date: date
    amount: Money
    reference: str  # the bank's reference for the entry
    payer_name: str = ""
    payer_country: str = ""  # ISO 3166 alpha-2 when the bank gives it
    remittance_info: str = ""  # free text from the payer: invoice, declaration or order refs
    source: str = "manual"  # where it came from: "manual" or "<file>: <line/element>"

    def __post_init__(self) -> None:
        if self.amount.amount <= 0:
            raise ValueError(f"receipt {self.reference}: amount must be positive")
        if not self.reference.strip():
            raise ValueError("a receipt needs the bank's reference")


def manual_receipt(
    account: str,
    value_date: date,
    amount: Money,
    reference: str,
    payer_name: str = "",
    payer_country: str = "",
    remittance_info: str = "",
) -> BankReceipt:
    """A receipt entered by hand, e.g. from a bank credit advice (入账通知)."""
    return BankReceipt(
        receipt_key(account, value_date, amount, reference),
        account.strip(),
        value_date,
        amount.rounded(),
        reference.strip(),
        payer_name.strip(),
        payer_country.strip().upper(),
        remittance_info.strip(),
    )


def new_receipts(
    known: Iterable[BankReceipt], incoming: Iterable[BankReceipt]
) -> list[BankReceipt]:
    """The receipts in `incoming` whose key is not yet known (nor repeated within `incoming`)."""
    seen = {r.key for r in known}
    out: list[BankReceipt] = []
    for r in incoming:
        if r.key not in seen:
            seen.add(r.key)
            out.append(r)
    return out
