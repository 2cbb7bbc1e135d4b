from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pinxiang.domain import Money
from pinxiang.settlement import (
    CollectionMode,
    Conversion,
    QuotaLevel,
    QuotaPolicy,
    allocate,
    quota_check,
)
from pinxiang.settlement.allocation import Allocation

from .builders import eur, line, merchant, receipt, usd

PRINCIPAL = CollectionMode.PRINCIPAL


def own_collection(amount: Money, on: date = date(2026, 6, 1), ref: str = "R") -> Allocation:
    lines = [line("L1", "100000.00", "M-TOYS")]
    return allocate(receipt(amount, ref, on=on), lines, mode=PRINCIPAL, collector="M-TOYS")


def test_an_individual_collecting_in_its_own_name_is_warned_at_ninety_percent() -> None:
    got = quota_check(merchant(), [own_collection(usd("45000.00"))], 2026)
    assert got.level is QuotaLevel.NEAR
    assert got.message == (
        "M-TOYS: nearing the 2026 personal FX quota: 45,000.00 USD of 50,000.00 USD (90.0 %)"
    )


def test_an_individual_above_fifty_thousand_dollars_a_year_is_over_the_quota() -> None:
    done = [own_collection(usd("30000.00"), ref="A"), own_collection(usd("20000.01"), ref="B")]
    assert quota_check(merchant(), done, 2026).level is QuotaLevel.EXCEEDED


def test_collections_of_another_year_or_by_an_agent_do_not_count() -> None:
    last_year = own_collection(usd("49000.00"), on=date(2025, 12, 31))
    by_agent = allocate(receipt("49000.00"), [line("L1", "100000.00")])
    assert quota_check(merchant(), [last_year, by_agent], 2026).level is QuotaLevel.OK


def test_a_firm_has_no_personal_quota() -> None:
    got = quota_check(merchant(individual=False), [own_collection(usd("90000.00"))], 2026)
    assert got.level is QuotaLevel.NOT_APPLICABLE


def test_the_warning_level_is_policy() -> None:
    policy = QuotaPolicy(warn_ratio=Decimal("0.5"))
    got = quota_check(merchant(), [own_collection(usd("25000.00"))], 2026, policy=policy)
    assert got.level is QuotaLevel.NEAR


def test_collections_in_other_currencies_count_at_a_recorded_usd_rate() -> None:
    lines = [line("L1", eur("100000.00"), "M-TOYS")]
    done = allocate(receipt(eur("42000.00")), lines, mode=PRINCIPAL, collector="M-TOYS")

    def to_usd(m: Money, on: date) -> Conversion:
        return Conversion(m, usd(m.amount * Decimal("1.1")), Decimal("1.1"), "bank rate", on)

    with pytest.raises(ValueError, match="give to_usd"):
        quota_check(merchant(), [done], 2026)
    got = quota_check(merchant(), [done], 2026, to_usd=to_usd)
    assert (got.used, got.level) == (usd("46200.00"), QuotaLevel.NEAR)
    assert got.conversions[0].rate == Decimal("1.1")
