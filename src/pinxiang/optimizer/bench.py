"""Benchmark runners used by the CLI and ``benchmarks/br_bench.py``.

Peers (``packingsolver3d``, ``py3dbp``) are imported lazily, only when asked for; their plans are
verified with :func:`pinxiang.optimizer.check` and count as 0 % when invalid.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pinxiang.optimizer.binpack import pack_all
from pinxiang.optimizer.br import read_br
from pinxiang.optimizer.check import check
from pinxiang.optimizer.plan import Placement, Plan
from pinxiang.optimizer.problem import BoxType, Container, Problem
from pinxiang.optimizer.solve import solve, warm_up
from pinxiang.optimizer.stop import MaxRuntime

__all__ = ["format_binpack", "format_br_table", "run_binpack", "run_br"]

Progress = Callable[[str], None] | None


def _peer_packingsolver(problem: Problem, time_limit: float) -> Plan:
    import packingsolver3d as ps

    # a rotation's name lists, for bin axes x, y, z, the item axis placed along it
    # (YZX puts the item's x extent vertical); checked against solved placements
    by_vertical = {v: [r for r in ps.Rotation if "XYZ".index(r.value[2]) == v] for v in range(3)}
    items = []
    for bt in problem.box_types:
        rots = [r for v in range(3) if bt.allowed_vertical[v] for r in by_vertical[v]]
        items.append(
            ps.ItemType(
                x=bt.length,
                y=bt.width,
                z=bt.height,
                profit=float(bt.box_value),
                weight=float(bt.weight),
                copies=bt.quantity,
                rotations=rots,
            )
        )
    c = problem.container
    inst = ps.Instance(
        bin_types=(ps.BinType(x=c.length, y=c.width, z=c.height, copies=1),),
        item_types=tuple(items),
        objective=ps.Objective.KNAPSACK,
    )
    res = ps.box.solve(inst, time_limit=time_limit)
    out = [
        Placement(p.item_type_id, p.x, p.y, p.z, p.lx, p.ly, p.lz)
        for p in res.placements
        if p.bin_id == 0
    ]
    return Plan(tuple(out))


def _peer_py3dbp(problem: Problem, time_limit: float) -> Plan:
    from py3dbp import Bin, Item, Packer

    c = problem.container
    packer = Packer()
    packer.add_bin(Bin("c", c.length, c.height, c.width, 10**12))
    for t, bt in enumerate(problem.box_types):
        for k in range(bt.quantity):
            # width = x (length), height = z, depth = y: rotation 0 keeps the box upright
            packer.add_item(Item(f"{t}:{k}", bt.length, bt.height, bt.width, 1))
    packer.pack(bigger_first=True, number_of_decimals=0)
    out = []
    for it in packer.bins[0].items:
        t = int(str(it.name).split(":")[0])
        d = [int(v) for v in it.get_dimension()]
        pos = [int(v) for v in it.position]
        out.append(Placement(t, pos[0], pos[2], pos[1], d[0], d[2], d[1]))
    return Plan(tuple(out))


def _run_own(
    pr: Problem,
    cls: int,
    k: int,
    time_limit: float,
    seed: int,
    rows: list[dict[str, Any]],
    progress: Progress,
) -> None:
    r = solve(pr, MaxRuntime(time_limit), seed=seed)
    ok = not check(r.plan, pr)
    rows.append(
        {
            "class": cls,
            "problem": k,
            "solver": "pinxiang",
            "utilisation": r.utilisation if ok else 0.0,
            "time_s": r.runtime_s,
            "valid": ok,
            "iterations": r.iterations,
        }
    )
    if progress:
        progress(f"BR{cls} #{k} pinxiang {r.utilisation:.4f} {r.runtime_s:.1f}s valid={ok}")


def run_br(
    data_dir: str | Path,
    classes: list[int],
    instances: int,
    time_limit: float,
    support: str = "full",
    seed: int = 0,
    peers: bool = False,
    progress: Progress = None,
    own: bool = True,
) -> dict[str, Any]:
    """Solve the first ``instances`` problems of each BR class (support ``'full'`` or
    ``'none'``) with ``time_limit`` seconds each; with ``peers`` also run the peer solvers;
    with ``own=False`` only the peers (so that they can run in another process, on another
    core, beside Pinxiang's own run).

    Returns ``{"results": [{"class", "problem", "solver", "utilisation", "time_s", "valid"}]}``
    plus the settings used.
    """
    if support not in ("full", "none"):
        raise ValueError("support must be 'full' or 'none'")
    if not own and not peers:
        raise ValueError("own=False needs peers=True: nothing would run")
    sup = 1.0 if support == "full" else 0.0
    if own:
        warm_up()  # compile the kernels first: a cold Numba cache would eat the first time limit
    rows: list[dict[str, Any]] = []
    solvers: list[tuple[str, Callable[[Problem, float], Plan]]] = []
    if peers:
        solvers = [("packingsolver3d", _peer_packingsolver), ("py3dbp", _peer_py3dbp)]
    for cls in classes:
        problems = read_br(Path(data_dir) / f"BR{cls}.txt", support=sup)[:instances]
        for k, pr in enumerate(problems, start=1):
            if own:
                _run_own(pr, cls, k, time_limit, seed, rows, progress)
            for name, fn in solvers:
                t0 = time.perf_counter()
                try:
                    plan = fn(pr, time_limit)
                    viol = check(plan, pr)
                    util = sum(p.volume for p in plan.placements) / pr.container.volume
                    ok_p = not viol
                except Exception as exc:  # a peer failing counts as invalid
                    if progress:
                        progress(f"BR{cls} #{k} {name} failed: {exc}")
                    util, ok_p = 0.0, False
                dt = time.perf_counter() - t0
                rows.append(
                    {
                        "class": cls,
                        "problem": k,
                        "solver": name,
                        "utilisation": util if ok_p else 0.0,
                        "time_s": dt,
                        "valid": ok_p,
                    }
                )
                if progress:
                    progress(f"BR{cls} #{k} {name} {util:.4f} {dt:.1f}s valid={ok_p}")
    return {
        "load_average_at_end": os.getloadavg()[0],
        "settings": {
            "classes": classes,
            "instances": instances,
            "time_limit": time_limit,
            "support": support,
            "seed": seed,
            "peers": peers,
            "own": own,
        },
        "results": rows,
    }


def format_br_table(results: dict[str, Any] | list[dict[str, Any]]) -> str:
    """Per class and solver: mean utilisation (%), mean time (s), invalid count; then means."""
    rows = results["results"] if isinstance(results, dict) else results
    solvers = sorted({r["solver"] for r in rows}, key=lambda s: (s != "pinxiang", s))
    classes = sorted({r["class"] for r in rows})
    head = "class | " + " | ".join(f"{s} util% | time s | invalid" for s in solvers)
    lines = [head, "-" * len(head)]
    allu: dict[str, list[float]] = {s: [] for s in solvers}
    allt: dict[str, list[float]] = {s: [] for s in solvers}
    for c in classes:
        cells = []
        for s in solvers:
            rs = [r for r in rows if r["class"] == c and r["solver"] == s]
            if not rs:
                cells.append("- | - | -")
                continue
            u = [100.0 * r["utilisation"] for r in rs]
            t = [r["time_s"] for r in rs]
            allu[s] += u
            allt[s] += t
            bad = sum(1 for r in rs if not r["valid"])
            cells.append(f"{sum(u) / len(u):6.2f} | {sum(t) / len(t):5.1f} | {bad}")
        lines.append(f"BR{c:<3} | " + " | ".join(cells))
    cells = []
    for s in solvers:
        u, t = allu[s], allt[s]
        cells.append(
            f"{sum(u) / max(1, len(u)):6.2f} | {sum(t) / max(1, len(t)):5.1f} | n={len(u)}"
        )
    lines.append("mean  | " + " | ".join(cells))
    return "\n".join(lines)


def _read_cargo(path: str | Path, instances: int | None) -> list[tuple[Container, list[BoxType]]]:
    """A cargo file: BR-style text (each problem is one cargo; the first ``instances``), or JSON
    ``{"container": {...}, "box_types": [{...}]}`` using the field names of the dataclasses."""
    p = Path(path)
    if p.suffix == ".json":
        import json

        data = json.loads(p.read_text())
        c = Container(**data["container"])
        types = []
        for d in data["box_types"]:
            d = dict(d)
            if "allowed_vertical" in d:
                d["allowed_vertical"] = tuple(d["allowed_vertical"])
            types.append(BoxType(**d))
        return [(c, types)]
    return [(pr.container, list(pr.box_types)) for pr in read_br(p)[:instances]]


def run_binpack(
    paths: Sequence[str | Path],
    time_limit: float,
    seed: int = 0,
    support: str = "full",
    instances: int | None = None,
) -> dict[str, Any]:
    """Load all boxes of each cargo into the fewest containers (``time_limit`` s per
    container). A BR file holds many cargoes (its problems; the first ``instances`` of them,
    all by default). Returns per cargo the container count, utilisations and validity."""
    sup = 1.0 if support == "full" else 0.0
    warm_up()
    out: list[dict[str, Any]] = []
    cargoes = [
        (f"{path}#{k}" if str(path).endswith(".txt") else str(path), c, types)
        for path in paths
        for k, (c, types) in enumerate(_read_cargo(path, instances), start=1)
    ]
    for path, c, types in cargoes:
        t0 = time.perf_counter()
        res = pack_all(c, types, MaxRuntime(time_limit), seed=seed, support=sup)
        dt = time.perf_counter() - t0
        valid = True
        placed = [0] * len(types)
        for r in res.containers:
            pr = Problem(c, tuple(types), support=sup)
            if [v for v in check(r.plan, pr) if v.kind != "count"]:
                valid = False
            for p in r.plan.placements:
                placed[p.box_type] += 1
        unplaced = sum(u.count for u in res.unplaced)
        if any(placed[t] > bt.quantity for t, bt in enumerate(types)):
            valid = False
        out.append(
            {
                "path": str(path),
                "containers": res.count,
                "utilisation": [r.utilisation for r in res.containers],
                "unplaced": unplaced,
                "time_s": dt,
                "valid": valid,
            }
        )
    return {"results": out, "total_containers": sum(r["containers"] for r in out)}


def format_binpack(results: dict[str, Any]) -> str:
    """One line per cargo file, ending with ``total: N containers``."""
    lines = []
    for r in results["results"]:
        us = ", ".join(f"{100 * u:.1f}%" for u in r["utilisation"])
        lines.append(
            f"{r['path']}: {r['containers']} containers [{us}] unplaced={r['unplaced']} "
            f"valid={r['valid']} {r['time_s']:.1f}s"
        )
    lines.append(f"total: {results['total_containers']} containers")
    return "\n".join(lines)
