"""The JSON API over customs: declare a shipment, read declarations (single-window JSON, PDF,
workbook), the lots through inspect-first-then-load, and who may see and do what."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pinxiang.config import Settings
from tests.e2e.browser.support import bearer, build_app, client_for, register_customs, seed

BOX = "CSQU3054383"  # a valid ISO 6346 number


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    register_customs(app, now)
    return app


def declare(client: TestClient, h: dict[str, str], shipment: str = "SH-T1") -> dict[str, Any]:
    r = client.post("/api/v1/declarations", json={"shipment": shipment}, headers=h)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def refs(client: TestClient, h: dict[str, str], path: str, key: str) -> list[str]:
    r = client.get(path, params={"limit": 500}, headers=h)
    assert r.status_code == 200, r.text
    return [x[key] for x in r.json()["items"]]


def test_a_declarant_declares_and_reads_json_pdf_and_workbook(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        report = declare(client, h)
        first = client.get("/api/v1/declarations", params={"limit": 1}, headers=h).json()
        second = client.get(
            "/api/v1/declarations", params={"limit": 1, "cursor": first["next_cursor"]}, headers=h
        ).json()
        doc = client.get("/api/v1/declarations/SH-T1-D01", headers=h).json()
        pdf = client.get("/api/v1/declarations/SH-T1-D01/document", headers=h)
        xlsx = client.get(
            "/api/v1/declarations/SH-T1-D01/document", params={"format": "xlsx"}, headers=h
        )
        lots = client.get("/api/v1/lots", params={"state": "declared"}, headers=h).json()
    assert [d["ref"] for d in report["declarations"]] == ["SH-T1-D01", "SH-T1-D02"]
    assert report["lots_declared"] == ["LOT-1", "LOT-2", "LOT-3", "LOT-B2-1"]
    assert [d["ref"] for d in first["items"] + second["items"]] == ["SH-T1-D01", "SH-T1-D02"]
    assert second["next_cursor"] is None
    assert doc["decHead"]["tradeMode"] == "1039" and doc["decLists"]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert {x["lot_no"] for x in lots["items"]} == {"LOT-1", "LOT-2", "LOT-3", "LOT-B2-1"}


def test_declaring_refuses_bad_input_naming_the_field(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        unknown = client.post("/api/v1/declarations", json={"shipment": "SH-X"}, headers=h)
        empty = client.post("/api/v1/declarations", json={"shipment": ""}, headers=h)
        planner = client.post(
            "/api/v1/declarations", json={"shipment": "SH-T1"}, headers=bearer(client, "planner")
        )
        listed = client.get("/api/v1/declarations", headers=h).json()["items"]
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "shipment"]
    assert "SH-X" in unknown.json()["detail"][0]["msg"]
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "shipment"]
    assert planner.status_code == 403 and listed == []


def test_buyers_and_merchants_see_only_their_own_declarations_and_lots(web: FastAPI) -> None:
    with client_for(web) as client:
        declare(client, bearer(client, "declarant"))
        b1, m1 = bearer(client, "buyer1"), bearer(client, "merchant1")
        b1_decls = refs(client, b1, "/api/v1/declarations", "ref")
        m1_decls = refs(client, m1, "/api/v1/declarations", "ref")
        b1_lots = refs(client, b1, "/api/v1/lots", "lot_no")
        m1_lots = refs(client, m1, "/api/v1/lots", "lot_no")
        other_decl = client.get("/api/v1/declarations/SH-T1-D02", headers=b1)
        other_pdf = client.get("/api/v1/declarations/SH-T1-D02/document", headers=m1)
        own_pdf = client.get("/api/v1/declarations/SH-T1-D01/document", headers=b1)
        workbook = client.get(
            "/api/v1/declarations/SH-T1-D01/document", params={"format": "xlsx"}, headers=b1
        )
        other_history = client.get("/api/v1/lots/LOT-B2-1/history", headers=m1)
        own_history = client.get("/api/v1/lots/LOT-1/history", headers=m1)
        act = client.post("/api/v1/lots/LOT-1/release", json={}, headers=m1)
    assert b1_decls == m1_decls == ["SH-T1-D01"]
    assert b1_lots == ["LOT-1", "LOT-2", "LOT-3"] and m1_lots == ["LOT-1", "LOT-2"]
    assert other_decl.status_code == other_pdf.status_code == 404
    assert own_pdf.status_code == 200 and workbook.status_code == 404
    assert other_history.status_code == 404
    assert [e["event"] for e in own_history.json()] == ["declare"]
    assert act.status_code == 403


def test_a_lot_goes_through_inspection_loading_and_departure(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        declare(client, h)
        selected = client.post("/api/v1/lots/LOT-2/select", json={"reason": "risk"}, headers=h)
        for event in ("inspect", "release"):
            assert client.post(f"/api/v1/lots/LOT-2/{event}", json={}, headers=h).status_code == 200
        clerk = bearer(client, "clerk")
        bad_box = client.post(
            "/api/v1/lots/LOT-2/load", json={"container_no": "CSQU3054384"}, headers=clerk
        )
        loaded = client.post("/api/v1/lots/LOT-2/load", json={"container_no": BOX}, headers=clerk)
        bad_seal = client.post(
            "/api/v1/lots/LOT-2/seal", json={"container_no": BOX, "seal_no": "!"}, headers=clerk
        )
        sealed = client.post(
            "/api/v1/lots/LOT-2/seal", json={"container_no": BOX, "seal_no": "SL-77"}, headers=clerk
        )
        departed = client.post("/api/v1/lots/LOT-2/depart", headers=clerk)
        history = client.get("/api/v1/lots/LOT-2/history", headers=h).json()
        clerk_select = client.post("/api/v1/lots/LOT-1/select", json={}, headers=clerk)
    assert selected.status_code == 200 and selected.json()[0]["state"] == "selected"
    assert bad_box.status_code == 422 and bad_box.json()["detail"][0]["loc"] == [
        "body",
        "container_no",
    ]
    assert "ISO 6346" in bad_box.json()["detail"][0]["msg"]
    assert loaded.json()[0]["container_no"] == BOX
    assert bad_seal.status_code == 422 and bad_seal.json()["detail"][0]["loc"][-1] == "seal_no"
    assert sealed.json()[0]["seal_no"] == "SL-77"
    assert departed.json()[0]["state"] == "departed"
    assert [e["event"] for e in history] == [
        "declare", "select", "inspect", "release", "load", "seal", "depart"
    ]  # fmt: skip
    assert history[1]["reason"] == "risk" and history[4]["actor"] == "clerk"
    assert clerk_select.status_code == 403


def test_an_illegal_transition_is_409_with_the_customs_message_and_writes_nothing(
    web: FastAPI,
) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        declare(client, h)
        before = client.get("/api/v1/lots/LOT-1/history", headers=h).json()
        inspect = client.post("/api/v1/lots/LOT-1/inspect", json={}, headers=h)
        load = client.post("/api/v1/lots/LOT-1/load", json={"container_no": BOX}, headers=h)
        hold = client.post("/api/v1/lots/LOT-1/hold", json={"reason": "labels"}, headers=h)
        after = client.get("/api/v1/lots/LOT-1/history", headers=h).json()
        state = client.get("/api/v1/lots", params={"shipment": "SH-T1"}, headers=h).json()
        unknown = client.post("/api/v1/lots/LOT-404/select", json={}, headers=h)
    assert inspect.status_code == load.status_code == hold.status_code == 409
    assert inspect.json()["detail"] == (
        "lot LOT-1: cannot inspect when declared; allowed: select, release"
    )
    assert "cannot hold when declared" in hold.json()["detail"]
    assert after == before
    assert {x["lot_no"]: x["state"] for x in state["items"]}["LOT-1"] == "declared"
    assert unknown.status_code == 404


def test_a_hold_needs_a_reason_and_plans_the_shipment_again_as_a_job(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        declare(client, h)
        for event in ("select", "inspect"):
            assert client.post(f"/api/v1/lots/LOT-2/{event}", json={}, headers=h).status_code == 200
        blank = client.post("/api/v1/lots/LOT-2/hold", json={"reason": "  "}, headers=h)
        held = client.post("/api/v1/lots/LOT-2/hold", json={"reason": "labels missing"}, headers=h)
        job = client.get(f"/api/v1/jobs/{held.json()['id']}", headers=h).json()
        lots = client.get("/api/v1/lots", params={"state": "held"}, headers=h).json()["items"]
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"] == ["body", "reason"]
    assert held.status_code == 202 and held.json()["kind"] == "hold"
    assert job["state"] == "done" and job["result"]["shipments"][0]["ref"] == "SH-T1"
    assert [x["lot_no"] for x in lots] == ["LOT-2"]
