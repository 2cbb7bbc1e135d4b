"""Pages that grow with the warehouse: the board pages its shipments and searches them; the
receiving desk shows the lines still expected and finds any line by search."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI

from pinxiang.config import Settings
from pinxiang.persistence.tables import ShipmentRow
from pinxiang.services import listing
from tests.e2e.browser.support import (
    bearer,
    build_app,
    client_for,
    log_in,
    plan,
    seed,
    state_of,
)


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    return app


def _add_shipments(web: FastAPI, now: datetime, n: int) -> None:
    with state_of(web).new_uow() as uow:
        for i in range(n):
            uow.session.add(
                ShipmentRow(
                    ref=f"SH-X{i:03d}",
                    destination_country="PL",
                    destination="Warsaw",
                    route="rail_china_europe",
                    cutoff=now + timedelta(days=10, hours=i),
                )
            )
        uow.commit()


def _refs(html: str) -> list[str]:
    return re.findall(r'<section class="shipment" id="shipment-([^"]+)"', html)


def test_the_board_pages_shipments_by_cutoff_and_searches_them(web: FastAPI, now: datetime) -> None:
    _add_shipments(web, now, 30)
    plan(web, now)
    with client_for(web) as client:
        log_in(client, "planner")
        first = client.get("/board").text
        second = client.get("/board?offset=25").text
        found = client.get("/board?q=sh-t1").text
        bad = client.get("/board?offset=-1")
    page1, page2 = _refs(first), _refs(second)
    assert len(page1) == listing.BOARD_PAGE and page1[0] == "SH-X029"  # latest cut-off first
    assert set(page1).isdisjoint(page2) and len(page1) + len(page2) == 32
    assert {"SH-T1", "SH-T2"} <= set(page2)
    assert "1–25" in first and 'rel="next"' in first and 'rel="prev"' in second
    assert _refs(found) == ["SH-T1"] and 'rel="next"' not in found
    assert bad.status_code == 422


def test_receiving_lists_outstanding_lines_and_finds_any_line(web: FastAPI) -> None:
    with client_for(web) as client:
        log_in(client, "clerk")
        outstanding = client.get("/receiving").text
        everything = client.get("/receiving?all=true").text
        one = client.get("/receiving?q=PO-1-2&all=true").text
    expected = re.compile(r"<table id=\"expected\">.*?</table>", re.S)

    def rows(html: str) -> int:
        table = expected.search(html)
        assert table is not None
        return table.group(0).count("<tr><td>")

    assert rows(everything) > rows(outstanding) >= 0
    assert rows(one) == 1 and "PO-1-2" in one


def test_the_board_shows_what_goes_lcl_and_what_it_costs(
    settings: Settings, now: datetime, tmp_path: Path
) -> None:
    from pinxiang.services.consolidation import plan_shipments

    app = build_app(settings.model_copy(update={"lcl": True}), now)
    seed(app, tmp_path, now)
    st = state_of(app)
    plan_shipments(st.new_uow, st.app.plan_options(time_limit_s=0.1), now)
    with client_for(app) as client:
        staff = client.get("/api/v1/shipments", headers=bearer(client, "planner")).json()
        own = client.get("/api/v1/shipments", headers=bearer(client, "buyer1")).json()
        log_in(client, "planner")
        board = client.get("/board").text
    total = sum(s["lcl_cartons"] for s in staff["items"])
    assert total > 0 and sum(s["lcl_cartons"] for s in own["items"]) <= total
    lcl = re.search(r'<table class="lcl">.*?</table>', board, re.S)
    assert lcl is not None, "a small house bill goes LCL when that is cheaper"
    assert "B1" in lcl.group(0) or "B2" in lcl.group(0)
    assert "US$" in lcl.group(0) or "US$" in board
