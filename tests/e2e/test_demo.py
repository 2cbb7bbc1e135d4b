"""The newcomer's first command, end to end: `pinxiang demo` on the bundled market day."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pinxiang.cli import app

pytestmark = pytest.mark.slow


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PINXIANG_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.setenv("PINXIANG_WORKERS", "1")
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_plans_the_market_day_and_writes_every_output(env: Path) -> None:
    output = run("demo", "--time-limit", "0.5")
    assert "Plan summary" in output and "Next:" in output
    assert "planner-demo" in output, "demo accounts are printed"
    assert list((env / "out" / "declarations").glob("*.json"))
    assert (env / "out" / "settlement" / "allocations.csv").exists()
    assert list((env / "out" / "stuffing").glob("*.pdf"))
    doc = json.loads((env / "out" / "summary.json").read_text())
    tot = doc["totals"]
    assert tot["shipments"] == 5
    assert 1200 <= tot["cartons"] + tot["unplaced_cartons"] <= 2000
    reasons = {u["reason"] for sh in doc["shipments"] for u in sh["unplaced"]}
    assert reasons <= {"held by customs"}, "only lots customs holds stay behind"
    n_containers = sum(tot["containers"].values())
    assert len(list((env / "out" / "plans").glob("*.json"))) == n_containers
    assert len(list((env / "out" / "plans").glob("*.png"))) == n_containers
    assert len(list((env / "out" / "packing-lists").glob("*.xlsx"))) == 5
    one = json.loads(next((env / "out" / "plans").glob("*.json")).read_text())
    carton = one["cartons"][0]
    assert {
        "id",
        "order_line",
        "merchant",
        "buyer",
        "position_mm",
        "size_mm",
        "orientation",
    } <= set(carton)

    # Twice: the same result and no duplicate data.
    run("demo", "--time-limit", "0.5")
    again = json.loads((env / "out" / "summary.json").read_text())
    assert again["totals"]["cartons"] == tot["cartons"]
    assert again["totals"]["containers"] == tot["containers"]
    assert "│ order_lines │        0 │       0 │       312 │" in run("import", _bundled())


def _bundled() -> str:
    from pinxiang.cli import demo_workbook

    return str(demo_workbook())
