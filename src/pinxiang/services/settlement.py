"""Use case: settlement of 1039 exports. Bank receipts in (statement files or by hand), matched to
the buyers' declarations, allocated to merchants exact to the cent, booked in an append-only
double-entry journal; FX conversions keep their rate and source; quota warnings, the VAT-exempt
report and merchant and buyer statements out.

Every write is one transaction: a bad statement, an unbalanced entry or an unknown account
changes nothing. Corrections are reversing entries, never edits.

FX collection modes (汇律发〔2025〕2号): a receipt carries its mode and collector. In modes 1 and 2
the operator or agent collects in its own name and passes the money on by payouts; in mode 3 the
merchant collects in its own name into its own account, so the receipt and its allocation are
recorded (for matching, statements and the personal quota) but nothing enters the journal."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from pinxiang.documents.settlement import (
    write_buyer_statement_pdf,
    write_buyer_statement_xlsx,
    write_merchant_statement_pdf,
    write_merchant_statement_xlsx,
    write_vat_exempt_pdf,
    write_vat_exempt_xlsx,
)
from pinxiang.domain import Buyer, Merchant, Money
from pinxiang.persistence.customs_tables import (
    DeclarationLineRow,
    DeclarationRow,
    DeclarationTraceRow,
    ListLineRow,
    TransactionListRow,
)
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.settlement_tables import (
    AllocationRow,
    AllocationShareRow,
    BankAccountRow,
    BankRateRow,
    BankReceiptRow,
    JournalEntryRow,
    PayoutRow,
    PostingRow,
    ReceiptMatchRow,
    StatementImportRow,
)
from pinxiang.persistence.tables import BuyerRow, MerchantRow, ShipmentRow
from pinxiang.services.declarations import agency_agreements, customs_rate_table
from pinxiang.settlement import (
    ALLOCATION_COLUMNS,
    RECEIPT_COLUMNS,
    Allocation,
    BankReceipt,
    CollectionMode,
    Conversion,
    JournalEntry,
    Ledger,
    MerchantStatement,
    Payout,
    Posting,
    QuotaLevel,
    QuotaPolicy,
    QuotaStatus,
    Rate,
    ReceiptMatch,
    Receivable,
    Share,
    allocate,
    allocation_entry,
    allocation_rows,
    buyer_statement,
    chart,
    collected_by_line,
    convert,
    customs_monthly_rate,
    manual_receipt,
    match_receipt,
    merchant_statement,
    new_receipts,
    parse_statement,
    payout_entry,
    quota_check,
    receipt_entry,
    receipt_row,
    vat_exempt_report,
)

NewUow = Callable[[], UnitOfWork]
OPERATOR_SELF = ""  # collector of modes 1 and 2 when not named: the operator's own books


class SettlementRefused(ValueError):
    """A settlement request that cannot be carried out; the message says why."""


# ---------------------------------------------------------------- accounts and rates


def register_bank_account(
    new_uow: NewUow, account_no: str, currency: str, bank: str, holder: str
) -> None:
    Money.zero(currency)  # refuses a code outside ISO 4217
    with new_uow() as uow:
        row = uow.session.scalar(
            select(BankAccountRow).where(BankAccountRow.account_no == account_no)
        )
        if row is None:
            uow.session.add(
                BankAccountRow(account_no=account_no, currency=currency, bank=bank, holder=holder)
            )
        else:
            row.currency, row.bank, row.holder = currency, bank, holder
        uow.commit()


def record_bank_rate(new_uow: NewUow, rate: Rate) -> None:
    """The bank's rate for a currency pair on a day (replaces that day's rate)."""
    with new_uow() as uow:
        row = uow.session.scalar(
            select(BankRateRow).where(
                BankRateRow.from_currency == rate.from_currency,
                BankRateRow.to_currency == rate.to_currency,
                BankRateRow.on == rate.on,
            )
        )
        if row is None:
            uow.session.add(
                BankRateRow(
                    from_currency=rate.from_currency,
                    to_currency=rate.to_currency,
                    on=rate.on,
                    rate=rate.rate,
                    source=rate.source,
                )
            )
        else:
            row.rate, row.source = rate.rate, rate.source
        uow.commit()


def _accounts(uow: UnitOfWork) -> dict[str, str]:
    return {r.account_no: r.currency for r in uow.session.scalars(select(BankAccountRow))}


def _bank_rate(uow: UnitOfWork, from_ccy: str, to_ccy: str, on: date) -> Rate | None:
    """The bank's latest rate on or before `on` (or its inverse)."""
    for a, b, inverse in ((from_ccy, to_ccy, False), (to_ccy, from_ccy, True)):
        row = uow.session.scalar(
            select(BankRateRow)
            .where(
                BankRateRow.from_currency == a, BankRateRow.to_currency == b, BankRateRow.on <= on
            )
            .order_by(BankRateRow.on.desc())
            .limit(1)
        )
        if row is not None:
            rate = Rate(a, b, row.rate, row.source, row.on)
            return rate.inverse() if inverse else rate
    return None


# ---------------------------------------------------------------- receipts


@dataclass(frozen=True)
class StatementReport:
    file: str
    account: str
    new: tuple[str, ...]  # receipt keys added
    known: int  # receipts already on record


def _receipt(r: BankReceiptRow) -> BankReceipt:
    return BankReceipt(
        r.key,
        r.account_no,
        r.value_date,
        Money(r.amount, r.currency),
        r.reference,
        r.payer_name,
        r.payer_country,
        r.remittance_info,
        r.source,
    )


def _known_receipts(uow: UnitOfWork) -> list[BankReceipt]:
    return [_receipt(r) for r in uow.session.scalars(select(BankReceiptRow))]


def _entry_no(uow: UnitOfWork, prefix: str) -> str:
    n = len(uow.session.scalars(select(JournalEntryRow.id)).all()) + 1
    return f"{prefix}{n:06d}"


def _store_entry(uow: UnitOfWork, entry: JournalEntry, now: datetime) -> None:
    """Post the entry on the stored ledger (checks balance, accounts, reuse) and store it."""
    _ledger(uow).post(entry)
    row = JournalEntryRow(
        entry_id=entry.entry_id,
        on=entry.on,
        memo=entry.memo,
        reverses=entry.reverses,
        recorded_at=now,
    )
    row.postings = [
        PostingRow(seq=i, account=p.account, amount=p.amount.amount, currency=p.amount.currency)
        for i, p in enumerate(entry.postings, start=1)
    ]
    uow.session.add(row)
    uow.session.flush()


def _add_receipts(
    uow: UnitOfWork,
    receipts: Iterable[BankReceipt],
    now: datetime,
    mode: CollectionMode = CollectionMode.DECLARING_AGENT,
    collector: str = "",
) -> list[str]:
    added = []
    for r in receipts:
        uow.session.add(
            BankReceiptRow(
                key=r.key,
                account_no=r.account,
                value_date=r.value_date,
                amount=r.amount.amount,
                currency=r.amount.currency,
                reference=r.reference,
                payer_name=r.payer_name,
                payer_country=r.payer_country,
                remittance_info=r.remittance_info,
                source=r.source,
                recorded_at=now,
                mode=mode.value,
                collector=collector,
            )
        )
        uow.session.flush()
        if mode is not CollectionMode.PRINCIPAL:  # mode 3: the merchant's own account
            _store_entry(uow, receipt_entry(r, _entry_no(uow, "R")), now)
        added.append(r.key)
    return added


def import_statement(new_uow: NewUow, path: Path, account: str, now: datetime) -> StatementReport:
    """Import a bank statement (MT940, camt.053 or CSV) for `account`: all or nothing, and the
    same statement twice adds nothing. Bad files raise StatementError with the parser's message."""
    data = path.read_bytes()
    with new_uow() as uow:
        accounts = _accounts(uow)
        if account not in accounts:
            raise SettlementRefused(
                f"account {account} is not a registered collecting account "
                f"(known: {', '.join(sorted(accounts)) or 'none'})"
            )
        parsed = parse_statement(data, name=path.name, accounts={account: accounts[account]})
        fresh = new_receipts(_known_receipts(uow), parsed)
        added = _add_receipts(uow, fresh, now)
        sha = hashlib.sha256(data).hexdigest()
        seen = uow.session.scalar(
            select(StatementImportRow.id).where(
                StatementImportRow.sha256 == sha, StatementImportRow.account_no == account
            )
        )
        if seen is None or added:  # the same file again adds nothing, not even a record
            uow.session.add(
                StatementImportRow(
                    sha256=sha,
                    filename=path.name,
                    account_no=account,
                    imported_at=now,
                    new=len(added),
                    known=len(parsed) - len(added),
                )
            )
        uow.commit()
    return StatementReport(path.name, account, tuple(added), len(parsed) - len(added))


def record_receipt(
    new_uow: NewUow,
    account: str,
    value_date: date,
    amount: Money,
    reference: str,
    now: datetime,
    payer_name: str = "",
    payer_country: str = "",
    remittance_info: str = "",
    *,
    mode: CollectionMode = CollectionMode.DECLARING_AGENT,
    collector: str = "",
) -> tuple[str, bool]:
    """A receipt entered by hand (e.g. from a credit advice). Returns (key, added): the same
    receipt twice is recorded once.

    `mode` is the FX collection mode. In mode 3 (`PRINCIPAL`) `collector` is the merchant that
    collected in its own name and `account` is the merchant's own account: the receipt is kept
    for matching and the quota, and nothing is posted to the operator's journal."""
    r = manual_receipt(
        account, value_date, amount, reference, payer_name, payer_country, remittance_info
    )
    with new_uow() as uow:
        if mode is CollectionMode.PRINCIPAL:
            if collector not in _merchants(uow):
                raise SettlementRefused(
                    f"mode principal: --collector must be the collecting merchant's code, "
                    f"not {collector!r}"
                )
            added = _add_receipts(
                uow, new_receipts(_known_receipts(uow), [r]), now, mode, collector
            )
            uow.commit()
            return r.key, bool(added)
        accounts = _accounts(uow)
        if account not in accounts:
            raise SettlementRefused(f"account {account} is not a registered collecting account")
        if accounts[account] != amount.currency:
            raise SettlementRefused(
                f"account {account} collects {accounts[account]}, not {amount.currency}"
            )
        added = _add_receipts(
            uow, new_receipts(_known_receipts(uow), [r]), now, mode, collector or OPERATOR_SELF
        )
        uow.commit()
    return r.key, bool(added)


# ---------------------------------------------------------------- receivables and the ledger


def receivables(uow: UnitOfWork) -> list[Receivable]:
    """One receivable per declared list line, from the stored declarations and lists."""
    agreements = agency_agreements(uow)
    rows = uow.session.execute(
        select(DeclarationRow, ShipmentRow.ref, ListLineRow, TransactionListRow)
        .join(ShipmentRow, DeclarationRow.shipment_id == ShipmentRow.id)
        .join(DeclarationLineRow, DeclarationLineRow.declaration_id == DeclarationRow.id)
        .join(DeclarationTraceRow, DeclarationTraceRow.declaration_line_id == DeclarationLineRow.id)
        .join(ListLineRow, DeclarationTraceRow.list_line_id == ListLineRow.id)
        .join(TransactionListRow, ListLineRow.list_id == TransactionListRow.id)
        .order_by(ListLineRow.ref)
    ).all()
    return [
        Receivable(
            d.ref,
            tl.buyer_code,
            ln.merchant_code,
            ln.ref,
            Money(ln.value, ln.currency).rounded(),
            d.declared_on,
            shipment_ref,
            tl.order_no,
            ln.name_en,
            agreements.get(ln.merchant_code, ""),
        )
        for d, shipment_ref, ln, tl in rows
    ]


def _ledger(uow: UnitOfWork) -> Ledger:
    s = uow.session
    ledger = Ledger.open(
        chart(
            set(s.scalars(select(BankAccountRow.account_no))),
            set(s.scalars(select(MerchantRow.code))),
            set(s.scalars(select(BuyerRow.code))),
        )
    )
    for e in s.scalars(select(JournalEntryRow).order_by(JournalEntryRow.id)):
        ledger = ledger.post(
            JournalEntry(
                e.entry_id,
                e.on,
                e.memo,
                tuple(Posting(p.account, Money(p.amount, p.currency)) for p in e.postings),
                e.reverses,
            )
        )
    return ledger


def ledger(uow: UnitOfWork) -> Ledger:
    """The stored journal, posted on the chart of accounts."""
    return _ledger(uow)


def reverse_entry(new_uow: NewUow, entry_id: str, now: datetime, memo: str = "") -> str:
    """Post the mirror of an entry (the original stays on record); an allocation whose entry is
    reversed no longer counts, so its receipt can be matched again. Returns the new entry id."""
    with new_uow() as uow:
        book = _ledger(uow)
        original = book.entry(entry_id)
        new_id = _entry_no(uow, "X")
        _store_entry(uow, original.reversal(new_id, now.date(), memo or None), now)
        alloc = uow.session.scalar(select(AllocationRow).where(AllocationRow.entry_id == entry_id))
        if alloc is not None:
            m = uow.session.scalar(
                select(ReceiptMatchRow).where(ReceiptMatchRow.receipt_id == alloc.receipt_id)
            )
            if m is not None:
                uow.session.delete(m)  # the match is a working record, not part of the books
        uow.commit()
    return new_id


def _reversed(uow: UnitOfWork) -> set[str]:
    return {
        r
        for r in uow.session.scalars(
            select(JournalEntryRow.reverses).where(JournalEntryRow.reverses.is_not(None))
        )
        if r
    }


def _allocation(row: AllocationRow) -> Allocation:
    conversion = None
    if row.rate is not None:
        conversion = Conversion(
            Money(row.received, row.received_currency),
            Money(row.applied, row.applied_currency),
            row.rate,
            row.rate_source,
            row.rate_on or row.on,
        )
    return Allocation(
        row.receipt.key,
        row.buyer_code,
        row.on,
        Money(row.received, row.received_currency),
        conversion,
        tuple(
            Share(s.declaration_no, s.list_line_ref, s.merchant_code, Money(s.amount, s.currency))
            for s in row.shares
        ),
        Money(row.over_collected, row.applied_currency),
        CollectionMode(row.mode),
        row.collector,
    )


def allocations(uow: UnitOfWork) -> list[Allocation]:
    """The allocations in force (those whose journal entry was not reversed)."""
    gone = _reversed(uow)
    rows = uow.session.scalars(select(AllocationRow).order_by(AllocationRow.id))
    return [_allocation(r) for r in rows if r.entry_id not in gone]


def _buyers(uow: UnitOfWork) -> list[Buyer]:
    return [
        Buyer(b.code, b.name, b.nationality, b.id_document, b.company, b.country)
        for b in uow.session.scalars(select(BuyerRow).order_by(BuyerRow.code))
    ]


# ---------------------------------------------------------------- matching and allocation


@dataclass(frozen=True)
class AllocationReport:
    allocated: tuple[str, ...]  # receipt keys allocated now
    review: tuple[ReceiptMatch, ...]  # in the review queue
    over_collected: tuple[tuple[str, Money], ...]  # (receipt key, amount) flagged now
    quota: tuple[QuotaStatus, ...]  # individual merchants near or over their quota


def _named_declarations(text: str, refs: Iterable[str]) -> set[str]:
    """The declaration refs written out in `text` (as whole runs of words)."""
    words = re.findall(r"[A-Z0-9]+", text.upper())
    runs = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return {ref for ref in refs if re.sub(r"[^A-Z0-9]", "", ref.upper()) in runs}


def _match(
    uow: UnitOfWork,
    receipt: BankReceipt,
    recs: Sequence[Receivable],
    buyers: Sequence[Buyer],
    collected: dict[str, Money],
    threshold: Decimal,
) -> tuple[ReceiptMatch, Rate | None]:
    named = _named_declarations(receipt.remittance_info, {r.declaration_no for r in recs})
    if named:  # a declaration ref contains its shipment ref: don't let that name them all
        recs = [replace(r, shipment_ref="") for r in recs]
    m = match_receipt(receipt, recs, buyers, collected=collected, threshold=threshold)
    owners = sorted({r.buyer_code for r in recs if r.declaration_no in m.declaration_nos})
    if m.buyer_code is None and len(owners) > 1:
        # A shipment ref names every buyer's declarations in the shipment: if exactly one of
        # those buyers is the payer and the match for that buyer alone is certain, take it.
        fits = []
        for b in owners:
            mine = [r for r in recs if r.buyer_code == b]
            mb, rate = _match(uow, receipt, mine, buyers, collected, threshold)
            if not mb.needs_review:
                fits.append((mb, rate))
        if len(fits) == 1:
            mb, rate = fits[0]
            why = (
                f"the declarations named belong to {', '.join(owners)}; "
                f"the payer is {mb.buyer_code}"
            )
            return replace(mb, reasons=(why, *mb.reasons)), rate
    currencies = {r.value.currency for r in recs if r.declaration_no in m.declaration_nos}
    if len(currencies) == 1 and receipt.amount.currency not in currencies:
        rate = _bank_rate(uow, receipt.amount.currency, currencies.pop(), receipt.value_date)
        if rate is not None:
            m = match_receipt(
                receipt, recs, buyers, collected=collected, rate=rate, threshold=threshold
            )
            return m, rate
    return m, None


def _store_allocation(
    uow: UnitOfWork,
    receipt_row_: BankReceiptRow,
    a: Allocation,
    now: datetime,
    policy: QuotaPolicy | None = None,
    earlier: Sequence[Allocation] = (),
) -> QuotaStatus | None:
    """Store an allocation (and book it, except in mode 3). In mode 3 the collecting merchant's
    personal quota is checked; a NEAR or EXCEEDED status is stored with it and returned."""
    entry_id: str | None = None
    warning: QuotaStatus | None = None
    if a.mode is CollectionMode.PRINCIPAL:
        warning = _quota_of(uow, a.collector, [*earlier, a], a.on.year, policy)
    else:
        entry_id = _entry_no(uow, "A")
        _store_entry(uow, allocation_entry(a, entry_id), now)
    c = a.conversion
    row = AllocationRow(
        receipt_id=receipt_row_.id,
        entry_id=entry_id,
        buyer_code=a.buyer_code,
        on=a.on,
        received=a.received.amount,
        received_currency=a.received.currency,
        applied=a.applied.amount,
        applied_currency=a.applied.currency,
        rate=c.rate if c else None,
        rate_source=c.source if c else "",
        rate_on=c.on if c else None,
        over_collected=a.over_collected.amount,
        mode=a.mode.value,
        collector=a.collector,
        quota_warning=warning.message if warning else "",
    )
    row.shares = [
        AllocationShareRow(
            declaration_no=s.declaration_no,
            list_line_ref=s.list_line_ref,
            merchant_code=s.merchant_code,
            amount=s.amount.amount,
            currency=s.amount.currency,
        )
        for s in a.shares
    ]
    uow.session.add(row)
    uow.session.flush()
    return warning


def _receipt_mode(row: BankReceiptRow) -> tuple[CollectionMode, str]:
    return CollectionMode(row.mode or CollectionMode.DECLARING_AGENT.value), row.collector or ""


def _set_match(
    uow: UnitOfWork, receipt_id: int, m: ReceiptMatch, status: str, now: datetime
) -> None:
    row = uow.session.scalar(
        select(ReceiptMatchRow).where(ReceiptMatchRow.receipt_id == receipt_id)
    )
    if row is None:
        row = ReceiptMatchRow(receipt_id=receipt_id)
        uow.session.add(row)
    row.buyer_code = m.buyer_code or ""
    row.declaration_nos = " ".join(m.declaration_nos)
    row.confidence = m.confidence
    row.reasons = "\n".join(m.reasons)
    row.needs_review = m.needs_review
    row.status = status
    row.matched_at = now


def _open_receipts(uow: UnitOfWork) -> list[BankReceiptRow]:
    gone = _reversed(uow)
    done = {
        r.receipt_id for r in uow.session.scalars(select(AllocationRow)) if r.entry_id not in gone
    }
    rows = uow.session.scalars(
        select(BankReceiptRow).order_by(BankReceiptRow.value_date, BankReceiptRow.key)
    )
    return [r for r in rows if r.id not in done]


def match_and_allocate(
    new_uow: NewUow,
    now: datetime,
    *,
    threshold: Decimal = Decimal("0.8"),
    quota_policy: QuotaPolicy | None = None,
) -> AllocationReport:
    """Match every receipt not yet allocated; allocate the certain ones exact to the cent and
    book them; put the uncertain ones in the review queue with their reasons (one transaction).
    Each receipt is allocated in its own collection mode; in mode 3 only the collecting
    merchant's lines are candidates, and its personal quota is checked (`quota_policy`)."""
    allocated: list[str] = []
    review: list[ReceiptMatch] = []
    over: list[tuple[str, Money]] = []
    warnings: dict[str, QuotaStatus] = {}
    with new_uow() as uow:
        recs = receivables(uow)
        buyers = _buyers(uow)
        done = allocations(uow)
        for row in _open_receipts(uow):
            receipt = _receipt(row)
            mode, collector = _receipt_mode(row)
            candidates = recs
            if mode is CollectionMode.PRINCIPAL:
                candidates = [r for r in recs if r.merchant_code == collector]
            collected = collected_by_line(done)
            m, rate = _match(uow, receipt, candidates, buyers, collected, threshold)
            if m.needs_review:
                _set_match(uow, row.id, m, "review", now)
                review.append(m)
                continue
            mine = [r for r in candidates if r.declaration_no in m.declaration_nos]
            a = allocate(
                receipt, mine, collected=collected, rate=rate, mode=mode, collector=collector
            )
            q = _store_allocation(uow, row, a, now, quota_policy, done)
            if q is not None:
                warnings[q.merchant_code] = q
            _set_match(uow, row.id, m, "allocated", now)
            done.append(a)
            allocated.append(receipt.key)
            if a.over_collected.amount > 0:
                over.append((receipt.key, a.over_collected))
        for q in _quota(uow, done, now.year, quota_policy):
            warnings.setdefault(q.merchant_code, q)
        uow.commit()
    quota = tuple(warnings[k] for k in sorted(warnings))
    return AllocationReport(tuple(allocated), tuple(review), tuple(over), quota)


def allocate_reviewed(
    new_uow: NewUow,
    receipt_key: str,
    declaration_nos: Sequence[str],
    now: datetime,
    *,
    mode: CollectionMode | None = None,
    collector: str | None = None,
    quota_policy: QuotaPolicy | None = None,
) -> Allocation:
    """A clerk's decision on a receipt in the review queue: apply it to these declarations
    (anything beyond what remains open is kept as over-collected and flagged). `mode` and
    `collector` default to the receipt's own; mode 3 only pays the collecting merchant's lines,
    and a quota warning is stored with the allocation (see `quota_warnings`)."""
    with new_uow() as uow:
        row = uow.session.scalar(select(BankReceiptRow).where(BankReceiptRow.key == receipt_key))
        if row is None:
            raise SettlementRefused(f"unknown receipt {receipt_key!r}")
        if row.id not in {r.id for r in _open_receipts(uow)}:
            raise SettlementRefused(f"receipt {receipt_key} is already allocated")
        recs = [r for r in receivables(uow) if r.declaration_no in set(declaration_nos)]
        missing = set(declaration_nos) - {r.declaration_no for r in recs}
        if missing:
            raise SettlementRefused(f"unknown declaration(s): {', '.join(sorted(missing))}")
        receipt = _receipt(row)
        stored_mode, stored_collector = _receipt_mode(row)
        mode = mode or stored_mode
        collector = stored_collector if collector is None else collector
        if mode is not stored_mode and CollectionMode.PRINCIPAL in (mode, stored_mode):
            raise SettlementRefused(
                f"receipt {receipt_key} was recorded in mode {stored_mode.value}: a receipt into "
                "a merchant's own account (mode principal) and one into the operator's cannot "
                "be swapped; record it again in the right mode"
            )
        currencies = {r.value.currency for r in recs}
        rate = None
        if len(currencies) == 1 and receipt.amount.currency not in currencies:
            rate = _bank_rate(uow, receipt.amount.currency, currencies.pop(), receipt.value_date)
        done = allocations(uow)
        try:
            a = allocate(
                receipt,
                recs,
                collected=collected_by_line(done),
                rate=rate,
                mode=mode,
                collector=collector,
            )
        except ValueError as e:
            raise SettlementRefused(str(e)) from None
        if not a.shares and a.mode is CollectionMode.PRINCIPAL:
            raise SettlementRefused(
                f"mode principal: merchant {collector} has no lines on "
                f"{', '.join(sorted(set(declaration_nos)))}"
            )
        _store_allocation(uow, row, a, now, quota_policy, done)
        m = ReceiptMatch(
            receipt.key,
            a.buyer_code,
            tuple(sorted(set(declaration_nos))),
            Decimal(1),
            ("allocated by hand from the review queue",),
            False,
        )
        _set_match(uow, row.id, m, "allocated", now)
        uow.commit()
    return a


def _match_of(m: ReceiptMatchRow) -> ReceiptMatch:
    return ReceiptMatch(
        m.receipt.key,
        m.buyer_code or None,
        tuple(m.declaration_nos.split()),
        m.confidence,
        tuple(m.reasons.splitlines()),
        m.status == "review",
    )


def review_queue(uow: UnitOfWork) -> list[tuple[BankReceipt, ReceiptMatch]]:
    """Receipts waiting for a clerk, with the match and its reasons."""
    open_ids = {r.id for r in _open_receipts(uow)}
    rows = uow.session.scalars(
        select(ReceiptMatchRow)
        .where(ReceiptMatchRow.status == "review")
        .order_by(ReceiptMatchRow.id)
    )
    return [(_receipt(m.receipt), _match_of(m)) for m in rows if m.receipt_id in open_ids]


def _merchants(uow: UnitOfWork) -> dict[str, Merchant]:
    return {
        m.code: Merchant(
            m.code,
            m.name_zh,
            m.name_en,
            m.market,
            m.district,
            m.stall,
            m.licence_id,
            m.individual,
        )
        for m in uow.session.scalars(select(MerchantRow).order_by(MerchantRow.code))
    }


def _to_usd(uow: UnitOfWork) -> Callable[[Money, date], Conversion]:
    table = customs_rate_table(uow)

    def to_usd(money: Money, on: date) -> Conversion:
        return convert(money, customs_monthly_rate(table, money.currency, "USD", on))

    return to_usd


_WARN = (QuotaLevel.NEAR, QuotaLevel.EXCEEDED)


def _quota_of(
    uow: UnitOfWork,
    merchant_code: str,
    done: Sequence[Allocation],
    year: int,
    policy: QuotaPolicy | None = None,
) -> QuotaStatus | None:
    """The merchant's quota status when it is near or over its personal quota, else None."""
    m = _merchants(uow).get(merchant_code)
    if m is None:
        return None
    try:
        st = quota_check(m, done, year, policy=policy, to_usd=_to_usd(uow))
    except (KeyError, ValueError):
        return None
    return st if st.level in _WARN else None


def _quota(
    uow: UnitOfWork, done: Sequence[Allocation], year: int, policy: QuotaPolicy | None = None
) -> tuple[QuotaStatus, ...]:
    """Individual merchants near or over their personal FX quota (only what they collected in
    their own name counts; receipts in other currencies at the customs monthly rate)."""
    to_usd = _to_usd(uow)
    out = []
    for m in _merchants(uow).values():
        try:
            st = quota_check(m, done, year, policy=policy, to_usd=to_usd)
        except (KeyError, ValueError):
            continue
        if st.level in _WARN:
            out.append(st)
    return tuple(out)


def quota_warnings(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(receipt key, warning) stored with mode-3 allocations in force, oldest first."""
    gone = _reversed(uow)
    rows = uow.session.scalars(
        select(AllocationRow).where(AllocationRow.quota_warning != "").order_by(AllocationRow.id)
    )
    return [(r.receipt.key, r.quota_warning) for r in rows if r.entry_id not in gone]


# ---------------------------------------------------------------- payouts


@dataclass(frozen=True)
class PayoutReport:
    payout: Payout
    entry_id: str
    added: bool  # False: a payout with this reference was already on record
    held_after: Money  # still held for the merchant in that currency


def _payout(row: PayoutRow) -> Payout:
    return Payout(row.merchant_code, Money(row.amount, row.currency), row.paid_on, row.reference)


def payouts(uow: UnitOfWork) -> list[Payout]:
    """Payouts in force (those whose journal entry was not reversed)."""
    gone = _reversed(uow)
    rows = uow.session.scalars(select(PayoutRow).order_by(PayoutRow.paid_on, PayoutRow.id))
    return [_payout(r) for r in rows if r.entry_id not in gone]


def held_for(uow: UnitOfWork, merchant_code: str, currency: str) -> Money:
    """Allocated to the merchant in modes 1 and 2 and not yet paid out: the credit balance of
    `due:<merchant>` in the ledger (mode 3 collections never enter it)."""
    return -_ledger(uow).balance(f"due:{merchant_code}", currency)


def pay_out(
    new_uow: NewUow,
    merchant_code: str,
    amount: Money,
    reference: str,
    now: datetime,
    *,
    paid_on: date | None = None,
    account: str | None = None,
) -> PayoutReport:
    """Pay a merchant from what was collected for it: a payout row and its journal entry (Dr
    due:<merchant>, Cr bank) in one transaction. Refused, with nothing written, above what is
    held for the merchant in that currency. The same reference again adds nothing (the same
    merchant and amount) or is refused (anything else). `account` defaults to the first
    registered collecting account in the payout's currency."""
    reference = reference.strip()
    if not reference:
        raise SettlementRefused("a payout needs a reference (e.g. the bank's transfer reference)")
    if amount.amount <= 0:
        raise SettlementRefused(f"payout {reference}: amount must be positive, not {amount}")
    if amount.rounded() != amount:
        raise SettlementRefused(
            f"payout {reference}: {amount.amount} has more decimals than {amount.currency} allows"
        )
    with new_uow() as uow:
        known = uow.session.scalar(select(PayoutRow).where(PayoutRow.reference == reference))
        if known is not None:
            same = (known.merchant_code, Money(known.amount, known.currency)) == (
                merchant_code,
                amount,
            )
            if not same:
                raise SettlementRefused(
                    f"payout reference {reference} is already used for "
                    f"{Money(known.amount, known.currency)} to {known.merchant_code}"
                )
            return PayoutReport(
                _payout(known), known.entry_id, False, held_for(uow, merchant_code, amount.currency)
            )
        if merchant_code not in _merchants(uow):
            raise SettlementRefused(f"unknown merchant {merchant_code!r}")
        held = held_for(uow, merchant_code, amount.currency)
        if amount > held:
            raise SettlementRefused(
                f"payout {reference}: {amount} to {merchant_code} is more than is held for it "
                f"(allocated and not yet paid out: {held})"
            )
        accounts = _accounts(uow)
        if account is None:
            fits = sorted(a for a, c in accounts.items() if c == amount.currency)
            if not fits:
                raise SettlementRefused(f"no registered collecting account in {amount.currency}")
            account = fits[0]
        elif accounts.get(account) != amount.currency:
            raise SettlementRefused(
                f"account {account} is not a registered {amount.currency} collecting account"
            )
        p = Payout(merchant_code, amount, paid_on or now.date(), reference)
        entry_id = _entry_no(uow, "P")
        _store_entry(uow, payout_entry(p, entry_id, account), now)
        uow.session.add(
            PayoutRow(
                reference=reference,
                merchant_code=merchant_code,
                amount=amount.amount,
                currency=amount.currency,
                paid_on=p.paid_on,
                account_no=account,
                entry_id=entry_id,
                recorded_at=now,
            )
        )
        uow.session.flush()
        after = held_for(uow, merchant_code, amount.currency)
        uow.commit()
    return PayoutReport(p, entry_id, True, after)


# ---------------------------------------------------------------- outputs


def write_receipts_and_allocations(new_uow: NewUow, out_dir: Path) -> tuple[Path, Path]:
    """`settlement/receipts.csv` (every receipt with its match) and `allocations.csv` (every
    share in force, plus over-collection rows), sorted so that the same data give the same files.
    """
    folder = out_dir / "settlement"
    folder.mkdir(parents=True, exist_ok=True)
    with new_uow() as uow:
        matches = {m.receipt_id: m for m in uow.session.scalars(select(ReceiptMatchRow))}
        receipts = uow.session.scalars(
            select(BankReceiptRow).order_by(BankReceiptRow.value_date, BankReceiptRow.key)
        ).all()
        rows = [
            receipt_row(_receipt(r), _match_of(matches[r.id]) if r.id in matches else None)
            for r in receipts
        ]
        alloc_rows = [row for a in allocations(uow) for row in allocation_rows(a)]
    rp, ap = folder / "receipts.csv", folder / "allocations.csv"
    for path, cols, data in ((rp, RECEIPT_COLUMNS, rows), (ap, ALLOCATION_COLUMNS, alloc_rows)):
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, cols)
            w.writeheader()
            w.writerows(data)
    return rp, ap


def vat_report(new_uow: NewUow, year: int, month: int, out_dir: Path) -> tuple[Path, Path]:
    """The VAT-exempt (免征不退) report of a month's exports per merchant, as .xlsx and PDF."""
    with new_uow() as uow:
        report = vat_exempt_report(
            receivables(uow),
            year,
            month,
            merchants=_merchants(uow),
            customs_rates=customs_rate_table(uow) or None,
        )
    stem = out_dir / "settlement" / f"vat-exempt-{year}-{month:02d}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    return (
        write_vat_exempt_xlsx(stem.with_suffix(".xlsx"), report),
        write_vat_exempt_pdf(stem.with_suffix(".pdf"), report),
    )


def _statement_data(
    uow: UnitOfWork,
) -> tuple[list[Receivable], list[Allocation], list[Payout], dict[str, Merchant], dict[str, Buyer]]:
    return (
        receivables(uow),
        allocations(uow),
        payouts(uow),
        _merchants(uow),
        {b.code: b for b in _buyers(uow)},
    )


def merchant_statement_of(uow: UnitOfWork, merchant_code: str, as_of: date) -> MerchantStatement:
    """A merchant's statement from the stored lines, allocations and payouts."""
    if merchant_code not in _merchants(uow):
        raise SettlementRefused(f"unknown merchant {merchant_code!r}")
    return merchant_statement(
        merchant_code, receivables(uow), allocations(uow), payouts(uow), as_of
    )


def write_statements(
    new_uow: NewUow,
    as_of: date,
    out_dir: Path,
    merchants: Sequence[str] | None = None,
    buyers: Sequence[str] | None = None,
) -> list[Path]:
    """Merchant statements (`settlement/merchants/<code>.xlsx|.pdf`) and buyer statements
    (`settlement/buyers/<code>.xlsx|.pdf`): all parties on a declaration unless named."""
    with new_uow() as uow:
        recs, allocs, paid, known_m, known_b = _statement_data(uow)
    for code in merchants or ():
        if code not in known_m:
            raise SettlementRefused(f"unknown merchant {code!r}")
    for code in buyers or ():
        if code not in known_b:
            raise SettlementRefused(f"unknown buyer {code!r}")
    if merchants is None and buyers is None:
        merchants = sorted({r.merchant_code for r in recs})
        buyers = sorted({r.buyer_code for r in recs})
    written: list[Path] = []
    folder = out_dir / "settlement" / "merchants"
    for code in merchants or ():
        folder.mkdir(parents=True, exist_ok=True)
        ms = merchant_statement(code, recs, allocs, paid, as_of)
        name = known_m[code].name_en
        written += [
            write_merchant_statement_xlsx(folder / f"{code}.xlsx", ms, name),
            write_merchant_statement_pdf(folder / f"{code}.pdf", ms, name),
        ]
    folder = out_dir / "settlement" / "buyers"
    for code in buyers or ():
        folder.mkdir(parents=True, exist_ok=True)
        bs = buyer_statement(code, recs, allocs, as_of)
        b = known_b[code]
        written += [
            write_buyer_statement_xlsx(folder / f"{code}.xlsx", bs, b.company or b.name),
            write_buyer_statement_pdf(folder / f"{code}.pdf", bs, b.company or b.name),
        ]
    return written


def parties_with_receivables(uow: UnitOfWork) -> tuple[list[str], list[str]]:
    """(merchant codes, buyer codes) that appear on a declaration."""
    recs = receivables(uow)
    return sorted({r.merchant_code for r in recs}), sorted({r.buyer_code for r in recs})


def export_months(uow: UnitOfWork) -> list[tuple[int, int]]:
    days = uow.session.scalars(select(DeclarationRow.declared_on)).all()
    return sorted({(d.year, d.month) for d in days})


def shipment_refs(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(ShipmentRow.ref).order_by(ShipmentRow.ref)))
