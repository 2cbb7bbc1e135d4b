"""Invariants of a shipment plan over random cargo: every carton exactly once."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinxiang.domain import Handling
from pinxiang.services.planning import plan_cargo
from tests.unit.consolidation.builders import FAST, cargo, lot, violations

LOTS = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "C", "D"]),
        st.integers(min_value=1, max_value=60),
        st.sampled_from([(600, 400, 400), (500, 350, 300), (450, 450, 450), (700, 500, 500)]),
        st.integers(min_value=1_500, max_value=30_000),
        st.sampled_from(
            [Handling(), Handling(this_side_up=True), Handling(max_load_on_top_g=60_000)]
        ),
    ),
    min_size=1,
    max_size=7,
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=LOTS, lcl=st.booleans())
def test_no_carton_is_placed_twice_or_lost_between_containers_and_lcl(spec, lcl: bool) -> None:
    c = cargo(*(lot(f"L{i}", b, n, size, g, h) for i, (b, n, size, g, h) in enumerate(spec)))
    res = plan_cargo(c, replace(FAST, allow_lcl=lcl))
    ids = [p.carton_id for load in res.plan.containers for p in load.placements]
    assert len(ids) == len(set(ids))
    placed = Counter(p.lot_no for load in res.plan.containers for p in load.placements)
    for con in res.lcl:
        for lot_no, n in con.lots:
            placed[lot_no] += n
    for u in res.plan.unplaced:
        placed[u.lot_no] += u.cartons
    assert placed == Counter({x.lot_no: x.cartons for x in c.lots})
    for load in res.plan.containers:
        assert violations(load, c) == []
