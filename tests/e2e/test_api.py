"""The first web page and the API over HTTP (FastAPI's test client; the full UI comes later)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pinxiang.api.app import create_app
from pinxiang.bootstrap import App
from pinxiang.config import Settings
from pinxiang.services import views
from pinxiang.services.consolidation import plan_shipments
from pinxiang.services.importing import import_file
from pinxiang.services.outputs import write_outputs
from pinxiang.services.planning import PlanOptions
from tests.builders import workbook


def test_health_answers_with_the_database_kind(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"


def test_home_page_lists_shipments_and_containers(
    app: App, settings: Settings, tmp_path, now
) -> None:
    import_file(workbook(tmp_path / "orders.xlsx"), app.new_uow, now)
    plan_shipments(app.new_uow, PlanOptions(time_limit_s=0.5), now)
    with app.new_uow() as uow:
        write_outputs(views.shipments(uow), settings.out_dir)
    with TestClient(create_app(settings)) as client:
        page = client.get("/")
        api = client.get("/api/v1/shipments")
        pic = client.get("/plans/SH-T1-1.png")
        escape = client.get("/plans/..%2F..%2Fetc%2Fpasswd")
    assert page.status_code == 200 and "SH-T1" in page.text and "1×20GP" in page.text
    assert api.json()[0]["containers"][0]["type"] == "20GP"
    assert pic.status_code == 200 and pic.headers["content-type"] == "image/png"
    assert escape.status_code == 404
