from __future__ import annotations

import random
from decimal import Decimal

from pinxiang.customs import LotRisk, RiskModel, simulate_selection

LOTS = [
    LotRisk(
        f"LOT-{i:03d}",
        inspected_goods=i % 3 == 0,
        discrepancy=i % 7 == 0,
        first_export=i % 5 == 0,
        value_usd=Decimal(i * 1000),
    )
    for i in range(200)
]


def test_same_seed_gives_the_same_selection() -> None:
    assert simulate_selection(LOTS, seed=7) == simulate_selection(LOTS, seed=7)


def test_selection_of_a_lot_does_not_depend_on_the_other_lots_or_their_order() -> None:
    whole = simulate_selection(LOTS, seed=7)
    part = simulate_selection(LOTS[::-3], seed=7)
    names = {lot.lot_no for lot in LOTS[::-3]}
    assert part.selected == whole.selected & names
    assert part.held == whole.held & names


def test_held_lots_are_always_among_the_selected() -> None:
    for seed in range(20):
        s = simulate_selection(LOTS, seed=seed)
        assert s.held <= s.selected


def test_riskier_lots_are_selected_more_often() -> None:
    plain = [LotRisk(f"P{i}") for i in range(400)]
    risky = [LotRisk(f"R{i}", discrepancy=True, inspected_goods=True) for i in range(400)]
    assert len(simulate_selection(risky, 1).selected) > 3 * len(
        simulate_selection(plain, 1).selected
    )


def test_certain_selection_and_hold_can_be_configured_for_a_demo() -> None:
    model = RiskModel(base=1.0, hold_given_selected=1.0, max_probability=1.0)
    s = simulate_selection(LOTS[:3], seed=0, model=model)
    assert s.selected == s.held == {"LOT-000", "LOT-001", "LOT-002"}


def test_the_simulator_leaves_global_random_state_alone() -> None:
    before = random.getstate()
    simulate_selection(LOTS, seed=3)
    assert random.getstate() == before
