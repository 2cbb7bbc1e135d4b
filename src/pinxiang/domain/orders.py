"""Purchase orders a buyer places with market merchants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pinxiang.domain.money import Money


@dataclass(frozen=True)
class OrderLine:
    """One article from one merchant: quantity in trade units at a unit price.

    `ref` is the business reference of the line (order no. + line no.)."""

    ref: str
    order_no: str
    merchant_code: str
    sku: str
    quantity: int  # trade units
    unit_price: Money
    cartons: int  # cartons the merchant will deliver

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"order line {self.ref}: quantity must be positive")
        if self.cartons <= 0:
            raise ValueError(f"order line {self.ref}: cartons must be positive")
        if self.unit_price.amount < 0:
            raise ValueError(f"order line {self.ref}: unit price must not be negative")

    @property
    def value(self) -> Money:
        return (self.unit_price * self.quantity).rounded()


@dataclass(frozen=True)
class PurchaseOrder:
    order_no: str
    buyer_code: str
    shipment_ref: str
    placed_at: datetime
    lines: tuple[OrderLine, ...]

    def __post_init__(self) -> None:
        if self.placed_at.tzinfo is None:
            raise ValueError("order time must be timezone-aware")
