"""Use case: plan the shipments in the database and store the plans (replacing old ones), and
re-plan a shipment after customs holds a lot (`replan_after_hold`, the recommended call for
the inspection flow: it keeps the rest of the layout where it was)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from pinxiang.domain import (
    DEFAULT_CONTAINER_TYPES,
    CartonSpec,
    ContainerType,
    Handling,
    Money,
    Route,
    ShipmentPlan,
    UnplacedLot,
    container_type,
)
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.planning_tables import (
    ContainerBalanceRow,
    CostShareRow,
    LclLotRow,
    ReplanRow,
)
from pinxiang.persistence.tables import (
    ContainerTypeRow,
    LotStateRow,
    OrderLineRow,
    OrderRow,
    PlacementRow,
    PlannedContainerRow,
    PlanRow,
    ProductRow,
    ReceiptRow,
    ShipmentRow,
    UnplacedRow,
)
from pinxiang.services.planning import (
    Balance,
    CostShare,
    LclConsignment,
    Lot,
    PlannedShipment,
    PlanOptions,
    ShipmentCargo,
    cost_shares,
    imbalance_reason,
    offer_space,
    plan_many,
    replan_container,
)
from pinxiang.services.views import container_load, unplaced_lots


class UnknownShipment(LookupError):
    pass


# Lots in these customs states stay out of every plan (inspect first, then load).
NOT_LOADABLE = ("held", "returned")


def container_catalogue(uow: UnitOfWork, carrier: str) -> tuple[ContainerType, ...] | None:
    rows = uow.session.scalars(
        select(ContainerTypeRow).where(ContainerTypeRow.carrier == carrier)
    ).all()
    if not rows:
        return None
    return tuple(
        ContainerType(
            r.code,
            r.inner_length_mm,
            r.inner_width_mm,
            r.inner_height_mm,
            r.door_width_mm,
            r.door_height_mm,
            r.tare_g,
            r.max_payload_g,
            r.teu,
        )
        for r in rows
    )


def load_cargo(uow: UnitOfWork, refs: Sequence[str] | None = None) -> list[ShipmentCargo]:
    """Every shipment's received lots (as measured) and its order lines not yet received."""
    s = uow.session
    q = select(ShipmentRow).order_by(ShipmentRow.ref)
    if refs:
        q = q.where(ShipmentRow.ref.in_(refs))
    shipments = s.scalars(q).all()
    missing = set(refs or ()) - {sh.ref for sh in shipments}
    if missing:
        raise UnknownShipment(f"unknown shipment(s): {', '.join(sorted(missing))}")
    out = []
    for sh in shipments:
        lines = s.scalars(
            select(OrderLineRow)
            .join(OrderLineRow.order)
            .where(OrderRow.shipment_id == sh.id)
            .options(
                selectinload(OrderLineRow.order).selectinload(OrderRow.buyer),
                selectinload(OrderLineRow.product).selectinload(ProductRow.merchant),
            )
            .order_by(OrderLineRow.ref)
        ).all()
        # The shipment's receipts in one read, split into loadable lots and lots customs keeps.
        rows = s.execute(
            select(ReceiptRow, LotStateRow.state)
            .outerjoin(LotStateRow, LotStateRow.receipt_id == ReceiptRow.id)
            .where(ReceiptRow.order_line_id.in_([ln.id for ln in lines]))
            .order_by(ReceiptRow.lot_no)
        ).all()
        by_line: dict[int, list[ReceiptRow]] = {}
        held_by_line: dict[int, list[ReceiptRow]] = {}
        for r, state in rows:
            target = held_by_line if state in NOT_LOADABLE else by_line
            target.setdefault(r.order_line_id, []).append(r)
        lots: list[Lot] = []
        not_received: list[UnplacedLot] = []
        for ln in lines:
            p = ln.product
            handling = Handling(p.this_side_up, p.fragile, p.stackable, p.max_load_on_top_g)
            got = by_line.get(ln.id, [])
            for r in got:
                lots.append(
                    Lot(
                        r.lot_no,
                        ln.ref,
                        p.merchant.code,
                        ln.order.buyer.code,
                        r.cartons,
                        CartonSpec(
                            r.length_mm, r.width_mm, r.height_mm, r.gross_g, min(p.net_g, r.gross_g)
                        ),
                        handling,
                    )
                )
            held = held_by_line.get(ln.id, [])
            not_received.extend(UnplacedLot(r.lot_no, r.cartons, "held by customs") for r in held)
            short = ln.cartons - sum(r.cartons for r in got) - sum(r.cartons for r in held)
            if short > 0:
                not_received.append(
                    UnplacedLot(f"{ln.ref} (not received)", short, "not yet received")
                )
        out.append(ShipmentCargo(sh.ref, Route(sh.route), tuple(lots), tuple(not_received)))
    return out


def plan_shipments(
    new_uow: Callable[[], UnitOfWork],
    options: PlanOptions,
    now: datetime,
    refs: Sequence[str] | None = None,
    carrier: str = "default",
    workers: int = 1,
    progress: Callable[[ShipmentCargo], None] | None = None,
) -> list[PlannedShipment]:
    """Plan the shipments (all, or `refs`) and replace their stored plans in one transaction."""
    with new_uow() as uow:
        cargos = load_cargo(uow, refs)
        catalogue = container_catalogue(uow, carrier)
    if catalogue:
        options = replace(options, container_types=catalogue)
    results = plan_many(cargos, options, workers, progress)
    with new_uow() as uow:
        _store(uow, results, options, now)
        uow.commit()
    return results


def _store(
    uow: UnitOfWork, results: Sequence[PlannedShipment], options: PlanOptions, now: datetime
) -> None:
    s = uow.session
    refs = [r.plan.shipment_ref for r in results]
    shipments = {
        sh.ref: sh for sh in s.scalars(select(ShipmentRow).where(ShipmentRow.ref.in_(refs)))
    }
    old = s.scalars(
        select(PlanRow).where(PlanRow.shipment_id.in_([sh.id for sh in shipments.values()]))
    ).all()
    for plan in old:
        s.delete(plan)
    s.flush()
    lots = {r.lot_no: r for r in s.scalars(select(ReceiptRow))}
    lines = {ln.ref: ln.id for ln in s.scalars(select(OrderLineRow))}
    for res in results:
        sp = res.plan
        row = PlanRow(
            shipment_id=shipments[sp.shipment_ref].id,
            created_at=now,
            seed=options.seed,
            time_limit_s=Decimal(str(options.time_limit_s)),
            freight=res.freight.amount,
            freight_currency=res.freight.currency,
        )
        for load, fr in zip(sp.containers, res.container_freight, strict=True):
            c = PlannedContainerRow(
                seq=load.seq,
                container_type=load.container_type,
                inner_volume_mm3=load.inner_volume_mm3,
                max_payload_g=load.max_payload_g,
                freight=fr.amount,
                cartons=len(load.placements),
                loaded_mm3=sum(p.length_mm * p.width_mm * p.height_mm for p in load.placements),
                loaded_g=sum(lots[p.lot_no].gross_g for p in load.placements),
            )
            c.placements = [
                PlacementRow(
                    carton_id=p.carton_id,
                    receipt_id=lots[p.lot_no].id,
                    step=p.step,
                    x_mm=p.x_mm,
                    y_mm=p.y_mm,
                    z_mm=p.z_mm,
                    length_mm=p.length_mm,
                    width_mm=p.width_mm,
                    height_mm=p.height_mm,
                    orientation=p.orientation,
                )
                for p in load.placements
            ]
            row.containers.append(c)
        for u in sp.unplaced:
            lot = lots.get(u.lot_no)
            line_ref = lot.order_line.ref if lot else u.lot_no.split(" ")[0]
            row.unplaced.append(
                UnplacedRow(
                    receipt_id=lot.id if lot else None,
                    order_line_id=lines[line_ref],
                    cartons=u.cartons,
                    reason=u.reason,
                )
            )
        s.add(row)
        s.flush()
        for c, bal, shares in zip(row.containers, res.balance, res.shares, strict=False):
            s.add(_balance_row(c.id, bal))
            for sh in shares:
                s.add(
                    CostShareRow(
                        container_id=c.id,
                        buyer_code=sh.buyer_code,
                        revenue_tons=sh.revenue_tons,
                        amount=sh.amount.amount,
                    )
                )
        for con in res.lcl:
            for lot_no, n in con.lots:
                s.add(
                    LclLotRow(
                        plan_id=row.id,
                        receipt_id=lots[lot_no].id,
                        buyer_code=con.buyer_code,
                        cartons=n,
                        buyer_volume_mm3=con.volume_mm3,
                        buyer_weight_g=con.weight_g,
                        buyer_revenue_tons=con.revenue_tons,
                        buyer_charge=con.charge.amount,
                    )
                )
    s.flush()


def stored_balance(b: ContainerBalanceRow) -> Balance:
    """A container's balance from its stored row (the reason is rebuilt from the offsets)."""
    return Balance(
        b.cog_x_mm,
        b.cog_y_mm,
        b.cog_z_mm,
        float(b.offset_length),
        float(b.offset_width),
        b.within_tolerance,
        b.shift_x_mm,
        b.shift_y_mm,
        b.payload_limit_g,
        ""
        if b.within_tolerance
        else imbalance_reason(float(b.offset_length), float(b.offset_width)),
    )


def _balance_row(container_id: int, b: Balance) -> ContainerBalanceRow:
    return ContainerBalanceRow(
        container_id=container_id,
        cog_x_mm=b.cog_x_mm,
        cog_y_mm=b.cog_y_mm,
        cog_z_mm=b.cog_z_mm,
        offset_length=Decimal(str(round(b.offset_length, 4))),
        offset_width=Decimal(str(round(b.offset_width, 4))),
        within_tolerance=b.within_tolerance,
        shift_x_mm=b.shift_x_mm,
        shift_y_mm=b.shift_y_mm,
        payload_limit_g=b.payload_limit_g,
    )


def clear_plans(uow: UnitOfWork) -> None:
    s = uow.session
    s.execute(delete(PlacementRow))
    s.execute(delete(PlannedContainerRow))
    s.execute(delete(UnplacedRow))
    s.execute(delete(PlanRow))


@dataclass(frozen=True)
class ReplanReport:
    """What a re-plan after a customs hold changed.

    `method`: "unchanged" (no held carton was in a container), "local" (only the containers
    that held the lots were touched: held cartons out, the rest kept, cartons that lost support
    re-placed in the free door-end space or, failing that, that container loaded afresh) or
    "shipment" (the whole shipment re-planned). `moved_cartons` counts cartons that are still
    loaded but changed position; `freed_mm3` is the volume the held cartons leave free."""

    shipment_ref: str
    method: str
    removed_cartons: int
    moved_cartons: int
    freed_mm3: int
    containers_touched: tuple[int, ...]
    runtime_s: float
    planned: PlannedShipment
    offered: tuple[str, ...] = ()  # LCL buyers moved into the freed space


def stored_plan(uow: UnitOfWork, shipment_ref: str) -> PlannedShipment | None:
    """The stored plan of a shipment as the planner returned it (None when not planned)."""
    s = uow.session
    sh = s.scalars(select(ShipmentRow).where(ShipmentRow.ref == shipment_ref)).one_or_none()
    if sh is None:
        raise UnknownShipment(f"unknown shipment(s): {shipment_ref}")
    row = s.scalars(
        select(PlanRow)
        .where(PlanRow.shipment_id == sh.id)
        .options(
            selectinload(PlanRow.containers)
            .selectinload(PlannedContainerRow.placements)
            .selectinload(PlacementRow.receipt)
            .selectinload(ReceiptRow.order_line)
            .selectinload(OrderLineRow.order)
            .selectinload(OrderRow.buyer),
            selectinload(PlanRow.unplaced).selectinload(UnplacedRow.receipt),
        )
    ).one_or_none()
    if row is None:
        return None
    cur = row.freight_currency
    merchants = {
        ln.id: ln.product.merchant.code
        for ln in s.scalars(
            select(OrderLineRow)
            .join(OrderLineRow.order)
            .where(OrderRow.shipment_id == sh.id)
            .options(selectinload(OrderLineRow.product).selectinload(ProductRow.merchant))
        )
    }

    def _merchant_of(r: ReceiptRow) -> str:
        return merchants[r.order_line_id]

    def _buyer_of(r: ReceiptRow) -> str:
        return r.order_line.order.buyer.code

    loads = []
    balances = []
    shares = []
    for c in row.containers:
        loads.append(container_load(shipment_ref, c, _merchant_of, _buyer_of))
        b = s.get(ContainerBalanceRow, c.id)
        if b is not None:
            balances.append(stored_balance(b))
        shares.append(
            tuple(
                CostShare(r.buyer_code, r.revenue_tons, Money(r.amount, cur))
                for r in s.scalars(
                    select(CostShareRow)
                    .where(CostShareRow.container_id == c.id)
                    .order_by(CostShareRow.buyer_code)
                )
            )
        )
    lcl: dict[str, list[LclLotRow]] = {}
    for r in s.scalars(select(LclLotRow).where(LclLotRow.plan_id == row.id).order_by(LclLotRow.id)):
        lcl.setdefault(r.buyer_code, []).append(r)
    lcl_ids = [r.receipt_id for rows in lcl.values() for r in rows]
    lot_nos = select(ReceiptRow.id, ReceiptRow.lot_no).where(ReceiptRow.id.in_(lcl_ids))
    receipts: dict[int, str] = {i: n for i, n in s.execute(lot_nos)}
    consignments = tuple(
        LclConsignment(
            b,
            tuple((receipts[r.receipt_id], r.cartons) for r in rows),
            rows[0].buyer_volume_mm3,
            rows[0].buyer_weight_g,
            rows[0].buyer_revenue_tons,
            Money(rows[0].buyer_charge, cur),
        )
        for b, rows in sorted(lcl.items())
    )
    unplaced = unplaced_lots(uow, row)
    return PlannedShipment(
        ShipmentPlan(shipment_ref, tuple(loads), unplaced),
        Money(row.freight, cur),
        tuple(Money(c.freight, cur) for c in row.containers),
        consignments,
        tuple(balances),
        tuple(shares),
    )


def replan_after_hold(
    new_uow: Callable[[], UnitOfWork],
    shipment_ref: str,
    options: PlanOptions,
    now: datetime,
    carrier: str = "default",
) -> ReplanReport:
    """Re-plan a shipment after customs held (or returned) some of its lots: the recommended
    call for the inspection flow.

    Held lots are taken out (`load_cargo` excludes them); only the containers that carried them
    change: every other carton keeps its place when it is still fully supported, cartons that
    lost their support are re-placed in the free space at the door end, and when that fails the
    container is loaded afresh. LCL consignments of held lots shrink. When the shipment has no
    stored plan, or a container cannot take its remaining cargo, the whole shipment is planned
    again. The new plan replaces the stored one and the re-plan is recorded."""
    t0 = time.perf_counter()
    with new_uow() as uow:
        [cargo] = load_cargo(uow, [shipment_ref])
        old = stored_plan(uow, shipment_ref)
        catalogue = container_catalogue(uow, carrier)
    if catalogue:
        options = replace(options, container_types=catalogue)
    lots = {lot.lot_no for lot in cargo.lots}
    planned: PlannedShipment | None = None
    offered: list[str] = []
    method = "local"
    touched: list[int] = []
    removed = moved = freed = 0
    if old is not None:
        planned, touched, removed, moved, freed, offered = _local(cargo, old, options, lots)
    if planned is None:
        method = "shipment"
        [planned] = plan_many([cargo], options)
        before = {
            p.carton_id: (p.x_mm, p.y_mm, p.z_mm, p.length_mm, p.width_mm)
            for c in (old.plan.containers if old else ())
            for p in c.placements
        }
        after = [p for c in planned.plan.containers for p in c.placements]
        removed = sum(1 for cid in before if cid.rsplit("-", 1)[0] not in lots)
        moved = sum(
            1
            for p in after
            if p.carton_id in before
            and before[p.carton_id] != (p.x_mm, p.y_mm, p.z_mm, p.length_mm, p.width_mm)
        )
        touched = [c.seq for c in planned.plan.containers]
        freed = sum(
            p.length_mm * p.width_mm * p.height_mm
            for c in (old.plan.containers if old else ())
            for p in c.placements
            if p.lot_no not in lots
        )
    elif not touched and removed == 0:
        method = "unchanged"
    with new_uow() as uow:
        _store(uow, [planned], options, now)
        sh = uow.session.scalars(select(ShipmentRow).where(ShipmentRow.ref == shipment_ref)).one()
        uow.session.add(
            ReplanRow(
                shipment_id=sh.id,
                at=now,
                method=method,
                removed_cartons=removed,
                moved_cartons=moved,
                freed_mm3=freed,
            )
        )
        uow.commit()
    return ReplanReport(
        shipment_ref,
        method,
        removed,
        moved,
        freed,
        tuple(touched),
        time.perf_counter() - t0,
        planned,
        tuple(offered),
    )


def _local(
    cargo: ShipmentCargo, old: PlannedShipment, options: PlanOptions, lots: set[str]
) -> tuple[PlannedShipment | None, list[int], int, int, int, list[str]]:
    types = {t.code: t for t in options.container_types}
    tariff = options.lcl.tariff(cargo.route)
    loads = []
    balances = list(old.balance)
    shares = list(old.shares)
    touched: list[int] = []
    offered: list[str] = []
    removed = moved = freed = 0
    for i, load in enumerate(old.plan.containers):
        if all(p.lot_no in lots for p in load.placements):
            loads.append(load)
            continue
        ct = types.get(load.container_type)
        if ct is None:
            return None, [], 0, 0, 0, []
        got = replan_container(load, ct, cargo, options)
        if got is None:
            return None, [], 0, 0, 0, []
        touched.append(load.seq)
        if options.allow_lcl and got.method != "unchanged":
            got, taken = offer_space(
                got, ct, cargo, [c for c in old.lcl if c.buyer_code not in offered], options
            )
            offered.extend(taken)
        removed += got.removed
        moved += got.moved
        freed += got.freed_mm3
        loads.append(got.load)
        if i < len(balances):
            balances[i] = got.balance
        if i < len(shares):
            shares[i] = cost_shares(got.load, old.container_freight[i], tariff)
    lcl = []
    currency = old.freight.currency
    for con in old.lcl:
        if con.buyer_code in offered:
            continue
        kept = tuple((k, n) for k, n in con.lots if k in lots)
        if len(kept) == len(con.lots):
            lcl.append(con)
            continue
        removed += sum(n for k, n in con.lots if k not in lots)
        if not kept or tariff is None:
            continue
        by_no = {lot.lot_no: lot for lot in cargo.lots}
        v = sum(by_no[k].carton.volume_mm3 * n for k, n in kept)
        w = sum(by_no[k].carton.gross_g * n for k, n in kept)
        lcl.append(
            LclConsignment(con.buyer_code, kept, v, w, tariff.chargeable(v, w), tariff.charge(v, w))
        )
    held = [u for u in cargo.not_received]
    others = [
        u
        for u in old.plan.unplaced
        if u.lot_no in lots and u.reason not in ("held by customs", "not yet received")
    ]
    total = sum(old.container_freight, Money(Decimal(0), currency)) + sum(
        (c.charge for c in lcl), Money(Decimal(0), currency)
    )
    planned = PlannedShipment(
        ShipmentPlan(cargo.shipment_ref, tuple(loads), tuple(held + others)),
        total,
        old.container_freight,
        tuple(lcl),
        tuple(balances),
        tuple(shares),
        old.lower_bound,
    )
    return planned, touched, removed, moved, freed, offered


def write_stuffing_instructions(
    new_uow: Callable[[], UnitOfWork],
    shipment_ref: str,
    out_dir: Path,
    carrier: str = "default",
    use_cjk: bool = True,
) -> list[Path]:
    """Write `stuffing/<shipment>-<n>.pdf` for every container of the stored plan (Chinese and
    English, a picture per step); returns the files written."""
    from pinxiang.documents.stuffing import stuffing_pdf

    with new_uow() as uow:
        planned = stored_plan(uow, shipment_ref)
        catalogue = container_catalogue(uow, carrier) or DEFAULT_CONTAINER_TYPES
    if planned is None:
        return []
    out = []
    for i, load in enumerate(planned.plan.containers):
        ct = container_type(load.container_type, catalogue)
        notes = []
        if i < len(planned.balance):
            b = planned.balance[i]
            notes.append(
                f"Centre of gravity / 重心: x {b.cog_x_mm} mm, y {b.cog_y_mm} mm, "
                f"z {b.cog_z_mm} mm; "
                f"off centre {100 * b.offset_length:+.1f} % lengthwise, "
                f"{100 * b.offset_width:+.1f} % crosswise"
                + ("" if b.within_tolerance else " — OUT OF TOLERANCE / 超出允许范围")
            )
            if b.reason:
                notes.append(f"Why / 原因: {b.reason}")
            if b.shift_x_mm:
                notes.append(
                    f"Start {b.shift_x_mm} mm from the front wall and brace that gap "
                    f"/ 距前壁 {b.shift_x_mm} mm 开始装载并加固空隙"
                )
        if i < len(planned.shares):
            notes.append(
                "Freight shares / 运费分摊: "
                + ", ".join(f"{s.buyer_code} {s.amount}" for s in planned.shares[i])
            )
        out.append(
            stuffing_pdf(
                load,
                (ct.inner_length_mm, ct.inner_width_mm, ct.inner_height_mm),
                out_dir / "stuffing" / f"{shipment_ref}-{load.seq}.pdf",
                notes,
                use_cjk=use_cjk,
            )
        )
    return out
