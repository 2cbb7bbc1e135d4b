"""Journal entries for the collecting operator's or agent's books (FX modes 1 and 2).

Chart (codes built by the functions below):
- `bank:<account no.>` (asset): the collecting bank account, one per currency in practice;
- `unapplied` (liability): receipts not yet allocated (e.g. waiting in the review queue);
- `due:<merchant>` (liability): collected for a merchant, not yet paid out;
- `over:<buyer>` (liability): collected beyond the declared value, to explain or refund;
- `fx` (equity): currency clearing, so each entry balances in every currency on its own.
In mode 3 the merchant collects into its own account, so nothing enters these books."""

from __future__ import annotations

from collections.abc import Iterable

from pinxiang.settlement.allocation import Allocation
from pinxiang.settlement.ledger import Account, AccountKind, JournalEntry, Posting, credit, debit
from pinxiang.settlement.receipts import BankReceipt, CollectionMode
from pinxiang.settlement.receivables import Payout

UNAPPLIED = "unapplied"
FX = "fx"


def bank(account_no: str) -> str:
    return f"bank:{account_no}"


def due(merchant_code: str) -> str:
    return f"due:{merchant_code}"


def over(buyer_code: str) -> str:
    return f"over:{buyer_code}"


def chart(
    bank_accounts: Iterable[str], merchant_codes: Iterable[str], buyer_codes: Iterable[str]
) -> list[Account]:
    """The accounts these entries post to."""
    return [
        Account(UNAPPLIED, "Receipts not yet allocated", AccountKind.LIABILITY),
        Account(FX, "Currency clearing", AccountKind.EQUITY),
        *(Account(bank(a), f"Bank account {a}", AccountKind.ASSET) for a in sorted(bank_accounts)),
        *(
            Account(due(m), f"Collected for merchant {m}", AccountKind.LIABILITY)
            for m in sorted(merchant_codes)
        ),
        *(
            Account(over(b), f"Over-collected from buyer {b}", AccountKind.LIABILITY)
            for b in sorted(buyer_codes)
        ),
    ]


def receipt_entry(receipt: BankReceipt, entry_id: str) -> JournalEntry:
    """Money arrives: Dr bank, Cr unapplied."""
    return JournalEntry(
        entry_id,
        receipt.value_date,
        f"receipt {receipt.reference} from {receipt.payer_name or 'unknown payer'}",
        (debit(bank(receipt.account), receipt.amount), credit(UNAPPLIED, receipt.amount)),
    )


def allocation_entry(allocation: Allocation, entry_id: str) -> JournalEntry:
    """The receipt is applied: Dr unapplied; Cr each merchant's share and any over-collection,
    through `fx` when the receipt was converted to the declaration currency."""
    if allocation.mode is CollectionMode.PRINCIPAL:
        raise ValueError(
            f"receipt {allocation.receipt_key} was collected by merchant {allocation.collector} "
            "in its own name: it does not enter the operator's books"
        )
    postings: list[Posting] = [debit(UNAPPLIED, allocation.received)]
    if allocation.conversion is not None:
        postings += [credit(FX, allocation.received), debit(FX, allocation.applied)]
    postings += [credit(due(m), amount) for m, amount in allocation.by_merchant().items()]
    if allocation.over_collected.amount > 0:
        postings.append(credit(over(allocation.buyer_code), allocation.over_collected))
    return JournalEntry(
        entry_id, allocation.on, f"allocation of receipt {allocation.receipt_key}", tuple(postings)
    )


def payout_entry(payout: Payout, entry_id: str, bank_account: str) -> JournalEntry:
    """A merchant is paid: Dr due, Cr bank (in the settled currency, through `fx`, when the
    payout was converted, e.g. USD collected and CNY paid)."""
    postings: list[Posting] = [debit(due(payout.merchant_code), payout.amount)]
    if payout.conversion is not None:
        paid = payout.conversion.to_money
        postings += [credit(FX, payout.amount), debit(FX, paid), credit(bank(bank_account), paid)]
    else:
        postings.append(credit(bank(bank_account), payout.amount))
    return JournalEntry(
        entry_id,
        payout.paid_on,
        f"payout {payout.reference} to {payout.merchant_code}",
        tuple(postings),
    )
