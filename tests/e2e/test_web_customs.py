"""Pages over the customs and settlement services: declare and download the PDF, the
inspection queue (a hold plans the shipment again, as a job), and scoped statements."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pinxiang.config import Settings
from tests.e2e.browser.support import (
    build_app,
    client_for,
    log_in,
    plan,
    register_customs,
    seed,
)


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    register_customs(app, now)
    plan(app, now)
    return app


def declare(client: TestClient, csrf: str, shipment: str) -> None:
    r = client.post(
        "/declarations/declare",
        data={"csrf_token": csrf, "shipment": shipment},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text


def test_a_declarant_declares_and_downloads_the_pdf(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "declarant")
        declare(client, csrf, "SH-T1")
        page = client.get("/declarations").text
        refs = re.findall(r'href="/declarations/([^"]+)\.pdf"', page)
        pdf = client.get(f"/declarations/{refs[0]}.pdf")
    assert refs and pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_buyer_downloads_only_their_own_declarations(web: FastAPI) -> None:
    with client_for(web) as client:
        declare(client, log_in(client, "declarant"), "SH-T1")
        everything = re.findall(
            r'href="/declarations/([^"]+)\.pdf"', client.get("/declarations").text
        )
    with client_for(web) as client:
        log_in(client, "buyer1")
        mine = re.findall(r'href="/declarations/([^"]+)\.pdf"', client.get("/declarations").text)
        others = [ref for ref in everything if ref not in mine]
        got_other = client.get(f"/declarations/{others[0]}.pdf")
        inspection = client.get("/inspection")
    assert mine and others and got_other.status_code == 404
    assert inspection.status_code == 403


def test_holding_an_inspected_lot_plans_its_shipment_again(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "declarant")
        declare(client, csrf, "SH-T1")
        for event in ("select", "inspect"):
            r = client.post(
                "/inspection/LOT-2",
                data={"csrf_token": csrf, "event": event},
                follow_redirects=False,
            )
            assert r.status_code == 303, r.text
        no_reason = client.post("/inspection/LOT-2", data={"csrf_token": csrf, "event": "hold"})
        held = client.post(
            "/inspection/LOT-2",
            data={"csrf_token": csrf, "event": "hold", "reason": "labels missing"},
            follow_redirects=False,
        )
        job = client.get(held.headers["location"]).text
        queue = client.get("/inspection?only=held").text
        client.cookies.clear()
        log_in(client, "planner")
        board = client.get("/board").text
        illegal = client.post("/inspection/LOT-1", data={"csrf_token": csrf, "event": "release"})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    assert held.status_code == 303 and held.headers["location"].startswith("/jobs/")
    assert 'data-state="done"' in job
    assert "LOT-2" in queue and "海关扣留" in board
    assert illegal.status_code == 403  # a planner may not act on lots


def test_a_merchant_sees_only_their_own_statement(web: FastAPI) -> None:
    with client_for(web) as client:
        declare(client, log_in(client, "declarant"), "SH-T1")
    with client_for(web) as client:
        log_in(client, "merchant1")
        page = client.get("/settlement").text
        own = client.get("/settlement/merchants/M1.pdf")
        other = client.get("/settlement/merchants/M2.pdf")
    assert "M1" in page and "M2" not in page
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    assert other.status_code == 404


def test_a_merchant_sees_only_their_own_lines_and_amounts_of_a_declaration(
    web: FastAPI,
) -> None:
    """SH-T1-D01 declares M1's toys (600.00) and M2's screwdriver sets (300.00)."""
    with client_for(web) as client:
        declare(client, log_in(client, "declarant"), "SH-T1")
        staff = client.get("/declarations").text
    with client_for(web) as client:
        log_in(client, "merchant1")
        page = client.get("/declarations")
        refs = re.findall(r'href="/declarations/([^"]+)\.pdf"', page.text)
        own_pdf = client.get("/declarations/SH-T1-D01.pdf")
        other_pdf = client.get("/declarations/SH-T1-D02.pdf")
        declare_form = client.post(
            "/declarations/declare", data={"csrf_token": "x", "shipment": "SH-T2"}
        )
    assert "US$900.00" in staff and "SH-T1-D02" in staff
    assert page.status_code == 200 and refs == ["SH-T1-D01"]
    assert "US$600.00" in page.text and "US$900.00" not in page.text
    assert 'id="own-lines-only"' in page.text
    assert own_pdf.status_code == 200 and own_pdf.content.startswith(b"%PDF")
    assert other_pdf.status_code == 404
    assert declare_form.status_code == 403
