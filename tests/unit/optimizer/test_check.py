"""The checker catches every violation kind on hand-made plans."""

from __future__ import annotations

from pinxiang.optimizer import BoxType, Container, Placement, Plan, Problem, check


def _kinds(plan: Plan, problem: Problem) -> set[str]:
    return {v.kind for v in check(plan, problem)}


C = Container(100, 100, 100, max_payload=1000)


def _p(*types: BoxType, support: float = 1.0) -> Problem:
    return Problem(C, tuple(types), support=support)


def test_valid_plan_has_no_violations() -> None:
    pr = _p(BoxType("a", 50, 50, 50, quantity=2, weight=10))
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(0, 0, 0, 50, 50, 50, 50)))
    assert check(plan, pr) == []


def test_overlap() -> None:
    pr = _p(BoxType("a", 50, 50, 50, quantity=2))
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(0, 49, 0, 0, 50, 50, 50)))
    assert _kinds(plan, pr) == {"overlap"}


def test_touching_is_not_overlap() -> None:
    pr = _p(BoxType("a", 50, 50, 50, quantity=2))
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(0, 50, 0, 0, 50, 50, 50)))
    assert check(plan, pr) == []


def test_out_of_bounds() -> None:
    pr = _p(BoxType("a", 50, 50, 50))
    assert _kinds(Plan((Placement(0, 51, 0, 0, 50, 50, 50),)), pr) == {"out_of_bounds"}
    assert _kinds(Plan((Placement(0, -1, 0, 0, 50, 50, 50),)), pr) == {"out_of_bounds"}


def test_overweight() -> None:
    pr = _p(BoxType("a", 50, 50, 50, quantity=2, weight=600))
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(0, 50, 0, 0, 50, 50, 50)))
    assert _kinds(plan, pr) == {"overweight"}


def test_unsupported_and_partial_support() -> None:
    a = BoxType("a", 50, 50, 50, quantity=1)
    b = BoxType("b", 100, 50, 10, quantity=1)
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(1, 0, 0, 50, 100, 50, 10)))
    assert _kinds(plan, _p(a, b, support=1.0)) == {"unsupported"}
    assert check(plan, _p(a, b, support=0.5)) == []
    assert check(plan, _p(a, b, support=0.0)) == []
    floating = Plan((Placement(0, 0, 0, 10, 50, 50, 50),))
    assert _kinds(floating, _p(a, support=0.1)) == {"unsupported"}


def test_orientation() -> None:
    pr = _p(BoxType("a", 40, 30, 20, allowed_vertical=(False, False, True)))
    assert check(Plan((Placement(0, 0, 0, 0, 30, 40, 20),)), pr) == []
    assert _kinds(Plan((Placement(0, 0, 0, 0, 40, 20, 30),)), pr) == {"orientation"}
    assert _kinds(Plan((Placement(0, 0, 0, 0, 40, 30, 21),)), pr) == {"orientation"}


def test_not_stackable_and_fragile() -> None:
    ns = BoxType("ns", 50, 50, 50, stackable=False)
    top = BoxType("top", 50, 50, 10, weight=5)
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(1, 0, 0, 50, 50, 50, 10)))
    assert _kinds(plan, _p(ns, top)) == {"load_on_fragile"}
    fragile = BoxType("f", 50, 50, 50, max_load_on_top=4)
    assert _kinds(plan, _p(fragile, top)) == {"load_on_fragile"}
    ok = BoxType("f", 50, 50, 50, max_load_on_top=5)
    assert check(plan, _p(ok, top)) == []


def test_column_rule_counts_transitive_load() -> None:
    f = BoxType("f", 50, 50, 20, max_load_on_top=8)
    m = BoxType("m", 50, 50, 20, weight=5)
    plan = Plan(
        (
            Placement(0, 0, 0, 0, 50, 50, 20),
            Placement(1, 0, 0, 20, 50, 50, 20),
            Placement(1, 0, 0, 40, 50, 50, 20),
        )
    )
    pr = Problem(C, (f, BoxType("m", 50, 50, 20, quantity=2, weight=5)))
    assert _kinds(plan, pr) == {"load_on_fragile"}
    assert m.weight == 5


def test_drop_order() -> None:
    first = BoxType("first", 50, 50, 50, drop=0)
    later = BoxType("later", 50, 50, 50, drop=1)
    bad = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(1, 50, 0, 0, 50, 50, 50)))
    assert _kinds(bad, _p(first, later)) == {"drop_order"}
    good = Plan((Placement(1, 0, 0, 0, 50, 50, 50), Placement(0, 50, 0, 0, 50, 50, 50)))
    assert check(good, _p(first, later)) == []
    side = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(1, 50, 50, 0, 50, 50, 50)))
    assert check(side, _p(first, later)) == []
    off = Problem(C, (first, later), enforce_drop_order=False)
    assert check(bad, off) == []


def test_group_split() -> None:
    a = BoxType("a", 50, 50, 50, quantity=1, group="g")
    b = BoxType("b", 50, 50, 50, quantity=1, group="g")
    half = Plan((Placement(0, 0, 0, 0, 50, 50, 50),))
    assert _kinds(half, _p(a, b)) == {"group_split"}
    both = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(1, 50, 0, 0, 50, 50, 50)))
    assert check(both, _p(a, b)) == []
    assert check(Plan(()), _p(a, b)) == []


def test_count() -> None:
    pr = _p(BoxType("a", 50, 50, 50, quantity=1))
    plan = Plan((Placement(0, 0, 0, 0, 50, 50, 50), Placement(0, 50, 0, 0, 50, 50, 50)))
    assert _kinds(plan, pr) == {"count"}
    assert _kinds(Plan((Placement(3, 0, 0, 0, 50, 50, 50),)), pr) == {"count"}
