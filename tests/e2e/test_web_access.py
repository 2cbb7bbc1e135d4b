"""Who may see and do what: buyers see only their orders and cargo, merchants only their own
lines; roles gate imports, planning and receiving. Every refusal is a 403 or a 404."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI

from pinxiang.config import Settings
from tests.e2e.browser.support import PASSWORD, bearer, build_app, client_for, plan, seed


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    plan(app, now)
    return app


def test_a_buyer_sees_only_their_own_shipments_and_cartons(web: FastAPI) -> None:
    with client_for(web) as client:
        h1, h2 = bearer(client, "buyer1"), bearer(client, "buyer2")
        ships1 = client.get("/api/v1/shipments", headers=h1).json()["items"]
        ships2 = client.get("/api/v1/shipments", headers=h2).json()["items"]
        cartons1 = client.get("/api/v1/cartons", params={"limit": 500}, headers=h1).json()
        others = client.get("/api/v1/containers", params={"shipment": "SH-T2"}, headers=h1)
        theirs = client.get("/api/v1/shipments/SH-T2/containers/1/load-plan", headers=h1)
    assert [s["ref"] for s in ships1] == ["SH-T1"] and ships1[0]["buyers"] == ["B1"]
    assert [s["ref"] for s in ships2] == ["SH-T1", "SH-T2"]
    assert cartons1["items"] and {c["buyer"] for c in cartons1["items"]} == {"B1"}
    assert others.json()["items"] == []
    assert theirs.status_code == 404


def test_in_a_shared_container_a_buyer_sees_other_cargo_without_its_details(
    web: FastAPI,
) -> None:
    with client_for(web) as client:
        lp = client.get(
            "/api/v1/shipments/SH-T1/containers/1/load-plan", headers=bearer(client, "buyer1")
        ).json()
    mine = [c for c in lp["cartons"] if c["own"]]
    other = [c for c in lp["cartons"] if not c["own"]]
    assert mine and {c["buyer"] for c in mine} == {"B1"}
    assert other and all(c["buyer"] is c["merchant"] is c["order_line"] is None for c in other)
    assert all(c["carton_id"].startswith("#") for c in other)
    # of the container's freight a buyer sees their own share only
    assert [s["buyer"] for s in lp["freight_shares"]] == ["B1"]


def test_a_merchant_sees_only_their_own_lines(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "merchant1")
        cartons = client.get("/api/v1/cartons", params={"limit": 500}, headers=h).json()["items"]
        own_page = client.get("/merchants/M1", headers=h)
        other_page = client.get("/merchants/M2", headers=h)
        other_buyer = client.get("/tracking/B1", headers=h)
        ships = client.get("/api/v1/shipments", headers=h).json()["items"]
    assert cartons and {c["merchant"] for c in cartons} == {"M1"}
    assert [s["ref"] for s in ships] == ["SH-T1"]
    assert (
        own_page.status_code == 200 and "PO-1-1" in own_page.text and "PO-1-3" not in own_page.text
    )
    assert other_page.status_code == 403 and "PO-1-3" not in other_page.text
    assert other_buyer.status_code == 403


def test_a_buyer_cannot_open_another_buyers_tracking(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "buyer1")
        own = client.get("/tracking/B1", headers=h)
        other = client.get("/tracking/B2", headers=h)
        board = client.get("/board", headers=h)
    assert own.status_code == 200 and "PO-1" in own.text and "PO-2" not in own.text
    assert other.status_code == 403 and board.status_code == 403


RECEIPT = {
    "order_line_ref": "PO-1-1",
    "cartons": 1,
    "length_mm": 600,
    "width_mm": 400,
    "height_mm": 500,
    "gross_g": 6500,
}
REFUSED = [
    ("buyer1", "POST", "/api/v1/plans", {}),
    ("merchant1", "POST", "/api/v1/plans", {}),
    ("clerk", "POST", "/api/v1/plans", {}),
    ("buyer1", "POST", "/api/v1/receipts", RECEIPT),
    ("declarant", "POST", "/api/v1/receipts", RECEIPT),
    ("buyer1", "GET", "/api/v1/jobs/x", None),
    ("merchant1", "GET", "/receiving", None),
    ("buyer1", "GET", "/import", None),
]


def test_roles_without_the_right_are_refused(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    with client_for(app) as client:
        tokens = {u: bearer(client, u) for u in {r[0] for r in REFUSED}}
        got = [
            (u, m, p, client.request(m, p, json=b, headers=tokens[u]).status_code)
            for u, m, p, b in REFUSED
        ]
        clerk = client.post("/api/v1/receipts", json=RECEIPT, headers=bearer(client, "clerk"))
    assert [g for g in got if g[3] != 403] == []
    assert clerk.status_code == 201


def test_a_logged_out_token_stops_working(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "planner")
        assert client.delete("/api/v1/sessions/current", headers=h).status_code == 204
        after = client.get("/api/v1/shipments", headers=h)
        forged = client.get("/api/v1/shipments", headers={"Authorization": "Bearer abc.def"})
    assert after.status_code == 401 and forged.status_code == 401


def test_a_login_expires(settings: Settings, now: datetime, tmp_path: Path) -> None:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    with client_for(app) as client:
        h = bearer(client, "planner", PASSWORD)
    later = build_app(settings, now.replace(year=now.year + 1))
    with client_for(later) as client:
        assert client.get("/api/v1/me", headers=h).status_code == 401


def test_demo_accounts_log_in_and_are_made_once(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    from pinxiang.services.accounts import ensure_demo_accounts
    from tests.e2e.browser.support import FAST_HASHER, state_of

    app = build_app(settings, now)
    seed(app, tmp_path, now, users=False)
    new_uow = state_of(app).new_uow
    first = ensure_demo_accounts(new_uow, now, FAST_HASHER)
    again = ensure_demo_accounts(new_uow, now, FAST_HASHER)
    assert first == again
    roles = {role for _, _, role in first}
    assert roles == {"admin", "planner", "warehouse_clerk", "declarant", "buyer", "merchant"}
    with client_for(app) as client:
        h = bearer(client, "buyer-b1", "buyer-b1-demo")
        ships = client.get("/api/v1/shipments", headers=h).json()["items"]
    assert [s["ref"] for s in ships] == ["SH-T1"]
