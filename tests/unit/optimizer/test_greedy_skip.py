"""The greedy completion skips blocks found short of boxes: same steps as a plain loop."""

from __future__ import annotations

import numpy as np
import pytest

from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer import search
from pinxiang.optimizer.problem import Container, Problem
from tests.unit.optimizer.cargo import random_types, search_context


def _plain_greedy(ctx: search.Context, s: search.State, order: np.ndarray, bd4: np.ndarray) -> None:
    blk = ctx.blocks.blk
    one = np.empty((1, 4), np.int64)
    while s.meta[K.M_NS] > 0:
        i = K.select_space(s.sp, s.meta[K.M_NS], ctx.cfg)
        n = K.candidates(
            blk, order, bd4, i, s.sp, s.meta, s.avail, s.pl, s.pcap, ctx.cfg, one, 1, ctx.reach,
            ctx.vo, s.mins,
        )  # fmt: skip
        if n == 0:
            K.remove_space(s.sp, s.meta, i)
            continue
        if s.meta[K.M_NP] >= s.pl.shape[0]:
            break
        K.place(
            blk, one[0, 0], one[0, 1], one[0, 2], one[0, 3], s.sp, s.meta, s.avail, s.pl, s.pcap,
            ctx.cfg, ctx.tdim, s.mins, ctx.tmp,
        )  # fmt: skip


@pytest.mark.parametrize("support", [0.0, 1.0])
def test_greedy_matches_a_loop_without_the_short_flags(
    monkeypatch: pytest.MonkeyPatch, support: float
) -> None:
    pr = Problem(Container(240, 120, 120), random_types(7, 32, weight=1), support=support)
    ctx, root = search_context(monkeypatch, pr)
    order = ctx.blocks.order
    bd4 = search.scan_table(ctx.blocks.blk, order, ctx.cfg)
    a = root.copy()
    b = root.copy()
    search._greedy(ctx, a, order, bd4)
    _plain_greedy(ctx, b, order, bd4)
    assert a.meta[K.M_NP] > 3
    assert np.array_equal(a.meta, b.meta)
    assert np.array_equal(a.pl[: a.meta[K.M_NP]], b.pl[: b.meta[K.M_NP]])
    # from a partial state too (as in the beam)
    for r in range(2):
        c = root.copy()
        for p in range(r + 1):
            row = a.pl[p]
            K.place(
                ctx.blocks.blk, row[0], row[1], row[2], row[3], c.sp, c.meta, c.avail, c.pl,
                c.pcap, ctx.cfg, ctx.tdim, c.mins, ctx.tmp,
            )  # fmt: skip
        d = c.copy()
        search._greedy(ctx, c, order, bd4)
        _plain_greedy(ctx, d, order, bd4)
        assert np.array_equal(c.pl[: c.meta[K.M_NP]], d.pl[: d.meta[K.M_NP]])
