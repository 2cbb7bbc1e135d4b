"""Shared by the web tests: a two-buyer, two-merchant market day and logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pinxiang.api.app import create_app
from pinxiang.api.deps import State
from pinxiang.config import Settings
from pinxiang.services.accounts import create_user
from pinxiang.services.jobs import InlineJobRunner, JobRunner
from tests.builders import CST, Rows, order, receipt, small_rows, workbook

FAST_HASHER = PasswordHasher.from_parameters(CHEAPEST)
PASSWORD = "correct horse battery"
USERS = (
    ("planner", "planner", ""),
    ("clerk", "warehouse_clerk", ""),
    ("declarant", "declarant", ""),
    ("buyer1", "buyer", "B1"),
    ("buyer2", "buyer", "B2"),
    ("merchant1", "merchant", "M1"),
    ("merchant2", "merchant", "M2"),
)


def two_buyer_rows() -> Rows:
    """SH-T1 is shared by B1 and B2 (one LCL container); SH-T2 is B2's alone."""
    rows = small_rows()
    rows["buyers"].append(
        {
            "code": "B2",
            "name": "Olena Kovalenko",
            "nationality": "UA",
            "id_document": "FA123456",
            "company": "Odesa Trading",
            "country": "UA",
        }
    )
    rows["shipments"][0]["buyers"] = "B1,B2"
    rows["shipments"].append(
        {
            "ref": "SH-T2",
            "buyers": "B2",
            "destination_country": "UA",
            "destination": "Odesa",
            "route": "sea_ningbo",
            "cutoff": datetime(2026, 12, 6, 18, 0, tzinfo=CST),
        }
    )
    rows["orders"].append(
        order(1, buyer="B2", order_no="PO-2", merchant="M2", sku="H-9", name_en="Hammer", cartons=5)
    )
    rows["orders"].append(
        order(1, shipment="SH-T2", buyer="B2", order_no="PO-3", merchant="M2", sku="H-8", cartons=2)
    )
    rows["receipts"].append(receipt(1, lot_no="LOT-B2-1", order_no="PO-2", cartons=5))
    rows["receipts"].append(
        receipt(1, lot_no="LOT-B2-2", order_no="PO-3", cartons=2, gross_kg=Decimal("7.5"))
    )
    return rows


def build_app(
    settings: Settings, now: datetime, runner: JobRunner | None = None, **web: Any
) -> FastAPI:
    from pinxiang.web.settings import WebSettings

    return create_app(
        settings,
        WebSettings(**web),
        clock=lambda: now,
        runner=runner or InlineJobRunner(),
        hasher=FAST_HASHER,
    )


def state_of(app: FastAPI) -> State:
    state: State = app.state.pinxiang
    return state


def seed(app: FastAPI, tmp_path: Path, now: datetime, users: bool = True) -> Path:
    """Import the two-buyer day; returns the workbook (for upload tests)."""
    from pinxiang.services.importing import import_file

    st = state_of(app)
    wb = workbook(tmp_path / "orders.xlsx", two_buyer_rows())
    import_file(wb, st.new_uow, now)
    if users:
        for username, role, party in USERS:
            create_user(st.new_uow, username, PASSWORD, role, now, party, hasher=FAST_HASHER)
    return wb


def plan(app: FastAPI, now: datetime) -> None:
    from pinxiang.services.consolidation import plan_shipments
    from pinxiang.services.planning import PlanOptions

    plan_shipments(state_of(app).new_uow, PlanOptions(time_limit_s=0.1), now)


def bearer(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    r = client.post("/api/v1/sessions", json={"username": username, "password": password})
    assert r.status_code == 201, r.text
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['token']}"}


@contextmanager
def client_for(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def register_customs(app: FastAPI, now: datetime) -> None:
    """The operator, filings, agency agreements and the month's customs rates (the demo's)."""
    from pinxiang.services import declarations as decl
    from pinxiang.services.demo_flow import DEMO_RATES, register_demo_parties

    new_uow = state_of(app).new_uow
    register_demo_parties(new_uow)
    decl.set_customs_rates(new_uow, now.year, now.month, DEMO_RATES, "test rates")


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def log_in(client: TestClient, username: str) -> str:
    form = client.get("/login")
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/").text)


BOX = "CSQU3054383"  # a valid ISO 6346 number


def depart(app: FastAPI, now: datetime, lots: tuple[str, ...], box: str = BOX) -> None:
    """Declare SH-T1, release `lots`, load them into `box`, seal it and let it leave (the
    customs side registered first: `register_customs`)."""
    from pinxiang.services import declarations, inspection

    new_uow = state_of(app).new_uow
    declarations.declare_shipment(new_uow, "SH-T1", now)
    inspection.declare_lots(new_uow, "SH-T1", "declarant", now)
    for lot in lots:
        inspection.release(new_uow, lot, "declarant", now)
        inspection.load(new_uow, lot, box, "clerk", now)
    inspection.seal(new_uow, box, "SL-77", "clerk", now)
    inspection.depart(new_uow, box, "clerk", now)
