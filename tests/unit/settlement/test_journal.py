from __future__ import annotations

from datetime import date
from decimal import Decimal

from pinxiang.domain import Money
from pinxiang.settlement import (
    Conversion,
    Ledger,
    Payout,
    allocate,
    allocation_entry,
    chart,
    payout_entry,
    receipt_entry,
)

from .builders import bank_rate, eur, line, receipt, usd

EUR_ACCT, CNY_ACCT = "33050161234500000456", "33050161234500000999"


def test_eur_received_for_usd_lines_and_paid_out_in_cny_balances_in_every_currency() -> None:
    lines = [line("L1", "700.00", "M-TOYS"), line("L2", "300.00", "M-BAGS")]
    r = receipt(eur("1000.00"), account=EUR_ACCT)
    a = allocate(r, lines, rate=bank_rate("EUR", "USD", "1.05"))  # 1,050 USD for 1,000 open
    book = Ledger.open(chart([EUR_ACCT, CNY_ACCT], ["M-TOYS", "M-BAGS"], ["B-ACME"]))
    book = book.post(receipt_entry(r, "J1")).post(allocation_entry(a, "J2"))
    cny = Conversion(usd("700.00"), cny_("4970.00"), Decimal("7.1"), "bank rate", date(2026, 11, 5))
    book = book.post(payout_entry(Payout("M-TOYS", usd("700.00"), cny.on, "PAY-1", cny), "J3",
                                  CNY_ACCT))  # fmt: skip
    assert book.balances() == {
        ("bank:" + CNY_ACCT, "CNY"): cny_("-4970.00"),
        ("bank:" + EUR_ACCT, "EUR"): eur("1000.00"),
        ("due:M-BAGS", "USD"): usd("-300.00"),
        ("fx", "CNY"): cny_("4970.00"),
        ("fx", "EUR"): eur("-1000.00"),
        ("fx", "USD"): usd("350.00"),
        ("over:B-ACME", "USD"): usd("-50.00"),
    }


def cny_(amount: str) -> Money:
    return Money.of(amount, "CNY")


def test_reversing_an_allocation_puts_the_money_back_to_unapplied() -> None:
    r = receipt("100.00", account=EUR_ACCT)
    a = allocate(r, [line("L1", "100.00")])
    book = Ledger.open(chart([EUR_ACCT], ["M-TOYS"], ["B-ACME"]))
    book = book.post(receipt_entry(r, "J1")).post(allocation_entry(a, "J2"))
    book = book.reverse("J2", "J2-R", date(2026, 11, 3), "allocated to the wrong buyer")
    assert book.balance("unapplied", "USD") == usd("-100.00")
    assert book.balance("due:M-TOYS", "USD") == usd(0)
