from decimal import Decimal

import pytest

from pinxiang.domain import Money, UnknownCurrency


def test_money_adds_exactly_in_one_currency() -> None:
    assert Money.of("0.1", "USD") + Money.of("0.2", "USD") == Money.of("0.3", "USD")


def test_money_refuses_to_mix_currencies() -> None:
    with pytest.raises(ValueError, match="cannot combine USD with EUR"):
        Money.of(1, "USD") + Money.of(1, "EUR")


def test_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        Money(0.1, "USD")  # type: ignore[arg-type]


def test_unknown_currency_code_is_refused_with_a_hint() -> None:
    with pytest.raises(UnknownCurrency, match="ISO 4217"):
        Money.of(1, "XYZ")


def test_rounding_is_half_up_to_the_minor_unit() -> None:
    assert Money.of("2.345", "USD").rounded().amount == Decimal("2.35")
    assert Money.of("1234.5", "JPY").rounded().amount == Decimal("1235")
