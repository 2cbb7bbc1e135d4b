"""FX conversion at recorded rates: every converted amount keeps its rate, source and date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pinxiang.domain.money import Money, check_currency, quantum

BANK_RATE = "bank rate"
CUSTOMS_MONTHLY_RATE = "customs monthly rate"


@dataclass(frozen=True)
class Rate:
    """`rate` units of `to_currency` per one unit of `from_currency`, as recorded by `source`."""

    from_currency: str
    to_currency: str
    rate: Decimal
    source: str
    on: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "from_currency", check_currency(self.from_currency))
        object.__setattr__(self, "to_currency", check_currency(self.to_currency))
        if not isinstance(self.rate, Decimal) or not self.rate > 0:
            raise ValueError(f"rate {self.from_currency}->{self.to_currency} must be a Decimal > 0")
        if not self.source.strip():
            raise ValueError("a rate needs its source (e.g. 'bank rate', 'customs monthly rate')")

    def inverse(self) -> Rate:
        return Rate(self.to_currency, self.from_currency, 1 / self.rate, self.source, self.on)


@dataclass(frozen=True)
class Conversion:
    """An amount converted at a recorded rate: `to_money` = `from_money` x `rate`, rounded half up
    to the minor unit of the target currency (within one minor unit when a bank rounded it)."""

    from_money: Money
    to_money: Money
    rate: Decimal
    source: str
    on: date

    def __post_init__(self) -> None:
        expected = Money(self.from_money.amount * self.rate, self.to_money.currency).rounded()
        # A bank may round its own way: allow one minor unit between the rate and the amount.
        if abs(self.to_money.amount - expected.amount) > quantum(expected.currency):
            raise ValueError(
                f"conversion of {self.from_money} at {self.rate} should give {expected}, "
                f"not {self.to_money}"
            )


def convert(money: Money, rate: Rate) -> Conversion:
    """Convert `money` at `rate`; the currencies must agree."""
    if money.currency != rate.from_currency:
        raise ValueError(
            f"cannot convert {money} with a {rate.from_currency}->{rate.to_currency} rate"
        )
    to = Money(money.amount * rate.rate, rate.to_currency).rounded()
    return Conversion(money, to, rate.rate, rate.source, rate.on)


def identity(money: Money, on: date) -> Conversion:
    """A conversion to the same currency at rate 1 (kept so every amount has a uniform record)."""
    return Conversion(money, money.rounded(), Decimal(1), "same currency", on)


def customs_monthly_rate(
    table: Mapping[tuple[str, int, int], Decimal], from_currency: str, to_currency: str, on: date
) -> Rate:
    """The customs monthly rate for the month of `on`, from a table of CNY per one unit of a
    currency keyed by (currency, year, month). Cross rates go through CNY; CNY itself is 1."""

    def cny_per(ccy: str) -> Decimal:
        c = check_currency(ccy)
        if c == "CNY":
            return Decimal(1)
        try:
            return table[(c, on.year, on.month)]
        except KeyError:
            raise KeyError(
                f"no customs monthly rate for {c} in {on.year}-{on.month:02d}: "
                "expected the table to hold CNY per unit for that currency and month"
            ) from None

    rate = cny_per(from_currency) / cny_per(to_currency)
    return Rate(
        from_currency, to_currency, rate, f"{CUSTOMS_MONTHLY_RATE} {on.year}-{on.month:02d}", on
    )
