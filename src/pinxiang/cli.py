"""The `pinxiang` command. Each command parses, calls a service function and shows the result."""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pinxiang.bootstrap import App
from pinxiang.cli_common import disposing, open_app
from pinxiang.cli_common import now as _now
from pinxiang.cli_customs import app as customs_app
from pinxiang.cli_settlement import app as settle_app
from pinxiang.cli_tariff import app as tariff_app
from pinxiang.cli_tariff import read_tariff as _tariff
from pinxiang.config import Settings
from pinxiang.domain import DEFAULT_CONTAINER_TYPES
from pinxiang.importing.problems import ImportRejected
from pinxiang.services import outputs, views
from pinxiang.services.consolidation import (
    UnknownShipment,
    container_catalogue,
    plan_shipments,
    stored_plan,
)
from pinxiang.services.importing import ImportReport, import_file

app = typer.Typer(
    help="Pinxiang (拼箱): market procurement (1039) export consolidation — orders and warehouse "
    "receipts to containers, load plans, declarations and settlement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
bench_app = typer.Typer(help="Quality benchmarks of the loading engine.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(bench_app, name="bench")
app.add_typer(customs_app, name="customs")
app.add_typer(settle_app, name="settle")
app.add_typer(tariff_app, name="tariff")
console = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 150)

SeedOpt = Annotated[int | None, typer.Option(help="Optimizer seed (same seed, same plan).")]
TimeOpt = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        help="Optimizer seconds per engine run (a safety limit: PINXIANG_MAX_ITERATIONS binds "
        "first).",
    ),
]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Output folder (default ./out).")]


def _app() -> App:
    return open_app()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _print_import(report: ImportReport) -> None:
    t = Table(title=f"Imported {report.file}")
    for col in ("table", "inserted", "updated", "unchanged"):
        t.add_column(col, justify="right" if col != "table" else "left")
    for name, (i, u, n) in report.by_table.items():
        t.add_row(name, str(i), str(u), str(n))
    console.print(t)


def _import(a: App, files: list[Path], now: datetime | None = None) -> None:
    for f in files:
        try:
            _print_import(import_file(f, a.new_uow, now or _now()))
        except ImportRejected as exc:
            err.print(f"[bold red]{f}: rejected, nothing was imported[/]")
            for p in exc.problems:
                err.print(f"  • {p}", markup=False, highlight=False)
            raise typer.Exit(2) from None


@app.command("import")
@disposing
def import_cmd(
    files: Annotated[list[Path], typer.Argument(help=".xlsx workbooks or .csv tables")],
) -> None:
    """Import orders, packing lists and warehouse receipts (all or nothing per file)."""
    _import(_app(), files)


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the blank workbook (.xlsx)")],
) -> None:
    """Write a blank bilingual workbook with every sheet and column Pinxiang reads."""
    from pinxiang.importing.writer import write_workbook

    if path.suffix.lower() != ".xlsx":
        err.print(f"{path}: the template is an Excel workbook; give a name ending in .xlsx")
        raise typer.Exit(2)
    write_workbook(path)
    console.print(f"Wrote {path}: sheets Merchants, Buyers, Shipments, Orders, Receipts.")


def _plan(
    a: App,
    seed: int | None,
    time_limit: float | None,
    refs: list[str] | None,
    now: datetime | None = None,
    lcl: bool | None = None,
    tariff: Path | None = None,
) -> None:
    s = a.settings
    opts = a.plan_options(seed, time_limit, lcl, _tariff(tariff) if tariff else None)
    with a.new_uow() as uow:
        n = len(refs) if refs else len(views.shipments(uow))
    with _progress() as prog:
        task = prog.add_task("Planning shipments", total=n)
        try:
            plan_shipments(
                a.new_uow,
                opts,
                now or _now(),
                refs=refs,
                carrier=s.carrier,
                workers=s.workers,
                progress=lambda c: prog.advance(task),
            )
        except UnknownShipment as exc:
            err.print(f"[red]{exc}[/]; `pinxiang plan` without --shipment plans them all")
            raise typer.Exit(2) from None


def _write_and_show(a: App, out: Path) -> dict[str, object]:
    with a.new_uow() as uow:
        vs = views.shipments(uow)
        catalogue = container_catalogue(uow, a.settings.carrier)
        stored = {v.ref: stored_plan(uow, v.ref) for v in vs if v.plan}
    planned = {k: p for k, p in stored.items() if p is not None}
    n = sum(len(v.plan.containers) for v in vs if v.plan)
    with _progress() as prog:
        task = prog.add_task("Writing plans, pictures, stuffing PDFs, packing lists", total=n)
        doc = outputs.write_outputs(
            vs,
            out,
            catalogue or DEFAULT_CONTAINER_TYPES,
            progress=lambda _: prog.advance(task),
            planned=planned,
        )
    _print_summary(doc)
    return doc


def _print_summary(doc: dict[str, object]) -> None:
    t = Table(title="Plan summary")
    for c in (
        "shipment",
        "destination",
        "route",
        "containers",
        "LCL RT",
        "cartons",
        "CBM",
        "kg",
        "vol %",
        "wt %",
        "unplaced",
        "freight",
    ):
        t.add_column(c, justify="left" if c in ("shipment", "destination", "route") else "right")
    ships = doc["shipments"]
    assert isinstance(ships, list)
    for s in ships:
        kinds = ", ".join(f"{n}×{k}" for k, n in sorted(s["containers"].items())) or "—"
        rt = sum(Decimal(c["revenue_tons"]) for c in s["lcl"])
        lcl_cartons = sum(int(c["cartons"]) for c in s["lcl"])
        boxed = bool(s["containers"])
        t.add_row(
            s["ref"],
            s["destination"],
            s["route"],
            kinds,
            f"{rt:.2f}" if s["lcl"] else "—",
            f"{s['cartons']} +{lcl_cartons} LCL" if lcl_cartons else str(s["cartons"]),
            f"{float(s['cbm']):.2f}" if boxed else "—",
            f"{float(s['kg']):,.0f}" if boxed else "—",
            f"{100 * s['volume_utilisation']:.1f}" if boxed else "—",
            f"{100 * s['weight_utilisation']:.1f}" if boxed else "—",
            str(s["unplaced_cartons"]),
            f"{float(s['freight']['amount']):,.0f} {s['freight']['currency']}",
        )
    tot = doc["totals"]
    assert isinstance(tot, dict)
    kinds = ", ".join(f"{n}×{k}" for k, n in tot["containers"].items())
    t.add_section()
    t.add_row(
        f"{tot['shipments']} shipments",
        "",
        "",
        kinds,
        f"{Decimal(tot['lcl_revenue_tons']):.2f}",
        f"{tot['cartons']} +{tot['lcl_cartons']} LCL"
        if tot["lcl_cartons"]
        else str(tot["cartons"]),
        f"{float(tot['cbm']):.2f}",
        f"{float(tot['kg']):,.0f}",
        "",
        "",
        str(tot["unplaced_cartons"]),
        f"{float(tot['freight']['amount']):,.0f} {tot['freight']['currency']}",
    )
    console.print(t)


@app.command()
@disposing
def plan(
    shipment: Annotated[
        list[str] | None, typer.Option("--shipment", help="Plan only this shipment (repeatable).")
    ] = None,
    seed: SeedOpt = None,
    time_limit: TimeOpt = None,
    out: OutOpt = None,
    lcl: Annotated[
        bool | None,
        typer.Option(
            "--lcl/--no-lcl",
            help="Let buyers' cargo go LCL (co-loaded) when cheaper [default: PINXIANG_LCL, on].",
        ),
    ] = None,
    tariff: Annotated[
        Path | None,
        typer.Option(
            "--tariff",
            help="TOML freight tariff to price with [default: PINXIANG_TARIFF, or the built-in "
            "rates]; `pinxiang tariff template` writes one.",
        ),
    ] = None,
) -> None:
    """Plan shipments into containers, store the plans and write them under --out."""
    a = _app()
    _plan(a, seed, time_limit, shipment, lcl=lcl, tariff=tariff)
    _write_and_show(a, out or a.settings.out_dir)


def demo_workbook() -> Path:
    """The bundled demo market day; generated from its seed if it is not there yet."""
    from importlib import resources

    path = Path(str(resources.files("pinxiang.data") / "demo" / "market-day.xlsx"))
    if not path.exists():
        from pinxiang.demo.generator import generate_market_day
        from pinxiang.demo.rows import market_day_rows
        from pinxiang.importing.writer import write_workbook

        write_workbook(path, market_day_rows(generate_market_day()))
    return path


# The demo runs on its market day's clock, so that every run writes the same documents.
DEMO_NOW = datetime(2026, 12, 1, 19, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@app.command()
@disposing
def demo(seed: SeedOpt = None, time_limit: TimeOpt = None, out: OutOpt = None) -> None:
    """Load the bundled Yiwu market day; plan, declare, inspect, load, settle; write ./out."""
    from pinxiang.services.accounts import ensure_demo_accounts
    from pinxiang.services.demo_flow import run_customs_and_settlement

    t0 = time.perf_counter()
    a = _app()
    out = out or a.settings.out_dir
    seed = a.settings.seed if seed is None else seed
    wb = demo_workbook()
    console.print(f"[bold]Pinxiang demo[/] — database {a.settings.database_url}, data {wb.name}")
    _import(a, [wb], DEMO_NOW)
    with a.new_uow() as uow:
        unplanned = [v.ref for v in views.shipments(uow) if v.plan is None]
    if unplanned:
        _plan(a, seed, time_limit, unplanned, DEMO_NOW)
    else:  # a second run keeps the plans (and the loaded, sealed containers) it made
        console.print("Every shipment already has its plan; `pinxiang plan` plans again.")
    with console.status("Declaring, simulating customs, loading, settling…"):
        figures = run_customs_and_settlement(a, out, DEMO_NOW, seed)
    _write_and_show(a, out)
    _print_customs_and_settlement(figures)
    accounts = ensure_demo_accounts(a.new_uow, DEMO_NOW)
    t = Table(title="Demo accounts (only because the demo data is loaded)")
    for c in ("user", "password", "role"):
        t.add_column(c)
    for user, password, role in accounts:
        t.add_row(user, password, role)
    console.print(t)
    console.print(
        f"Done in {time.perf_counter() - t0:.0f} s. Outputs in [bold]{out}/[/]: summary.json, "
        "plans/ (JSON and PNG per container), packing-lists/, stuffing/, declarations/, "
        "settlement/"
    )
    console.print(
        "Next: [bold]make serve[/] and open http://127.0.0.1:8000 (log in as planner / "
        "planner-demo)."
    )


def _print_customs_and_settlement(f: dict[str, object]) -> None:
    t = Table(title="Customs and settlement")
    t.add_column("figure")
    t.add_column("value", justify="right")
    for k, v in f.items():
        if isinstance(v, list):
            v = ", ".join(map(str, v)) or "—"
        t.add_row(k.replace("_", " "), str(v))
    console.print(t)


@db_app.command("upgrade")
@disposing
def db_upgrade() -> None:
    """Create the database or bring its schema to the latest version."""
    from pinxiang.persistence.migrate import current_revision

    a = _app()
    console.print(f"{a.settings.database_url}: schema at revision {current_revision(a.engine)}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Serve the web application and the JSON API."""
    import uvicorn

    from pinxiang.api.app import create_app

    console.print(f"Serving on http://{host}:{port}  (health: /health)")
    uvicorn.run(create_app(Settings()), host=host, port=port, log_level="info")


@bench_app.command("br")
def bench_br(
    data: Annotated[Path, typer.Option(help="Folder with BR0.txt … BR15.txt")] = Path(
        "../shared/benchmarks/br"
    ),
    classes: Annotated[str, typer.Option(help="Classes, e.g. 1-15 or 1,8,15")] = "1-15",
    instances: Annotated[int, typer.Option(help="First N problems of each class")] = 10,
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds per problem")] = 10.0,
    support: Annotated[str, typer.Option(help="full or none")] = "full",
    seed: Annotated[int, typer.Option(help="Seed")] = 1,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write results here")] = None,
    peers: Annotated[bool, typer.Option(help="Also run packingsolver3d and py3dbp")] = False,
    peers_only: Annotated[
        bool,
        typer.Option(
            "--peers-only",
            help="Run only packingsolver3d and py3dbp (e.g. on the other core, beside a run "
            "of Pinxiang alone with the same options)",
        ),
    ] = False,
) -> None:
    """Solve Bischoff & Ratcliff problems, check every plan, print a table per class."""
    from pinxiang.optimizer import bench

    if support not in ("full", "none"):
        err.print(f"--support must be 'full' or 'none', not {support!r}")
        raise typer.Exit(2)
    cls = _parse_classes(classes)
    res = bench.run_br(
        data,
        cls,
        instances,
        time_limit,
        support,
        seed,
        peers or peers_only,
        progress=lambda m: console.print(m, highlight=False),
        own=not peers_only,
    )
    console.print(bench.format_br_table(res["results"]))
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(res, indent=1))
        console.print(f"wrote {json_path}")


@bench_app.command("binpack")
def bench_binpack(
    files: Annotated[list[Path], typer.Argument(help="BR-format files")],
    time_limit: Annotated[float, typer.Option("--time-limit", help="Seconds per container")] = 2.0,
    seed: Annotated[int, typer.Option(help="Seed")] = 1,
    support: Annotated[str, typer.Option(help="full or none")] = "full",
    json_path: Annotated[Path | None, typer.Option("--json", help="Write results here")] = None,
) -> None:
    """Pack all boxes of each problem into the fewest containers; ends with `total: N`."""
    from pinxiang.optimizer import bench

    res = bench.run_binpack(files, time_limit, seed, support)
    console.print(bench.format_binpack(res), highlight=False)
    if json_path:
        json_path.write_text(json.dumps(res, indent=1))


@bench_app.command("consolidation")
def bench_consolidation(
    days: Annotated[int, typer.Option(min=1, help="Seeded market weeks to plan")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the first week")] = 1,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="Seconds per engine run (a safety limit)")
    ] = 5.0,
    max_iterations: Annotated[
        int, typer.Option("--max-iterations", min=1, help="Iterations per engine run")
    ] = 300,
    workers: Annotated[int, typer.Option(min=1, help="Processes planning shipments")] = 2,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write results here")] = None,
) -> None:
    """Plan seeded weeks of a large consolidator; containers, LCL, freight, gap to bound."""
    from pinxiang.services.bench_consolidation import (
        format_consolidation,
        run_consolidation_bench,
    )

    doc = run_consolidation_bench(
        days,
        seed,
        time_limit,
        workers,
        progress=lambda m: console.print(m, highlight=False),
        max_iterations=max_iterations,
    )
    console.print(format_consolidation(doc), highlight=False)
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(doc, indent=1))
        console.print(f"wrote {json_path}")


def _parse_classes(text: str) -> list[int]:
    out: list[int] = []
    try:
        for part in text.split(","):
            if "-" in part:
                a, b = part.split("-")
                out.extend(range(int(a), int(b) + 1))
            else:
                out.append(int(part))
    except ValueError:
        err.print(f"--classes {text!r}: expected numbers like 1-15 or 1,8,15")
        raise typer.Exit(2) from None
    if any(not 0 <= c <= 15 for c in out):
        err.print(f"--classes {text!r}: BR classes run from 0 to 15")
        raise typer.Exit(2)
    return out


def main() -> None:
    app(prog_name="pinxiang")


if __name__ == "__main__":
    main()
