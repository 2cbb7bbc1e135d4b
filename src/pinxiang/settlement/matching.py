"""Match a bank receipt to a buyer's declarations, with a confidence and a review flag.

Evidence, each with a weight (a design inference; banks publish no matching tolerances):
- a declaration no., shipment ref or order no. of the buyer in the remittance info: 0.5
- the payer's name agrees with the buyer's name or company: 0.3
- the amount equals what remains collectable on the candidates: 0.2 (within it: 0.1)
A match at or above `threshold` (default 0.8) may be applied automatically; everything else goes
to the review queue with the reasons shown."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pinxiang.domain.money import Money
from pinxiang.domain.parties import Buyer
from pinxiang.settlement.fx import Rate, convert
from pinxiang.settlement.receipts import BankReceipt
from pinxiang.settlement.receivables import Receivable

REFERENCE_WEIGHT = Decimal("0.5")
NAME_WEIGHT = Decimal("0.3")
EXACT_AMOUNT_WEIGHT = Decimal("0.2")
WITHIN_AMOUNT_WEIGHT = Decimal("0.1")
DEFAULT_THRESHOLD = Decimal("0.8")

# Words that say nothing about who a company is.
_NOISE = frozenset({
    "LLC", "LTD", "LIMITED", "CO", "COMPANY", "INC", "CORP", "GMBH", "SARL", "SRL", "SA", "AG",
    "BV", "FZE", "FZCO", "FZ", "LLP", "PLC", "TRADING", "GENERAL", "THE", "AND", "OF", "IMPORT",
    "EXPORT",
})  # fmt: skip


@dataclass(frozen=True)
class ReceiptMatch:
    receipt_key: str
    buyer_code: str | None
    declaration_nos: tuple[str, ...]  # in the order to apply the receipt
    confidence: Decimal  # 0 to 1
    reasons: tuple[str, ...]
    needs_review: bool


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Z0-9]+", text.upper()) if w not in _NOISE and len(w) > 1}


def name_similarity(payer: str, buyer: Buyer) -> Decimal:
    """Share of the buyer's significant name words found in the payer name (best of name and
    company), 0 to 1."""
    got = _words(payer)
    best = Decimal(0)
    for name in (buyer.name, buyer.company):
        want = _words(name)
        if want:
            best = max(best, Decimal(len(want & got)) / Decimal(len(want)))
    return best


def _compact(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _phrases(text: str, longest: int = 6) -> set[str]:
    """Runs of up to `longest` consecutive words, joined without separators, so that "SH-7",
    "SH 7" and "SH7" are one reference but "SH-70" is another."""
    words = re.findall(r"[A-Z0-9]+", text.upper())
    return {"".join(words[i : i + n]) for i in range(len(words)) for n in range(1, longest + 1)}


def _open(lines: Iterable[Receivable], collected: Mapping[str, Money]) -> dict[str, Money]:
    out: dict[str, Money] = {}
    for r in lines:
        left = r.value - collected.get(r.list_line_ref, Money.zero(r.value.currency))
        out[r.declaration_no] = out.get(r.declaration_no, Money.zero(r.value.currency)) + left
    return out


def match_receipt(
    receipt: BankReceipt,
    receivables: Sequence[Receivable],
    buyers: Iterable[Buyer],
    *,
    collected: Mapping[str, Money] | None = None,
    rate: Rate | None = None,
    threshold: Decimal = DEFAULT_THRESHOLD,
) -> ReceiptMatch:
    """Find the declarations a receipt pays.

    `collected` is what has already been allocated per list line ref; `rate` converts the receipt
    into the declaration currency when they differ (the bank's rate for that receipt)."""
    collected = collected or {}
    reasons: list[str] = []
    score = Decimal(0)
    text = _phrases(receipt.remittance_info)
    by_decl: dict[str, list[Receivable]] = {}
    for r in receivables:
        by_decl.setdefault(r.declaration_no, []).append(r)

    def mentioned(ref: str) -> bool:
        c = _compact(ref)
        return len(c) >= 3 and c in text

    hits = sorted(
        d
        for d, lines in by_decl.items()
        if any(mentioned(d) or mentioned(r.shipment_ref) or mentioned(r.order_no) for r in lines)
    )
    ref_buyers = sorted({r.buyer_code for d in hits for r in by_decl[d]})
    buyer_list = list(buyers)
    named = sorted(
        (b for b in buyer_list if name_similarity(receipt.payer_name, b) >= Decimal("0.5")),
        key=lambda b: (-name_similarity(receipt.payer_name, b), b.code),
    )
    named_codes = [b.code for b in named]
    buyer: str | None = None
    if hits:
        score += REFERENCE_WEIGHT
        reasons.append(f"remittance info names declaration(s) {', '.join(hits)}")
        if len(ref_buyers) > 1:
            reasons.append(f"those declarations belong to several buyers: {', '.join(ref_buyers)}")
            return ReceiptMatch(receipt.key, None, tuple(hits), score, tuple(reasons), True)
        buyer = ref_buyers[0]
        if buyer in named_codes:
            score += NAME_WEIGHT
            reasons.append(f"payer {receipt.payer_name!r} is buyer {buyer}")
        else:
            reasons.append(f"payer {receipt.payer_name!r} is not buyer {buyer}: third party?")
    elif named:
        buyer = named[0].code
        score += NAME_WEIGHT
        reasons.append(f"payer {receipt.payer_name!r} is buyer {buyer}; no reference found")
        if len(named) > 1:
            reasons.append(f"payer name also fits {', '.join(named_codes[1:])}")
    else:
        reasons.append("no reference and no buyer name found in the receipt")
        return ReceiptMatch(receipt.key, None, (), score, tuple(reasons), True)

    open_by_decl = _open((r for r in receivables if r.buyer_code == buyer), collected)
    first_export = {d: min(r.export_date for r in by_decl[d]) for d in open_by_decl}
    candidates = hits or sorted(
        (d for d, m in open_by_decl.items() if m.amount > 0), key=lambda d: (first_export[d], d)
    )
    if not candidates:
        reasons.append(f"buyer {buyer} has nothing left to collect")
        return ReceiptMatch(receipt.key, buyer, (), score, tuple(reasons), True)

    currencies = sorted({by_decl[d][0].value.currency for d in candidates})
    if len(currencies) > 1:
        reasons.append(f"the declarations are in several currencies: {', '.join(currencies)}")
        return ReceiptMatch(receipt.key, buyer, tuple(candidates), score, tuple(reasons), True)
    currency = currencies[0]
    amount = receipt.amount
    force_review = False
    if amount.currency != currency:
        if rate is None:
            reasons.append(f"no rate {amount.currency}->{currency}: amount not compared")
            return ReceiptMatch(receipt.key, buyer, tuple(candidates), score, tuple(reasons), True)
        amount = convert(amount, rate).to_money
        reasons.append(f"{receipt.amount} is {amount} at {rate.source} {rate.rate}")
    if not hits:  # choose by amount: one declaration, or the oldest ones, that it settles exactly
        exact = [d for d in candidates if open_by_decl[d] == amount]
        running = Money.zero(currency)
        prefix: list[str] = []
        for d in candidates:
            running = running + open_by_decl[d]
            prefix.append(d)
            if running == amount:
                break
        if len(exact) == 1:
            candidates = exact
        elif running == amount:
            candidates = prefix
        elif len(exact) > 1:
            force_review = True
            reasons.append(f"{len(exact)} declarations are open for exactly {amount}")
    open_total = sum(
        (open_by_decl.get(d, Money.zero(currency)) for d in candidates), Money.zero(currency)
    )
    if amount == open_total:
        score += EXACT_AMOUNT_WEIGHT
        reasons.append(f"amount {amount} settles what remains open")
    elif amount < open_total:
        score += WITHIN_AMOUNT_WEIGHT
        reasons.append(f"part payment: {amount} of {open_total} open")
    else:
        force_review = True
        reasons.append(f"amount {amount} exceeds the {open_total} open: over-collection")
    needs_review = force_review or score < threshold
    return ReceiptMatch(receipt.key, buyer, tuple(candidates), score, tuple(reasons), needs_review)
