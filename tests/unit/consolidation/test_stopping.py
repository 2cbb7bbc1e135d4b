"""Every engine run the product makes stops on an iteration cap, not the clock: the cap for a
run on n cartons is min(max_iterations, max_work / n), and the time limit is a safety limit."""

from __future__ import annotations

from pinxiang import optimizer as opt
from pinxiang.config import Settings
from pinxiang.services.planning import PlanOptions, stop_rule


def _stops_after(rule: opt.StoppingCriterion) -> int:
    n = 0
    while not rule(0.0):
        n += 1
        assert n < 100_000
    return n


def _problem(cartons: int) -> opt.Problem:
    box = opt.BoxType("A", 400, 300, 200, quantity=cartons, weight=5_000)
    return opt.Problem(opt.Container(12000, 2350, 2390, 26_000_000), (box,))


def test_the_iteration_cap_shrinks_with_the_number_of_cartons() -> None:
    o = PlanOptions(time_limit_s=30.0, max_iterations=2000, max_work=300_000)
    assert _stops_after(stop_rule(o, 1.0, _problem(600))) == 500
    assert _stops_after(stop_rule(o, 0.5, _problem(600))) == 250
    assert _stops_after(stop_rule(o, 1.0, _problem(100))) == 2000  # max_iterations binds
    assert _stops_after(stop_rule(o)) == 2000  # no problem given: the flat cap


def test_without_max_work_the_flat_cap_applies() -> None:
    o = PlanOptions(time_limit_s=30.0, max_iterations=300)
    assert _stops_after(stop_rule(o, 1.0, _problem(600))) == 300


def test_the_products_defaults_are_iteration_bound() -> None:
    s = Settings()
    # the clock is only a safety limit; the caps decide where a run stops
    assert s.time_limit_s >= 30.0
    assert s.max_work == 300_000
    assert s.max_iterations == 2000
