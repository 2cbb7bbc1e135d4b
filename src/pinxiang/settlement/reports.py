"""Statements of account: per merchant (sold, collected, paid out, outstanding) and per buyer
(invoiced, paid, open). Amounts are kept per currency; nothing is converted silently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pinxiang.domain.money import Money
from pinxiang.settlement.allocation import Allocation, collected_by_line
from pinxiang.settlement.receivables import Payout, Receivable


def _add(acc: dict[str, Money], m: Money) -> None:
    acc[m.currency] = acc[m.currency] + m if m.currency in acc else m


def _get(acc: dict[str, Money], ccy: str) -> Money:
    return acc.get(ccy, Money.zero(ccy))


@dataclass(frozen=True)
class MerchantLine:
    declaration_no: str
    list_line_ref: str
    export_date: date
    description: str
    sold: Money
    collected: Money

    @property
    def outstanding(self) -> Money:
        return self.sold - self.collected


@dataclass(frozen=True)
class MerchantTotals:
    currency: str
    sold: Money
    collected: Money
    paid_out: Money

    @property
    def outstanding(self) -> Money:
        """Sold but not yet collected from buyers."""
        return self.sold - self.collected

    @property
    def held(self) -> Money:
        """Collected for the merchant but not yet paid out to it."""
        return self.collected - self.paid_out


@dataclass(frozen=True)
class MerchantStatement:
    merchant_code: str
    as_of: date
    lines: tuple[MerchantLine, ...]
    payouts: tuple[Payout, ...]
    totals: tuple[MerchantTotals, ...]


def merchant_statement(
    merchant_code: str,
    receivables: Iterable[Receivable],
    allocations: Iterable[Allocation],
    payouts: Iterable[Payout],
    as_of: date,
) -> MerchantStatement:
    """What a merchant sold (its declared lines), what was collected for it, what was paid out
    to it and what is outstanding, up to and including `as_of`."""
    got = collected_by_line(a for a in allocations if a.on <= as_of)
    mine = sorted(
        (r for r in receivables if r.merchant_code == merchant_code and r.export_date <= as_of),
        key=lambda r: (r.export_date, r.declaration_no, r.list_line_ref),
    )
    lines = tuple(
        MerchantLine(
            r.declaration_no,
            r.list_line_ref,
            r.export_date,
            r.description,
            r.value,
            got.get(r.list_line_ref, Money.zero(r.value.currency)),
        )
        for r in mine
    )
    paid = tuple(
        sorted(
            (p for p in payouts if p.merchant_code == merchant_code and p.paid_on <= as_of),
            key=lambda p: (p.paid_on, p.reference),
        )
    )
    sold: dict[str, Money] = {}
    collected: dict[str, Money] = {}
    paid_out: dict[str, Money] = {}
    for ln in lines:
        _add(sold, ln.sold)
        _add(collected, ln.collected)
    for p in paid:
        _add(paid_out, p.amount)
    currencies = sorted(set(sold) | set(paid_out))
    totals = tuple(
        MerchantTotals(c, _get(sold, c), _get(collected, c), _get(paid_out, c)) for c in currencies
    )
    return MerchantStatement(merchant_code, as_of, lines, paid, totals)


@dataclass(frozen=True)
class BuyerLine:
    declaration_no: str
    export_date: date
    invoiced: Money
    paid: Money

    @property
    def open(self) -> Money:
        return self.invoiced - self.paid


@dataclass(frozen=True)
class BuyerPayment:
    receipt_key: str
    on: date
    received: Money
    applied: Money  # in the declaration currency
    over_collected: Money


@dataclass(frozen=True)
class BuyerTotals:
    currency: str
    invoiced: Money
    paid: Money  # applied to declarations
    over_collected: Money  # received beyond the declared value: to explain or refund

    @property
    def open(self) -> Money:
        return self.invoiced - self.paid


@dataclass(frozen=True)
class BuyerStatement:
    buyer_code: str
    as_of: date
    lines: tuple[BuyerLine, ...]
    payments: tuple[BuyerPayment, ...]
    totals: tuple[BuyerTotals, ...]


def buyer_statement(
    buyer_code: str,
    receivables: Iterable[Receivable],
    allocations: Iterable[Allocation],
    as_of: date,
) -> BuyerStatement:
    """What a buyer was invoiced (declared), paid and still owes per declaration, up to `as_of`."""
    theirs = [a for a in allocations if a.buyer_code == buyer_code and a.on <= as_of]
    got = collected_by_line(theirs)
    decls: dict[str, tuple[date, Money, Money]] = {}
    for r in receivables:
        if r.buyer_code != buyer_code or r.export_date > as_of:
            continue
        paid = got.get(r.list_line_ref, Money.zero(r.value.currency))
        if r.declaration_no in decls:
            d, inv, pd = decls[r.declaration_no]
            decls[r.declaration_no] = (min(d, r.export_date), inv + r.value, pd + paid)
        else:
            decls[r.declaration_no] = (r.export_date, r.value, paid)
    lines = tuple(
        BuyerLine(no, d, inv, pd)
        for no, (d, inv, pd) in sorted(decls.items(), key=lambda kv: (kv[1][0], kv[0]))
    )
    payments = tuple(
        BuyerPayment(a.receipt_key, a.on, a.received, a.applied, a.over_collected)
        for a in sorted(theirs, key=lambda a: (a.on, a.receipt_key))
    )
    invoiced: dict[str, Money] = {}
    paid_total: dict[str, Money] = {}
    over: dict[str, Money] = {}
    for ln in lines:
        _add(invoiced, ln.invoiced)
        _add(paid_total, ln.paid)
    for p in payments:
        _add(over, p.over_collected)
    currencies = sorted(set(invoiced) | set(over))
    totals = tuple(
        BuyerTotals(c, _get(invoiced, c), _get(paid_total, c), _get(over, c)) for c in currencies
    )
    return BuyerStatement(buyer_code, as_of, lines, payments, totals)
