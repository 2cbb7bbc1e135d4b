"""Use case: plan shipments into containers. The one bridge between domain objects and the
optimizer: lots become box types, optimizer placements become carton placements."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal

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
from pinxiang.domain.freight import FreightRates
from pinxiang.domain.money import Money

# A container type is tried for the whole remainder only when the remainder's volume is below
# this share of its inner volume (cartons never fill a box completely).
TAIL_FILL = 0.80


class InvalidPlan(RuntimeError):
    """The engine returned a plan the independent checker rejects: a bug, never stored."""


@dataclass(frozen=True)
class Lot:
    """A lot of identical cartons as the warehouse measured them."""

    lot_no: str
    order_line_ref: str
    merchant_code: str
    buyer_code: str
    cartons: int
    carton: CartonSpec
    handling: Handling


@dataclass(frozen=True)
class ShipmentCargo:
    shipment_ref: str
    route: Route
    lots: tuple[Lot, ...]
    not_received: tuple[UnplacedLot, ...] = ()


@dataclass(frozen=True)
class PlanOptions:
    seed: int = 1
    time_limit_s: float = 3.0
    container_types: tuple[ContainerType, ...] = DEFAULT_CONTAINER_TYPES
    allowed: tuple[str, ...] = ("20GP", "40GP", "40HQ")
    support: float = 1.0
    rates: FreightRates = field(default_factory=FreightRates)


@dataclass(frozen=True)
class PlannedShipment:
    plan: ShipmentPlan
    freight: Money
    container_freight: tuple[Money, ...]


def _box_type(lot: Lot, count: int) -> opt.BoxType:
    c, h = lot.carton, lot.handling
    return opt.BoxType(
        id=lot.lot_no,
        length=c.length_mm,
        width=c.width_mm,
        height=c.height_mm,
        quantity=count,
        weight=c.gross_g,
        allowed_vertical=(False, False, True) if h.this_side_up else (True, True, True),
        stackable=h.stackable and not h.fragile,
        max_load_on_top=h.load_limit_g,
    )


def _orientation(p: opt.Placement, lot: Lot) -> str:
    c = lot.carton
    names = {"L": c.length_mm, "W": c.width_mm, "H": c.height_mm}
    up = next((k for k, v in names.items() if v == p.dz), "H")
    along = next((k for k, v in names.items() if v == p.dx and k != up), "L")
    return f"{up}-up,{along}-long"


def _container(ct: ContainerType) -> opt.Container:
    return opt.Container(
        ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm, ct.max_payload_g
    )


def plan_cargo(cargo: ShipmentCargo, options: PlanOptions) -> PlannedShipment:
    """Fill containers one after another until every lot is placed or cannot be.

    For the remainder, each allowed type is tried from the smallest up and the first that
    takes all of it is booked; when none does, the largest type is filled as well as the engine
    can and the loop goes on with what is left. Every container plan is verified by the
    independent checker. Deterministic for a given seed."""
    types = sorted(
        (t for t in options.container_types if t.code in options.allowed),
        key=lambda t: t.volume_mm3,
    )
    if not types:
        raise ValueError(f"no container type allowed among {options.allowed}")
    lots = {lot.lot_no: lot for lot in cargo.lots}
    remaining = {lot.lot_no: lot.cartons for lot in cargo.lots}
    next_carton = {lot.lot_no: 1 for lot in cargo.lots}
    loads: list[ContainerLoad] = []
    unplaced: list[UnplacedLot] = list(cargo.not_received)
    freights: list[Money] = []
    seq = 0
    while any(remaining.values()):
        live = [lots[k] for k, n in remaining.items() if n > 0]
        boxes = tuple(_box_type(lot, remaining[lot.lot_no]) for lot in live)
        volume = sum(b.volume * b.quantity for b in boxes)
        weight = sum(b.weight * b.quantity for b in boxes)
        result = None
        for ct in types:
            if volume <= TAIL_FILL * ct.volume_mm3 and weight <= ct.max_payload_g:
                trial = opt.solve(
                    opt.Problem(_container(ct), boxes, support=options.support, must_load_all=True),
                    opt.MaxRuntime(options.time_limit_s),
                    seed=options.seed + seq,
                )
                if not trial.unplaced:
                    result, chosen = trial, ct
                    break
        if result is None:
            chosen = types[-1]
            result = opt.solve(
                opt.Problem(_container(chosen), boxes, support=options.support),
                opt.MaxRuntime(options.time_limit_s),
                seed=options.seed + seq,
            )
        problem = opt.Problem(_container(chosen), boxes, support=options.support)
        violations = opt.check(result.plan, problem)
        if violations:
            raise InvalidPlan(f"{cargo.shipment_ref}: {violations[0].message}")
        if not result.plan.placements:
            reasons = {u.box_type: u.reason for u in result.unplaced}
            for i, lot in enumerate(live):
                reason = reasons.get(i, "does not fit any allowed container")
                unplaced.append(UnplacedLot(lot.lot_no, remaining[lot.lot_no], reason))
            break
        seq += 1
        placements: list[CartonPlacement] = []
        for step, p in enumerate(result.plan.placements, start=1):
            lot = live[p.box_type]
            n = next_carton[lot.lot_no]
            next_carton[lot.lot_no] += 1
            remaining[lot.lot_no] -= 1
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
        loads.append(
            ContainerLoad(
                cargo.shipment_ref,
                seq,
                chosen.code,
                tuple(placements),
                chosen.volume_mm3,
                chosen.max_payload_g,
            )
        )
        freights.append(options.rates.rate(cargo.route, chosen.code))
    total = sum(freights, Money(Decimal(0), options.rates.currency))
    plan = ShipmentPlan(cargo.shipment_ref, tuple(loads), tuple(unplaced))
    return PlannedShipment(plan, total, tuple(freights))


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
        futures = [pool.submit(plan_cargo, c, options) for c in cargos]
        results = []
        for c, f in zip(cargos, futures, strict=True):
            results.append(f.result())
            if progress:
                progress(c)
        return results
