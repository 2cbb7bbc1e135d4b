"""Money: an exact Decimal amount in an ISO 4217 currency. No floats anywhere near money."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Minor units of the currencies Yiwu trade meets (ISO 4217). Unknown codes are refused.
MINOR_UNITS: dict[str, int] = {
    "AED": 2, "AUD": 2, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "EGP": 2,
    "EUR": 2, "GBP": 2, "HKD": 2, "IDR": 2, "INR": 2, "IRR": 2, "JPY": 0, "KRW": 0, "KZT": 2,
    "MXN": 2, "MYR": 2, "NGN": 2, "PKR": 2, "PLN": 2, "RUB": 2, "SAR": 2, "SGD": 2, "THB": 2,
    "TRY": 2, "TWD": 2, "UAH": 2, "USD": 2, "VND": 0, "ZAR": 2,
}  # fmt: skip


class UnknownCurrency(ValueError):
    pass


def check_currency(code: str) -> str:
    """Return the upper-cased ISO 4217 code, or raise UnknownCurrency naming the accepted codes."""
    c = code.strip().upper()
    if c not in MINOR_UNITS:
        raise UnknownCurrency(
            f"unknown currency {code!r}: expected an ISO 4217 code such as USD, EUR or CNY"
        )
    return c


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-MINOR_UNITS[check_currency(currency)])


@dataclass(frozen=True, order=True)
class Money:
    """An amount in one currency. Arithmetic refuses to mix currencies."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money.amount must be a Decimal")
        object.__setattr__(self, "currency", check_currency(self.currency))

    @classmethod
    def of(cls, amount: Decimal | int | str, currency: str) -> Money:
        return cls(Decimal(str(amount)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, k: Decimal | int) -> Money:
        return Money(self.amount * Decimal(k), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def rounded(self) -> Money:
        """Rounded half up to the currency's minor unit (cents for USD)."""
        return Money(self.amount.quantize(quantum(self.currency), ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return f"{self.rounded().amount:,} {self.currency}"
