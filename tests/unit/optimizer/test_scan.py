"""The candidate scan: the volume skip finds the same blocks, the rating terms stay bounds."""

from __future__ import annotations

import numpy as np
import pytest

from pinxiang.optimizer import BoxType, Container, MaxIterations, Problem, SolveParams, check, solve
from pinxiang.optimizer import _kernels as K


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
def test_volume_skip_gives_the_same_plans(seed: int) -> None:
    pr = _hetero(seed=seed)
    a = solve(pr, MaxIterations(40), params=SolveParams(volume_skip=False))
    b = solve(pr, MaxIterations(40), params=SolveParams(volume_skip=True))
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
    [SolveParams(box_count_exp=50), SolveParams(contact_exp=100), SolveParams(volume_skip=False)],
)
@pytest.mark.parametrize("support", [0.0, 1.0])
def test_rating_variants_give_valid_plans(params: SolveParams, support: float) -> None:
    base = _hetero(n_types=10, seed=5)
    pr = Problem(base.container, base.box_types, support=support)
    r = solve(pr, MaxIterations(25), params=params)
    assert check(r.plan, pr) == []
    assert r.utilisation > 0.3
