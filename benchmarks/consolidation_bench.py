"""Consolidation benchmark: seeded market weeks planned into containers and LCL.

python benchmarks/consolidation_bench.py --days 3 --seed 1 --json out/consolidation.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pinxiang.services.bench_consolidation import format_consolidation, run_consolidation_bench


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--days", type=int, default=1, help="number of market weeks to plan")
    ap.add_argument("--seed", type=int, default=1, help="seed of the first week")
    ap.add_argument(
        "--time-limit", type=float, default=5.0, help="seconds per engine run (a safety limit)"
    )
    ap.add_argument("--workers", type=int, default=2, help="worker processes")
    ap.add_argument(
        "--max-iterations",
        type=int,
        default=300,
        help="iterations per engine run; binding before --time-limit makes runs repeatable",
    )
    ap.add_argument("--json", type=Path, help="write the result here as JSON")
    args = ap.parse_args()
    doc = run_consolidation_bench(
        args.days,
        args.seed,
        args.time_limit,
        args.workers,
        progress=lambda ref: print(f"  planned {ref}", flush=True),
        max_iterations=args.max_iterations,
    )
    print(format_consolidation(doc))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=2))


if __name__ == "__main__":
    main()
