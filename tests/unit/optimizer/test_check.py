"""The checker catches every violation kind on hand-made plans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


def _naive_overlaps_and_support(
    plan: Plan, problem: Problem
) -> tuple[set[tuple[int, int]], set[int]]:
    """Every pair against every pair: the reference for the checker's sweep and top index."""
    ps = plan.placements

    def ov(a0: int, a1: int, b0: int, b1: int) -> int:
        return max(0, min(a1, b1) - max(a0, b0))

    pairs = {
        (i, j)
        for i in range(len(ps))
        for j in range(i + 1, len(ps))
        if ov(ps[i].x, ps[i].x1, ps[j].x, ps[j].x1) > 0
        and ov(ps[i].y, ps[i].y1, ps[j].y, ps[j].y1) > 0
        and ov(ps[i].z, ps[i].z1, ps[j].z, ps[j].z1) > 0
    }
    unsupported = set()
    for i, p in enumerate(ps):
        if p.z == 0:
            continue
        area = sum(
            ov(p.x, p.x1, q.x, q.x1) * ov(p.y, p.y1, q.y, q.y1)
            for j, q in enumerate(ps)
            if j != i and q.z1 == p.z
        )
        if area < problem.support * p.dx * p.dy - 1e-9 * p.dx * p.dy:
            unsupported.add(i)
    return pairs, unsupported


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6), st.integers(0, 6), st.integers(0, 6), st.sampled_from([0, 1, 2])
        ),
        min_size=0,
        max_size=25,
    ),
    st.sampled_from([0.0, 0.5, 1.0]),
)
def test_overlap_and_support_match_the_all_pairs_reference(
    cells: list[tuple[int, int, int, int]], support: float
) -> None:
    # boxes on a coarse grid, so that overlaps, shared tops and partial support are common
    sizes = ((20, 20, 20), (30, 20, 10), (10, 30, 20))
    types = tuple(BoxType(f"t{k}", *s, quantity=30) for k, s in enumerate(sizes))
    pr = Problem(Container(100, 100, 100), types, support=support)
    plan = Plan(
        tuple(Placement(t, 10 * gx, 10 * gy, 10 * gz, *sizes[t]) for gx, gy, gz, t in cells)
    )
    got = check(plan, pr)
    pairs, unsupported = _naive_overlaps_and_support(plan, pr)
    assert [v.boxes for v in got if v.kind == "overlap"] == sorted(pairs)
    assert {v.boxes[0] for v in got if v.kind == "unsupported"} == unsupported
