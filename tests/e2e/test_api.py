"""The API over HTTP with FastAPI's test client: health, login, and the first lists."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pinxiang.config import Settings
from tests.e2e.browser.support import bearer, build_app, client_for, plan, seed


def test_health_answers_with_the_database_kind(settings: Settings, now: datetime) -> None:
    with client_for(build_app(settings, now)) as client:
        r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.json()["database"] in ("sqlite", "postgresql")


def test_shipments_need_a_login(settings: Settings, now: datetime) -> None:
    with client_for(build_app(settings, now)) as client:
        r = client.get("/api/v1/shipments")
        page = client.get("/", follow_redirects=False)
    assert r.status_code == 401
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_planner_lists_shipments_with_their_containers(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    plan(app, now)
    with client_for(app) as client:
        h = bearer(client, "planner")
        items = client.get("/api/v1/shipments", headers=h).json()["items"]
        escape = client.get("/plans/..%2F..%2Fetc%2Fpasswd")
    assert [s["ref"] for s in items] == ["SH-T1", "SH-T2"]
    assert items[0]["planned"] and items[0]["containers"] and items[0]["buyers"] == ["B1", "B2"]
    assert items[0]["cartons"] + items[0]["unplaced_cartons"] == 18
    assert escape.status_code == 404
