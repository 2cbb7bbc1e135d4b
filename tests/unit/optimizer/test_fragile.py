"""Fragile and load-limited boxes: capped columns (``SolveParams.capped_blocks``)."""

from __future__ import annotations

import random

from pinxiang.optimizer import (
    BoxType,
    Container,
    MaxIterations,
    Problem,
    SolveParams,
    check,
    solve,
)
from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer.construct import build_blocks, expand_block

UP = (False, False, True)


def _tops_problem() -> Problem:
    # 10 stackable cartons and 5 fragile lids; the lids fit whole only on tops of columns
    return Problem(
        Container(30, 20, 20),
        (
            BoxType("f0", 10, 5, 5, quantity=6, weight=10, allowed_vertical=UP),
            BoxType("f1", 10, 10, 5, quantity=5, weight=10, allowed_vertical=UP),
            BoxType(
                "lid", 10, 10, 3, quantity=5, weight=10, allowed_vertical=UP, max_load_on_top=0
            ),
        ),
        support=1.0,
        must_load_all=True,
    )


def test_capped_columns_put_the_fragile_layer_on_top() -> None:
    pr = _tops_problem()
    plain = build_blocks(pr, max_blocks=500, min_fill=0.98)
    capped = build_blocks(pr, max_blocks=500, min_fill=0.98, capped=40)
    assert len(capped.blk) > len(plain.blk)
    joins = [b for b in range(len(capped.blk)) if capped.tree[b, 0] == 3 and b >= len(plain.blk)]
    assert joins
    for b in joins:
        assert capped.blk[b, K.B_CAP] in (0, K.CAP_NONE)  # the lid carries no weight
        boxes: list[tuple[int, int, int, int, int, int, int]] = []
        expand_block(capped, b, 0, 0, 0, boxes)
        assert sum(1 for bx in boxes if bx[0] == 2) >= 1
        lid_bottom = min(bx[3] for bx in boxes if bx[0] == 2)
        assert all(bx[3] + bx[6] <= lid_bottom for bx in boxes if bx[0] != 2)
        assert max(bx[3] + bx[6] for bx in boxes) == capped.blk[b, K.B_DZ]


def test_capped_columns_prove_the_lids_in_one_greedy_pass() -> None:
    pr = _tops_problem()
    r = solve(pr, MaxIterations(1), params=SolveParams(capped_blocks=50))
    assert check(r.plan, pr) == []
    assert r.unplaced == ()
    assert sum(1 for p in r.plan.placements if p.box_type == 2 and p.z > 0) >= 4


def test_no_capped_columns_without_load_limits() -> None:
    pr = Problem(
        Container(30, 20, 20),
        (
            BoxType("a", 10, 5, 5, quantity=6, weight=10),
            BoxType("b", 10, 10, 3, quantity=5, weight=10),
        ),
        support=1.0,
    )
    a = build_blocks(pr, max_blocks=500, min_fill=0.98)
    b = build_blocks(pr, max_blocks=500, min_fill=0.98, capped=40)
    assert (a.blk == b.blk).all() and (a.tree == b.tree).all()
    r1 = solve(pr, MaxIterations(20))
    r2 = solve(pr, MaxIterations(20), params=SolveParams(capped_blocks=40))
    assert r1.plan == r2.plan


def test_capped_columns_valid_and_deterministic_on_mixed_cargo() -> None:
    rng = random.Random(5)
    types = []
    for i in range(14):
        w = rng.randint(2, 9) * 1000
        kind = i % 4
        types.append(
            BoxType(
                f"t{i}",
                rng.randint(30, 70),
                rng.randint(30, 60),
                rng.randint(20, 60),
                quantity=rng.randint(1, 8),
                weight=w,
                allowed_vertical=UP if kind else (True, True, True),
                stackable=kind != 1,
                max_load_on_top=0 if kind == 2 else (3 * w if kind == 3 else None),
                drop=i % 2,
            )
        )
    pr = Problem(Container(240, 120, 130, max_payload=200_000), tuple(types), support=1.0)
    params = SolveParams(capped_blocks=200)
    r1 = solve(pr, MaxIterations(60), seed=3, params=params)
    r2 = solve(pr, MaxIterations(60), seed=3, params=params)
    assert check(r1.plan, pr) == []
    assert r1.plan == r2.plan
