"""The list endpoints read per-container totals written with the plan; they must agree with the
placements they summarise, for staff and for a scoped buyer."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from pinxiang.config import Settings
from pinxiang.persistence.tables import PlacementRow, PlannedContainerRow, ReceiptRow
from tests.e2e.browser.support import bearer, build_app, client_for, plan, seed


def test_container_totals_agree_with_the_placements(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    plan(app, now)
    state = app.state.pinxiang
    with state.new_uow() as uow:
        truth = {
            cid: (int(n), int(v), int(g))
            for cid, n, v, g in uow.session.execute(
                select(
                    PlacementRow.container_id,
                    func.count(PlacementRow.id),
                    func.sum(
                        PlacementRow.length_mm * PlacementRow.width_mm * PlacementRow.height_mm
                    ),
                    func.sum(ReceiptRow.gross_g),
                )
                .join(ReceiptRow, PlacementRow.receipt_id == ReceiptRow.id)
                .group_by(PlacementRow.container_id)
            )
        }
        stored = {
            c.id: (c.cartons, c.loaded_mm3, c.loaded_g, c.inner_volume_mm3, c.max_payload_g)
            for c in uow.session.scalars(select(PlannedContainerRow))
        }
    assert truth and set(truth) == set(stored)
    for cid, (n, v, g) in truth.items():
        assert stored[cid][:3] == (n, v, g)
    with client_for(app) as client:
        items = client.get("/api/v1/containers", headers=bearer(client, "planner")).json()["items"]
        shipments = client.get("/api/v1/shipments", headers=bearer(client, "planner")).json()
    assert sum(i["cartons"] for i in items) == sum(n for n, _, _ in truth.values())
    by_volume = sorted(round(v / stored[c][3], 4) for c, (_, v, _) in truth.items())
    assert sorted(i["volume_utilisation"] for i in items) == by_volume
    assert sum(s["cartons"] for s in shipments["items"]) == sum(n for n, _, _ in truth.values())


def test_a_buyer_counts_only_their_own_cartons_in_a_shared_shipment(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    plan(app, now)
    with client_for(app) as client:
        staff = client.get("/api/v1/shipments", headers=bearer(client, "planner")).json()
        mine = client.get("/api/v1/shipments", headers=bearer(client, "buyer1")).json()
        cartons = client.get("/api/v1/cartons?limit=500", headers=bearer(client, "buyer1")).json()
    assert mine["items"], "the buyer has cargo on a shipment"
    own = {s["ref"]: s["cartons"] for s in mine["items"]}
    total = {s["ref"]: s["cartons"] for s in staff["items"]}
    assert all(own[ref] <= total[ref] for ref in own)
    assert sum(own.values()) == len(cartons["items"])
    assert {c["buyer"] for c in cartons["items"]} == {mine["items"][0]["buyers"][0]}
