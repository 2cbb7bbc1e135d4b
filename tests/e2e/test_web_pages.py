"""The server-rendered pages over HTTP: login with CSRF, both languages, receiving with
discrepancies, the board's unplaced lots and why, and the dashboard's held lots."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from pinxiang.config import Settings
from pinxiang.persistence.tables import LotEventRow, LotStateRow, ReceiptRow
from pinxiang.web.i18n import Formatter
from tests.e2e.browser.support import (
    PASSWORD,
    build_app,
    client_for,
    csrf_of,
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


def test_the_login_form_needs_its_csrf_token(web: FastAPI) -> None:
    with client_for(web) as client:
        client.get("/login")
        forged = client.post(
            "/login", data={"username": "planner", "password": PASSWORD, "csrf_token": "x"}
        )
        token = csrf_of(client.get("/login").text)
        wrong = client.post(
            "/login", data={"username": "planner", "password": "bad", "csrf_token": token}
        )
    assert forged.status_code == 403
    assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text


def test_pages_switch_between_chinese_and_english(web: FastAPI, now: datetime) -> None:
    plan(web, now)
    with client_for(web) as client:
        csrf = log_in(client, "planner")
        zh = client.get("/").text
        client.post("/language", data={"locale": "en", "csrf_token": csrf, "next": "/"})
        en = client.get("/").text
        board = client.get("/board").text
    assert "本周截关" in zh and "2026年12月5日 18:00" in zh
    assert "cut-offs" in en and "5 Dec 2026 18:00" in en and "本周截关" not in en
    assert "US$" in board and "3D plan" in board


def test_a_form_post_without_its_csrf_token_is_refused(web: FastAPI) -> None:
    with client_for(web) as client:
        log_in(client, "clerk")
        r = client.post(
            "/receiving",
            data={
                "order_line_ref": "PO-1-1",
                "cartons": 1,
                "length_mm": 600,
                "width_mm": 400,
                "height_mm": 500,
                "gross_g": 6500,
                "csrf_token": "forged",
            },
        )
    assert r.status_code == 403


def test_receiving_shows_the_discrepancy_with_the_declared_carton(web: FastAPI) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "clerk")
        r = client.post(
            "/receiving",
            data={
                "order_line_ref": "PO-1-2",
                "cartons": 2,
                "length_mm": 480,
                "width_mm": 300,
                "height_mm": 350,
                "gross_g": 9000,
                "location": "B-02",
                "csrf_token": csrf,
            },
        )
    assert r.status_code == 200
    assert "R-PO-1-2-2" in r.text and "length_mm: declared 450 mm, measured 480 mm (+30)" in r.text


def test_the_board_and_dashboard_show_a_held_lot_and_why(web: FastAPI, now: datetime) -> None:
    st = state_of(web)
    with st.new_uow() as uow:
        lot = uow.session.scalar(select(ReceiptRow).where(ReceiptRow.lot_no == "LOT-2"))
        assert lot is not None
        uow.session.add(LotStateRow(receipt_id=lot.id, state="held", updated_at=now))
        uow.session.add(
            LotEventRow(
                receipt_id=lot.id,
                event="hold",
                from_state="received",
                to_state="held",
                actor="declarant",
                at=now,
                reason="random inspection",
            )
        )
        uow.commit()
    plan(web, now)
    with client_for(web) as client:
        log_in(client, "planner")
        board = client.get("/board").text
        dash = client.get("/").text
    assert "LOT-2" in board and "海关扣留" in board
    assert "random inspection" in dash


def test_an_order_file_is_uploaded_through_the_import_page(web: FastAPI, tmp_path: Path) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "planner")
        r = client.post(
            "/import",
            data={"csrf_token": csrf},
            files={"file": ("orders.xlsx", (tmp_path / "orders.xlsx").read_bytes())},
        )
    assert r.status_code == 200 and 'id="import-report"' in r.text


@pytest.mark.parametrize(
    ("locale", "money", "when"),
    [("zh", "¥12,345.50", "2026年12月1日 18:00"), ("en", "CN¥12,345.50", "1 Dec 2026 18:00")],
)
def test_money_and_dates_are_formatted_per_locale(locale: str, money: str, when: str) -> None:
    f = Formatter(locale)
    assert f.money(Decimal("12345.5"), "CNY") == money
    assert f.datetime(datetime(2026, 12, 1, 10, 0, tzinfo=UTC)) == when
    assert f.number(1234567) == "1,234,567" and f.percent(0.8531) == "85.3%"
