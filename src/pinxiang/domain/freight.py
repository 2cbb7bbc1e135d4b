"""Freight rates per route and container type.

The defaults are illustrative only, in USD, and meant to be replaced by a forwarder's own
contract rates: sea figures are in the range of 2024–25 Ningbo/Tianjin spot quotes for the
lanes of the demo; rail figures follow the USD 2,800–3,500 per 20' and 4,200–5,500 per 40'
quoted for Yiwu China–Europe trains (market_procurement.md §5.3, tagged [S-weak] there)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from pinxiang.domain.money import Money
from pinxiang.domain.shipments import Route


def _rates(r20: int, r40: int, r40hq: int, r45: int) -> Mapping[str, Decimal]:
    return {
        "20GP": Decimal(r20),
        "40GP": Decimal(r40),
        "40HQ": Decimal(r40hq),
        "45HQ": Decimal(r45),
    }


DEFAULT_RATES: Mapping[Route, Mapping[str, Decimal]] = {
    Route.SEA_NINGBO: _rates(1650, 2450, 2550, 2950),
    Route.SEA_TIANJIN: _rates(1750, 2600, 2700, 3100),
    Route.SEA_RAIL: _rates(1750, 2600, 2700, 3100),
    Route.RAIL_CHINA_EUROPE: _rates(3200, 4800, 4900, 5600),
}


@dataclass(frozen=True)
class FreightRates:
    currency: str = "USD"
    per_container: Mapping[Route, Mapping[str, Decimal]] = field(
        default_factory=lambda: dict(DEFAULT_RATES)
    )

    def rate(self, route: Route, container_type: str) -> Money:
        try:
            return Money(self.per_container[route][container_type], self.currency)
        except KeyError:
            raise KeyError(f"no freight rate for {container_type} on route {route.value}") from None
