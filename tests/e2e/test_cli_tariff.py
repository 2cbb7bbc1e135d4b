"""`pinxiang tariff` and planning with a tariff file: the file's rates price the plan, and a
wrong file is refused before anything is planned."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pinxiang.cli import app
from tests.builders import small_rows, workbook


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PINXIANG_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("PINXIANG_OUT_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("PINXIANG_TIME_LIMIT_S", "0.5")
    monkeypatch.delenv("PINXIANG_TARIFF", raising=False)
    return tmp_path


def _freight(out: Path) -> Decimal:
    doc = json.loads((out / "summary.json").read_text())
    return sum((Decimal(str(s["freight"]["amount"])) for s in doc["shipments"]), Decimal(0))


def test_template_check_and_show(env: Path) -> None:
    path = env / "tariff.toml"
    run = CliRunner().invoke
    assert run(app, ["tariff", "template", str(path)]).exit_code == 0
    again = run(app, ["tariff", "template", str(path)])
    assert again.exit_code == 2 and "--force" in again.output
    assert "valid; 4 routes, currency USD" in run(app, ["tariff", "check", str(path)]).output
    shown = run(app, ["tariff", "show", str(path)])
    assert shown.exit_code == 0 and "sea_ningbo" in shown.output and "2,550" in shown.output


def test_a_wrong_tariff_is_refused_with_its_key_and_nothing_is_planned(env: Path) -> None:
    path = env / "tariff.toml"
    CliRunner().invoke(app, ["tariff", "template", str(path)])
    path.write_text(path.read_text().replace('40HQ = "2550"', '40HQ = "lots"'))
    checked = CliRunner().invoke(app, ["tariff", "check", str(path)])
    assert checked.exit_code == 2
    assert "key 'routes.sea_ningbo.fcl.40HQ': not a number" in checked.output
    CliRunner().invoke(app, ["import", str(workbook(env / "orders.xlsx", small_rows()))])
    planned = CliRunner().invoke(app, ["plan", "--tariff", str(path)])
    assert planned.exit_code == 2 and "routes.sea_ningbo.fcl.40HQ" in planned.output
    assert not (env / "out" / "summary.json").exists()


def test_plan_prices_with_the_tariff_file(env: Path) -> None:
    CliRunner().invoke(app, ["import", str(workbook(env / "orders.xlsx", small_rows()))])
    assert CliRunner().invoke(app, ["plan", "--no-lcl"]).exit_code == 0
    built_in = _freight(env / "out")
    assert built_in > 0
    path = env / "tariff.toml"
    CliRunner().invoke(app, ["tariff", "template", str(path)])
    text = path.read_text()
    for code in ("20GP", "40GP", "40HQ", "45HQ"):  # every FCL rate doubled
        for line in [ln for ln in text.splitlines() if ln.startswith(f"{code} = ")]:
            value = Decimal(line.split('"')[1])
            text = text.replace(line, f'{code} = "{value * 2}"')
    path.write_text(text)
    result = CliRunner().invoke(app, ["plan", "--no-lcl", "--tariff", str(path)])
    assert result.exit_code == 0, result.output
    assert _freight(env / "out") == 2 * built_in


def test_a_wrong_pinxiang_tariff_stops_every_command(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINXIANG_TARIFF", str(env / "missing.toml"))
    result = CliRunner().invoke(app, ["plan"])
    assert result.exit_code == 2
    assert "missing.toml: no such file; `pinxiang tariff template` writes one" in result.output


def test_lcl_is_on_by_default_and_priced_with_the_tariff(env: Path) -> None:
    CliRunner().invoke(app, ["import", str(workbook(env / "orders.xlsx", small_rows()))])
    assert CliRunner().invoke(app, ["plan"]).exit_code == 0
    doc = json.loads((env / "out" / "summary.json").read_text())
    lcl = [c for s in doc["shipments"] for c in s["lcl"]]
    assert lcl, "a small consignment goes LCL when that is cheaper"
    charge = sum(Decimal(c["charge"]) for c in lcl)
    path = env / "tariff.toml"
    CliRunner().invoke(app, ["tariff", "template", str(path)])
    text = path.read_text().replace('rate_per_rt = "95"', 'rate_per_rt = "96"')
    path.write_text(text)
    assert CliRunner().invoke(app, ["plan", "--tariff", str(path)]).exit_code == 0
    again = json.loads((env / "out" / "summary.json").read_text())
    lcl2 = [c for s in again["shipments"] for c in s["lcl"]]
    rt = sum(Decimal(c["revenue_tons"]) for c in lcl2)
    assert sum(Decimal(c["charge"]) for c in lcl2) == (rt * 96).quantize(Decimal("0.01"))
    assert charge == (rt * 95).quantize(Decimal("0.01"))
