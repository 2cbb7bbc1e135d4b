"""Every command explains itself, and bad input is refused with a message, not a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from pinxiang.cli import app


def _walk(cmd: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path] if path else []
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        out.extend(_walk(sub, (*path, name)))
    return out


COMMANDS = [list(p) for p in _walk(typer.main.get_command(app))]
DOCS = Path(__file__).resolve().parents[2]


def test_the_command_tree_is_walked() -> None:
    assert ["demo"] in COMMANDS and ["customs", "hold"] in COMMANDS


@pytest.mark.parametrize("cmd", [c for c in COMMANDS if len(c) == 1], ids=" ".join)
def test_every_command_and_group_is_in_the_readme_or_docs(cmd: list[str]) -> None:
    text = (DOCS / "README.md").read_text() + "".join(
        p.read_text() for p in (DOCS / "docs").glob("*.md")
    )
    assert f"pinxiang {cmd[0]}" in text, f"document `pinxiang {cmd[0]}` in README.md or docs/"


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
