"""Column blocks (``SolveParams.columns``): stacks of different box types up to the roof."""

from __future__ import annotations

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


def _problem() -> Problem:
    # heights 6 + 4 (+ 3 + 3) reach the roof of 10 only by stacking different types
    return Problem(
        Container(20, 20, 10),
        (
            BoxType("a", 10, 10, 6, quantity=4, allowed_vertical=UP),
            BoxType("b", 10, 10, 4, quantity=3, allowed_vertical=UP),
            BoxType("c", 10, 9, 2, quantity=2, allowed_vertical=UP),
            BoxType("d", 9, 9, 3, quantity=4, allowed_vertical=UP),
        ),
        support=1.0,
    )


def _supported(boxes: list[tuple[int, int, int, int, int, int, int]]) -> bool:
    """Every box stands on the floor or fully on the tops of boxes below (unit grid)."""
    top: dict[tuple[int, int], int] = {}
    for _, x, y, z, dx, dy, dz in sorted(boxes, key=lambda b: b[3]):
        cells = [(i, j) for i in range(x, x + dx) for j in range(y, y + dy)]
        if any(top.get(c, 0) != z for c in cells):
            return False
        for c in cells:
            top[c] = z + dz
    return True


def test_column_blocks_reach_the_roof_supported_and_within_quantities() -> None:
    pr = _problem()
    plain = build_blocks(pr, max_blocks=500, min_fill=0.995)
    cols = build_blocks(pr, max_blocks=500, min_fill=0.995, columns=200, columns_eff=0.9)
    new = range(len(plain.blk), len(cols.blk))
    assert len(new) > 0
    qty = [bt.quantity for bt in pr.box_types]
    mixed = 0
    for b in new:
        row = cols.blk[b]
        assert cols.tree[b, 0] == 3
        dx, dy, dz = (int(v) for v in row[:3])
        assert dz <= 10 and row[K.B_VOL] >= 0.9 * dx * dy * 10
        boxes: list[tuple[int, int, int, int, int, int, int]] = []
        expand_block(cols, b, 0, 0, 0, boxes)
        assert _supported(boxes)
        assert all(
            bx[1] + bx[4] <= dx and bx[2] + bx[5] <= dy and bx[3] + bx[6] <= dz for bx in boxes
        )
        counts = {t: sum(1 for bx in boxes if bx[0] == t) for t in range(len(qty))}
        assert all(counts[t] <= qty[t] for t in counts)
        assert sum(bx[4] * bx[5] * bx[6] for bx in boxes) == row[K.B_VOL]
        comp = {int(row[K.B_T0 + k]): int(row[K.B_C0 + k]) for k in range(int(row[K.B_NK]))}
        assert comp == {t: c for t, c in counts.items() if c}
        mixed += len(comp) > 1
        # the packing area lies inside the top of a box at full height
        px0, py0, px1, py1 = (int(v) for v in row[K.B_PX0 : K.B_PY1 + 1])
        assert all(
            any(
                bx[1] <= i < bx[1] + bx[4] and bx[2] <= j < bx[2] + bx[5] and bx[3] + bx[6] == dz
                for bx in boxes
            )
            for i in range(px0, px1)
            for j in range(py0, py1)
        )
    assert mixed > 0


def test_columns_only_with_support_and_many_types() -> None:
    pr = _problem()
    nosup = Problem(pr.container, pr.box_types, support=0.0)
    plain = build_blocks(nosup, max_blocks=500, min_fill=0.995)
    assert len(build_blocks(nosup, max_blocks=500, min_fill=0.995, columns=200).blk) == len(
        plain.blk
    )
    # four types < many_types (30): the default solve builds no columns; with many_types=1 it
    # does; every plan valid
    r0 = solve(pr, MaxIterations(50))
    r1 = solve(pr, MaxIterations(50), params=SolveParams(many_types=1))
    assert check(r0.plan, pr) == [] and check(r1.plan, pr) == []
    r2 = solve(pr, MaxIterations(50), params=SolveParams(many_types=1, columns=0))
    assert check(r2.plan, pr) == []


def test_columns_deterministic_and_valid_on_mixed_cargo() -> None:
    import random

    rnd = random.Random(7)
    types = tuple(
        BoxType(
            str(i),
            rnd.randint(20, 60),
            rnd.randint(20, 60),
            rnd.randint(15, 70),
            quantity=rnd.randint(1, 4),
        )
        for i in range(35)
    )
    pr = Problem(Container(300, 120, 120), types, support=1.0)
    plain = build_blocks(pr, max_blocks=3000, min_fill=0.98)
    assert len(build_blocks(pr, max_blocks=3000, min_fill=0.98, columns=3000).blk) > len(plain.blk)
    a = solve(pr, MaxIterations(40), seed=3)
    b = solve(pr, MaxIterations(40), seed=3)
    assert check(a.plan, pr) == []
    assert a.plan == b.plan
