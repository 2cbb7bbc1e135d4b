"""Beam search with greedy look-ahead over block placements (after Araya & Riff 2014, BSG).

A state is a partial loading: its maximal free spaces, the boxes still available and the
blocks placed. Each step takes the free space nearest a container corner, tries the ``width``
most valuable feasible blocks there, and rates every child by completing it greedily; the
``width`` best children form the next beam. Widths grow geometrically (iterative widening) until
the stopping criterion fires. Every greedy completion is one iteration, so the search is
deterministic given the problem, the seed and the iteration count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer.construct import Blocks
from pinxiang.optimizer.stop import StoppingCriterion

__all__ = ["SearchOutcome", "State", "beam_search", "scan_table"]


@dataclass
class State:
    """Mutable search state (all int64 arrays)."""

    sp: np.ndarray
    meta: np.ndarray
    avail: np.ndarray
    pl: np.ndarray
    pcap: np.ndarray
    mins: np.ndarray
    # the value of this state's greedy completion when known (it rated the state as a child),
    # else -1; its first child repeats the greedy's first choice, so that child's completion is
    # the same loading
    rated: int = -1
    # rows of space capacity of a working copy when ``sp`` was cut to the spaces in use
    # (``compact``); 0 = ``sp.shape[0]``
    cap: int = 0

    def copy(self) -> State:
        """A working copy (full space capacity, so that blocks can be placed in it)."""
        ns = int(self.meta[K.M_NS])
        npl = int(self.meta[K.M_NP])
        sp = np.empty((self.cap or self.sp.shape[0], 6), np.int64)
        sp[:ns] = self.sp[:ns]
        pl = np.empty_like(self.pl)
        pl[:npl] = self.pl[:npl]
        pcap = np.empty_like(self.pcap)
        pcap[:npl] = self.pcap[:npl]
        return State(
            sp, self.meta.copy(), self.avail.copy(), pl, pcap, self.mins.copy(), cap=self.cap
        )

    def compact(self) -> None:
        """Keep only the spaces in use (a beam state is only read, and spaces removed, until
        it is copied): a beam of width w then holds w small arrays instead of w arrays of
        ``max_spaces`` rows (96 kB each by default)."""
        ns = int(self.meta[K.M_NS])
        if ns < self.sp.shape[0]:
            self.cap = self.cap or self.sp.shape[0]
            self.sp = self.sp[:ns].copy()

    @property
    def value(self) -> int:
        return int(self.meta[K.M_VAL])


@dataclass
class SearchOutcome:
    """Best placement list found: rows (block, x, y, z)."""

    placed: np.ndarray
    value: int
    iterations: int


@dataclass
class Context:
    blocks: Blocks
    cfg: np.ndarray
    tdim: np.ndarray
    tmp: np.ndarray
    reach: np.ndarray
    vo: np.ndarray  # orientations (vertical, smaller, larger horizontal dim, type) by vertical
    scratch: State | None = None  # a state the children are completed in (``rate_children``)


def make_root(
    dims: tuple[int, int, int],
    avail: np.ndarray,
    tdim: np.ndarray,
    max_spaces: int,
    max_placed: int,
) -> State:
    sp = np.zeros((max_spaces, 6), np.int64)
    sp[0] = (0, 0, 0, dims[0], dims[1], dims[2])
    meta = np.zeros(K.M_N, np.int64)
    meta[K.M_NS] = 1
    mins = np.zeros(4, np.int64)
    K.compute_mins(avail, tdim, mins)
    return State(
        sp,
        meta,
        avail.astype(np.int64).copy(),
        np.zeros((max_placed, 4), np.int64),
        np.zeros(max_placed, np.int64),
        mins,
    )


def scan_table(blk: np.ndarray, order: np.ndarray, cfg: np.ndarray) -> np.ndarray:
    """Rows (dx, dy, dz, value, bound, packed) of the blocks in ``order`` for the candidate
    scan.

    ``bound`` stops the scan: ``100 * value`` (the rating with no waste; ``order`` is by value),
    or, with the box-count term, the largest ``100 * value / n ** e`` from this row on (+1
    against rounding). ``packed`` holds dx, dy, dz in 16-bit fields (``K.pack_dims``) for a
    one-subtraction fit test (``K.fits_packed``) when every dimension of the container is
    below ``K.PACK_LIMIT``; else 0 (the scan then compares the three dimensions).
    """
    rows = blk[order]
    out = np.empty((order.shape[0], 6), np.int64)
    out[:, :4] = rows[:, :4]
    out[:, 4] = 100 * rows[:, K.B_VAL]
    if order.shape[0] > 0 and int(rows[:, :3].max()) < K.PACK_LIMIT:
        out[:, 5] = rows[:, 0] | (rows[:, 1] << 16) | (rows[:, 2] << 32)
    else:
        out[:, 5] = 0
    e = int(cfg[K.C_NBOX])
    if e != 0 and order.shape[0] > 0:
        n = rows[:, K.B_C0 : K.B_C0 + K.KMAX].sum(axis=1).clip(1, None)
        b = np.floor(100.0 * rows[:, K.B_VAL] / n.astype(np.float64) ** (e / 100.0)) + 1
        out[:, 4] = np.maximum.accumulate(b[::-1])[::-1].astype(np.int64)
    return out


def _greedy(ctx: Context, s: State, order: np.ndarray, bd4: np.ndarray) -> None:
    K.greedy(
        ctx.blocks.blk, order, bd4, s.sp, s.meta, s.avail, s.pl, s.pcap, ctx.cfg, ctx.tdim, s.mins,
        ctx.tmp, ctx.reach, ctx.vo,
    )  # fmt: skip


def _place(ctx: Context, s: State, row: tuple[int, int, int, int]) -> None:
    """Place block ``row[0]`` at (``row[1]``, ``row[2]``, ``row[3]``) in state ``s``."""
    K.place(
        ctx.blocks.blk, row[0], row[1], row[2], row[3], s.sp, s.meta, s.avail, s.pl, s.pcap,
        ctx.cfg, ctx.tdim, s.mins, ctx.tmp,
    )  # fmt: skip


@dataclass
class _Best:
    val: int
    pl: np.ndarray
    iters: int
    upper_bound: int


# children rated per ``rate_children`` call: the stopping criterion is consulted after each
# batch (then replayed per child, so iteration-based criteria see exactly one call per child)
BATCH = 32


def _beam_round(
    ctx: Context,
    start: State,
    width: int,
    stop: StoppingCriterion,
    best: _Best,
    order: np.ndarray,
    bd4: np.ndarray,
    out: np.ndarray,
) -> tuple[bool, bool]:
    """One beam search of ``width`` from ``start``; updates ``best``.

    Returns (stop the search, the start state had no child at all)."""
    blk = ctx.blocks.blk
    beam = [start.copy()]
    level = 0
    if ctx.scratch is None:
        ctx.scratch = start.copy()
    g = ctx.scratch
    npmax = g.pl.shape[0]
    vals = np.empty(out.shape[0], np.int64)
    imp_pl = np.empty((BATCH, npmax, 4), np.int64)
    imp_np = np.empty(BATCH, np.int64)
    imp_j = np.empty(BATCH, np.int64)
    while beam:
        level += 1
        # (completion value, index, parent, placed row): a child state is rebuilt from its
        # parent only when it is looked at for the next beam (one copy per completion less)
        children: list[tuple[int, int, State, tuple[int, int, int, int]]] = []
        for s in beam:
            i = -1
            n = 0
            while s.meta[K.M_NS] > 0:
                i = int(K.select_space(s.sp, s.meta[K.M_NS], ctx.cfg))
                n = int(
                    K.candidates(
                        blk, order, bd4, i, s.sp, s.meta, s.avail, s.pl, s.pcap, ctx.cfg, out,
                        min(width, out.shape[0]), ctx.reach, ctx.vo, s.mins,
                    )
                )  # fmt: skip
                if n > 0:
                    break
                K.remove_space(s.sp, s.meta, i)
            if n == 0 or s.meta[K.M_NP] >= npmax:
                continue
            j = 0
            if s.rated >= 0:
                # the first child is the greedy's own first step: its completion is the one
                # that rated ``s`` (already seen), so it is rated without completing it again
                if stop(float(best.val)):
                    return True, False
                best.iters += 1
                children.append((s.rated, len(children), s, _row(out, 0)))
                j = 1
            while j < n:
                j1 = min(n, j + BATCH)
                nimp = K.rate_children(
                    blk, order, bd4, s.sp, s.meta, s.avail, s.pl, s.pcap, s.mins, out, j, j1,
                    ctx.cfg, ctx.tdim, ctx.tmp, ctx.reach, ctx.vo, g.sp, g.meta, g.avail, g.pl,
                    g.pcap, g.mins, best.val, vals, imp_pl, imp_np, imp_j,
                )  # fmt: skip
                k = 0
                for jj in range(j, j1):
                    if stop(float(best.val)):
                        return True, False
                    best.iters += 1
                    v = int(vals[jj])
                    if k < nimp and imp_j[k] == jj:
                        best.val = v
                        best.pl = imp_pl[k, : int(imp_np[k])].copy()
                        k += 1
                    children.append((v, len(children), s, _row(out, jj)))
                    if best.val >= best.upper_bound:
                        return True, False
                j = j1
        if level == 1 and not children:
            return False, True
        children.sort(key=lambda t: (-t[0], t[1]))
        beam = []
        seen: set[tuple[int, int, bytes]] = set()
        for gv, _, parent, row in children:
            c = parent.copy()
            _place(ctx, c, row)
            # the same partial loading reached by placing blocks in another order
            key = (gv, c.value, c.avail.tobytes())
            if key in seen:
                continue
            seen.add(key)
            c.rated = gv
            c.compact()
            beam.append(c)
            if len(beam) >= width:
                break
    return False, False


def _row(out: np.ndarray, j: int) -> tuple[int, int, int, int]:
    return (int(out[j, 0]), int(out[j, 1]), int(out[j, 2]), int(out[j, 3]))


def _prefix(ctx: Context, root: State, pl: np.ndarray, k: int) -> State:
    """The state after re-placing the first ``k`` blocks of ``pl`` from ``root``."""
    s = root.copy()
    for r in range(k):
        _place(ctx, s, (int(pl[r, 0]), int(pl[r, 1]), int(pl[r, 2]), int(pl[r, 3])))
    return s


def beam_search(
    ctx: Context,
    root: State,
    stop: StoppingCriterion,
    upper_bound: int,
    seed: int,
    start_width: int = 1,
    growth: float = 2.0,
    modes: tuple[int, ...] = (),
    tail: tuple[int, ...] = (),
    tail_width: int = 2,
) -> SearchOutcome:
    """Iterative-widening beam search; returns the best complete loading found.

    With ``modes``, every width is run once per space-selection mode (a small portfolio).
    With ``tail`` (percentages), after every width the tail of the best loading is re-solved:
    the first ``p`` % of its blocks are kept and the rest is searched again with ``tail_width``
    times the width (an improvement phase that spends the effort where the loading is still
    open).
    """
    blk = ctx.blocks.blk
    order = ctx.blocks.order
    rng = np.random.default_rng(seed)
    mi = 0
    if modes:
        ctx.cfg[K.C_MODE] = modes[0]
    bd4 = scan_table(blk, order, ctx.cfg)
    stopped = stop(0.0)
    first = root.copy()
    _greedy(ctx, first, order, bd4)
    best = _Best(first.value, first.pl[: int(first.meta[K.M_NP])].copy(), 1, upper_bound)
    if stopped or best.val >= upper_bound:
        return SearchOutcome(best.pl, best.val, best.iters)
    width = max(1, start_width)
    wfloat = float(width)
    out = np.empty((4096, 4), np.int64)
    while True:
        done, empty = _beam_round(ctx, root, width, stop, best, order, bd4, out)
        if done or empty:
            break
        if modes:
            mi += 1
            ctx.cfg[K.C_MODE] = modes[mi % len(modes)]
            if mi % len(modes) != 0:
                continue
        for pct in tail:
            k = len(best.pl) * pct // 100
            if k <= 0:
                continue
            ps = _prefix(ctx, root, best.pl, k)
            tw = min(tail_width * width, 4096)
            done, _ = _beam_round(ctx, ps, tw, stop, best, order, bd4, out)
            if done:
                break
        if done:
            break
        wfloat *= growth
        width = max(width + 1, int(wfloat))
        if width > 4096:
            # beyond useful widths: restart small with a perturbed block order
            width = max(1, start_width)
            wfloat = float(width)
            noise = rng.random(order.shape[0])
            vals = blk[order, K.B_VAL].astype(np.float64) * (1.0 + 0.05 * noise)
            order = order[np.argsort(-vals, kind="stable")]
            ctx.cfg[K.C_VSKIP] = 0  # the order is no longer by value
            bd4 = scan_table(blk, order, ctx.cfg)
    return SearchOutcome(best.pl, best.val, best.iters)
