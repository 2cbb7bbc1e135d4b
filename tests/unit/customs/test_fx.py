from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pinxiang.customs import CustomsFxRates, MissingExchangeRate
from pinxiang.domain import Money

RATES = CustomsFxRates("2026-11", {"USD": Decimal("7.1000"), "EUR": Decimal("7.7000")})


def test_usd_value_goes_through_cny_and_rounds_half_up_to_the_cent() -> None:
    assert RATES.to_usd(Money.of("100", "EUR")) == Decimal("108.45")
    assert RATES.to_usd(Money.of("710", "CNY")) == Decimal("100.00")
    assert RATES.to_usd(Money.of("1.005", "USD")) == Decimal("1.01")


def test_rates_come_from_a_table_keyed_by_currency_and_month() -> None:
    table = {("USD", 2026, 11): Decimal("7.1"), ("USD", 2026, 10): Decimal("7.2")}
    rates = CustomsFxRates.from_table(table, date(2026, 11, 20))
    assert rates == CustomsFxRates("2026-11", {"USD": Decimal("7.1")})


def test_a_rate_must_be_a_positive_decimal() -> None:
    with pytest.raises(ValueError, match="positive Decimal"):
        CustomsFxRates("2026-11", {"USD": Decimal(0)})


def test_unknown_currency_in_the_table_is_refused() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        CustomsFxRates("2026-11", {"XXX": Decimal(1)})


def test_missing_rate_names_the_currency_and_month() -> None:
    with pytest.raises(MissingExchangeRate, match="no customs monthly rate for GBP in 2026-11"):
        RATES.to_usd(Money.of("1", "GBP"))
