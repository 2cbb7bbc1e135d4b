"""A seeded, risk-based selection simulator for the demo — NOT customs' real risk engine.

Real selection arrives from customs as an explicit SELECT event (lots.py). For demos and tests
this module decides which lots customs would select and which of those inspections would hold.
Pure: it takes a seed and lot attributes, uses its own `random.Random` per lot (seeded with
seed and lot number, so the answer for a lot does not depend on the other lots or their order)
and touches no global random state.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class LotRisk:
    """What the simulator looks at. `discrepancy` = the receipt differed from the declared carton
    (domain.receipts.discrepancies); `first_export` = the merchant's first 1039 export."""

    lot_no: str
    inspected_goods: bool = False  # 法检 goods on the lot
    discrepancy: bool = False
    first_export: bool = False
    value_usd: Decimal = Decimal(0)


@dataclass(frozen=True)
class RiskModel:
    """Probabilities, as plain numbers a demo can tune. Illustrative, not from any source."""

    base: float = 0.05
    inspected_goods: float = 0.15
    discrepancy: float = 0.35
    first_export: float = 0.10
    high_value_usd: Decimal = Decimal(50000)
    high_value: float = 0.05
    hold_given_selected: float = 0.2
    hold_discrepancy: float = 0.3
    max_probability: float = 0.95

    def selection_probability(self, lot: LotRisk) -> float:
        p = self.base
        p += self.inspected_goods if lot.inspected_goods else 0.0
        p += self.discrepancy if lot.discrepancy else 0.0
        p += self.first_export if lot.first_export else 0.0
        p += self.high_value if lot.value_usd >= self.high_value_usd else 0.0
        return min(p, self.max_probability)

    def hold_probability(self, lot: LotRisk) -> float:
        p = self.hold_given_selected + (self.hold_discrepancy if lot.discrepancy else 0.0)
        return min(p, self.max_probability)


@dataclass(frozen=True)
class Selection:
    selected: frozenset[str]
    held: frozenset[str]  # always a subset of `selected`


def simulate_selection(
    lots: Iterable[LotRisk], seed: int, model: RiskModel = RiskModel()
) -> Selection:
    """Which lots customs (simulated) selects for inspection, and which of those are held."""
    selected: set[str] = set()
    held: set[str] = set()
    for lot in lots:
        rng = random.Random(f"pinxiang-risk:{seed}:{lot.lot_no}")
        select_draw, hold_draw = rng.random(), rng.random()
        if select_draw < model.selection_probability(lot):
            selected.add(lot.lot_no)
            if hold_draw < model.hold_probability(lot):
                held.add(lot.lot_no)
    return Selection(frozenset(selected), frozenset(held))
