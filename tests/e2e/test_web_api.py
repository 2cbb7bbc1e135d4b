"""The JSON API: pagination, uploads, planning as a background job, receipts, errors naming
the field at fault, and the published contract (`openapi.json`) kept as a golden file."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from pinxiang.config import Settings
from pinxiang.services.jobs import ThreadJobRunner
from pinxiang.web.settings import WebSettings
from tests.builders import order, receipt, small_rows, workbook
from tests.e2e.browser.support import bearer, build_app, client_for, log_in, plan, seed

GOLDEN = Path(__file__).parent / "golden" / "openapi.json"


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    return app


def test_wrong_password_gets_no_session(web: FastAPI) -> None:
    with client_for(web) as client:
        r = client.post("/api/v1/sessions", json={"username": "planner", "password": "nope"})
        me = client.get("/api/v1/me")
    assert r.status_code == 401 and "px_session" not in r.cookies
    assert me.status_code == 401


def test_cartons_are_paginated_by_cursor_without_repeats(web: FastAPI, now: datetime) -> None:
    plan(web, now)
    seen: list[str] = []
    with client_for(web) as client:
        h = bearer(client, "planner")
        cursor = None
        for _ in range(20):
            params: dict[str, str | int] = {"limit": 4}
            if cursor:
                params["cursor"] = cursor
            page = client.get("/api/v1/cartons", params=params, headers=h).json()
            seen += [c["carton_id"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        containers = client.get("/api/v1/containers", headers=h).json()["items"]
    assert len(seen) == len(set(seen)) == sum(c["cartons"] for c in containers) > 4


def test_a_limit_out_of_range_names_the_query_field(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "planner")
        r = client.get("/api/v1/cartons", params={"limit": 0}, headers=h)
        bad_cursor = client.get("/api/v1/cartons", params={"cursor": "x"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "limit"]
    assert bad_cursor.status_code == 422 and bad_cursor.json()["detail"][0]["loc"][-1] == "cursor"


def test_an_upload_is_imported_once(web: FastAPI, tmp_path: Path) -> None:
    rows = small_rows()
    rows["orders"].append(order(4, sku="SKU-4", cartons=2))
    rows["receipts"].append(receipt(4, cartons=2))
    path = workbook(tmp_path / "more.xlsx", rows)
    with client_for(web) as client:
        h = bearer(client, "planner")
        files = {"file": ("more.xlsx", path.read_bytes())}
        first = client.post("/api/v1/imports", files=files, headers=h)
        again = client.post("/api/v1/imports", files=files, headers=h)
    assert first.status_code == 201 and first.json()["by_table"]["order_lines"][0] == 1
    assert again.status_code == 201 and again.json()["inserted"] == again.json()["updated"] == 0


def test_a_broken_upload_names_sheet_row_and_column(web: FastAPI, tmp_path: Path) -> None:
    rows = small_rows()
    rows["orders"][0]["cartons"] = -3
    path = workbook(tmp_path / "broken.xlsx", rows)
    with client_for(web) as client:
        h = bearer(client, "planner")
        r = client.post(
            "/api/v1/imports", files={"file": ("broken.xlsx", path.read_bytes())}, headers=h
        )
        txt = client.post("/api/v1/imports", files={"file": ("x.txt", b"hi")}, headers=h)
    assert r.status_code == 422
    loc = r.json()["detail"][0]["loc"]
    assert loc[0] == "file" and isinstance(loc[2], int) and loc[2] > 1 and loc[3]
    assert txt.status_code == 422 and txt.json()["detail"][0]["loc"] == ["body", "file"]


def test_planning_runs_as_a_background_job(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    runner = ThreadJobRunner()
    app = build_app(settings, now, runner=runner)
    seed(app, tmp_path, now)
    with client_for(app) as client:
        h = bearer(client, "planner")
        queued = client.post("/api/v1/plans", json={"shipments": ["SH-T1"]}, headers=h)
        assert queued.status_code == 202 and queued.json()["total"] == 1
        deadline, job = time.monotonic() + 60, queued.json()
        while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
            job = client.get(f"/api/v1/jobs/{job['id']}", headers=h).json()
        containers = client.get("/api/v1/containers", headers=h).json()["items"]
    assert job["state"] == "done", job["message"]
    assert job["done"] == 1 and job["result"]["shipments"][0]["ref"] == "SH-T1"
    assert {c["shipment_ref"] for c in containers} == {"SH-T1"}


def test_planning_an_unknown_shipment_names_the_field(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "planner")
        r = client.post("/api/v1/plans", json={"shipments": ["SH-NOPE"]}, headers=h)
        extra = client.post("/api/v1/plans", json={"shipment": "SH-T1"}, headers=h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "shipments"]
    assert extra.status_code == 422 and extra.json()["detail"][0]["loc"] == ["body", "shipment"]


def test_load_plan_lists_cartons_in_loading_order_with_their_parties(
    web: FastAPI, now: datetime
) -> None:
    plan(web, now)
    with client_for(web) as client:
        h = bearer(client, "planner")
        lp = client.get("/api/v1/shipments/SH-T1/containers/1/load-plan", headers=h).json()
        missing = client.get("/api/v1/shipments/SH-T1/containers/9/load-plan", headers=h)
        listed = client.get("/api/v1/containers", params={"shipment": "SH-T1"}, headers=h)
    container = next(c for c in listed.json()["items"] if c["seq"] == 1)
    steps = [c["step"] for c in lp["cartons"]]
    assert steps == sorted(steps) and steps[0] == 1
    assert {c["buyer"] for c in lp["cartons"]} == {"B1", "B2"}
    assert {c["drop"] for c in lp["cartons"]} == {1, 2}
    assert all(c["own"] and c["merchant"] and c["order_line"] for c in lp["cartons"])
    assert lp["inner_mm"][0] > 5000 and missing.status_code == 404
    # the stored centre of gravity is the cartons' weighted centre, as a share off the middle
    b = lp["balance"]
    total = sum(c["gross_g"] for c in lp["cartons"])
    for axis, key in ((0, "offset_length"), (1, "offset_width")):
        centre = (
            sum(
                c["gross_g"] * (c["position_mm"][axis] + c["size_mm"][axis] / 2)
                for c in lp["cartons"]
            )
            / total
        )
        assert abs(b["cog_mm"][axis] - centre) <= 1
        inner = lp["inner_mm"][axis]
        assert abs(b[key] - (centre - inner / 2) / inner) < 1e-3
    assert (b["reason"] == "") == b["within_tolerance"]
    # the freight shares (staff see every buyer's) add up exactly to the container's freight
    shares = lp["freight_shares"]
    assert [s["buyer"] for s in shares] == ["B1", "B2"]
    assert sum(Decimal(s["amount"]) for s in shares) == Decimal(container["freight"])
    assert "revenue ton" in lp["allocation_rule"]


def test_the_load_plan_page_shows_the_centre_of_gravity(web: FastAPI, now: datetime) -> None:
    plan(web, now)
    with client_for(web) as client:
        log_in(client, "planner")
        html = client.get("/shipments/SH-T1/containers/1").text
    assert 'id="balance"' in html and ("重心" in html or "Centre of gravity" in html)


def test_a_receipt_heavier_than_declared_shows_a_discrepancy(web: FastAPI) -> None:
    body = {
        "order_line_ref": "PO-1-3",
        "cartons": 1,
        "length_mm": 400,
        "width_mm": 300,
        "height_mm": 250,
        "gross_g": 21000,
    }
    with client_for(web) as client:
        h = bearer(client, "clerk")
        r = client.post("/api/v1/receipts", json=body, headers=h)
        unknown = client.post(
            "/api/v1/receipts", json={**body, "order_line_ref": "PO-9-9"}, headers=h
        )
        zero = client.post("/api/v1/receipts", json={**body, "gross_g": 0}, headers=h)
    assert r.status_code == 201
    assert [d["field"] for d in r.json()["discrepancies"]] == ["gross_g"]
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "order_line_ref"]
    assert zero.status_code == 422 and zero.json()["detail"][0]["loc"] == ["body", "gross_g"]


def test_cookie_sessions_must_send_the_csrf_header_to_write(web: FastAPI) -> None:
    with client_for(web) as client:
        login = client.post(
            "/api/v1/sessions", json={"username": "planner", "password": "correct horse battery"}
        )
        csrf = login.json()["csrf_token"]
        refused = client.post("/api/v1/plans", json={"shipments": ["SH-T1"]})
        accepted = client.post(
            "/api/v1/plans", json={"shipments": ["SH-T1"]}, headers={"X-CSRF-Token": csrf}
        )
        read = client.get("/api/v1/shipments")
    assert refused.status_code == 403 and accepted.status_code == 202 and read.status_code == 200


def test_a_placeholder_secret_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        WebSettings(environment="production", secret_key="changethis")
    ok = WebSettings(environment="production", secret_key="x" * 40)
    assert ok.cookie_secure


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_openapi_matches_the_golden_file(settings: Settings, now: datetime) -> None:
    """Refresh after an intended API change with PINXIANG_UPDATE_GOLDEN=1."""
    doc = build_app(settings, now).openapi()
    text = json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("PINXIANG_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert GOLDEN.exists(), "run with PINXIANG_UPDATE_GOLDEN=1 to create the golden file"
    assert text == GOLDEN.read_text(), "openapi.json drifted; refresh with PINXIANG_UPDATE_GOLDEN=1"
    ids = [op["operationId"] for path in doc["paths"].values() for op in path.values()]
    assert "list_shipments" in ids and "get_load_plan" in ids and len(ids) == len(set(ids))


def test_every_web_setting_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "web.md").read_text()
    missing = [f for f in WebSettings.model_fields if f"PINXIANG_WEB_{f.upper()}" not in doc]
    assert missing == []
