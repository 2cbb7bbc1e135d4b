"""Fragile and load-limited cartons: knapsack loads and must-load-all proofs.

PYTHONPATH=src python benchmarks/fragile_bench.py knapsack --json out/frag_knap.json
PYTHONPATH=src python benchmarks/fragile_bench.py proofs --json out/frag_proofs.json

* ``knapsack``: the demo generator's largest shipment into a 40HQ (5 s), ``yiwu_load`` seeds
  1-3 (9 s) and the same loads with 7 % of the types fragile and 17 % load-limited; with
  ``--fixed N``: N iterations per case (deterministic) on the demo and ``yiwu_load`` 1-8 with
  marks.
* ``proofs``: whole-buyer sets (house bills of one shipment) at 55-75 % of a 40HQ / 45HQ from
  seeded market weeks, ``must_load_all``; stop on 300 iterations or 2 s (as the consolidation
  benchmark's engine runs); counts the sets loaded whole.

``--param key=value`` sets a ``SolveParams`` field (A/B in one process); every plan is checked.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from pinxiang import optimizer as opt
from pinxiang.demo.generator import generate_market_day
from pinxiang.demo.weeks import generate_week
from pinxiang.domain import DEFAULT_CONTAINER_TYPES
from pinxiang.services.bench_consolidation import week_cargo
from pinxiang.services.planning import Lot, PlanOptions, box_type, engine_container

HQ40 = opt.Container(12032, 2352, 2690, max_payload=26_620_000)
CT = {c.code: c for c in DEFAULT_CONTAINER_TYPES}


def yiwu_load(seed: int, marks: bool, n_types: int = 60, cartons: int = 605) -> opt.Problem:
    """``tests/unit/optimizer/test_realistic.yiwu_load``; with ``marks`` 7 % of the types are
    fragile and 17 % carry at most 2-6 times their own weight (a second seeded stream)."""
    rng = random.Random(seed)
    qty = [1] * n_types
    for _ in range(cartons - n_types):
        qty[rng.randrange(n_types)] += 1
    mk = random.Random(1000 + seed)
    types = []
    for i in range(n_types):
        l_, w, h = rng.randint(380, 780), rng.randint(300, 620), rng.randint(260, 620)
        weight = int(l_ * w * h / 1e9 * rng.uniform(80, 250) * 1000)
        bt = opt.BoxType(
            f"m{i % 25:02d}-{i:03d}",
            l_,
            w,
            h,
            quantity=qty[i],
            weight=weight,
            allowed_vertical=(False, False, True) if i % 3 == 0 else (True, True, True),
        )
        if marks:
            r = mk.random()
            if r < 0.07:
                bt = replace(bt, max_load_on_top=0, allowed_vertical=(False, False, True))
            elif r < 0.24:
                bt = replace(bt, max_load_on_top=weight * mk.randint(2, 6))
        types.append(bt)
    return opt.Problem(HQ40, tuple(types), support=1.0)


def demo_largest() -> opt.Problem:
    """The demo market day's largest shipment (by volume), one box type per order line, with
    the planner's handling rules (``box_type``)."""
    day = generate_market_day()
    prod = {(p.merchant_code, p.sku): p for p in day.products}
    by_ship: dict[str, list[opt.BoxType]] = {}
    options = PlanOptions()
    for o in day.orders:
        for ln in o.lines:
            p = prod[ln.merchant_code, ln.sku]
            lot = Lot(
                ln.ref, ln.ref, ln.merchant_code, o.buyer_code, ln.cartons, p.carton, p.handling
            )
            by_ship.setdefault(o.shipment_ref, []).append(box_type(lot, ln.cartons, options))
    ref = max(by_ship, key=lambda r: sum(b.volume * b.quantity for b in by_ship[r]))
    return opt.Problem(HQ40, tuple(by_ship[ref]), support=1.0)


def buyer_sets(weeks: tuple[int, ...], per_week: int, lo: float, hi: float) -> list[Any]:
    """Seeded whole-buyer sets: buyers of one shipment added in a random order until the set's
    volume is within ``lo..hi`` of a 40HQ or 45HQ (alternating)."""
    options = PlanOptions()
    out: list[Any] = []
    for ws in weeks:
        cargos = week_cargo(generate_week(ws))
        rng = random.Random(ws)
        made = 0
        tries = 0
        while made < per_week and tries < 500:
            tries += 1
            cargo = rng.choice(cargos)
            ct = CT["40HQ" if (made + ws) % 2 == 0 else "45HQ"]
            cont = engine_container(ct, cargo.route, options)
            buyers: dict[str, list[Lot]] = {}
            for lot in cargo.lots:
                buyers.setdefault(lot.buyer_code, []).append(lot)
            order = sorted(buyers)
            rng.shuffle(order)
            target = rng.uniform(lo, hi) * cont.volume
            chosen: list[str] = []
            vol = 0
            for b in order:
                bv = sum(lot.carton.volume_mm3 * lot.cartons for lot in buyers[b])
                if vol + bv > hi * cont.volume:
                    continue
                chosen.append(b)
                vol += bv
                if vol >= target:
                    break
            if vol < lo * cont.volume:
                continue
            stops = dict(cargo.stops)
            boxes = tuple(
                box_type(lot, lot.cartons, options, drop=stops.get(lot.buyer_code, 0))
                for b in sorted(chosen)
                for lot in sorted(buyers[b], key=lambda x: x.lot_no)
            )
            weight = sum(b.weight * b.quantity for b in boxes)
            if cont.max_payload is not None and weight > cont.max_payload:
                continue
            pr = opt.Problem(cont, boxes, support=1.0, must_load_all=True)
            out.append((f"w{ws}-{cargo.shipment_ref[-6:]}-{ct.code}", pr))
            made += 1
    return out


def _marks(pr: opt.Problem) -> str:
    n = pr.total_boxes
    frag = sum(b.quantity for b in pr.box_types if b.max_load_on_top == 0 or not b.stackable)
    lim = sum(b.quantity for b in pr.box_types if b.max_load_on_top and b.stackable)
    return f"{frag / n:.0%} fragile, {lim / n:.0%} limited"


def _run(pr: opt.Problem, stop: opt.StoppingCriterion, params: opt.SolveParams) -> dict[str, Any]:
    r = opt.solve(pr, stop, seed=1, params=params)
    bad = opt.check(r.plan, pr)
    return {
        "util": round(r.utilisation, 4),
        "left": sum(u.count for u in r.unplaced),
        "iterations": r.iterations,
        "seconds": round(r.runtime_s, 2),
        "valid": not bad,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", choices=("knapsack", "proofs"))
    ap.add_argument("--param", action="append", default=[], help="SolveParams field=value")
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--sets", type=int, default=12, help="sets per week (proofs)")
    ap.add_argument(
        "--fixed",
        type=int,
        default=0,
        help="knapsack: N iterations per case (deterministic), demo and yiwu 1-8 with marks",
    )
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    kw: dict[str, Any] = {}
    for p in args.param:
        k, v = p.split("=", 1)
        kw[k] = json.loads(v)
    opt.warm_up()
    rows: list[dict[str, Any]] = []
    if args.what == "knapsack":
        params = opt.SolveParams(**kw)
        cases = [("demo-largest", demo_largest(), 5.0)]
        if args.fixed:
            cases += [(f"yiwu{s}-marks", yiwu_load(s, True), 0.0) for s in range(1, 9)]
        else:
            cases += [(f"yiwu{s}", yiwu_load(s, False), 9.0) for s in (1, 2, 3)]
            cases += [(f"yiwu{s}-marks", yiwu_load(s, True), 9.0) for s in (1, 2, 3)]
        for name, pr, secs in cases:
            row = {
                "case": name,
                "marks": _marks(pr),
                "cargo": round(pr.total_volume / pr.container.volume, 3),
            }
            stop = opt.MaxIterations(args.fixed) if args.fixed else opt.MaxRuntime(secs)
            row |= _run(pr, stop, params)
            rows.append(row)
            print(row, flush=True)
        print(f"mean utilisation {sum(r['util'] for r in rows) / len(rows):.4f}")
    else:
        params = opt.SolveParams(**{"max_blocks": 1000, **kw})
        sets = buyer_sets((1, 2), args.sets, 0.55, 0.75)
        t0 = time.perf_counter()
        for name, pr in sets:
            stop = opt.FirstOf(opt.MaxRuntime(args.seconds), opt.MaxIterations(args.iterations))
            row = {
                "case": name,
                "marks": _marks(pr),
                "cargo": round(pr.total_volume / pr.container.volume, 3),
            }
            row |= _run(pr, stop, params)
            rows.append(row)
            print(row, flush=True)
        proven = sum(1 for r in rows if r["left"] == 0 and r["valid"])
        print(f"proven {proven}/{len(rows)} in {time.perf_counter() - t0:.0f} s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"params": kw, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
