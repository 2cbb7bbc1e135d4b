"""`pinxiang customs …` on a real database: help on every command, refusals exit 2 with the
rule's message and no traceback."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pinxiang.bootstrap import App
from pinxiang.cli_customs import app as customs_app
from pinxiang.config import Settings

from .flow import on_file


@pytest.fixture
def cli_env(
    app: App, settings: Settings, tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> App:
    import pinxiang.documents.declarations as documents

    monkeypatch.setattr(documents, "find_cjk_font", lambda *a: None)  # fast PDFs
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PINXIANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PINXIANG_OUT_DIR", str(settings.out_dir))
    on_file(app, tmp_path, now)
    return app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(customs_app, list(args))
    return result.exit_code, result.output


COMMANDS = [
    "declare",
    "lots",
    "select",
    "inspect",
    "release",
    "hold",
    "load",
    "seal",
    "depart",
    "hand-over",
    "arrive",
    "deliver",
    "history",
    "return",
    "redeclare",
]


def test_every_customs_command_explains_itself() -> None:
    for command in COMMANDS:
        code, out = run(command, "--help")
        assert code == 0 and "Usage" in out, command


def test_declare_submits_the_lots_and_writes_the_documents(
    cli_env: App, settings: Settings
) -> None:
    code, out = run("declare", "--shipment", "SH-T1", "--submit")
    assert code == 0, out
    assert "SH-T1-D01" in out and "3 lot(s) declared" in out
    assert (settings.out_dir / "declarations" / "SH-T1-D01.json").exists()
    code, out = run("lots", "--state", "declared")
    assert code == 0 and "3 lot(s)" in out


def test_an_illegal_transition_exits_2_with_the_rule_and_no_traceback(cli_env: App) -> None:
    code, out = run("release", "LOT-1")
    assert code == 2
    assert "cannot release when received; allowed: declare" in out
    assert "Traceback" not in out


BAD_INPUT = [
    (("hold", "LOT-1"), "Missing option '--reason'"),
    (("lots", "--state", "lost"), "expected one of received"),
    (("load", "LOT-9", "--container", "PXNU0001001"), "unknown lot 'LOT-9'"),
    (("seal", "NOT-A-BOX", "--seal", "S1"), "must be 3 letters (owner)"),
    (("hand-over", "LOT-1"), "Missing option '--co-loader-ref'"),
    (("hand-over", "LOT-1", "--co-loader-ref", "NGB-1"), "is not shipped LCL"),
    (("arrive", "LOT-1", "--lcl", "--at", "Warsaw"), "cannot arrive when received"),
    (("deliver", "PXNU0001001", "--receiver", "J. K."), "give the buyer's code"),
    (("declare", "--shipment", "SH-NOPE"), "unknown shipment 'SH-NOPE'"),
]


@pytest.mark.usefixtures("cli_env")
def test_bad_input_gets_a_clear_message_and_exit_code_2() -> None:
    for args, message in BAD_INPUT:
        code, out = run(*args)
        assert (code, message in out, "Traceback" in out) == (2, True, False), (args, out)
