"""Split an amount in proportion to weights, exact to the minor unit (largest remainder)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

from pinxiang.domain.money import Money, quantum


def largest_remainder(total: Money, weights: Sequence[tuple[str, Decimal]]) -> list[Money]:
    """Shares of `total` proportional to `weights`, summing exactly to `total`.

    Each share is first rounded down to the minor unit; the cents left over go one each to the
    largest remainders, ties broken by larger weight, then by key (so the split is deterministic
    and independent of input order). O(n log n)."""
    q = quantum(total.currency)
    units = int((total.amount / q).to_integral_value(ROUND_FLOOR))
    if Decimal(units) * q != total.amount:
        raise ValueError(f"{total.amount} is not a whole number of {total.currency} minor units")
    if units < 0:
        raise ValueError("cannot apportion a negative amount")
    whole = sum((w for _, w in weights), Decimal(0))
    if any(w < 0 for _, w in weights) or (whole <= 0 and units > 0):
        raise ValueError("weights must be non-negative with a positive sum")
    if units == 0:
        return [Money(Decimal(0) * q, total.currency) for _ in weights]
    exact = [Fraction(units) * Fraction(w) / Fraction(whole) for _, w in weights]  # no rounding
    floors = [math.floor(x) for x in exact]
    left = units - sum(floors)
    order = sorted(
        range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), -weights[i][1], weights[i][0])
    )
    for i in order[:left]:
        floors[i] += 1
    return [Money(Decimal(n) * q, total.currency) for n in floors]
