"""Small cargo builders for the consolidation tests (mm, g)."""

from __future__ import annotations

from pinxiang import optimizer as opt
from pinxiang.domain import CartonSpec, ContainerLoad, Handling, Route, container_type
from pinxiang.services.planning import Lot, PlanOptions, ShipmentCargo, box_type, engine_container

FAST = PlanOptions(seed=3, time_limit_s=0.5, max_iterations=300, allow_lcl=False)


def lot(
    no: str,
    buyer: str = "B1",
    cartons: int = 10,
    size: tuple[int, int, int] = (600, 400, 400),
    gross_g: int = 12_000,
    handling: Handling = Handling(),
    together: str | None = None,
) -> Lot:
    spec = CartonSpec(*size, gross_g, gross_g - 500)
    return Lot(no, f"{no}-line", "M1", buyer, cartons, spec, handling, together)


def cargo(
    *lots: Lot, route: Route = Route.SEA_NINGBO, stops: dict[str, int] | None = None
) -> ShipmentCargo:
    return ShipmentCargo("SH-U", route, tuple(lots), (), tuple((stops or {}).items()))


def violations(
    load: ContainerLoad, c: ShipmentCargo, options: PlanOptions = FAST
) -> list[opt.Violation]:
    """Re-check a planned container from its carton placements with the independent checker."""
    lots = {x.lot_no: x for x in c.lots}
    names = sorted({p.lot_no for p in load.placements})
    stops = dict(c.stops)
    boxes = tuple(
        box_type(
            lots[k],
            sum(1 for p in load.placements if p.lot_no == k),
            options,
            drop=stops.get(lots[k].buyer_code, 0),
        )
        for k in names
    )
    ct = container_type(load.container_type)
    problem = opt.Problem(engine_container(ct, c.route, options), boxes, support=options.support)
    plan = opt.Plan(
        tuple(
            opt.Placement(
                names.index(p.lot_no), p.x_mm, p.y_mm, p.z_mm, p.length_mm, p.width_mm, p.height_mm
            )
            for p in load.placements
        )
    )
    return opt.check(plan, problem)
