from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, StateDep, forget_session
from pinxiang.services import accounts

router = APIRouter(prefix="/api/v1", tags=["sessions"])


@router.post("/sessions", status_code=201, responses={401: {"model": schemas.Error}})
def log_in(
    body: schemas.LoginRequest, state: StateDep, response: Response
) -> schemas.LoginResponse:
    """Log in: a session token (Bearer) and the session cookie."""
    login = accounts.log_in(
        state.new_uow,
        body.username,
        body.password,
        state.clock(),
        state.web.session_hours,
        state.hasher,
    )
    if login is None:
        raise HTTPException(401, "wrong username or password")
    state.cookies.set_session(response, login.token, state.web.session_hours * 3600)
    p = login.principal
    return schemas.LoginResponse(
        token=state.cookies.sign(login.token),
        csrf_token=login.csrf_token,
        expires_at=login.expires_at,
        user=schemas.Me(username=p.username, role=p.role, party_code=p.party_code, locale=p.locale),
    )


@router.get("/me")
def who_am_i(caller: ApiCaller) -> schemas.Me:
    p = caller.principal
    return schemas.Me(username=p.username, role=p.role, party_code=p.party_code, locale=p.locale)


@router.delete("/sessions/current", status_code=204)
def log_out(request: Request, caller: ApiCaller, state: StateDep, response: Response) -> None:
    """End this session (the token stops working at once)."""
    token = state.cookies.session_token(request)
    if token:
        accounts.log_out(state.new_uow, token)
        forget_session(state, token)
    state.cookies.clear_session(response)
