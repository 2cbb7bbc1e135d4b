"""`make bench`: every benchmark of the project in one go, each printing its table and writing
its JSON under out/bench/.

    .venv/bin/python benchmarks/run_all.py            # a quick pass, about 20 minutes
    .venv/bin/python benchmarks/run_all.py --full     # the issues' figures, about 70 minutes

Quick pass: BR1-15 with 2 problems per class at 10 s (with and without support, and the peers
on the no-support run), one seeded consolidation week, the re-plan after a hold on a full 40HQ,
and the API load test for 20 s (when `wrk` is installed). `--full` takes the first 10 problems
per class and three weeks, as quoted in docs/optimizer.md and docs/consolidation.md. Each run is
a separate process, one at a time, so each has the machine to itself."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--full", action="store_true", help="the issues' full benchmark settings")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    instances = "10" if args.full else "2"
    br = [py, "benchmarks/br_bench.py", "--classes", "1-15", "--instances", instances]
    days = "3" if args.full else "1"
    runs: list[tuple[str, list[str]]] = [
        (
            "BR, no support",
            [
                *br,
                "--time-limit",
                "10",
                "--support",
                "none",
                "--peers",
                "--out",
                f"{args.out}/br_none.json",
            ],
        ),
        (
            "BR, full support",
            [*br, "--time-limit", "10", "--support", "full", "--out", f"{args.out}/br_full.json"],
        ),
        (
            "consolidation",
            [
                py,
                "benchmarks/consolidation_bench.py",
                "--days",
                days,
                "--seed",
                "1",
                "--json",
                f"{args.out}/consolidation.json",
            ],
        ),
        (
            "re-plan after a hold",
            [py, "benchmarks/replan_bench.py", "--json", f"{args.out}/replan.json"],
        ),
    ]
    seconds = "60" if args.full else "20"
    if shutil.which("wrk"):
        load = [
            py,
            "benchmarks/load_test.py",
            "--seconds",
            seconds,
            "--json",
            f"{args.out}/load.json",
        ]
        runs.append(("API load test", load))
    else:
        print("skipping the API load test: wrk is not installed (apt-get install wrk)")
    failed = []
    for title, cmd in runs:
        print(f"\n=== {title}: {' '.join(cmd[1:])}", flush=True)
        t0 = time.perf_counter()
        if subprocess.run(cmd, cwd=ROOT).returncode != 0:
            failed.append(title)
        print(f"=== {title}: {time.perf_counter() - t0:.0f} s", flush=True)
    print(f"\nJSON written under {args.out}")
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
