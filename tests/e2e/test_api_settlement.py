"""The JSON API over settlement: receipts by hand and from a statement upload, matching and
allocation, the review queue, statements (a merchant's or buyer's own only) and the VAT report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pinxiang.config import Settings
from pinxiang.services import declarations, inspection
from pinxiang.services import settlement as settle
from tests.e2e.browser.support import (
    bearer,
    build_app,
    client_for,
    register_customs,
    seed,
    state_of,
)

ACCOUNT = "33050161234500000123"
HEADER = "record,account,date,reference,amount,currency,payer_name,payer_country,remittance_info"
STATEMENT = f"""{HEADER}
opening,{ACCOUNT},2026-12-01,,0.00,USD,,,
entry,{ACCOUNT},2026-12-01,ZJB-USD-0001,900.00,USD,Gulf Bazaar LLC,AE,Decl SH-T1-D01 order PO-1
closing,{ACCOUNT},2026-12-31,,900.00,USD,,,
"""
MANUAL = {
    "account": ACCOUNT,
    "value_date": "2026-12-01",
    "amount": "100.00",
    "currency": "USD",
    "reference": "ZJB-USD-0002",
    "payer_name": "Somebody Else Ltd",
}


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    register_customs(app, now)
    new_uow = state_of(app).new_uow
    declarations.declare_shipment(new_uow, "SH-T1", now)
    inspection.declare_lots(new_uow, "SH-T1", "declarant", now)
    settle.register_bank_account(new_uow, ACCOUNT, "USD", "ZJ Bank", "Operator")
    return app


def upload(client: TestClient, h: dict[str, str], data: str, account: str = ACCOUNT) -> Any:
    return client.post(
        "/api/v1/settlement/statements",
        files={"file": ("december.csv", data.encode())},
        data={"account": account},
        headers=h,
    )


def test_receipts_are_imported_matched_and_allocated(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        first = upload(client, h, STATEMENT)
        again = upload(client, h, STATEMENT)
        manual = client.post("/api/v1/settlement/receipts", json=MANUAL, headers=h)
        run = client.post("/api/v1/settlement/matching", headers=h).json()
        receipts = client.get("/api/v1/settlement/receipts", headers=h).json()["items"]
        queue = client.get("/api/v1/settlement/review", headers=h).json()
        by_hand = client.post(
            "/api/v1/settlement/allocations",
            json={"receipt_key": manual.json()["key"], "declaration_nos": ["SH-T1-D02"]},
            headers=h,
        )
        twice = client.post(
            "/api/v1/settlement/allocations",
            json={"receipt_key": manual.json()["key"], "declaration_nos": ["SH-T1-D02"]},
            headers=h,
        )
        allocations = client.get("/api/v1/settlement/allocations", headers=h).json()["items"]
    assert first.status_code == 201 and len(first.json()["new"]) == 1
    assert again.json()["new"] == [] and again.json()["known"] == 1
    assert manual.status_code == 201 and manual.json()["added"]
    assert len(run["allocated"]) == 1 and run["review"] == [manual.json()["key"]]
    assert {r["status"] for r in receipts} == {"allocated", "review"}
    assert [q["receipt_key"] for q in queue] == [manual.json()["key"]] and queue[0]["reasons"]
    assert by_hand.status_code == 201
    assert by_hand.json()["shares"][0]["amount"] == {"amount": "100.00", "currency": "USD"}
    assert twice.status_code == 409 and twice.json()["detail"][0]["loc"][-1] == "receipt_key"
    shares = [s for a in allocations for s in a["shares"]]
    assert sum(float(s["amount"]["amount"]) for s in shares) == 1000.0


def test_bad_settlement_input_names_the_field_and_writes_nothing(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        unknown_account = client.post(
            "/api/v1/settlement/receipts", json={**MANUAL, "account": "999"}, headers=h
        )
        wrong_ccy = client.post(
            "/api/v1/settlement/receipts", json={**MANUAL, "currency": "EUR"}, headers=h
        )
        negative = client.post(
            "/api/v1/settlement/receipts", json={**MANUAL, "amount": "-5"}, headers=h
        )
        truncated = upload(client, h, STATEMENT.rsplit("closing", 1)[0] + "closing,")
        bad_account = upload(client, h, STATEMENT, account="999")
        unknown_receipt = client.post(
            "/api/v1/settlement/allocations",
            json={"receipt_key": "nope", "declaration_nos": ["SH-T1-D01"]},
            headers=h,
        )
        bad_month = client.get("/api/v1/settlement/vat-exempt?month=2026-13", headers=h)
        receipts = client.get("/api/v1/settlement/receipts", headers=h).json()["items"]

    def field(r: Any) -> object:
        return r.json()["detail"][0]["loc"][-1]

    assert unknown_account.status_code == 422 and field(unknown_account) == "account"
    assert wrong_ccy.status_code == 422 and field(wrong_ccy) == "currency"
    assert negative.status_code == 422 and field(negative) == "amount"
    assert truncated.status_code == 422 and field(truncated) == "file"
    assert "december.csv" in truncated.json()["detail"][0]["msg"]
    assert bad_account.status_code == 422 and field(bad_account) == "account"
    assert unknown_receipt.status_code == 422 and field(unknown_receipt) == "receipt_key"
    assert bad_month.status_code == 422 and field(bad_month) == "month"
    assert receipts == []


def test_statements_are_scoped_to_their_party(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        upload(client, h, STATEMENT)
        client.post("/api/v1/settlement/matching", headers=h)
        m1, b1 = bearer(client, "merchant1"), bearer(client, "buyer1")
        own_m = client.get("/api/v1/settlement/statements/merchants/M1", headers=m1)
        other_m = client.get("/api/v1/settlement/statements/merchants/M2", headers=m1)
        own_b = client.get("/api/v1/settlement/statements/buyers/B1", headers=b1)
        other_b = client.get("/api/v1/settlement/statements/buyers/B2", headers=b1)
        cross = client.get("/api/v1/settlement/statements/buyers/B1", headers=m1)
        staff = client.get("/api/v1/settlement/statements/merchants/M2", headers=h)
        receipts = client.get("/api/v1/settlement/receipts", headers=b1)
        vat = client.get("/api/v1/settlement/vat-exempt?month=2026-12", headers=m1)
    assert own_m.status_code == 200
    assert own_m.json()["totals"][0]["collected"] == {"amount": "600.00", "currency": "USD"}
    assert own_b.json()["totals"][0]["paid"] == {"amount": "900.00", "currency": "USD"}
    assert other_m.status_code == other_b.status_code == cross.status_code == 404
    assert staff.status_code == 200 and staff.json()["merchant_code"] == "M2"
    assert receipts.status_code == vat.status_code == 403


def test_the_vat_exempt_report_of_a_month(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        dec = client.get("/api/v1/settlement/vat-exempt", params={"month": "2026-12"}, headers=h)
        nov = client.get("/api/v1/settlement/vat-exempt", params={"month": "2026-11"}, headers=h)
    report = dec.json()
    assert dec.status_code == 200 and report["filing_period"] == "2027-01"
    assert [m["merchant_code"] for m in report["merchants"]] == ["M1", "M2"]
    assert report["merchants"][0]["totals"] == {"USD": {"amount": "600.00", "currency": "USD"}}
    assert report["merchants"][0]["lines"][0]["value_cny"]["to_money"]["currency"] == "CNY"
    assert nov.json()["merchants"] == []
