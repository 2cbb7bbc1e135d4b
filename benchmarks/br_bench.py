"""Run the Bischoff & Ratcliff benchmark: thin argparse wrapper over pinxiang.optimizer.bench.

Example:
    nice -n 10 .venv/bin/python benchmarks/br_bench.py --classes 1-15 --instances 10 \
        --time-limit 10 --support none --out /tmp/br_none.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pinxiang.optimizer.bench import format_br_table, run_br


def _classes(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="/work/shared/benchmarks/br")
    ap.add_argument("--classes", default="1-15")
    ap.add_argument("--instances", type=int, default=10)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--support", choices=["full", "none"], default="full")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--out", type=Path, default=None)
    a = ap.parse_args()
    res = run_br(
        a.data,
        _classes(a.classes),
        a.instances,
        a.time_limit,
        a.support,
        a.seed,
        a.peers,
        lambda m: print(m, file=sys.stderr, flush=True),
    )
    if a.out:
        a.out.write_text(json.dumps(res, indent=1))
    print(format_br_table(res))


if __name__ == "__main__":
    main()
