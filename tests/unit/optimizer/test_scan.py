"""The candidate scan: the volume skip finds the same blocks, the rating terms stay bounds."""

from __future__ import annotations

import numpy as np
import pytest

from pinxiang.optimizer import BoxType, Container, MaxIterations, Problem, SolveParams, check, solve
from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer.search import scan_table
from tests.unit.optimizer.cargo import random_types


def _hetero(n_types: int = 12, seed: int = 1, value: bool = False) -> Problem:
    rng = np.random.default_rng(seed)
    types = tuple(
        BoxType(
            str(t),
            int(rng.integers(20, 70)),
            int(rng.integers(20, 60)),
            int(rng.integers(15, 50)),
            quantity=int(rng.integers(2, 9)),
            value=(int(rng.integers(1, 10**6)) if value else None),
        )
        for t in range(n_types)
    )
    return Problem(Container(300, 150, 140), types, support=0.0)


def test_first_fitting_is_a_binary_search() -> None:
    bd4 = np.zeros((6, 4), np.int64)
    bd4[:, 3] = [90, 70, 70, 40, 10, 10]
    assert [K.first_fitting(bd4, v) for v in (100, 90, 89, 70, 69, 40, 9, 0)] == [
        0, 0, 1, 1, 3, 3, 6, 6,
    ]  # fmt: skip
    assert K.first_fitting(bd4[:0], 5) == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("box_count_exp", [0, 50])
def test_volume_skip_gives_the_same_plans(seed: int, box_count_exp: int) -> None:
    pr = _hetero(n_types=30 if seed == 3 else 12, seed=seed)
    a = solve(
        pr, MaxIterations(40), params=SolveParams(volume_skip=False, box_count_exp=box_count_exp)
    )
    b = solve(
        pr, MaxIterations(40), params=SolveParams(volume_skip=True, box_count_exp=box_count_exp)
    )
    assert a.plan == b.plan
    assert check(b.plan, pr) == []


def test_volume_skip_off_for_custom_values() -> None:
    # values above the volume: the skip would be wrong, so it must not be used (same plan)
    pr = _hetero(seed=4, value=True)
    a = solve(pr, MaxIterations(30), params=SolveParams(volume_skip=False))
    b = solve(pr, MaxIterations(30), params=SolveParams(volume_skip=True))
    assert a.plan == b.plan
    assert check(b.plan, pr) == []


def test_rescale_never_raises_the_rating() -> None:
    blk = np.zeros((1, K.B_NCOL), np.int64)
    blk[0, K.B_NK] = 2
    blk[0, K.B_C0] = 3
    blk[0, K.B_C0 + 1] = 4
    cfg = np.zeros(K.C_N, np.int64)
    for nbox, cs in ((50, 0), (0, 100), (100, 200)):
        cfg[K.C_NBOX] = nbox
        cfg[K.C_CS] = cs
        for dims in ((10, 10, 10, 10, 10, 10), (10, 5, 5, 20, 5, 9), (3, 4, 5, 30, 40, 50)):
            f = K._rescale(blk, 0, 10**9, *dims, cfg)
            assert 0 < f <= 10**9
    # an exact fit on every axis keeps the contact share at 1; seven boxes divide by 7 ** 0.5
    cfg[K.C_NBOX] = 0
    cfg[K.C_CS] = 100
    assert K._rescale(blk, 0, 10**6, 4, 5, 6, 4, 5, 6, cfg) == 10**6
    assert K._rescale(blk, 0, 10**6, 4, 5, 6, 8, 10, 12, cfg) == 5 * 10**5
    cfg[K.C_NBOX] = 50
    cfg[K.C_CS] = 0
    assert K._rescale(blk, 0, 7 * 10**6, 4, 5, 6, 8, 10, 12, cfg) == pytest.approx(
        7 * 10**6 / 7**0.5, abs=1
    )


@pytest.mark.parametrize(
    "params",
    [
        SolveParams(box_count_exp=50, box_count_min_types=0),
        SolveParams(box_count_exp=50, box_count_min_types=0, box_count_support=True),
        SolveParams(contact_exp=100),
        SolveParams(volume_skip=False),
        SolveParams(dyn_waste_min_types=0),
        SolveParams(fat_first_min_types=0),
    ],
)
@pytest.mark.parametrize("support", [0.0, 1.0])
def test_rating_variants_give_valid_plans(params: SolveParams, support: float) -> None:
    base = _hetero(n_types=10, seed=5)
    pr = Problem(base.container, base.box_types, support=support)
    r = solve(pr, MaxIterations(25), params=params)
    assert check(r.plan, pr) == []
    assert r.utilisation > 0.3


def test_box_count_term_only_without_support_by_default() -> None:
    base = _hetero(n_types=15, seed=6)
    full = Problem(base.container, base.box_types, support=1.0)
    off = SolveParams(box_count_exp=0)
    on = SolveParams(box_count_exp=50, box_count_min_types=0)
    assert solve(full, MaxIterations(20), params=on).plan == (
        solve(full, MaxIterations(20), params=off).plan
    )
    # without support the term changes the choices (this instance: another plan)
    assert solve(base, MaxIterations(20), params=on).plan != (
        solve(base, MaxIterations(20), params=off).plan
    )


def test_scan_table_bound_covers_every_later_block() -> None:
    rng = np.random.default_rng(7)
    nb = 200
    blk = np.zeros((nb, K.B_NCOL), np.int64)
    blk[:, :3] = rng.integers(1, 50, (nb, 3))
    blk[:, K.B_VAL] = rng.integers(1, 10**9, nb)
    blk[:, K.B_NK] = 2
    blk[:, K.B_C0] = rng.integers(1, 30, nb)
    blk[:, K.B_C0 + 1] = rng.integers(0, 30, nb)
    order = np.argsort(-blk[:, K.B_VAL], kind="stable").astype(np.int64)
    cfg = np.zeros(K.C_N, np.int64)
    plain = scan_table(blk, order, cfg)
    assert (plain[:, :4] == blk[order, :4]).all()
    assert (plain[:, 4] == 100 * blk[order, K.B_VAL]).all()
    cfg[K.C_NBOX] = 50
    tab = scan_table(blk, order, cfg)
    best_after = 0
    for j in range(nb - 1, -1, -1):
        b = int(order[j])
        rated = K._rescale(blk, b, 100 * int(blk[b, K.B_VAL]), 1, 1, 1, 2, 2, 2, cfg)
        best_after = max(best_after, rated)
        assert tab[j, 4] >= best_after
        assert tab[j, 4] <= plain[j, 4] + 1


def test_box_count_term_needs_many_types() -> None:
    few = _hetero(n_types=12, seed=8)
    many = _hetero(n_types=30, seed=8)
    for pr, same in ((few, True), (many, False)):
        a = solve(pr, MaxIterations(20), params=SolveParams(box_count_exp=0))
        b = solve(pr, MaxIterations(20), params=SolveParams(box_count_exp=50))
        assert (a.plan == b.plan) is same
        assert check(b.plan, pr) == []
        # deterministic with the term on: same seed and iterations, same plan
        assert solve(pr, MaxIterations(20), params=SolveParams(box_count_exp=50)).plan == b.plan


def test_packed_fit_test_agrees_with_three_compares() -> None:
    rng = np.random.default_rng(3)
    for _ in range(2000):
        s = rng.integers(1, K.PACK_LIMIT, 3)
        b = rng.integers(1, K.PACK_LIMIT, 3)
        if rng.random() < 0.5:  # near the edge: equal or one off
            b = np.clip(s - rng.integers(-1, 2, 3), 1, K.PACK_LIMIT - 1)
        packed = int(b[0]) | (int(b[1]) << 16) | (int(b[2]) << 32)
        want = bool((b <= s).all())
        assert K.fits_packed(K.pack_dims(int(s[0]), int(s[1]), int(s[2])), packed) == want


def test_scan_table_packs_only_small_dimensions() -> None:
    blk = np.zeros((2, K.B_NCOL), np.int64)
    blk[:, :3] = [[3, 4, 5], [6, 7, 8]]
    order = np.array([1, 0], np.int64)
    cfg = np.zeros(K.C_N, np.int64)
    t = scan_table(blk, order, cfg)
    assert t[0, 5] == 6 | (7 << 16) | (8 << 32)
    blk[0, 0] = K.PACK_LIMIT  # too large for a field: no packed column, plain compares
    assert (scan_table(blk, order, cfg)[:, 5] == 0).all()


@pytest.mark.parametrize("support", [0.0, 1.0])
def test_dimensions_too_large_to_pack_give_the_same_plan(support: float) -> None:
    """Scaled by 200 the container's length is over ``PACK_LIMIT``: the scan falls back to the
    three compares and must choose exactly as the packed test does."""
    f = 200
    types = random_types(4, 12)
    small = Problem(Container(240, 120, 120), types, support=support)
    big = Problem(
        Container(240 * f, 120 * f, 120 * f),
        tuple(
            BoxType(t.id, t.length * f, t.width * f, t.height * f, quantity=t.quantity)
            for t in types
        ),
        support=support,
    )
    assert big.container.length >= K.PACK_LIMIT
    a = solve(small, MaxIterations(300), seed=0)
    b = solve(big, MaxIterations(300), seed=0)
    assert not check(b.plan, big)
    assert b.utilisation == pytest.approx(a.utilisation)
    assert [(p.box_type, p.x * f, p.y * f, p.z * f) for p in a.plan.placements] == [
        (p.box_type, p.x, p.y, p.z) for p in b.plan.placements
    ]
