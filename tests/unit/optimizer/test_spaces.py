"""The incremental maximal-space update against a plain all-pairs reference."""

from __future__ import annotations

import random

import numpy as np

from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer.search import scan_table

Box = tuple[int, int, int, int, int, int]


def _reference(spaces: list[Box], c: Box, mins: np.ndarray) -> list[Box]:
    """Subtract ``c`` from every space, drop useless and contained residuals (no support)."""

    def useful(s: Box) -> bool:
        sx, sy, sz = s[3] - s[0], s[4] - s[1], s[5] - s[2]
        if sx <= 0 or sy <= 0 or sz <= 0:
            return False
        if min(sx, sy) < mins[0] or sz < mins[1] or max(sx, sy) < mins[3]:
            return False
        return sx * sy * sz >= mins[2]

    def inside(a: Box, b: Box) -> bool:
        return all(b[k] <= a[k] for k in range(3)) and all(a[k] <= b[k] for k in range(3, 6))

    kept: list[Box] = []
    new: list[Box] = []
    for s in spaces:
        meets = all(s[k] < c[k + 3] and c[k] < s[k + 3] for k in range(3))
        if not meets:
            if useful(s):
                kept.append(s)
            continue
        for r in range(6):
            lo, hi = list(s[:3]), list(s[3:])
            axis = r // 2
            if r % 2 == 0:
                hi[axis] = c[axis]
            else:
                lo[axis] = c[axis + 3]
            cand = (lo[0], lo[1], lo[2], hi[0], hi[1], hi[2])
            if useful(cand):
                new.append(cand)
    out = list(kept)
    for a, s in enumerate(new):
        if any(inside(s, k) for k in kept):
            continue
        if any(b != a and inside(s, t) and (b < a or not inside(t, s)) for b, t in enumerate(new)):
            continue
        out.append(s)
    return out


def test_space_update_matches_the_all_pairs_reference() -> None:
    rng = random.Random(5)
    cfg = np.zeros(K.C_N, np.int64)
    cfg[K.C_L], cfg[K.C_W], cfg[K.C_H] = 100, 60, 50
    mins = np.array([3, 3, 9, 3], np.int64)
    for _ in range(40):
        sp = np.zeros((2000, 6), np.int64)
        sp[0] = (0, 0, 0, 100, 60, 50)
        meta = np.zeros(K.M_N, np.int64)
        meta[K.M_NS] = 1
        tmp = np.zeros((12000, 7), np.int64)
        for _ in range(12):
            ns = int(meta[K.M_NS])
            if ns == 0:
                break
            s = sp[rng.randrange(ns)]
            dx = rng.randint(1, int(s[3] - s[0]))
            dy = rng.randint(1, int(s[4] - s[1]))
            dz = rng.randint(1, int(s[5] - s[2]))
            c = (int(s[0]), int(s[1]), int(s[2]), int(s[0]) + dx, int(s[1]) + dy, int(s[2]) + dz)
            before: list[Box] = [
                (int(a), int(b), int(e), int(f), int(g), int(h)) for a, b, e, f, g, h in sp[:ns]
            ]
            want = _reference(before, c, mins)
            K.update_spaces(sp, meta, np.array(c, np.int64), np.zeros(4, np.int64), cfg, mins, tmp)
            got = [tuple(int(v) for v in row) for row in sp[: int(meta[K.M_NS])]]
            assert got == want


def test_space_update_ties_and_nesting_match_the_reference() -> None:
    """Equal residuals from different spaces keep the first; nested ones keep the larger."""
    cfg = np.zeros(K.C_N, np.int64)
    cfg[K.C_L], cfg[K.C_W], cfg[K.C_H] = 100, 60, 50
    mins = np.array([1, 1, 1, 1], np.int64)
    cases: list[tuple[list[Box], Box]] = [
        # both spaces leave the same slab below c (and the same one left of it)
        (
            [(0, 0, 0, 10, 10, 10), (0, 0, 0, 10, 10, 20), (0, 0, 0, 10, 10, 10)],
            (5, 0, 5, 10, 10, 20),
        ),
        # residuals nested in each other, larger one second
        (
            [(2, 0, 0, 10, 5, 10), (0, 0, 0, 10, 10, 10), (40, 40, 40, 50, 50, 50)],
            (0, 0, 5, 10, 10, 10),
        ),
    ]
    for spaces, c in cases:
        sp = np.zeros((50, 6), np.int64)
        sp[: len(spaces)] = spaces
        meta = np.zeros(K.M_N, np.int64)
        meta[K.M_NS] = len(spaces)
        tmp = np.zeros((300, 7), np.int64)
        want = _reference(spaces, c, mins)
        K.update_spaces(sp, meta, np.array(c, np.int64), np.zeros(4, np.int64), cfg, mins, tmp)
        got = [tuple(int(v) for v in row) for row in sp[: int(meta[K.M_NS])]]
        assert got == want


def _support_state(merge: bool) -> tuple[np.ndarray, ...]:
    """Two single-box blocks of equal height side by side along x, a third, taller one next to
    them along y (container 100 x 60 x 50, full support)."""
    blk = np.zeros((3, K.B_NCOL), np.int64)
    for b, (dx, dy, dz) in enumerate([(40, 30, 20), (30, 20, 20), (30, 30, 35)]):
        blk[b, K.B_DX], blk[b, K.B_DY], blk[b, K.B_DZ] = dx, dy, dz
        blk[b, K.B_VAL] = blk[b, K.B_VOL] = dx * dy * dz
        blk[b, K.B_CAP] = K.CAP_UNLIMITED
        blk[b, K.B_PX1], blk[b, K.B_PY1] = dx, dy
        blk[b, K.B_NK], blk[b, K.B_T0], blk[b, K.B_C0] = 1, b, 1
    cfg = np.zeros(K.C_N, np.int64)
    cfg[K.C_L], cfg[K.C_W], cfg[K.C_H] = 100, 60, 50
    cfg[K.C_SUPPORT] = 1
    cfg[K.C_MERGE] = int(merge)
    tdim = np.array([[10, 10, 1000, 10]] * 3, np.int64)
    sp = np.zeros((200, 6), np.int64)
    sp[0] = (0, 0, 0, 100, 60, 50)
    meta = np.zeros(K.M_N, np.int64)
    meta[K.M_NS] = 1
    avail = np.full(3, 2, np.int64)
    pl = np.zeros((10, 4), np.int64)
    pcap = np.zeros(10, np.int64)
    mins = np.array([10, 10, 1000, 10], np.int64)
    tmp = np.zeros((1200, 7), np.int64)
    for b, x, y in [(0, 0, 0), (1, 40, 0), (2, 0, 30)]:
        K.place(blk, b, x, y, 0, sp, meta, avail, pl, pcap, cfg, tdim, mins, tmp)
    return sp[: int(meta[K.M_NS])], blk, pl, meta


def test_merged_floors_span_coplanar_packing_areas() -> None:
    spaces, *_ = _support_state(merge=False)
    got = {tuple(int(v) for v in s) for s in spaces}
    # without merging only each block's own floor is a space at height 20
    assert (0, 0, 20, 70, 20, 50) not in got
    spaces, blk, pl, meta = _support_state(merge=True)
    got = {tuple(int(v) for v in s) for s in spaces}
    # the two 20-high tops form one floor: across both blocks where both are (y < 20) ...
    assert (0, 0, 20, 70, 20, 50) in got
    # ... and the first block's own floor stays (it is not inside the joined one)
    assert (0, 0, 20, 40, 30, 50) in got
    # the 35-high block's top is not joined with the 20-high ones
    assert all(s[2] != 20 or s[4] <= 30 for s in got)
    # every space at height > 0 stands on packing areas at exactly its bottom
    for s in got:
        if s[2] == 0:
            continue
        for x in range(s[0], s[3]):
            for y in range(s[1], s[4]):
                assert any(
                    int(pl[p, 3] + blk[pl[p, 0], K.B_DZ]) == s[2]
                    and pl[p, 1] + blk[pl[p, 0], K.B_PX0] <= x < pl[p, 1] + blk[pl[p, 0], K.B_PX1]
                    and pl[p, 2] + blk[pl[p, 0], K.B_PY0] <= y < pl[p, 2] + blk[pl[p, 0], K.B_PY1]
                    for p in range(int(meta[K.M_NP]))
                )


def test_top_gap_and_top_fits() -> None:
    # rows (vertical, smaller, larger horizontal dim, type), by vertical
    vo = np.array([[10, 50, 60, 0], [20, 5, 5, 1], [30, 8, 9, 2]], np.int64)
    avail = np.ones(3, np.int64)
    # nothing fits a 4 x 4 area: the whole gap is lost
    assert not K.top_fits(vo, avail, 4, 4, 100)
    assert K.top_gap(vo, avail, 4, 4, 100) == 100
    # on 10 x 10 the boxes of 20 and 30 fit: a gap of 45 leaves 15 (< 20) above the tallest
    assert K.top_fits(vo, avail, 10, 10, 45)
    assert K.top_gap(vo, avail, 10, 10, 45) == 15
    # a gap of 55 leaves 25 >= 20, which another box may fill: nothing counted
    assert K.top_gap(vo, avail, 10, 10, 55) == 0
    # below the shortest fitting box: all lost; used-up types do not count
    assert K.top_gap(vo, avail, 10, 10, 19) == 19
    avail[1] = 0
    assert K.top_gap(vo, avail, 10, 10, 45) == 15
    assert K.top_gap(vo, avail, 10, 10, 29) == 29
    assert not K.top_fits(vo, avail, 6, 6, 100)


def test_even_tops_prefers_a_block_that_reaches_the_ceiling() -> None:
    # A: 100 x 100 x 40 leaves a 10 high gap under the ceiling; B: 78 x 100 x 50 fills the
    # space's height but holds less (390000 vs 400000)
    blk = np.zeros((2, K.B_NCOL), np.int64)
    for b, (dx, dy, dz) in enumerate([(100, 100, 40), (78, 100, 50)]):
        blk[b, K.B_DX], blk[b, K.B_DY], blk[b, K.B_DZ] = dx, dy, dz
        blk[b, K.B_VAL] = blk[b, K.B_VOL] = dx * dy * dz
        blk[b, K.B_CAP] = K.CAP_UNLIMITED
        blk[b, K.B_PX1], blk[b, K.B_PY1] = dx, dy
        blk[b, K.B_NK], blk[b, K.B_T0], blk[b, K.B_C0] = 1, b, 1
    order = np.array([0, 1], np.int64)
    sp = np.zeros((10, 6), np.int64)
    sp[0] = (0, 0, 0, 100, 100, 50)
    meta = np.zeros(K.M_N, np.int64)
    meta[K.M_NS] = 1
    reach = np.arange(101, dtype=np.int64)  # every slab fillable: no other waste
    vo = np.array([[50, 78, 100, 1], [40, 100, 100, 0]], np.int64)

    def pick(even: int) -> int:
        cfg = np.zeros(K.C_N, np.int64)
        cfg[K.C_L], cfg[K.C_W], cfg[K.C_H] = 100, 100, 50
        cfg[K.C_SUPPORT], cfg[K.C_ALPHA], cfg[K.C_TOPW] = 1, 30, 100
        cfg[K.C_EVEN] = even
        bd4 = scan_table(blk, order, cfg)
        out = np.zeros((1, 4), np.int64)
        n = K.candidates(
            blk, order, bd4, 0, sp, meta, np.ones(2, np.int64), np.zeros((4, 4), np.int64),
            np.zeros(4, np.int64), cfg, out, 1, reach, vo, np.zeros(4, np.int64),
        )  # fmt: skip
        assert n == 1
        return int(out[0, 0])

    assert pick(0) == 0
    assert pick(100) == 1


def test_dyn_waste_counts_a_slab_no_box_left_fits() -> None:
    # A: 100 x 100 x 40 leaves a 10 high slab, which the static reach calls fillable; no box
    # left is under 20 in any dimension, so with C_DYNW the slab is lost and B (78 x 100 x
    # 50, a 22 wide slab that boxes can still use) wins although it holds less
    blk = np.zeros((2, K.B_NCOL), np.int64)
    for b, (dx, dy, dz) in enumerate([(100, 100, 40), (78, 100, 50)]):
        blk[b, K.B_DX], blk[b, K.B_DY], blk[b, K.B_DZ] = dx, dy, dz
        blk[b, K.B_VAL] = blk[b, K.B_VOL] = dx * dy * dz
        blk[b, K.B_CAP] = K.CAP_UNLIMITED
        blk[b, K.B_NK], blk[b, K.B_T0], blk[b, K.B_C0] = 1, b, 1
    order = np.array([0, 1], np.int64)
    sp = np.zeros((10, 6), np.int64)
    sp[0] = (0, 0, 0, 100, 100, 50)
    meta = np.zeros(K.M_N, np.int64)
    meta[K.M_NS] = 1
    reach = np.arange(101, dtype=np.int64)
    vo = np.zeros((0, 4), np.int64)
    mins = np.array([20, 20, 1, 20], np.int64)

    def pick(dyn: int) -> int:
        cfg = np.zeros(K.C_N, np.int64)
        cfg[K.C_L], cfg[K.C_W], cfg[K.C_H] = 100, 100, 50
        cfg[K.C_ALPHA], cfg[K.C_DYNW] = 30, dyn
        bd4 = scan_table(blk, order, cfg)
        out = np.zeros((1, 4), np.int64)
        n = K.candidates(
            blk, order, bd4, 0, sp, meta, np.ones(2, np.int64), np.zeros((4, 4), np.int64),
            np.zeros(4, np.int64), cfg, out, 1, reach, vo, mins,
        )  # fmt: skip
        assert n == 1
        return int(out[0, 0])

    assert pick(0) == 0
    assert pick(1) == 1


def test_fat_first_breaks_corner_ties_by_the_least_dimension() -> None:
    # two maximal spaces at the same corner: a flat one of larger volume and a block-shaped
    # one; the usual rule takes the larger, bit 32 the one of larger least dimension
    sp = np.zeros((4, 6), np.int64)
    sp[0] = (0, 0, 0, 100, 100, 12)
    sp[1] = (0, 0, 0, 40, 40, 50)
    sp[2] = (20, 20, 0, 80, 80, 50)  # 20 from every corner
    cfg = np.zeros(K.C_N, np.int64)
    cfg[K.C_L], cfg[K.C_W], cfg[K.C_H] = 100, 100, 50
    for mode in (0, 2):
        cfg[K.C_MODE] = mode
        assert K.select_space(sp, 3, cfg) == 0
        cfg[K.C_MODE] = mode | 32
        assert K.select_space(sp, 3, cfg) == 1
