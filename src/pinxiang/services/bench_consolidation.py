"""The consolidation benchmark: plan seeded market weeks and report cost and quality.

`run_consolidation_bench(days, seed)` plans `days` weeks from `pinxiang.demo.weeks` (10,000
cartons, 1,500 carton types, 60 buyers, 12 destinations each) with LCL allowed, shipments in
parallel processes, and returns a JSON-able dict; `format_consolidation` prints it as a table.
The lower bound per shipment is `services.mix.lower_bound` (volume and weight bounds)."""

from __future__ import annotations

import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pinxiang.demo.weeks import MarketWeek, generate_week
from pinxiang.domain.units import MM3_PER_CBM
from pinxiang.services.planning import (
    Lot,
    PlannedShipment,
    PlanOptions,
    ShipmentCargo,
    plan_many,
)


def week_cargo(week: MarketWeek) -> list[ShipmentCargo]:
    """The week's shipments as the planner takes them."""
    by_ship: dict[str, list[Lot]] = {}
    for w in week.lots:
        by_ship.setdefault(w.shipment_ref, []).append(
            Lot(
                w.lot_no,
                w.order_line_ref,
                w.merchant_code,
                w.buyer_code,
                w.cartons,
                w.carton,
                w.handling,
                w.together,
            )
        )
    return [
        ShipmentCargo(s.ref, s.route, tuple(by_ship.get(s.ref, ())), (), s.stops)
        for s in week.shipments
    ]


def _peak_mib() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return max(own, kids) / 2**20 if sys.platform != "darwin" else max(own, kids) / 2**20 / 1024


def _week(
    seed: int, options: PlanOptions, workers: int, progress: Callable[[str], None] | None
) -> dict[str, Any]:
    week = generate_week(seed)
    cargos = week_cargo(week)
    t0 = time.perf_counter()
    results: list[PlannedShipment] = plan_many(
        cargos, options, workers, (lambda c: progress(c.shipment_ref)) if progress else None
    )
    elapsed = time.perf_counter() - t0
    types: Counter[str] = Counter()
    vol_u: list[float] = []
    wt_u: list[float] = []
    balanced = 0
    placed = lcl_cartons = unplaced = 0
    lcl_rt = Decimal(0)
    freight = Decimal(0)
    bound = Decimal(0)
    for r in results:
        for load in r.plan.containers:
            types[load.container_type] += 1
            vol_u.append(load.volume_utilisation)
            wt_u.append(load.weight_utilisation)
            placed += len(load.placements)
        balanced += sum(1 for b in r.balance if b.within_tolerance)
        lcl_rt += sum((c.revenue_tons for c in r.lcl), Decimal(0))
        lcl_cartons += sum(n for c in r.lcl for _, n in c.lots)
        unplaced += sum(u.cartons for u in r.plan.unplaced)
        freight += r.freight.amount
        bound += r.lower_bound.amount if r.lower_bound else Decimal(0)
    n = sum(types.values())
    return {
        "seed": seed,
        "shipments": len(cargos),
        "cartons": week.cartons,
        "carton_types": len({(w.carton, w.handling) for w in week.lots}),
        "buyers": len({w.buyer_code for w in week.lots}),
        "cbm": round(sum(w.carton.volume_mm3 * w.cartons for w in week.lots) / MM3_PER_CBM, 1),
        "containers": dict(sorted(types.items())),
        "cartons_in_containers": placed,
        "cartons_lcl": lcl_cartons,
        "cartons_unplaced": unplaced,
        "lcl_revenue_tons": str(lcl_rt),
        "freight": str(freight),
        "lower_bound": str(bound),
        "gap": round(float((freight - bound) / bound), 4) if bound else None,
        "mean_volume_utilisation": round(sum(vol_u) / n, 4) if n else None,
        "mean_weight_utilisation": round(sum(wt_u) / n, 4) if n else None,
        "cog_within_tolerance": f"{balanced}/{n}",
        "seconds": round(elapsed, 1),
        "peak_mib": round(_peak_mib(), 0),
    }


def run_consolidation_bench(
    days: int,
    seed: int,
    time_limit_s: float = 5.0,
    workers: int = 2,
    progress: Callable[[str], None] | None = None,
    max_iterations: int = 300,
) -> dict[str, Any]:
    """Plan `days` seeded weeks (seeds `seed`, `seed + 1`, ...) and report each.
    `max_iterations` per engine run binds long before the `time_limit_s` safety limit, so the
    plans are the same on every run, whatever else the machine is doing."""
    options = replace(
        PlanOptions(seed=seed, time_limit_s=time_limit_s, allow_lcl=True),
        max_iterations=max_iterations,
    )
    weeks = [_week(seed + d, options, workers, progress) for d in range(days)]
    return {
        "benchmark": "consolidation",
        "time_limit_s": time_limit_s,
        "max_iterations": options.max_iterations,
        "workers": workers,
        "currency": options.rates.currency,
        "weeks": weeks,
    }


def format_consolidation(doc: dict[str, Any]) -> str:
    """A plain-text table of `run_consolidation_bench`'s result."""
    head = (
        f"{'seed':>6} {'cartons':>7} {'CBM':>6} {'containers':<28} {'LCL RT':>7} "
        f"{'freight':>10} {'bound':>10} {'gap':>6} {'vol%':>5} {'wt%':>5} {'CoG ok':>7} "
        f"{'s':>6} {'MiB':>5}"
    )
    lines = [head, "-" * len(head)]
    for w in doc["weeks"]:
        kinds = ", ".join(f"{n}x{k}" for k, n in w["containers"].items()) or "-"
        lines.append(
            f"{w['seed']:>6} {w['cartons']:>7} {w['cbm']:>6} {kinds:<28} "
            f"{float(w['lcl_revenue_tons']):>7.1f} {float(w['freight']):>10,.0f} "
            f"{float(w['lower_bound']):>10,.0f} {100 * (w['gap'] or 0):>5.1f}% "
            f"{100 * (w['mean_volume_utilisation'] or 0):>5.1f} "
            f"{100 * (w['mean_weight_utilisation'] or 0):>5.1f} {w['cog_within_tolerance']:>7} "
            f"{w['seconds']:>6.1f} {w['peak_mib']:>5.0f}"
        )
    lines.append(
        f"freight in {doc['currency']}; time limit {doc['time_limit_s']} s per engine run; "
        f"{doc['workers']} worker processes"
    )
    return "\n".join(lines)
