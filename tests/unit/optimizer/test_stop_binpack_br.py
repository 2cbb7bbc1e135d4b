"""Stopping criteria, multi-container packing and the BR reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinxiang.optimizer import (
    BoxType,
    Container,
    FirstOf,
    MaxIterations,
    MaxRuntime,
    NoImprovement,
    Problem,
    any_of,
    check,
    pack_all,
)
from pinxiang.optimizer.br import read_br

BR = Path("/work/shared/benchmarks/br")


def test_max_iterations() -> None:
    s = MaxIterations(3)
    assert [s(0.0) for _ in range(5)] == [False, False, False, True, True]


def test_no_improvement_and_first_of() -> None:
    s = NoImprovement(2)
    assert [s(v) for v in (1.0, 1.0, 2.0, 2.0, 2.0)] == [False, False, False, False, True]
    f = FirstOf(MaxIterations(10), NoImprovement(1))
    assert f(1.0) is False and f(1.0) is True
    assert isinstance(any_of(MaxRuntime(1.0)), FirstOf)
    assert MaxRuntime(0.0)(0.0) is True


def test_pack_all_places_every_box_once() -> None:
    c = Container(100, 100, 100)
    types = [
        BoxType("a", 50, 50, 50, quantity=20),
        BoxType("b", 30, 40, 50, quantity=7, allowed_vertical=(False, False, True)),
        BoxType("huge", 300, 10, 10, quantity=2),
    ]
    res = pack_all(c, types, MaxIterations(30), seed=1, support=1.0)
    placed = [0, 0, 0]
    for r in res.containers:
        pr = Problem(c, tuple(types), support=1.0)
        # a container's plan is valid against the full type list except for the counts
        assert [v for v in check(r.plan, pr) if v.kind != "count"] == []
        for p in r.plan.placements:
            placed[p.box_type] += 1
    assert placed == [20, 7, 0]
    assert res.unplaced[0].box_type == 2 and res.unplaced[0].count == 2
    assert res.count >= 3


@pytest.mark.skipif(not (BR / "BR8.txt").exists(), reason="BR data not present")
def test_read_br() -> None:
    ps = read_br(BR / "BR8.txt", support=1.0)
    assert len(ps) == 100
    p = ps[0]
    assert (p.container.length, p.container.width, p.container.height) == (587, 233, 220)
    assert len(p.box_types) == 30
    assert p.box_types[0].dims == (108, 76, 30) and p.support == 1.0
    assert read_br(BR / "BR1.txt")[0].box_types[0].allowed_vertical == (False, False, True)


def test_warm_up_runs() -> None:
    from pinxiang.optimizer import warm_up

    warm_up()


@pytest.mark.skipif(not (BR / "BR1.txt").exists(), reason="BR data not present")
def test_bench_runners_small() -> None:
    from pinxiang.optimizer.bench import format_binpack, format_br_table, run_binpack, run_br

    res = run_br(BR, [1], 1, 0.3, "full", 0, False, None)
    assert res["results"][0]["valid"] and res["results"][0]["solver"] == "pinxiang"
    assert "BR1" in format_br_table(res) and "BR1" in format_br_table(res["results"])
    bp = run_binpack([BR / "BR1.txt"], 0.2, 0, "none", instances=1)
    assert bp["results"][0]["valid"] and bp["results"][0]["unplaced"] == 0
    assert format_binpack(bp).splitlines()[-1] == f"total: {bp['total_containers']} containers"


@pytest.mark.skipif(not (BR / "BR1.txt").exists(), reason="BR data not present")
def test_bench_peers_only_runs_no_pinxiang() -> None:
    pytest.importorskip("packingsolver3d")
    pytest.importorskip("py3dbp")
    from pinxiang.optimizer.bench import format_br_table, run_br

    res = run_br(BR, [1], 1, 0.3, "none", 0, True, None, own=False)
    assert {r["solver"] for r in res["results"]} == {"packingsolver3d", "py3dbp"}
    assert res["settings"]["own"] is False
    assert "packingsolver3d" in format_br_table(res)


def test_bench_without_pinxiang_and_peers_is_refused() -> None:
    from pinxiang.optimizer.bench import run_br

    with pytest.raises(ValueError, match="nothing would run"):
        run_br(BR, [1], 1, 0.3, "none", 0, False, None, own=False)
