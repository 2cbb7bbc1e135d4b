"""Use case: plan the shipments in the database and store the plans (replacing old ones)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from pinxiang.domain import CartonSpec, ContainerType, Handling, Route, UnplacedLot
from pinxiang.persistence.db import UnitOfWork
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
    Lot,
    PlannedShipment,
    PlanOptions,
    ShipmentCargo,
    plan_many,
)


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
        out_of_plan = select(LotStateRow.receipt_id).where(LotStateRow.state.in_(NOT_LOADABLE))
        held = {
            r.lot_no: r for r in s.scalars(select(ReceiptRow).where(ReceiptRow.id.in_(out_of_plan)))
        }
        receipts = s.scalars(
            select(ReceiptRow)
            .where(ReceiptRow.order_line_id.in_([ln.id for ln in lines]))
            .where(ReceiptRow.id.not_in(out_of_plan))
            .order_by(ReceiptRow.lot_no)
        ).all()
        by_line: dict[int, list[ReceiptRow]] = {}
        for r in receipts:
            by_line.setdefault(r.order_line_id, []).append(r)
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
            for r in held.values():
                if r.order_line_id == ln.id:
                    not_received.append(UnplacedLot(r.lot_no, r.cartons, "held by customs"))
            short = (
                ln.cartons
                - sum(r.cartons for r in got)
                - sum(r.cartons for r in held.values() if r.order_line_id == ln.id)
            )
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
        options = PlanOptions(
            options.seed,
            options.time_limit_s,
            catalogue,
            options.allowed,
            options.support,
            options.rates,
        )
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


def clear_plans(uow: UnitOfWork) -> None:
    s = uow.session
    s.execute(delete(PlacementRow))
    s.execute(delete(PlannedContainerRow))
    s.execute(delete(UnplacedRow))
    s.execute(delete(PlanRow))
