"""Use case: write the plans under the output folder, and the figures of the summary."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pinxiang.documents.loadplan_png import render_png
from pinxiang.documents.packing_list import write_packing_list
from pinxiang.documents.stuffing import stuffing_pdf
from pinxiang.domain import DEFAULT_CONTAINER_TYPES, ContainerType, Money, container_type
from pinxiang.domain.costing import ALLOCATION_RULE, ALLOCATION_RULE_ZH
from pinxiang.domain.units import g_to_kg, mm3_to_cbm
from pinxiang.services.planning import PlannedShipment
from pinxiang.services.views import ShipmentView


@dataclass(frozen=True)
class ShipmentSummary:
    ref: str
    destination: str
    route: str
    containers: dict[str, int]
    cartons: int
    cbm: Decimal
    kg: Decimal
    volume_utilisation: float  # loaded volume / booked inner volume
    weight_utilisation: float
    unplaced_cartons: int
    freight: Money


def summarise(view: ShipmentView) -> ShipmentSummary:
    plan = view.plan
    loads = plan.containers if plan else ()
    vol = sum(c.loaded_volume_mm3 for c in loads)
    cap = sum(c.inner_volume_mm3 for c in loads)
    g = sum(c.loaded_g for c in loads)
    pay = sum(c.max_payload_g for c in loads)
    return ShipmentSummary(
        view.ref,
        f"{view.destination} ({view.destination_country})",
        view.route.label,
        dict(Counter(c.container_type for c in loads)),
        sum(len(c.placements) for c in loads),
        mm3_to_cbm(vol),
        g_to_kg(g),
        vol / cap if cap else 0.0,
        g / pay if pay else 0.0,
        sum(u.cartons for u in plan.unplaced) if plan else 0,
        view.freight or Money(Decimal(0), "USD"),
    )


def _extras(planned: PlannedShipment | None, seq: int) -> dict[str, Any]:
    """Centre of gravity and the buyers' freight shares of container `seq`, when stored."""
    if planned is None:
        return {}
    out: dict[str, Any] = {}
    if seq - 1 < len(planned.balance):
        b = planned.balance[seq - 1]
        out["centre_of_gravity"] = {
            "position_mm": [b.cog_x_mm, b.cog_y_mm, b.cog_z_mm],
            "offset_length": round(b.offset_length, 4),
            "offset_width": round(b.offset_width, 4),
            "within_tolerance": b.within_tolerance,
        }
        if b.reason:
            out["centre_of_gravity"]["reason"] = b.reason
    if seq - 1 < len(planned.shares):
        out["freight_shares"] = {
            "rule": ALLOCATION_RULE,
            "rule_zh": ALLOCATION_RULE_ZH,
            "shares": [
                {
                    "buyer": c.buyer_code,
                    "revenue_tons": str(c.revenue_tons),
                    "amount": str(c.amount.amount),
                    "currency": c.amount.currency,
                }
                for c in planned.shares[seq - 1]
            ],
        }
    return out


def _load_json(
    view: ShipmentView, seq: int, planned: PlannedShipment | None = None
) -> dict[str, Any]:
    assert view.plan is not None
    load = view.plan.containers[seq - 1]
    return {
        "shipment": view.ref,
        "container": load.seq,
        "container_type": load.container_type,
        "destination": view.destination,
        "route": view.route.value,
        "units": {"length": "mm", "mass": "g"},
        "loaded_volume_cbm": str(mm3_to_cbm(load.loaded_volume_mm3)),
        "loaded_kg": str(g_to_kg(load.loaded_g)),
        "volume_utilisation": round(load.volume_utilisation, 4),
        "weight_utilisation": round(load.weight_utilisation, 4),
        **_extras(planned, seq),
        "cartons": [
            {
                "id": p.carton_id,
                "step": p.step,
                "lot": p.lot_no,
                "order_line": p.order_line_ref,
                "merchant": p.merchant_code,
                "buyer": p.buyer_code,
                "position_mm": [p.x_mm, p.y_mm, p.z_mm],
                "size_mm": [p.length_mm, p.width_mm, p.height_mm],
                "orientation": p.orientation,
                "gross_g": p.gross_g,
            }
            for p in load.placements
        ],
    }


def write_outputs(
    views: Sequence[ShipmentView],
    out_dir: Path,
    catalogue: tuple[ContainerType, ...] = DEFAULT_CONTAINER_TYPES,
    progress: Callable[[str], None] | None = None,
    stuffing: bool = True,
    planned: Mapping[str, PlannedShipment] | None = None,
) -> dict[str, Any]:
    """Write summary.json, per container `plans/<shipment>-<n>.json` and `.png` and the
        stuffing instructions `stuffing/<shipment>-<n>.pdf`, and per shipment
        `packing-lists/<shipment>.xlsx`. `planned` (by shipment ref) adds what the planner stored
    beside the plan: centre of gravity, freight shares, LCL consignments. Returns the summary."""
    planned = planned or {}
    out_dir.mkdir(parents=True, exist_ok=True)
    summaries = [summarise(v) for v in views]
    for v in views:
        if v.plan is None:
            continue
        for load in v.plan.containers:
            stem = f"{v.ref}-{load.seq}"
            path = out_dir / "plans" / f"{stem}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            doc_c = _load_json(v, load.seq, planned.get(v.ref))
            path.write_text(json.dumps(doc_c, indent=1, ensure_ascii=False))
            ct = container_type(load.container_type, catalogue)
            inner = (ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm)
            render_png(load, inner, out_dir / "plans" / f"{stem}.png")
            if stuffing:
                stuffing_pdf(load, inner, out_dir / "stuffing" / f"{stem}.pdf")
            if progress:
                progress(stem)
        write_packing_list(
            out_dir / "packing-lists" / f"{v.ref}.xlsx",
            v.plan,
            dict(v.lines),
            v.destination,
            v.route,
        )
    total_freight = sum((s.freight for s in summaries), Money(Decimal(0), "USD"))
    by_type: Counter[str] = Counter()
    for s in summaries:
        by_type.update(s.containers)
    lcl = [c for v in views if v.ref in planned for c in planned[v.ref].lcl]
    doc = {
        "shipments": [
            {
                "ref": s.ref,
                "destination": s.destination,
                "route": s.route,
                "containers": s.containers,
                "cartons": s.cartons,
                "cbm": str(s.cbm),
                "kg": str(s.kg),
                "volume_utilisation": round(s.volume_utilisation, 4),
                "weight_utilisation": round(s.weight_utilisation, 4),
                "unplaced_cartons": s.unplaced_cartons,
                "lcl": [
                    {
                        "buyer": c.buyer_code,
                        "cartons": sum(n for _, n in c.lots),
                        "revenue_tons": str(c.revenue_tons),
                        "charge": str(c.charge.amount),
                        "currency": c.charge.currency,
                    }
                    for c in (planned[v.ref].lcl if v.ref in planned else ())
                ],
                "unplaced": [
                    {"lot": u.lot_no, "cartons": u.cartons, "reason": u.reason}
                    for u in (v.plan.unplaced if v.plan else ())
                ],
                "freight": {"amount": str(s.freight.amount), "currency": s.freight.currency},
            }
            for s, v in zip(summaries, views, strict=True)
        ],
        "totals": {
            "shipments": len(summaries),
            "containers": dict(sorted(by_type.items())),
            "cartons": sum(s.cartons for s in summaries),
            "cbm": str(sum((s.cbm for s in summaries), Decimal(0))),
            "kg": str(sum((s.kg for s in summaries), Decimal(0))),
            "unplaced_cartons": sum(s.unplaced_cartons for s in summaries),
            "lcl_cartons": sum(n for c in lcl for _, n in c.lots),
            "lcl_revenue_tons": str(sum((c.revenue_tons for c in lcl), Decimal(0))),
            "freight": {"amount": str(total_freight.amount), "currency": total_freight.currency},
        },
    }
    (out_dir / "summary.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False))
    return doc
