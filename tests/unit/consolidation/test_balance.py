"""Centre of gravity crosswise: a lopsided load is mirrored across the long axis without
breaking any rule the checker knows."""

from __future__ import annotations

from pinxiang import optimizer as opt
from pinxiang.services.planning import _mirror_part, _mirror_slabs, _offsets

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
