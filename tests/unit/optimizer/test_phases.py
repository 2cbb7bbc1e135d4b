"""Search phases (``SolveParams.phases``): one budget split over several search variants."""

from __future__ import annotations

import pytest

from pinxiang.optimizer import (
    Container,
    MaxIterations,
    MaxRuntime,
    NoImprovement,
    Problem,
    SolveParams,
    any_of,
    check,
    solve,
)
from pinxiang.optimizer.stop import budget_spent
from tests.unit.optimizer.cargo import random_types

TWO = ({}, {"min_fill_many": 0.985, "portfolio": (32, 34)})


def _problem(seed: int = 3) -> Problem:
    types = random_types(seed, 12, dims=((20, 60), (20, 50), (15, 45)))
    return Problem(Container(230, 120, 110), types, support=1.0)


def test_budget_spent() -> None:
    it = MaxIterations(4)
    assert budget_spent(it) == 0.0
    it(0.0)
    assert budget_spent(it) == 0.25
    assert budget_spent(NoImprovement(5)) == 0.0
    rt = MaxRuntime(100.0)
    assert budget_spent(rt) == 0.0  # the clock starts at the first call
    rt(0.0)
    assert 0.0 <= budget_spent(rt) < 0.5
    both = any_of(MaxRuntime(100.0), it)
    assert budget_spent(both) == 0.25
    assert budget_spent(MaxIterations(0)) == 1.0


def test_phases_valid_deterministic_within_budget() -> None:
    pr = _problem()
    params = SolveParams(phases=TWO, phases_min_types=0)
    a = solve(pr, MaxIterations(400), seed=1, params=params)
    b = solve(pr, MaxIterations(400), seed=1, params=params)
    assert check(a.plan, pr) == []
    assert a.plan == b.plan
    assert a.iterations <= 400


def test_phases_keep_the_best_phase() -> None:
    pr = _problem(5)
    n = 400
    both = solve(pr, MaxIterations(n), params=SolveParams(phases=TWO, phases_min_types=0))
    # the first phase alone is the plain search stopped at half the budget (it stops at the
    # call that spends half, one call before MaxIterations(n // 2) would)
    first = solve(pr, MaxIterations(n // 2 - 1), params=SolveParams(phases=()))
    assert both.loaded_volume >= first.loaded_volume


def test_phases_off_below_min_types_and_without_budget() -> None:
    pr = _problem(7)
    one = solve(pr, MaxIterations(300), params=SolveParams(phases=()))
    # 12 types < phases_min_types (30): one search, the same plan
    gated = solve(pr, MaxIterations(300), params=SolveParams(phases=TWO))
    assert gated.plan == one.plan
    # NoImprovement has no budget to split: only the first phase runs
    a = solve(pr, NoImprovement(50), params=SolveParams(phases=TWO, phases_min_types=0))
    b = solve(pr, NoImprovement(50), params=SolveParams(phases=()))
    assert a.plan == b.plan


def test_phases_reject_unknown_fields() -> None:
    with pytest.raises(ValueError, match=r"phases\[1\]: unknown field\(s\) min_fil"):
        SolveParams(phases=({}, {"min_fil": 0.9}))
    with pytest.raises(ValueError, match="phases"):
        SolveParams(phases=({"phases": ()},))
