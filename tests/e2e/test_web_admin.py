"""The admin's user management page: accounts with their role and scope, create, change role,
deactivate and reset a password (argon2, CSRF on every form), zh and en; nobody else may."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from pinxiang.config import Settings
from pinxiang.services.accounts import create_user
from tests.e2e.browser.support import (
    FAST_HASHER,
    PASSWORD,
    build_app,
    client_for,
    csrf_of,
    log_in,
    seed,
    state_of,
)


@pytest.fixture
def web(settings: Settings, now: datetime, tmp_path: Path) -> FastAPI:
    app = build_app(settings, now)
    seed(app, tmp_path, now)
    create_user(state_of(app).new_uow, "admin", PASSWORD, "admin", now, hasher=FAST_HASHER)
    return app


def user_id(html: str, username: str) -> str:
    m = re.search(rf'id="user-{re.escape(username)}".*?/admin/users/(\d+)/role', html, re.S)
    assert m, f"no row for {username}"
    return m.group(1)


def post(client: TestClient, path: str, **data: str) -> Response:
    return client.post(path, data=data, follow_redirects=False)


def try_login(client: TestClient, username: str, password: str) -> int:
    form = client.get("/login")
    r = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    return r.status_code


def test_the_admin_sees_every_account_with_role_and_scope_in_both_languages(
    web: FastAPI,
) -> None:
    with client_for(web) as client:
        csrf = log_in(client, "admin")
        zh = client.get("/admin/users")
        client.post("/language", data={"locale": "en", "csrf_token": csrf, "next": "/"})
        en = client.get("/admin/users").text
        home = client.get("/").text
    assert zh.status_code == 200 and "用户管理" in zh.text and "新建用户" in zh.text
    assert "Users" in en and "Create a user" in en and "Reset password" in en
    rows = dict(re.findall(r'<tr id="user-([^"]+)"(.*?)</tr>', en, re.S))
    assert set(rows) == {
        "admin", "planner", "clerk", "declarant", "buyer1", "buyer2", "merchant1", "merchant2"
    }  # fmt: skip
    assert "Merchant M1" in rows["merchant1"] and "Buyer B2" in rows["buyer2"]
    assert "all shipments" in rows["planner"] and "warehouse clerk" in rows["clerk"]
    assert "password_hash" not in en and "argon2" not in en
    assert 'href="/admin/users"' in home


def test_the_admin_creates_a_user_who_can_then_log_in(web: FastAPI) -> None:
    new = {"username": "m2-clerk", "password": "long enough 1", "role": "merchant"}
    with client_for(web) as client:
        csrf = log_in(client, "admin")
        made = post(client, "/admin/users", csrf_token=csrf, party_code="M2", **new)
        listed = client.get(made.headers["location"]).text
        fresh = {**new, "username": "m-new"}
        unknown_party = post(client, "/admin/users", csrf_token=csrf, party_code="M9", **fresh)
        no_party = post(client, "/admin/users", csrf_token=csrf, **fresh)
        twice = post(client, "/admin/users", csrf_token=csrf, party_code="M2", **new)
        short = post(
            client, "/admin/users", csrf_token=csrf, **{**new, "username": "x", "password": "short"}
        )
        forged = post(
            client, "/admin/users", csrf_token="forged", party_code="M2", **{**new, "username": "y"}
        )
        after = client.get("/admin/users").text
    with client_for(web) as client:
        assert try_login(client, "m2-clerk", "long enough 1") == 303
        own = client.get("/merchants/M2").status_code
        other = client.get("/merchants/M1").status_code
    assert made.status_code == 303 and 'id="user-done"' in listed and "m2-clerk" in listed

    def field(r: Response) -> str:
        assert r.status_code == 422, r.text
        m = re.search(r'id="user-error" data-field="([^"]+)"', r.text)
        assert m
        return m.group(1)

    assert field(unknown_party) == "party_code" and "M9" in unknown_party.text
    assert field(no_party) == "party_code"
    assert field(twice) == "username" and field(short) == "password"
    assert 'value="m-new"' in unknown_party.text  # the form keeps what was typed
    assert forged.status_code == 403
    assert not {"user-y", "user-x", "user-m-new"} & set(re.findall(r'id="(user-[^"]+)"', after))
    assert own == 200 and other == 403


def test_a_role_change_takes_effect_and_the_last_admin_stays_admin(web: FastAPI) -> None:
    with client_for(web) as clerk:
        log_in(clerk, "clerk")
        before = clerk.get("/import").status_code
        with client_for(web) as client:
            csrf = log_in(client, "admin")
            page = client.get("/admin/users").text
            clerk_id, admin_id = user_id(page, "clerk"), user_id(page, "admin")
            promoted = post(
                client, f"/admin/users/{clerk_id}/role", csrf_token=csrf, role="planner"
            )
            as_buyer = post(client, f"/admin/users/{clerk_id}/role", csrf_token=csrf, role="buyer")
            demote_self = post(
                client, f"/admin/users/{admin_id}/role", csrf_token=csrf, role="planner"
            )
            unknown = post(client, "/admin/users/9999/role", csrf_token=csrf, role="planner")
            forged = post(client, f"/admin/users/{clerk_id}/role", csrf_token="x", role="admin")
            listed = client.get("/admin/users").text
        after = clerk.get("/import").status_code
    assert before == 403 and promoted.status_code == 303 and after == 200
    assert as_buyer.status_code == 422 and "party_code" in as_buyer.text
    assert demote_self.status_code == 422 and "last active admin" in demote_self.text
    assert unknown.status_code == 404 and forged.status_code == 403
    row = re.search(r'<tr id="user-clerk"(.*?)</tr>', listed, re.S)
    assert row and "<td>配载员</td>" in row.group(1)


def test_a_deactivated_user_is_logged_out_and_cannot_log_in_until_reactivated(
    web: FastAPI,
) -> None:
    with client_for(web) as merchant:
        log_in(merchant, "merchant1")
        assert merchant.get("/merchants/M1").status_code == 200
        with client_for(web) as client:
            csrf = log_in(client, "admin")
            page = client.get("/admin/users").text
            m1, admin = user_id(page, "merchant1"), user_id(page, "admin")
            off = post(client, f"/admin/users/{m1}/active", csrf_token=csrf, active="false")
            listed = client.get("/admin/users").text
            kicked = merchant.get("/merchants/M1", follow_redirects=False)
            refused = try_login(merchant, "merchant1", PASSWORD)
            self_off = post(client, f"/admin/users/{admin}/active", csrf_token=csrf, active="false")
            on = post(client, f"/admin/users/{m1}/active", csrf_token=csrf, active="true")
        back = try_login(merchant, "merchant1", PASSWORD)
    assert off.status_code == 303
    row = re.search(r'<tr id="user-merchant1"(.*?)</tr>', listed, re.S)
    assert row and "已停用" in row.group(1)
    assert kicked.status_code == 303 and kicked.headers["location"].startswith("/login")
    assert refused == 401
    assert self_off.status_code == 422 and "last active admin" in self_off.text
    assert on.status_code == 303 and back == 303


def test_a_password_reset_ends_the_users_sessions_and_only_the_new_one_works(
    web: FastAPI,
) -> None:
    with client_for(web) as buyer:
        log_in(buyer, "buyer1")
        with client_for(web) as client:
            csrf = log_in(client, "admin")
            b1 = user_id(client.get("/admin/users").text, "buyer1")
            short = post(client, f"/admin/users/{b1}/password", csrf_token=csrf, password="short")
            reset = post(
                client, f"/admin/users/{b1}/password", csrf_token=csrf, password="new secret 42"
            )
        kicked = buyer.get("/tracking/B1", follow_redirects=False)
        old = try_login(buyer, "buyer1", PASSWORD)
        new = try_login(buyer, "buyer1", "new secret 42")
    assert short.status_code == 422 and 'data-field="password"' in short.text
    assert reset.status_code == 303
    assert kicked.status_code == 303 and old == 401 and new == 303


@pytest.mark.parametrize("username", ["planner", "declarant", "clerk", "buyer1", "merchant1"])
def test_only_the_admin_may_manage_users(web: FastAPI, username: str) -> None:
    with client_for(web) as client:
        csrf = log_in(client, username)
        page = client.get("/admin/users")
        create = post(
            client,
            "/admin/users",
            csrf_token=csrf,
            username="intruder",
            password="long enough 1",
            role="admin",
        )
        promote = post(client, "/admin/users/1/role", csrf_token=csrf, role="admin")
        home = client.get("/").text
    assert page.status_code == create.status_code == promote.status_code == 403
    assert 'href="/admin/users"' not in home


def test_the_user_page_needs_a_login(web: FastAPI) -> None:
    with client_for(web) as client:
        r = client.get("/admin/users", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
