"""The admin's user management as JSON (/api/v1/users): list, create, change a role,
deactivate and reactivate, reset a password; the last active admin is protected; bad input is a
422 naming the field; every other role gets a 403."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pinxiang.config import Settings
from pinxiang.services.accounts import create_user
from tests.e2e.browser.support import (
    FAST_HASHER,
    PASSWORD,
    bearer,
    build_app,
    client_for,
    seed,
    state_of,
)


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    create_user(state_of(app).new_uow, "admin", PASSWORD, "admin", now, hasher=FAST_HASHER)
    return app


def ids(client: TestClient, h: dict[str, str]) -> dict[str, int]:
    r = client.get("/api/v1/users", headers=h)
    assert r.status_code == 200, r.text
    return {u["username"]: u["id"] for u in r.json()}


def field_of(body: dict[str, Any]) -> str:
    loc: list[str] = body["detail"][0]["loc"]
    return loc[-1]


def test_the_admin_lists_every_account_without_password_hashes(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "admin")
        r = client.get("/api/v1/users", headers=h)
    users = {u["username"]: u for u in r.json()}
    assert set(users) == {
        "admin", "planner", "clerk", "declarant", "buyer1", "buyer2", "merchant1", "merchant2"
    }  # fmt: skip
    assert users["merchant1"]["role"] == "merchant" and users["merchant1"]["party_code"] == "M1"
    assert users["planner"]["party_code"] == "" and users["planner"]["active"] is True
    assert "password" not in r.text and "argon2" not in r.text


def test_the_admin_creates_a_user_who_can_then_log_in(web: FastAPI) -> None:
    new = {"username": "b1-clerk", "password": "long enough 1", "role": "buyer", "party_code": "B1"}
    with client_for(web) as client:
        h = bearer(client, "admin")
        made = client.post("/api/v1/users", json=new, headers=h)
        again = client.post("/api/v1/users", json=new, headers=h)
        login = client.post(
            "/api/v1/sessions", json={"username": "b1-clerk", "password": "long enough 1"}
        )
    assert made.status_code == 201, made.text
    assert made.json()["party_code"] == "B1" and made.json()["display_name"] == "b1-clerk"
    assert again.status_code == 422 and field_of(again.json()) == "username"
    assert login.status_code == 201 and login.json()["user"]["role"] == "buyer"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "x y", "password": "long enough", "role": "planner"}, "username"),
        ({"username": "x", "password": "short", "role": "planner"}, "password"),
        ({"username": "x", "password": "long enough", "role": "boss"}, "role"),
        ({"username": "x", "password": "long enough", "role": "buyer"}, "party_code"),
        ({"username": "x", "password": "long enough", "role": "buyer", "party_code": "NO"},
         "party_code"),
        ({"username": "x", "password": "long enough", "role": "planner", "party_code": "B1"},
         "party_code"),
        ({"username": "x", "password": "long enough", "role": "planner", "locale": "fr"},
         "locale"),
    ],
)  # fmt: skip
def test_bad_input_is_a_422_naming_the_field(
    web: FastAPI, body: dict[str, str], field: str
) -> None:
    with client_for(web) as client:
        r = client.post("/api/v1/users", json=body, headers=bearer(client, "admin"))
    assert r.status_code == 422 and field_of(r.json()) == field, r.text


def test_a_role_change_takes_effect_at_once(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "admin")
        planner = bearer(client, "planner")
        assert client.get("/api/v1/me", headers=planner).json()["role"] == "planner"
        uid = ids(client, h)["planner"]
        no_code = client.post(f"/api/v1/users/{uid}/role", json={"role": "merchant"}, headers=h)
        changed = client.post(
            f"/api/v1/users/{uid}/role", json={"role": "merchant", "party_code": "M2"}, headers=h
        )
        me = client.get("/api/v1/me", headers=planner).json()
        missing = client.post("/api/v1/users/9999/role", json={"role": "planner"}, headers=h)
    assert no_code.status_code == 422 and field_of(no_code.json()) == "party_code"
    assert changed.status_code == 200 and changed.json()["role"] == "merchant"
    assert me["role"] == "merchant" and me["party_code"] == "M2"
    assert missing.status_code == 404


def test_deactivation_ends_sessions_and_reactivation_lets_the_user_back(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "admin")
        clerk = bearer(client, "clerk")
        uid = ids(client, h)["clerk"]
        off = client.post(f"/api/v1/users/{uid}/deactivate", headers=h)
        after = client.get("/api/v1/me", headers=clerk)
        refused = client.post("/api/v1/sessions", json={"username": "clerk", "password": PASSWORD})
        on = client.post(f"/api/v1/users/{uid}/activate", headers=h)
        back = client.post("/api/v1/sessions", json={"username": "clerk", "password": PASSWORD})
    assert off.status_code == 200 and off.json()["active"] is False
    assert after.status_code == 401 and refused.status_code == 401
    assert on.json()["active"] is True and back.status_code == 201


def test_a_password_reset_ends_sessions_and_the_new_password_works(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "admin")
        buyer = bearer(client, "buyer1")
        uid = ids(client, h)["buyer1"]
        short = client.post(f"/api/v1/users/{uid}/password", json={"password": "x"}, headers=h)
        reset = client.post(
            f"/api/v1/users/{uid}/password", json={"password": "a new one 42"}, headers=h
        )
        old_session = client.get("/api/v1/me", headers=buyer)
        old = client.post("/api/v1/sessions", json={"username": "buyer1", "password": PASSWORD})
        new = client.post(
            "/api/v1/sessions", json={"username": "buyer1", "password": "a new one 42"}
        )
    assert short.status_code == 422 and field_of(short.json()) == "password"
    assert reset.status_code == 200
    assert old_session.status_code == 401 and old.status_code == 401 and new.status_code == 201


def test_the_last_active_admin_is_neither_demoted_nor_deactivated(web: FastAPI) -> None:
    with client_for(web) as client:
        h = bearer(client, "admin")
        users = ids(client, h)
        admin = users["admin"]
        demote = client.post(f"/api/v1/users/{admin}/role", json={"role": "planner"}, headers=h)
        off = client.post(f"/api/v1/users/{admin}/deactivate", headers=h)
        promoted = client.post(
            f"/api/v1/users/{users['declarant']}/role", json={"role": "admin"}, headers=h
        )
        now_allowed = client.post(f"/api/v1/users/{admin}/deactivate", headers=h)
    assert demote.status_code == 422 and field_of(demote.json()) == "role"
    assert "last active admin" in demote.json()["detail"][0]["msg"]
    assert off.status_code == 422 and field_of(off.json()) == "active"
    assert promoted.status_code == 200
    assert now_allowed.status_code == 200 and now_allowed.json()["active"] is False


@pytest.mark.parametrize("username", ["planner", "clerk", "declarant", "buyer1", "merchant1"])
def test_other_roles_get_a_403(web: FastAPI, username: str) -> None:
    with client_for(web) as client:
        h = bearer(client, username)
        listed = client.get("/api/v1/users", headers=h)
        made = client.post(
            "/api/v1/users",
            json={"username": "x", "password": "long enough", "role": "admin"},
            headers=h,
        )
        reset = client.post("/api/v1/users/1/password", json={"password": "long enough"}, headers=h)
        anonymous = client.get("/api/v1/users")
    assert listed.status_code == made.status_code == reset.status_code == 403
    assert anonymous.status_code == 401


def test_a_cookie_session_needs_the_csrf_header(web: FastAPI) -> None:
    with client_for(web) as client:
        r = client.post("/api/v1/sessions", json={"username": "admin", "password": PASSWORD})
        csrf = r.json()["csrf_token"]
        body = {"username": "x", "password": "long enough", "role": "planner"}
        without = client.post("/api/v1/users", json=body)
        with_header = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": csrf})
    assert without.status_code == 403 and with_header.status_code == 201
