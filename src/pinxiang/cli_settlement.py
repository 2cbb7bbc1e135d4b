"""`pinxiang settle …`: bank receipts, their allocation to merchants, statements and the
VAT-exempt report. A refusal prints the reason and exits with code 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from pinxiang.cli_common import disposing, open_app
from pinxiang.cli_common import now as clock
from pinxiang.domain import Money
from pinxiang.services import settlement as settle
from pinxiang.services.settlement import SettlementRefused
from pinxiang.settlement import CollectionMode, LedgerError, StatementError

app = typer.Typer(
    help="Settlement: bank receipts (收汇), allocation to merchants, statements and the "
    "VAT-exempt report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
console = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 150)
OutOpt = Annotated[Path | None, typer.Option("--out", help="Output folder (default ./out).")]
T = TypeVar("T")
MODES = {
    "exporter": CollectionMode.EXPORTER,
    "agent": CollectionMode.DECLARING_AGENT,
    "declaring_agent": CollectionMode.DECLARING_AGENT,
    "principal": CollectionMode.PRINCIPAL,
    "merchant": CollectionMode.PRINCIPAL,
    "1": CollectionMode.EXPORTER,
    "2": CollectionMode.DECLARING_AGENT,
    "3": CollectionMode.PRINCIPAL,
}
ModeOpt = Annotated[
    str | None,
    typer.Option(
        "--mode",
        help="FX collection mode (汇律发〔2025〕2号): 1/exporter, 2/agent (default) or "
        "3/principal (the merchant collects in its own name; give --collector).",
    ),
]
CollectorOpt = Annotated[
    str | None,
    typer.Option("--collector", help="Who collected in its own name (mode 3: merchant code)."),
]


def _mode(text: str | None) -> CollectionMode | None:
    if text is None:
        return None
    try:
        return MODES[text.strip().lower()]
    except KeyError:
        raise _bad(f"--mode {text!r}: expected one of 1/exporter, 2/agent, 3/principal") from None


def _money(amount: str, currency: str) -> Money:
    try:
        return Money(Decimal(amount), currency.upper())
    except (InvalidOperation, ValueError) as exc:
        raise _bad(f"--amount {amount!r} --currency {currency!r}: {exc}") from None


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except (SettlementRefused, StatementError, LedgerError, KeyError, ValueError) as exc:
        err.print(f"[red]refused:[/] {exc.args[0] if exc.args else exc}", highlight=False)
        raise typer.Exit(2) from None


def _call(fn: Callable[[], T]) -> T:
    with _refusals():
        return fn()


def _bad(message: str) -> typer.Exit:
    err.print(message, highlight=False)
    return typer.Exit(2)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _bad(f"{option} {text!r}: expected a date like 2026-12-15") from None


@app.command("import-statement")
@disposing
def import_statement(
    file: Annotated[Path, typer.Argument(help="MT940 (.sta), camt.053 (.xml) or CSV statement")],
    account: Annotated[str, typer.Option("--account", help="The collecting account it is for.")],
) -> None:
    """Import a bank statement: all or nothing; the same statement twice adds nothing."""
    if not file.is_file():
        raise _bad(f"{file}: no such file")
    a = open_app()
    rep = _call(lambda: settle.import_statement(a.new_uow, file, account, clock()))
    console.print(f"{rep.file}: {len(rep.new)} new receipt(s), {rep.known} already on record")


@app.command()
@disposing
def receipt(
    account: Annotated[str, typer.Option("--account", help="Collecting account.")],
    value_date: Annotated[str, typer.Option("--date", help="Value date, YYYY-MM-DD.")],
    amount: Annotated[str, typer.Option("--amount", help="Amount, e.g. 1250.00")],
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code, e.g. USD.")],
    reference: Annotated[str, typer.Option("--reference", help="The bank's reference.")],
    payer: Annotated[str, typer.Option("--payer", help="Payer's name.")] = "",
    country: Annotated[str, typer.Option("--country", help="Payer's country (ISO 3166).")] = "",
    info: Annotated[str, typer.Option("--info", help="Remittance information.")] = "",
    mode: ModeOpt = None,
    collector: CollectorOpt = None,
) -> None:
    """Record a receipt by hand (e.g. from a bank credit advice). In mode 3 the account is the
    merchant's own and nothing is posted to the operator's books."""
    day = _date(value_date, "--date")
    money = _money(amount, currency)
    chosen = _mode(mode) or CollectionMode.DECLARING_AGENT
    if chosen is CollectionMode.PRINCIPAL and not collector:
        raise _bad("--mode principal needs --collector MERCHANT")
    a = open_app()
    key, added = _call(
        lambda: settle.record_receipt(
            a.new_uow,
            account,
            day,
            money,
            reference,
            clock(),
            payer,
            country,
            info,
            mode=chosen,
            collector=collector or "",
        )
    )
    console.print(f"{key}: {'recorded' if added else 'already on record'} ({chosen.value})")


@app.command()
@disposing
def allocate() -> None:
    """Match every receipt not yet allocated; allocate the certain ones to merchants."""
    a = open_app()
    rep = _call(lambda: settle.match_and_allocate(a.new_uow, clock()))
    console.print(f"{len(rep.allocated)} receipt(s) allocated, {len(rep.review)} to review")
    for key, money in rep.over_collected:
        console.print(f"[yellow]over-collected[/] {money} on receipt {key}", highlight=False)
    for q in rep.quota:
        console.print(f"[yellow]quota[/] {q.message}", highlight=False)


@app.command()
@disposing
def review(
    apply: Annotated[
        str | None, typer.Option("--apply", help="Receipt key to allocate by hand.")
    ] = None,
    declaration: Annotated[
        list[str] | None,
        typer.Option("--declaration", help="Declaration to apply it to (repeatable)."),
    ] = None,
    mode: ModeOpt = None,
    collector: CollectorOpt = None,
) -> None:
    """Show the review queue, or apply a queued receipt to declarations (--apply KEY
    --declaration REF …)."""
    a = open_app()
    if apply:
        if not declaration:
            raise _bad("--apply needs at least one --declaration")
        chosen = _mode(mode)
        alloc = _call(
            lambda: settle.allocate_reviewed(
                a.new_uow, apply, declaration, clock(), mode=chosen, collector=collector
            )
        )
        console.print(
            f"{apply}: {len(alloc.shares)} share(s), over-collected {alloc.over_collected} "
            f"({alloc.mode.value})"
        )
        with a.new_uow() as uow:
            for key, warning in settle.quota_warnings(uow):
                if key == apply:
                    console.print(f"[yellow]quota[/] {warning}", highlight=False)
        return
    with a.new_uow() as uow:
        queue = settle.review_queue(uow)
    t = Table(title=f"Review queue: {len(queue)} receipt(s)")
    for c in ("receipt", "date", "amount", "payer", "buyer", "declarations", "why"):
        t.add_column(c)
    for r, m in queue:
        t.add_row(
            r.key,
            r.value_date.isoformat(),
            str(r.amount),
            r.payer_name,
            m.buyer_code or "",
            " ".join(m.declaration_nos),
            "; ".join(m.reasons),
        )
    console.print(t)


@app.command()
@disposing
def payout(
    merchant: Annotated[str, typer.Option("--merchant", help="Merchant code.")],
    amount: Annotated[str, typer.Option("--amount", help="Amount, e.g. 123.45")],
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code, e.g. USD.")],
    reference: Annotated[str, typer.Option("--reference", help="Payout (transfer) reference.")],
    paid_on: Annotated[
        str | None, typer.Option("--date", help="Payment date, default today.")
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", help="Paying account (default: one in currency).")
    ] = None,
) -> None:
    """Pay a merchant from what was collected for it; refused above what is held for it. The
    same reference twice pays once."""
    money = _money(amount, currency)
    day = _date(paid_on, "--date") if paid_on else None
    a = open_app()
    rep = _call(
        lambda: settle.pay_out(
            a.new_uow, merchant, money, reference, clock(), paid_on=day, account=account
        )
    )
    what = "paid" if rep.added else "already on record"
    console.print(
        f"{rep.payout.reference}: {rep.payout.amount} to {merchant} {what} ({rep.entry_id}); "
        f"still held {rep.held_after}",
        highlight=False,
    )


@app.command()
@disposing
def reverse(
    entry: Annotated[str, typer.Argument(help="Journal entry id, e.g. A000004")],
    memo: Annotated[str, typer.Option("--memo", help="Why.")] = "",
) -> None:
    """Reverse a journal entry (the original stays on record); a reversed allocation no longer
    counts and its receipt can be matched again."""
    a = open_app()
    new_id = _call(lambda: settle.reverse_entry(a.new_uow, entry, clock(), memo))
    console.print(f"{entry}: reversed by {new_id}")


@app.command()
@disposing
def statement(
    merchant: Annotated[str | None, typer.Option("--merchant", help="Merchant code.")] = None,
    buyer: Annotated[str | None, typer.Option("--buyer", help="Buyer code.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date, default today.")] = None,
    out: OutOpt = None,
) -> None:
    """Write a merchant's or a buyer's statement (.xlsx and PDF) under out/settlement/."""
    if (merchant is None) == (buyer is None):
        raise _bad("give exactly one of --merchant or --buyer")
    day = _date(as_of, "--as-of") if as_of else clock().date()
    a = open_app()
    paths = _call(
        lambda: settle.write_statements(
            a.new_uow,
            day,
            out or a.settings.out_dir,
            merchants=[merchant] if merchant else [],
            buyers=[buyer] if buyer else [],
        )
    )
    for p in paths:
        console.print(f"wrote {p}")


@app.command("vat-report")
@disposing
def vat_report(
    month: Annotated[str, typer.Option("--month", help="Export month, YYYY-MM.")],
    out: OutOpt = None,
) -> None:
    """Write the VAT-exempt (免征不退) report of a month's exports per merchant (.xlsx, PDF)."""
    try:
        y, m = (int(x) for x in month.split("-"))
        if not 1 <= m <= 12:
            raise ValueError
    except ValueError:
        raise _bad(f"--month {month!r}: expected YYYY-MM, e.g. 2026-12") from None
    a = open_app()
    paths = _call(lambda: settle.vat_report(a.new_uow, y, m, out or a.settings.out_dir))
    for p in paths:
        console.print(f"wrote {p}")


@app.command()
@disposing
def balances() -> None:
    """The ledger's balances per account and currency."""
    a = open_app()
    with a.new_uow() as uow:
        book = settle.ledger(uow)
    t = Table(title="Balances (debit positive)")
    for c in ("account", "currency", "balance"):
        t.add_column(c, justify="right" if c == "balance" else "left")
    for (acct, ccy), money in sorted(book.balances().items()):
        t.add_row(acct, ccy, f"{money.amount:,.2f}")
    console.print(t)
