"""Tables of the customs side: parties and filings on record, the customs monthly rates, and the
transaction lists and declarations of each shipment with the list-line → declaration-line trace.

Lot states and their append-only events live in `tables.py` (`LotStateRow`, `LotEventRow`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pinxiang.persistence.tables import Base, OrderLineRow, ShipmentRow
from pinxiang.persistence.types import ExactDecimal


class TradeOperatorRow(Base):
    """The market procurement trade operator (市场采购贸易经营者): the declarations' consignor."""

    __tablename__ = "trade_operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18))
    customs_code: Mapped[str] = mapped_column(String(10))
    ciq_code: Mapped[str] = mapped_column(String(10), default="")


class ConsolidatorRow(Base):
    """The consolidator (组货人) running the consolidation site."""

    __tablename__ = "consolidators"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18))
    site: Mapped[str] = mapped_column(String(200))


class FilingRow(Base):
    """One filing (备案) of a party in a role, valid from/to inclusive (to None = indefinite)."""

    __tablename__ = "filings"
    id: Mapped[int] = mapped_column(primary_key=True)
    filing_no: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    party_code: Mapped[str] = mapped_column(String(40), index=True)
    authority: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)


class AgencyAgreementRow(Base):
    """A merchant's written agency agreement with the operator (needed for the VAT exemption of
    entrusted exports, market_procurement.md §3.1)."""

    __tablename__ = "agency_agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    merchant_code: Mapped[str] = mapped_column(String(40), index=True)
    operator_code: Mapped[str] = mapped_column(String(40))
    signed_on: Mapped[date] = mapped_column(Date)


class CustomsRateRow(Base):
    """Customs monthly exchange rate (海关月度汇率): CNY per one unit of `currency`."""

    __tablename__ = "customs_rates"
    __table_args__ = (
        UniqueConstraint("currency", "year", "month", name="uq_customs_rates_currency_month"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    cny_per_unit: Mapped[Decimal] = mapped_column(ExactDecimal())
    source: Mapped[str] = mapped_column(String(200), default="")


class TransactionListRow(Base):
    """A 交易清单: one merchant's deal with one buyer (per order), as built for a shipment."""

    __tablename__ = "transaction_lists"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_no: Mapped[str] = mapped_column(String(80), unique=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    order_no: Mapped[str] = mapped_column(String(40))
    merchant_code: Mapped[str] = mapped_column(String(40))
    buyer_code: Mapped[str] = mapped_column(String(40))
    operator_code: Mapped[str] = mapped_column(String(40))
    consolidator_code: Mapped[str] = mapped_column(String(40), default="")
    deal_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    settlement: Mapped[str] = mapped_column(String(10))
    shipment: Mapped[ShipmentRow] = relationship()
    lines: Mapped[list[ListLineRow]] = relationship(
        order_by="ListLineRow.line_no", cascade="all, delete-orphan", back_populates="list"
    )


class ListLineRow(Base):
    """A list line at its original 10-digit HS code; `blocked_rule` names the exclusion rule that
    kept it off every declaration ("" when declared)."""

    __tablename__ = "list_lines"
    __table_args__ = (UniqueConstraint("list_id", "line_no", name="uq_list_lines_list_line"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(90), unique=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("transaction_lists.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    merchant_code: Mapped[str] = mapped_column(String(40))
    sku: Mapped[str] = mapped_column(String(60))
    hs_code: Mapped[str] = mapped_column(String(10))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    elements: Mapped[str] = mapped_column(Text, default="")
    trade_qty: Mapped[Decimal] = mapped_column(ExactDecimal())
    trade_unit: Mapped[str] = mapped_column(String(3))
    qty1: Mapped[Decimal] = mapped_column(ExactDecimal())
    unit1: Mapped[str] = mapped_column(String(3))
    qty2: Mapped[Decimal | None] = mapped_column(ExactDecimal(), nullable=True)
    unit2: Mapped[str | None] = mapped_column(String(3), nullable=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
    packages: Mapped[int] = mapped_column(Integer)
    gross_g: Mapped[int] = mapped_column(Integer)
    net_g: Mapped[int] = mapped_column(Integer)
    inspected: Mapped[bool] = mapped_column(Boolean, default=False)
    dutiable: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked_rule: Mapped[str] = mapped_column(String(60), default="")
    blocked_message: Mapped[str] = mapped_column(Text, default="")
    list: Mapped[TransactionListRow] = relationship(back_populates="lines")
    order_line: Mapped[OrderLineRow] = relationship()


class DeclarationRow(Base):
    """A 报关单 of a shipment. `submitted` once its lots are declared: from then on re-running
    the declarations of the shipment leaves it alone (amendments are 修撤单, a lot event)."""

    __tablename__ = "declarations"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    declared_on: Mapped[date] = mapped_column(Date)
    operator_code: Mapped[str] = mapped_column(String(40))
    buyer_codes: Mapped[str] = mapped_column(String(200))
    list_nos: Mapped[str] = mapped_column(Text)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(ExactDecimal())
    total_usd: Mapped[Decimal] = mapped_column(ExactDecimal())
    usd_rate_source: Mapped[str] = mapped_column(String(80))
    packages: Mapped[int] = mapped_column(Integer)
    gross_g: Mapped[int] = mapped_column(Integer)
    net_g: Mapped[int] = mapped_column(Integer)
    submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    shipment: Mapped[ShipmentRow] = relationship()
    lines: Mapped[list[DeclarationLineRow]] = relationship(
        order_by="DeclarationLineRow.g_no", cascade="all, delete-orphan"
    )


class DeclarationLineRow(Base):
    __tablename__ = "declaration_lines"
    __table_args__ = (
        UniqueConstraint("declaration_id", "g_no", name="uq_declaration_lines_decl_gno"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"))
    g_no: Mapped[int] = mapped_column(Integer)
    code_ts: Mapped[str] = mapped_column(String(10))
    g_name: Mapped[str] = mapped_column(String(200))
    g_model: Mapped[str] = mapped_column(Text, default="")
    g_qty: Mapped[Decimal] = mapped_column(ExactDecimal())
    g_unit: Mapped[str] = mapped_column(String(3))
    qty1: Mapped[Decimal] = mapped_column(ExactDecimal())
    unit1: Mapped[str] = mapped_column(String(3))
    decl_total: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
    value_usd: Mapped[Decimal] = mapped_column(ExactDecimal())
    merged: Mapped[bool] = mapped_column(Boolean, default=False)
    sources: Mapped[list[DeclarationTraceRow]] = relationship(cascade="all, delete-orphan")


class DeclarationTraceRow(Base):
    """Which declaration line (项号) declares a list line: exactly one per declared list line."""

    __tablename__ = "declaration_trace"
    __table_args__ = (UniqueConstraint("list_line_id", name="uq_declaration_trace_list_line"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_line_id: Mapped[int] = mapped_column(ForeignKey("declaration_lines.id"))
    list_line_id: Mapped[int] = mapped_column(ForeignKey("list_lines.id"))
    list_line: Mapped[ListLineRow] = relationship()
