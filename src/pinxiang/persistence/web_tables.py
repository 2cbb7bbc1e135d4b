"""Tables of the web application: user accounts, server-side sessions and background jobs.

Also the read-side indexes the web's paginated lists and scoped queries need (foreign keys
that SQLite and PostgreSQL do not index by themselves)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pinxiang.persistence.tables import (
    Base,
    OrderLineRow,
    OrderRow,
    PlacementRow,
    ProductRow,
    ReceiptRow,
)
from pinxiang.persistence.types import AwareDateTime


class UserRow(Base):
    """A person who logs in. Buyers and merchants are tied to their party by `party_code`."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    party_code: Mapped[str] = mapped_column(String(40), default="")
    display_name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(10), default="zh")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())


class SessionRow(Base):
    """A login. The cookie carries a signed random token; only its SHA-256 is stored."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime())
    user: Mapped[UserRow] = relationship()


class JobRow(Base):
    """A background job (planning) and its progress, polled by the pages."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20))  # queued, running, done, failed
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")  # JSON
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    started_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(AwareDateTime(), nullable=True)


READ_INDEXES = (
    Index("ix_placements_container_id", PlacementRow.container_id),
    Index("ix_placements_receipt_id", PlacementRow.receipt_id),
    Index("ix_receipts_order_line_id", ReceiptRow.order_line_id),
    Index("ix_order_lines_order_id", OrderLineRow.order_id),
    Index("ix_order_lines_product_id", OrderLineRow.product_id),
    Index("ix_orders_buyer_id", OrderRow.buyer_id),
    Index("ix_orders_shipment_id", OrderRow.shipment_id),
    Index("ix_products_merchant_id", ProductRow.merchant_id),
)
