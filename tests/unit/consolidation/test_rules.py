"""Every rule a booked container must keep, each with a test that fails when it is broken."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from pinxiang.domain import Handling, Route
from pinxiang.services.planning import plan_cargo
from tests.unit.consolidation.builders import FAST, cargo, lot, violations


def _buyers_per_container(res) -> list[set[str]]:
    return [{p.buyer_code for p in c.placements} for c in res.plan.containers]


def test_each_buyers_cargo_stays_in_one_container_when_it_fits_one() -> None:
    c = cargo(
        lot("A1", "A", 120, (600, 500, 500)),
        lot("A2", "A", 100, (500, 400, 400)),
        lot("B1", "B", 140, (600, 500, 500)),
        lot("B2", "B", 60, (500, 400, 400)),
    )
    res = plan_cargo(c, FAST)
    seen = Counter(b for buyers in _buyers_per_container(res) for b in buyers)
    assert seen == {"A": 1, "B": 1}
    assert sum(len(x.placements) for x in res.plan.containers) == 420


def test_lots_that_must_ship_together_share_a_container() -> None:
    c = cargo(
        lot("S1", "A", 150, (600, 500, 500), together="SET"),
        lot("S2", "B", 150, (600, 500, 500), together="SET"),
        lot("X1", "C", 150, (600, 500, 500)),
    )
    res = plan_cargo(c, FAST)
    seqs = {
        lot_no: {c.seq for c in res.plan.containers for p in c.placements if p.lot_no == lot_no}
        for lot_no in ("S1", "S2")
    }
    assert len(seqs["S1"]) == 1 and seqs["S1"] == seqs["S2"]


def test_a_later_stop_never_stands_between_an_earlier_stop_and_the_door() -> None:
    c = cargo(
        lot("W1", "WAW", 40, (600, 400, 400)),
        lot("D1", "DUI", 40, (600, 400, 400)),
        route=Route.RAIL_CHINA_EUROPE,
        stops={"WAW": 0, "DUI": 1},
    )
    res = plan_cargo(c, FAST)
    for load in res.plan.containers:
        assert [v for v in violations(load, c) if v.kind == "drop_order"] == []
        waw = [p for p in load.placements if p.buyer_code == "WAW"]
        dui = [p for p in load.placements if p.buyer_code == "DUI"]
        assert max(p.x_mm + p.length_mm for p in waw) >= max(p.x_mm + p.length_mm for p in dui)


def test_the_road_weight_limit_of_the_route_caps_every_container() -> None:
    opts = replace(
        FAST,
        road_limit_g={
            Route.SEA_NINGBO: {
                "20GP": 5_000_000,
                "40GP": 5_000_000,
                "40HQ": 5_000_000,
                "45HQ": 5_000_000,
            }
        },
    )
    c = cargo(lot("H1", "A", 300, (400, 300, 300), gross_g=30_000))
    res = plan_cargo(c, opts)
    assert len(res.plan.containers) >= 2
    for load in res.plan.containers:
        assert load.loaded_g <= 5_000_000
        assert load.max_payload_g == 5_000_000


def test_fragile_cartons_carry_nothing() -> None:
    fragile = Handling(this_side_up=True, fragile=True)
    c = cargo(
        lot("F1", "A", 30, (500, 400, 300), 8_000, fragile), lot("N1", "A", 120, (500, 400, 300))
    )
    res = plan_cargo(c, FAST)
    for load in res.plan.containers:
        for f in (p for p in load.placements if p.lot_no == "F1"):
            above = [
                q
                for q in load.placements
                if q.z_mm >= f.z_mm + f.height_mm
                and min(f.x_mm + f.length_mm, q.x_mm + q.length_mm) > max(f.x_mm, q.x_mm)
                and min(f.y_mm + f.width_mm, q.y_mm + q.width_mm) > max(f.y_mm, q.y_mm)
            ]
            assert above == []


def test_light_cartons_never_carry_more_than_their_load_factor_so_heavy_ones_go_low() -> None:
    c = cargo(
        lot("L1", "A", 80, (500, 400, 300), gross_g=2_000),
        lot("H1", "A", 60, (500, 400, 300), gross_g=28_000),
    )
    res = plan_cargo(c, FAST)
    for load in res.plan.containers:
        for light in (p for p in load.placements if p.lot_no == "L1"):
            column = sum(
                q.gross_g
                for q in load.placements
                if q.z_mm >= light.z_mm + light.height_mm
                and min(light.x_mm + light.length_mm, q.x_mm + q.length_mm)
                > max(light.x_mm, q.x_mm)
                and min(light.y_mm + light.width_mm, q.y_mm + q.width_mm) > max(light.y_mm, q.y_mm)
            )
            assert column <= FAST.light_load_factor * 2_000
        heavy_z = [p.z_mm for p in load.placements if p.lot_no == "H1"]
        light_z = [p.z_mm for p in load.placements if p.lot_no == "L1"]
        assert sum(heavy_z) / len(heavy_z) <= sum(light_z) / len(light_z)


def test_every_container_reports_its_centre_of_gravity_and_a_small_load_is_centred() -> None:
    c = cargo(lot("A1", "A", 12, (600, 400, 400), gross_g=20_000))
    res = plan_cargo(c, replace(FAST, allowed=("40GP",)))
    [bal] = res.balance
    assert bal.within_tolerance
    assert abs(bal.offset_length) <= FAST.cog_tolerance[0] + 1e-9
    assert bal.shift_x_mm > 0  # moved off the front wall to bring the weight to the middle
    assert violations(res.plan.containers[0], c) == []


def test_every_container_passes_the_independent_checker() -> None:
    c = cargo(
        lot("A1", "A", 90, (600, 500, 450), handling=Handling(this_side_up=True)),
        lot(
            "A2",
            "A",
            60,
            (450, 350, 300),
            gross_g=6_000,
            handling=Handling(max_load_on_top_g=40_000),
        ),
        lot("B1", "B", 70, (700, 450, 500), gross_g=15_000),
    )
    res = plan_cargo(c, FAST)
    assert res.plan.containers
    for load in res.plan.containers:
        assert violations(load, c) == []
    assert len(res.balance) == len(res.shares) == len(res.plan.containers)


def test_container_freight_is_shared_among_its_buyers_to_the_cent() -> None:
    c = cargo(lot("A1", "A", 40, (600, 500, 500)), lot("B1", "B", 20, (600, 500, 500)))
    res = plan_cargo(c, FAST)
    for load, fr, shares in zip(
        res.plan.containers, res.container_freight, res.shares, strict=True
    ):
        assert sum((s.amount.amount for s in shares), Decimal(0)) == fr.amount
        assert {s.buyer_code for s in shares} == {p.buyer_code for p in load.placements}
    [shares] = res.shares
    a = next(s for s in shares if s.buyer_code == "A")
    b = next(s for s in shares if s.buyer_code == "B")
    assert a.amount.amount == 2 * b.amount.amount


def test_a_small_buyer_goes_lcl_when_that_is_cheaper_and_lcl_is_allowed() -> None:
    # A alone fills a 40GP; with B it would need a second container, dearer than B's LCL.
    c = cargo(lot("A1", "A", 280, (600, 500, 500)), lot("B1", "B", 40, (500, 400, 400)))
    res = plan_cargo(c, replace(FAST, allow_lcl=True, allowed=("20GP", "40GP")))
    assert [x.buyer_code for x in res.lcl] == ["B"]
    assert all(p.buyer_code == "A" for load in res.plan.containers for p in load.placements)
    assert (
        res.freight.amount
        == sum(f.amount for f in res.container_freight) + res.lcl[0].charge.amount
    )
    assert res.lower_bound is not None and res.lower_bound.amount <= res.freight.amount


def test_without_lcl_every_carton_goes_in_a_container() -> None:
    c = cargo(lot("A1", "A", 240, (600, 500, 500)), lot("B1", "B", 3, (500, 400, 400)))
    res = plan_cargo(c, FAST)
    assert res.lcl == ()
    assert sum(len(x.placements) for x in res.plan.containers) == 243
