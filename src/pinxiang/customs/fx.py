"""Customs monthly exchange rates (海关月度汇率): the cap is checked in USD at these rates
(market_procurement.md §1.2 system rule)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pinxiang.customs.errors import MissingExchangeRate
from pinxiang.domain.money import Money, check_currency

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CustomsFxRates:
    """The month's rates as CNY per one unit of each currency, e.g. {"USD": Decimal("7.1")}.

    `month` is "YYYY-MM"; the rates apply to declarations dated in that month."""

    month: str
    cny_per_unit: Mapping[str, Decimal]

    def __post_init__(self) -> None:
        if len(self.month) != 7 or self.month[4] != "-":
            raise ValueError(f"month {self.month!r} must be written YYYY-MM")
        for code, rate in self.cny_per_unit.items():
            check_currency(code)
            if not isinstance(rate, Decimal) or rate <= 0:
                raise ValueError(f"rate for {code} must be a positive Decimal, got {rate!r}")

    @classmethod
    def from_table(cls, table: Mapping[tuple[str, int, int], Decimal], on: date) -> CustomsFxRates:
        """The month of `on` from a table of CNY per unit keyed by (currency, year, month),
        the shape `settlement.fx.customs_monthly_rate` reads."""
        month = {c: r for (c, y, m), r in table.items() if (y, m) == (on.year, on.month)}
        return cls(f"{on:%Y-%m}", month)

    def __hash__(self) -> int:
        return hash((self.month, tuple(sorted(self.cny_per_unit.items()))))

    def require_month(self, day: date) -> None:
        if day.strftime("%Y-%m") != self.month:
            raise MissingExchangeRate(
                f"declaration dated {day} needs the customs rates of {day:%Y-%m}; "
                f"rates given are for {self.month}"
            )

    def _rate(self, currency: str) -> Decimal:
        if currency == "CNY":
            return Decimal(1)
        rate = self.cny_per_unit.get(currency)
        if rate is None:
            raise MissingExchangeRate(
                f"no customs monthly rate for {currency} in {self.month}; "
                f"rates given: {', '.join(sorted(self.cny_per_unit)) or 'none'}"
            )
        return rate

    def to_usd(self, money: Money) -> Decimal:
        """The amount in USD, rounded half up to the cent."""
        if money.currency == "USD":
            return money.amount.quantize(CENT, ROUND_HALF_UP)
        usd = money.amount * self._rate(money.currency) / self._rate("USD")
        return usd.quantize(CENT, ROUND_HALF_UP)
