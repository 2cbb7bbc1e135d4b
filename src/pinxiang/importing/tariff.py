"""The forwarder's freight tariff as a TOML file: FCL rates per route and container type, LCL
tariffs per route (W/M) and road weight limits. `pinxiang tariff template PATH` writes the
built-in defaults in this format; `pinxiang plan --tariff PATH` (or `PINXIANG_TARIFF`) plans
with the file instead.

    currency = "USD"
    lcl_max_cbm = "15"            # the largest consignment a co-loader takes

    [routes.sea_ningbo.fcl]       # per container, in `currency`
    20GP = "1650"
    40HQ = "2550"

    [routes.sea_ningbo.lcl]       # per revenue ton: max(CBM, tonnes at kg_per_cbm)
    rate_per_rt = "95"
    minimum_rt = "1"
    kg_per_cbm = 1000

    [routes.sea_ningbo.road_limit_kg]   # gross cargo the road allows per container
    20GP = 17000

Every route needs its `fcl` table with a rate for every container type (the planner may book
any of them; `allowed` types narrow that per run); `lcl` and `road_limit_kg` are optional (no
LCL on that route; no limit below the container's payload). Every
problem is reported at once with the file, the key path and how to fix it; a file with any
problem is refused as a whole."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pinxiang.domain.containers import DEFAULT_CONTAINER_TYPES
from pinxiang.domain.freight import FreightRates
from pinxiang.domain.lcl import LclTariff, LclTariffs
from pinxiang.domain.money import UnknownCurrency, check_currency
from pinxiang.domain.shipments import Route
from pinxiang.domain.units import G_PER_KG

CONTAINER_CODES = tuple(ct.code for ct in DEFAULT_CONTAINER_TYPES)
ROUTES = tuple(r.value for r in Route)


@dataclass(frozen=True)
class Tariff:
    """What planning needs to price a shipment: the three parts of `PlanOptions` it replaces."""

    rates: FreightRates
    lcl: LclTariffs
    road_limit_g: Mapping[Route, Mapping[str, int]]
    source: str = "built-in defaults"


def default_tariff() -> Tariff:
    return Tariff(FreightRates(), LclTariffs(), {})


@dataclass(frozen=True)
class TariffProblem:
    file: str
    key: str
    value: object
    message: str

    def __str__(self) -> str:
        got = "" if self.value is None else f" (got {self.value!r})"
        where = f"{self.file}, key '{self.key}'" if self.key else self.file
        return f"{where}: {self.message}{got}"


class TariffRejected(ValueError):
    """The file has problems; nothing of it is used."""

    def __init__(self, problems: list[TariffProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the tariff; it was not used:\n{lines}")


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[TariffProblem] = []

    def problem(self, key: str, value: object, message: str) -> None:
        self.problems.append(TariffProblem(self.file, key, value, message))

    def amount(self, key: str, value: object, *, allow_zero: bool = False) -> Decimal | None:
        """A money amount: a string or an integer (never a float: 0.1 is not exact in TOML)."""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.problem(key, value, 'write the amount as a quoted decimal, e.g. "2450" or "95.50"')
            return None
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            self.problem(key, value, 'not a number; write a decimal such as "2450"')
            return None
        if not d.is_finite() or d < 0 or (d == 0 and not allow_zero):
            self.problem(key, value, "must be a positive amount")
            return None
        return d

    def integer(self, key: str, value: object, low: int, high: int, unit: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, value, f"write a whole number of {unit}")
            return None
        if not low <= value <= high:
            self.problem(key, value, f"must be between {low:,} and {high:,} {unit}")
            return None
        return value

    def table(self, key: str, value: object) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(key, type(value).__name__, "must be a table ([...] section)")
            return None
        return value

    def unknown(self, key: str, table: Mapping[str, Any], known: tuple[str, ...]) -> None:
        for k in table:
            if k not in known:
                self.problem(
                    f"{key}.{k}" if key else k,
                    None,
                    f"unknown key; expected one of: {', '.join(known)}",
                )


def parse_tariff(text: str, file: str = "tariff.toml") -> Tariff:
    """The tariff in `text`, or TariffRejected listing every problem."""
    r = _Reader(file)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TariffRejected([TariffProblem(file, "", None, f"not valid TOML: {e}")]) from None
    r.unknown("", doc, ("currency", "lcl_max_cbm", "routes"))
    currency = "USD"
    try:
        currency = check_currency(str(doc.get("currency", "USD")))
    except UnknownCurrency as e:
        r.problem("currency", doc.get("currency"), str(e))
    max_cbm = r.amount("lcl_max_cbm", doc.get("lcl_max_cbm", "15")) or Decimal(15)
    fcl: dict[Route, dict[str, Decimal]] = {}
    lcl: dict[Route, LclTariff] = {}
    road: dict[Route, dict[str, int]] = {}
    routes = r.table("routes", doc.get("routes", {}))
    if routes is not None and not routes:
        r.problem(
            "routes", None, f"no routes; add [routes.<route>.fcl] for one of: {', '.join(ROUTES)}"
        )
    for name, body in (routes or {}).items():
        key = f"routes.{name}"
        if name not in ROUTES:
            r.problem(key, None, f"unknown route; expected one of: {', '.join(ROUTES)}")
            continue
        route = Route(name)
        section = r.table(key, body)
        if section is None:
            continue
        r.unknown(key, section, ("fcl", "lcl", "road_limit_kg"))
        if "fcl" in section and (rates := r.table(f"{key}.fcl", section["fcl"])) is not None:
            r.unknown(f"{key}.fcl", rates, CONTAINER_CODES)
            fcl[route] = {
                code: amount
                for code, v in rates.items()
                if code in CONTAINER_CODES
                and (amount := r.amount(f"{key}.fcl.{code}", v)) is not None
            }
            for code in CONTAINER_CODES:
                if code not in rates:
                    r.problem(f"{key}.fcl.{code}", None, 'missing; e.g. 40HQ = "2550"')
        elif "fcl" not in section:
            r.problem(f"{key}.fcl", None, "missing; give a rate per container type")
        if "lcl" in section and (t := r.table(f"{key}.lcl", section["lcl"])) is not None:
            fields = ("rate_per_rt", "minimum_rt", "kg_per_cbm")
            r.unknown(f"{key}.lcl", t, fields)
            if "rate_per_rt" not in t:
                r.problem(f"{key}.lcl.rate_per_rt", None, 'missing; e.g. rate_per_rt = "95"')
            rate = r.amount(f"{key}.lcl.rate_per_rt", t.get("rate_per_rt", "1"))
            minimum = r.amount(f"{key}.lcl.minimum_rt", t.get("minimum_rt", "1"), allow_zero=True)
            kg = r.integer(f"{key}.lcl.kg_per_cbm", t.get("kg_per_cbm", 1000), 1, 10_000, "kg")
            if rate is not None and minimum is not None and kg is not None:
                lcl[route] = LclTariff(rate, currency, kg, minimum)
        if "road_limit_kg" in section:
            limits = r.table(f"{key}.road_limit_kg", section["road_limit_kg"])
            if limits is not None:
                r.unknown(f"{key}.road_limit_kg", limits, CONTAINER_CODES)
                road[route] = {
                    code: kg * G_PER_KG
                    for code, v in limits.items()
                    if code in CONTAINER_CODES
                    and (kg := r.integer(f"{key}.road_limit_kg.{code}", v, 1000, 40_000, "kg"))
                    is not None
                }
    for route in Route:
        if route.value not in (routes or {}):
            r.problem(f"routes.{route.value}", None, "missing; every route needs its [fcl] rates")
    if r.problems:
        raise TariffRejected(r.problems)
    return Tariff(FreightRates(currency, fcl), LclTariffs(lcl, max_cbm), road, file)


def load_tariff(path: Path) -> Tariff:
    """The tariff file at `path`; TariffRejected when it is missing or wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TariffRejected(
            [
                TariffProblem(
                    str(path), "", None, "no such file; `pinxiang tariff template` writes one"
                )
            ]
        ) from None
    except UnicodeDecodeError:
        raise TariffRejected([TariffProblem(str(path), "", None, "not UTF-8 text")]) from None
    return parse_tariff(text, str(path))


def _q(d: Decimal) -> str:
    return f'"{d}"'


def tariff_toml(t: Tariff | None = None) -> str:
    """`t` (the built-in defaults when None) in the file format above; parses back to `t`."""
    t = t or default_tariff()
    out = [
        "# Pinxiang freight tariff. Amounts are quoted decimals in `currency`.",
        "# The built-in figures are illustrative; replace them with your contract rates.",
        f'currency = "{t.rates.currency}"',
        f"lcl_max_cbm = {_q(t.lcl.max_cbm)}",
    ]
    routes = sorted(
        set(t.rates.per_container) | set(t.lcl.per_route) | set(t.road_limit_g), key=ROUTES.index
    )
    for route in routes:
        if route in t.rates.per_container:
            out += ["", f"[routes.{route.value}.fcl]"]
            out += [f"{code} = {_q(v)}" for code, v in t.rates.per_container[route].items()]
        if (lt := t.lcl.per_route.get(route)) is not None:
            out += [
                "",
                f"[routes.{route.value}.lcl]",
                f"rate_per_rt = {_q(lt.rate_per_rt)}",
                f"minimum_rt = {_q(lt.minimum_rt)}",
                f"kg_per_cbm = {lt.kg_per_cbm}",
            ]
        if route in t.road_limit_g:
            out += ["", f"[routes.{route.value}.road_limit_kg]"]
            out += [f"{code} = {g // G_PER_KG}" for code, g in t.road_limit_g[route].items()]
    return "\n".join(out) + "\n"
