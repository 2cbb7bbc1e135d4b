"""What the service layer hands settlement: one declared list line per merchant, and payouts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pinxiang.domain.money import Money
from pinxiang.settlement.fx import Conversion


@dataclass(frozen=True)
class Receivable:
    """A declared transaction list line (交易清单 line) as collectable from a buyer.

    Built by the service from declarations and orders: one merchant's line on one declaration."""

    declaration_no: str
    buyer_code: str
    merchant_code: str
    list_line_ref: str  # unique business reference of the list line
    value: Money  # declared value of the line, in the declaration currency
    export_date: date
    shipment_ref: str = ""
    order_no: str = ""
    description: str = ""
    agency_agreement: str = ""  # reference of the written agency agreement (entrusted export)

    def __post_init__(self) -> None:
        if self.value.amount <= 0:
            raise ValueError(f"list line {self.list_line_ref}: value must be positive")
        if self.value.rounded() != self.value:
            raise ValueError(
                f"list line {self.list_line_ref}: value {self.value.amount} has more decimals "
                f"than {self.value.currency} allows"
            )


@dataclass(frozen=True)
class Payout:
    """Money passed on to a merchant from collections held for it.

    `amount` is in the collection currency; `conversion` records the settlement into, e.g., CNY
    at the bank's rate when the merchant was paid in another currency."""

    merchant_code: str
    amount: Money
    paid_on: date
    reference: str
    conversion: Conversion | None = None

    def __post_init__(self) -> None:
        if self.amount.amount <= 0:
            raise ValueError(f"payout {self.reference}: amount must be positive")
        if self.conversion is not None and self.conversion.from_money != self.amount:
            raise ValueError(f"payout {self.reference}: conversion must start from its amount")
