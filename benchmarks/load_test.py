"""Load test of the web API's list endpoints on a database of 100,000 placed cartons.

Seeds a fresh database (SQLite by default, or --database-url) with shipments, orders, lots and
stored plans, starts the server (uvicorn, 2 worker processes, on a free localhost port), logs in
a planner and a buyer, and drives it with `wrk` (Debian package `wrk`: a C load generator, so
the client takes little of the CPU the server needs): 50 connections, each sending its next
request as soon as the last is answered (no think time), cycling through first pages, deep
pages by cursor and per-shipment pages of /api/v1/shipments, /containers and /cartons; one
request in five is the buyer's (scoped queries). Prints p50 / p90 / p95 / p99 latency,
throughput, errors and the server's CPU time per request, and writes JSON.

    apt-get install wrk                                          # once
    .venv/bin/python benchmarks/load_test.py                     # 100k cartons, 50 connections
    .venv/bin/python benchmarks/load_test.py --seconds 60 --json out/load.json

Before/after a change, side by side: check the old commit out elsewhere and run this script
with `PYTHONPATH=<that checkout>/src` (the server and the seed then use that code; add
`--plain-uvicorn` for a checkout from before uvloop and httptools were pinned).

Target (issue 7): p95 < 100 ms at 50 concurrent users, no errors. Not part of the test run."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
PASSWORD = "load-test-password"


def seed(
    database_url: str, cartons: int, per_container: int = 50, per_lot: int = 10
) -> dict[str, int]:
    """Write the rows straight into the tables (bulk inserts); the services read them back."""
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from pinxiang.bootstrap import bootstrap
    from pinxiang.config import Settings
    from pinxiang.persistence import tables as t
    from pinxiang.services.accounts import create_user

    app = bootstrap(Settings(database_url=database_url))
    containers = cartons // per_container
    shipments = max(1, containers // 4)
    lots = cartons // per_lot
    n_merchants, n_buyers = 200, 100
    rng = random.Random(1)
    with app.engine.begin() as c:
        c.execute(
            insert(t.MerchantRow),
            [
                dict(
                    id=i + 1,
                    code=f"M{i + 1:04d}",
                    name_zh=f"商行{i + 1}",
                    name_en=f"Merchant {i + 1}",
                    market="Yiwu International Trade City",
                    district="D1",
                    stall=f"1-F1-{i:05d}",
                    licence_id=f"9233{i:014d}",
                    individual=True,
                )
                for i in range(n_merchants)
            ],
        )
        c.execute(
            insert(t.BuyerRow),
            [
                dict(
                    id=i + 1,
                    code=f"B{i + 1:04d}",
                    name=f"Buyer {i + 1}",
                    nationality="AE",
                    id_document=f"P{i:07d}",
                    company=f"Company {i + 1}",
                    country="AE",
                )
                for i in range(n_buyers)
            ],
        )
        c.execute(
            insert(t.ShipmentRow),
            [
                dict(
                    id=s + 1,
                    ref=f"SH-{s + 1:05d}",
                    destination_country="AE",
                    destination="Jebel Ali",
                    route="sea_ningbo",
                    cutoff=NOW + timedelta(hours=s % 400),
                )
                for s in range(shipments)
            ],
        )
        buyers_of = {s + 1: (s % n_buyers + 1, (s + 37) % n_buyers + 1) for s in range(shipments)}
        c.execute(
            insert(t.ShipmentBuyerRow),
            [
                dict(shipment_id=s, buyer_id=b, position=i)
                for s, bs in buyers_of.items()
                for i, b in enumerate(bs)
            ],
        )
        c.execute(
            insert(t.ProductRow),
            [
                dict(
                    id=p + 1,
                    merchant_id=p % n_merchants + 1,
                    sku=f"SKU-{p + 1}",
                    name_zh="毛绒玩具",
                    name_en="Plush toy",
                    hs_code="9503008900",
                    hs_edition="2023",
                    declared_elements="",
                    trade_unit="pcs",
                    units_per_carton=60,
                    length_mm=600,
                    width_mm=400,
                    height_mm=500,
                    gross_g=6500,
                    net_g=5800,
                    this_side_up=False,
                    fragile=False,
                    stackable=True,
                    max_load_on_top_g=None,
                )
                for p in range(1000)
            ],
        )
        # One order per shipment and buyer; lots spread over the shipment's orders.
        orders = [
            dict(
                id=len(buyers_of) * i + s,
                order_no=f"PO-{s}-{i}",
                buyer_id=b,
                shipment_id=s,
                placed_at=NOW,
            )
            for s, bs in buyers_of.items()
            for i, b in enumerate(bs)
        ]
        c.execute(insert(t.OrderRow), orders)
        lots_per_shipment = lots // shipments
        lines, receipts = [], []
        for lot in range(lots):
            s = min(lot // lots_per_shipment, shipments - 1) + 1
            i = lot % 2
            order_id = len(buyers_of) * i + s
            lines.append(
                dict(
                    id=lot + 1,
                    ref=f"PO-{s}-{i}-{lot}",
                    order_id=order_id,
                    line_no=lot,
                    product_id=rng.randrange(1000) + 1,
                    quantity=per_lot * 60,
                    unit_price=Decimal("1.25"),
                    currency="USD",
                    cartons=per_lot,
                )
            )
            receipts.append(
                dict(
                    id=lot + 1,
                    lot_no=f"LOT-{lot + 1:06d}",
                    order_line_id=lot + 1,
                    cartons=per_lot,
                    length_mm=600,
                    width_mm=400,
                    height_mm=500,
                    gross_g=6500,
                    received_at=NOW,
                    location="A-01",
                )
            )
        c.execute(insert(t.OrderLineRow), lines)
        c.execute(insert(t.ReceiptRow), receipts)
        c.execute(
            insert(t.PlanRow),
            [
                dict(
                    id=s + 1,
                    shipment_id=s + 1,
                    created_at=NOW,
                    seed=1,
                    time_limit_s=Decimal(1),
                    freight=Decimal(6600),
                    freight_currency="USD",
                )
                for s in range(shipments)
            ],
        )
        # Per-container totals, when the schema has them (an older checkout has not; see
        # --compare-with in main).
        totals = (
            dict(
                cartons=per_container,
                loaded_mm3=per_container * 600 * 400 * 500,
                loaded_g=per_container * 6500,
            )
            if "loaded_mm3" in t.PlannedContainerRow.__table__.c
            else {}
        )
        c.execute(
            insert(t.PlannedContainerRow),
            [
                dict(
                    id=k + 1,
                    plan_id=min(k // 4, shipments - 1) + 1,
                    seq=k - 4 * min(k // 4, shipments - 1) + 1,
                    container_type="40HQ",
                    inner_volume_mm3=12032 * 2352 * 2698,
                    max_payload_g=26_500_000,
                    freight=Decimal(1650),
                    **totals,
                )
                for k in range(containers)
            ],
        )
        batch = []
        for n in range(cartons):
            k = n // per_container
            step = n % per_container + 1
            lot = n // per_lot
            batch.append(
                dict(
                    id=n + 1,
                    container_id=k + 1,
                    carton_id=f"LOT-{lot + 1:06d}-{n % per_lot + 1:03d}",
                    receipt_id=lot + 1,
                    step=step,
                    x_mm=600 * (step // 20),
                    y_mm=400 * (step % 5),
                    z_mm=500 * ((step // 5) % 4),
                    length_mm=600,
                    width_mm=400,
                    height_mm=500,
                    orientation="upright",
                )
            )
            if len(batch) == 10_000:
                c.execute(insert(t.PlacementRow), batch)
                batch = []
        if batch:
            c.execute(insert(t.PlacementRow), batch)
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    create_user(app.new_uow, "planner", PASSWORD, "planner", NOW, hasher=hasher)
    create_user(app.new_uow, "buyer", PASSWORD, "buyer", NOW, "B0001", hasher=hasher)
    app.engine.dispose()
    return {"shipments": shipments, "containers": containers, "lots": lots, "cartons": cartons}


def make_app() -> Any:
    """The uvicorn factory (reads PINXIANG_DATABASE_URL)."""
    from pinxiang.api.app import create_app

    return create_app()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(
    database_url: str, workers: int, plain: bool = False
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PINXIANG_DATABASE_URL": database_url}
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.load_test:make_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
            *(["--loop", "asyncio", "--http", "h11"] if plain else []),
        ],
        cwd=root,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def targets(sizes: dict[str, int], endpoint: str = "lists") -> list[str]:
    """List requests: first pages, deep pages (by cursor), filtered pages; or `/health` only,
    to measure the framework's floor on the same machine."""
    if endpoint == "health":
        return ["/health"]
    rng = random.Random(7)
    out = []
    for _ in range(200):
        out += [
            "/api/v1/shipments?limit=50",
            f"/api/v1/shipments?limit=50&cursor={rng.randrange(sizes['shipments'])}",
            "/api/v1/containers?limit=50",
            f"/api/v1/containers?limit=50&cursor={rng.randrange(sizes['containers'])}",
            "/api/v1/cartons?limit=50",
            f"/api/v1/cartons?limit=50&cursor={rng.randrange(sizes['cartons'])}",
            f"/api/v1/cartons?limit=50&shipment=SH-{rng.randrange(sizes['shipments']) + 1:05d}",
        ]
    return out


LUA = """
local paths = {%(paths)s}
local tokens = {planner = "%(planner)s", buyer = "%(buyer)s"}
local i = 0
request = function()
  i = i + 1
  local who = (i %% 5 == 0) and "buyer" or "planner"
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Authorization"] = "Bearer " .. tokens[who]})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p95_us": %%d, ' ..
    '"p99_us": %%d, "max_us": %%d, "mean_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
end
"""


def server_cpu_ticks(pid: int) -> int:
    """User + system clock ticks of the server and its worker processes (Linux /proc)."""
    procs, todo = [], [pid]
    while todo:
        p = todo.pop()
        procs.append(p)
        children = Path(f"/proc/{p}/task/{p}/children")
        if children.exists():
            todo += [int(c) for c in children.read_text().split()]
    ticks = 0
    for p in procs:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks


def run_wrk(
    url: str,
    paths: list[str],
    tokens: dict[str, str],
    connections: int,
    seconds: float,
    threads: int,
    out_dir: Path,
) -> dict[str, Any]:
    script = out_dir / "paths.lua"
    script.write_text(
        LUA
        % {
            "paths": ", ".join(json.dumps(p) for p in paths),
            "planner": tokens["planner"],
            "buyer": tokens["buyer"],
        }
    )
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRK "))
    raw: dict[str, int] = json.loads(line[4:])
    errors = {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]}
    wall = raw["duration_us"] / 1e6
    ok = raw["requests"] - raw["status"]
    return {
        "clients": connections,
        "requests": raw["requests"],
        "ok": ok,
        "errors": errors,
        "seconds": round(wall, 1),
        "requests_per_s": round(raw["requests"] / wall, 1),
        **{f"p{q}_ms": round(raw[f"p{q}_us"] / 1000, 1) for q in (50, 90, 95, 99)},
        "max_ms": round(raw["max_us"] / 1000, 1),
        "mean_ms": round(raw["mean_us"] / 1000, 1),
    }


def login(url: str) -> dict[str, str]:
    tokens = {}
    for user in ("planner", "buyer"):
        r = httpx.post(f"{url}/api/v1/sessions", json={"username": user, "password": PASSWORD})
        r.raise_for_status()
        tokens[user] = r.json()["token"]
    return tokens


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    ap.add_argument("--cartons", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50, help="concurrent connections")
    ap.add_argument("--seconds", type=float, default=30, help="length of the measured run")
    ap.add_argument("--warmup", type=float, default=3, help="seconds of load before measuring")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--endpoint", choices=("lists", "health"), default="lists")
    ap.add_argument(
        "--plain-uvicorn",
        action="store_true",
        help="asyncio loop and the pure-Python h11 parser instead of uvloop and httptools",
    )
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="pinxiang-load-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/load.db"
        t0 = time.perf_counter()
        sizes = seed(url, args.cartons)
        print(f"seeded {sizes} in {time.perf_counter() - t0:.1f} s ({url.split(':')[0]})")
        proc, base = start_server(url, args.workers, args.plain_uvicorn)
        try:
            tokens = login(base)
            paths = targets(sizes, args.endpoint)
            if args.warmup:
                run_wrk(base, paths, tokens, args.clients, args.warmup, args.threads, Path(tmp))
            ticks0 = server_cpu_ticks(proc.pid)
            figures = run_wrk(
                base, paths, tokens, args.clients, args.seconds, args.threads, Path(tmp)
            )
            ticks = server_cpu_ticks(proc.pid) - ticks0
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    hz = os.sysconf("SC_CLK_TCK")
    figures.update(
        {
            "endpoint": args.endpoint,
            "database": url.split(":")[0],
            "workers": args.workers,
            "uvicorn": "asyncio+h11" if args.plain_uvicorn else "uvloop+httptools",
            "pinxiang": str(Path(__import__("pinxiang").__file__).parents[1]),
            "server_cpu_ms_per_request": round(1000 * ticks / hz / max(1, figures["requests"]), 2),
            "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2),
            **sizes,
        }
    )
    print(json.dumps(figures, indent=1))
    verdict = "meets" if figures["p95_ms"] < 100 and not figures["errors"] else "misses"
    print(f"p95 {figures['p95_ms']} ms {verdict} the 100 ms target (no errors required)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
