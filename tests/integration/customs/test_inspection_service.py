"""Inspect first, then load, on stored lots: every transition with its audit entry in one
transaction, illegal ones refused with nothing written, a hold taking the lot out of its plan."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pinxiang.bootstrap import App
from pinxiang.customs import IllegalTransition, InvalidContainerNo
from pinxiang.persistence.tables import LotEventRow
from pinxiang.services import declarations as decl_service
from pinxiang.services import inspection, views
from pinxiang.services.consolidation import plan_shipments
from pinxiang.services.demo_flow import container_no

from .flow import FAST, on_file

BOX = container_no(100)


@pytest.fixture
def declared(app: App, tmp_path: Path, now: datetime) -> App:
    """The small market day declared, and its three lots declared."""
    on_file(app, tmp_path, now)
    decl_service.declare_shipment(app.new_uow, "SH-T1", now)
    done, left = inspection.declare_lots(app.new_uow, "SH-T1", "declarant", now)
    assert (done, left) == (["LOT-1", "LOT-2", "LOT-3"], [])
    return app


def events(app: App) -> int:
    with app.new_uow() as uow:
        return uow.session.scalar(select(func.count(LotEventRow.id))) or 0


def test_a_held_lot_leaves_the_plan_and_is_reported(declared: App, now: datetime) -> None:
    app = declared
    plan_shipments(app.new_uow, FAST, now)
    t = now + timedelta(hours=1)
    inspection.record_selection(app.new_uow, "LOT-2", t, reason="risk screening")
    inspection.inspect(app.new_uow, "LOT-2", "officer Wang", t)
    result = inspection.hold(app.new_uow, "LOT-2", "labels differ", "officer Wang", t, options=FAST)

    assert result.lot.state == "held" and result.replanned == "SH-T1"
    assert result.replan.removed_cartons == 6
    with app.new_uow() as uow:
        [view] = views.shipments(uow)
        held = inspection.lots(uow, state="held")
        log = inspection.history(uow, "LOT-2")
    assert view.plan is not None
    placed = {p.lot_no for c in view.plan.containers for p in c.placements}
    assert placed == {"LOT-1", "LOT-3"}
    assert [(u.lot_no, u.cartons, u.reason) for u in view.plan.unplaced] == [
        ("LOT-2", 6, "held by customs")
    ]
    assert [v.lot_no for v in held] == ["LOT-2"]
    assert [(e.event.value, e.actor, e.reason) for e in log][-1] == (
        "hold",
        "officer Wang",
        "labels differ",
    )

    amended = inspection.redeclare(app.new_uow, "LOT-2", "SH-T1-D01", "labels corrected", "d", t)
    assert (amended.state, amended.declaration_ref) == ("declared", "SH-T1-D01")


def test_an_illegal_transition_is_refused_and_nothing_is_written(
    declared: App, now: datetime
) -> None:
    app = declared
    before = events(app)
    with pytest.raises(
        IllegalTransition, match="cannot load when declared; allowed: select, release"
    ):
        inspection.load(app.new_uow, "LOT-1", BOX, "loader", now)
    with pytest.raises(IllegalTransition, match="cannot hold when declared"):
        inspection.hold(app.new_uow, "LOT-1", " ", "officer", now)
    assert events(app) == before
    with app.new_uow() as uow:
        [state] = [v.state for v in inspection.lots(uow) if v.lot_no == "LOT-1"]
    assert state == "declared"


def test_released_lots_are_loaded_under_a_valid_number_sealed_and_put_on_the_declaration(
    declared: App, now: datetime
) -> None:
    app = declared
    inspection.release(app.new_uow, "LOT-1", "customs", now)
    bad = BOX[:-1] + str((int(BOX[-1]) + 1) % 10)
    with pytest.raises(IllegalTransition, match="fails the ISO 6346 check"):
        inspection.load(app.new_uow, "LOT-1", bad, "loader", now)
    with pytest.raises(InvalidContainerNo):
        inspection.seal(app.new_uow, bad, "YW123456", "loader", now)
    inspection.release(app.new_uow, "LOT-3", "customs", now)
    for lot in ("LOT-1", "LOT-3"):
        inspection.load(app.new_uow, lot, BOX, "loader", now)
    sealed = inspection.seal(app.new_uow, BOX, "YW000100", "loader", now)
    assert [(v.lot_no, v.state, v.seal_no) for v in sealed] == [
        ("LOT-1", "sealed", "YW000100"),
        ("LOT-3", "sealed", "YW000100"),
    ]
    with app.new_uow() as uow:
        [decl] = decl_service.rebuild_declarations(uow, "SH-T1")
    [box] = decl.containers
    assert box.container_no == BOX
    assert box.goods_nos == tuple(sorted({decl.g_no_of("PO-1-M1/1"), decl.g_no_of("PO-1-M2/1")}))
    departed = inspection.depart(app.new_uow, BOX, "gate", now)
    assert {v.state for v in departed} == {"departed"}


def test_the_simulated_customs_is_repeatable_and_acts_only_on_declared_lots(
    declared: App, now: datetime
) -> None:
    app = declared
    sim = inspection.simulate_customs(app.new_uow, 7, now, options=FAST)
    assert sim.declared == 3
    assert set(sim.selected) >= set(sim.held)
    assert sorted([*sim.released, *sim.held]) == ["LOT-1", "LOT-2", "LOT-3"]
    again = inspection.simulate_customs(app.new_uow, 7, now, options=FAST)
    assert again.declared == 0
