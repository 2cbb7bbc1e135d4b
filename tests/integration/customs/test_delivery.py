"""After the border: a departed container arrives, and each buyer signs for their cartons; the
buyer's timeline shows both, and nothing else can happen to a delivered lot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pinxiang.bootstrap import App
from pinxiang.customs import IllegalTransition
from pinxiang.customs.lots import Lot, LotEvent, LotState, transition
from pinxiang.services import declarations as decl_service
from pinxiang.services import inspection, listing
from pinxiang.services.accounts import Principal, Role
from pinxiang.services.demo_flow import container_no

from .flow import on_file
from .test_inspection_service import BOX


def test_a_container_arrives_and_each_buyer_signs_for_their_cartons(
    app: App, tmp_path: Path, now: datetime
) -> None:
    on_file(app, tmp_path, now)
    decl_service.declare_shipment(app.new_uow, "SH-T1", now)
    inspection.declare_lots(app.new_uow, "SH-T1", "declarant", now)
    for lot in ("LOT-1", "LOT-3"):
        inspection.release(app.new_uow, lot, "customs", now)
        inspection.load(app.new_uow, lot, BOX, "loader", now)
    inspection.seal(app.new_uow, BOX, "YW000100", "loader", now)
    inspection.depart(app.new_uow, BOX, "gate", now + timedelta(hours=2))
    with pytest.raises(IllegalTransition, match="no departed lots to arrive"):
        inspection.arrive(app.new_uow, container_no(101), "Jebel Ali", "agent", now)
    arrived = inspection.arrive(app.new_uow, BOX, "Jebel Ali T4", "agent", now + timedelta(days=20))
    assert {v.state for v in arrived} == {"arrived"}
    with app.new_uow() as uow:
        buyers = {v.lot_no: inspection.buyer_of(uow, v.lot_no) for v in arrived}
    buyer = sorted(set(buyers.values()))[0]
    done = inspection.deliver(
        app.new_uow, BOX, buyer, "A. Mansoori", "agent", now + timedelta(days=22)
    )
    assert {v.lot_no for v in done} == {lot for lot, b in buyers.items() if b == buyer}
    assert {v.state for v in done} == {"delivered"}
    with pytest.raises(IllegalTransition, match="no arrived lots of buyer"):
        inspection.deliver(app.new_uow, BOX, buyer, "again", "agent", now + timedelta(days=23))
    with app.new_uow() as uow:
        history = inspection.history(uow, done[0].lot_no)
        timeline = listing.tracking(
            uow, Principal(1, "planner", Role.PLANNER), buyer, now + timedelta(days=30)
        )
    assert [e.to_state for e in history][-3:] == [
        LotState.DEPARTED,
        LotState.ARRIVED,
        LotState.DELIVERED,
    ]
    assert any("Jebel Ali T4" in e.detail for e in timeline if e.kind == "arrived")
    assert any("A. Mansoori" in e.detail for e in timeline if e.kind == "delivered")


def test_arrival_needs_a_place_and_delivery_a_receiver() -> None:
    t = datetime(2026, 12, 1, tzinfo=UTC)
    lot = Lot("L", LotState.DEPARTED)
    with pytest.raises(IllegalTransition, match="arrive needs the place"):
        transition(lot, LotEvent.ARRIVE, actor="a", at=t)
    lot = transition(lot, LotEvent.ARRIVE, actor="a", at=t, place="Warsaw terminal")
    with pytest.raises(IllegalTransition, match="deliver needs who signed"):
        transition(lot, LotEvent.DELIVER, actor="a", at=t, receiver=" ")
    lot = transition(lot, LotEvent.DELIVER, actor="a", at=t, receiver="J. Kowalski")
    assert lot.state is LotState.DELIVERED
    with pytest.raises(IllegalTransition, match=r"none \(final state\)"):
        transition(lot, LotEvent.ARRIVE, actor="a", at=t, place="x")


def test_an_lcl_lot_departs_with_the_co_loaders_reference_and_replays() -> None:
    from pinxiang.customs.lots import replay

    t = datetime(2026, 12, 1, tzinfo=UTC)
    lot = Lot("L", LotState.RELEASED)
    with pytest.raises(IllegalTransition, match="hand_over needs the co-loader's reference"):
        transition(lot, LotEvent.HAND_OVER, actor="gate", at=t, co_loader_ref=" ")
    with pytest.raises(IllegalTransition, match="cannot hand_over when loaded"):
        transition(
            Lot("L", LotState.LOADED), LotEvent.HAND_OVER, actor="g", at=t, co_loader_ref="R"
        )
    lot = transition(lot, LotEvent.HAND_OVER, actor="gate", at=t, co_loader_ref="NGB-HBL-42")
    assert lot.state is LotState.DEPARTED and lot.container_no == "" and lot.seal_no == ""
    assert lot.history[-1].detail == "NGB-HBL-42"
    lot = transition(lot, LotEvent.ARRIVE, actor="a", at=t, place="Warsaw terminal")
    full = Lot("L")
    for event, kw in ((LotEvent.DECLARE, {"declaration_ref": "D1"}), (LotEvent.RELEASE, {}),
                      (LotEvent.HAND_OVER, {"co_loader_ref": "NGB-HBL-42"})):  # fmt: skip
        full = transition(full, event, actor="a", at=t, **kw)
    assert replay("L", full.history) == full
