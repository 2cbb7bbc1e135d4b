"""Allocate a receipt to merchants by the value of their lines, exact to the cent.

The receipt (converted at the bank's rate when its currency differs from the declarations') is
split over the still-collectable amount of every line of the matched declarations, in proportion
to that amount, by the largest remainder method. Splitting by what remains (not by the original
value) means partial payments in any order leave no line over- or under-paid by a cent once the
declarations are settled. Whatever exceeds what remains is not given to any merchant: it is kept
as `over_collected` and flagged, to be explained or refunded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pinxiang.domain.money import Money
from pinxiang.settlement.apportion import largest_remainder
from pinxiang.settlement.fx import Conversion, Rate, convert
from pinxiang.settlement.receipts import BankReceipt, CollectionMode
from pinxiang.settlement.receivables import Receivable


@dataclass(frozen=True)
class Share:
    """The part of a receipt that pays one merchant's list line."""

    declaration_no: str
    list_line_ref: str
    merchant_code: str
    amount: Money


@dataclass(frozen=True)
class Allocation:
    """How one receipt was applied. Invariant: sum(shares) + over_collected == applied."""

    receipt_key: str
    buyer_code: str
    on: date
    received: Money  # as credited by the bank
    conversion: Conversion | None  # received -> declaration currency, when they differ
    shares: tuple[Share, ...]
    over_collected: Money  # beyond what remained collectable: flagged, not allocated
    mode: CollectionMode
    collector: str  # who collected in its own name: operator, agent or merchant code

    @property
    def applied(self) -> Money:
        return self.conversion.to_money if self.conversion else self.received

    @property
    def flags(self) -> tuple[str, ...]:
        if self.over_collected.amount > 0:
            return (
                f"over-collection: {self.over_collected} above the declared value still "
                f"collectable (receipt {self.receipt_key})",
            )
        return ()

    def by_merchant(self) -> dict[str, Money]:
        out: dict[str, Money] = {}
        for s in self.shares:
            out[s.merchant_code] = (
                out.get(s.merchant_code, Money.zero(s.amount.currency)) + s.amount
            )
        return dict(sorted(out.items()))


def collected_by_line(allocations: Iterable[Allocation]) -> dict[str, Money]:
    """What has been allocated so far to each list line ref."""
    out: dict[str, Money] = {}
    for a in allocations:
        for s in a.shares:
            out[s.list_line_ref] = (
                out[s.list_line_ref] + s.amount if s.list_line_ref in out else s.amount
            )
    return out


def collectable_by_declaration(
    receivables: Iterable[Receivable], allocations: Iterable[Allocation]
) -> dict[str, Money]:
    """What remains collectable per declaration: declared value minus what was allocated."""
    got = collected_by_line(allocations)
    out: dict[str, Money] = {}
    for r in receivables:
        left = r.value - got.get(r.list_line_ref, Money.zero(r.value.currency))
        out[r.declaration_no] = out[r.declaration_no] + left if r.declaration_no in out else left
    return dict(sorted(out.items()))


def allocate(
    receipt: BankReceipt,
    receivables: Sequence[Receivable],
    *,
    collected: Mapping[str, Money] | None = None,
    rate: Rate | None = None,
    mode: CollectionMode = CollectionMode.DECLARING_AGENT,
    collector: str = "",
) -> Allocation:
    """Allocate `receipt` over `receivables` (the lines of the matched declarations).

    `collected` is what each list line ref has already received (see `collected_by_line`).
    `rate` is the bank's rate from the receipt currency to the declaration currency, required when
    they differ. In mode PRINCIPAL the merchant collected in its own name: `collector` is its
    code and only its own lines can be paid."""
    collected = collected or {}
    if mode is CollectionMode.PRINCIPAL:
        if not collector:
            raise ValueError("mode principal: collector must be the collecting merchant's code")
        receivables = [r for r in receivables if r.merchant_code == collector]
    if not receivables:
        raise ValueError(f"receipt {receipt.key}: no list lines to allocate to")
    buyers = sorted({r.buyer_code for r in receivables})
    currencies = sorted({r.value.currency for r in receivables})
    if len(buyers) != 1 or len(currencies) != 1:
        raise ValueError(
            f"receipt {receipt.key}: lines must share one buyer and one currency, "
            f"got buyers {buyers} and currencies {currencies}"
        )
    refs = [r.list_line_ref for r in receivables]
    if len(set(refs)) != len(refs):
        raise ValueError(f"receipt {receipt.key}: a list line is given twice")
    currency = currencies[0]
    conversion: Conversion | None = None
    if receipt.amount.currency != currency:
        if rate is None:
            raise ValueError(
                f"receipt {receipt.key} is in {receipt.amount.currency} but the declarations are "
                f"in {currency}: give the bank's {receipt.amount.currency}->{currency} rate"
            )
        conversion = convert(receipt.amount, rate)
    applied = conversion.to_money if conversion else receipt.amount
    lines = sorted(receivables, key=lambda r: r.list_line_ref)
    remaining = [
        max(r.value - collected.get(r.list_line_ref, Money.zero(currency)), Money.zero(currency))
        for r in lines
    ]
    open_total = sum(remaining, Money.zero(currency))
    to_lines = min(applied, open_total)
    amounts = (
        largest_remainder(
            to_lines, [(r.list_line_ref, m.amount) for r, m in zip(lines, remaining, strict=True)]
        )
        if to_lines.amount > 0
        else [Money.zero(currency) for _ in lines]
    )
    shares = tuple(
        Share(r.declaration_no, r.list_line_ref, r.merchant_code, m)
        for r, m in zip(lines, amounts, strict=True)
        if m.amount > 0
    )
    return Allocation(
        receipt.key,
        buyers[0],
        receipt.value_date,
        receipt.amount,
        conversion,
        shares,
        applied - to_lines,
        mode,
        collector,
    )
