"""Run the Bischoff & Ratcliff benchmark: thin argparse wrapper over pinxiang.optimizer.bench.

Example:
    nice -n 10 .venv/bin/python benchmarks/br_bench.py --classes 1-15 --instances 10 \
        --time-limit 10 --support none --out /tmp/br_none.json

Side-by-side comparison of solver versions or parameters in one run (one worker process per
variant, problems solved one at a time, variants alternating per problem):
    .venv/bin/python benchmarks/br_bench.py --classes 1-15 --instances 2 --time-limit 3 \
        --support none,full --compare before=/tmp/old/src after=src 'tail=src@{"tail": []}'
With --iterations N each solve stops after N greedy completions (deterministic: the same plans
on a loaded machine). Where a variant is NAME=SRC_DIR (put first on PYTHONPATH, e.g. an older
commit extracted with ``git archive <commit> src | tar -x -C /tmp/old``) optionally followed by
@ and a JSON object of SolveParams overrides (lists become tuples).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

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


_WORKER = """
import json, sys
from pinxiang.optimizer import FirstOf, MaxIterations, MaxRuntime, SolveParams, check, solve
from pinxiang.optimizer import warm_up
from pinxiang.optimizer.br import read_br
warm_up()
cache = {}
print("ready", flush=True)
for line in sys.stdin:
    j = json.loads(line)
    key = (j["file"], j["sup"])
    if key not in cache:
        cache[key] = read_br(j["file"], support=j["sup"])
    pr = cache[key][j["k"]]
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in j["params"].items()}
    stop = MaxRuntime(j["t"])
    if j["it"]:
        stop = FirstOf(MaxIterations(j["it"]), stop)
    r = solve(pr, stop, seed=j["seed"], params=SolveParams(**kw))
    ok = not check(r.plan, pr)
    u = r.utilisation if ok else 0.0
    print(json.dumps({"u": u, "it": r.iterations, "ok": ok}), flush=True)
"""


def compare(a: argparse.Namespace) -> None:
    """Solve every problem with every variant in turn and print them side by side."""
    workers: list[tuple[str, subprocess.Popen[str], dict[str, Any]]] = []
    for v in a.compare:
        name, rest = v.split("=", 1)
        path, _, params = rest.partition("@")
        env = dict(os.environ, PYTHONPATH=str(Path(path).resolve()))
        p = subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert p.stdin is not None and p.stdout is not None
        if p.stdout.readline().strip() != "ready":
            raise SystemExit(f"worker {name} failed to start")
        workers.append((name, p, json.loads(params) if params else {}))
    res: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
    sups = a.support.split(",")
    for sup in sups:
        for cls in _classes(a.classes):
            for k in range(a.instances):
                cells = []
                for name, p, params in workers:
                    assert p.stdin is not None and p.stdout is not None
                    job = {
                        "file": str(Path(a.data) / f"BR{cls}.txt"),
                        "sup": 1.0 if sup == "full" else 0.0,
                        "k": k,
                        "t": a.time_limit,
                        "it": a.iterations,
                        "seed": a.seed,
                        "params": params,
                    }
                    p.stdin.write(json.dumps(job) + "\n")
                    p.stdin.flush()
                    r = json.loads(p.stdout.readline())
                    res.setdefault((sup, name), []).append((cls, r))
                    bad = "" if r["ok"] else " INVALID"
                    cells.append(f"{name} {r['u'] * 100:6.2f} it={r['it']:7d}{bad}")
                print(f"{sup:4s} BR{cls:<2d} #{k + 1}: " + " | ".join(cells), flush=True)
    print()
    for sup in sups:
        for name, _, _ in workers:
            rows = res[(sup, name)]
            lo = [r["u"] * 100 for c, r in rows if c <= 7]
            hi = [r["u"] * 100 for c, r in rows if c >= 8]
            mean = statistics.mean(r["u"] * 100 for _, r in rows)
            print(
                f"{sup:4s} {name:12s} mean {mean:.2f}"
                f"  BR1-7 {statistics.mean(lo) if lo else float('nan'):.2f}"
                f"  BR8-15 {statistics.mean(hi) if hi else float('nan'):.2f}"
                f"  invalid {sum(not r['ok'] for _, r in rows)}"
            )
    for _, p, _ in workers:
        assert p.stdin is not None
        p.stdin.close()
        p.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="/work/shared/benchmarks/br")
    ap.add_argument("--classes", default="1-15")
    ap.add_argument("--instances", type=int, default=10)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument(
        "--support", default="full", help="full or none (with --compare: a list, e.g. none,full)"
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--peers", action="store_true")
    ap.add_argument(
        "--peers-only",
        action="store_true",
        help="run only the peer solvers (e.g. in a second process, on the other core, beside "
        "Pinxiang's own run with the same flags)",
    )
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--compare", nargs="+", metavar="NAME=SRC[@JSON]", default=None)
    ap.add_argument(
        "--iterations",
        type=int,
        default=0,
        help="with --compare: stop each solve after this many greedy completions (the time "
        "limit stays a safety limit); results then do not depend on the machine's load",
    )
    a = ap.parse_args()
    if a.compare:
        compare(a)
        return
    res = run_br(
        a.data,
        _classes(a.classes),
        a.instances,
        a.time_limit,
        a.support,
        a.seed,
        a.peers or a.peers_only,
        lambda m: print(m, file=sys.stderr, flush=True),
        own=not a.peers_only,
    )
    if a.out:
        a.out.write_text(json.dumps(res, indent=1))
    print(format_br_table(res))


if __name__ == "__main__":
    main()
