"""The container mix at least cost: which containers to book and which buyers go LCL.

Works on estimates only (volumes, weights, prices); `services/planning.py` then proves every
booked container with the loading engine. All money is `Decimal` in one currency.

* `cheapest_mix(volume, weight, equipment)`: the cheapest multiset of container types whose
  usable volume (`fill` x inner volume) and payload cover the cargo — an exact search over
  container counts, memoised.
* `choose_lcl(consignments, equipment)`: which buyers' house bills go LCL, by local search
  (move one buyer between FCL and LCL while the estimated total falls).
* `lower_bound(consignments, equipment)`: a valid lower bound of any plan's freight: every
  buyer pays at least the lesser of its LCL charge and its volume (or weight) at the cheapest
  freight per cubic metre (per tonne) of any container, taking the larger of the two sums.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache


@dataclass(frozen=True)
class Equipment:
    """A bookable container type on one route: usable volume (fill x inner), payload, rate."""

    code: str
    volume_mm3: int  # inner volume
    usable_mm3: int  # what a plan is expected to fill (estimate)
    payload_g: int  # min(container payload, route road limit)
    rate: Decimal


@dataclass(frozen=True)
class Consignment:
    """One buyer's cargo on a shipment; `lcl` is its LCL charge, None when LCL is not offered."""

    key: str
    volume_mm3: int
    weight_g: int
    lcl: Decimal | None


@dataclass(frozen=True)
class Mix:
    codes: tuple[str, ...]  # container types to book, largest first
    cost: Decimal


NO_MIX = Mix((), Decimal(0))


def cheapest_mix(volume_mm3: int, weight_g: int, equipment: Sequence[Equipment]) -> Mix | None:
    """Cheapest container multiset covering volume and weight (None: no equipment)."""
    if volume_mm3 <= 0 and weight_g <= 0:
        return NO_MIX
    if not equipment:
        return None
    eq = tuple(sorted(equipment, key=lambda e: -e.volume_mm3))
    # Estimates are in 10-litre and 10-kg units so that the memo stays small.
    return _cheapest(-(-volume_mm3 // 10_000_000), -(-weight_g // 10_000), eq)


@lru_cache(maxsize=65536)
def _cheapest(v: int, w: int, eq: tuple[Equipment, ...]) -> Mix | None:
    if v <= 0 and w <= 0:
        return NO_MIX
    if not eq:
        return None
    head, rest = eq[0], eq[1:]
    cap_v = max(1, head.usable_mm3 // 10_000_000)
    cap_w = max(1, head.payload_g // 10_000)
    most = max(math.ceil(max(v, 0) / cap_v), math.ceil(max(w, 0) / cap_w))
    best: Mix | None = None
    for n in range(most, -1, -1):
        tail = _cheapest(v - n * cap_v, w - n * cap_w, rest)
        if tail is None:
            continue
        cost = head.rate * n + tail.cost
        if best is None or cost < best.cost:
            best = Mix((head.code,) * n + tail.codes, cost)
    return best


@dataclass(frozen=True)
class Choice:
    fcl: tuple[str, ...]
    lcl: tuple[str, ...]
    mix: Mix
    cost: Decimal  # estimate: containers + LCL charges


def _cost(
    fcl: frozenset[str], cons: dict[str, Consignment], equipment: Sequence[Equipment]
) -> tuple[Decimal, Mix] | None:
    v = sum(cons[k].volume_mm3 for k in fcl)
    w = sum(cons[k].weight_g for k in fcl)
    mix = cheapest_mix(v, w, equipment)
    if mix is None:
        return None
    lcl = sum((c.lcl or Decimal(0) for k, c in cons.items() if k not in fcl), Decimal(0))
    return mix.cost + lcl, mix


def choose_lcl(consignments: Sequence[Consignment], equipment: Sequence[Equipment]) -> Choice:
    """FCL or LCL per buyer, least estimated freight (first-improvement local search from
    'all FCL' and from 'everything LCL-able goes LCL'; deterministic)."""
    cons = {c.key: c for c in consignments}
    must = frozenset(k for k, c in cons.items() if c.lcl is None)
    starts = [frozenset(cons), must]
    best: tuple[Decimal, Mix, frozenset[str]] | None = None
    for start in starts:
        cur = start
        got = _cost(cur, cons, equipment)
        if got is None:
            continue
        cur_cost, cur_mix = got
        improved = True
        while improved:
            improved = False
            for k in sorted(cons):
                if k in must:
                    continue
                trial = cur - {k} if k in cur else cur | {k}
                t = _cost(trial, cons, equipment)
                if t is not None and t[0] < cur_cost:
                    cur, cur_cost, cur_mix = trial, t[0], t[1]
                    improved = True
        if best is None or cur_cost < best[0]:
            best = (cur_cost, cur_mix, cur)
    if best is None:
        raise ValueError("no container type can take this cargo")
    cost, mix, fcl = best
    return Choice(tuple(sorted(fcl)), tuple(sorted(k for k in cons if k not in fcl)), mix, cost)


def lower_bound(consignments: Sequence[Consignment], equipment: Sequence[Equipment]) -> Decimal:
    """A lower bound of the freight of any feasible plan (see the module docstring)."""
    if not consignments:
        return Decimal(0)
    per_mm3 = min(e.rate / e.volume_mm3 for e in equipment)
    per_g = min(e.rate / e.payload_g for e in equipment)
    by_volume = Decimal(0)
    by_weight = Decimal(0)
    for c in consignments:
        v = per_mm3 * c.volume_mm3
        w = per_g * c.weight_g
        by_volume += v if c.lcl is None else min(c.lcl, v)
        by_weight += w if c.lcl is None else min(c.lcl, w)
    return max(by_volume, by_weight).quantize(Decimal("0.01"))
