"""Flat rows for receipts.csv and allocations.csv: strings only, exact decimals, fixed columns."""

from __future__ import annotations

from pinxiang.settlement.allocation import Allocation
from pinxiang.settlement.matching import ReceiptMatch
from pinxiang.settlement.receipts import BankReceipt

RECEIPT_COLUMNS = (
    "receipt_key", "account", "value_date", "amount", "currency", "reference", "payer_name",
    "payer_country", "remittance_info", "source", "buyer_code", "declaration_nos", "confidence",
    "needs_review", "reasons",
)  # fmt: skip
ALLOCATION_COLUMNS = (
    "receipt_key", "date", "buyer_code", "mode", "collector", "kind", "declaration_no",
    "list_line_ref", "merchant_code", "amount", "currency", "received", "received_currency",
    "rate", "rate_source",
)  # fmt: skip


def receipt_row(receipt: BankReceipt, match: ReceiptMatch | None = None) -> dict[str, str]:
    return {
        "receipt_key": receipt.key,
        "account": receipt.account,
        "value_date": receipt.value_date.isoformat(),
        "amount": str(receipt.amount.amount),
        "currency": receipt.amount.currency,
        "reference": receipt.reference,
        "payer_name": receipt.payer_name,
        "payer_country": receipt.payer_country,
        "remittance_info": receipt.remittance_info,
        "source": receipt.source,
        "buyer_code": (match.buyer_code or "") if match else "",
        "declaration_nos": " ".join(match.declaration_nos) if match else "",
        "confidence": str(match.confidence) if match else "",
        "needs_review": ("yes" if match.needs_review else "no") if match else "yes",
        "reasons": "; ".join(match.reasons) if match else "not matched yet",
    }


def allocation_rows(allocation: Allocation) -> list[dict[str, str]]:
    """One row per share, plus one `over_collected` row when the receipt exceeded what was open."""
    a = allocation
    common = {
        "receipt_key": a.receipt_key,
        "date": a.on.isoformat(),
        "buyer_code": a.buyer_code,
        "mode": a.mode.value,
        "collector": a.collector,
        "received": str(a.received.amount),
        "received_currency": a.received.currency,
        "rate": str(a.conversion.rate) if a.conversion else "",
        "rate_source": a.conversion.source if a.conversion else "",
    }
    rows = [
        {
            **common,
            "kind": "share",
            "declaration_no": s.declaration_no,
            "list_line_ref": s.list_line_ref,
            "merchant_code": s.merchant_code,
            "amount": str(s.amount.amount),
            "currency": s.amount.currency,
        }
        for s in a.shares
    ]
    if a.over_collected.amount > 0:
        rows.append(
            {
                **common,
                "kind": "over_collected",
                "declaration_no": " ".join(sorted({s.declaration_no for s in a.shares})),
                "list_line_ref": "",
                "merchant_code": "",
                "amount": str(a.over_collected.amount),
                "currency": a.over_collected.currency,
            }
        )
    return [{c: r[c] for c in ALLOCATION_COLUMNS} for r in rows]
