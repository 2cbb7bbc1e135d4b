"""Every command explains itself, and bad input is refused with a message, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pinxiang.cli import app

COMMANDS = [
    ["demo"],
    ["import"],
    ["template"],
    ["plan"],
    ["db", "upgrade"],
    ["serve"],
    ["bench", "br"],
    ["bench", "binpack"],
]


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_every_command_has_help(cmd: list[str]) -> None:
    result = CliRunner().invoke(app, [*cmd, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_template_writes_a_workbook_whose_import_asks_for_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINXIANG_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    path = tmp_path / "orders.xlsx"
    assert CliRunner().invoke(app, ["template", str(path)]).exit_code == 0
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 2
    assert "the file has no data rows" in result.output


def test_template_refuses_a_name_that_is_not_xlsx(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template", str(tmp_path / "orders.csv")])
    assert result.exit_code == 2 and "ending in .xlsx" in result.output


def test_import_of_a_bad_file_exits_2_and_names_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINXIANG_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    bad = tmp_path / "orders.xlsx"
    bad.write_text("not a workbook")
    result = CliRunner().invoke(app, ["import", str(bad)])
    assert result.exit_code == 2
    assert "cannot open as an Excel workbook" in result.output


def test_plan_of_an_unknown_shipment_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINXIANG_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["plan", "--shipment", "NOPE"])
    assert result.exit_code == 2 and "unknown shipment(s): NOPE" in result.output
