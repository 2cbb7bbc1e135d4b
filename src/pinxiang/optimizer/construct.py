"""Block generation (Fanslau & Bortfeldt 2010 style): simple blocks of identical boxes in one
orientation, and general blocks made by joining two blocks along x, y or z when the joined
bounding box is filled to at least ``min_fill``.

With support on, a block carries a *packing area* on its top (a rectangle, relative to the
block's minimum corner, whose every point is the top of a box at the block's full height): a
block joined on top must stand inside it, x/y joins need equal heights (unless
``mixed_heights``), so every box of a block
is fully supported inside the block when the block's base is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, types
from numba.typed import Dict

from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer.problem import Problem

__all__ = ["Blocks", "build_blocks", "expand_block"]

# tree columns: kind (0 simple, 1 join x, 2 join y, 3 join z), then
# simple: type, nx, ny, nz, odx, ody, odz; join: a, b, offx, offy, offz
T_NCOL = 8

_KEY = types.UniTuple(types.int64, 4)  # type: ignore[no-untyped-call]


@dataclass
class Blocks:
    """All candidate blocks of a problem: ``blk`` rows (see ``_kernels``), ``tree`` to expand
    them into boxes, ``order`` = block indices by decreasing value."""

    blk: np.ndarray
    tree: np.ndarray
    order: np.ndarray


@njit(cache=True)
def _comp_hash(blk, b):  # type: ignore[no-untyped-def]
    h = np.int64(0)
    for k in range(blk[b, K.B_NK]):
        t = blk[b, K.B_T0 + k]
        m = (t + np.int64(1)) * np.int64(-7046029254386353131)
        m ^= m >> np.int64(29)
        h += m * blk[b, K.B_C0 + k]
    return h


@njit(cache=True)
def _gen_general(blk, tree, nb, maxb, dims, minfr, support, qty, max_rounds, mixed):  # type: ignore[no-untyped-def]
    L = dims[0]
    W = dims[1]
    H = dims[2]
    seen = Dict.empty(key_type=_KEY, value_type=types.int64)
    for b in range(nb):
        seen[(blk[b, K.B_DX], blk[b, K.B_DY], blk[b, K.B_DZ], _comp_hash(blk, b))] = b
    start = 0
    end = nb
    rounds = 0
    ttmp = np.zeros(K.KMAX * 2, np.int64)
    ctmp = np.zeros(K.KMAX * 2, np.int64)
    while nb < maxb and start < end and rounds < max_rounds:
        rounds += 1
        for a in range(end):
            if nb >= maxb:
                break
            if blk[a, K.B_CAP] != K.CAP_UNLIMITED:
                continue
            for b in range(end):
                if nb >= maxb:
                    break
                if a < start and b < start:
                    continue
                if blk[b, K.B_CAP] != K.CAP_UNLIMITED or blk[a, K.B_DROP] != blk[b, K.B_DROP]:
                    continue
                adx = blk[a, K.B_DX]
                ady = blk[a, K.B_DY]
                adz = blk[a, K.B_DZ]
                bdx = blk[b, K.B_DX]
                bdy = blk[b, K.B_DY]
                bdz = blk[b, K.B_DZ]
                vol = blk[a, K.B_VOL] + blk[b, K.B_VOL]
                for axis in range(3):
                    if axis == 0:
                        nx = adx + bdx
                        ny = max(ady, bdy)
                        nz = max(adz, bdz)
                        if support != 0 and adz != bdz and not mixed:
                            continue
                    elif axis == 1:
                        nx = max(adx, bdx)
                        ny = ady + bdy
                        nz = max(adz, bdz)
                        if support != 0 and adz != bdz and not mixed:
                            continue
                    else:
                        nx = max(adx, bdx)
                        ny = max(ady, bdy)
                        nz = adz + bdz
                        if support != 0:
                            if (
                                bdx > blk[a, K.B_PX1] - blk[a, K.B_PX0]
                                or bdy > blk[a, K.B_PY1] - blk[a, K.B_PY0]
                            ):
                                continue
                            nx = adx
                            ny = ady
                    if nx > L or ny > W or nz > H:
                        continue
                    if vol < minfr * (nx * ny * nz):
                        continue
                    # composition
                    n = 0
                    ok = True
                    for src in (a, b):
                        for k in range(blk[src, K.B_NK]):
                            t = blk[src, K.B_T0 + k]
                            c = blk[src, K.B_C0 + k]
                            f = -1
                            for m in range(n):
                                if ttmp[m] == t:
                                    f = m
                                    break
                            if f >= 0:
                                ctmp[f] += c
                            else:
                                ttmp[n] = t
                                ctmp[n] = c
                                n += 1
                    if n > K.KMAX:
                        continue
                    for m in range(n):
                        if ctmp[m] > qty[ttmp[m]]:
                            ok = False
                            break
                    if not ok:
                        continue
                    r = nb
                    blk[r, K.B_DX] = nx
                    blk[r, K.B_DY] = ny
                    blk[r, K.B_DZ] = nz
                    blk[r, K.B_VAL] = blk[a, K.B_VAL] + blk[b, K.B_VAL]
                    blk[r, K.B_VOL] = vol
                    blk[r, K.B_W] = blk[a, K.B_W] + blk[b, K.B_W]
                    blk[r, K.B_CAP] = K.CAP_UNLIMITED
                    blk[r, K.B_DROP] = blk[a, K.B_DROP]
                    blk[r, K.B_NK] = n
                    for m in range(K.KMAX):
                        if m < n:
                            blk[r, K.B_T0 + m] = ttmp[m]
                            blk[r, K.B_C0 + m] = ctmp[m]
                        else:
                            blk[r, K.B_T0 + m] = 0
                            blk[r, K.B_C0 + m] = 0
                    key = (nx, ny, nz, _comp_hash(blk, r))
                    if key in seen:
                        continue
                    # packing area on top and offsets of b
                    if axis == 0:
                        ox = adx
                        oy = 0
                        oz = 0
                    elif axis == 1:
                        ox = 0
                        oy = ady
                        oz = 0
                    else:
                        ox = blk[a, K.B_PX0] if support != 0 else 0
                        oy = blk[a, K.B_PY0] if support != 0 else 0
                        oz = adz
                    if axis == 2:
                        px0 = ox + blk[b, K.B_PX0]
                        py0 = oy + blk[b, K.B_PY0]
                        px1 = ox + blk[b, K.B_PX1]
                        py1 = oy + blk[b, K.B_PY1]
                    else:
                        # candidates: a's area, b's area shifted, their union if rectangular
                        apx0 = blk[a, K.B_PX0]
                        apy0 = blk[a, K.B_PY0]
                        apx1 = blk[a, K.B_PX1]
                        apy1 = blk[a, K.B_PY1]
                        bpx0 = ox + blk[b, K.B_PX0]
                        bpy0 = oy + blk[b, K.B_PY0]
                        bpx1 = ox + blk[b, K.B_PX1]
                        bpy1 = oy + blk[b, K.B_PY1]
                        px0 = apx0
                        py0 = apy0
                        px1 = apx1
                        py1 = apy1
                        best = (apx1 - apx0) * (apy1 - apy0)
                        if adz < bdz:
                            best = -1
                        if adz <= bdz and (bpx1 - bpx0) * (bpy1 - bpy0) > best:
                            px0 = bpx0
                            py0 = bpy0
                            px1 = bpx1
                            py1 = bpy1
                            best = (bpx1 - bpx0) * (bpy1 - bpy0)
                        if adz == bdz and axis == 0 and apx1 == adx and bpx0 == adx:
                            uy0 = max(apy0, bpy0)
                            uy1 = min(apy1, bpy1)
                            if uy1 > uy0 and (bpx1 - apx0) * (uy1 - uy0) > best:
                                px0 = apx0
                                px1 = bpx1
                                py0 = uy0
                                py1 = uy1
                        if adz == bdz and axis == 1 and apy1 == ady and bpy0 == ady:
                            ux0 = max(apx0, bpx0)
                            ux1 = min(apx1, bpx1)
                            if ux1 > ux0 and (bpy1 - apy0) * (ux1 - ux0) > best:
                                py0 = apy0
                                py1 = bpy1
                                px0 = ux0
                                px1 = ux1
                    blk[r, K.B_PX0] = px0
                    blk[r, K.B_PY0] = py0
                    blk[r, K.B_PX1] = px1
                    blk[r, K.B_PY1] = py1
                    tree[r, 0] = axis + 1
                    tree[r, 1] = a
                    tree[r, 2] = b
                    tree[r, 3] = ox
                    tree[r, 4] = oy
                    tree[r, 5] = oz
                    seen[key] = r
                    nb += 1
                    if nb >= maxb:
                        break
        start = end
        end = nb
    return nb


def _simple_blocks(problem: Problem, support: bool, max_simple: int) -> list[list[int]]:
    c = problem.container
    rows: list[list[int]] = []
    for t, bt in enumerate(problem.box_types):
        q = bt.quantity
        if q <= 0:
            continue
        for odx, ody, odz in bt.orientations():
            if odx > c.length or ody > c.width or odz > c.height:
                continue
            mz = c.height // odz
            if not bt.stackable:
                mz = 1
            elif bt.max_load_on_top is not None and bt.weight > 0:
                mz = min(mz, bt.max_load_on_top // bt.weight + 1)
            for nz in range(1, min(mz, q) + 1):
                for ny in range(1, min(c.width // ody, q // nz) + 1):
                    for nx in range(1, min(c.length // odx, q // (nz * ny)) + 1):
                        n = nx * ny * nz
                        if not bt.stackable:
                            cap = K.CAP_NONE
                        elif bt.max_load_on_top is not None:
                            cap = bt.max_load_on_top - (nz - 1) * bt.weight
                        else:
                            cap = K.CAP_UNLIMITED
                        dx, dy, dz = nx * odx, ny * ody, nz * odz
                        row = [0] * K.B_NCOL
                        row[K.B_DX] = dx
                        row[K.B_DY] = dy
                        row[K.B_DZ] = dz
                        row[K.B_VAL] = n * bt.box_value
                        row[K.B_VOL] = n * bt.volume
                        row[K.B_W] = n * bt.weight
                        row[K.B_CAP] = cap
                        row[K.B_DROP] = bt.drop if problem.enforce_drop_order else 0
                        row[K.B_PX1] = dx
                        row[K.B_PY1] = dy
                        row[K.B_NK] = 1
                        row[K.B_T0] = t
                        row[K.B_C0] = n
                        rows.append([*row, 0, t, nx, ny, nz, odx, ody, odz])
    if len(rows) > max_simple:
        # keep every single box, then the most valuable others
        singles = [r for r in rows if r[K.B_C0] == 1]
        others = sorted(
            (r for r in rows if r[K.B_C0] != 1), key=lambda r: (-r[K.B_VAL], -r[K.B_VOL])
        )
        rows = singles + others[: max(0, max_simple - len(singles))]
    return rows


def _capped(
    blk: np.ndarray,
    nb: int,
    height: int,
    support: bool,
    limit: int,
    per_top: int,
    min_top_fill: float,
) -> list[tuple[int, int, int, int, int]]:
    """Capped columns: (base, top, gap, offx, offy) for a block that carries any load (the
    base) with a simple block of load-limited boxes (the top) standing on it, inside its packing
    area, covering at least ``min_top_fill`` of its footprint. Per top the ``per_top`` bases
    that leave the smallest gap under ``height``; of all, ``limit`` shared round robin among the
    top box types."""
    caps = blk[:nb, K.B_CAP]
    tops = np.nonzero((caps != K.CAP_UNLIMITED) & (blk[:nb, K.B_NK] == 1))[0]
    bases = np.nonzero((caps == K.CAP_UNLIMITED) & (blk[:nb, K.B_NK] < K.KMAX))[0]
    if len(tops) == 0 or len(bases) == 0 or limit <= 0:
        return []
    bdx = blk[bases, K.B_DX]
    bdy = blk[bases, K.B_DY]
    bdz = blk[bases, K.B_DZ]
    if support:
        pdx = blk[bases, K.B_PX1] - blk[bases, K.B_PX0]
        pdy = blk[bases, K.B_PY1] - blk[bases, K.B_PY0]
    else:
        pdx, pdy = bdx, bdy
    area = bdx * bdy
    bdrop = blk[bases, K.B_DROP]
    out: list[tuple[int, int, int, int, int]] = []
    for t in tops:
        tdx, tdy, tdz = (int(v) for v in blk[t, :3])
        ok = (
            (pdx >= tdx)
            & (pdy >= tdy)
            & (bdz + tdz <= height)
            & (tdx * tdy >= min_top_fill * area)
            & (bdrop == blk[t, K.B_DROP])
        )
        cand = np.nonzero(ok)[0]
        if len(cand) == 0:
            continue
        gap = height - bdz[cand] - tdz
        pick = cand[np.lexsort((-blk[bases[cand], K.B_VOL], gap))[:per_top]]
        for j in pick:
            b = int(bases[j])
            ox = int(blk[b, K.B_PX0]) if support else 0
            oy = int(blk[b, K.B_PY0]) if support else 0
            out.append((b, int(t), int(height - bdz[j] - tdz), ox, oy))
    # share the budget among the top box types: round robin, smallest gaps first
    by_type: dict[int, list[tuple[int, int, int, int, int]]] = {}
    for r in out:
        by_type.setdefault(int(blk[r[1], K.B_T0]), []).append(r)
    lists = [
        sorted(v, key=lambda r: (r[2], -int(blk[r[0], K.B_VOL] + blk[r[1], K.B_VOL]), r[0], r[1]))
        for _, v in sorted(by_type.items())
    ]
    picked: list[tuple[int, int, int, int, int]] = []
    k = 0
    while len(picked) < limit and any(k < len(v) for v in lists):
        picked.extend(v[k] for v in lists if k < len(v))
        k += 1
    return picked[:limit]


def _columns(
    blk: np.ndarray,
    nb: int,
    height: int,
    qty: np.ndarray,
    limit: int,
    per_base: int,
    min_eff: float,
    any_top: bool = False,
) -> list[tuple[int, int, int, int]]:
    """Column blocks (support): (base, top, offx, offy) for a block that carries any load (the
    base) with a simple block (any block if ``any_top``) standing on it inside its packing
    area, the pair reaching (close to) ``height``: rated by their volume over the base's
    footprint times ``height`` (the *efficiency*: the share of the floor-to-ceiling column they
    fill), at least ``min_eff``. Per base the ``per_base`` most efficient tops; of all, the
    ``limit`` most efficient (ties by base and top index), one per size and composition."""
    if limit <= 0 or nb == 0:
        return []
    caps = blk[:nb, K.B_CAP]
    nk = blk[:nb, K.B_NK]
    tops = np.arange(nb) if any_top else np.nonzero(nk == 1)[0]
    bases = np.nonzero(caps == K.CAP_UNLIMITED)[0]
    if len(tops) == 0 or len(bases) == 0:
        return []
    tdx = blk[tops, K.B_DX]
    tdy = blk[tops, K.B_DY]
    tdz = blk[tops, K.B_DZ]
    tvol = blk[tops, K.B_VOL]
    tdrop = blk[tops, K.B_DROP]
    cand: list[tuple[float, int, int]] = []
    for b in bases:
        bdz = int(blk[b, K.B_DZ])
        bvol = int(blk[b, K.B_VOL])
        foot = int(blk[b, K.B_DX] * blk[b, K.B_DY])
        if bvol >= min_eff * foot * height:
            continue  # the base alone is efficient enough: nothing to add
        pdx = blk[b, K.B_PX1] - blk[b, K.B_PX0]
        pdy = blk[b, K.B_PY1] - blk[b, K.B_PY0]
        tall = (tdz + bdz <= height) & (tvol + bvol >= min_eff * foot * height)
        ok = tall & (tdx <= pdx) & (tdy <= pdy) & (tdrop == blk[b, K.B_DROP])
        idx = np.nonzero(ok)[0]
        if len(idx) == 0:
            continue
        base = _comp(blk, int(b))
        got = 0
        eff = (bvol + tvol[idx]) / float(foot * height)
        for n in np.lexsort((idx, -eff)):
            j = idx[n]
            comp = _comp(blk, int(tops[j]), base)
            if len(comp) > K.KMAX or any(c > qty[t] for t, c in comp.items()):
                continue
            cand.append((-float(eff[n]), int(b), int(tops[j])))
            got += 1
            if got >= per_base:
                break
    cand.sort()
    out: list[tuple[int, int, int, int]] = []
    seen: set[tuple[int, ...]] = set()
    for _, base_b, top_b in cand:
        comp = _comp(blk, top_b, _comp(blk, base_b))
        key = (
            int(blk[base_b, K.B_DX]),
            int(blk[base_b, K.B_DY]),
            int(blk[base_b, K.B_DZ] + blk[top_b, K.B_DZ]),
            *(v for kv in sorted(comp.items()) for v in kv),
        )
        if key in seen:
            continue
        seen.add(key)
        out.append((base_b, top_b, int(blk[base_b, K.B_PX0]), int(blk[base_b, K.B_PY0])))
        if len(out) >= limit:
            break
    return out


def _comp(blk: np.ndarray, b: int, into: dict[int, int] | None = None) -> dict[int, int]:
    """Box counts by type of block ``b`` (added to a copy of ``into``)."""
    out = dict(into) if into else {}
    for k in range(int(blk[b, K.B_NK])):
        t = int(blk[b, K.B_T0 + k])
        out[t] = out.get(t, 0) + int(blk[b, K.B_C0 + k])
    return out


def _stack(
    blk: np.ndarray, tree: np.ndarray, joins: list[tuple[int, int, int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Append z-joins (base, top, offx, offy): the top stands on the base at
    that offset, inside its packing area; the joined block carries what its top carries."""
    add = np.zeros((len(joins), K.B_NCOL), np.int64)
    tadd = np.zeros((len(joins), T_NCOL), np.int64)
    for n, (a, b, ox, oy) in enumerate(joins):
        row = add[n]
        row[K.B_DX] = blk[a, K.B_DX]
        row[K.B_DY] = blk[a, K.B_DY]
        row[K.B_DZ] = blk[a, K.B_DZ] + blk[b, K.B_DZ]
        for col in (K.B_VAL, K.B_VOL, K.B_W):
            row[col] = blk[a, col] + blk[b, col]
        row[K.B_CAP] = blk[b, K.B_CAP]
        row[K.B_DROP] = blk[a, K.B_DROP]
        row[K.B_PX0] = ox + blk[b, K.B_PX0]
        row[K.B_PY0] = oy + blk[b, K.B_PY0]
        row[K.B_PX1] = ox + blk[b, K.B_PX1]
        row[K.B_PY1] = oy + blk[b, K.B_PY1]
        comp = _comp(blk, b, _comp(blk, a))
        assert len(comp) <= K.KMAX
        row[K.B_NK] = len(comp)
        for k, (t, c) in enumerate(comp.items()):
            row[K.B_T0 + k] = t
            row[K.B_C0 + k] = c
        tadd[n, :6] = (3, a, b, ox, oy, blk[a, K.B_DZ])
    return np.concatenate([blk, add]), np.concatenate([tree, tadd])


def build_blocks(
    problem: Problem,
    *,
    max_blocks: int = 10000,
    min_fill: float = 0.98,
    general: bool = True,
    max_rounds: int = 50,
    mixed_heights: bool = False,
    capped: int = 0,
    capped_per_top: int = 3,
    capped_fill: float = 0.85,
    columns: int = 0,
    columns_per_base: int = 2,
    columns_eff: float = 0.95,
    columns_any_top: bool = False,
) -> Blocks:
    """Generate the blocks of ``problem`` (support on iff ``problem.support > 0``).

    ``mixed_heights``: with support, also join blocks of different heights along x or y (the
    result keeps the taller part's packing area).
    ``capped``: up to this many *capped columns* beyond ``max_blocks`` (only when some boxes
    limit the load on top): a block that carries any load with a layer of load-limited or
    fragile boxes on top (see ``_capped``); the joined block carries what its top carries.
    ``columns``: with support, up to this many *column blocks* beyond the others: a block with
    a block standing on it whose heights add up to (nearly) the container height, filling
    at least ``columns_eff`` of the floor-to-ceiling column on the base (see ``_columns``;
    ``columns_any_top``: any block may be the top, not only simple ones).
    """
    support = problem.support > 0
    rows = _simple_blocks(problem, support, max_blocks)
    cap = max(max_blocks, len(rows)) + 1
    blk = np.zeros((cap, K.B_NCOL), np.int64)
    tree = np.zeros((cap, T_NCOL), np.int64)
    for i, r in enumerate(rows):
        blk[i] = r[: K.B_NCOL]
        tree[i] = r[K.B_NCOL :]
    nb = len(rows)
    if general and nb > 0 and nb < max_blocks:
        c = problem.container
        qty = np.array([bt.quantity for bt in problem.box_types], np.int64)
        dims = np.array([c.length, c.width, c.height], np.int64)
        nb = int(
            _gen_general(
                blk,
                tree,
                nb,
                max_blocks,
                dims,
                min_fill,
                int(support),
                qty,
                max_rounds,
                mixed_heights,
            )
        )
    blk = blk[:nb].copy()
    tree = tree[:nb].copy()
    if capped > 0 and nb > 0 and any(bt.limits_load for bt in problem.box_types):
        joins = _capped(
            blk, nb, problem.container.height, support, capped, capped_per_top, capped_fill
        )
        if joins:
            blk, tree = _stack(blk, tree, [(a, b, ox, oy) for a, b, _, ox, oy in joins])
            nb = len(blk)
    if columns > 0 and support and nb > 0:
        qty = np.array([bt.quantity for bt in problem.box_types], np.int64)
        cols = _columns(
            blk,
            nb,
            problem.container.height,
            qty,
            columns,
            columns_per_base,
            columns_eff,
            columns_any_top,
        )
        if cols:
            blk, tree = _stack(blk, tree, cols)
            nb = len(blk)
    if nb:
        order = np.lexsort((-blk[:, K.B_VOL], -blk[:, K.B_VAL])).astype(np.int64)
    else:
        order = np.zeros(0, np.int64)
    return Blocks(blk=blk, tree=tree, order=order)


def expand_block(
    blocks: Blocks,
    b: int,
    x: int,
    y: int,
    z: int,
    out: list[tuple[int, int, int, int, int, int, int]],
) -> None:
    """Append the boxes of block ``b`` placed at ``(x, y, z)`` as (type, x, y, z, dx, dy, dz)."""
    tr = blocks.tree[b]
    kind = int(tr[0])
    if kind == 0:
        t, nx, ny, nz, odx, ody, odz = (int(v) for v in tr[1:8])
        for iz in range(nz):
            for iy in range(ny):
                for ix in range(nx):
                    out.append((t, x + ix * odx, y + iy * ody, z + iz * odz, odx, ody, odz))
        return
    a, bb, ox, oy, oz = (int(v) for v in tr[1:6])
    expand_block(blocks, a, x, y, z, out)
    expand_block(blocks, bb, x + ox, y + oy, z + oz, out)
