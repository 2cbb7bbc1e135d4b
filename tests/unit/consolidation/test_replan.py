"""Re-planning one container after customs holds lots: stable layout, never a held carton."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinxiang.domain import container_type
from pinxiang.services.planning import ShipmentCargo, plan_cargo, replan_container
from tests.unit.consolidation.builders import FAST, cargo, lot, violations

FULL = cargo(
    *(
        lot(f"L{i}", f"B{i % 3}", 70, size, gross)
        for i, (size, gross) in enumerate(
            [
                ((600, 400, 400), 12_000),
                ((500, 400, 350), 9_000),
                ((450, 350, 300), 15_000),
                ((600, 500, 450), 8_000),
                ((550, 450, 400), 11_000),
                ((400, 300, 300), 7_000),
                ((500, 500, 500), 10_000),
                ((650, 450, 350), 13_000),
            ]
        )
    )
)
OPTS = replace(FAST, allowed=("40HQ",))
PLANNED = plan_cargo(FULL, OPTS)


def _without(c: ShipmentCargo, held: set[str]) -> ShipmentCargo:
    return replace(c, lots=tuple(x for x in c.lots if x.lot_no not in held))


def test_the_full_container_is_a_40hq_with_every_carton() -> None:
    [load] = PLANNED.plan.containers
    assert load.container_type == "40HQ" and len(load.placements) == 560


def test_a_hold_re_plans_a_full_40hq_and_keeps_supported_cartons() -> None:
    # its speed (under 2 s, issue 4) is measured by benchmarks/replan_bench.py, not here
    [load] = PLANNED.plan.containers
    got = replan_container(load, container_type("40HQ"), _without(FULL, {"L3"}), OPTS)
    assert got is not None
    assert got.removed == 70 and got.freed_mm3 == 70 * 600 * 500 * 450
    assert all(p.lot_no != "L3" for p in got.load.placements)
    assert len(got.load.placements) == 490
    before = {p.carton_id: (p.x_mm, p.y_mm, p.z_mm) for p in load.placements}
    same = sum(1 for p in got.load.placements if before[p.carton_id] == (p.x_mm, p.y_mm, p.z_mm))
    assert same == 490 - got.moved
    assert got.method in ("kept", "refill")  # the freed holes are refilled, nothing reloaded
    assert got.moved < 490 // 10  # the layout stays where it was
    assert violations(got.load, _without(FULL, {"L3"}), OPTS) == []


def test_a_container_without_held_cartons_is_unchanged() -> None:
    [load] = PLANNED.plan.containers
    got = replan_container(load, container_type("40HQ"), FULL, OPTS)
    assert got is not None and got.method == "unchanged" and got.moved == 0
    assert got.load.placements == load.placements


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(held=st.sets(st.sampled_from([f"L{i}" for i in range(8)]), min_size=1, max_size=4))
def test_a_re_plan_never_places_a_held_carton_and_loses_no_other(held: set[str]) -> None:
    [load] = PLANNED.plan.containers
    rest = _without(FULL, held)
    got = replan_container(load, container_type("40HQ"), rest, OPTS)
    assert got is not None
    ids = [p.carton_id for p in got.load.placements]
    assert len(ids) == len(set(ids))
    assert not {p.lot_no for p in got.load.placements} & held
    kept = sorted(p.carton_id for p in load.placements if p.lot_no not in held)
    assert sorted(ids) == kept
    assert violations(got.load, rest, OPTS) == []


def test_space_freed_by_a_hold_is_offered_to_the_shipments_lcl_cargo() -> None:
    from pinxiang.services.planning import offer_space

    c = cargo(
        lot("A1", "A", 200, (600, 500, 500)),
        lot("A2", "A", 80, (600, 500, 500)),
        lot("B1", "B", 40, (500, 400, 400)),
    )
    opts = replace(FAST, allow_lcl=True, allowed=("20GP", "40GP"))
    res = plan_cargo(c, opts)
    assert [x.buyer_code for x in res.lcl] == ["B"]
    [load] = res.plan.containers
    rest = _without(c, {"A2"})
    got = replan_container(load, container_type(load.container_type), rest, opts)
    assert got is not None
    offered, taken = offer_space(got, container_type(load.container_type), rest, res.lcl, opts)
    assert taken == ["B"]
    placed = [p for p in offered.load.placements if p.lot_no == "B1"]
    assert len(placed) == 40
    kept = {p.carton_id: p for p in got.load.placements}
    assert all(kept[p.carton_id] == p for p in offered.load.placements if p.lot_no == "A1")
    assert violations(offered.load, rest, opts) == []
