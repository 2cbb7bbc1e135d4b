"""Container freight split among buyers by revenue ton, exact to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinxiang.domain.costing import ALLOCATION_RULE, ALLOCATION_RULE_ZH, allocate
from pinxiang.domain.money import Money


def test_shares_follow_revenue_tons_and_the_leftover_cent_goes_to_the_largest_remainder() -> None:
    got = allocate(
        Money.of("100.00", "USD"), {"B1": Decimal(1), "B2": Decimal(1), "B3": Decimal(1)}
    )
    assert [got[k].amount for k in ("B1", "B2", "B3")] == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_a_buyer_with_twice_the_revenue_tons_pays_twice_as_much() -> None:
    got = allocate(Money.of("2550", "USD"), {"A": Decimal("20"), "B": Decimal("10")})
    assert got["A"].amount == Decimal("1700.00") and got["B"].amount == Decimal("850.00")


def test_allocating_to_nobody_is_refused() -> None:
    with pytest.raises(ValueError):
        allocate(Money.of(1, "USD"), {})
    with pytest.raises(ValueError):
        allocate(Money.of(1, "USD"), {"A": Decimal(0)})


def test_fractions_of_a_cent_cannot_be_allocated() -> None:
    with pytest.raises(ValueError):
        allocate(Money.of("1.005", "USD"), {"A": Decimal(1)})


def test_the_rule_is_stated_in_english_and_chinese() -> None:
    assert "revenue tons" in ALLOCATION_RULE and "largest remainders" in ALLOCATION_RULE
    assert "计费吨" in ALLOCATION_RULE_ZH


@settings(max_examples=200, deadline=None)
@given(
    cents=st.integers(min_value=0, max_value=10_000_000),
    weights=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal(80), places=2),
        min_size=1,
        max_size=12,
    ),
)
def test_shares_always_sum_exactly_to_the_freight(cents: int, weights: list[Decimal]) -> None:
    total = Money(Decimal(cents) / 100, "USD")
    got = allocate(total, {f"B{i:02d}": w for i, w in enumerate(weights)})
    assert sum((m.amount for m in got.values()), Decimal(0)) == total.amount
    exact = {k: total.amount * w / sum(weights) for k, w in zip(sorted(got), weights, strict=True)}
    assert all(abs(got[k].amount - exact[k]) < Decimal("0.01") for k in got)
    assert all(m.amount == m.amount.quantize(Decimal("0.01")) for m in got.values())
