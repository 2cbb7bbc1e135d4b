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


def allocated(client: TestClient, h: dict[str, str]) -> None:
    """The December statement imported and matched: M1 holds 600.00 USD, M2 300.00 USD."""
    assert upload(client, h, STATEMENT).status_code == 201
    assert len(client.post("/api/v1/settlement/matching", headers=h).json()["allocated"]) == 1


PAYOUT = {"merchant_code": "M1", "amount": "250.00", "currency": "USD", "reference": "PAY-1"}


def test_a_merchant_is_paid_from_what_is_held_for_it_once(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        allocated(client, h)
        paid = client.post("/api/v1/settlement/payouts", json=PAYOUT, headers=h)
        again = client.post("/api/v1/settlement/payouts", json=PAYOUT, headers=h)
        rest = client.post(
            "/api/v1/settlement/payouts",
            json={**PAYOUT, "amount": "350.00", "reference": "PAY-2", "paid_on": "2026-12-03"},
            headers=h,
        )
        listed = client.get("/api/v1/settlement/payouts", headers=h).json()["items"]
        m1 = bearer(client, "merchant1")
        own = client.get("/api/v1/settlement/payouts", headers=m1).json()["items"]
        statement = client.get("/api/v1/settlement/statements/merchants/M1", headers=m1).json()
    assert paid.status_code == 201, paid.text
    body = paid.json()
    assert body["added"] and body["entry_id"].startswith("P")
    assert body["amount"] == {"amount": "250.00", "currency": "USD"}
    assert body["held_after"] == {"amount": "350.00", "currency": "USD"}
    assert again.status_code == 201 and not again.json()["added"]
    assert again.json()["entry_id"] == body["entry_id"]
    assert rest.json()["held_after"] == {"amount": "0.00", "currency": "USD"}
    assert rest.json()["paid_on"] == "2026-12-03"
    assert [p["reference"] for p in listed] == ["PAY-1", "PAY-2"]
    assert listed[0]["account"] == ACCOUNT
    assert [p["reference"] for p in own] == ["PAY-1", "PAY-2"]
    totals = statement["totals"][0]  # as of today (1 Dec): PAY-2 is paid on the 3rd
    assert totals["paid_out"] == {"amount": "250.00", "currency": "USD"}
    assert totals["held"] == {"amount": "350.00", "currency": "USD"}


def test_a_payout_refused_names_the_field_and_writes_nothing(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        allocated(client, h)
        post = lambda body: client.post("/api/v1/settlement/payouts", json=body, headers=h)  # noqa: E731
        too_much = post({**PAYOUT, "amount": "600.01"})
        unknown = post({**PAYOUT, "merchant_code": "M9"})
        negative = post({**PAYOUT, "amount": "-1.00"})
        cents = post({**PAYOUT, "amount": "1.001"})
        no_eur = post({**PAYOUT, "currency": "EUR"})
        bad_ccy = post({**PAYOUT, "currency": "XXQ"})
        bad_account = post({**PAYOUT, "account": "999"})
        missing = post({k: v for k, v in PAYOUT.items() if k != "reference"})
        extra = post({**PAYOUT, "note": "x"})
        assert post(PAYOUT).status_code == 201
        reused = post({**PAYOUT, "amount": "1.00"})
        listed = client.get("/api/v1/settlement/payouts", headers=h).json()["items"]

    def field(r: Any) -> object:
        assert r.status_code == 422, r.text
        return r.json()["detail"][0]["loc"][-1]

    assert field(too_much) == "amount"
    assert (
        "than is held for it (allocated and not yet paid out: 600.00 USD)"
        in (too_much.json()["detail"][0]["msg"])
    )
    assert field(unknown) == "merchant_code"
    assert field(negative) == "amount" and field(cents) == "amount"
    assert field(no_eur) == "amount"  # nothing is held for M1 in EUR
    assert field(bad_ccy) == "currency"
    assert field(bad_account) == "account"
    assert field(missing) == "reference" and field(extra) == "note"
    assert reused.status_code == 409 and reused.json()["detail"][0]["loc"][-1] == "reference"
    assert [p["reference"] for p in listed] == ["PAY-1"]


def test_payouts_are_for_settling_staff_and_each_merchant_sees_only_their_own(
    web: FastAPI,
) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        allocated(client, h)
        client.post("/api/v1/settlement/payouts", json=PAYOUT, headers=h)
        client.post(
            "/api/v1/settlement/payouts",
            json={**PAYOUT, "merchant_code": "M2", "amount": "300.00", "reference": "PAY-M2"},
            headers=h,
        )
        m1, m2 = bearer(client, "merchant1"), bearer(client, "merchant2")
        planner, buyer = bearer(client, "planner"), bearer(client, "buyer1")
        by_merchant = client.post("/api/v1/settlement/payouts", json=PAYOUT, headers=m1)
        by_planner = client.post(
            "/api/v1/settlement/payouts", json={**PAYOUT, "reference": "PAY-9"}, headers=planner
        )
        planner_list = client.get("/api/v1/settlement/payouts", headers=planner)
        buyer_list = client.get("/api/v1/settlement/payouts", headers=buyer)
        m1_list = client.get("/api/v1/settlement/payouts", headers=m1).json()["items"]
        m2_list = client.get("/api/v1/settlement/payouts", headers=m2).json()["items"]
        m1_asks_m2 = client.get("/api/v1/settlement/payouts", params={"merchant": "M2"}, headers=m1)
        staff_m2 = client.get("/api/v1/settlement/payouts", params={"merchant": "M2"}, headers=h)
        anonymous = client.get("/api/v1/settlement/payouts")
    assert by_merchant.status_code == by_planner.status_code == 403
    assert planner_list.status_code == buyer_list.status_code == 403
    assert [p["reference"] for p in m1_list] == ["PAY-1"]
    assert [p["reference"] for p in m2_list] == ["PAY-M2"]
    assert m1_asks_m2.status_code == 404
    assert [p["merchant_code"] for p in staff_m2.json()["items"]] == ["M2"]
    assert anonymous.status_code == 401


def test_a_receipt_into_the_merchants_own_account_is_mode_3_and_holds_nothing(
    web: FastAPI,
) -> None:
    own = {**MANUAL, "account": "PRIV-M1", "reference": "M1-OWN-1", "amount": "600.00"}
    with client_for(web) as client:
        h = bearer(client, "declarant")
        no_collector = client.post(
            "/api/v1/settlement/receipts", json={**own, "mode": "principal"}, headers=h
        )
        wrong_collector = client.post(
            "/api/v1/settlement/receipts",
            json={**own, "mode": "principal", "collector": "M9"},
            headers=h,
        )
        bad_mode = client.post("/api/v1/settlement/receipts", json={**own, "mode": "4"}, headers=h)
        recorded = client.post(
            "/api/v1/settlement/receipts",
            json={**own, "mode": "principal", "collector": "M1"},
            headers=h,
        )
        swap = client.post(
            "/api/v1/settlement/allocations",
            json={
                "receipt_key": recorded.json()["key"],
                "declaration_nos": ["SH-T1-D01"],
                "mode": "declaring_agent",
            },
            headers=h,
        )
        by_hand = client.post(
            "/api/v1/settlement/allocations",
            json={"receipt_key": recorded.json()["key"], "declaration_nos": ["SH-T1-D01"]},
            headers=h,
        )
        payout = client.post("/api/v1/settlement/payouts", json=PAYOUT, headers=h)
        listed = client.get("/api/v1/settlement/allocations", headers=h).json()["items"]

    def field(r: Any) -> object:
        assert r.status_code == 422, r.text
        return r.json()["detail"][0]["loc"][-1]

    assert field(no_collector) == "collector" and field(wrong_collector) == "collector"
    assert field(bad_mode) == "mode"
    assert recorded.status_code == 201
    assert recorded.json()["mode"] == "principal" and recorded.json()["collector"] == "M1"
    assert field(swap) == "mode"
    assert by_hand.status_code == 201, by_hand.text
    a = by_hand.json()
    assert a["mode"] == "principal" and a["collector"] == "M1"
    assert {s["merchant_code"] for s in a["shares"]} == {"M1"}
    assert field(payout) == "amount"  # mode 3 collections are never held by the operator
    assert [x["mode"] for x in listed] == ["principal"]


def test_a_payout_is_corrected_by_reversing_its_entry(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "declarant")
        allocated(client, h)
        paid = client.post("/api/v1/settlement/payouts", json=PAYOUT, headers=h).json()
        undo = {"entry_id": paid["entry_id"], "memo": "wrong merchant"}
        reversed_ = client.post("/api/v1/settlement/reversals", json=undo, headers=h)
        twice = client.post("/api/v1/settlement/reversals", json=undo, headers=h)
        unknown = client.post("/api/v1/settlement/reversals", json={"entry_id": "P9"}, headers=h)
        by_merchant = client.post(
            "/api/v1/settlement/reversals", json=undo, headers=bearer(client, "merchant1")
        )
        listed = client.get("/api/v1/settlement/payouts", headers=h).json()["items"]
        full = client.post(
            "/api/v1/settlement/payouts",
            json={**PAYOUT, "amount": "600.00", "reference": "PAY-AGAIN"},
            headers=h,
        )
    assert reversed_.status_code == 201 and reversed_.json()["reverses"] == paid["entry_id"]
    assert twice.status_code == 409 and twice.json()["detail"][0]["loc"][-1] == "entry_id"
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"][-1] == "entry_id"
    assert by_merchant.status_code == 403
    assert listed == []  # a reversed payout no longer counts
    assert full.status_code == 201 and full.json()["held_after"]["amount"] == "0.00"
