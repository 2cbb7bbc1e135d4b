"""Splitting one amount of freight among buyers, exact to the minor unit.

Rule (printed on invoices, `ALLOCATION_RULE`): a container's freight is shared in proportion to
each buyer's chargeable revenue tons in it (max of CBM and tonnes, W/M); each share is rounded
down to the cent and the cents left over go, one each, to the largest remainders (ties: the
buyer code in alphabetical order). The shares always sum to the container's freight."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal

from pinxiang.domain.money import Money, quantum

ALLOCATION_RULE = (
    "Container freight is shared in proportion to each buyer's chargeable revenue tons "
    "(the greater of CBM and tonnes, W/M) in the container; shares are rounded down to the cent "
    "and the remaining cents go one each to the largest remainders (ties by buyer code), so the "
    "shares add up exactly to the freight."
)
ALLOCATION_RULE_ZH = (
    "整箱运费按各买家在该箱内的计费吨（体积立方米与重量吨取大者，W/M）比例分摊；"
    "各份额先向下取整到分，剩余的分按余数由大到小逐一分配（余数相同按买家代码排序），"
    "各份额之和恰好等于该箱运费。"
)


def allocate(total: Money, weights: Mapping[str, Decimal]) -> dict[str, Money]:
    """Split `total` (whole minor units) over `weights` by largest remainder.

    Weights must be >= 0 with a positive sum. The result has one entry per key, every amount a
    whole number of minor units, and the amounts sum exactly to `total`."""
    if not weights:
        raise ValueError("nothing to allocate to")
    if any(w < 0 for w in weights.values()):
        raise ValueError("allocation weights must be >= 0")
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        raise ValueError("allocation weights must have a positive sum")
    q = quantum(total.currency)
    units = total.amount / q
    if units != units.to_integral_value():
        raise ValueError(f"{total.amount} is not a whole number of {q} {total.currency}")
    n = int(units)
    keys = sorted(weights)
    exact = {k: Decimal(n) * weights[k] / weight_sum for k in keys}
    floor = {k: int(exact[k].to_integral_value(ROUND_FLOOR)) for k in keys}
    left = n - sum(floor.values())
    order = sorted(keys, key=lambda k: (-(exact[k] - floor[k]), k))
    for k in order[: abs(left)]:
        floor[k] += 1 if left > 0 else -1
    return {k: Money(Decimal(floor[k]) * q, total.currency) for k in keys}
