"""Containers in transit on the web (/transit): a departed container arrives (with the place),
then each buyer's lots in it are delivered (with who signed); CSRF on both forms, a missing
place or receiver is refused inside its form, only the roles the API allows may do it, and the
buyer's timeline shows both steps."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from pinxiang.config import Settings
from tests.e2e.browser.support import (
    BOX,
    bearer,
    build_app,
    client_for,
    depart,
    log_in,
    register_customs,
    seed,
)

LOTS = ("LOT-1", "LOT-B2-1")  # B1's and B2's lots of SH-T1 in one container


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    register_customs(app, now)
    depart(app, now, LOTS)
    return app


def post(client: TestClient, path: str, **data: str) -> Response:
    return client.post(path, data=data, follow_redirects=False)


def state_of_lot(client: TestClient, lot: str) -> str:
    r = client.get("/api/v1/lots", params={"limit": 500}, headers=bearer(client, "declarant"))
    return next(x["state"] for x in r.json()["items"] if x["lot_no"] == lot)


def test_a_clerk_marks_the_container_arrived_then_delivers_each_buyer(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "clerk")
        before = client.get("/transit").text
        arrived = post(client, f"/transit/{BOX}/arrive", csrf_token=csrf, place="Odesa CTO")
        middle = client.get(arrived.headers["location"]).text
        delivered = post(
            client, f"/transit/{BOX}/deliver", csrf_token=csrf, buyer="B1", receiver="A. Mansoori"
        )
        after = client.get(delivered.headers["location"]).text
        b1, b2 = state_of_lot(client, "LOT-1"), state_of_lot(client, "LOT-B2-1")
    assert 'href="/transit"' in before and f'id="departed-{BOX}"' in before
    assert arrived.status_code == delivered.status_code == 303
    assert f'id="arrived-{BOX}-B1"' in middle and f'id="arrived-{BOX}-B2"' in middle
    assert "Odesa CTO" in middle and 'id="transit-done"' in middle
    assert f'id="arrived-{BOX}-B1"' not in after and f'id="arrived-{BOX}-B2"' in after
    assert (b1, b2) == ("delivered", "arrived")


def test_the_buyers_timeline_shows_the_arrival_and_the_delivery(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "declarant")
        post(client, f"/transit/{BOX}/arrive", csrf_token=csrf, place="Odesa CTO")
        post(client, f"/transit/{BOX}/deliver", csrf_token=csrf, buyer="B1", receiver="Ahmed")
    with client_for(web) as client:
        log_in(client, "buyer1")
        mine = client.get("/tracking/B1").text
    with client_for(web) as client:
        log_in(client, "buyer2")
        other = client.get("/tracking/B2").text
    assert "已到达" in mine and "Odesa CTO" in mine and "已送达" in mine and "Ahmed" in mine
    assert "Odesa CTO" in other and "Ahmed" not in other  # B2 arrived, not delivered


@pytest.mark.parametrize(
    ("action", "data", "field", "message"),
    [
        ("arrive", {"place": "   "}, "place", "Where did the container arrive?"),
        ("arrive", {"place": "x" * 201}, "place", "at most 200 characters"),
        ("deliver", {"buyer": "B1", "receiver": " "}, "receiver", "Who signed for the cartons?"),
        ("deliver", {"buyer": "B9", "receiver": "Ahmed"}, "state", "no arrived lots"),
    ],
)
def test_bad_input_is_shown_inside_its_form(
    web: FastAPI, action: str, data: dict[str, str], field: str, message: str
) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "clerk")
        client.post("/language", data={"locale": "en", "csrf_token": csrf, "next": "/"})
        if action == "deliver":
            post(client, f"/transit/{BOX}/arrive", csrf_token=csrf, place="Odesa CTO")
        r = post(client, f"/transit/{BOX}/{action}", csrf_token=csrf, **data)
        state = state_of_lot(client, "LOT-1")
    assert r.status_code == 422
    error = re.search(r'<div class="flash error field-error" id="transit-error"[^>]*>', r.text)
    assert error and f'data-field="{field}"' in error.group(0)
    assert message in r.text
    if field != "state":  # the message sits inside the form at fault
        form_id = f"arrive-{BOX}" if action == "arrive" else f"deliver-{BOX}-B1"
        form = re.search(rf'<form [^>]*id="{form_id}".*?</form>', r.text, re.S)
        assert form and "transit-error" in form.group(0) and 'aria-invalid="true"' in form.group(0)
    assert state == ("departed" if action == "arrive" else "arrived")


def test_delivering_before_the_arrival_is_refused_on_top_of_the_page(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "clerk")
        r = post(client, f"/transit/{BOX}/deliver", csrf_token=csrf, buyer="B1", receiver="Ahmed")
        state = state_of_lot(client, "LOT-1")
    assert r.status_code == 422 and 'id="transit-error"' in r.text
    assert "no arrived lots of buyer B1" in r.text and state == "departed"


def test_the_forms_need_the_csrf_token(web: FastAPI) -> None:
    with client_for(web) as client:
        log_in(client, "clerk")
        r = post(client, f"/transit/{BOX}/arrive", csrf_token="wrong", place="Odesa CTO")
        state = state_of_lot(client, "LOT-1")
    assert r.status_code == 403 and state == "departed"


@pytest.mark.parametrize("username", ["planner", "buyer1", "merchant1"])
def test_only_the_roles_the_api_allows_may_open_or_post(web: FastAPI, username: str) -> None:
    with client_for(web) as client:
        csrf = log_in(client, username)
        page = client.get("/transit")
        home = client.get("/").text
        r = post(client, f"/transit/{BOX}/arrive", csrf_token=csrf, place="Odesa CTO")
        api = client.post(
            "/api/v1/lots/LOT-1/arrive", json={"place": "X"}, headers=bearer(client, username)
        )
    assert page.status_code == r.status_code == api.status_code == 403
    assert 'href="/transit"' not in home


def test_both_languages(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "clerk")
        zh = client.get("/transit").text
        client.post("/language", data={"locale": "en", "csrf_token": csrf, "next": "/"})
        en = client.get("/transit").text
    assert "在途" in zh and "登记到达" in zh and "地点（港口" in zh
    assert "In transit" in en and "Mark arrived" in en and "Place (port" in en


def test_an_lcl_lot_is_handed_to_the_co_loader_arrives_and_is_delivered(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    from pinxiang.services import declarations, inspection
    from pinxiang.services.consolidation import plan_shipments
    from tests.e2e.browser.support import state_of
    from tests.e2e.test_api_lcl import LCL, small_day

    app = build_app(settings, now)
    small_day(app, tmp_path, now, (4, 6, 3))  # every lot goes LCL
    new_uow = state_of(app).new_uow
    plan_shipments(new_uow, LCL, now)
    declarations.declare_shipment(new_uow, "SH-T1", now)
    inspection.declare_lots(new_uow, "SH-T1", "declarant", now)
    inspection.release(new_uow, "LOT-1", "declarant", now)
    with client_for(app) as client:
        csrf = log_in(client, "clerk")
        client.post("/language", data={"locale": "en", "csrf_token": csrf, "next": "/"})
        listed = client.get("/transit").text
        blank = post(client, "/transit/lcl/LOT-1/hand-over", csrf_token=csrf, co_loader_ref=" ")
        handed = post(
            client, "/transit/lcl/LOT-1/hand-over", csrf_token=csrf, co_loader_ref="NGB-HBL-42"
        )
        departed = client.get("/transit").text
        not_lcl = post(client, "/transit/lcl/LOT-2/hand-over", csrf_token=csrf, co_loader_ref="X")
        post(client, "/transit/lcl/LOT-1/arrive", csrf_token=csrf, place="Warsaw terminal")
        arrived = client.get("/transit").text
        post(client, "/transit/lcl/LOT-1/deliver", csrf_token=csrf, receiver="J. Kowalski")
        after = client.get("/transit").text
    with client_for(app) as client:
        log_in(client, "buyer1")
        timeline = client.get("/tracking/B1").text
    assert 'id="lcl-LOT-1"' in listed and 'id="lcl-LOT-2"' not in listed  # LOT-2 not released
    assert blank.status_code == 422 and "house B/L number" in blank.text
    form = re.search(r'<form [^>]*id="hand-over-LOT-1".*?</form>', blank.text, re.S)
    assert form and 'data-field="co_loader_ref"' in form.group(0)
    assert handed.status_code == 303
    assert 'id="departed-lcl-LOT-1"' in departed and "NGB-HBL-42" in departed
    assert 'id="lcl-LOT-1"' not in departed
    assert not_lcl.status_code == 422 and "cannot hand_over when declared" in not_lcl.text
    assert 'id="arrived-lcl-LOT-1"' in arrived and "Warsaw terminal" in arrived
    assert "LOT-1" not in after.split('id="arrived"')[1]
    assert "NGB-HBL-42" in timeline and "Warsaw terminal" in timeline and "J. Kowalski" in timeline
