"""Numba hot loops: maximal-space bookkeeping, block feasibility and the greedy completion.

Everything is int64. A *block* is a cuboid of boxes (see :mod:`construct`), stored as one row
of ``blk``; the search state is a handful of arrays (see ``State`` in :mod:`search`).
Functions are compiled lazily on first call (``cache=True``).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# --- block columns
B_DX, B_DY, B_DZ, B_VAL, B_VOL, B_W, B_CAP, B_DROP = 0, 1, 2, 3, 4, 5, 6, 7
B_PX0, B_PY0, B_PX1, B_PY1, B_NK = 8, 9, 10, 11, 12
B_T0 = 13
KMAX = 8
B_C0 = B_T0 + KMAX
B_NCOL = B_C0 + KMAX
CAP_UNLIMITED = -2  # the block carries any load
CAP_NONE = -1  # nothing may stand above the block

# --- cfg entries
C_L, C_W, C_H, C_SUPPORT, C_PAYLOAD, C_DROP, C_LIMITED, C_MODE, C_ALPHA = 0, 1, 2, 3, 4, 5, 6, 7, 8
# C_MODE bits: 1 = anchor on the floor of spaces, 2 = lexicographic sorted corner distances,
# 8 = with support: add spaces on pairs of adjacent packing areas of equal height,
# 4 = with support: full spaces and a support test per block (else spaces above a block are
# cut to its packing area), 16 = a block that does not carry any load is waste in full,
# 32 = ties between spaces equally near a corner go to the larger least dimension
# C_TOPW: with support, weight (%) of the space above the part of a block's top outside its
# packing area (nothing can stand there) in the waste term; 0 = ignore
C_TOPW = 9
# C_MERGE: with support, after placing a block, add the maximal free spaces standing on the
# union of its packing area and the coplanar packing areas it touches (a floor spanning several
# blocks of equal top height); 0 = off
C_MERGE = 10
# C_DEAD: with support, weight (%) of the gap between a block's packing area and the space's
# ceiling in the waste term when no available box fits on that area within that gap; 0 = off
C_DEAD = 11
# C_EVEN: with support, weight (%) of the gap between a block's packing area and the space's
# ceiling in the waste term unless the block's top is level with the top of a block beside the
# space (so that the two tops form one floor, see ``merge_floors``); 0 = off
C_EVEN = 12
# C_GAPW: with support, weight (%) of the height left above a block's packing area that the
# boxes fitting on that area cannot fill: the whole gap when none fits, else what the tallest
# one leaves if the shortest one does not fit there; 0 = off
C_GAPW = 13
# C_EVENN: with C_EVEN, 1 = a top level with a block beside the space is free of that waste,
# 0 = only a top at the space's ceiling is (no scan of the placed blocks)
C_EVENN = 14
# C_VSKIP: 1 when every block's value is at most its volume and ``order`` is by decreasing
# value: the candidate scan then starts at the first block whose value fits the space's volume
C_VSKIP = 15
# C_NBOX: rank by ``f / n ** (C_NBOX / 100)`` (n = boxes in the block; fewer, larger boxes first)
# C_CS: rank by ``f * cs ** (C_CS / 100)``, cs = share of the block's surface lying on the
# faces of its space (0.5..1); both only for f > 0, 0 = off
C_NBOX = 16
C_CS = 17
# C_DYNW: 1 = a slab beside the block too small for every available box (the residual space
# would be dropped) counts as waste in full, not only what ``reach`` cannot fill
C_DYNW = 18
C_N = 19

# --- meta entries
M_NS, M_NP, M_W, M_VAL, M_VOL = 0, 1, 2, 3, 4
M_N = 6

BIG = np.int64(1) << np.int64(60)


@njit(cache=True)
def _ov(a0, a1, b0, b1):  # type: ignore[no-untyped-def]
    lo = a0 if a0 > b0 else b0
    hi = a1 if a1 < b1 else b1
    return hi - lo if hi > lo else 0


@njit(cache=True)
def select_space(sp, ns, cfg):  # type: ignore[no-untyped-def]
    """Index of the space nearest a container corner (Manhattan), ties: larger volume; with
    ``C_MODE`` bit 32 ties go to the space of larger least dimension first (a block-shaped
    space before a long thin slab), then larger volume."""
    best = -1
    bd = BIG
    bd2 = BIG
    bd3 = BIG
    bv = np.int64(-1)
    L = cfg[C_L]
    W = cfg[C_W]
    H = cfg[C_H]
    floor = cfg[C_SUPPORT] != 0 or (cfg[C_MODE] & 1) != 0
    lex = (cfg[C_MODE] & 2) != 0
    fat = (cfg[C_MODE] & 32) != 0
    bm = BIG
    for i in range(ns):
        x0 = sp[i, 0]
        y0 = sp[i, 1]
        z0 = sp[i, 2]
        x1 = sp[i, 3]
        y1 = sp[i, 4]
        z1 = sp[i, 5]
        dx = x0 if cfg[C_DROP] != 0 else min(x0, L - x1)
        dy = min(y0, W - y1)
        dz = z0 if floor else min(z0, H - z1)
        v = (x1 - x0) * (y1 - y0) * (z1 - z0)
        m = -min(x1 - x0, min(y1 - y0, z1 - z0)) if fat else np.int64(0)
        if lex:
            a = min(dx, min(dy, dz))
            c = max(dx, max(dy, dz))
            b = dx + dy + dz - a - c
            if (
                a < bd
                or (a == bd and b < bd2)
                or (a == bd and b == bd2 and c < bd3)
                or (a == bd and b == bd2 and c == bd3 and (m < bm or (m == bm and v > bv)))
            ):
                bd = a
                bd2 = b
                bd3 = c
                bm = m
                bv = v
                best = i
        else:
            d = dx + dy + dz
            if d < bd or (d == bd and (m < bm or (m == bm and v > bv))):
                bd = d
                bm = m
                bv = v
                best = i
    return best


@njit(cache=True)
def anchor(sp, i, dx, dy, dz, cfg):  # type: ignore[no-untyped-def]
    """Position of a ``dx*dy*dz`` block put in space ``i`` at its corner nearest the container's."""
    x0 = sp[i, 0]
    y0 = sp[i, 1]
    z0 = sp[i, 2]
    x1 = sp[i, 3]
    y1 = sp[i, 4]
    z1 = sp[i, 5]
    x = x0 if cfg[C_DROP] != 0 or x0 <= cfg[C_L] - x1 else x1 - dx
    y = y0 if y0 <= cfg[C_W] - y1 else y1 - dy
    floor = cfg[C_SUPPORT] != 0 or (cfg[C_MODE] & 1) != 0
    z = z0 if floor or z0 <= cfg[C_H] - z1 else z1 - dz
    return x, y, z


@njit(cache=True)
def find_pos(blk, b, i, sp, meta, avail, pl, pcap, cfg):  # type: ignore[no-untyped-def]
    """Position for block ``b`` in space ``i``: the anchor corner, or (support checked per
    block, ``C_MODE`` bit 4) the first supported floor corner. Returns (ok, x, y, z)."""
    dx = blk[b, B_DX]
    dy = blk[b, B_DY]
    dz = blk[b, B_DZ]
    x, y, z = anchor(sp, i, dx, dy, dz, cfg)
    if block_ok(blk, b, x, y, z, meta, avail, pl, pcap, cfg):
        return True, x, y, z
    if cfg[C_SUPPORT] == 0 or (cfg[C_MODE] & 4) == 0 or z == 0:
        return False, x, y, z
    for k in range(4):
        xx = sp[i, 0] if (k & 1) == 0 else sp[i, 3] - dx
        yy = sp[i, 1] if (k & 2) == 0 else sp[i, 4] - dy
        if xx == x and yy == y:
            continue
        if block_ok(blk, b, xx, yy, z, meta, avail, pl, pcap, cfg):
            return True, xx, yy, z
    return False, x, y, z


@njit(cache=True)
def block_ok(blk, b, x, y, z, meta, avail, pl, pcap, cfg):  # type: ignore[no-untyped-def]
    """Whether block ``b`` at ``(x, y, z)`` respects availability and all side constraints
    (geometry against spaces is the caller's business)."""
    nk = blk[b, B_NK]
    for k in range(nk):
        if blk[b, B_C0 + k] > avail[blk[b, B_T0 + k]]:
            return False
    if cfg[C_PAYLOAD] >= 0 and meta[M_W] + blk[b, B_W] > cfg[C_PAYLOAD]:
        return False
    npl = meta[M_NP]
    if z > 0 and cfg[C_SUPPORT] != 0 and (cfg[C_MODE] & 4) != 0:
        # the whole footprint must rest on packing areas of blocks whose top is at z
        x1 = x + blk[b, B_DX]
        y1 = y + blk[b, B_DY]
        need = blk[b, B_DX] * blk[b, B_DY]
        got = np.int64(0)
        for p in range(npl):
            q = pl[p, 0]
            if pl[p, 3] + blk[q, B_DZ] != z or blk[q, B_CAP] == CAP_NONE:
                continue
            qx = pl[p, 1]
            qy = pl[p, 2]
            got += _ov(x, x1, qx + blk[q, B_PX0], qx + blk[q, B_PX1]) * _ov(
                y, y1, qy + blk[q, B_PY0], qy + blk[q, B_PY1]
            )
        if got < need:
            return False
    if cfg[C_DROP] != 0:
        d = blk[b, B_DROP]
        x1 = x + blk[b, B_DX]
        y1 = y + blk[b, B_DY]
        z1 = z + blk[b, B_DZ]
        for p in range(npl):
            q = pl[p, 0]
            dq = blk[q, B_DROP]
            if dq == d:
                continue
            qx = pl[p, 1]
            qy = pl[p, 2]
            qz = pl[p, 3]
            if _ov(y, y1, qy, qy + blk[q, B_DY]) == 0 or _ov(z, z1, qz, qz + blk[q, B_DZ]) == 0:
                continue
            if d > dq and x >= qx + blk[q, B_DX]:
                return False
            if d < dq and qx >= x1:
                return False
    if cfg[C_LIMITED] != 0:
        x1 = x + blk[b, B_DX]
        y1 = y + blk[b, B_DY]
        top = z + blk[b, B_DZ]
        w = blk[b, B_W]
        cap = blk[b, B_CAP]
        load = np.int64(0)
        above = 0
        for p in range(npl):
            q = pl[p, 0]
            qx = pl[p, 1]
            qy = pl[p, 2]
            qz = pl[p, 3]
            if _ov(x, x1, qx, qx + blk[q, B_DX]) == 0 or _ov(y, y1, qy, qy + blk[q, B_DY]) == 0:
                continue
            c = pcap[p]
            if c != CAP_UNLIMITED and z >= qz + blk[q, B_DZ] and (c == CAP_NONE or w > c):
                return False
            if cap != CAP_UNLIMITED and qz >= top:
                above += 1
                load += blk[q, B_W]
        if cap == CAP_NONE and above > 0:
            return False
        if cap >= 0 and load > cap:
            return False
    return True


@njit(cache=True)
def _useful(x0, y0, z0, x1, y1, z1, mins):  # type: ignore[no-untyped-def]
    sx = x1 - x0
    sy = y1 - y0
    sz = z1 - z0
    if sx <= 0 or sy <= 0 or sz <= 0:
        return False
    if min(sx, sy) < mins[0] or sz < mins[1] or max(sx, sy) < mins[3]:
        return False
    return sx * sy * sz >= mins[2]


@njit(cache=True)
def update_spaces(sp, meta, c, pa, cfg, mins, tmp):  # type: ignore[no-untyped-def]
    """Remove the cuboid ``c`` (x0, y0, z0, x1, y1, z1) from the maximal spaces.

    With support on, a residual space above ``c`` is restricted to the packing area ``pa``
    (absolute x0, y0, x1, y1 on top of ``c``) so that every space's floor stays fully supported.
    Spaces too small for any available box (``mins``) and spaces inside others are dropped.

    Incremental containment test: a residual on side ``r`` of ``c`` (e.g. ``x < c.x0``) keeps
    its parent's extent, which overlaps ``c``, along the two other axes, so it can only lie
    inside a residual of the same side or inside an untouched space whose face is flush with
    that side of ``c``; only those are compared (same result as comparing all pairs).
    ``tmp`` needs 7 columns (the 7th holds the side).
    """
    ns = meta[M_NS]
    keep = 0
    nn = 0
    nt = 0
    support = cfg[C_SUPPORT] != 0
    cap_tmp = tmp.shape[0]
    flush = np.empty((2, ns), np.int64)
    tk = flush[0]  # untouched spaces flush with a side of c
    td = flush[1]  # ... and that side
    for i in range(ns):
        x0 = sp[i, 0]
        y0 = sp[i, 1]
        z0 = sp[i, 2]
        x1 = sp[i, 3]
        y1 = sp[i, 4]
        z1 = sp[i, 5]
        ox = x0 < c[3] and c[0] < x1
        oy = y0 < c[4] and c[1] < y1
        oz = z0 < c[5] and c[2] < z1
        if not (ox and oy and oz):
            if _useful(x0, y0, z0, x1, y1, z1, mins):
                if keep != i:
                    for k in range(6):
                        sp[keep, k] = sp[i, k]
                f = -1
                if oy and oz:
                    if x1 == c[0]:
                        f = 0
                    elif x0 == c[3]:
                        f = 1
                elif ox and oz:
                    if y1 == c[1]:
                        f = 2
                    elif y0 == c[4]:
                        f = 3
                elif ox and oy:
                    if z1 == c[2]:
                        f = 4
                    elif z0 == c[5]:
                        f = 5
                if f >= 0:
                    tk[nt] = keep
                    td[nt] = f
                    nt += 1
                keep += 1
            continue
        for r in range(6):
            a0 = x0
            b0 = y0
            e0 = z0
            a1 = x1
            b1 = y1
            e1 = z1
            if r == 0:
                a1 = c[0]
            elif r == 1:
                a0 = c[3]
            elif r == 2:
                b1 = c[1]
            elif r == 3:
                b0 = c[4]
            elif r == 4:
                e1 = c[2]
            else:
                e0 = c[5]
                if support and (cfg[C_MODE] & 4) == 0:
                    a0 = max(a0, pa[0])
                    b0 = max(b0, pa[1])
                    a1 = min(a1, pa[2])
                    b1 = min(b1, pa[3])
            if nn < cap_tmp and _useful(a0, b0, e0, a1, b1, e1, mins):
                tmp[nn, 0] = a0
                tmp[nn, 1] = b0
                tmp[nn, 2] = e0
                tmp[nn, 3] = a1
                tmp[nn, 4] = b1
                tmp[nn, 5] = e1
                tmp[nn, 6] = r
                nn += 1
    # residual indices bucketed by side, in order
    cnt = np.zeros(13, np.int64)  # 7 bucket starts, then 6 fill pointers
    for a in range(nn):
        cnt[tmp[a, 6] + 1] += 1
    for r in range(6):
        cnt[r + 1] += cnt[r]
    fill = cnt[7:]
    fill[:] = cnt[:6]
    work = np.empty((8, nn), np.int64)  # one allocation for the scratch rows below
    bucket = work[0]
    kv = work[1]
    for a in range(nn):
        r = tmp[a, 6]
        bucket[fill[r]] = a
        fill[r] += 1
    # Within a side, a residual is dropped when it lies inside a flush untouched space, or inside
    # another residual of the side that is larger, or equal to it and earlier (the same as
    # comparing all pairs). The side's corners and volumes are copied contiguously and each
    # residual is tested against all of them without early exit, so that the loop vectorizes
    # (cheaper than sorting by volume and testing only against the kept ones, which was tried).
    dead = np.zeros(nn, np.bool_)
    s0 = work[2]
    s1 = work[3]
    s2 = work[4]
    s3 = work[5]
    s4 = work[6]
    s5 = work[7]
    for r in range(6):
        lo = cnt[r]
        hi = cnt[r + 1]
        m = hi - lo
        for q in range(m):
            a = bucket[lo + q]
            s0[q] = tmp[a, 0]
            s1[q] = tmp[a, 1]
            s2[q] = tmp[a, 2]
            s3[q] = tmp[a, 3]
            s4[q] = tmp[a, 4]
            s5[q] = tmp[a, 5]
            kv[q] = (s3[q] - s0[q]) * (s4[q] - s1[q]) * (s5[q] - s2[q])
        for q in range(m):
            a = bucket[lo + q]
            a0 = s0[q]
            b0 = s1[q]
            e0 = s2[q]
            a1 = s3[q]
            b1 = s4[q]
            e1 = s5[q]
            va = kv[q]
            d = False
            for t in range(nt):
                if td[t] != r:
                    continue
                k = tk[t]
                if (
                    sp[k, 0] <= a0
                    and sp[k, 1] <= b0
                    and sp[k, 2] <= e0
                    and sp[k, 3] >= a1
                    and sp[k, 4] >= b1
                    and sp[k, 5] >= e1
                ):
                    d = True
                    break
            if not d:
                hit = 0
                for p in range(m):
                    hit |= (
                        (s0[p] <= a0)
                        & (s1[p] <= b0)
                        & (s2[p] <= e0)
                        & (s3[p] >= a1)
                        & (s4[p] >= b1)
                        & (s5[p] >= e1)
                        & ((p < q) | (kv[p] > va))
                    )
                d = hit != 0
            if d:
                dead[a] = True
    out = keep
    cap_sp = sp.shape[0]
    for a in range(nn):
        if not dead[a] and out < cap_sp:
            for k in range(6):
                sp[out, k] = tmp[a, k]
            out += 1
    meta[M_NS] = out


@njit(cache=True)
def compute_mins(avail, tdim, mins):  # type: ignore[no-untyped-def]
    """Smallest horizontal dim, vertical dim, volume and largest-min over available types."""
    m0 = BIG
    m1 = BIG
    m2 = BIG
    m3 = BIG
    for t in range(avail.shape[0]):
        if avail[t] > 0:
            m0 = min(m0, tdim[t, 0])
            m1 = min(m1, tdim[t, 1])
            m2 = min(m2, tdim[t, 2])
            m3 = min(m3, tdim[t, 3])
    mins[0] = m0
    mins[1] = m1
    mins[2] = m2
    mins[3] = m3


@njit(cache=True)
def place(blk, b, x, y, z, sp, meta, avail, pl, pcap, cfg, tdim, mins, tmp):  # type: ignore[no-untyped-def]
    """Put block ``b`` with its minimum corner at ``(x, y, z)`` and update the state.

    ``mins`` must hold ``compute_mins`` of ``avail`` (``make_root`` and ``place`` keep it so);
    it is recomputed only when a box type runs out."""
    dx = blk[b, B_DX]
    dy = blk[b, B_DY]
    dz = blk[b, B_DZ]
    npl = meta[M_NP]
    w = blk[b, B_W]
    if cfg[C_LIMITED] != 0:
        for p in range(npl):
            c = pcap[p]
            if c < 0:
                continue
            q = pl[p, 0]
            qx = pl[p, 1]
            qy = pl[p, 2]
            qz = pl[p, 3]
            if (
                z >= qz + blk[q, B_DZ]
                and _ov(x, x + dx, qx, qx + blk[q, B_DX]) > 0
                and _ov(y, y + dy, qy, qy + blk[q, B_DY]) > 0
            ):
                pcap[p] = c - w
        cap = blk[b, B_CAP]
        if cap >= 0:
            for p in range(npl):
                q = pl[p, 0]
                qx = pl[p, 1]
                qy = pl[p, 2]
                qz = pl[p, 3]
                if (
                    qz >= z + dz
                    and _ov(x, x + dx, qx, qx + blk[q, B_DX]) > 0
                    and _ov(y, y + dy, qy, qy + blk[q, B_DY]) > 0
                ):
                    cap -= blk[q, B_W]
        pcap[npl] = cap
    pl[npl, 0] = b
    pl[npl, 1] = x
    pl[npl, 2] = y
    pl[npl, 3] = z
    meta[M_NP] = npl + 1
    meta[M_W] += w
    meta[M_VAL] += blk[b, B_VAL]
    meta[M_VOL] += blk[b, B_VOL]
    gone = False  # some type ran out (the smallest dimensions can only change then)
    for k in range(blk[b, B_NK]):
        t = blk[b, B_T0 + k]
        avail[t] -= blk[b, B_C0 + k]
        gone |= avail[t] <= 0
    if gone:
        compute_mins(avail, tdim, mins)
    c = np.empty(6, np.int64)
    c[0] = x
    c[1] = y
    c[2] = z
    c[3] = x + dx
    c[4] = y + dy
    c[5] = z + dz
    pa = np.empty(4, np.int64)
    if blk[b, B_CAP] == CAP_NONE:
        pa[0] = x
        pa[1] = y
        pa[2] = x
        pa[3] = y
    else:
        pa[0] = x + blk[b, B_PX0]
        pa[1] = y + blk[b, B_PY0]
        pa[2] = x + blk[b, B_PX1]
        pa[3] = y + blk[b, B_PY1]
    update_spaces(sp, meta, c, pa, cfg, mins, tmp)
    if cfg[C_SUPPORT] != 0 and (cfg[C_MODE] & 8) != 0 and pa[2] > pa[0] and pa[3] > pa[1]:
        merge_tops(blk, sp, meta, pl, pa, z + dz, cfg, mins)
    if cfg[C_SUPPORT] != 0 and cfg[C_MERGE] != 0 and pa[2] > pa[0] and pa[3] > pa[1]:
        merge_floors(blk, sp, meta, pl, pa, z + dz, cfg, mins)


@njit(cache=True)
def _add_space(sp, meta, a0, b0, e0, a1, b1, e1, mins):  # type: ignore[no-untyped-def]
    if not _useful(a0, b0, e0, a1, b1, e1, mins):
        return
    ns = meta[M_NS]
    if ns >= sp.shape[0]:
        return
    for k in range(ns):
        if (
            sp[k, 0] <= a0
            and sp[k, 1] <= b0
            and sp[k, 2] <= e0
            and sp[k, 3] >= a1
            and sp[k, 4] >= b1
            and sp[k, 5] >= e1
        ):
            return
    sp[ns, 0] = a0
    sp[ns, 1] = b0
    sp[ns, 2] = e0
    sp[ns, 3] = a1
    sp[ns, 4] = b1
    sp[ns, 5] = e1
    meta[M_NS] = ns + 1


@njit(cache=True)
def merge_tops(blk, sp, meta, pl, pa, h, cfg, mins):  # type: ignore[no-untyped-def]
    """With support: add spaces standing on the union of the new block's packing area ``pa`` and
    an edge-adjacent packing area at the same height ``h`` (a floor no single block offers)."""
    npl = meta[M_NP]
    for p in range(npl - 1):
        q = pl[p, 0]
        if pl[p, 3] + blk[q, B_DZ] != h or blk[q, B_CAP] == CAP_NONE:
            continue
        qx0 = pl[p, 1] + blk[q, B_PX0]
        qy0 = pl[p, 2] + blk[q, B_PY0]
        qx1 = pl[p, 1] + blk[q, B_PX1]
        qy1 = pl[p, 2] + blk[q, B_PY1]
        if qx1 <= qx0 or qy1 <= qy0:
            continue
        a0 = np.int64(0)
        a1 = np.int64(0)
        b0 = np.int64(0)
        b1 = np.int64(0)
        if (qx1 == pa[0] or pa[2] == qx0) and _ov(qy0, qy1, pa[1], pa[3]) > 0:
            a0 = min(qx0, pa[0])
            a1 = max(qx1, pa[2])
            b0 = max(qy0, pa[1])
            b1 = min(qy1, pa[3])
        elif (qy1 == pa[1] or pa[3] == qy0) and _ov(qx0, qx1, pa[0], pa[2]) > 0:
            b0 = min(qy0, pa[1])
            b1 = max(qy1, pa[3])
            a0 = max(qx0, pa[0])
            a1 = min(qx1, pa[2])
        else:
            continue
        top = cfg[C_H]
        for r in range(npl):
            o = pl[r, 0]
            oz = pl[r, 3]
            if oz + blk[o, B_DZ] <= h:
                continue
            if (
                _ov(a0, a1, pl[r, 1], pl[r, 1] + blk[o, B_DX]) > 0
                and _ov(b0, b1, pl[r, 2], pl[r, 2] + blk[o, B_DY]) > 0
            ):
                top = min(top, oz)
        if top > h:
            _add_space(sp, meta, a0, b0, h, a1, b1, top, mins)


MF_MAXR = 16  # at most this many coplanar packing areas joined in one floor


@njit(cache=True)
def _add_space_max(sp, meta, a0, b0, e0, a1, b1, e1, mins):  # type: ignore[no-untyped-def]
    """Add a space unless it lies inside one; drop the spaces inside it. True if added."""
    if not _useful(a0, b0, e0, a1, b1, e1, mins):
        return False
    ns = meta[M_NS]
    for k in range(ns):
        if (
            sp[k, 0] <= a0
            and sp[k, 1] <= b0
            and sp[k, 2] <= e0
            and sp[k, 3] >= a1
            and sp[k, 4] >= b1
            and sp[k, 5] >= e1
        ):
            return False
    out = 0
    for k in range(ns):
        if (
            a0 <= sp[k, 0]
            and b0 <= sp[k, 1]
            and e0 <= sp[k, 2]
            and a1 >= sp[k, 3]
            and b1 >= sp[k, 4]
            and e1 >= sp[k, 5]
        ):
            continue
        if out != k:
            for c in range(6):
                sp[out, c] = sp[k, c]
        out += 1
    if out >= sp.shape[0]:
        meta[M_NS] = out
        return False
    sp[out, 0] = a0
    sp[out, 1] = b0
    sp[out, 2] = e0
    sp[out, 3] = a1
    sp[out, 4] = b1
    sp[out, 5] = e1
    meta[M_NS] = out + 1
    return True


@njit(cache=True)
def merge_floors(blk, sp, meta, pl, pa, h, cfg, mins):  # type: ignore[no-untyped-def]
    """With support: after a block whose packing area ``pa`` lies at height ``h`` was placed
    (it is the last row of ``pl``), add the maximal free spaces whose floor contains ``pa`` and
    lies in the union of the packing areas at height ``h`` connected to it (tops of blocks of
    equal height side by side form one floor that large boxes can bridge).

    The floor is found on a grid of the areas' edges: a cell is usable when some packing area
    at ``h`` covers it and no block stands on it (bottom less than the lowest box above ``h``).
    Every rectangle of usable cells that contains ``pa`` and is maximal in x for its y-range is
    a floor; its space reaches up to the lowest block above it (or the ceiling).
    """
    npl = meta[M_NP]
    # packing areas at h connected to pa (touching edges or overlapping), closure over rounds
    rx0 = np.empty(MF_MAXR, np.int64)
    ry0 = np.empty(MF_MAXR, np.int64)
    rx1 = np.empty(MF_MAXR, np.int64)
    ry1 = np.empty(MF_MAXR, np.int64)
    rx0[0] = pa[0]
    ry0[0] = pa[1]
    rx1[0] = pa[2]
    ry1[0] = pa[3]
    m = 1
    used = np.zeros(npl, np.bool_)
    used[npl - 1] = True
    cand = np.empty(npl, np.int64)
    nc = 0
    for p in range(npl - 1):
        q = pl[p, 0]
        if pl[p, 3] + blk[q, B_DZ] != h or blk[q, B_CAP] == CAP_NONE:
            continue
        if blk[q, B_PX1] <= blk[q, B_PX0] or blk[q, B_PY1] <= blk[q, B_PY0]:
            continue
        cand[nc] = p
        nc += 1
    if nc == 0:
        return
    grown = True
    while grown and m < MF_MAXR:
        grown = False
        for k in range(nc):
            p = cand[k]
            if used[p]:
                continue
            q = pl[p, 0]
            qx0 = pl[p, 1] + blk[q, B_PX0]
            qy0 = pl[p, 2] + blk[q, B_PY0]
            qx1 = pl[p, 1] + blk[q, B_PX1]
            qy1 = pl[p, 2] + blk[q, B_PY1]
            touch = False
            for r in range(m):
                if (
                    qx0 <= rx1[r]
                    and rx0[r] <= qx1
                    and qy0 <= ry1[r]
                    and ry0[r] <= qy1
                    and (_ov(qx0, qx1, rx0[r], rx1[r]) > 0 or _ov(qy0, qy1, ry0[r], ry1[r]) > 0)
                ):
                    touch = True
                    break
            if touch:
                used[p] = True
                rx0[m] = qx0
                ry0[m] = qy0
                rx1[m] = qx1
                ry1[m] = qy1
                m += 1
                grown = True
                if m >= MF_MAXR:
                    break
    if m == 1:
        return
    # grid coordinates
    gx = np.empty(2 * m, np.int64)
    gy = np.empty(2 * m, np.int64)
    for r in range(m):
        gx[2 * r] = rx0[r]
        gx[2 * r + 1] = rx1[r]
        gy[2 * r] = ry0[r]
        gy[2 * r + 1] = ry1[r]
    gx = np.unique(gx)
    gy = np.unique(gy)
    nx = gx.shape[0] - 1
    ny = gy.shape[0] - 1
    free = np.zeros((nx, ny), np.bool_)
    for r in range(m):
        i0 = np.searchsorted(gx, rx0[r])
        i1 = np.searchsorted(gx, rx1[r])
        j0 = np.searchsorted(gy, ry0[r])
        j1 = np.searchsorted(gy, ry1[r])
        for i in range(i0, i1):
            for j in range(j0, j1):
                free[i, j] = True
    # blocks standing on (or too little above) the floor make their cells unusable
    gx0 = gx[0]
    gx1 = gx[nx]
    gy0 = gy[0]
    gy1 = gy[ny]
    for p in range(npl - 1):
        q = pl[p, 0]
        oz = pl[p, 3]
        if oz < h or oz - h >= mins[1]:
            continue
        ox0 = pl[p, 1]
        oy0 = pl[p, 2]
        ox1 = ox0 + blk[q, B_DX]
        oy1 = oy0 + blk[q, B_DY]
        if _ov(ox0, ox1, gx0, gx1) == 0 or _ov(oy0, oy1, gy0, gy1) == 0:
            continue
        for i in range(nx):
            if _ov(ox0, ox1, gx[i], gx[i + 1]) == 0:
                continue
            for j in range(ny):
                if _ov(oy0, oy1, gy[j], gy[j + 1]) > 0:
                    free[i, j] = False
    ia0 = np.searchsorted(gx, pa[0])
    ia1 = np.searchsorted(gx, pa[2])
    jb0 = np.searchsorted(gy, pa[1])
    jb1 = np.searchsorted(gy, pa[3])
    colok = np.empty(nx, np.bool_)
    top_h = cfg[C_H]
    # y-ranges [j0, j1) meeting pa's rows; x-runs of usable columns meeting pa's columns
    for j0 in range(jb1 - 1, -1, -1):
        for i in range(nx):
            colok[i] = True
        for j1 in range(j0 + 1, ny + 1):
            any_ok = False
            for i in range(nx):
                if colok[i] and not free[i, j1 - 1]:
                    colok[i] = False
                if colok[i] and ia0 <= i < ia1:
                    any_ok = True
            if not any_ok:
                break
            if j1 <= jb0:
                continue
            i = ia0
            while i < ia1:
                if not colok[i]:
                    i += 1
                    continue
                i0 = i
                while i0 > 0 and colok[i0 - 1]:
                    i0 -= 1
                i1 = i + 1
                while i1 < nx and colok[i1]:
                    i1 += 1
                i = i1
                a0 = gx[i0]
                a1 = gx[i1]
                b0 = gy[j0]
                b1 = gy[j1]
                if a0 >= pa[0] and a1 <= pa[2] and b0 >= pa[1] and b1 <= pa[3]:
                    continue  # inside the block's own floor: already a space
                top = top_h
                for p in range(npl):
                    q = pl[p, 0]
                    oz = pl[p, 3]
                    if oz < h or oz >= top:
                        continue
                    if (
                        _ov(a0, a1, pl[p, 1], pl[p, 1] + blk[q, B_DX]) > 0
                        and _ov(b0, b1, pl[p, 2], pl[p, 2] + blk[q, B_DY]) > 0
                    ):
                        top = oz
                if top > h:
                    _add_space_max(sp, meta, a0, b0, h, a1, b1, top, mins)


@njit(cache=True)
def remove_space(sp, meta, i):  # type: ignore[no-untyped-def]
    """Drop space ``i`` (order is not kept)."""
    ns = meta[M_NS] - 1
    for k in range(6):
        sp[i, k] = sp[ns, k]
    meta[M_NS] = ns


@njit(cache=True)
def top_fits(vo, avail, a, b, gap):  # type: ignore[no-untyped-def]
    """Whether some available box fits upright-allowed on an ``a x b`` area (``a <= b``) within
    height ``gap``; ``vo`` rows (vertical, smaller, larger horizontal dim, type) by vertical."""
    for k in range(vo.shape[0]):
        if vo[k, 0] > gap:
            return False
        if vo[k, 1] <= a and vo[k, 2] <= b and avail[vo[k, 3]] > 0:
            return True
    return False


@njit(cache=True)
def top_gap(vo, avail, a, b, gap):  # type: ignore[no-untyped-def]
    """Height of a gap of ``gap`` above an ``a x b`` area (``a <= b``) that no box fitting on
    the area fills: ``gap`` when none fits; else, with ``hi`` the tallest and ``lo`` the
    shortest fitting box, ``gap - hi`` when that is below ``lo``, otherwise 0."""
    n = vo.shape[0]
    lo = np.int64(-1)
    for k in range(n):
        if vo[k, 0] > gap:
            break
        if vo[k, 1] <= a and vo[k, 2] <= b and avail[vo[k, 3]] > 0:
            lo = vo[k, 0]
            break
    if lo < 0:
        return gap
    # the tallest fitting box: scan down from the last row not above the gap
    k = np.searchsorted(vo[:, 0], gap, side="right") - 1
    while k >= 0:
        if vo[k, 1] <= a and vo[k, 2] <= b and avail[vo[k, 3]] > 0:
            break
        k -= 1
    r = gap - vo[k, 0]
    return r if r < lo else np.int64(0)


@njit(cache=True)
def _rescale(blk, b, f, dx, dy, dz, sx, sy, sz, cfg):  # type: ignore[no-untyped-def]
    """``f`` scaled by the box-count and contact terms (``C_NBOX``, ``C_CS``); never larger."""
    ff = float(f)
    if cfg[C_NBOX] != 0:
        nb = np.int64(0)
        for k in range(blk[b, B_NK]):
            nb += blk[b, B_C0 + k]
        if nb > 1:
            ff /= float(nb) ** (cfg[C_NBOX] / 100.0)
    if cfg[C_CS] != 0:
        ax = dy * dz
        ay = dx * dz
        az = dx * dy
        con = ax + ay + az
        if dx == sx:
            con += ax
        if dy == sy:
            con += ay
        if dz == sz:
            con += az
        ff *= (con / (2.0 * (ax + ay + az))) ** (cfg[C_CS] / 100.0)
    return np.int64(ff)


# dimensions below 2**15 fit a 16-bit field with a guard bit: ``space | guards - block`` keeps
# every guard bit exactly when each block dimension is at most the space's (no borrow can
# cross a field), so one subtraction and one mask test replace three compares
PACK_LIMIT = 1 << 15
PACK_GUARDS = (1 << 15) | (1 << 31) | (1 << 47)


@njit(cache=True)
def pack_dims(sx, sy, sz):  # type: ignore[no-untyped-def]
    """A space's size with the guard bits set, for ``fits_packed`` (each size < ``PACK_LIMIT``)."""
    return (sx | (sy << 16) | (sz << 32)) | PACK_GUARDS


@njit(cache=True)
def fits_packed(space, block):  # type: ignore[no-untyped-def]
    """Whether a block (``scan_table``'s packed column) fits a space (``pack_dims``)."""
    return ((space - block) & PACK_GUARDS) == PACK_GUARDS


@njit(cache=True)
def _row_fits(bd4, j, packed, spk, sx, sy, sz):  # type: ignore[no-untyped-def]
    """Whether scan row ``j`` fits a space of ``sx * sy * sz`` (``spk``: its ``pack_dims``),
    by the packed test when ``packed``, else by the three compares."""
    if packed:
        return fits_packed(spk, bd4[j, 5])
    return bd4[j, 0] <= sx and bd4[j, 1] <= sy and bd4[j, 2] <= sz


@njit(cache=True)
def first_fitting(bd4, vol):  # type: ignore[no-untyped-def]
    """First ``j`` with ``bd4[j, 3] <= vol`` (``bd4[:, 3]`` non-increasing; binary search)."""
    lo = 0
    hi = bd4.shape[0]
    while lo < hi:
        mid = (lo + hi) // 2
        if bd4[mid, 3] > vol:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def _candidates(  # type: ignore[no-untyped-def]
    blk, order, bd4, i, sp, meta, avail, pl, pcap, cfg, out, kmax, reach, vo, mins, dead
):
    """Fill ``out`` rows (block, x, y, z) with up to ``kmax`` feasible blocks for space ``i``;
    ``bd4[j]`` holds (dx, dy, dz, value, bound, packed dims) of block ``order[j]`` (a compact
    copy for a cache-friendly scan), bound >= the rating of every block from ``j`` on (see
    ``search.scan_table``).

    Without a waste weight (``cfg[C_ALPHA] == 0``) these are the first ones in ``order`` (most
    valuable first); otherwise the best by ``100 * value - alpha * waste``, where the waste is
    the slab left beside the block along each axis that no combination of box dimensions can
    fill (``reach[r]`` = longest combination of box dimensions <= r); with ``cfg[C_DYNW]``
    the whole slab when no available box fits in it (``mins``, see ``_useful``).

    ``dead[j]`` (with a waste weight): block ``order[j]`` is known to need more boxes than are
    left; it is skipped, and set when the scan finds that out (the boxes it needs are tested
    before the position, and the caller keeps ``dead`` while boxes are only used up).
    """
    sx = sp[i, 3] - sp[i, 0]
    sy = sp[i, 4] - sp[i, 1]
    sz = sp[i, 5] - sp[i, 2]
    n = 0
    alpha = cfg[C_ALPHA]
    j0 = first_fitting(bd4, sx * sy * sz) if cfg[C_VSKIP] != 0 else 0
    # the packed fit test, when the table has it (dimensions below PACK_LIMIT)
    packed = bd4.shape[0] > 0 and bd4[0, 5] != 0 and max(sx, max(sy, sz)) < PACK_LIMIT
    spk = pack_dims(sx, sy, sz) if packed else np.int64(0)
    if alpha == 0:
        for j in range(j0, order.shape[0]):
            if not _row_fits(bd4, j, packed, spk, sx, sy, sz):
                continue
            b = order[j]
            ok, x, y, z = find_pos(blk, b, i, sp, meta, avail, pl, pcap, cfg)
            if ok:
                out[n, 0] = b
                out[n, 1] = x
                out[n, 2] = y
                out[n, 3] = z
                n += 1
                if n >= kmax:
                    break
        return n
    fits = np.empty(kmax, np.int64)
    even = cfg[C_EVEN] != 0 and cfg[C_SUPPORT] != 0
    ntop = 0
    tops = np.empty(32, np.int64)
    if even and cfg[C_EVENN] != 0:
        # tops of the blocks beside the space, above its floor and not above its ceiling
        fx0 = sp[i, 0]
        fy0 = sp[i, 1]
        fx1 = sp[i, 3]
        fy1 = sp[i, 4]
        for p in range(meta[M_NP]):
            q = pl[p, 0]
            t = pl[p, 3] + blk[q, B_DZ]
            if t <= sp[i, 2] or t > sp[i, 5] or blk[q, B_CAP] == CAP_NONE:
                continue
            qx0 = pl[p, 1]
            qy0 = pl[p, 2]
            qx1 = qx0 + blk[q, B_DX]
            qy1 = qy0 + blk[q, B_DY]
            if ((qx1 == fx0 or qx0 == fx1) and _ov(qy0, qy1, fy0, fy1) > 0) or (
                (qy1 == fy0 or qy0 == fy1) and _ov(qx0, qx1, fx0, fx1) > 0
            ):
                dup = False
                for k in range(ntop):
                    if tops[k] == t:
                        dup = True
                        break
                if not dup and ntop < 32:
                    tops[ntop] = t
                    ntop += 1
    for j in range(j0, order.shape[0]):
        if n >= kmax and bd4[j, 4] <= fits[n - 1]:
            break  # no later block rates higher (``bd4[j, 4]`` bounds them; waste is >= 0)
        if not _row_fits(bd4, j, packed, spk, sx, sy, sz) or dead[j]:
            continue
        dx = bd4[j, 0]
        dy = bd4[j, 1]
        dz = bd4[j, 2]
        b = order[j]
        rx = sx - dx
        ry = sy - dy
        rz = sz - dz
        ex = reach[rx]
        ey = reach[ry]
        ez = reach[rz]
        if cfg[C_DYNW] != 0:
            if rx > 0 and not _useful(0, 0, 0, rx, sy, sz, mins):
                ex = 0
            if ry > 0 and not _useful(0, 0, 0, sx, ry, sz, mins):
                ey = 0
            if rz > 0 and not _useful(0, 0, 0, sx, sy, rz, mins):
                ez = 0
        lost = (rx - ex) * sy * sz + (ry - ey) * sx * sz + (rz - ez) * sx * sy
        cap = blk[b, B_CAP]
        if cap != CAP_UNLIMITED:
            # a block that carries little or nothing wastes the space above it
            col = dx * dy * (sz - dz)
            lost += col if cap <= 0 else col // 2
            if (cfg[C_MODE] & 16) != 0:
                lost += cfg[C_L] * cfg[C_W] * cfg[C_H] * 100 // max(alpha, 1)
        elif cfg[C_TOPW] != 0 and cfg[C_SUPPORT] != 0:
            # nothing can stand on the part of the top outside the packing area
            pw = blk[b, B_PX1] - blk[b, B_PX0]
            ph = blk[b, B_PY1] - blk[b, B_PY0]
            pa = pw * ph
            lost += (dx * dy - pa) * (sz - dz) * cfg[C_TOPW] // 100
            if even and rz > 0:
                t = sp[i, 2] + dz
                level = False
                for k in range(ntop):
                    if tops[k] == t:
                        level = True
                        break
                if not level:
                    lost += pa * rz * cfg[C_EVEN] // 100
            if cfg[C_GAPW] != 0 and rz > 0 and pa > 0:
                lost += pa * top_gap(vo, avail, min(pw, ph), max(pw, ph), rz) * cfg[C_GAPW] // 100
            if (
                cfg[C_DEAD] != 0
                and rz > 0
                and pa > 0
                and not top_fits(vo, avail, min(pw, ph), max(pw, ph), rz)
            ):
                lost += pa * rz * cfg[C_DEAD] // 100
        f = 100 * bd4[j, 3] - alpha * lost
        if f > 0 and (cfg[C_NBOX] != 0 or cfg[C_CS] != 0):
            f = _rescale(blk, b, f, dx, dy, dz, sx, sy, sz, cfg)
        if n >= kmax and f <= fits[n - 1]:
            continue
        short = False
        for k in range(blk[b, B_NK]):
            if blk[b, B_C0 + k] > avail[blk[b, B_T0 + k]]:
                short = True
                break
        if short:
            dead[j] = True  # boxes are only used up: it stays short for the caller's lifetime
            continue
        ok, x, y, z = find_pos(blk, b, i, sp, meta, avail, pl, pcap, cfg)
        if not ok:
            continue
        pos = n if n < kmax else kmax - 1
        while pos > 0 and fits[pos - 1] < f:
            if pos < kmax:
                fits[pos] = fits[pos - 1]
                for k in range(4):
                    out[pos, k] = out[pos - 1, k]
            pos -= 1
        fits[pos] = f
        out[pos, 0] = b
        out[pos, 1] = x
        out[pos, 2] = y
        out[pos, 3] = z
        if n < kmax:
            n += 1
    return n


@njit(cache=True)
def candidates(blk, order, bd4, i, sp, meta, avail, pl, pcap, cfg, out, kmax, reach, vo, mins):  # type: ignore[no-untyped-def]
    """See ``_candidates`` (no block known to be short of boxes)."""
    dead = np.zeros(order.shape[0], np.bool_)
    return _candidates(blk, order, bd4, i, sp, meta, avail, pl, pcap, cfg, out, kmax, reach, vo,
                       mins, dead)  # fmt: skip


@njit(cache=True)
def greedy(blk, order, bd4, sp, meta, avail, pl, pcap, cfg, tdim, mins, tmp, reach, vo):  # type: ignore[no-untyped-def]
    """Complete the state greedily: nearest-corner space, best feasible block (see
    ``candidates``). Blocks found short of boxes are flagged (``dead``, by scan position) and
    skipped in later steps without a feasibility test: boxes are only used up as we go."""
    one = np.empty((1, 4), np.int64)
    dead = np.zeros(order.shape[0], np.bool_)  # blocks found short of boxes (scan positions)
    while meta[M_NS] > 0:
        i = select_space(sp, meta[M_NS], cfg)
        n = _candidates(blk, order, bd4, i, sp, meta, avail, pl, pcap, cfg, one, 1, reach, vo,
                        mins, dead)  # fmt: skip
        if n == 0:
            remove_space(sp, meta, i)
            continue
        if meta[M_NP] >= pl.shape[0]:
            break
        place(blk, one[0, 0], one[0, 1], one[0, 2], one[0, 3], sp, meta, avail, pl, pcap, cfg,
              tdim, mins, tmp)  # fmt: skip
    return meta[M_VAL]


@njit(cache=True)
def rate_children(  # type: ignore[no-untyped-def]
    blk, order, bd4, psp, pmeta, pavail, ppl, ppcap, pmins, rows, j0, j1, cfg, tdim, tmp, reach,
    vo, sp, meta, avail, pl, pcap, mins, best_val, vals, imp_pl, imp_np, imp_j
):  # fmt: skip
    """Rate children ``j0 .. j1 - 1`` of a parent state (``psp`` .. ``pmins``): child ``j`` is
    the parent with block ``rows[j, 0]`` placed at ``rows[j, 1:4]``, rated by the value of its
    greedy completion (``vals[j]``). ``sp`` .. ``mins`` are scratch arrays of the parent's
    shapes. Every completion that beats the best value so far (``best_val``, then the best
    of the earlier children) has its placement rows copied into ``imp_pl[k, :imp_np[k]]``
    with ``imp_j[k] = j``; returns the number ``k`` of such improvements.

    The same work as copying the parent, placing and completing once per child from Python,
    without the per-child call and allocation overhead."""
    ns = pmeta[M_NS]
    npl = pmeta[M_NP]
    k = 0
    for j in range(j0, j1):
        sp[:ns] = psp[:ns]
        pl[:npl] = ppl[:npl]
        pcap[:npl] = ppcap[:npl]
        meta[:] = pmeta
        avail[:] = pavail
        mins[:] = pmins
        place(blk, rows[j, 0], rows[j, 1], rows[j, 2], rows[j, 3], sp, meta, avail, pl, pcap, cfg,
              tdim, mins, tmp)  # fmt: skip
        v = greedy(blk, order, bd4, sp, meta, avail, pl, pcap, cfg, tdim, mins, tmp, reach, vo)
        vals[j] = v
        if v > best_val:
            best_val = v
            m = meta[M_NP]
            imp_pl[k, :m] = pl[:m]
            imp_np[k] = m
            imp_j[k] = j
            k += 1
    return k
