"""The incremental maximal-space update against a plain all-pairs reference."""

from __future__ import annotations

import random

import numpy as np

from pinxiang.optimizer import _kernels as K

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
