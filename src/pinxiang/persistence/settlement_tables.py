"""Tables of the settlement side: collecting accounts, bank receipts, bank rates, matches (the
review queue), allocations with their shares, and the append-only journal (entries, postings).

Nothing here is ever updated in place except a match's review status: a correction is a
reversing journal entry, and an allocation whose entry was reversed no longer counts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pinxiang.persistence.tables import Base
from pinxiang.persistence.types import AwareDateTime, ExactDecimal


class BankAccountRow(Base):
    """A collecting account (FX settlement account) of the operator."""

    __tablename__ = "bank_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_no: Mapped[str] = mapped_column(String(40), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    bank: Mapped[str] = mapped_column(String(200))
    holder: Mapped[str] = mapped_column(String(200))


class StatementImportRow(Base):
    """Every statement file imported, by content hash (audit trail)."""

    __tablename__ = "statement_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    account_no: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[datetime] = mapped_column(AwareDateTime())
    new: Mapped[int] = mapped_column(Integer)
    known: Mapped[int] = mapped_column(Integer)


class BankReceiptRow(Base):
    """An inbound remittance (收汇), keyed so that the same statement twice adds nothing."""

    __tablename__ = "bank_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    account_no: Mapped[str] = mapped_column(String(40), index=True)
    value_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
    reference: Mapped[str] = mapped_column(String(80))
    payer_name: Mapped[str] = mapped_column(String(200), default="")
    payer_country: Mapped[str] = mapped_column(String(2), default="")
    remittance_info: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="manual")
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime())
    # FX collection mode (汇律发〔2025〕2号): exporter, declaring_agent or principal (mode 3, the
    # merchant collects in its own name into its own account: nothing enters the operator's books)
    mode: Mapped[str] = mapped_column(String(20), default="declaring_agent")
    collector: Mapped[str] = mapped_column(String(40), default="")


class BankRateRow(Base):
    """A bank's FX rate for converting receipts: `rate` units of `to` per one unit of `from`."""

    __tablename__ = "bank_rates"
    __table_args__ = (
        UniqueConstraint("from_currency", "to_currency", "on", name="uq_bank_rates_pair_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    from_currency: Mapped[str] = mapped_column(String(3))
    to_currency: Mapped[str] = mapped_column(String(3))
    on: Mapped[date] = mapped_column(Date)
    rate: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str] = mapped_column(String(200))


class ReceiptMatchRow(Base):
    """The latest match of a receipt. `status`: review (in the queue), allocated."""

    __tablename__ = "receipt_matches"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("bank_receipts.id"), unique=True)
    buyer_code: Mapped[str] = mapped_column(String(40), default="")
    declaration_nos: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[Decimal] = mapped_column(ExactDecimal())
    reasons: Mapped[str] = mapped_column(Text, default="")
    needs_review: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    matched_at: Mapped[datetime] = mapped_column(AwareDateTime())
    receipt: Mapped[BankReceiptRow] = relationship()


class JournalEntryRow(Base):
    """A balanced journal entry; never edited. `reverses` names the entry it undoes."""

    __tablename__ = "journal_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(80), unique=True)
    on: Mapped[date] = mapped_column(Date)
    memo: Mapped[str] = mapped_column(Text)
    reverses: Mapped[str | None] = mapped_column(String(80), nullable=True, unique=True)
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime())
    postings: Mapped[list[PostingRow]] = relationship(
        order_by="PostingRow.seq", cascade="all, delete-orphan"
    )


class PostingRow(Base):
    """Positive = debit, negative = credit, in `currency`."""

    __tablename__ = "postings"
    __table_args__ = (UniqueConstraint("entry_id", "seq", name="uq_postings_entry_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"))
    seq: Mapped[int] = mapped_column(Integer)
    account: Mapped[str] = mapped_column(String(80), index=True)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))


class AllocationRow(Base):
    """How a receipt was applied. The conversion (rate, source, day) sits beside the converted
    amount; `entry_id` is the journal entry that books it."""

    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("bank_receipts.id"), index=True)
    # None in mode 3: the merchant collected in its own name, nothing enters the books
    entry_id: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    buyer_code: Mapped[str] = mapped_column(String(40))
    on: Mapped[date] = mapped_column(Date)
    received: Mapped[Decimal] = mapped_column(ExactDecimal())
    received_currency: Mapped[str] = mapped_column(String(3))
    applied: Mapped[Decimal] = mapped_column(ExactDecimal())
    applied_currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    rate_source: Mapped[str] = mapped_column(String(200), default="")
    rate_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    over_collected: Mapped[Decimal] = mapped_column(ExactDecimal())
    mode: Mapped[str] = mapped_column(String(20))
    collector: Mapped[str] = mapped_column(String(40), default="")
    quota_warning: Mapped[str] = mapped_column(Text, default="")  # mode 3: near/over the quota
    receipt: Mapped[BankReceiptRow] = relationship()
    shares: Mapped[list[AllocationShareRow]] = relationship(
        order_by="AllocationShareRow.list_line_ref", cascade="all, delete-orphan"
    )


class AllocationShareRow(Base):
    __tablename__ = "allocation_shares"
    id: Mapped[int] = mapped_column(primary_key=True)
    allocation_id: Mapped[int] = mapped_column(ForeignKey("allocations.id"))
    declaration_no: Mapped[str] = mapped_column(String(60))
    list_line_ref: Mapped[str] = mapped_column(String(90))
    merchant_code: Mapped[str] = mapped_column(String(40), index=True)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))


class PayoutRow(Base):
    """Money paid on to a merchant from what was collected for it (append-only; a correction is
    a reversing journal entry). `reference` makes a payout idempotent."""

    __tablename__ = "payouts"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    merchant_code: Mapped[str] = mapped_column(String(40), index=True)
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date] = mapped_column(Date)
    account_no: Mapped[str] = mapped_column(String(40))
    entry_id: Mapped[str] = mapped_column(String(80), unique=True)
    recorded_at: Mapped[datetime] = mapped_column(AwareDateTime())
