"""`pinxiang customs …`: declarations and the inspect-first-then-load flow of the lots.

Each command parses, calls a service function and shows the result; a refusal prints the rule's
message and exits with code 2, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from pinxiang.cli_common import disposing, open_app
from pinxiang.cli_common import now as clock
from pinxiang.customs import CustomsError
from pinxiang.services import declarations as decl_service
from pinxiang.services import inspection
from pinxiang.services.consolidation import UnknownShipment
from pinxiang.services.declarations import DeclarationRefused
from pinxiang.services.inspection import LotView, UnknownLot

app = typer.Typer(
    help="Customs: declarations (报关单) of shipments and the lots' inspect-first-then-load flow.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
console = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 150)

ActorOpt = Annotated[str, typer.Option("--actor", help="Who does it (recorded in the audit log).")]
T = TypeVar("T")


@contextmanager
def _refusals() -> Iterator[None]:
    """Print a refusal (the service's or the customs rule's message) and exit with code 2."""
    try:
        yield
    except (CustomsError, DeclarationRefused, UnknownLot, UnknownShipment, KeyError) as exc:
        err.print(f"[red]refused:[/] {exc.args[0] if exc.args else exc}", highlight=False)
        raise typer.Exit(2) from None


def _call(fn: Callable[[], T]) -> T:
    with _refusals():
        return fn()


def _lots_table(views: list[LotView], title: str) -> Table:
    t = Table(title=title)
    for c in ("lot", "shipment", "order line", "cartons", "state", "declaration", "container"):
        t.add_column(c, justify="right" if c == "cartons" else "left")
    for v in views:
        t.add_row(
            v.lot_no,
            v.shipment_ref,
            v.order_line_ref,
            str(v.cartons),
            v.state,
            v.declaration_ref,
            f"{v.container_no} {v.seal_no}".strip(),
        )
    return t


@app.command()
@disposing
def declare(
    shipment: Annotated[
        list[str] | None, typer.Option("--shipment", help="Only this shipment (repeatable).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default ./out).")
    ] = None,
    submit: Annotated[
        bool, typer.Option("--submit", help="Also declare the shipment's received lots.")
    ] = False,
    actor: ActorOpt = "declarant",
) -> None:
    """Build the transaction lists and declarations of shipments and write their documents
    (out/declarations/<ref>.json, .pdf, <shipment>.xlsx). Blocked lines are reported."""
    a = open_app()
    now = clock()
    with a.new_uow() as uow:
        refs = shipment or [r.shipment_ref for r in decl_service.declaration_reports(uow)]
    reports = []
    with _refusals():
        for ref in refs:
            reports.append(decl_service.declare_shipment(a.new_uow, ref, now))
    t = Table(title="Declarations")
    for c in ("declaration", "buyer", "currency", "total", "USD", "lines", "list lines", "state"):
        t.add_column(c, justify="left" if c in ("declaration", "buyer", "state") else "right")
    for rep in reports:
        for d in rep.declarations:
            t.add_row(
                d.ref,
                " ".join(d.buyer_codes),
                d.currency,
                f"{d.total:,.2f}",
                f"{d.total_usd:,.2f}",
                str(d.lines),
                str(d.list_lines),
                "submitted" if d.submitted else "draft",
            )
    console.print(t)
    for rep in reports:
        for v in rep.blocked:
            err.print(f"[yellow]blocked[/] {v.message}", highlight=False)
        if submit:
            with _refusals():
                done, left = inspection.declare_lots(a.new_uow, rep.shipment_ref, actor, now)
            console.print(
                f"{rep.shipment_ref}: {len(done)} lot(s) declared, {len(left)} left received"
            )
    paths = _call(
        lambda: decl_service.write_declaration_documents(a.new_uow, out or a.settings.out_dir, refs)
    )
    console.print(
        f"Wrote {len(paths)} file(s) under {(out or a.settings.out_dir) / 'declarations'}"
    )


@app.command()
@disposing
def lots(
    state: Annotated[
        str | None, typer.Option("--state", help="Only lots in this state, e.g. held.")
    ] = None,
    shipment: Annotated[str | None, typer.Option("--shipment", help="Only this shipment.")] = None,
) -> None:
    """List the lots with their customs state, declaration and container."""
    from pinxiang.customs import LotState

    if state is not None and state not in {s.value for s in LotState}:
        err.print(
            f"--state {state!r}: expected one of {', '.join(s.value for s in LotState)}",
            highlight=False,
        )
        raise typer.Exit(2)
    a = open_app()
    with a.new_uow() as uow:
        views = inspection.lots(uow, state, shipment)
    console.print(_lots_table(views, f"{len(views)} lot(s)"))


@app.command("select")
@disposing
def select_cmd(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    reason: Annotated[str, typer.Option("--reason", help="Why customs selected it.")] = "",
    actor: ActorOpt = "customs",
) -> None:
    """Record that customs selected a declared lot for inspection."""
    a = open_app()
    v = _call(lambda: inspection.record_selection(a.new_uow, lot, clock(), actor, reason))
    console.print(f"{v.lot_no}: {v.state}")


@app.command("inspect")
@disposing
def inspect_cmd(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    actor: ActorOpt = "inspector",
) -> None:
    """Record that a selected lot was inspected (release or hold it next)."""
    a = open_app()
    v = _call(lambda: inspection.inspect(a.new_uow, lot, actor, clock()))
    console.print(f"{v.lot_no}: {v.state}")


@app.command()
@disposing
def release(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    reason: Annotated[str, typer.Option("--reason", help="Note for the audit log.")] = "",
    actor: ActorOpt = "customs",
) -> None:
    """Release a lot (放行): without inspection, after inspection, or lifting a hold."""
    a = open_app()
    v = _call(lambda: inspection.release(a.new_uow, lot, actor, clock(), reason))
    console.print(f"{v.lot_no}: {v.state}")


@app.command()
@disposing
def hold(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is held (required).")],
    actor: ActorOpt = "inspector",
) -> None:
    """Hold an inspected lot: it leaves its container plan and the shipment is planned again."""
    a = open_app()
    opts = a.plan_options()
    res = _call(
        lambda: inspection.hold(
            a.new_uow, lot, reason, actor, clock(), options=opts, carrier=a.settings.carrier
        )
    )
    r = res.replan
    console.print(
        f"{res.lot.lot_no}: held; {res.replanned} re-planned ({r.method}): "
        f"{r.removed_cartons} carton(s) taken out, {r.moved_cartons} moved, "
        f"{res.unplaced_cartons} carton(s) outside the plan"
    )


@app.command("return")
@disposing
def return_cmd(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    reason: Annotated[str, typer.Option("--reason", help="Why it goes back (required).")],
    actor: ActorOpt = "inspector",
) -> None:
    """Give a held lot back to its merchant (final)."""
    a = open_app()
    v = _call(lambda: inspection.return_lot(a.new_uow, lot, reason, actor, clock()))
    console.print(f"{v.lot_no}: {v.state}")


@app.command()
@disposing
def redeclare(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    declaration: Annotated[str, typer.Option("--declaration", help="The amended declaration.")],
    reason: Annotated[str, typer.Option("--reason", help="What was amended (required).")],
    actor: ActorOpt = "declarant",
) -> None:
    """修撤单: declare a held lot again under an amended declaration."""
    a = open_app()
    v = _call(lambda: inspection.redeclare(a.new_uow, lot, declaration, reason, actor, clock()))
    console.print(f"{v.lot_no}: {v.state} under {v.declaration_ref}")


@app.command()
@disposing
def load(
    lot: Annotated[str, typer.Argument(help="Lot number")],
    container: Annotated[str, typer.Option("--container", help="ISO 6346 container number.")],
    actor: ActorOpt = "loader",
) -> None:
    """Stuff a released lot into a container."""
    a = open_app()
    v = _call(lambda: inspection.load(a.new_uow, lot, container, actor, clock()))
    console.print(f"{v.lot_no}: {v.state} in {v.container_no}")


@app.command()
@disposing
def seal(
    container: Annotated[str, typer.Argument(help="ISO 6346 container number")],
    seal_no: Annotated[str, typer.Option("--seal", help="Seal (封志/关锁) number.")],
    actor: ActorOpt = "loader",
) -> None:
    """Seal a container: every lot loaded in it is sealed."""
    a = open_app()
    views = _call(lambda: inspection.seal(a.new_uow, container, seal_no, actor, clock()))
    console.print(f"{container}: sealed {len(views)} lot(s) with {seal_no}")


@app.command()
@disposing
def depart(
    container: Annotated[str, typer.Argument(help="ISO 6346 container number")],
    actor: ActorOpt = "gate",
) -> None:
    """The sealed container leaves: its lots depart."""
    a = open_app()
    views = _call(lambda: inspection.depart(a.new_uow, container, actor, clock()))
    console.print(f"{container}: {len(views)} lot(s) departed")


@app.command("hand-over")
@disposing
def hand_over(
    lot: Annotated[str, typer.Argument(help="Lot number of a released lot shipped LCL")],
    co_loader_ref: Annotated[
        str, typer.Option("--co-loader-ref", help="The co-loader's booking or house B/L number.")
    ],
    actor: ActorOpt = "gate",
) -> None:
    """An LCL lot leaves with the co-loader (no container of ours): it departs."""
    a = open_app()
    v = _call(lambda: inspection.hand_over(a.new_uow, lot, co_loader_ref, actor, clock()))
    console.print(f"{v.lot_no}: {v.state} with the co-loader, {co_loader_ref}")


LclOpt = Annotated[
    bool, typer.Option("--lcl", help="The argument is an LCL lot handed to a co-loader.")
]


@app.command()
@disposing
def arrive(
    container: Annotated[str, typer.Argument(help="ISO 6346 container number (or --lcl lot)")],
    at: Annotated[
        str, typer.Option("--at", help="Where: destination port, rail terminal or warehouse.")
    ],
    actor: ActorOpt = "agent",
    lcl: LclOpt = False,
) -> None:
    """The departed container reached its destination: its lots arrive."""
    a = open_app()
    if lcl:
        v = _call(lambda: inspection.arrive_lcl(a.new_uow, container, at, actor, clock()))
        console.print(f"{v.lot_no}: arrived at {at}")
        return
    views = _call(lambda: inspection.arrive(a.new_uow, container, at, actor, clock()))
    console.print(f"{container}: {len(views)} lot(s) arrived at {at}")


@app.command()
@disposing
def deliver(
    container: Annotated[str, typer.Argument(help="ISO 6346 container number (or --lcl lot)")],
    receiver: Annotated[str, typer.Option("--receiver", help="Who signed for the cartons.")],
    buyer: Annotated[str, typer.Option("--buyer", help="The buyer's code.")] = "",
    actor: ActorOpt = "agent",
    lcl: LclOpt = False,
) -> None:
    """The buyer's cartons from the container reached the buyer's door, signed for."""
    a = open_app()
    if lcl:
        v = _call(lambda: inspection.deliver_lcl(a.new_uow, container, receiver, actor, clock()))
        console.print(f"{v.lot_no}: delivered, signed by {receiver}")
        return
    if not buyer:
        raise typer.BadParameter("give the buyer's code", param_hint="--buyer")
    views = _call(lambda: inspection.deliver(a.new_uow, container, buyer, receiver, actor, clock()))
    console.print(f"{container}: {len(views)} lot(s) of {buyer} delivered, signed by {receiver}")


@app.command()
@disposing
def history(lot: Annotated[str, typer.Argument(help="Lot number")]) -> None:
    """The lot's audit log: every transition, who, when and why."""
    a = open_app()
    with a.new_uow() as uow:
        entries = _call(lambda: inspection.history(uow, lot))
    t = Table(title=f"Lot {lot}")
    for c in ("#", "event", "from", "to", "who", "when", "why"):
        t.add_column(c)
    for e in entries:
        t.add_row(
            str(e.seq),
            e.event.value,
            e.from_state.value,
            e.to_state.value,
            e.actor,
            e.at.isoformat(timespec="minutes"),
            e.reason,
        )
    console.print(t)
