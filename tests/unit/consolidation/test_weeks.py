"""The benchmark's market week: the size the issue asks for, repeatable, every lot once."""

from __future__ import annotations

from pinxiang.demo.weeks import LANES, generate_week
from pinxiang.services.bench_consolidation import format_consolidation, week_cargo


def test_a_week_has_the_size_of_a_large_consolidator() -> None:
    w = generate_week(7)
    assert w.cartons == 10_000
    assert len({(lot.carton, lot.handling) for lot in w.lots}) >= 1_400
    assert len({lot.buyer_code for lot in w.lots}) == 60
    assert len({d for lane in LANES for d in lane.destinations}) == 12


def test_the_same_seed_gives_the_same_week() -> None:
    assert generate_week(3) == generate_week(3)
    assert generate_week(3) != generate_week(4)


def test_every_lot_lands_in_exactly_one_shipment_cargo() -> None:
    w = generate_week(5)
    cargos = week_cargo(w)
    assert sum(len(c.lots) for c in cargos) == len(w.lots)
    assert any(len({s for _, s in c.stops}) > 1 for c in cargos)  # a multi-stop rail lane


def test_the_benchmark_table_names_every_measure() -> None:
    doc = {
        "currency": "USD",
        "time_limit_s": 1.0,
        "workers": 2,
        "weeks": [
            {
                "seed": 1,
                "cartons": 10_000,
                "cbm": 900.0,
                "containers": {"40HQ": 3},
                "lcl_revenue_tons": "12.5",
                "freight": "9000",
                "lower_bound": "6000",
                "gap": 0.5,
                "mean_volume_utilisation": 0.6,
                "mean_weight_utilisation": 0.2,
                "cog_within_tolerance": "3/3",
                "seconds": 80.0,
                "peak_mib": 140,
            }
        ],
    }
    text = format_consolidation(doc)
    for word in ("containers", "LCL RT", "freight", "bound", "gap", "vol%", "wt%", "MiB", "3x40HQ"):
        assert word in text
