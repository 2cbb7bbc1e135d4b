"""Centre of gravity crosswise: a lopsided load is mirrored across the long axis without
breaking any rule the checker knows."""

from __future__ import annotations

from pinxiang import optimizer as opt
from pinxiang.services.planning import (
    PlanOptions,
    _balance_plan,
    _balanced,
    _mirror_part,
    _mirror_slabs,
    _nudge,
    _offsets,
)

CONTAINER = opt.Container(6000, 2400, 2400, 20_000_000)
HEAVY = opt.BoxType("H", 1000, 800, 600, quantity=20, weight=40_000)
LIGHT = opt.BoxType("L", 1000, 800, 600, quantity=20, weight=4_000)
PROBLEM = opt.Problem(CONTAINER, (HEAVY, LIGHT), support=1.0)


def _lopsided(tail: bool) -> opt.Plan:
    """Stacks of two in three rows of three: heavy cartons at y = 0 in the two rows near the
    front wall and at y = 800 (the middle) in the third, light ones elsewhere. With `tail`,
    two more light cartons on the floor towards the door, at y = 0."""
    ps: list[opt.Placement] = []
    for i in range(3):
        x = 1000 * i
        heavy_y = 0 if i < 2 else 800
        for y in (0, 800, 1600):
            t = 0 if y == heavy_y else 1
            ps += [opt.Placement(t, x, y, z, 1000, 800, 600) for z in (0, 600)]
    if tail:
        ps.append(opt.Placement(1, 3000, 0, 0, 1000, 800, 600))
        ps.append(opt.Placement(1, 4000, 0, 0, 1000, 800, 600))
    return opt.Plan(tuple(ps))


def test_mirroring_slabs_centres_a_lopsided_load_and_keeps_it_valid() -> None:
    plan = _lopsided(False)
    assert opt.check(plan, PROBLEM) == []
    before = _offsets(plan, PROBLEM)[1]
    after_plan = _mirror_slabs(plan, PROBLEM)
    after = _offsets(after_plan, PROBLEM)[1]
    assert abs(after) < abs(before)
    assert opt.check(after_plan, PROBLEM) == []
    assert len(after_plan.placements) == len(plan.placements)


def test_mirroring_beyond_a_cut_brings_the_load_within_tolerance() -> None:
    plan = _lopsided(True)
    assert opt.check(plan, PROBLEM) == []
    tol = (0.10, 0.05)
    assert abs(_offsets(plan, PROBLEM)[1]) > tol[1]
    got = _mirror_part(plan, PROBLEM, tol)
    assert abs(_offsets(got, PROBLEM)[1]) <= tol[1]
    assert opt.check(got, PROBLEM) == []
    assert sorted(p.box_type for p in got.placements) == sorted(p.box_type for p in plan.placements)


def _one_slab() -> opt.Plan:
    """A single slab (every carton overlaps every other along the length, so no slab or
    segment can be mirrored on its own): two heavy cartons stacked against the left wall,
    two light ones beside them on the floor."""
    return opt.Plan(
        (
            opt.Placement(0, 0, 0, 0, 1000, 800, 600),
            opt.Placement(1, 0, 800, 0, 1000, 800, 600),
            opt.Placement(1, 0, 1600, 0, 1000, 800, 600),
            opt.Placement(0, 0, 0, 600, 1000, 800, 600),
        )
    )


def test_a_load_no_mirroring_can_centre_is_balanced_by_moving_a_carton_across() -> None:
    plan = _one_slab()
    assert opt.check(plan, PROBLEM) == []
    tol = (0.10, 0.05)
    assert abs(_offsets(plan, PROBLEM)[1]) > tol[1]
    # mirroring cannot help: one slab, and mirroring all of it only moves the weight across
    assert abs(_offsets(_mirror_slabs(plan, PROBLEM), PROBLEM)[1]) > tol[1]
    assert abs(_offsets(_mirror_part(plan, PROBLEM, tol), PROBLEM)[1]) > tol[1]
    got = _nudge(plan, PROBLEM, tol)
    assert abs(_offsets(got, PROBLEM)[1]) <= tol[1]
    assert opt.check(got, PROBLEM) == []
    assert sorted(p.box_type for p in got.placements) == sorted(p.box_type for p in plan.placements)


def test_balancing_a_proven_plan_keeps_it_valid_and_within_tolerance() -> None:
    options = PlanOptions(seed=3, time_limit_s=5.0, max_iterations=50)
    plan, _, _ = _balance_plan(_one_slab(), PROBLEM, options, 1)
    assert opt.check(plan, PROBLEM) == []
    assert _balanced(plan, PROBLEM, options.cog_tolerance)
    assert len(plan.placements) == 4


def test_a_carton_is_never_moved_onto_one_that_cannot_carry_it() -> None:
    """The light side's only free tops are fragile cartons and there is no free floor: nothing
    may move, so the plan comes back unchanged (and is reported out of tolerance)."""
    fragile = opt.BoxType("F", 1000, 800, 600, quantity=2, weight=4_000, stackable=False)
    problem = opt.Problem(opt.Container(1000, 2400, 1200, 20_000_000), (HEAVY, fragile))
    plan = _one_slab()
    assert opt.check(plan, problem) == []
    tol = (0.10, 0.05)
    got = _nudge(plan, problem, tol)
    assert got == plan
    assert not _balanced(got, problem, tol)


def test_a_container_out_of_tolerance_says_why_and_one_within_says_nothing() -> None:
    from pinxiang.domain import DEFAULT_CONTAINER_TYPES, CartonPlacement, ContainerLoad
    from pinxiang.services.planning import balance

    ct = next(t for t in DEFAULT_CONTAINER_TYPES if t.code == "20GP")

    def load(y: int) -> ContainerLoad:
        p = CartonPlacement(
            "L1-001", "L1", "OL1", "M1", "B1", 2500, y, 0, 1000, 800, 600, "LWH", 40_000, 1
        )
        return ContainerLoad("S1", 1, ct.code, (p,), ct.volume_mm3, ct.max_payload_g)

    lopsided = balance(load(0), ct, (0.10, 0.05), ct.max_payload_g)
    assert not lopsided.within_tolerance
    assert "crosswise" in lopsided.reason
    centred = balance(load((ct.inner_width_mm - 800) // 2), ct, (0.10, 0.05), ct.max_payload_g)
    assert centred.within_tolerance and centred.reason == ""
