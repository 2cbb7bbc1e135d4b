"""The co-loader's leg: a lot its shipment's plan ships LCL is handed to the co-loader under
the co-loader's reference (released → departed, no container of ours), then arrives and is
delivered alone; a lot planned into a container is refused the hand-over."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pinxiang.config import Settings
from pinxiang.persistence.planning_tables import LclLotRow
from pinxiang.persistence.tables import ReceiptRow
from pinxiang.services.accounts import create_user
from pinxiang.services.consolidation import plan_shipments
from pinxiang.services.importing import import_file
from pinxiang.services.planning import PlanOptions
from tests.builders import small_rows, workbook
from tests.e2e.browser.support import (
    BOX,
    FAST_HASHER,
    PASSWORD,
    bearer,
    build_app,
    client_for,
    register_customs,
    state_of,
)

LCL = PlanOptions(seed=5, time_limit_s=0.5, max_iterations=300, allow_lcl=True)


def small_day(app: FastAPI, tmp_path: Path, now: datetime, cartons: tuple[int, ...]) -> None:
    rows = small_rows()
    for i, n in enumerate(cartons):
        rows["orders"][i]["cartons"] = n
        rows["receipts"][i]["cartons"] = n
    new_uow = state_of(app).new_uow
    import_file(workbook(tmp_path / "orders.xlsx", rows), new_uow, now)
    users = (
        ("declarant", "declarant", ""),
        ("clerk", "warehouse_clerk", ""),
        ("buyer1", "buyer", "B1"),
        ("planner", "planner", ""),
    )
    for username, role, party in users:
        create_user(new_uow, username, PASSWORD, role, now, party, hasher=FAST_HASHER)
    register_customs(app, now)


@pytest.fixture
def lcl_day(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    """0.3 CBM: one minimum LCL charge beats any container, so every lot goes LCL."""
    app = build_app(settings, now)
    small_day(app, tmp_path, now, (4, 6, 3))
    plan_shipments(state_of(app).new_uow, LCL, now)
    with state_of(app).new_uow() as uow:
        lcl = uow.session.scalars(
            select(ReceiptRow.lot_no).join(LclLotRow, LclLotRow.receipt_id == ReceiptRow.id)
        ).all()
    assert sorted(lcl) == ["LOT-1", "LOT-2", "LOT-3"]
    return app


def test_an_lcl_lot_is_handed_to_the_co_loader_then_arrives_and_is_delivered(
    lcl_day: FastAPI,
) -> None:
    with client_for(lcl_day) as client:
        h = bearer(client, "declarant")
        assert client.post("/api/v1/declarations", json={"shipment": "SH-T1"}, headers=h).is_success
        assert client.post("/api/v1/lots/LOT-1/release", json={}, headers=h).status_code == 200
        clerk = bearer(client, "clerk")
        early = client.post(
            "/api/v1/lots/LOT-2/hand-over", json={"co_loader_ref": "X"}, headers=clerk
        )
        blank = client.post(
            "/api/v1/lots/LOT-1/hand-over", json={"co_loader_ref": " "}, headers=clerk
        )
        missing = client.post("/api/v1/lots/LOT-1/hand-over", json={}, headers=clerk)
        buyer = bearer(client, "buyer1")
        refused = client.post(
            "/api/v1/lots/LOT-1/hand-over", json={"co_loader_ref": "NGB-HBL-0042"}, headers=buyer
        )
        planner = bearer(client, "planner")
        refused_planner = client.post(
            "/api/v1/lots/LOT-1/hand-over", json={"co_loader_ref": "NGB-HBL-0042"}, headers=planner
        )
        handed = client.post(
            "/api/v1/lots/LOT-1/hand-over", json={"co_loader_ref": "NGB-HBL-0042"}, headers=clerk
        )
        loaded = client.post("/api/v1/lots/LOT-1/load", json={"container_no": BOX}, headers=clerk)
        arrived = client.post(
            "/api/v1/lots/LOT-1/arrive", json={"place": "Warsaw Małaszewicze"}, headers=clerk
        )
        delivered = client.post(
            "/api/v1/lots/LOT-1/deliver", json={"receiver": "J. Kowalski"}, headers=clerk
        )
        history = client.get("/api/v1/lots/LOT-1/history", headers=buyer).json()
        others = {
            x["lot_no"]: x["state"] for x in client.get("/api/v1/lots", headers=h).json()["items"]
        }
    assert early.status_code == 409 and "cannot hand_over when declared" in early.json()["detail"]
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"][-1] == "co_loader_ref"
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"][-1] == "co_loader_ref"
    assert refused.status_code == refused_planner.status_code == 403
    assert handed.status_code == 200, handed.text
    [lot] = handed.json()
    assert lot["state"] == "departed" and lot["container_no"] == "" and lot["seal_no"] == ""
    assert loaded.status_code == 409
    assert [x["state"] for x in arrived.json()] == ["arrived"]  # the lot alone
    assert [x["state"] for x in delivered.json()] == ["delivered"]
    assert [e["event"] for e in history] == ["declare", "release", "hand_over", "arrive", "deliver"]
    assert history[2]["to_state"] == "departed" and history[2]["reason"] == "NGB-HBL-0042"
    assert others == {"LOT-1": "delivered", "LOT-2": "declared", "LOT-3": "declared"}


def test_a_lot_planned_into_a_container_is_not_handed_over(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    app = build_app(settings, now)
    small_day(app, tmp_path, now, (60, 80, 40))
    plan_shipments(state_of(app).new_uow, PlanOptions(seed=5, time_limit_s=0.5), now)
    with client_for(app) as client:
        h = bearer(client, "declarant")
        client.post("/api/v1/declarations", json={"shipment": "SH-T1"}, headers=h)
        client.post("/api/v1/lots/LOT-1/release", json={}, headers=h)
        r = client.post(
            "/api/v1/lots/LOT-1/hand-over",
            json={"co_loader_ref": "NGB-HBL-0042"},
            headers=bearer(client, "clerk"),
        )
        state = client.get("/api/v1/lots/LOT-1/history", headers=h).json()[-1]["to_state"]
    assert r.status_code == 409 and "not shipped LCL" in r.json()["detail"]
    assert state == "released"
