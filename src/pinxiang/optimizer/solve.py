"""The single-container solver: block generation, beam search, repair and reporting."""

from __future__ import annotations

import heapq
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from pinxiang.optimizer import _kernels as K
from pinxiang.optimizer.construct import build_blocks, expand_block
from pinxiang.optimizer.plan import Placement, Plan, Result, Unplaced
from pinxiang.optimizer.problem import BoxType, Problem
from pinxiang.optimizer.search import Context, beam_search, make_root
from pinxiang.optimizer.stop import StoppingCriterion, budget_spent, start_clocks

__all__ = ["SolveParams", "solve", "warm_up"]

REASON_NO_FIT = "does not fit the container in any allowed orientation"
REASON_PAYLOAD = "over payload"
REASON_GROUP = "group incomplete"
REASON_SPACE = "no space left"


@dataclass(frozen=True)
class SolveParams:
    """Tuning knobs of :func:`solve` (defaults are the benchmarked settings).

    Attributes:
        max_blocks: cap on generated blocks (simple + general).
        min_fill: minimum fill rate of a general block's bounding box (0..1).
        general_blocks: build general (mixed) blocks, not only simple ones.
        start_width: first beam width; widths grow by ``growth`` each round.
        growth: factor between successive beam widths (> 1).
        max_spaces: capacity of the free-space list.
        space_mode: bit 1 = put blocks on the floor of spaces even without support, bit 2 =
            pick the space by lexicographically sorted corner distances instead of Manhattan.
        portfolio: space modes to cycle through at every beam width (empty = ``space_mode``).
        mixed_heights: with support, also join blocks of different heights side by side.
        waste_weight: rank blocks by ``100 * value - waste_weight * waste`` (0 = by value).
        top_loss: with support, count this percentage of the space above the part of a block's
            top outside its packing area (where nothing can stand) as waste.
        tail: improvement phase; after every beam width, re-solve the best loading from the
            first ``p`` % of its blocks, for each ``p``, with ``tail_width`` times the width;
            only for problems with at least ``tail_min_types`` box types (with few types the
            widening beam itself uses the time better).
        min_fill_many: with support and at least ``many_types`` box types, general blocks need
            this fill rate instead of ``min_fill`` (with many types few blocks are 99.5 % full).
        many_types: see ``min_fill_many``.
        min_fill_many_none: without support and with at least ``many_types_none`` box types,
            general blocks need this fill rate instead of ``min_fill`` (more mixed blocks
            where few of them are 99.5 % full).
        many_types_none: see ``min_fill_many_none``.
        capped_blocks: up to this many *capped columns* on top of ``max_blocks``, only for
            problems with fragile, not-stackable or load-limited boxes (others are unaffected):
            a block that carries any load with a simple block of such boxes standing on it,
            covering at least ``capped_fill`` of its top; for each such top the
            ``capped_per_top`` bases that leave the smallest gap under the roof. Off by
            default: on realistic loads it did not pay (docs/optimizer.md, "Fragile and
            load-limited cartons").
        capped_per_top, capped_fill: see ``capped_blocks``.
        volume_skip: when no block is worth more than its volume (the default value), start the
            candidate scan at the first block whose value fits the space's volume (the same
            choices, found faster).
        box_count_exp: rank blocks by ``f / n ** (box_count_exp / 100)`` (n = boxes in the
            block), so blocks of fewer, larger boxes come first; 0 = off. Only for problems
            with at least ``box_count_min_types`` box types and without support (unless
            ``box_count_support``).
        box_count_min_types: see ``box_count_exp``.
        box_count_support: apply ``box_count_exp`` with support too.
        contact_exp: rank blocks by ``f * cs ** (contact_exp / 100)``, cs = share of the
            block's surface on its space's faces (0.5..1); 0 = off.
        dead_top: with support, count this percentage of the gap between a block's packing
            area and the space's ceiling as waste when no available box fits on that area
            within that gap (0 = off).
        top_gap: with support, count this percentage of the height left above a block's
            packing area that the boxes fitting on the area cannot fill as waste (see
            ``_kernels.top_gap``; 0 = off).
        even_tops: with support and at least ``many_types`` box types, count this percentage
            of the gap between a block's packing area and the space's ceiling as waste unless
            the block's top is level with the top of a block beside the space (0 = off).
        even_neighbours: with ``even_tops``, a top level with a block beside the space is
            free of that waste (else only a top at the space's ceiling is).
        merge_floors: with support, after placing a block add the free spaces standing on its
            packing area joined with the coplanar packing areas it touches (one floor across
            blocks of equal top height, see ``_kernels.merge_floors``).
        columns: with support and at least ``many_types`` box types, up to this many *column
            blocks* on top of ``max_blocks``: a block that carries any load with a block
            standing on its packing area, their heights adding up to (nearly) the container
            height; they must fill at least ``columns_eff`` of the floor-to-ceiling column on
            the base's footprint; the ``columns_per_base`` best tops per base
            (``construct._columns``). 0 = off.
        columns_any_top: any block may be the top of a column block (stacks of three or more
            types), else only simple blocks.
        columns_per_base, columns_eff: see ``columns``.
        dyn_waste_min_types: without support and with at least this many box types, a slab
            beside a block that no available box fits in counts as waste in full (the static
            ``reach`` ignores which boxes are left).
        fat_first_min_types: without support and with at least this many box types, of the
            free spaces equally near a container corner fill the one of largest least dimension
            first (then the larger volume, the usual rule).
        phases: with at least ``phases_min_types`` box types, run the search once
            per entry (each a set of overrides of these fields: block set, space modes) with an
            equal share of the time or iteration budget and return the best loading (a
            portfolio). Off by default: on BR8-15 at 10 s the three-way split
            ``({}, {"min_fill_many": 0.985}, {"portfolio": (32, 34)})`` gained 0.14 points, but
            it lost 0.46 on the realistic Yiwu loads, and without support it was neutral on
            BR1-15 (docs/optimizer.md, "Fifth round").
            Budgets are split only for :class:`MaxRuntime` and :class:`MaxIterations`; under
            other criteria only the first phase runs.
        phases_min_types: see ``phases``.
    """

    max_blocks: int = 3000
    min_fill: float = 0.995
    general_blocks: bool = True
    start_width: int = 1
    growth: float = 2.0
    max_spaces: int = 2000
    space_mode: int = 0
    waste_weight: int = 30
    portfolio: tuple[int, ...] = (0, 2)
    mixed_heights: bool = False
    top_loss: int = 100
    tail: tuple[int, ...] = (80, 60, 40)
    tail_width: int = 2
    tail_min_types: int = 30
    min_fill_many: float = 0.98
    many_types: int = 30
    min_fill_many_none: float = 0.99
    many_types_none: int = 70
    capped_blocks: int = 0
    capped_per_top: int = 3
    capped_fill: float = 0.85
    volume_skip: bool = True
    box_count_exp: int = 50
    box_count_min_types: int = 30
    box_count_support: bool = False
    contact_exp: int = 0
    merge_floors: bool = False
    dead_top: int = 0
    even_tops: int = 50
    top_gap: int = 0
    even_neighbours: bool = False
    columns: int = 3000
    columns_per_base: int = 2
    columns_eff: float = 0.95
    columns_any_top: bool = True
    dyn_waste_min_types: int = 70
    fat_first_min_types: int = 70
    phases: tuple[Mapping[str, Any], ...] = ()
    phases_min_types: int = 30

    def __post_init__(self) -> None:
        names = {f.name for f in fields(self)} - {"phases", "phases_min_types"}
        for k, phase in enumerate(self.phases):
            bad = sorted(set(phase) - names)
            if bad:
                raise ValueError(
                    f"SolveParams.phases[{k}]: unknown field(s) {', '.join(bad)}; a phase "
                    "overrides SolveParams fields other than phases and phases_min_types"
                )


class _Phase:
    """``stop``, and also stop once ``until`` (0..1) of its time or iteration budget is spent
    (one phase of a search that splits its budget; ``fired``: ``stop`` itself said stop)."""

    def __init__(self, stop: StoppingCriterion, until: float) -> None:
        self.stop = stop
        self.until = until
        self.fired = False

    def __call__(self, best_objective: float) -> bool:
        if self.stop(best_objective):
            self.fired = True
            return True
        return budget_spent(self.stop) >= self.until


def _fits(problem: Problem, t: int) -> bool:
    c = problem.container
    return any(
        dx <= c.length and dy <= c.width and dz <= c.height
        for dx, dy, dz in problem.box_types[t].orientations()
    )


def _reach(problem: Problem) -> np.ndarray:
    """``reach[r]``: the longest sum of box dimensions (repeats allowed) that is <= r."""
    c = problem.container
    n = max(c.length, c.width, c.height) + 1
    dims = sorted({d for bt in problem.box_types if bt.quantity > 0 for d in bt.dims})
    ok = np.zeros(n, bool)
    ok[0] = True
    for r in range(1, n):
        for d in dims:
            if d > r:
                break
            if ok[r - d]:
                ok[r] = True
                break
    reach = np.zeros(n, np.int64)
    best = 0
    for r in range(n):
        if ok[r]:
            best = r
        reach[r] = best
    return reach


def _vertical_orientations(problem: Problem) -> np.ndarray:
    """Rows (vertical dim, smaller and larger horizontal dim, type) of every allowed
    orientation of the boxes, by vertical dim."""
    rows = sorted(
        {
            (o[2], min(o[0], o[1]), max(o[0], o[1]), t)
            for t, bt in enumerate(problem.box_types)
            if bt.quantity > 0
            for o in bt.orientations()
        }
    )
    return np.array(rows, np.int64).reshape(-1, 4)


def _loading_order(boxes: list[Placement]) -> list[Placement]:
    """Topological order 'supporters first', ties by (x, z, y): deep end first, bottom up."""
    n = len(boxes)
    if n == 0:
        return []
    x0 = np.array([b.x for b in boxes])
    y0 = np.array([b.y for b in boxes])
    z0 = np.array([b.z for b in boxes])
    x1 = x0 + np.array([b.dx for b in boxes])
    y1 = y0 + np.array([b.dy for b in boxes])
    z1 = z0 + np.array([b.dz for b in boxes])
    # edge j -> i when j is (partly) below i in i's column: j must be loaded first
    ovx = (np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :])) > 0
    ovy = (np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])) > 0
    below = ovx & ovy & (z1[:, None] <= z0[None, :])  # below[j, i]
    indeg = below.sum(axis=0)
    heap = [(int(x0[i]), int(z0[i]), int(y0[i]), i) for i in range(n) if indeg[i] == 0]
    heapq.heapify(heap)
    out: list[Placement] = []
    while heap:
        *_, j = heapq.heappop(heap)
        out.append(boxes[j])
        for i in np.nonzero(below[j])[0]:
            indeg[i] -= 1
            if indeg[i] == 0:
                heapq.heappush(heap, (int(x0[i]), int(z0[i]), int(y0[i]), int(i)))
    return out


def _repair_groups(problem: Problem, boxes: list[Placement]) -> tuple[list[Placement], set[int]]:
    """Drop incomplete groups, then boxes that lost support, until stable."""
    types = problem.box_types
    removed_types: set[int] = set()
    groups: dict[str, list[int]] = {}
    for t, bt in enumerate(types):
        if bt.group is not None:
            groups.setdefault(bt.group, []).append(t)
    if not groups:
        return boxes, removed_types
    while True:
        counts = [0] * len(types)
        for b in boxes:
            counts[b.box_type] += 1
        drop: set[int] = set()
        for members in groups.values():
            placed = sum(counts[t] for t in members)
            total = sum(types[t].quantity for t in members)
            if 0 < placed < total:
                drop.update(members)
        if not drop:
            return boxes, removed_types
        removed_types |= drop
        boxes = [b for b in boxes if b.box_type not in drop]
        if problem.support > 0:
            changed = True
            while changed:
                changed = False
                keep: list[Placement] = []
                for b in boxes:
                    if b.z == 0:
                        keep.append(b)
                        continue
                    area = 0
                    for o in boxes:
                        if o.z1 == b.z:
                            ox = min(b.x1, o.x1) - max(b.x, o.x)
                            oy = min(b.y1, o.y1) - max(b.y, o.y)
                            if ox > 0 and oy > 0:
                                area += ox * oy
                    if area >= problem.support * b.dx * b.dy:
                        keep.append(b)
                    else:
                        changed = True
                boxes = keep


def _search(
    problem: Problem,
    sub: Problem,
    avail: np.ndarray,
    n_types: int,
    ub: int,
    params: SolveParams,
    stop: StoppingCriterion,
    seed: int,
) -> tuple[int, list[tuple[int, int, int, int, int, int, int]], int]:
    """One search (blocks, then beam search) of ``sub`` whose value cannot exceed ``ub``;
    returns (loaded value, placed boxes as (type, x, y, z, dx, dy, dz) rows, iterations)."""
    c = problem.container
    types = problem.box_types
    nt = len(types)
    blocks = build_blocks(
        sub,
        max_blocks=params.max_blocks,
        min_fill=(
            params.min_fill_many
            if problem.support > 0 and n_types >= params.many_types
            else params.min_fill_many_none
            if problem.support == 0 and n_types >= params.many_types_none
            else params.min_fill
        ),
        general=params.general_blocks,
        mixed_heights=params.mixed_heights,
        capped=params.capped_blocks,
        capped_per_top=params.capped_per_top,
        capped_fill=params.capped_fill,
        columns=(params.columns if problem.support > 0 and n_types >= params.many_types else 0),
        columns_per_base=params.columns_per_base,
        columns_eff=params.columns_eff,
        columns_any_top=params.columns_any_top,
    )
    cfg = np.zeros(K.C_N, np.int64)
    cfg[K.C_L] = c.length
    cfg[K.C_W] = c.width
    cfg[K.C_H] = c.height
    cfg[K.C_SUPPORT] = 1 if problem.support > 0 else 0
    cfg[K.C_PAYLOAD] = -1 if c.max_payload is None else c.max_payload
    drops = {bt.drop for bt in types if bt.quantity > 0}
    cfg[K.C_DROP] = 1 if (problem.enforce_drop_order and len(drops) > 1) else 0
    cfg[K.C_LIMITED] = 1 if any(bt.limits_load for bt in types) else 0
    fat = 32 if problem.support == 0 and n_types >= params.fat_first_min_types else 0
    cfg[K.C_MODE] = params.space_mode | fat
    cfg[K.C_ALPHA] = params.waste_weight
    cfg[K.C_TOPW] = params.top_loss
    if n_types >= params.box_count_min_types and (problem.support == 0 or params.box_count_support):
        cfg[K.C_NBOX] = params.box_count_exp
    cfg[K.C_CS] = params.contact_exp
    blk = blocks.blk
    cfg[K.C_VSKIP] = int(params.volume_skip and bool((blk[:, K.B_VAL] <= blk[:, K.B_VOL]).all()))
    cfg[K.C_MERGE] = 1 if params.merge_floors else 0
    cfg[K.C_DEAD] = params.dead_top
    cfg[K.C_EVEN] = params.even_tops if n_types >= params.many_types else 0
    cfg[K.C_GAPW] = params.top_gap
    cfg[K.C_EVENN] = 1 if params.even_neighbours else 0
    cfg[K.C_DYNW] = int(problem.support == 0 and n_types >= params.dyn_waste_min_types)
    tdim = np.zeros((max(nt, 1), 4), np.int64)
    for t, bt in enumerate(types):
        ors = bt.orientations()
        tdim[t, 0] = min(min(o[0], o[1]) for o in ors)
        tdim[t, 1] = min(o[2] for o in ors)
        tdim[t, 2] = bt.volume
        tdim[t, 3] = min(max(o[0], o[1]) for o in ors)
    total = int(avail.sum())
    ctx = Context(
        blocks,
        cfg,
        tdim,
        np.zeros((params.max_spaces * 6, 7), np.int64),
        _reach(sub),
        _vertical_orientations(sub),
    )
    root = make_root((c.length, c.width, c.height), avail, tdim, params.max_spaces, total + 1)
    out = beam_search(
        ctx,
        root,
        stop,
        ub,
        seed,
        start_width=params.start_width,
        growth=params.growth,
        modes=tuple(m | fat for m in params.portfolio),
        tail=params.tail if n_types >= params.tail_min_types else (),
        tail_width=params.tail_width,
    )
    raw: list[tuple[int, int, int, int, int, int, int]] = []
    for row in out.placed:
        expand_block(blocks, int(row[0]), int(row[1]), int(row[2]), int(row[3]), raw)
    return out.value, raw, out.iterations


def solve(
    problem: Problem,
    stop: StoppingCriterion,
    seed: int = 0,
    params: SolveParams | None = None,
) -> Result:
    """Load ``problem``'s container, maximising the loaded value (box volume by default).

    Every returned plan satisfies :func:`pinxiang.optimizer.check` (support is given in full
    whenever ``problem.support > 0``). ``stop`` is called once per iteration (one greedy
    completion) with the best loaded value so far; the same seed and an iteration-based
    criterion give the identical plan. Units: as in the problem (mm, g).
    """
    t0 = time.perf_counter()
    start_clocks(stop)
    params = params or SolveParams()
    c = problem.container
    types = problem.box_types
    nt = len(types)
    avail = np.array(
        [bt.quantity if _fits(problem, t) else 0 for t, bt in enumerate(types)], np.int64
    )
    if c.max_payload is not None:
        for t, bt in enumerate(types):
            if bt.weight > c.max_payload:
                avail[t] = 0
    iterations = 0
    boxes: list[Placement] = []
    if avail.sum() > 0:
        sub = Problem(
            container=c,
            box_types=tuple(
                bt if avail[t] == bt.quantity else _with_qty(bt, int(avail[t]))
                for t, bt in enumerate(types)
            ),
            support=problem.support,
            must_load_all=problem.must_load_all,
            enforce_drop_order=problem.enforce_drop_order,
        )
        n_types = int((avail > 0).sum())
        phases = params.phases if n_types >= params.phases_min_types else ()
        ub = int(sum(int(avail[t]) * bt.box_value for t, bt in enumerate(types)))
        best_val = -1
        raw: list[tuple[int, int, int, int, int, int, int]] = []
        for k in range(max(1, len(phases))):
            p = replace(params, **phases[k]) if phases else params
            phase = _Phase(stop, (k + 1) / len(phases)) if len(phases) > 1 else None
            val, rows, its = _search(
                problem, sub, avail, n_types, ub, p, stop if phase is None else phase, seed
            )
            iterations += its
            if val > best_val:
                best_val = val
                raw = rows
            if best_val >= ub or (phase is not None and phase.fired):
                break
        boxes = [Placement(*r) for r in raw]
    boxes, group_removed = _repair_groups(problem, boxes)
    boxes = _loading_order(boxes)
    counts = [0] * nt
    for b in boxes:
        counts[b.box_type] += 1
    vol = sum(b.volume for b in boxes)
    weight = sum(types[b.box_type].weight for b in boxes)
    unplaced: list[Unplaced] = []
    for t, bt in enumerate(types):
        left = bt.quantity - counts[t]
        if left <= 0:
            continue
        if not _fits(problem, t):
            reason = REASON_NO_FIT
        elif t in group_removed:
            reason = REASON_GROUP
        elif c.max_payload is not None and weight + bt.weight > c.max_payload:
            reason = REASON_PAYLOAD
        else:
            reason = REASON_SPACE
        unplaced.append(Unplaced(t, left, reason))
    return Result(
        plan=Plan(tuple(boxes)),
        loaded_volume=vol,
        loaded_weight=weight,
        utilisation=vol / c.volume,
        weight_utilisation=(
            None if c.max_payload is None else (weight / c.max_payload if c.max_payload else 1.0)
        ),
        runtime_s=time.perf_counter() - t0,
        iterations=iterations,
        unplaced=tuple(unplaced),
        seed=seed,
    )


def warm_up() -> None:
    """Compile (or load from Numba's cache) every kernel by solving two tiny problems, so that
    the first real :func:`solve` call does not spend its time limit compiling. Takes ~20-60 s
    without a cache, well under a second with one."""
    from pinxiang.optimizer.problem import Container
    from pinxiang.optimizer.stop import MaxIterations

    for support in (0.0, 1.0):
        pr = Problem(
            Container(10, 10, 10, max_payload=100),
            (
                # more than fits, so that the beam search (``rate_children``) runs too
                BoxType("a", 5, 5, 5, quantity=9, weight=1),
                BoxType("b", 5, 5, 2, quantity=3, max_load_on_top=1, drop=1),
            ),
            support=support,
        )
        solve(pr, MaxIterations(3))


def _with_qty(bt: BoxType, q: int) -> BoxType:
    return replace(bt, quantity=q)
