"""Planning stored shipments: every carton placed once or reported, every plan checked."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from pinxiang import optimizer as opt
from pinxiang.bootstrap import App
from pinxiang.domain import container_type
from pinxiang.services import views
from pinxiang.services.consolidation import plan_shipments
from pinxiang.services.importing import import_file
from pinxiang.services.outputs import write_outputs
from pinxiang.services.planning import PlanOptions
from tests.builders import order, receipt, small_rows, workbook

OPTS = PlanOptions(seed=7, time_limit_s=0.5)


def imported(app: App, tmp_path: Path, now: datetime, rows=None) -> None:
    import_file(workbook(tmp_path / "orders.xlsx", rows), app.new_uow, now)


def test_every_received_carton_is_placed_exactly_once(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    [res] = plan_shipments(app.new_uow, OPTS, now)
    ids = [p.carton_id for c in res.plan.containers for p in c.placements]
    assert len(ids) == len(set(ids)) == 4 + 6 + 3
    assert res.plan.unplaced == ()
    assert Counter(i.rsplit("-", 1)[0] for i in ids) == {"LOT-1": 4, "LOT-2": 6, "LOT-3": 3}


def test_a_small_shipment_gets_the_smallest_container(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    [res] = plan_shipments(app.new_uow, OPTS, now)
    assert [c.container_type for c in res.plan.containers] == ["20GP"]
    assert res.freight.amount > 0


def test_stored_plans_pass_the_independent_checker(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    plan_shipments(app.new_uow, OPTS, now)
    with app.new_uow() as uow:
        [view] = views.shipments(uow)
    assert view.plan is not None
    for load in view.plan.containers:
        ct = container_type(load.container_type)
        lots = sorted({p.lot_no for p in load.placements})
        boxes = []
        for lot in lots:
            p0 = next(p for p in load.placements if p.lot_no == lot)
            dims = sorted((p0.length_mm, p0.width_mm, p0.height_mm))
            n = sum(1 for p in load.placements if p.lot_no == lot)
            boxes.append(opt.BoxType(lot, dims[0], dims[1], dims[2], n, p0.gross_g))
        problem = opt.Problem(
            opt.Container(
                ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm, ct.max_payload_g
            ),
            tuple(boxes),
        )
        plan = opt.Plan(
            tuple(
                opt.Placement(
                    lots.index(p.lot_no),
                    p.x_mm,
                    p.y_mm,
                    p.z_mm,
                    p.length_mm,
                    p.width_mm,
                    p.height_mm,
                )
                for p in load.placements
            )
        )
        assert opt.check(plan, problem) == []


def test_this_side_up_cartons_stay_upright(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    [res] = plan_shipments(app.new_uow, OPTS, now)
    upright = [p for c in res.plan.containers for p in c.placements if p.lot_no == "LOT-2"]
    assert upright and all(p.height_mm == 350 for p in upright)


def test_order_lines_not_yet_received_are_reported_not_dropped(
    app: App, tmp_path: Path, now
) -> None:
    rows = small_rows()
    rows["receipts"] = rows["receipts"][:2]
    imported(app, tmp_path, now, rows)
    [res] = plan_shipments(app.new_uow, OPTS, now)
    [missing] = res.plan.unplaced
    assert (missing.cartons, missing.reason) == (3, "not yet received")


def test_a_carton_too_big_for_any_container_is_reported(app: App, tmp_path: Path, now) -> None:
    rows = small_rows()
    rows["orders"].append(
        order(
            4,
            sku="BIG",
            cartons=1,
            length_cm=1500,
            width_cm=100,
            height_cm=100,
            gross_kg=50,
            net_kg=45,
        )
    )
    rows["receipts"].append(
        receipt(4, cartons=1, length_cm=1500, width_cm=100, height_cm=100, gross_kg=50)
    )
    imported(app, tmp_path, now, rows)
    [res] = plan_shipments(app.new_uow, OPTS, now)
    [big] = res.plan.unplaced
    assert big.lot_no == "LOT-4" and big.cartons == 1
    placed = sum(len(c.placements) for c in res.plan.containers)
    assert placed == 13


def test_planning_again_replaces_the_plan(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    plan_shipments(app.new_uow, OPTS, now)
    first = _counts(app)
    plan_shipments(app.new_uow, OPTS, now)
    assert _counts(app) == first


def test_the_same_seed_gives_the_same_plan(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    opts = PlanOptions(seed=3, time_limit_s=30)  # the run ends when all is loaded
    [a] = plan_shipments(app.new_uow, opts, now)
    [b] = plan_shipments(app.new_uow, opts, now)
    assert a.plan == b.plan


def test_outputs_are_written_for_every_container(app: App, tmp_path: Path, now) -> None:
    imported(app, tmp_path, now)
    plan_shipments(app.new_uow, OPTS, now)
    with app.new_uow() as uow:
        vs = views.shipments(uow)
    out = tmp_path / "out"
    doc = write_outputs(vs, out)
    assert doc["totals"]["cartons"] == 13
    assert (out / "summary.json").exists()
    assert (out / "plans" / "SH-T1-1.json").exists()
    assert (out / "plans" / "SH-T1-1.png").stat().st_size > 10_000
    assert (out / "packing-lists" / "SH-T1.xlsx").exists()


def _counts(app: App) -> dict[str, int]:
    with app.new_uow() as uow:
        return views.counts(uow)


def test_a_lot_held_by_customs_is_never_planned(app: App, tmp_path: Path, now) -> None:
    from sqlalchemy import select

    from pinxiang.persistence.tables import LotStateRow, ReceiptRow

    imported(app, tmp_path, now)
    with app.new_uow() as uow:
        lot = uow.session.scalars(select(ReceiptRow).where(ReceiptRow.lot_no == "LOT-2")).one()
        uow.session.add(LotStateRow(receipt_id=lot.id, state="held", updated_at=now))
        uow.commit()
    [res] = plan_shipments(app.new_uow, OPTS, now)
    placed = {p.lot_no for c in res.plan.containers for p in c.placements}
    assert placed == {"LOT-1", "LOT-3"}
    assert [(u.lot_no, u.cartons, u.reason) for u in res.plan.unplaced] == [
        ("LOT-2", 6, "held by customs")
    ]


def test_container_files_carry_balance_and_freight_shares_that_sum(
    app: App, tmp_path: Path, now
) -> None:
    import json
    from decimal import Decimal

    from pinxiang.services.consolidation import stored_plan

    imported(app, tmp_path, now)
    plan_shipments(app.new_uow, OPTS, now)
    with app.new_uow() as uow:
        vs = views.shipments(uow)
        planned = {v.ref: stored_plan(uow, v.ref) for v in vs}
    out = tmp_path / "out"
    write_outputs(vs, out, planned={k: p for k, p in planned.items() if p})
    doc = json.loads((out / "plans" / "SH-T1-1.json").read_text())
    assert doc["centre_of_gravity"]["position_mm"][0] > 0
    shares = doc["freight_shares"]["shares"]
    total = sum(Decimal(s["amount"]) for s in shares)
    assert total == vs[0].container_freight[0].amount
    assert "revenue ton" in doc["freight_shares"]["rule"]
