"""`pinxiang settle …` on a real database: help on every command, refusals exit 2 with a clear
message and no traceback."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pinxiang.bootstrap import App
from pinxiang.cli_settlement import app as settle_app
from pinxiang.config import Settings
from pinxiang.services import declarations as decl_service
from pinxiang.services import settlement as settle
from tests.integration.customs.flow import on_file

ACCT = "33050161234500000789"


@pytest.fixture
def cli_env(
    app: App, settings: Settings, tmp_path: Path, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> App:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PINXIANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("PINXIANG_OUT_DIR", str(settings.out_dir))
    on_file(app, tmp_path, now)
    decl_service.declare_shipment(app.new_uow, "SH-T1", now)
    settle.register_bank_account(app.new_uow, ACCT, "USD", "ZJ Bank", "Operator")
    return app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(settle_app, list(args))
    return result.exit_code, result.output


COMMANDS = [
    "import-statement",
    "receipt",
    "allocate",
    "review",
    "reverse",
    "payout",
    "statement",
    "vat-report",
    "balances",
]


def test_every_settle_command_explains_itself() -> None:
    for command in COMMANDS:
        code, out = run(command, "--help")
        assert code == 0 and "Usage" in out, command


def test_a_receipt_by_hand_is_allocated_and_shows_in_the_balances(cli_env: App) -> None:
    code, out = run(
        "receipt", "--account", ACCT, "--date", "2026-12-12", "--amount", "900.00",
        "--currency", "USD", "--reference", "ZJB-77", "--payer", "Gulf Bazaar LLC",
        "--info", "PAYMENT SH-T1-D01",
    )  # fmt: skip
    assert code == 0 and "recorded" in out
    code, out = run("allocate")
    assert code == 0 and "1 receipt(s) allocated, 0 to review" in out
    code, out = run("balances")
    assert code == 0 and "due:M1" in out and "-600.00" in out


BAD_INPUT = [
        (("import-statement", "nope.sta", "--account", ACCT), "nope.sta: no such file"),
        (("vat-report", "--month", "2026-13"), "expected YYYY-MM"),
        (("statement",), "exactly one of --merchant or --buyer"),
        (("statement", "--merchant", "M9"), "unknown merchant 'M9'"),
        (("reverse", "A999"), "A999"),
        (
            ("payout", "--merchant", "M1", "--amount", "0.01", "--currency", "USD",
             "--reference", "PO-1"),
            "0.01 USD to M1 is more than is held for it",
        ),
        (
            ("receipt", "--account", "OWN", "--date", "2026-12-12", "--amount", "1",
             "--currency", "USD", "--reference", "R", "--mode", "3"),
            "--mode principal needs --collector MERCHANT",
        ),
        (
            ("receipt", "--account", ACCT, "--date", "2026-12-12", "--amount", "1",
             "--currency", "USD", "--reference", "R", "--mode", "4"),
            "expected one of 1/exporter, 2/agent, 3/principal",
        ),
        (
            ("receipt", "--account", ACCT, "--date", "12/12/2026", "--amount", "1",
             "--currency", "USD", "--reference", "R"),
            "expected a date like 2026-12-15",
        ),
        (
            ("receipt", "--account", ACCT, "--date", "2026-12-12", "--amount", "1",
             "--currency", "XXQ", "--reference", "R"),
            "XXQ",
        ),
]  # fmt: skip


@pytest.mark.usefixtures("cli_env")
def test_bad_input_gets_a_clear_message_and_exit_code_2() -> None:
    for args, message in BAD_INPUT:
        code, out = run(*args)
        assert (code, message in out, "Traceback" in out) == (2, True, False), (args, out)


def test_a_bad_statement_file_exits_2_with_the_parsers_message(
    cli_env: App, data_dir: Path
) -> None:
    code, out = run(
        "import-statement", str(data_dir / "statements" / "truncated.xml"), "--account", ACCT
    )
    assert code == 2 and "truncated.xml" in out and "Traceback" not in out


def test_a_merchant_is_paid_out_once_per_reference_and_refused_beyond_its_balance(
    cli_env: App,
) -> None:
    run(
        "receipt", "--account", ACCT, "--date", "2026-12-12", "--amount", "900.00",
        "--currency", "USD", "--reference", "ZJB-78", "--payer", "Gulf Bazaar LLC",
        "--info", "PAYMENT SH-T1-D01",
    )  # fmt: skip
    assert run("allocate")[0] == 0
    pay = ("payout", "--merchant", "M1", "--amount", "123.45", "--currency", "USD")
    code, out = run(*pay, "--reference", "PO-1")
    assert code == 0 and "paid" in out and "still held 476.55 USD" in out, out
    code, out = run(*pay, "--reference", "PO-1")
    assert code == 0 and "already on record" in out, out
    code, out = run(
        "payout", "--merchant", "M1", "--amount", "476.56", "--currency", "USD",
        "--reference", "PO-2",
    )  # fmt: skip
    assert (code, "more than is held" in out, "Traceback" in out) == (2, True, False), out


def test_a_receipt_in_mode_3_is_recorded_for_the_merchant(cli_env: App) -> None:
    code, out = run(
        "receipt", "--account", "6228480012345678", "--date", "2026-12-12", "--amount", "600.00",
        "--currency", "USD", "--reference", "OWN-1", "--payer", "Gulf Bazaar LLC",
        "--info", "PAYMENT SH-T1-D01", "--mode", "3", "--collector", "M1",
    )  # fmt: skip
    assert code == 0 and "recorded (principal)" in out, out
    code, out = run("allocate")
    assert code == 0 and "1 receipt(s) allocated" in out, out
    code, out = run("balances")
    assert code == 0 and "due:M1" not in out  # collected in its own name: not in our books
