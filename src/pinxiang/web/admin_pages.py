"""The admin's user management page: list the accounts with their role and scope (the buyer or
merchant they are tied to), create one, change a role, deactivate or reactivate, reset a
password. Everything goes through `services.accounts`; only the admin role may open it."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from pinxiang.api.deps import Caller, PageCaller, State, StateDep, forget_user
from pinxiang.services import accounts
from pinxiang.services.accounts import AccountError, Role
from pinxiang.web.pages import check_csrf, page, require

router = APIRouter(include_in_schema=False)
Token = Annotated[str, Form()]


def _users_page(
    request: Request,
    state: State,
    caller: Caller,
    status: int = 200,
    error: AccountError | None = None,
    form: dict[str, Any] | None = None,
    done: str = "",
) -> Response:
    return page(
        request,
        caller,
        "users.html",
        status,
        users=accounts.list_users(state.new_uow),
        roles=[r.value for r in Role],
        locales=accounts.LOCALES,
        error=error,
        form=form or {},
        done=done,
    )


def _done(what: str, username: str) -> Response:
    return RedirectResponse(f"/admin/users?done={what}&user={quote(username)}", 303)


def _refused(request: Request, state: State, caller: Caller, e: AccountError) -> Response:
    """The page again with the error beside the field at fault; an unknown user is a 404."""
    if e.field == "user":
        raise HTTPException(404, str(e))
    return _users_page(request, state, caller, 422, error=e)


@router.get("/admin/users")
def users_page(
    request: Request, state: StateDep, caller: PageCaller, done: str = "", user: str = ""
) -> Response:
    require(request, caller, "manage_users")
    known = {"created", "role", "deactivated", "activated", "password"}
    return _users_page(request, state, caller, done=f"{done}:{user}" if done in known else "")


@router.post("/admin/users")
def create_user(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    party_code: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    locale: Annotated[str, Form()] = "zh",
) -> Response:
    require(request, caller, "manage_users")
    check_csrf(caller, csrf_token)
    try:
        made = accounts.create_user(
            state.new_uow,
            username,
            password,
            role,
            state.clock(),
            party_code.strip(),
            display_name.strip(),
            locale,
            state.hasher,
        )
    except AccountError as e:
        form = {
            "username": username,
            "role": role,
            "party_code": party_code,
            "display_name": display_name,
            "locale": locale,
        }
        return _users_page(request, state, caller, 422, error=e, form=form)
    return _done("created", made.username)


@router.post("/admin/users/{user_id}/role")
def change_role(
    user_id: int,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    role: Annotated[str, Form()],
    party_code: Annotated[str, Form()] = "",
) -> Response:
    require(request, caller, "manage_users")
    check_csrf(caller, csrf_token)
    try:
        u = accounts.change_role(state.new_uow, user_id, role, party_code.strip())
    except AccountError as e:
        return _refused(request, state, caller, e)
    forget_user(state, user_id)
    return _done("role", u.username)


@router.post("/admin/users/{user_id}/active")
def set_active(
    user_id: int,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    active: Annotated[bool, Form()],
) -> Response:
    require(request, caller, "manage_users")
    check_csrf(caller, csrf_token)
    try:
        u = accounts.set_active(state.new_uow, user_id, active)
    except AccountError as e:
        return _refused(request, state, caller, e)
    forget_user(state, user_id)
    return _done("activated" if active else "deactivated", u.username)


@router.post("/admin/users/{user_id}/password")
def reset_password(
    user_id: int,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    password: Annotated[str, Form()],
) -> Response:
    require(request, caller, "manage_users")
    check_csrf(caller, csrf_token)
    try:
        u = accounts.reset_password(state.new_uow, user_id, password, state.hasher)
    except AccountError as e:
        return _refused(request, state, caller, e)
    forget_user(state, user_id)
    return _done("password", u.username)
