"""The relational schema. Rows are not domain objects: `repository.py` converts between them.

Every table has a surrogate integer key and a unique business reference, which is what makes
imports idempotent."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pinxiang.persistence.types import AwareDateTime, ExactDecimal

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class MerchantRow(Base):
    __tablename__ = "merchants"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    market: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(40))
    stall: Mapped[str] = mapped_column(String(40))
    licence_id: Mapped[str] = mapped_column(String(40))
    individual: Mapped[bool] = mapped_column(Boolean, default=True)


class BuyerRow(Base):
    __tablename__ = "buyers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    nationality: Mapped[str] = mapped_column(String(2))
    id_document: Mapped[str] = mapped_column(String(40))
    company: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))


class ShipmentBuyerRow(Base):
    __tablename__ = "shipment_buyers"
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ShipmentRow(Base):
    __tablename__ = "shipments"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(40), unique=True)
    destination_country: Mapped[str] = mapped_column(String(2))
    destination: Mapped[str] = mapped_column(String(100))
    route: Mapped[str] = mapped_column(String(30))
    cutoff: Mapped[datetime] = mapped_column(AwareDateTime())
    buyers: Mapped[list[ShipmentBuyerRow]] = relationship(
        order_by=ShipmentBuyerRow.position, cascade="all, delete-orphan"
    )


class ProductRow(Base):
    __tablename__ = "products"
    __table_args__ = (UniqueConstraint("merchant_id", "sku", name="uq_products_merchant_sku"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(ForeignKey("merchants.id"))
    sku: Mapped[str] = mapped_column(String(60))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    hs_code: Mapped[str] = mapped_column(String(10))
    hs_edition: Mapped[str] = mapped_column(String(10))
    declared_elements: Mapped[str] = mapped_column(Text, default="")
    trade_unit: Mapped[str] = mapped_column(String(20))
    units_per_carton: Mapped[int] = mapped_column(Integer)
    length_mm: Mapped[int] = mapped_column(Integer)
    width_mm: Mapped[int] = mapped_column(Integer)
    height_mm: Mapped[int] = mapped_column(Integer)
    gross_g: Mapped[int] = mapped_column(Integer)
    net_g: Mapped[int] = mapped_column(Integer)
    this_side_up: Mapped[bool] = mapped_column(Boolean, default=False)
    fragile: Mapped[bool] = mapped_column(Boolean, default=False)
    stackable: Mapped[bool] = mapped_column(Boolean, default=True)
    max_load_on_top_g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    merchant: Mapped[MerchantRow] = relationship()


class OrderRow(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(40), unique=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"))
    placed_at: Mapped[datetime] = mapped_column(AwareDateTime())
    buyer: Mapped[BuyerRow] = relationship()
    shipment: Mapped[ShipmentRow] = relationship()


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(ExactDecimal())
    currency: Mapped[str] = mapped_column(String(3))
    cartons: Mapped[int] = mapped_column(Integer)
    order: Mapped[OrderRow] = relationship()
    product: Mapped[ProductRow] = relationship()


class ReceiptRow(Base):
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    lot_no: Mapped[str] = mapped_column(String(40), unique=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    cartons: Mapped[int] = mapped_column(Integer)
    length_mm: Mapped[int] = mapped_column(Integer)
    width_mm: Mapped[int] = mapped_column(Integer)
    height_mm: Mapped[int] = mapped_column(Integer)
    gross_g: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(AwareDateTime())
    location: Mapped[str] = mapped_column(String(40), default="")
    order_line: Mapped[OrderLineRow] = relationship()


class ContainerTypeRow(Base):
    """Equipment as a carrier publishes it; the planner reads the catalogue from here."""

    __tablename__ = "container_types"
    __table_args__ = (UniqueConstraint("carrier", "code", name="uq_container_types_carrier_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    carrier: Mapped[str] = mapped_column(String(40), default="default")
    code: Mapped[str] = mapped_column(String(10))
    inner_length_mm: Mapped[int] = mapped_column(Integer)
    inner_width_mm: Mapped[int] = mapped_column(Integer)
    inner_height_mm: Mapped[int] = mapped_column(Integer)
    door_width_mm: Mapped[int] = mapped_column(Integer)
    door_height_mm: Mapped[int] = mapped_column(Integer)
    tare_g: Mapped[int] = mapped_column(Integer)
    max_payload_g: Mapped[int] = mapped_column(Integer)
    teu: Mapped[int] = mapped_column(Integer)


class PlanRow(Base):
    """The current load plan of a shipment (re-planning replaces it)."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime())
    seed: Mapped[int] = mapped_column(Integer)
    time_limit_s: Mapped[Decimal] = mapped_column(ExactDecimal())
    freight: Mapped[Decimal] = mapped_column(ExactDecimal())
    freight_currency: Mapped[str] = mapped_column(String(3))
    shipment: Mapped[ShipmentRow] = relationship()
    containers: Mapped[list[PlannedContainerRow]] = relationship(
        order_by="PlannedContainerRow.seq", cascade="all, delete-orphan"
    )
    unplaced: Mapped[list[UnplacedRow]] = relationship(cascade="all, delete-orphan")


class PlannedContainerRow(Base):
    __tablename__ = "planned_containers"
    __table_args__ = (UniqueConstraint("plan_id", "seq", name="uq_planned_containers_plan_seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    seq: Mapped[int] = mapped_column(Integer)
    container_type: Mapped[str] = mapped_column(String(10))
    inner_volume_mm3: Mapped[int] = mapped_column(BigInteger)
    max_payload_g: Mapped[int] = mapped_column(Integer)
    freight: Mapped[Decimal] = mapped_column(ExactDecimal())
    # Totals of the placements, written with them (services.consolidation._store), so that
    # the lists read one row per container instead of aggregating every placement.
    cartons: Mapped[int] = mapped_column(Integer, default=0)
    loaded_mm3: Mapped[int] = mapped_column(BigInteger, default=0)
    loaded_g: Mapped[int] = mapped_column(BigInteger, default=0)
    placements: Mapped[list[PlacementRow]] = relationship(
        order_by="PlacementRow.step", cascade="all, delete-orphan"
    )


class PlacementRow(Base):
    __tablename__ = "placements"
    __table_args__ = (UniqueConstraint("carton_id", name="uq_placements_carton_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    container_id: Mapped[int] = mapped_column(ForeignKey("planned_containers.id"))
    carton_id: Mapped[str] = mapped_column(String(60))
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"))
    step: Mapped[int] = mapped_column(Integer)
    x_mm: Mapped[int] = mapped_column(Integer)
    y_mm: Mapped[int] = mapped_column(Integer)
    z_mm: Mapped[int] = mapped_column(Integer)
    length_mm: Mapped[int] = mapped_column(Integer)
    width_mm: Mapped[int] = mapped_column(Integer)
    height_mm: Mapped[int] = mapped_column(Integer)
    orientation: Mapped[str] = mapped_column(String(20))
    receipt: Mapped[ReceiptRow] = relationship()


class UnplacedRow(Base):
    __tablename__ = "unplaced"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), nullable=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"))
    cartons: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    receipt: Mapped[ReceiptRow | None] = relationship()


class ImportRow(Base):
    """A record of every file imported (by content hash), for the audit trail."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(AwareDateTime())
    inserted: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)


class LotStateRow(Base):
    """The customs state of a received lot (inspect first, then load): one row per lot.

    Written only together with a `LotEventRow`, by the inspection service."""

    __tablename__ = "lot_states"
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(20))
    declaration_ref: Mapped[str] = mapped_column(String(40), default="")
    container_no: Mapped[str] = mapped_column(String(11), default="")
    seal_no: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(AwareDateTime())
    receipt: Mapped[ReceiptRow] = relationship()


class LotEventRow(Base):
    """The append-only audit log of lot transitions: who, when, why. Never updated or deleted."""

    __tablename__ = "lot_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), index=True)
    event: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")
    declaration_ref: Mapped[str] = mapped_column(String(40), default="")
    container_no: Mapped[str] = mapped_column(String(11), default="")
    seal_no: Mapped[str] = mapped_column(String(40), default="")
