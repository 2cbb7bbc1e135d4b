"""`pinxiang tariff …`: the freight tariff planning prices with (FCL, LCL, road limits)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from pinxiang.config import Settings
from pinxiang.domain.units import G_PER_KG
from pinxiang.importing.tariff import (
    Tariff,
    TariffRejected,
    default_tariff,
    load_tariff,
    tariff_toml,
)

app = typer.Typer(
    help="The freight tariff: FCL rates, LCL tariffs, road limits.", no_args_is_help=True
)
console = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 150)

PathArg = Annotated[Path, typer.Argument(help="A tariff file (.toml)")]


def read_tariff(path: Path) -> Tariff:
    """The file's tariff; on any problem, every problem is printed and the command exits 2."""
    try:
        return load_tariff(path)
    except TariffRejected as e:
        err.print(f"[red]{e}[/]")
        raise typer.Exit(2) from None


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="Where to write the tariff (.toml)")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write the built-in (illustrative) tariff as a TOML file to edit with your rates."""
    if path.suffix.lower() != ".toml":
        err.print(f"{path}: a tariff is a TOML file; give a name ending in .toml")
        raise typer.Exit(2)
    if path.exists() and not force:
        err.print(f"{path} exists; pass --force to overwrite it")
        raise typer.Exit(2)
    path.write_text(tariff_toml(default_tariff()), encoding="utf-8")
    console.print(f"Wrote {path}. Edit the rates, then `pinxiang tariff check {path}`.")


@app.command()
def check(path: PathArg) -> None:
    """Check a tariff file: every problem with its key and how to fix it."""
    t = read_tariff(path)
    console.print(
        f"{path}: valid; {len(t.rates.per_container)} routes, currency {t.rates.currency}"
    )


@app.command()
def show(
    path: Annotated[
        Path | None,
        typer.Argument(help="A tariff file [default: PINXIANG_TARIFF, or the built-in rates]"),
    ] = None,
) -> None:
    """Print the tariff planning would price with."""
    path = path or Settings().tariff
    t = read_tariff(path) if path else default_tariff()
    codes = sorted({c for r in t.rates.per_container.values() for c in r})
    table = Table(title=f"Freight tariff ({t.source}), {t.rates.currency}")
    table.add_column("route")
    for c in codes:
        table.add_column(c, justify="right")
    table.add_column("LCL per RT", justify="right")
    table.add_column("LCL min RT", justify="right")
    table.add_column("kg per CBM", justify="right")
    table.add_column("road limit kg")
    for route, rates in t.rates.per_container.items():
        lcl = t.lcl.tariff(route)
        road = t.road_limit_g.get(route, {})
        table.add_row(
            route.value,
            *(f"{rates[c]:,}" if c in rates else "—" for c in codes),
            f"{lcl.rate_per_rt}" if lcl else "no LCL",
            f"{lcl.minimum_rt}" if lcl else "",
            f"{lcl.kg_per_cbm:,}" if lcl else "",
            ", ".join(f"{c} {g // G_PER_KG:,}" for c, g in road.items()) or "payload",
        )
    console.print(table)
    console.print(f"A co-loader takes at most {t.lcl.max_cbm} CBM per LCL consignment.")
