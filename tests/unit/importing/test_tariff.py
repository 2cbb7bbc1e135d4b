"""The tariff file: the defaults round-trip, and every mistake is named with its key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pinxiang.domain.shipments import Route
from pinxiang.importing.tariff import (
    TariffRejected,
    default_tariff,
    load_tariff,
    parse_tariff,
    tariff_toml,
)

DEFAULT = tariff_toml()


def _problems(text: str) -> list[str]:
    with pytest.raises(TariffRejected) as e:
        parse_tariff(text, "t.toml")
    return [str(p) for p in e.value.problems]


def test_the_template_parses_back_to_the_built_in_tariff() -> None:
    t = parse_tariff(DEFAULT)
    d = default_tariff()
    assert t.rates == d.rates and t.lcl == d.lcl and t.road_limit_g == {}


def test_a_changed_rate_and_a_road_limit_are_read_exactly() -> None:
    text = DEFAULT.replace('40HQ = "2550"', '40HQ = "2999.95"', 1) + (
        "\n[routes.sea_ningbo.road_limit_kg]\n20GP = 17000\n"
    )
    t = parse_tariff(text)
    assert t.rates.rate(Route.SEA_NINGBO, "40HQ").amount == Decimal("2999.95")
    assert t.road_limit_g[Route.SEA_NINGBO] == {"20GP": 17_000_000}
    assert parse_tariff(tariff_toml(t)).road_limit_g == t.road_limit_g


def test_a_route_without_lcl_has_no_lcl() -> None:
    start = DEFAULT.index("[routes.sea_tianjin.lcl]")
    end = DEFAULT.index("[routes.rail_china_europe.fcl]")
    t = parse_tariff(DEFAULT[:start] + DEFAULT[end:])
    assert t.lcl.tariff(Route.SEA_TIANJIN) is None
    assert t.lcl.tariff(Route.SEA_NINGBO) is not None


def test_every_problem_is_reported_with_its_key() -> None:
    text = (
        DEFAULT.replace('currency = "USD"', 'currency = "USX"')
        .replace('20GP = "1650"', '20GP = "16x0"')
        .replace('45HQ = "2950"', "45HQ = 2950.5")
        .replace("kg_per_cbm = 1000", "kg_per_cbm = 0", 1)
        .replace("[routes.sea_tianjin.fcl]\n20GP", "[routes.sea_tianjin.fcl]\n20XX")
    )
    found = _problems(text)
    assert found == [
        "t.toml, key 'currency': unknown currency 'USX': expected an ISO 4217 code such as "
        "USD, EUR or CNY (got 'USX')",
        "t.toml, key 'routes.sea_ningbo.fcl.20GP': not a number; write a decimal such as "
        "\"2450\" (got '16x0')",
        "t.toml, key 'routes.sea_ningbo.fcl.45HQ': write the amount as a quoted decimal, "
        'e.g. "2450" or "95.50" (got 2950.5)',
        "t.toml, key 'routes.sea_ningbo.lcl.kg_per_cbm': must be between 1 and 10,000 kg (got 0)",
        "t.toml, key 'routes.sea_tianjin.fcl.20XX': unknown key; expected one of: "
        "20GP, 40GP, 40HQ, 45HQ",
        "t.toml, key 'routes.sea_tianjin.fcl.20GP': missing; e.g. 40HQ = \"2550\"",
    ]


def test_unknown_routes_missing_routes_and_broken_toml_are_refused() -> None:
    found = _problems(DEFAULT.replace("sea_tianjin", "sea_shanghai"))
    assert any(
        "routes.sea_shanghai': unknown route; expected one of: sea_ningbo" in p for p in found
    )
    assert any(
        "routes.sea_tianjin': missing; every route needs its [fcl] rates" in p for p in found
    )
    assert _problems("currency = ")[0].startswith("t.toml: not valid TOML: ")
    assert any("'routes': no routes" in p for p in _problems("[routes]\n"))


def test_negative_and_zero_rates_are_refused_but_a_zero_minimum_is_allowed() -> None:
    assert any(
        "must be a positive amount" in p for p in _problems(DEFAULT.replace('"1650"', '"-1"'))
    )
    t = parse_tariff(DEFAULT.replace('minimum_rt = "1"', 'minimum_rt = "0"', 1))
    assert t.lcl.per_route[Route.SEA_NINGBO].minimum_rt == 0


def test_a_missing_file_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(TariffRejected, match="no such file; `pinxiang tariff template`"):
        load_tariff(tmp_path / "nope.toml")
