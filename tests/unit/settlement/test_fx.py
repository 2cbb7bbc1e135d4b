from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pinxiang.settlement import Conversion, Rate, convert, customs_monthly_rate

from .builders import eur, usd

RATES = {("USD", 2026, 10): Decimal("7.1000"), ("EUR", 2026, 10): Decimal("7.7000")}


def test_a_conversion_keeps_the_rate_its_source_and_the_date_beside_the_amount() -> None:
    on = date(2026, 11, 9)
    got = convert(eur("9250.00"), Rate("EUR", "USD", Decimal("1.0811"), "bank rate", on))
    assert got == Conversion(eur("9250.00"), usd("10000.18"), Decimal("1.0811"), "bank rate", on)


def test_the_customs_monthly_rate_goes_through_cny_for_cross_rates() -> None:
    rate = customs_monthly_rate(RATES, "EUR", "USD", date(2026, 10, 20))
    assert rate.source == "customs monthly rate 2026-10"
    assert convert(eur("710.00"), rate).to_money == usd("770.00")


def test_a_missing_customs_rate_names_the_currency_and_month() -> None:
    with pytest.raises(KeyError, match="no customs monthly rate for USD in 2026-11"):
        customs_monthly_rate(RATES, "USD", "CNY", date(2026, 11, 1))


def test_a_conversion_whose_amount_disagrees_with_its_rate_is_refused() -> None:
    with pytest.raises(ValueError, match=r"should give 10,000\.18 USD, not 10,000\.00 USD"):
        Conversion(eur("9250.00"), usd("10000.00"), Decimal("1.0811"), "bank", date(2026, 11, 9))


def test_a_rate_needs_a_source_and_must_be_positive() -> None:
    with pytest.raises(ValueError, match="needs its source"):
        Rate("EUR", "USD", Decimal("1.08"), " ", date(2026, 11, 9))
    with pytest.raises(ValueError, match="must be a Decimal > 0"):
        Rate("EUR", "USD", Decimal(0), "bank", date(2026, 11, 9))
