"""The JSON API over customs: declare a shipment, read declarations (single-window JSON, PDF,
workbook), the lots through inspect-first-then-load, and who may see and do what."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D
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


@pytest.fixture
def merged(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    """SH-T1-D01 (buyer B1) declares M1's plush toys (300.00) and toy cars (300.00) and M2's
    screwdriver sets (300.00) and plush toys (150.00): M2's plush toys are the same kind as
    M1's, so both merchants' list lines are on one declaration line (项号)."""
    from pinxiang.services.accounts import create_user
    from pinxiang.services.importing import import_file
    from tests.builders import order, receipt, workbook
    from tests.e2e.browser.support import FAST_HASHER, PASSWORD, USERS, state_of, two_buyer_rows

    app = build_app(settings, now)
    rows = two_buyer_rows()
    rows["orders"].append(order(4, merchant="M2", sku="T-4", quantity=120, cartons=2))
    rows["receipts"].append(receipt(4, cartons=2))
    new_uow = state_of(app).new_uow
    import_file(workbook(tmp_path / "orders.xlsx", rows), new_uow, now)
    for username, role, party in USERS:
        create_user(new_uow, username, PASSWORD, role, now, party, hasher=FAST_HASHER)
    register_customs(app, now)
    return app


def own_lines(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(x["gNo"], x["codeTs"], x["declTotal"]) for x in doc["decLists"]]


def test_a_merchant_sees_only_their_own_lines_and_amounts_on_a_merged_declaration(
    merged: FastAPI,
) -> None:
    with client_for(merged) as client:
        h = bearer(client, "declarant")
        declare(client, h)
        staff = client.get("/api/v1/declarations/SH-T1-D01", headers=h).json()
        staff_item = client.get("/api/v1/declarations", headers=h).json()["items"][0]
        docs, items = {}, {}
        for who in ("merchant1", "merchant2"):
            m = bearer(client, who)
            docs[who] = client.get("/api/v1/declarations/SH-T1-D01", headers=m).json()
            items[who] = client.get("/api/v1/declarations", headers=m).json()["items"]
    toy = next(x["gNo"] for x in staff["decLists"] if x["declTotal"] == "450.00")
    shared = [ref for ref, g in staff["pinxiang"]["trace"].items() if str(g) == toy]
    assert len(shared) == 2  # the test's premise: one 项号 declares both merchants' lines
    assert D(staff_item["total"]) == D("1050") and staff_item["list_lines"] == 4

    m1, m2 = docs["merchant1"], docs["merchant2"]
    assert all(x["codeTs"] != "8205400000" for x in m1["decLists"])  # no screwdriver sets
    assert (toy, "9503008900", "300.00") in own_lines(m1)  # not the 项号's 450.00
    assert {x["declTotal"] for x in m1["decLists"]} == {"300.00"} and len(m1["decLists"]) == 2
    assert (toy, "9503008900", "150.00") in own_lines(m2)
    assert ("8205400000", "300.00") in {(c, t) for _, c, t in own_lines(m2)}
    assert len(m2["decLists"]) == 2
    for who, total, usd in (("merchant1", "600.00", "600.00"), ("merchant2", "450.00", "450.00")):
        doc = docs[who]
        assert doc["pinxiang"]["totalUsd"] == usd
        assert doc["pinxiang"]["scope"].startswith("merchant M")
        assert set(doc["pinxiang"]["trace"]) < set(staff["pinxiang"]["trace"])
        assert len(doc["pinxiang"]["lists"]) == 1 < len(staff["pinxiang"]["lists"])
        assert doc["decHead"]["tradeMode"] == "1039"  # the header stays
        item = next(i for i in items[who] if i["ref"] == "SH-T1-D01")
        assert D(item["total"]) == D(total)
        assert D(item["total_usd"]) == D(usd) and item["list_lines"] == 2
    m1_refs, m2_refs = set(m1["pinxiang"]["trace"]), set(m2["pinxiang"]["trace"])
    assert not m1_refs & m2_refs and m1_refs | m2_refs == set(staff["pinxiang"]["trace"])


def test_a_merchants_pdf_is_drawn_from_their_own_view(
    merged: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pinxiang.customs.declarations import Declaration
    from pinxiang.services import scoped_customs

    drawn: list[Declaration] = []
    real = scoped_customs.declaration_pdf

    def spy(decl: Declaration) -> bytes:
        drawn.append(decl)
        return real(decl)

    monkeypatch.setattr(scoped_customs, "declaration_pdf", spy)
    with client_for(merged) as client:
        declare(client, bearer(client, "declarant"))
        m1 = bearer(client, "merchant1")
        pdf = client.get("/api/v1/declarations/SH-T1-D01/document", headers=m1)
        xlsx = client.get(
            "/api/v1/declarations/SH-T1-D01/document", params={"format": "xlsx"}, headers=m1
        )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert xlsx.status_code == 404  # the workbook holds every merchant's lines
    [decl] = drawn
    assert {ln.code_ts for ln in decl.lines} == {"9503008900"}
    assert decl.total.amount == D("600") and len(decl.list_nos) == 1
    assert all(len(ln.sources) == 1 for ln in decl.lines)


def test_a_departed_lot_arrives_and_is_delivered_to_its_buyer(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        declare(client, h)
        assert client.post("/api/v1/lots/LOT-2/release", json={}, headers=h).status_code == 200
        clerk = bearer(client, "clerk")
        client.post("/api/v1/lots/LOT-2/load", json={"container_no": BOX}, headers=clerk)
        client.post(
            "/api/v1/lots/LOT-2/seal", json={"container_no": BOX, "seal_no": "SL-77"}, headers=clerk
        )
        early = client.post("/api/v1/lots/LOT-2/deliver", json={"receiver": "X"}, headers=clerk)
        client.post("/api/v1/lots/LOT-2/depart", headers=clerk)
        no_place = client.post("/api/v1/lots/LOT-2/arrive", json={"place": " "}, headers=clerk)
        arrived = client.post(
            "/api/v1/lots/LOT-2/arrive", json={"place": "Jebel Ali T4"}, headers=clerk
        )
        buyer = bearer(client, "buyer1")
        refused = client.post("/api/v1/lots/LOT-2/deliver", json={"receiver": "me"}, headers=buyer)
        delivered = client.post(
            "/api/v1/lots/LOT-2/deliver", json={"receiver": "A. Mansoori"}, headers=clerk
        )
        history = client.get("/api/v1/lots/LOT-2/history", headers=h).json()
    assert early.status_code == 409 and "cannot deliver when sealed" in early.json()["detail"]
    assert no_place.status_code == 422 and no_place.json()["detail"][0]["loc"][-1] == "place"
    assert arrived.status_code == 200 and arrived.json()[0]["state"] == "arrived"
    assert refused.status_code == 403
    assert delivered.status_code == 200 and delivered.json()[0]["state"] == "delivered"
    assert [e["event"] for e in history][-2:] == ["arrive", "deliver"]
    assert history[-2]["reason"] == "Jebel Ali T4" and history[-1]["reason"] == "A. Mansoori"
