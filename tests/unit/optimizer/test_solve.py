"""solve(): validity under all constraints, determinism, known optima, reasons."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinxiang.optimizer import (
    BoxType,
    Container,
    FirstOf,
    MaxIterations,
    MaxRuntime,
    NoImprovement,
    Problem,
    SolveParams,
    check,
    solve,
)

# the support-path options (merged floors, level and dead tops) switched on
SUPPORT_OPTS = SolveParams(
    merge_floors=True, even_tops=100, even_neighbours=True, dead_top=100, top_gap=100, many_types=1
)


def test_known_optimum_cube_of_cubes() -> None:
    pr = Problem(Container(10, 10, 10), (BoxType("a", 5, 5, 5, quantity=9),), support=1.0)
    r = solve(pr, MaxIterations(50))
    assert check(r.plan, pr) == []
    assert r.utilisation == 1.0
    assert len(r.plan.placements) == 8
    assert r.unplaced[0].count == 1 and r.unplaced[0].reason == "no space left"


def test_known_optimum_needs_rotation() -> None:
    # two 10x5x5 boxes and one 10x10x5 slab fill 10x10x10 exactly only with rotations
    pr = Problem(
        Container(10, 10, 10),
        (BoxType("a", 5, 10, 5, quantity=2), BoxType("b", 10, 5, 10, quantity=1)),
        support=1.0,
    )
    r = solve(pr, MaxIterations(200))
    assert check(r.plan, pr) == []
    assert r.loaded_volume == 1000


def test_unplaced_reasons() -> None:
    c = Container(100, 100, 100, max_payload=100)
    pr = Problem(
        c,
        (
            BoxType("big", 200, 10, 10, quantity=2),
            BoxType("heavy", 10, 10, 10, quantity=3, weight=60),
            BoxType("upright", 10, 10, 150, quantity=1, allowed_vertical=(False, False, True)),
        ),
    )
    r = solve(pr, MaxIterations(20))
    assert check(r.plan, pr) == []
    reasons = {u.box_type: u.reason for u in r.unplaced}
    assert reasons[0] == "does not fit the container in any allowed orientation"
    assert reasons[2] == "does not fit the container in any allowed orientation"
    assert reasons[1] == "over payload"
    assert r.loaded_weight == 60


def test_determinism_with_iteration_limit() -> None:
    types = tuple(
        BoxType(str(i), 20 + 7 * i, 15 + 5 * (i % 3), 10 + 3 * i, quantity=30) for i in range(6)
    )
    pr = Problem(Container(120, 80, 70), types, support=1.0)
    a = solve(pr, MaxIterations(60), seed=3)
    b = solve(pr, MaxIterations(60), seed=3)
    assert a.plan == b.plan
    assert a.iterations == b.iterations == 60
    assert check(a.plan, pr) == []
    c = solve(pr, MaxIterations(60), seed=3, params=SUPPORT_OPTS)
    d = solve(pr, MaxIterations(60), seed=3, params=SUPPORT_OPTS)
    assert c.plan == d.plan
    assert check(c.plan, pr) == []


def test_runtime_limit_is_respected() -> None:
    types = tuple(BoxType(str(i), 31 + i, 22 + i, 17 + i, quantity=40) for i in range(8))
    pr = Problem(Container(600, 230, 220), types, support=1.0)
    r = solve(pr, FirstOf(MaxRuntime(0.5), NoImprovement(10_000)))
    assert r.runtime_s < 3.0
    assert check(r.plan, pr) == []


def test_loading_order_puts_supporters_first() -> None:
    pr = Problem(Container(30, 10, 30), (BoxType("a", 10, 10, 10, quantity=27),))
    r = solve(pr, MaxIterations(10))
    seen: list[tuple[int, int, int, int, int, int]] = []
    for p in r.plan.placements:
        if p.z > 0:
            assert any(s[5] == p.z and s[0] == p.x and s[1] == p.y for s in seen)
        seen.append((p.x, p.y, p.z, p.x1, p.y1, p.z1))


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    c = Container(
        draw(st.integers(20, 120)),
        draw(st.integers(20, 80)),
        draw(st.integers(20, 80)),
        max_payload=draw(st.one_of(st.none(), st.integers(0, 400))),
    )
    n = draw(st.integers(1, 6))
    types = []
    for i in range(n):
        mlt = draw(st.one_of(st.none(), st.integers(0, 60)))
        types.append(
            BoxType(
                id=f"t{i}",
                length=draw(st.integers(5, 60)),
                width=draw(st.integers(5, 60)),
                height=draw(st.integers(5, 60)),
                quantity=draw(st.integers(0, 12)),
                weight=draw(st.integers(0, 30)),
                allowed_vertical=draw(
                    st.sampled_from([(True, True, True), (False, False, True), (True, False, True)])
                ),
                value=draw(st.one_of(st.none(), st.integers(1, 1000))),
                stackable=draw(st.booleans()) or True,
                max_load_on_top=mlt,
                group=draw(st.sampled_from([None, None, "g1", "g2"])),
                drop=draw(st.integers(0, 2)),
            )
        )
    if n >= 2 and draw(st.booleans()):
        t0 = types[0]
        types[0] = BoxType(
            t0.id, t0.length, t0.width, t0.height, t0.quantity, t0.weight, stackable=False
        )
    return Problem(
        c,
        tuple(types),
        support=draw(st.sampled_from([0.0, 0.6, 1.0])),
        must_load_all=draw(st.booleans()),
    )


BOX_COUNT_OPTS = SolveParams(box_count_min_types=0, box_count_support=True)
ALL_OPTS = SolveParams(
    merge_floors=True,
    even_tops=100,
    even_neighbours=True,
    dead_top=100,
    top_gap=100,
    many_types=1,
    box_count_min_types=0,
    box_count_support=True,
    min_fill_many_none=0.99,
    many_types_none=1,
    dyn_waste_min_types=0,
    fat_first_min_types=0,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    problems(),
    st.integers(0, 3),
    st.integers(1, 15),
    st.sampled_from([None, SUPPORT_OPTS, BOX_COUNT_OPTS, ALL_OPTS]),
)
def test_every_plan_is_valid(
    pr: Problem, seed: int, iters: int, params: SolveParams | None
) -> None:
    # every support option, the box-count rating term on any type count and support, and both
    r = solve(pr, MaxIterations(iters), seed=seed, params=params)
    assert check(r.plan, pr) == []
    placed = len(r.plan.placements)
    assert placed + sum(u.count for u in r.unplaced) == pr.total_boxes
    assert 0.0 <= r.utilisation <= 1.0
    assert r.loaded_volume == sum(p.volume for p in r.plan.placements)
