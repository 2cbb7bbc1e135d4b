"""Consolidation on the database: LCL, balance and cost shares stored; re-plans after holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from pinxiang.bootstrap import App
from pinxiang.persistence.planning_tables import (
    ContainerBalanceRow,
    CostShareRow,
    LclLotRow,
    ReplanRow,
)
from pinxiang.persistence.tables import LotStateRow, ReceiptRow
from pinxiang.services.consolidation import plan_shipments, replan_after_hold, stored_plan
from pinxiang.services.importing import import_file
from pinxiang.services.planning import PlanOptions
from tests.builders import order, receipt, small_rows, workbook

OPTS = PlanOptions(seed=5, time_limit_s=0.5, max_iterations=300)


def _rows(cartons: tuple[int, int, int] = (60, 80, 40)) -> dict:
    rows = small_rows()
    for i, n in enumerate(cartons):
        rows["orders"][i]["cartons"] = n
        rows["receipts"][i]["cartons"] = n
    return rows


def _import(app: App, tmp_path: Path, now: datetime, rows: dict) -> None:
    import_file(workbook(tmp_path / "orders.xlsx", rows), app.new_uow, now)


def _hold(app: App, lot_no: str, now: datetime) -> None:
    with app.new_uow() as uow:
        r = uow.session.scalars(select(ReceiptRow).where(ReceiptRow.lot_no == lot_no)).one()
        uow.session.add(LotStateRow(receipt_id=r.id, state="held", updated_at=now))
        uow.commit()


def _count(app: App, table: type) -> int:
    with app.new_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(table)) or 0


def test_a_plan_stores_balance_and_cost_shares_for_every_container(
    app: App, tmp_path: Path, now: datetime
) -> None:
    _import(app, tmp_path, now, _rows())
    [res] = plan_shipments(app.new_uow, OPTS, now)
    n = len(res.plan.containers)
    assert n >= 1
    assert _count(app, ContainerBalanceRow) == n
    assert _count(app, CostShareRow) == sum(len(s) for s in res.shares)
    with app.new_uow() as uow:
        back = stored_plan(uow, "SH-T1")
    assert back is not None
    assert back.plan == res.plan and back.freight == res.freight and back.shares == res.shares


def test_lcl_consignments_are_stored_and_counted_in_the_freight(
    app: App, tmp_path: Path, now: datetime
) -> None:
    _import(app, tmp_path, now, _rows((4, 6, 3)))
    [res] = plan_shipments(app.new_uow, replace(OPTS, allow_lcl=True), now)
    assert res.plan.containers == ()  # 0.3 CBM: one minimum LCL charge beats any container
    [con] = res.lcl
    assert con.buyer_code == "B1" and con.revenue_tons == Decimal(1)
    assert res.freight == con.charge
    assert _count(app, LclLotRow) == 3
    with app.new_uow() as uow:
        back = stored_plan(uow, "SH-T1")
    assert back is not None and back.lcl == res.lcl


def test_re_planning_after_a_hold_removes_the_held_lot_and_keeps_the_rest(
    app: App, tmp_path: Path, now: datetime
) -> None:
    _import(app, tmp_path, now, _rows())
    [before] = plan_shipments(app.new_uow, OPTS, now)
    _hold(app, "LOT-2", now)
    report = replan_after_hold(app.new_uow, "SH-T1", OPTS, now)
    assert report.method == "local"
    assert report.removed_cartons == 80
    assert report.freed_mm3 == 80 * 450 * 300 * 350
    assert report.runtime_s > 0  # how fast is measured in docs/consolidation.md, not here
    after = report.planned.plan
    placed = [p for c in after.containers for p in c.placements]
    assert {p.lot_no for p in placed} == {"LOT-1", "LOT-3"}
    assert len(placed) == 100

    def at(p):
        return (p.x_mm, p.y_mm, p.z_mm, p.length_mm, p.width_mm, p.height_mm)

    old = {p.carton_id: at(p) for c in before.plan.containers for p in c.placements}
    unmoved = sum(1 for p in placed if old[p.carton_id] == at(p))
    assert unmoved == 100 - report.moved_cartons
    assert [(u.lot_no, u.reason) for u in after.unplaced] == [("LOT-2", "held by customs")]
    with app.new_uow() as uow:
        back = stored_plan(uow, "SH-T1")
        row = uow.session.scalars(select(ReplanRow)).one()
        got = (row.method, row.removed_cartons, row.moved_cartons)
    assert back is not None and back.plan == after
    assert got == (
        "local",
        80,
        report.moved_cartons,
    )


def test_re_planning_without_a_hold_changes_nothing(
    app: App, tmp_path: Path, now: datetime
) -> None:
    _import(app, tmp_path, now, _rows())
    [before] = plan_shipments(app.new_uow, OPTS, now)
    report = replan_after_hold(app.new_uow, "SH-T1", OPTS, now)
    assert report.method == "unchanged" and report.moved_cartons == 0
    assert report.planned.plan == before.plan


def test_a_shipment_never_planned_is_planned_in_full(
    app: App, tmp_path: Path, now: datetime
) -> None:
    _import(app, tmp_path, now, _rows())
    _hold(app, "LOT-3", now)
    report = replan_after_hold(app.new_uow, "SH-T1", OPTS, now)
    assert report.method == "shipment"
    placed = {p.lot_no for c in report.planned.plan.containers for p in c.placements}
    assert placed == {"LOT-1", "LOT-2"}


def test_a_held_lcl_lot_leaves_the_lcl_consignment(app: App, tmp_path: Path, now: datetime) -> None:
    rows = _rows((4, 6, 3))
    rows["orders"].append(order(4, sku="SKU-4", cartons=2))
    rows["receipts"].append(receipt(4, cartons=2))
    _import(app, tmp_path, now, rows)
    plan_shipments(app.new_uow, replace(OPTS, allow_lcl=True), now)
    _hold(app, "LOT-3", now)
    report = replan_after_hold(app.new_uow, "SH-T1", replace(OPTS, allow_lcl=True), now)
    [con] = report.planned.lcl
    assert "LOT-3" not in dict(con.lots) and report.removed_cartons == 3


def test_stuffing_instructions_are_written_for_every_container(
    app: App, tmp_path: Path, now: datetime
) -> None:
    from pinxiang.services.consolidation import write_stuffing_instructions

    _import(app, tmp_path, now, _rows((8, 6, 3)))
    [res] = plan_shipments(app.new_uow, OPTS, now)
    files = write_stuffing_instructions(app.new_uow, "SH-T1", tmp_path / "out", use_cjk=False)
    assert [f.name for f in files] == [f"SH-T1-{c.seq}.pdf" for c in res.plan.containers]
    assert all(f.read_bytes().startswith(b"%PDF") for f in files)
