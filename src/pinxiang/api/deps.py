"""Dependencies shared by the API and the pages: the application state and who is asking."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from argon2 import PasswordHasher
from fastapi import Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from pinxiang.bootstrap import App
from pinxiang.persistence.db import UnitOfWork
from pinxiang.services import accounts
from pinxiang.services.accounts import Principal
from pinxiang.services.jobs import JobRunner
from pinxiang.web.security import CSRF_HEADER, Cookies, same
from pinxiang.web.settings import WebSettings


@dataclass
class State:
    """Everything a request needs, built once by `create_app`."""

    app: App
    web: WebSettings
    clock: Callable[[], datetime]
    runner: JobRunner
    cookies: Cookies
    hasher: PasswordHasher
    # token -> (monotonic expiry, principal, csrf): spares a query per request; a logout in
    # another worker process takes effect within SESSION_CACHE_S.
    sessions: dict[str, tuple[float, Principal, str]] = field(default_factory=dict)

    @property
    def new_uow(self) -> Callable[[], UnitOfWork]:
        return self.app.new_uow


# The dependencies below are `async def` on purpose: FastAPI runs a plain `def` dependency in a
# worker thread, and four thread hops per request cost more than the list queries themselves
# under 50 concurrent clients (benchmarks/load_test.py). None of them blocks, except a session
# cache miss, which goes to a worker thread.


async def get_state(request: Request) -> State:
    state: State = request.app.state.pinxiang
    return state


StateDep = Annotated[State, Depends(get_state)]


@dataclass(frozen=True)
class Caller:
    principal: Principal
    csrf_token: str
    via_cookie: bool


SESSION_CACHE_S = 5.0


def forget_session(state: State, token: str) -> None:
    state.sessions.pop(token, None)


def forget_user(state: State, user_id: int) -> None:
    """Drop the user's cached sessions so a new role, a deactivation or a new password takes
    effect with the next request in this process."""
    for token, (_, principal, _) in list(state.sessions.items()):
        if principal.user_id == user_id:
            state.sessions.pop(token, None)


class LoginRequired(Exception):
    """Raised by page dependencies; the app answers with a redirect to the login page."""


async def _caller(request: Request, state: State) -> Caller | None:
    cached: Caller | None = getattr(request.state, "caller", None)
    if cached is not None:
        return cached
    token = state.cookies.session_token(request)
    if token is None:
        return None
    hit = state.sessions.get(token)
    if hit is not None and hit[0] > time.monotonic():
        found: tuple[Principal, str] | None = (hit[1], hit[2])
    else:
        found = await run_in_threadpool(accounts.session_user, state.new_uow, token, state.clock())
        if found is None:
            state.sessions.pop(token, None)
            return None
        if len(state.sessions) > 10_000:
            state.sessions.clear()
        state.sessions[token] = (time.monotonic() + SESSION_CACHE_S, *found)
    assert found is not None
    via_cookie = not request.headers.get("authorization", "").lower().startswith("bearer ")
    caller = Caller(found[0], found[1], via_cookie)
    request.state.caller = caller
    return caller


async def api_caller(request: Request, state: StateDep) -> Caller:
    caller = await _caller(request, state)
    if caller is None:
        raise HTTPException(
            401, "log in first: POST /api/v1/sessions", {"WWW-Authenticate": "Bearer"}
        )
    unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
    if (
        unsafe
        and caller.via_cookie
        and not same(request.headers.get(CSRF_HEADER), caller.csrf_token)
    ):
        raise HTTPException(403, "missing or wrong X-CSRF-Token header")
    return caller


async def page_caller(request: Request, state: StateDep) -> Caller:
    caller = await _caller(request, state)
    if caller is None:
        raise LoginRequired()
    return caller


async def optional_caller(request: Request, state: StateDep) -> Caller | None:
    return await _caller(request, state)


ApiCaller = Annotated[Caller, Depends(api_caller)]
PageCaller = Annotated[Caller, Depends(page_caller)]
MaybeCaller = Annotated[Caller | None, Depends(optional_caller)]


def allow(caller: Caller, action: str) -> Principal:
    """The principal, when their role may do `action`; 403 otherwise."""
    if not caller.principal.can(action):
        raise HTTPException(403, f"role {caller.principal.role} may not {action}")
    return caller.principal


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
    cursor: Annotated[
        str | None, Query(description="`next_cursor` of the previous page", pattern=r"^\d+$")
    ] = None,
) -> PageParams:
    return PageParams(limit, cursor)


PageDep = Annotated[PageParams, Depends(page_params)]


def json_response(model: BaseModel) -> Response:
    """`model` as JSON, serialised once by pydantic; the route declares its `response_model`
    for the OpenAPI document. Returning the model instead makes FastAPI validate it a second
    time, which costs as much as the list query (benchmarks/load_test.py)."""
    return Response(model.model_dump_json(), media_type="application/json")
