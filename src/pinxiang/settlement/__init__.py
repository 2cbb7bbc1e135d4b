"""Settlement: FX receipts, their allocation to merchants, and VAT-exempt records.

Pure: standard library and `pinxiang.domain` only. No clock, no global state: dates come in as
arguments. The public surface is below; everything else is an implementation detail."""

from pinxiang.settlement.allocation import (
    Allocation,
    Share,
    allocate,
    collectable_by_declaration,
    collected_by_line,
)
from pinxiang.settlement.apportion import largest_remainder
from pinxiang.settlement.bank.common import StatementError
from pinxiang.settlement.bank.parse import detect_format, parse_statement
from pinxiang.settlement.fx import Conversion, Rate, convert, customs_monthly_rate
from pinxiang.settlement.journal import allocation_entry, chart, payout_entry, receipt_entry
from pinxiang.settlement.ledger import (
    Account,
    AccountKind,
    DuplicateEntry,
    JournalEntry,
    Ledger,
    LedgerError,
    Posting,
    UnbalancedEntry,
    UnknownAccount,
    credit,
    debit,
)
from pinxiang.settlement.matching import ReceiptMatch, match_receipt
from pinxiang.settlement.quota import QuotaLevel, QuotaPolicy, QuotaStatus, quota_check
from pinxiang.settlement.receipts import (
    BankReceipt,
    CollectionMode,
    manual_receipt,
    new_receipts,
    receipt_key,
)
from pinxiang.settlement.receivables import Payout, Receivable
from pinxiang.settlement.reports import (
    BuyerStatement,
    MerchantStatement,
    buyer_statement,
    merchant_statement,
)
from pinxiang.settlement.rows import (
    ALLOCATION_COLUMNS,
    RECEIPT_COLUMNS,
    allocation_rows,
    receipt_row,
)
from pinxiang.settlement.tax import VatExemptReport, vat_exempt_report

__all__ = [
    "ALLOCATION_COLUMNS",
    "RECEIPT_COLUMNS",
    "Account",
    "AccountKind",
    "Allocation",
    "BankReceipt",
    "BuyerStatement",
    "CollectionMode",
    "Conversion",
    "DuplicateEntry",
    "JournalEntry",
    "Ledger",
    "LedgerError",
    "MerchantStatement",
    "Payout",
    "Posting",
    "QuotaLevel",
    "QuotaPolicy",
    "QuotaStatus",
    "Rate",
    "ReceiptMatch",
    "Receivable",
    "Share",
    "StatementError",
    "UnbalancedEntry",
    "UnknownAccount",
    "VatExemptReport",
    "allocate",
    "allocation_entry",
    "allocation_rows",
    "buyer_statement",
    "chart",
    "collectable_by_declaration",
    "collected_by_line",
    "convert",
    "credit",
    "customs_monthly_rate",
    "debit",
    "detect_format",
    "largest_remainder",
    "manual_receipt",
    "match_receipt",
    "merchant_statement",
    "new_receipts",
    "parse_statement",
    "payout_entry",
    "quota_check",
    "receipt_entry",
    "receipt_key",
    "receipt_row",
    "vat_exempt_report",
]
