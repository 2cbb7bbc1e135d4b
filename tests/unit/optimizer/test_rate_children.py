"""The beam rates children in one kernel call per batch: the same values and the same best
loadings as copying the parent, placing and completing greedily once per child."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer import search
from pinxiang.optimizer.problem import Container, Problem
from pinxiang.optimizer.solve import solve
from pinxiang.optimizer.stop import MaxIterations
from tests.unit.optimizer.cargo import random_types, search_context


def _setup(
    monkeypatch: pytest.MonkeyPatch, support: float
) -> tuple[search.Context, search.State, np.ndarray, np.ndarray]:
    pr = Problem(Container(240, 120, 120), random_types(11, 32, weight=1), support=support)
    ctx, root = search_context(monkeypatch, pr)
    order = ctx.blocks.order
    return ctx, root, order, search.scan_table(ctx.blocks.blk, order, ctx.cfg)


def _children(ctx: search.Context, s: search.State, order: np.ndarray, bd4: np.ndarray) -> Any:
    out = np.empty((64, 4), np.int64)
    i = K.select_space(s.sp, s.meta[K.M_NS], ctx.cfg)
    n = K.candidates(
        ctx.blocks.blk, order, bd4, i, s.sp, s.meta, s.avail, s.pl, s.pcap, ctx.cfg, out, 16,
        ctx.reach, ctx.vo, s.mins,
    )  # fmt: skip
    return out, int(n)


def _one_child(ctx: search.Context, s: search.State, row: np.ndarray, order: Any, bd4: Any) -> Any:
    g = s.copy()
    search._place(ctx, g, (int(row[0]), int(row[1]), int(row[2]), int(row[3])))
    search._greedy(ctx, g, order, bd4)
    return g


@pytest.mark.parametrize("support", [0.0, 1.0])
def test_rate_children_matches_one_completion_per_child(
    monkeypatch: pytest.MonkeyPatch, support: float
) -> None:
    ctx, root, order, bd4 = _setup(monkeypatch, support)
    # a parent two blocks deep (as in the beam), and the root
    first = root.copy()
    search._greedy(ctx, first, order, bd4)
    parent = root.copy()
    for r in range(2):
        row = first.pl[r]
        search._place(ctx, parent, (int(row[0]), int(row[1]), int(row[2]), int(row[3])))
    for s in (root, parent):
        out, n = _children(ctx, s, order, bd4)
        assert n >= 4
        before = s.copy()
        g = s.copy()
        npmax = g.pl.shape[0]
        vals = np.full(64, -7, np.int64)
        imp_pl = np.zeros((16, npmax, 4), np.int64)
        imp_np = np.zeros(16, np.int64)
        imp_j = np.zeros(16, np.int64)
        start_best = 0
        k = K.rate_children(
            ctx.blocks.blk, order, bd4, s.sp, s.meta, s.avail, s.pl, s.pcap, s.mins, out, 1, n,
            ctx.cfg, ctx.tdim, ctx.tmp, ctx.reach, ctx.vo, g.sp, g.meta, g.avail, g.pl, g.pcap,
            g.mins, start_best, vals, imp_pl, imp_np, imp_j,
        )  # fmt: skip
        assert vals[0] == -7  # outside [j0, j1): untouched
        best = start_best
        m = 0
        for j in range(1, n):
            ref = _one_child(ctx, s, out[j], order, bd4)
            assert vals[j] == ref.value
            if ref.value > best:
                best = ref.value
                npl = int(ref.meta[K.M_NP])
                assert imp_j[m] == j and imp_np[m] == npl
                assert np.array_equal(imp_pl[m, :npl], ref.pl[:npl])
                m += 1
        assert k == m >= 1
        # the parent is untouched
        assert np.array_equal(s.meta, before.meta) and np.array_equal(s.avail, before.avail)
        ns = int(s.meta[K.M_NS])
        assert np.array_equal(s.sp[:ns], before.sp[:ns])


@pytest.mark.parametrize("support", [0.0, 1.0])
def test_first_child_repeats_the_rating_completion(
    monkeypatch: pytest.MonkeyPatch, support: float
) -> None:
    """The premise of ``State.rated``: a state reached by placing one block, rated by its
    greedy completion, has as its first child the greedy's own next step, so that child's
    completion is the same loading."""
    ctx, root, order, bd4 = _setup(monkeypatch, support)
    out, n = _children(ctx, root, order, bd4)
    for j in range(min(n, 6)):
        c = root.copy()
        row = out[j]
        search._place(ctx, c, (int(row[0]), int(row[1]), int(row[2]), int(row[3])))
        rating = c.copy()
        search._greedy(ctx, rating, order, bd4)
        kids, m = _children(ctx, c, order, bd4)
        if m == 0:
            continue
        first = _one_child(ctx, c, kids[0], order, bd4)
        assert first.value == rating.value
        npl = int(first.meta[K.M_NP])
        assert np.array_equal(first.pl[:npl], rating.pl[: int(rating.meta[K.M_NP])])


class _Counting:
    def __init__(self, n: int) -> None:
        self.n = n
        self.calls: list[float] = []

    def __call__(self, best: float) -> bool:
        self.calls.append(best)
        return len(self.calls) > self.n


@pytest.mark.parametrize("n", [1, 2, 5, 40, 333])
def test_the_criterion_is_consulted_once_per_rated_child(n: int) -> None:
    pr = Problem(Container(240, 120, 120), random_types(5, 24, weight=1), support=1.0)
    crit = _Counting(n)
    res = solve(pr, crit, seed=0)
    # the first greedy, then one call before each rated child; the last call stops
    assert res.iterations == n
    assert len(crit.calls) == n + 1
    assert crit.calls == sorted(crit.calls)
    ref = solve(pr, MaxIterations(n), seed=0)
    assert ref.plan == res.plan


def test_a_compacted_state_copies_back_to_full_capacity(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, root, order, bd4 = _setup(monkeypatch, 1.0)
    first = root.copy()
    search._greedy(ctx, first, order, bd4)
    s = root.copy()
    row = first.pl[0]
    search._place(ctx, s, (int(row[0]), int(row[1]), int(row[2]), int(row[3])))
    full = s.copy()
    ns = int(s.meta[K.M_NS])
    s.compact()
    assert s.sp.shape == (ns, 6) and s.cap == root.sp.shape[0]
    c = s.copy()
    assert c.sp.shape == root.sp.shape and c.cap == s.cap
    assert np.array_equal(c.sp[:ns], full.sp[:ns])
    # the copy completes exactly as the uncompacted state does
    search._greedy(ctx, c, order, bd4)
    search._greedy(ctx, full, order, bd4)
    assert np.array_equal(c.pl[: c.meta[K.M_NP]], full.pl[: full.meta[K.M_NP]])
