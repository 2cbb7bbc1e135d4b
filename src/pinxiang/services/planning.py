"""Use case: plan shipments into containers and LCL. The one bridge between domain objects and
the optimizer: lots become box types, optimizer placements become carton placements.

`plan_cargo` books the cheapest container mix it can prove: `services/mix.py` chooses, on
volume and weight estimates, which buyers go LCL and which containers to book; each booked
container is then loaded by the engine with `must_load_all` and verified by the independent
checker; what does not fit moves to another container, a new one, or LCL, whichever is cheaper.
Rules held on every container (see docs/consolidation.md):

* a buyer's cargo (house bill) stays in one container unless it is larger than one; lots that
  share a `Lot.together` key (and every lot on its own) are never split across containers;
* multi-stop shipments: later stops never stand between an earlier stop's cartons and the door;
* payload and the route's road weight limit; fragile and not-stackable cartons carry nothing;
  light cartons carry at most `light_load_factor` times their own weight, so heavy ones go low;
* centre of gravity: slabs of the load are mirrored across the long axis, cartons that carry
  nothing are moved from the heavy side to free, supported places on the light side, or a
  segment of the load between two cuts is mirrored (straddling cartons re-placed), and the load
  is moved off the front wall / side wall, when that brings its centre of gravity within
  tolerance of the container centre (each result proven by the checker); every container
  reports its balance, and the reason when it stays out of tolerance.

After the first pass, the measured loads are improved: pairs of containers merged into one
cheaper container or dealt out afresh into a cheaper pair, containers downsized (optionally
sending their smallest house bill LCL), near-miss proofs retried with the awkward cartons
valued higher.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import numpy as np

from pinxiang import optimizer as opt
from pinxiang.domain import (
    DEFAULT_CONTAINER_TYPES,
    CartonPlacement,
    CartonSpec,
    ContainerLoad,
    ContainerType,
    Handling,
    Route,
    ShipmentPlan,
    UnplacedLot,
)
from pinxiang.domain.costing import allocate
from pinxiang.domain.freight import FreightRates
from pinxiang.domain.lcl import LclTariff, LclTariffs
from pinxiang.domain.money import Money
from pinxiang.services.mix import Consignment, Equipment, choose_lcl, lower_bound

# Kept for callers of the first planner: a type is tried for a remainder below this share.
TAIL_FILL = 0.80
# Filling one container: parts go in unproven up to SAFE_FILL, then one by one up to MAX_FILL.
SAFE_FILL = 0.50
# A re-plan re-places at most this many cartons one by one before loading afresh.
REFILL_MAX = 150
MAX_FILL = 0.80
# A proof that left at most RETRY_LEFT cartons over is retried up to RETRIES times with the
# left-over cartons valued higher (see `_solve_box`).
RETRIES = 2
RETRY_LEFT = 15
# Merging two containers into one, or booking a cheaper type for a container's measured load,
# is tried only up to this share of the new container's volume (the engine proves whole house
# bills at ~55-60 % of a container within a second, rarely more).
MERGE_FILL = 0.64
MERGE_TRIES = 4
DOWNSIZE_TRIES = 3
# Two containers dealt out afresh into a cheaper pair of types: at most this many pairs, each
# only up to this share of the new pair's volume.
REPACK_TRIES = 3
REPACK_FILL = 0.60
# Engine runs with other seeds for a container whose centre of gravity stays out of tolerance.
BALANCE_RUNS = 3


class InvalidPlan(RuntimeError):
    """The engine returned a plan the independent checker rejects: a bug, never stored."""


@dataclass(frozen=True)
class Lot:
    """A lot of identical cartons as the warehouse measured them. Lots sharing a `together`
    key must ship in the same container (every lot is never split on its own)."""

    lot_no: str
    order_line_ref: str
    merchant_code: str
    buyer_code: str
    cartons: int
    carton: CartonSpec
    handling: Handling
    together: str | None = None


@dataclass(frozen=True)
class ShipmentCargo:
    """A shipment's cargo. `stops` maps buyer code to its stop (0 = first unloaded) on
    multi-stop routes; buyers not named unload at stop 0."""

    shipment_ref: str
    route: Route
    lots: tuple[Lot, ...]
    not_received: tuple[UnplacedLot, ...] = ()
    stops: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class PlanOptions:
    seed: int = 1
    time_limit_s: float = 3.0
    container_types: tuple[ContainerType, ...] = DEFAULT_CONTAINER_TYPES
    allowed: tuple[str, ...] = ("20GP", "40GP", "40HQ", "45HQ")
    support: float = 1.0
    rates: FreightRates = field(default_factory=FreightRates)
    lcl: LclTariffs = field(default_factory=LclTariffs)
    allow_lcl: bool = False  # LCL is opt-in: without it every carton goes in a container
    # route -> container code -> grams the road allows (e.g. 17 t for a 20' in the US)
    road_limit_g: Mapping[Route, Mapping[str, int]] = field(default_factory=dict)
    cog_tolerance: tuple[float, float] = (0.10, 0.05)  # share of inner length, width
    light_g: int = 5000  # cartons lighter than this carry at most light_load_factor x own weight
    light_load_factor: int = 8
    fill: float = 0.65  # share of inner volume the mix expects a plan to fill
    max_iterations: int = 2000  # per engine call, with time_limit_s: keeps runs repeatable
    max_blocks: int = 1000  # engine blocks per run: fewer blocks, more search in a short run
    # iterations x cartons per engine run (None: no such cap): a run on n cartons stops after
    # max_work / n iterations, so small loads get many iterations and large ones fewer
    max_work: int | None = None


@dataclass(frozen=True)
class LclConsignment:
    """A buyer's house bill shipped LCL (co-loaded) at the route's W/M tariff."""

    buyer_code: str
    lots: tuple[tuple[str, int], ...]  # (lot_no, cartons)
    volume_mm3: int
    weight_g: int
    revenue_tons: Decimal
    charge: Money


@dataclass(frozen=True)
class Balance:
    """Centre of gravity of a loaded container (mm from the front wall, left wall, floor) and
    its offsets from the container centre as shares of inner length and width."""

    cog_x_mm: int
    cog_y_mm: int
    cog_z_mm: int
    offset_length: float
    offset_width: float
    within_tolerance: bool
    shift_x_mm: int  # how far the load was moved off the front wall to centre it
    shift_y_mm: int
    payload_limit_g: int
    reason: str = ""  # why it is out of tolerance (empty when within)


def imbalance_reason(offset_length: float, offset_width: float) -> str:
    """Why a container is out of tolerance, for the container's report and stuffing notes."""
    return (
        f"centre of gravity {100 * offset_length:+.1f} % lengthwise, "
        f"{100 * offset_width:+.1f} % crosswise off centre after every balancing step "
        "(mirroring slabs and segments, moving cartons that carry nothing across, "
        f"{BALANCE_RUNS} more engine runs, moving the load off the walls), and no other "
        "container type (the two cheapest that carry its weight) was proven in tolerance "
        "for the same house bills"
    )


@dataclass(frozen=True)
class CostShare:
    buyer_code: str
    revenue_tons: Decimal
    amount: Money


@dataclass(frozen=True)
class PlannedShipment:
    plan: ShipmentPlan
    freight: Money  # containers + LCL
    container_freight: tuple[Money, ...]
    lcl: tuple[LclConsignment, ...] = ()
    balance: tuple[Balance, ...] = ()
    shares: tuple[tuple[CostShare, ...], ...] = ()
    lower_bound: Money | None = None


def _orientation(p: opt.Placement, lot: Lot) -> str:
    c = lot.carton
    names = {"L": c.length_mm, "W": c.width_mm, "H": c.height_mm}
    up = next((k for k, v in names.items() if v == p.dz), "H")
    along = next((k for k, v in names.items() if v == p.dx and k != up), "L")
    return f"{up}-up,{along}-long"


def box_type(
    lot: Lot, count: int, options: PlanOptions, drop: int = 0, group: str | None = None
) -> opt.BoxType:
    """The engine's view of `count` cartons of `lot` (handling marks and the light-carton
    load rule applied)."""
    c, h = lot.carton, lot.handling
    limit = h.load_limit_g
    if c.gross_g < options.light_g:
        cap = options.light_load_factor * c.gross_g
        limit = cap if limit is None else min(limit, cap)
    return opt.BoxType(
        id=lot.lot_no,
        length=c.length_mm,
        width=c.width_mm,
        height=c.height_mm,
        quantity=count,
        weight=c.gross_g,
        allowed_vertical=(False, False, True) if h.this_side_up else (True, True, True),
        stackable=h.stackable and not h.fragile,
        max_load_on_top=limit,
        group=group,
        drop=drop,
    )


def payload_limit(ct: ContainerType, route: Route, options: PlanOptions) -> int:
    road = options.road_limit_g.get(route, {}).get(ct.code)
    return ct.max_payload_g if road is None else min(ct.max_payload_g, road)


def engine_container(ct: ContainerType, route: Route, options: PlanOptions) -> opt.Container:
    return opt.Container(
        ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm, payload_limit(ct, route, options)
    )


def engine_params(options: PlanOptions) -> opt.SolveParams:
    # even_tops off: the level-top term helps a knapsack fill (BR, +0.3 with support) but costs
    # whole-buyer proofs; on week 2 of the consolidation bench it cost USD 5,006 (+5.3 %).
    # columns off: column blocks help BR8-15 with support (+0.3 at 10 s) but are neutral on
    # real cargo (yiwu_load -0.06 at 3,000 iterations, consolidation week 1 -156 USD) and turned
    # the demo's largest shipment from 2x40GP into 40GP+40HQ (+100 USD)
    return opt.SolveParams(max_blocks=options.max_blocks, even_tops=0, columns=0)


def stop_rule(
    options: PlanOptions, scale: float = 1.0, problem: opt.Problem | None = None
) -> opt.StoppingCriterion:
    """Stop after `max_iterations` (and, with `max_work`, after `max_work / cartons` iterations
    for a problem of that many cartons: an iteration costs more on more cartons), scaled, or
    at the time limit, whichever comes first. Without the clock binding the run is the same on
    every machine."""
    cap = options.max_iterations * scale
    if options.max_work and problem is not None:
        cartons = sum(b.quantity for b in problem.box_types) or 1
        cap = min(cap, options.max_work * scale / cartons)
    return opt.FirstOf(
        opt.MaxRuntime(options.time_limit_s * scale),
        opt.MaxIterations(max(1, int(cap))),
    )


# ---------------------------------------------------------------------------------------------
# Units of assignment: lots bound together, per buyer; big buyers cut into container-sized parts


@dataclass(frozen=True)
class _Part:
    key: str  # buyer code, or "buyer#n" for a part of a buyer larger than one container
    buyer: str
    items: tuple[tuple[Lot, int], ...]  # (lot, cartons)

    @property
    def volume(self) -> int:
        return sum(lot.carton.volume_mm3 * n for lot, n in self.items)

    @property
    def weight(self) -> int:
        return sum(lot.carton.gross_g * n for lot, n in self.items)


def _units(lots: Sequence[Lot]) -> list[list[tuple[Lot, int]]]:
    units: dict[str, list[tuple[Lot, int]]] = {}
    for lot in lots:
        units.setdefault(lot.together or f"lot:{lot.lot_no}", []).append((lot, lot.cartons))
    return list(units.values())


def _parts(buyer: str, lots: Sequence[Lot], cap_mm3: int, cap_g: int) -> list[_Part]:
    total_v = sum(lot.carton.volume_mm3 * lot.cartons for lot in lots)
    total_w = sum(lot.carton.gross_g * lot.cartons for lot in lots)
    if total_v <= cap_mm3 and total_w <= cap_g:
        return [_Part(buyer, buyer, tuple((lot, lot.cartons) for lot in lots))]
    chunks: list[list[tuple[Lot, int]]] = [[]]
    v = w = 0
    for unit in _units(lots):
        for lot, n in unit:
            while n > 0:
                cv, cw = lot.carton.volume_mm3, lot.carton.gross_g
                room = min((cap_mm3 - v) // cv, (cap_g - w) // cw)
                if room <= 0 and chunks[-1]:
                    chunks.append([])
                    v = w = 0
                    continue
                take = max(1, min(n, room))
                chunks[-1].append((lot, take))
                v += take * cv
                w += take * cw
                n -= take
    return [_Part(f"{buyer}#{i}", buyer, tuple(c)) for i, c in enumerate(chunks, start=1) if c]


# ---------------------------------------------------------------------------------------------
# One container: solve, verify, convert


@dataclass
class _Box:
    ct: ContainerType
    parts: list[_Part]
    result: opt.Result | None = None
    problem: opt.Problem | None = None
    lots: list[Lot] = field(default_factory=list)

    @property
    def volume(self) -> int:
        return sum(p.volume for p in self.parts)

    @property
    def weight(self) -> int:
        return sum(p.weight for p in self.parts)


def _problem(
    ct: ContainerType,
    parts: Sequence[_Part],
    cargo: ShipmentCargo,
    options: PlanOptions,
    must: bool,
) -> tuple[opt.Problem, list[Lot]]:
    stops = dict(cargo.stops)
    counts: dict[str, int] = {}
    lots: dict[str, Lot] = {}
    for part in parts:
        for lot, n in part.items:
            counts[lot.lot_no] = counts.get(lot.lot_no, 0) + n
            lots[lot.lot_no] = lot
    order = sorted(lots, key=lambda k: (lots[k].buyer_code, k))
    boxes = tuple(
        box_type(
            lots[k],
            counts[k],
            options,
            drop=stops.get(lots[k].buyer_code, 0),
        )
        for k in order
    )
    problem = opt.Problem(
        engine_container(ct, cargo.route, options),
        boxes,
        support=options.support,
        must_load_all=must,
    )
    return problem, [lots[k] for k in order]


def _solve_box(
    ct: ContainerType,
    parts: Sequence[_Part],
    cargo: ShipmentCargo,
    options: PlanOptions,
    seed: int,
    scale: float = 1.0,
) -> tuple[opt.Result, opt.Problem, list[Lot]]:
    problem, lots = _problem(ct, parts, cargo, options, True)
    res = opt.solve(
        problem, stop_rule(options, scale, problem), seed=seed, params=engine_params(options)
    )
    if res.unplaced and res.plan.placements:
        res = _complete_at_door(problem, res, options, seed) or res
    # A near miss: run again with the cartons left over worth more (value = volume x 4 per
    # miss), so that the engine places the awkward ones first and the easy ones fill the gaps.
    boost: dict[int, int] = {}
    for k in range(1, RETRIES + 1):
        left = sum(u.count for u in res.unplaced)
        if not left or left > RETRY_LEFT or not res.plan.placements:
            break
        for u in res.unplaced:
            boost[u.box_type] = boost.get(u.box_type, 1) * 4
        valued = replace(
            problem,
            box_types=tuple(
                replace(b, value=b.volume * boost[i]) if i in boost else b
                for i, b in enumerate(problem.box_types)
            ),
        )
        res = opt.solve(
            valued,
            stop_rule(options, scale, valued),
            seed=seed + 7919 * k,
            params=engine_params(options),
        )
        if res.unplaced and res.plan.placements:
            res = _complete_at_door(valued, res, options, seed) or res
    return res, problem, lots


def _first_free(
    box: opt.BoxType,
    c: opt.Container,
    boxes: tuple[np.ndarray, ...],
    load: np.ndarray,
    cap: np.ndarray,
    rank: Callable[..., tuple[Any, ...]],
    chunk: int = 64,
) -> tuple[tuple[int, ...], tuple[int, int, int], tuple[int, int, int]] | None:
    """The free place for `box` that `rank` puts first (smallest key) among the corner points
    of the placed boxes: overlapping nothing, fully supported (or on the floor), and
    overloading no box below. Candidates are tested `chunk` at a time with NumPy, in rank
    order, so the first feasible one ends the scan of an orientation."""
    x0, y0, z0, x1, y1, z1 = boxes
    over = (load + box.weight > cap)[None, :]
    best: tuple[tuple[int, ...], tuple[int, int, int], tuple[int, int, int]] | None = None
    for dx, dy, dz in box.orientations():
        xs = np.concatenate(([0], x0, x1 - dx, x0, x1 - dx, x1, x0))
        ys = np.concatenate(([0], y0, y0, y1 - dy, y1 - dy, y0, y1))
        zs = np.concatenate(([0], z1, z1, z1, z1, z0, z0))
        inside = (
            (xs >= 0)
            & (ys >= 0)
            & (xs + dx <= c.length)
            & (ys + dy <= c.width)
            & (zs + dz <= c.height)
        )
        if not inside.any():
            continue
        # distinct points, through one integer code per point (fast 1-D unique)
        sx, sy = c.length + 1, c.width + 1
        code = np.unique((zs[inside] * sy + ys[inside]) * sx + xs[inside])
        px, py, pz = code % sx, code // sx % sy, code // (sx * sy)
        keys = [np.broadcast_to(np.asarray(k), px.shape) for k in rank(px, py, pz, dy)]
        order = np.lexsort(keys[::-1])
        for s in range(0, len(order), chunk):
            idx = order[s : s + chunk]
            if best is not None and tuple(int(k[idx[0]]) for k in keys) >= best[0]:
                break
            cx, cy, cz = px[idx][:, None], py[idx][:, None], pz[idx][:, None]
            fx = np.minimum(x1, cx + dx) - np.maximum(x0, cx)
            fy = np.minimum(y1, cy + dy) - np.maximum(y0, cy)
            foot = (fx > 0) & (fy > 0)
            bad = np.any(foot & (z0 < cz + dz) & (z1 > cz), axis=1)
            area = (np.clip(fx, 0, None) * np.clip(fy, 0, None) * (z1 == cz)).sum(axis=1)
            bad |= (cz[:, 0] > 0) & (area < dx * dy)
            bad |= np.any(foot & (z1 <= cz) & over, axis=1)
            good = np.flatnonzero(~bad)
            if len(good):
                j = idx[good[0]]
                key = tuple(int(k[j]) for k in keys)
                if best is None or key < best[0]:
                    best = (key, (int(px[j]), int(py[j]), int(pz[j])), (dx, dy, dz))
                break
    return best


def _drop_in(
    problem: opt.Problem,
    res: opt.Result,
    max_left: int = 40,
    key: Callable[[int, int, int, int], tuple[int, ...]] | None = None,
    prove: bool = True,
) -> opt.Result | None:
    """Place a few left-over cartons one by one at the lowest, deepest free corner where they
    are fully supported, overlap nothing and overload no carton below; None if one does not
    fit. The whole plan is then proven by the checker (unless `prove` is off: the caller then
    proves what it keeps). `key(x, y, z, dy)` ranks the free places instead (smallest first),
    e.g. the side of the container that is too light."""
    rank = key or (lambda x, y, z, dy: (z, x, y))

    left = [(u.box_type, u.count) for u in res.unplaced]
    if sum(n for _, n in left) > max_left:
        return None
    c = problem.container
    bt = problem.box_types
    ps = list(res.plan.placements)

    def arrays() -> tuple[np.ndarray, ...]:
        a = np.array([(p.x, p.y, p.z, p.x1, p.y1, p.z1) for p in ps], dtype=np.int64)
        return a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4], a[:, 5]

    w = np.array([bt[p.box_type].weight for p in ps], dtype=np.int64)
    cap = np.array(
        [
            0
            if not bt[p.box_type].stackable
            else (
                bt[p.box_type].max_load_on_top
                if bt[p.box_type].max_load_on_top is not None
                else 1 << 60
            )
            for p in ps
        ],
        dtype=np.int64,
    )
    x0, y0, z0, x1, y1, z1 = arrays()
    ovx = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]) > 0
    ovy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]) > 0
    above = ovx & ovy & (z0[None, :] >= z1[:, None])  # above[i, j]: j is in i's column
    load = (above * w[None, :]).sum(axis=1)
    weight = int(w.sum())
    for t, n in left:
        for _ in range(n):
            box = bt[t]
            if c.max_payload is not None and weight + box.weight > c.max_payload:
                return None
            best = _first_free(box, c, (x0, y0, z0, x1, y1, z1), load, cap, rank)
            if best is None:
                return None
            _, (x, y, z), (dx, dy, dz) = best
            q = opt.Placement(t, x, y, z, dx, dy, dz)
            fx = np.minimum(x1, x + dx) - np.maximum(x0, x)
            fy = np.minimum(y1, y + dy) - np.maximum(y0, y)
            under = (fx > 0) & (fy > 0) & (z1 <= z)
            load = load + under * box.weight
            ps.append(q)
            x0, y0, z0, x1, y1, z1 = arrays()
            w = np.append(w, box.weight)
            lim = 0 if not box.stackable else box.max_load_on_top
            cap = np.append(cap, (1 << 60) if lim is None else lim)
            load = np.append(load, 0)
            weight += box.weight
    plan = opt.Plan(tuple(ps))
    if prove and opt.check(plan, problem):
        return None
    volume = sum(q.volume for q in ps)
    return opt.Result(
        plan=plan,
        loaded_volume=volume,
        loaded_weight=weight,
        utilisation=volume / c.volume,
        weight_utilisation=None if not c.max_payload else weight / c.max_payload,
        runtime_s=res.runtime_s,
        iterations=res.iterations,
        unplaced=(),
        seed=res.seed,
    )


def _complete_at_door(
    problem: opt.Problem, res: opt.Result, options: PlanOptions, seed: int
) -> opt.Result | None:
    """The engine loads from the front wall; when a few cartons are left over, load them in
    the empty space between the last carton and the door and prove the whole with the
    checker. None when they do not fit there."""
    c = problem.container
    dropped = _drop_in(problem, res)
    if dropped is not None:
        return dropped
    x0 = max(p.x1 for p in res.plan.placements)
    if x0 >= c.length:
        return None
    left = {u.box_type: u.count for u in res.unplaced}
    order = sorted(left)
    weight = sum(problem.box_types[p.box_type].weight for p in res.plan.placements)
    payload = None if c.max_payload is None else c.max_payload - weight
    if payload is not None and payload < 0:
        return None
    sub = opt.Problem(
        opt.Container(c.length - x0, c.width, c.height, payload),
        tuple(replace(problem.box_types[t], quantity=left[t]) for t in order),
        support=problem.support,
        must_load_all=True,
        enforce_drop_order=problem.enforce_drop_order,
    )
    tail = opt.solve(sub, stop_rule(options, 0.5, sub), seed=seed, params=engine_params(options))
    if tail.unplaced:
        return None
    plan = opt.Plan(
        (
            *res.plan.placements,
            *(replace(q, box_type=order[q.box_type], x=q.x + x0) for q in tail.plan.placements),
        )
    )
    if opt.check(plan, problem):
        return None
    volume = sum(q.volume for q in plan.placements)
    loaded = weight + tail.loaded_weight
    return opt.Result(
        plan=plan,
        loaded_volume=volume,
        loaded_weight=loaded,
        utilisation=volume / c.volume,
        weight_utilisation=None if not c.max_payload else loaded / c.max_payload,
        runtime_s=res.runtime_s + tail.runtime_s,
        iterations=res.iterations + tail.iterations,
        unplaced=(),
        seed=seed,
    )


def _fits(ct: ContainerType, lot: Lot, limit_g: int) -> bool:
    c = lot.carton
    inner = (ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm)
    bt = opt.BoxType(
        "x",
        c.length_mm,
        c.width_mm,
        c.height_mm,
        allowed_vertical=(False, False, True) if lot.handling.this_side_up else (True, True, True),
    )
    return c.gross_g <= limit_g and any(
        dx <= inner[0] and dy <= inner[1] and dz <= inner[2] for dx, dy, dz in bt.orientations()
    )


def balance(
    load: ContainerLoad, ct: ContainerType, tolerance: tuple[float, float], limit_g: int
) -> Balance:
    """Centre of gravity of `load` and whether it is within `tolerance` of the centre."""
    g = sum(p.gross_g for p in load.placements) or 1
    cx = sum(p.gross_g * (2 * p.x_mm + p.length_mm) for p in load.placements) / (2 * g)
    cy = sum(p.gross_g * (2 * p.y_mm + p.width_mm) for p in load.placements) / (2 * g)
    cz = sum(p.gross_g * (2 * p.z_mm + p.height_mm) for p in load.placements) / (2 * g)
    L, W = ct.inner_length_mm, ct.inner_width_mm
    ox = (cx - L / 2) / L
    oy = (cy - W / 2) / W
    ok = abs(ox) <= tolerance[0] + 1e-9 and abs(oy) <= tolerance[1] + 1e-9
    why = (
        ""
        if ok
        else f"centre of gravity {100 * ox:+.1f} % lengthwise, {100 * oy:+.1f} % crosswise off "
        f"centre; the tolerance is {100 * tolerance[0]:.0f} % and {100 * tolerance[1]:.0f} %"
    )
    return Balance(round(cx), round(cy), round(cz), ox, oy, ok, 0, 0, limit_g, why)


def _centre_shift(
    plan: opt.Plan, problem: opt.Problem, tolerance: tuple[float, float]
) -> tuple[int, int]:
    """The smallest move of the whole load (towards the door, across) that brings its centre of
    gravity within tolerance, as far as the free space allows. Moving every carton together
    keeps every support, load and drop-order relation."""
    ps = plan.placements
    if not ps:
        return 0, 0
    c = problem.container
    w = [problem.box_types[p.box_type].weight or 1 for p in ps]
    g = sum(w)
    cx = sum(wi * (p.x + p.dx / 2) for wi, p in zip(w, ps, strict=True)) / g
    cy = sum(wi * (p.y + p.dy / 2) for wi, p in zip(w, ps, strict=True)) / g
    room_x = c.length - max(p.x1 for p in ps) - min(p.x for p in ps)
    lo_y = -min(p.y for p in ps)
    hi_y = c.width - max(p.y1 for p in ps)
    dx = 0
    target_x = c.length / 2 - tolerance[0] * c.length
    if cx < target_x:
        dx = min(room_x, int(target_x - cx + 0.999))
    dy = 0
    if cy < c.width / 2 - tolerance[1] * c.width:
        dy = min(hi_y, int(c.width / 2 - tolerance[1] * c.width - cy + 0.999))
    elif cy > c.width / 2 + tolerance[1] * c.width:
        dy = max(lo_y, -int(cy - c.width / 2 - tolerance[1] * c.width + 0.999))
    return max(0, dx), dy


def _offsets(plan: opt.Plan, problem: opt.Problem) -> tuple[float, float]:
    ps = plan.placements
    c = problem.container
    w = [problem.box_types[p.box_type].weight or 1 for p in ps]
    g = sum(w) or 1
    cx = sum(wi * (p.x + p.dx / 2) for wi, p in zip(w, ps, strict=True)) / g
    cy = sum(wi * (p.y + p.dy / 2) for wi, p in zip(w, ps, strict=True)) / g
    return (cx - c.length / 2) / c.length, (cy - c.width / 2) / c.width


def _imbalance(plan: opt.Plan, problem: opt.Problem) -> float:
    """How far the load's centre of gravity can at best be brought off the centre."""
    dx, dy = _centre_shift(plan, problem, (0.0, 0.0))
    ox, oy = _offsets(_shifted(plan, dx, dy), problem)
    return max(abs(ox), 2 * abs(oy))


def _balanced(plan: opt.Plan, problem: opt.Problem, tolerance: tuple[float, float]) -> bool:
    dx, dy = _centre_shift(plan, problem, tolerance)
    ox, oy = _offsets(_shifted(plan, dx, dy), problem)
    return abs(ox) <= tolerance[0] + 1e-9 and abs(oy) <= tolerance[1] + 1e-9


def _mirror_slabs(plan: opt.Plan, problem: opt.Problem) -> opt.Plan:
    """Bring the load's centre of gravity towards the long axis by mirroring whole *slabs*
    across it. A slab is a run of cartons along the container whose length intervals overlap
    one another and no carton outside the slab; mirroring a slab in y keeps every support,
    column load and loading-order relation (cartons of different slabs never overlap in
    plan view). Signs are chosen greedily, heaviest moment first; the plan is returned
    unchanged when mirroring does not help or the checker objects (drop order)."""
    ps = plan.placements
    if len(ps) < 2:
        return plan
    c = problem.container
    order = sorted(range(len(ps)), key=lambda i: ps[i].x)
    slabs: list[list[int]] = []
    end = -1
    for i in order:
        if ps[i].x >= end:
            slabs.append([])
        slabs[-1].append(i)
        end = max(end, ps[i].x1)
    if len(slabs) < 2:
        return plan
    w = [problem.box_types[p.box_type].weight or 1 for p in ps]
    moments = [sum(w[i] * (2 * ps[i].y + ps[i].dy - c.width) for i in s) for s in slabs]
    now = sum(moments)
    flip: set[int] = set()
    if len(slabs) <= 12:
        # Exact: every choice of slabs to mirror (the first slab stays, by symmetry).
        best = (abs(now), 0)
        for mask in range(1, 1 << (len(slabs) - 1)):
            t = (
                sum(-m if mask >> (k - 1) & 1 else m for k, m in enumerate(moments) if k)
                + moments[0]
            )
            if abs(t) < best[0]:
                best = (abs(t), mask)
        flip = {k for k in range(1, len(slabs)) if best[1] >> (k - 1) & 1}
        total = now - 2 * sum(moments[k] for k in flip)
    else:
        total = 0
        for k in sorted(range(len(slabs)), key=lambda k: (-abs(moments[k]), k)):
            m = moments[k]
            if abs(total - m) < abs(total + m):
                flip.add(k)
                total -= m
            else:
                total += m
    if not flip or abs(total) >= abs(now):
        return plan
    mirrored = set(i for k in flip for i in slabs[k])
    out = opt.Plan(
        tuple(replace(p, y=c.width - p.y - p.dy) if i in mirrored else p for i, p in enumerate(ps))
    )
    return plan if opt.check(out, problem) else out


def _loading_order(ps: Sequence[opt.Placement]) -> tuple[opt.Placement, ...]:
    """Supporters first (every carton after every carton below it in its column), ties by
    (x, z, y): the deep end first, bottom up."""
    import heapq

    n = len(ps)
    a = np.array([(p.x, p.y, p.z, p.x1, p.y1, p.z1) for p in ps], dtype=np.int64)
    x0, y0, z0, x1, y1, z1 = (a[:, k] for k in range(6))
    ovx = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]) > 0
    ovy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]) > 0
    below = ovx & ovy & (z1[:, None] <= z0[None, :])  # below[j, i]: j first
    indeg = below.sum(axis=0)
    heap = [(int(x0[i]), int(z0[i]), int(y0[i]), i) for i in range(n) if indeg[i] == 0]
    heapq.heapify(heap)
    out: list[opt.Placement] = []
    while heap:
        *_, j = heapq.heappop(heap)
        out.append(ps[j])
        for i in np.nonzero(below[j])[0].tolist():
            indeg[i] -= 1
            if indeg[i] == 0:
                heapq.heappush(heap, (int(x0[i]), int(z0[i]), int(y0[i]), i))
    return tuple(out)


def _mirror_part(
    plan: opt.Plan, problem: opt.Problem, tolerance: tuple[float, float], tries: int = 4
) -> opt.Plan:
    """When the load is out of balance crosswise: pick a segment of the length between two cuts
    across the container (at cartons' front faces, or the door end) and mirror every carton in
    it across the long axis. Cartons that straddle a cut, and any that then lose their support,
    are taken out and placed again one by one on free, fully supported places (`_drop_in`).
    Segments with few straddling cartons that bring the centre of gravity within 80 % of the
    tolerance are tried first (at most `tries`); the first result the checker accepts and that
    is within tolerance (after the centre shift) is returned, re-ordered for loading;
    otherwise `plan`."""
    ps = plan.placements
    c = problem.container
    if len(ps) < 2:
        return plan
    w = np.array([problem.box_types[p.box_type].weight or 1 for p in ps], dtype=np.float64)
    xs = np.array([p.x for p in ps], dtype=np.int64)
    x1s = np.array([p.x1 for p in ps], dtype=np.int64)
    m = w * np.array([2 * p.y + p.dy - c.width for p in ps], dtype=np.float64)
    total = float(m.sum())
    limit = 2 * tolerance[1] * c.width * float(w.sum())
    if abs(total) <= limit:
        return plan
    starts = sorted({p.x for p in ps if p.x > 0} | {0})
    ends = sorted({p.x for p in ps if p.x > 0} | {c.length})
    straddle = {k: int(((xs < k) & (k < x1s)).sum()) for k in set(starts) | set(ends)}
    cands: list[tuple[int, float, int, int]] = []
    order = np.argsort(xs, kind="stable")
    sx = xs[order]
    st = np.array(starts, dtype=np.int64)
    s_straddle = np.array([straddle[a] for a in starts], dtype=np.int64)
    first = np.searchsorted(sx, st, side="left")  # the first carton (by x) with x >= a
    for b in ends:
        if straddle[b] > 30:
            continue
        # moment of the cartons that end by b, from each carton (by x) to the last
        mb = np.where(x1s <= b, m, 0.0)[order]
        suffix = np.concatenate((np.cumsum(mb[::-1])[::-1], [0.0]))
        after = np.abs(total - 2 * suffix[first])
        n = s_straddle + straddle[b]
        ok = (st < b) & (n <= 30) & (after <= 0.8 * limit)
        if b == c.length:
            ok &= st > 0
        for k in np.nonzero(ok)[0].tolist():
            cands.append((int(n[k]), float(after[k]), starts[k], b))
    for _, _, a, b in sorted(cands)[:tries]:
        cut = [p.x < a < p.x1 or p.x < b < p.x1 for p in ps]
        keep = [
            replace(p, y=c.width - p.y - p.dy) if a <= p.x and p.x1 <= b else p
            for p, off in zip(ps, cut, strict=True)
            if not off
        ]
        out = [p for p, off in zip(ps, cut, strict=True) if off]
        stable, lost = _settle(keep)
        left: dict[int, int] = {}
        for p in (*out, *lost):
            left[p.box_type] = left.get(p.box_type, 0) + 1
        if not stable:
            continue
        ask = opt.Result(
            opt.Plan(tuple(stable)),
            0,
            0,
            0.0,
            None,
            0.0,
            0,
            tuple(opt.Unplaced(t, n, "mirror") for t, n in sorted(left.items())),
            0,
        )
        done = _drop_in(problem, ask, max_left=60, prove=False) if left else None
        trial = done.plan if done is not None else (None if left else opt.Plan(tuple(stable)))
        if trial is None:
            continue
        trial = opt.Plan(_loading_order(trial.placements))
        if _balanced(trial, problem, tolerance) and not opt.check(trial, problem):
            return trial
    return plan


def _free_tops(ps: Sequence[opt.Placement]) -> list[int]:
    """Indices of the cartons nothing stands on."""
    a = np.array([(p.x, p.y, p.z, p.x1, p.y1, p.z1) for p in ps], dtype=np.int64)
    x0, y0, z0, x1, y1, z1 = (a[:, k] for k in range(6))
    ovx = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]) > 0
    ovy = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]) > 0
    carries = (ovx & ovy & (z0[None, :] == z1[:, None])).any(axis=1)
    return [int(i) for i in np.nonzero(~carries)[0]]


def _toward_low_y(x: int, y: int, z: int, dy: int) -> tuple[int, ...]:
    return (y, z, x)


def _toward_high_y(width: int) -> Callable[[int, int, int, int], tuple[int, ...]]:
    def key(x: int, y: int, z: int, dy: int) -> tuple[int, ...]:
        return (width - y - dy, z, x)

    return key


def _nudge(
    plan: opt.Plan, problem: opt.Problem, tolerance: tuple[float, float], moves: int = 40
) -> opt.Plan:
    """Bring the centre of gravity within tolerance crosswise by moving single cartons that
    carry nothing from the heavy side to the free, fully supported place nearest the light
    side wall (`_drop_in`, so no overlap, full support, no carton below overloaded), heaviest
    moment gain first, one at a time while it is still out crosswise (at most `moves`). The
    result is kept when it is better crosswise and no worse lengthwise than the tolerance
    allows; it is re-ordered for loading and proven by the checker once (drop order
    included); `plan` unchanged when no move helps or the checker objects."""
    c = problem.container
    bt = problem.box_types

    def offsets(p: opt.Plan) -> tuple[float, float]:  # after the shift off the walls
        dx, dy = _centre_shift(p, problem, tolerance)
        return _offsets(_shifted(p, dx, dy), problem)

    ox0, oy0 = offsets(plan)
    if abs(oy0) <= tolerance[1] + 1e-9:
        return plan  # out lengthwise only: moving cartons across would not help
    cur = plan
    tried: set[tuple[int, int, int, int]] = set()
    for _ in range(moves):
        oy = offsets(cur)[1]
        if abs(oy) <= tolerance[1] + 1e-9:
            break
        ps = list(cur.placements)
        side = 1 if oy > 0 else -1  # +1: too heavy at high y, so place at low y

        # moment won by taking a carton off the heavy side (twice its offset x weight)
        gain = {
            i: side * (2 * ps[i].y + ps[i].dy - c.width) * (bt[ps[i].box_type].weight or 1)
            for i in _free_tops(ps)
            if (ps[i].x, ps[i].y, ps[i].z, ps[i].box_type) not in tried
        }
        cands = sorted((-g, i) for i, g in gain.items() if g > 0)
        if not cands:
            break
        moved = None
        toward = _toward_low_y if side > 0 else _toward_high_y(c.width)
        for _, i in cands[:4]:
            p = ps[i]
            tried.add((p.x, p.y, p.z, p.box_type))
            rest = ps[:i] + ps[i + 1 :]
            ask = opt.Result(
                opt.Plan(tuple(rest)),
                0,
                0,
                0.0,
                None,
                0.0,
                0,
                (opt.Unplaced(p.box_type, 1, "balance"),),
                0,
            )

            done = _drop_in(problem, ask, max_left=1, key=toward, prove=False)
            if done is None:
                continue
            q = done.plan.placements[-1]
            if side * (2 * q.y + q.dy - c.width) >= side * (2 * p.y + p.dy - c.width):
                continue
            moved = done.plan  # not overlapping, supported, no carton below overloaded
            break
        if moved is None:
            break
        cur = moved
    if cur is plan:
        return plan
    ox1, oy1 = offsets(cur)
    if abs(oy1) >= abs(oy0) or abs(ox1) > max(abs(ox0), tolerance[0]) + 1e-9:
        return plan  # no better crosswise, or worse lengthwise than the tolerance allows
    # One proof for all the moves (the checker is the expensive part); drop order can object.
    ordered = opt.Plan(_loading_order(cur.placements))
    return plan if opt.check(ordered, problem) else ordered


def _rebalanced(plan: opt.Plan, problem: opt.Problem, tol: tuple[float, float]) -> opt.Plan:
    """The load-preserving moves while the load is still out of tolerance: mirror slabs
    (free), then move single cartons across (cheap, small corrections), else mirror a segment
    of the slab-mirrored plan; the first result in tolerance, else the better balanced."""
    if _balanced(plan, problem, tol):
        return plan
    plan = _mirror_slabs(plan, problem)
    if _balanced(plan, problem, tol):
        return plan
    nudged = _nudge(plan, problem, tol)
    if _balanced(nudged, problem, tol):
        return nudged
    part = _mirror_part(plan, problem, tol)  # returns only a plan in tolerance, or `plan`
    if part is not plan:
        return part
    return min((plan, nudged), key=lambda p: _imbalance(p, problem))


def _balance_plan(
    plan: opt.Plan, problem: opt.Problem, options: PlanOptions, seq: int
) -> tuple[opt.Plan, int, int]:
    """Bring a proven plan's centre of gravity within tolerance: the load-preserving moves
    (`_rebalanced`), then up to BALANCE_RUNS engine runs with other seeds (each rebalanced,
    the best kept), then the whole load moved off the front / side wall. Returns the plan and
    the shift; every plan returned is proven by the checker."""
    tol = options.cog_tolerance
    plan = _rebalanced(plan, problem, tol)
    for k in range(BALANCE_RUNS):
        if _balanced(plan, problem, tol):
            break
        # Still out: another engine run with another seed; keep the better one.
        alt = opt.solve(
            problem,
            stop_rule(options, 0.5, problem),
            seed=options.seed + 1000 * (k + 1) + seq,
            params=engine_params(options),
        )
        if not alt.unplaced and not opt.check(alt.plan, problem):
            alt_plan = _rebalanced(alt.plan, problem, tol)
            if _imbalance(alt_plan, problem) < _imbalance(plan, problem):
                plan = alt_plan
    dx, dy = _centre_shift(plan, problem, tol)
    moved = _shifted(plan, dx, dy)
    if (dx or dy) and not opt.check(moved, problem):
        return moved, dx, dy
    return plan, 0, 0


def _shifted(plan: opt.Plan, dx: int, dy: int) -> opt.Plan:
    if dx == 0 and dy == 0:
        return plan
    return opt.Plan(tuple(replace(p, x=p.x + dx, y=p.y + dy) for p in plan.placements))


def to_load(
    shipment_ref: str,
    seq: int,
    ct: ContainerType,
    plan: opt.Plan,
    lots: Sequence[Lot],
    next_carton: dict[str, int],
    limit_g: int,
) -> ContainerLoad:
    placements: list[CartonPlacement] = []
    for step, p in enumerate(plan.placements, start=1):
        lot = lots[p.box_type]
        n = next_carton.get(lot.lot_no, 1)
        next_carton[lot.lot_no] = n + 1
        placements.append(
            CartonPlacement(
                carton_id=f"{lot.lot_no}-{n:03d}",
                lot_no=lot.lot_no,
                order_line_ref=lot.order_line_ref,
                merchant_code=lot.merchant_code,
                buyer_code=lot.buyer_code,
                x_mm=p.x,
                y_mm=p.y,
                z_mm=p.z,
                length_mm=p.dx,
                width_mm=p.dy,
                height_mm=p.dz,
                orientation=_orientation(p, lot),
                gross_g=lot.carton.gross_g,
                step=step,
            )
        )
    return ContainerLoad(shipment_ref, seq, ct.code, tuple(placements), ct.volume_mm3, limit_g)


def cost_shares(
    load: ContainerLoad, freight: Money, tariff: LclTariff | None
) -> tuple[CostShare, ...]:
    """The container's freight split among its buyers by chargeable revenue tons."""
    t = tariff or LclTariff(Decimal(0), freight.currency)
    vol: dict[str, int] = {}
    wt: dict[str, int] = {}
    for p in load.placements:
        vol[p.buyer_code] = vol.get(p.buyer_code, 0) + p.length_mm * p.width_mm * p.height_mm
        wt[p.buyer_code] = wt.get(p.buyer_code, 0) + p.gross_g
    if not vol:
        return ()
    rt = {b: t.revenue_tons(vol[b], wt[b]) for b in vol}
    amounts = allocate(freight.rounded(), rt)
    return tuple(CostShare(b, rt[b], amounts[b]) for b in sorted(rt))


# ---------------------------------------------------------------------------------------------
# The shipment


def _types(options: PlanOptions) -> list[ContainerType]:
    types = sorted(
        (t for t in options.container_types if t.code in options.allowed),
        key=lambda t: t.volume_mm3,
    )
    if not types:
        raise ValueError(f"no container type allowed among {options.allowed}")
    return types


def _equipment(
    cargo: ShipmentCargo, options: PlanOptions, types: Sequence[ContainerType]
) -> list[Equipment]:
    out = []
    for ct in types:
        try:
            rate = options.rates.rate(cargo.route, ct.code).amount
        except KeyError:
            continue
        out.append(
            Equipment(
                ct.code,
                ct.volume_mm3,
                int(ct.volume_mm3 * options.fill),
                payload_limit(ct, cargo.route, options),
                rate,
            )
        )
    return out


def plan_cargo(cargo: ShipmentCargo, options: PlanOptions) -> PlannedShipment:
    """Book the cheapest container mix and LCL the engine can prove (see the module docstring).

    Every carton received ends up exactly once in a container, in an LCL consignment, or in
    `plan.unplaced` with a reason. Every container plan is verified by the independent checker
    (`InvalidPlan` otherwise). Deterministic for a given seed when the iteration cap, not the
    clock, ends the engine's runs."""
    types = _types(options)
    equipment = _equipment(cargo, options, types)
    eq_codes = {e.code for e in equipment}
    types = [t for t in types if t.code in eq_codes]
    if not types:
        raise KeyError(f"no freight rate on route {cargo.route.value} for {options.allowed}")
    currency = options.rates.currency
    tariff = options.lcl.tariff(cargo.route) if options.allow_lcl else None
    if tariff is not None and tariff.currency != currency:
        raise ValueError("LCL tariff and container rates must be in the same currency")
    unplaced: list[UnplacedLot] = list(cargo.not_received)
    biggest = max(types, key=lambda t: t.volume_mm3)
    lots_by_buyer: dict[str, list[Lot]] = {}
    for lot in cargo.lots:
        if lot.cartons <= 0:
            continue
        if not any(_fits(t, lot, payload_limit(t, cargo.route, options)) for t in types):
            unplaced.append(
                UnplacedLot(lot.lot_no, lot.cartons, "does not fit any allowed container")
            )
            continue
        lots_by_buyer.setdefault(lot.buyer_code, []).append(lot)

    def vol(lots: Sequence[Lot]) -> int:
        return sum(lot.carton.volume_mm3 * lot.cartons for lot in lots)

    def wt(lots: Sequence[Lot]) -> int:
        return sum(lot.carton.gross_g * lot.cartons for lot in lots)

    def lcl_charge(lots: Sequence[Lot]) -> Decimal | None:
        if tariff is None or not options.lcl.accepts(cargo.route, vol(lots)):
            return None
        return tariff.charge(vol(lots), wt(lots)).amount

    consignments = [
        Consignment(b, vol(lots), wt(lots), lcl_charge(lots)) for b, lots in lots_by_buyer.items()
    ]
    choice = choose_lcl(consignments, equipment)
    lcl_buyers = set(choice.lcl)
    # buyer -> (lot, cartons) shipped LCL: whole house bills, or the rest of a split one
    lcl_items: dict[str, list[tuple[Lot, int]]] = {
        b: [(lot, lot.cartons) for lot in lots_by_buyer[b]] for b in choice.lcl
    }
    cap_v = int(biggest.volume_mm3 * options.fill)
    cap_g = payload_limit(biggest, cargo.route, options)
    parts: list[_Part] = []
    for b in sorted(lots_by_buyer):
        if b not in lcl_buyers:
            parts.extend(_parts(b, lots_by_buyer[b], cap_v, cap_g))

    boxes = _realise(cargo, options, parts, types, tariff, lcl_items)

    loads: list[ContainerLoad] = []
    balances: list[Balance] = []
    freights: list[Money] = []
    shares: list[tuple[CostShare, ...]] = []
    next_carton: dict[str, int] = {}
    for seq, box in enumerate(boxes, start=1):
        assert box.result is not None and box.problem is not None
        plan = box.result.plan
        violations = opt.check(plan, box.problem)
        if violations:
            raise InvalidPlan(f"{cargo.shipment_ref}: {violations[0].message}")
        proven = plan
        plan, dx, dy = _balance_plan(plan, box.problem, options, seq)
        if not _balanced(plan, box.problem, options.cog_tolerance):
            other = _balanced_elsewhere(box, cargo, options, types, seq)
            if other is not None:
                box, plan, dx, dy = other
        assert box.problem is not None
        # Every balancing step proves what it returns; a changed plan is proven once more here.
        violations = [] if plan is proven else opt.check(plan, box.problem)
        if violations:
            raise InvalidPlan(f"{cargo.shipment_ref}: {violations[0].message}")
        limit = payload_limit(box.ct, cargo.route, options)
        load = to_load(cargo.shipment_ref, seq, box.ct, plan, box.lots, next_carton, limit)
        loads.append(load)
        bal = balance(load, box.ct, options.cog_tolerance, limit)
        balances.append(
            replace(
                bal,
                shift_x_mm=dx,
                shift_y_mm=dy,
                reason=""
                if bal.within_tolerance
                else imbalance_reason(bal.offset_length, bal.offset_width),
            )
        )
        fr = options.rates.rate(cargo.route, box.ct.code)
        freights.append(fr)
        shares.append(cost_shares(load, fr, tariff))

    lcl: list[LclConsignment] = []
    if tariff is not None:
        for b in sorted(lcl_items):
            merged: dict[str, int] = {}
            for lot, n in lcl_items[b]:
                merged[lot.lot_no] = merged.get(lot.lot_no, 0) + n
            by_no = {lot.lot_no: lot for lot in lots_by_buyer[b]}
            v = sum(by_no[k].carton.volume_mm3 * n for k, n in merged.items())
            w = sum(by_no[k].carton.gross_g * n for k, n in merged.items())
            lcl.append(
                LclConsignment(
                    b,
                    tuple(sorted(merged.items())),
                    v,
                    w,
                    tariff.chargeable(v, w),
                    tariff.charge(v, w),
                )
            )
    total = sum(freights, Money(Decimal(0), currency)) + sum(
        (c.charge for c in lcl), Money(Decimal(0), currency)
    )
    bound = Money(lower_bound(consignments, equipment), currency)
    plan_out = ShipmentPlan(cargo.shipment_ref, tuple(loads), tuple(unplaced))
    return PlannedShipment(
        plan_out,
        total,
        tuple(freights),
        tuple(lcl),
        tuple(balances),
        tuple(shares),
        bound,
    )


def _balanced_elsewhere(
    box: _Box,
    cargo: ShipmentCargo,
    options: PlanOptions,
    types: Sequence[ContainerType],
    seq: int,
    tries: int = 2,
) -> tuple[_Box, opt.Plan, int, int] | None:
    """A container whose load stays out of tolerance: the same house bills proven in another
    type (cheapest first, at most `tries`; a dearer one only when no other is in tolerance)
    and balanced there. None when none is proven within tolerance."""
    weight = box.weight
    others = sorted(
        (
            t
            for t in types
            if t.code != box.ct.code and payload_limit(t, cargo.route, options) >= weight
        ),
        key=lambda t: (options.rates.rate(cargo.route, t.code).amount, t.volume_mm3),
    )
    for ct in others[:tries]:
        res, problem, lots = _solve_box(ct, box.parts, cargo, options, options.seed + 31 * seq)
        if res.unplaced or opt.check(res.plan, problem):
            continue
        plan, dx, dy = _balance_plan(res.plan, problem, options, seq)
        if _balanced(plan, problem, options.cog_tolerance):
            return _Box(ct, box.parts, res, problem, lots), plan, dx, dy
    return None


def _realise(
    cargo: ShipmentCargo,
    options: PlanOptions,
    parts: list[_Part],
    types: list[ContainerType],
    tariff: LclTariff | None,
    lcl_items: dict[str, list[tuple[Lot, int]]],
) -> list[_Box]:
    """Load the FCL parts container by container: when the rest fits (by estimate) in one
    container, the cheapest such container is proven with `must_load_all`; otherwise the
    largest container is filled as a knapsack, the parts it loaded whole are kept (and proven
    again on their own) and the rest goes on. Every proof that misses a few cartons is retried
    with those cartons valued higher (`_solve_box`). Then pairs of containers are offered one
    cheaper container together (`_merge`) or a cheaper pair of types with their house bills
    dealt out afresh (`_repack`), each container is offered a cheaper type for its
    measured load, or for all but its smallest house bill, which goes LCL (`_downsize`), and a
    container whose buyers pay less LCL than it costs goes LCL."""
    route = cargo.route
    seed = options.seed

    def rate(ct: ContainerType) -> Decimal:
        return options.rates.rate(route, ct.code).amount

    def usable(ct: ContainerType) -> float:
        return ct.volume_mm3 * options.fill

    largest = max(types, key=lambda t: (t.volume_mm3, -rate(t)))
    pending = sorted(parts, key=lambda p: (-p.volume, p.key))
    boxes: list[_Box] = []
    while pending:
        v = sum(p.volume for p in pending)
        w = sum(p.weight for p in pending)
        one = sorted(
            (t for t in types if v <= usable(t) and w <= payload_limit(t, route, options)),
            key=lambda t: (rate(t), t.volume_mm3),
        )
        box: _Box | None = None
        for t in one[:2]:
            res, problem, lots = _solve_box(t, pending, cargo, options, seed)
            seed += 1
            if not res.unplaced:
                box = _Box(t, list(pending), res, problem, lots)
                break
        if box is None:
            box = _fill_one(cargo, options, largest, pending, seed)
            seed += 2 * len(pending) + 4
        if box is None:
            # The largest part alone does not load: cut it where the engine stopped.
            part = pending[0]
            knap, _ = _problem(largest, [part], cargo, options, False)
            res = opt.solve(
                knap, stop_rule(options, 1.0, knap), seed=seed, params=engine_params(options)
            )
            seed += 1
            placed: dict[str, int] = {}
            for q in res.plan.placements:
                k = knap.box_types[q.box_type].id
                placed[k] = placed.get(k, 0) + 1
            got = tuple(
                (lot, min(n, placed[lot.lot_no])) for lot, n in part.items if placed.get(lot.lot_no)
            )
            if not got:
                raise InvalidPlan(f"{cargo.shipment_ref}: the engine cannot load {part.key}")
            got_part = _Part(part.key + "a", part.buyer, got)
            problem, lots = _problem(largest, [got_part], cargo, options, True)
            # The knapsack's own layout is a plan for exactly these cartons.
            index = {b.id: i for i, b in enumerate(problem.box_types)}
            plan = opt.Plan(
                tuple(
                    replace(q, box_type=index[knap.box_types[q.box_type].id])
                    for q in res.plan.placements
                )
            )
            if opt.check(plan, problem):
                raise InvalidPlan(f"{cargo.shipment_ref}: the engine cannot reload {part.key}")
            res = replace(res, plan=plan, unplaced=())
            taken = {lot.lot_no: n for lot, n in got}
            rest = tuple(
                (lot, n - taken.get(lot.lot_no, 0))
                for lot, n in part.items
                if n > taken.get(lot.lot_no, 0)
            )
            box = _Box(largest, [got_part], res, problem, lots)
            pending = pending[1:] + ([_Part(part.key + "b", part.buyer, rest)] if rest else [])
        else:
            pending = [p for p in pending if p not in box.parts]
        boxes.append(box)
        pending.sort(key=lambda p: (-p.volume, p.key))
    boxes, seed = _merge(cargo, options, boxes, types, seed)
    boxes, seed = _repack(cargo, options, boxes, types, seed)
    boxes = _downsize(cargo, options, boxes, types, seed, tariff, lcl_items)
    if tariff is not None:
        # A container whose buyers would pay less LCL than the container (as downsized)
        # costs goes LCL.
        kept = []
        for box in boxes:
            ok = True
            charge = Decimal(0)
            for p in box.parts:
                if not options.lcl.accepts(route, p.volume):
                    ok = False
                charge += tariff.charge(p.volume, p.weight).amount
            if ok and charge < rate(box.ct):
                for p in box.parts:
                    lcl_items.setdefault(p.buyer, []).extend(p.items)
            else:
                kept.append(box)
        boxes = kept
    return boxes


def _fill_one(
    cargo: ShipmentCargo,
    options: PlanOptions,
    ct: ContainerType,
    pending: list[_Part],
    seed: int,
) -> _Box | None:
    """Fill one container with whole parts, largest first: parts are added without an engine
    run up to `SAFE_FILL` of the volume, then one at a time, each addition proven by the engine
    (must load all), up to `MAX_FILL`; two failed additions end the container."""
    route = cargo.route
    limit = payload_limit(ct, route, options)
    chosen: list[_Part] = []
    v = w = 0
    for part in pending:
        if v + part.volume <= SAFE_FILL * ct.volume_mm3 and w + part.weight <= limit:
            chosen.append(part)
            v += part.volume
            w += part.weight
    best: _Box | None = None
    while chosen:
        res, problem, lots = _solve_box(ct, chosen, cargo, options, seed)
        seed += 1
        if not res.unplaced:
            best = _Box(ct, list(chosen), res, problem, lots)
            break
        chosen = chosen[:-1]
        v = sum(p.volume for p in chosen)
        w = sum(p.weight for p in chosen)
    if best is None and not chosen:
        # Even the first part was over SAFE_FILL (or failed): try the largest alone.
        res, problem, lots = _solve_box(ct, pending[:1], cargo, options, seed)
        seed += 1
        if res.unplaced:
            return None
        best = _Box(ct, list(pending[:1]), res, problem, lots)
        chosen = list(pending[:1])
        v, w = best.volume, best.weight
    failures = 0
    for part in pending:
        if part in chosen or failures >= 2:
            continue
        if v + part.volume > MAX_FILL * ct.volume_mm3 or w + part.weight > limit:
            continue
        trial = [*chosen, part]
        res, problem, lots = _solve_box(ct, trial, cargo, options, seed)
        seed += 1
        if res.unplaced:
            failures += 1
            continue
        chosen = trial
        v += part.volume
        w += part.weight
        best = _Box(ct, list(trial), res, problem, lots)
    return best


def _merge(
    cargo: ShipmentCargo,
    options: PlanOptions,
    boxes: list[_Box],
    types: list[ContainerType],
    seed: int,
) -> tuple[list[_Box], int]:
    """Offer pairs of containers one cheaper container together: the pairs whose measured
    loads would fill it least first, at most `MERGE_TRIES` engine proofs, each only when the
    two loads together are at most `MERGE_FILL` of the new container's volume."""
    route = cargo.route

    def rate(ct: ContainerType) -> Decimal:
        return options.rates.rate(route, ct.code).amount

    failed: set[tuple[tuple[str, ...], str]] = set()
    for _ in range(MERGE_TRIES):
        cands: list[tuple[float, Decimal, int, int, ContainerType]] = []
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                b = boxes[j]
                v, w = a.volume + b.volume, a.weight + b.weight
                keys = tuple(sorted(p.key for p in a.parts + b.parts))
                for t in types:
                    saving = rate(a.ct) + rate(b.ct) - rate(t)
                    if (
                        saving > 0
                        and v <= MERGE_FILL * t.volume_mm3
                        and w <= payload_limit(t, route, options)
                        and (keys, t.code) not in failed
                    ):
                        cands.append((v / t.volume_mm3, -saving, i, j, t))
        if not cands:
            break
        _, _, i, j, t = min(cands, key=lambda c: (c[0], c[1], c[2], c[3], c[4].code))
        a, b = boxes[i], boxes[j]
        res, problem, lots = _solve_box(t, a.parts + b.parts, cargo, options, seed)
        seed += 1
        if res.unplaced:
            failed.add((tuple(sorted(p.key for p in a.parts + b.parts)), t.code))
            continue
        merged = _Box(t, a.parts + b.parts, res, problem, lots)
        boxes = [x for k, x in enumerate(boxes) if k not in (i, j)] + [merged]
    return boxes, seed


def _repack(
    cargo: ShipmentCargo,
    options: PlanOptions,
    boxes: list[_Box],
    types: list[ContainerType],
    seed: int,
) -> tuple[list[_Box], int]:
    """Offer pairs of containers a cheaper pair of types: their house bills are dealt out
    afresh, largest first, each to the container it fills least (relative to its volume), and
    both new containers are proven. Pairs whose measured loads fill the new pair least are
    tried first, at most `REPACK_TRIES` pairs, each only up to `REPACK_FILL` of the new pair's
    volume."""
    route = cargo.route

    def rate(ct: ContainerType) -> Decimal:
        return options.rates.rate(route, ct.code).amount

    failed: set[tuple[tuple[str, ...], str, str]] = set()
    for _ in range(REPACK_TRIES):
        cands: list[tuple[float, Decimal, int, int, ContainerType, ContainerType]] = []
        for i, a in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                b = boxes[j]
                v, w = a.volume + b.volume, a.weight + b.weight
                keys = tuple(sorted(p.key for p in a.parts + b.parts))
                now = rate(a.ct) + rate(b.ct)
                for k, t1 in enumerate(types):
                    for t2 in types[: k + 1]:
                        cap = t1.volume_mm3 + t2.volume_mm3
                        pay = payload_limit(t1, route, options) + payload_limit(t2, route, options)
                        if (
                            rate(t1) + rate(t2) < now
                            and v <= REPACK_FILL * cap
                            and w <= pay
                            and (keys, t1.code, t2.code) not in failed
                        ):
                            cands.append((v / cap, rate(t1) + rate(t2) - now, i, j, t1, t2))
        if not cands:
            break
        _, _, i, j, t1, t2 = min(
            cands, key=lambda c: (c[0], c[1], c[2], c[3], c[4].code, c[5].code)
        )
        a, b = boxes[i], boxes[j]
        parts = sorted(a.parts + b.parts, key=lambda p: (-p.volume, p.key))
        keys = tuple(sorted(p.key for p in parts))
        side: list[list[_Part]] = [[], []]
        cts = (t1, t2)
        for p in parts:
            fits = [
                s
                for s in (0, 1)
                if sum(q.weight for q in side[s]) + p.weight
                <= payload_limit(cts[s], route, options)
            ]
            if not fits:
                break
            s = min(
                fits, key=lambda s: (sum(q.volume for q in side[s]) + p.volume) / cts[s].volume_mm3
            )
            side[s].append(p)
        new: list[_Box] = []
        if sum(len(x) for x in side) == len(parts) and all(side):
            for s in (0, 1):
                res, problem, lots = _solve_box(cts[s], side[s], cargo, options, seed)
                seed += 1
                if res.unplaced:
                    break
                new.append(_Box(cts[s], side[s], res, problem, lots))
        if len(new) < 2:
            failed.add((keys, t1.code, t2.code))
            continue
        boxes = [x for k, x in enumerate(boxes) if k not in (i, j)] + new
    return boxes, seed


def _downsize(
    cargo: ShipmentCargo,
    options: PlanOptions,
    boxes: list[_Box],
    types: list[ContainerType],
    seed: int,
    tariff: LclTariff | None = None,
    lcl_items: dict[str, list[tuple[Lot, int]]] | None = None,
) -> list[_Box]:
    """Offer each container a cheaper type that still takes its measured load (at most
    `MERGE_FILL` of the cheaper type's volume) or, with LCL allowed, a cheaper type for all but
    its smallest whole house bill, which then goes LCL, when the two together cost less. At
    most `DOWNSIZE_TRIES` engine proofs per container, cheapest first."""
    route = cargo.route

    def rate(ct: ContainerType) -> Decimal:
        return options.rates.rate(route, ct.code).amount

    out = []
    for box in boxes:
        cands: list[tuple[Decimal, int, ContainerType, list[_Part], list[_Part]]] = []
        for t in types:
            if rate(t) >= rate(box.ct):
                continue
            if box.volume <= MERGE_FILL * t.volume_mm3 and box.weight <= payload_limit(
                t, route, options
            ):
                cands.append((rate(t), t.volume_mm3, t, list(box.parts), []))
            if tariff is None or lcl_items is None or len(box.parts) < 2:
                continue
            whole = [
                p for p in box.parts if p.key == p.buyer and options.lcl.accepts(route, p.volume)
            ]
            if not whole:
                continue
            q = min(whole, key=lambda p: (p.volume, p.key))
            keep = [p for p in box.parts if p is not q]
            cost = rate(t) + tariff.charge(q.volume, q.weight).amount
            if (
                cost < rate(box.ct)
                and box.volume - q.volume <= MERGE_FILL * t.volume_mm3
                and box.weight - q.weight <= payload_limit(t, route, options)
            ):
                cands.append((cost, t.volume_mm3, t, keep, [q]))
        cands.sort(key=lambda c: (c[0], c[1], len(c[4])))
        for _, _, t, keep, gone in cands[:DOWNSIZE_TRIES]:
            res, problem, lots = _solve_box(t, keep, cargo, options, seed)
            seed += 1
            if not res.unplaced:
                box = _Box(t, keep, res, problem, lots)
                if lcl_items is not None:
                    for p in gone:
                        lcl_items.setdefault(p.buyer, []).extend(p.items)
                break
        out.append(box)
    return out


def plan_many(
    cargos: Sequence[ShipmentCargo],
    options: PlanOptions,
    workers: int = 1,
    progress: Callable[[ShipmentCargo], None] | None = None,
) -> list[PlannedShipment]:
    """Plan independent shipments, in parallel processes when `workers` > 1; order kept."""
    if workers <= 1 or len(cargos) <= 1:
        out = []
        for c in cargos:
            out.append(plan_cargo(c, options))
            if progress:
                progress(c)
        return out
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Largest first so that the last worker does not start the longest shipment last.
        order = sorted(
            range(len(cargos)), key=lambda i: -sum(lot.cartons for lot in cargos[i].lots)
        )
        futures = {i: pool.submit(plan_cargo, cargos[i], options) for i in order}
        results: dict[int, PlannedShipment] = {}
        for i in order:
            results[i] = futures[i].result()
            if progress:
                progress(cargos[i])
        return [results[i] for i in range(len(cargos))]


# ---------------------------------------------------------------------------------------------
# Re-planning one container after lots are taken out (customs hold)


@dataclass(frozen=True)
class Refill:
    """One container after held lots left it. `method`: "unchanged" (nothing held in it),
    "kept" (held cartons removed, everything else stays), "refill" (cartons that lost their
    support re-placed in the free door-end space, the rest stays), "container" (the container
    loaded afresh). `moved` counts cartons whose position changed."""

    load: ContainerLoad
    method: str
    removed: int
    moved: int
    freed_mm3: int
    balance: Balance
    problem: opt.Problem
    plan: opt.Plan


def _settle(ps: list[opt.Placement]) -> tuple[list[opt.Placement], list[opt.Placement]]:
    """Split into cartons that stay fully supported and those that lost support (iterated)."""
    keep = list(ps)
    lost: list[opt.Placement] = []
    while keep:
        x0 = np.array([p.x for p in keep])
        y0 = np.array([p.y for p in keep])
        x1 = np.array([p.x1 for p in keep])
        y1 = np.array([p.y1 for p in keep])
        z0 = np.array([p.z for p in keep])
        z1 = np.array([p.z1 for p in keep])
        ox = np.clip(
            np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]), 0, None
        )
        oy = np.clip(
            np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]), 0, None
        )
        on = z1[None, :] == z0[:, None]  # on[i, j]: j's top is i's bottom
        area = (ox * oy * on).sum(axis=1)
        ok = (z0 == 0) | (area >= (x1 - x0) * (y1 - y0))
        if ok.all():
            break
        lost.extend(p for p, good in zip(keep, ok, strict=True) if not good)
        keep = [p for p, good in zip(keep, ok, strict=True) if good]
    return keep, lost


def replan_container(
    load: ContainerLoad,
    ct: ContainerType,
    cargo: ShipmentCargo,
    options: PlanOptions,
) -> Refill | None:
    """Take out of `load` every carton whose lot is no longer in `cargo` and keep the rest of
    the layout as stable as possible (see `Refill`). None when even a fresh load of this
    container cannot take its remaining cartons (the caller re-plans the shipment)."""
    lots = {lot.lot_no: lot for lot in cargo.lots}
    stops = dict(cargo.stops)
    kept = [p for p in load.placements if p.lot_no in lots]
    gone = [p for p in load.placements if p.lot_no not in lots]
    freed = sum(p.length_mm * p.width_mm * p.height_mm for p in gone)
    names = sorted({p.lot_no for p in kept})
    index = {k: i for i, k in enumerate(names)}
    counts = {k: 0 for k in names}
    for p in kept:
        counts[p.lot_no] += 1
    boxes = tuple(
        box_type(
            lots[k],
            counts[k],
            options,
            drop=stops.get(lots[k].buyer_code, 0),
        )
        for k in names
    )
    limit = payload_limit(ct, cargo.route, options)
    problem = opt.Problem(
        engine_container(ct, cargo.route, options), boxes, support=options.support
    )
    ids = {p.carton_id: p for p in kept}
    old = {
        p.carton_id: opt.Placement(
            index[p.lot_no], p.x_mm, p.y_mm, p.z_mm, p.length_mm, p.width_mm, p.height_mm
        )
        for p in kept
    }
    by_pos = {v: k for k, v in old.items()}
    method = "unchanged" if not gone else "kept"
    stable, lost = _settle(list(old.values()))
    plan: opt.Plan | None = opt.Plan(tuple(stable))
    moved: list[opt.Placement] = []
    if lost:
        method = "refill"
        x0 = max((p.x1 for p in stable), default=0)
        sub_boxes: dict[int, int] = {}
        for q0 in lost:
            sub_boxes[q0.box_type] = sub_boxes.get(q0.box_type, 0) + 1
        plan = None
        # First into the freed region: each carton at the lowest, deepest free place where it
        # is fully supported (the holes the held cartons left), the rest staying put.
        if stable:
            ask = opt.Result(
                opt.Plan(tuple(stable)),
                0,
                0,
                0.0,
                None,
                0.0,
                0,
                tuple(opt.Unplaced(t, n, "lost support") for t, n in sorted(sub_boxes.items())),
                options.seed,
            )
            filled = _drop_in(problem, ask, max_left=REFILL_MAX)
            if filled is not None:
                plan = filled.plan
                moved = list(filled.plan.placements[len(stable) :])
        if plan is None and x0 < ct.inner_length_mm:
            order = sorted(sub_boxes)
            sub = opt.Problem(
                opt.Container(
                    ct.inner_length_mm - x0,
                    ct.inner_width_mm,
                    ct.inner_height_mm,
                    limit - sum(boxes[p.box_type].weight for p in stable),
                ),
                tuple(replace(boxes[t], quantity=sub_boxes[t], group=None) for t in order),
                support=options.support,
                must_load_all=True,
            )
            res = opt.solve(
                sub,
                stop_rule(options, 0.5, sub),
                seed=options.seed,
                params=engine_params(options),
            )
            if not res.unplaced:
                moved = [
                    replace(q, box_type=order[q.box_type], x=q.x + x0) for q in res.plan.placements
                ]
                trial = opt.Plan((*stable, *moved))
                if not opt.check(trial, problem):
                    plan = trial
    if plan is None:
        method = "container"
        res = opt.solve(
            replace(problem, must_load_all=True),
            stop_rule(options, 1.0, problem),
            seed=options.seed,
            params=engine_params(options),
        )
        if res.unplaced:
            return None
        plan = res.plan
        moved = list(plan.placements)
    violations = opt.check(plan, problem)
    if violations:
        raise InvalidPlan(f"{cargo.shipment_ref}: {violations[0].message}")
    # Carton ids: kept cartons keep theirs; re-placed cartons take the free ids of their lot.
    free: dict[str, list[str]] = {}
    placed_ids: dict[opt.Placement, str] = {}
    if method == "container":
        for cid, p in ids.items():
            free.setdefault(p.lot_no, []).append(cid)
        for k in free:
            free[k].sort()
    else:
        moved_set = set(moved)
        for q in plan.placements:
            if q in by_pos and q not in moved_set:
                placed_ids[q] = by_pos[q]
        used = set(placed_ids.values())
        for cid, p in ids.items():
            if cid not in used:
                free.setdefault(p.lot_no, []).append(cid)
        for k in free:
            free[k].sort()
    out: list[CartonPlacement] = []
    n_moved = 0
    for step, q in enumerate(plan.placements, start=1):
        lot = lots[names[q.box_type]]
        cid = placed_ids.get(q) or free[lot.lot_no].pop(0)
        before = ids[cid]
        if (before.x_mm, before.y_mm, before.z_mm, before.length_mm, before.width_mm) != (
            q.x,
            q.y,
            q.z,
            q.dx,
            q.dy,
        ):
            n_moved += 1
        out.append(
            CartonPlacement(
                cid,
                lot.lot_no,
                lot.order_line_ref,
                lot.merchant_code,
                lot.buyer_code,
                q.x,
                q.y,
                q.z,
                q.dx,
                q.dy,
                q.dz,
                _orientation(q, lot),
                lot.carton.gross_g,
                step,
            )
        )
    new_load = replace(load, placements=tuple(out), max_payload_g=limit)
    return Refill(
        new_load,
        method,
        len(gone),
        n_moved,
        freed,
        balance(new_load, ct, options.cog_tolerance, limit),
        problem,
        plan,
    )


def offer_space(
    refill: Refill,
    ct: ContainerType,
    cargo: ShipmentCargo,
    candidates: Sequence[LclConsignment],
    options: PlanOptions,
) -> tuple[Refill, list[str]]:
    """Offer the space a hold freed to the next cargo in line: the shipment's LCL
    consignments, smallest first. A consignment moves in when all its cartons fit around the
    kept layout (on free, fully supported tops or in the free space at the door) and the
    checker accepts the whole; nothing already loaded moves. Returns the new refill and the
    buyers taken in."""
    lots = {lot.lot_no: lot for lot in cargo.lots}
    stops = dict(cargo.stops)
    problem, plan, load = refill.problem, refill.plan, refill.load
    taken: list[str] = []
    for con in sorted(candidates, key=lambda c: (c.volume_mm3, c.buyer_code)):
        if any(k not in lots for k, _ in con.lots):
            continue
        base = len(problem.box_types)
        extra = tuple(
            box_type(lots[k], n, options, drop=stops.get(con.buyer_code, 0)) for k, n in con.lots
        )
        wider = replace(problem, box_types=problem.box_types + extra)
        ask = opt.Result(
            plan,
            0,
            0,
            0.0,
            None,
            0.0,
            0,
            tuple(opt.Unplaced(base + i, n, "offered") for i, (_, n) in enumerate(con.lots)),
            options.seed,
        )
        done = _complete_at_door(wider, ask, options, options.seed)
        if done is None:
            continue
        step = len(load.placements)
        counter: dict[str, int] = {}
        new: list[CartonPlacement] = []
        for q in done.plan.placements[len(plan.placements) :]:
            lot = lots[wider.box_types[q.box_type].id]
            n = counter[lot.lot_no] = counter.get(lot.lot_no, 0) + 1
            step += 1
            new.append(
                CartonPlacement(
                    f"{lot.lot_no}-{n:03d}",
                    lot.lot_no,
                    lot.order_line_ref,
                    lot.merchant_code,
                    lot.buyer_code,
                    q.x,
                    q.y,
                    q.z,
                    q.dx,
                    q.dy,
                    q.dz,
                    _orientation(q, lot),
                    lot.carton.gross_g,
                    step,
                )
            )
        problem, plan = wider, done.plan
        load = replace(load, placements=(*load.placements, *new))
        taken.append(con.buyer_code)
    if not taken:
        return refill, []
    limit = payload_limit(ct, cargo.route, options)
    bal = balance(load, ct, options.cog_tolerance, limit)
    return replace(refill, load=load, problem=problem, plan=plan, balance=bal), taken
