"""Tables of the consolidation planner beside the plan itself: LCL consignments, each
container's balance and cost shares, and the record of re-plans after customs holds.

Rows hang off `plans` / `planned_containers` with ON DELETE CASCADE, so replacing a plan
replaces them too."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pinxiang.persistence.tables import Base
from pinxiang.persistence.types import AwareDateTime, ExactDecimal


class LclLotRow(Base):
    """A lot shipped LCL (co-loaded); the buyer's charge is on every lot row of the buyer."""

    __tablename__ = "lcl_lots"
    __table_args__ = (UniqueConstraint("plan_id", "receipt_id", name="uq_lcl_lots_plan_receipt"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"))
    buyer_code: Mapped[str] = mapped_column(String(40))
    cartons: Mapped[int] = mapped_column(Integer)
    buyer_volume_mm3: Mapped[int] = mapped_column(BigInteger)
    buyer_weight_g: Mapped[int] = mapped_column(BigInteger)
    buyer_revenue_tons: Mapped[Decimal] = mapped_column(ExactDecimal())
    buyer_charge: Mapped[Decimal] = mapped_column(ExactDecimal())


class ContainerBalanceRow(Base):
    """Centre of gravity of a planned container and whether it is within tolerance."""

    __tablename__ = "container_balance"
    container_id: Mapped[int] = mapped_column(
        ForeignKey("planned_containers.id", ondelete="CASCADE"), primary_key=True
    )
    cog_x_mm: Mapped[int] = mapped_column(Integer)
    cog_y_mm: Mapped[int] = mapped_column(Integer)
    cog_z_mm: Mapped[int] = mapped_column(Integer)
    offset_length: Mapped[Decimal] = mapped_column(ExactDecimal())
    offset_width: Mapped[Decimal] = mapped_column(ExactDecimal())
    within_tolerance: Mapped[bool] = mapped_column(Boolean)
    shift_x_mm: Mapped[int] = mapped_column(Integer)
    shift_y_mm: Mapped[int] = mapped_column(Integer)
    payload_limit_g: Mapped[int] = mapped_column(Integer)


class CostShareRow(Base):
    """A buyer's share of a container's freight (largest remainder on revenue tons)."""

    __tablename__ = "cost_shares"
    __table_args__ = (
        UniqueConstraint("container_id", "buyer_code", name="uq_cost_shares_container_buyer"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    container_id: Mapped[int] = mapped_column(
        ForeignKey("planned_containers.id", ondelete="CASCADE"), index=True
    )
    buyer_code: Mapped[str] = mapped_column(String(40))
    revenue_tons: Mapped[Decimal] = mapped_column(ExactDecimal())
    amount: Mapped[Decimal] = mapped_column(ExactDecimal())


class ReplanRow(Base):
    """A re-plan after a customs hold: what moved and what was freed (append-only)."""

    __tablename__ = "replans"
    id: Mapped[int] = mapped_column(primary_key=True)
    shipment_id: Mapped[int] = mapped_column(ForeignKey("shipments.id"), index=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime())
    method: Mapped[str] = mapped_column(String(20))
    removed_cartons: Mapped[int] = mapped_column(Integer)
    moved_cartons: Mapped[int] = mapped_column(Integer)
    freed_mm3: Mapped[int] = mapped_column(BigInteger)
