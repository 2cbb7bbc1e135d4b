"""LCL (co-loaded) sea and rail freight, priced per revenue ton (W/M).

A consignment's revenue tons are the greater of its volume in CBM and its mass in tonnes of
`kg_per_cbm` (1 CBM = 1,000 kg on most lanes, 500 kg on some, e.g. Singapore), rounded up to
`step`; the charge is `rate_per_rt` times the greater of that and the lane's minimum, rounded
to the currency's minor unit (market_procurement.md §5.2). The default rates are illustrative
port-to-port figures inside the USD 60–150/CBM range quoted there (rail: its upper end) and are
meant to be replaced by the forwarder's own tariff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from pinxiang.domain.money import Money
from pinxiang.domain.shipments import Route
from pinxiang.domain.units import G_PER_KG, MM3_PER_CBM


@dataclass(frozen=True)
class LclTariff:
    """One lane's LCL price: `rate_per_rt` per revenue ton, at least `minimum_rt` charged."""

    rate_per_rt: Decimal
    currency: str = "USD"
    kg_per_cbm: int = 1000
    minimum_rt: Decimal = Decimal(1)
    step: Decimal = Decimal("0.01")

    def __post_init__(self) -> None:
        if self.rate_per_rt < 0 or self.minimum_rt < 0 or self.kg_per_cbm <= 0:
            raise ValueError("LCL rate, minimum and kg per CBM must be positive")
        if self.step <= 0:
            raise ValueError("LCL rounding step must be positive")

    def revenue_tons(self, volume_mm3: int, weight_g: int) -> Decimal:
        """max(CBM, tonnes at `kg_per_cbm`), rounded up to `step` (exact, no floats)."""
        cbm = Decimal(volume_mm3) / MM3_PER_CBM
        wm = Decimal(weight_g) / (G_PER_KG * self.kg_per_cbm)
        rt = max(cbm, wm)
        return (rt / self.step).to_integral_value(ROUND_CEILING) * self.step

    def chargeable(self, volume_mm3: int, weight_g: int) -> Decimal:
        """Revenue tons charged: at least the minimum."""
        return max(self.revenue_tons(volume_mm3, weight_g), self.minimum_rt)

    def charge(self, volume_mm3: int, weight_g: int) -> Money:
        """The freight for one consignment (a buyer's house bill) on this lane."""
        return Money(
            self.chargeable(volume_mm3, weight_g) * self.rate_per_rt, self.currency
        ).rounded()


def _t(rate: int, minimum: str = "1") -> LclTariff:
    return LclTariff(Decimal(rate), minimum_rt=Decimal(minimum))


DEFAULT_LCL: Mapping[Route, LclTariff] = {
    Route.SEA_NINGBO: _t(95),
    Route.SEA_TIANJIN: _t(105),
    Route.SEA_RAIL: _t(100),
    Route.RAIL_CHINA_EUROPE: _t(185),
}


@dataclass(frozen=True)
class LclTariffs:
    """LCL tariffs per route; `max_cbm` is the largest consignment a co-loader accepts."""

    per_route: Mapping[Route, LclTariff] = field(default_factory=lambda: dict(DEFAULT_LCL))
    max_cbm: Decimal = Decimal(15)

    def tariff(self, route: Route) -> LclTariff | None:
        return self.per_route.get(route)

    def accepts(self, route: Route, volume_mm3: int) -> bool:
        return route in self.per_route and Decimal(volume_mm3) / MM3_PER_CBM <= self.max_cbm
