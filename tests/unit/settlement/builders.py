"""Builders with defaults, so a test states only what matters to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pinxiang.domain import Buyer, Merchant, Money
from pinxiang.settlement import BankReceipt, Rate, Receivable, manual_receipt

STATEMENTS = Path(__file__).resolve().parents[2] / "data" / "statements"
ACCOUNTS = {
    "33050161234500000123": "USD",
    "33050161234500000456": "EUR",
    "33050161234500000789": "USD",
}
DAY = date(2026, 11, 2)


def usd(amount: Decimal | str | int) -> Money:
    return Money.of(amount, "USD")


def eur(amount: Decimal | str | int) -> Money:
    return Money.of(amount, "EUR")


def merchant(code: str = "M-TOYS", individual: bool = True) -> Merchant:
    return Merchant(
        code, "义乌玩具", "Yiwu Toys", "Yiwu International Trade City", "District 1",
        "1-A-2031", "92330782MA2EXAMPLE", individual,
    )  # fmt: skip


ACME = Buyer("B-ACME", "Omar Haddad", "AE", "P1234567", "Acme Trading LLC", "AE")
MULLER = Buyer("B-MUL", "Jonas Müller", "DE", "C01X00T47", "Müller Handels GmbH", "DE")


def line(
    ref: str,
    value: Money | str,
    merchant_code: str = "M-TOYS",
    declaration_no: str = "290820261000000101",
    buyer_code: str = "B-ACME",
    export_date: date = date(2026, 10, 20),
    shipment_ref: str = "SH-7",
    order_no: str = "PO-ACME-1",
    agency_agreement: str = "AA-2026-001",
    description: str = "",
) -> Receivable:
    return Receivable(
        declaration_no, buyer_code, merchant_code, ref,
        value if isinstance(value, Money) else usd(value), export_date, shipment_ref, order_no,
        description or f"goods of {merchant_code}", agency_agreement,
    )  # fmt: skip


def receipt(
    amount: Money | str,
    reference: str = "ZJB0001",
    info: str = "",
    payer: str = "ACME TRADING LLC",
    on: date = DAY,
    account: str = "33050161234500000123",
) -> BankReceipt:
    money = amount if isinstance(amount, Money) else usd(amount)
    return manual_receipt(account, on, money, reference, payer, "AE", info)


def bank_rate(from_ccy: str, to_ccy: str, rate: str, on: date = DAY) -> Rate:
    return Rate(from_ccy, to_ccy, Decimal(rate), "bank rate ZJ Bank", on)
