"""Server-rendered pages (Jinja2 + a little vanilla JS). Handlers parse, call a service, render."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from pinxiang.api.deps import (
    Caller,
    MaybeCaller,
    PageCaller,
    State,
    StateDep,
    forget_session,
)
from pinxiang.importing.problems import ImportRejected
from pinxiang.services import accounts, jobs, listing, receiving
from pinxiang.web.i18n import LOCALES, Formatter, negotiate
from pinxiang.web.security import CSRF_COOKIE, LANG_COOKIE, same

router = APIRouter(include_in_schema=False)


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("pinxiang.web", "templates"),
        autoescape=select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    return _env().get_template(name).render(**context)


def locale_of(request: Request, caller: Caller | None) -> str:
    if caller is not None:
        return caller.principal.locale
    cookie = request.cookies.get(LANG_COOKIE)
    return cookie if cookie in LOCALES else negotiate(request.headers.get("accept-language"))


NAV = (
    ("/", "dashboard", "track"),
    ("/board", "board", "board"),
    ("/receiving", "receiving", "receive"),
    ("/import", "import", "import"),
    ("/declarations", "declarations", "declare"),
    ("/inspection", "inspection", "inspect"),
    ("/transit", "transit", "dispatch"),
    ("/settlement", "settlement", "settle"),
)


def page(
    request: Request, caller: Caller | None, template: str, status: int = 200, **context: Any
) -> HTMLResponse:
    f = Formatter(locale_of(request, caller))
    p = caller.principal if caller else None
    nav = [(href, key) for href, key, action in NAV if p and p.can(action)]
    if p and p.buyer_code:
        nav.append((f"/tracking/{p.buyer_code}", "tracking"))
        nav.append(("/declarations", "declarations"))
    if p and p.merchant_code:
        nav.append((f"/merchants/{p.merchant_code}", "my_lines"))
    if p and not p.is_staff:
        nav.append(("/settlement", "settlement"))
    html = render(
        template,
        f=f,
        t=f.t,
        user=p,
        csrf=caller.csrf_token if caller else "",
        nav=nav,
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    caller = getattr(request.state, "caller", None)
    return page(request, caller, "error.html", status, code=status, message=message)


def require(request: Request, caller: Caller, action: str) -> None:
    if not caller.principal.can(action):
        raise HTTPException(403, "forbidden")


def check_csrf(caller: Caller, token: str) -> None:
    if not same(token, caller.csrf_token):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page")


Token = Annotated[str, Form()]


# --- login, logout, language ------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, state: StateDep, caller: MaybeCaller, next: str = "/") -> Response:
    token = state.cookies.login_csrf(request)
    resp = page(request, None, "login.html", next=_safe_next(next), error=False, token=token)
    state.cookies.set_login_csrf(resp, token)
    return resp


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/login")
def login(
    request: Request,
    state: StateDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Token,
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not same(csrf_token, request.cookies.get(CSRF_COOKIE)):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page")
    login = accounts.log_in(
        state.new_uow, username, password, state.clock(), state.web.session_hours, state.hasher
    )
    if login is None:
        return page(
            request, None, "login.html", 401, next=_safe_next(next), error=True, token=csrf_token
        )
    resp = RedirectResponse(_safe_next(next), 303)
    state.cookies.set_session(resp, login.token, state.web.session_hours * 3600)
    return resp


@router.post("/logout")
def logout(request: Request, state: StateDep, caller: PageCaller, csrf_token: Token) -> Response:
    check_csrf(caller, csrf_token)
    token = state.cookies.session_token(request)
    if token:
        accounts.log_out(state.new_uow, token)
        forget_session(state, token)
    resp = RedirectResponse("/login", 303)
    state.cookies.clear_session(resp)
    return resp


@router.post("/language")
def language(
    request: Request,
    state: StateDep,
    caller: MaybeCaller,
    locale: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if locale not in LOCALES:
        raise HTTPException(422, "locale must be zh or en")
    if caller is not None:
        check_csrf(caller, csrf_token)
        accounts.set_locale(state.new_uow, caller.principal.user_id, locale)
        token = state.cookies.session_token(request)
        if token:
            forget_session(state, token)  # the cached principal carries the old locale
    resp = RedirectResponse(_safe_next(next), 303)
    state.cookies.set_lang(resp, locale)
    return resp


# --- pages -----------------------------------------------------------------------------------


@router.get("/")
def dashboard(request: Request, state: StateDep, caller: PageCaller) -> Response:
    with state.new_uow() as uow:
        d = listing.dashboard(uow, caller.principal, state.clock())
    return page(request, caller, "dashboard.html", d=d)


@router.get("/board")
def board(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    q: Annotated[str, Query(max_length=100)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    require(request, caller, "board")
    with state.new_uow() as uow:
        found = listing.board(uow, caller.principal, q, offset)
    return page(request, caller, "board.html", rows=found.rows, board=found, q=q)


@router.post("/board/plan")
def plan(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    shipment: Annotated[str, Form()] = "",
) -> Response:
    require(request, caller, "plan")
    check_csrf(caller, csrf_token)
    from pinxiang.api.routes.plans import start_planning

    job = start_planning(state, caller.principal.username, [shipment] if shipment else None)
    return RedirectResponse(f"/jobs/{job.id}", 303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, state: StateDep, caller: PageCaller) -> Response:
    require(request, caller, "board")
    job = jobs.get_job(state.new_uow, job_id)
    if job is None:
        raise listing.NotVisible(f"no job {job_id}")
    return page(request, caller, "job.html", job=job)


@router.get("/import")
def import_form(request: Request, caller: PageCaller) -> Response:
    require(request, caller, "import")
    return page(request, caller, "import.html", report=None, problems=None)


@router.post("/import")
def import_upload(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    file: Annotated[UploadFile, File()],
) -> Response:
    require(request, caller, "import")
    check_csrf(caller, csrf_token)
    from pinxiang.api.routes.imports import save_and_import

    try:
        report = save_and_import(state, file.filename or "", file.file.read())
    except ImportRejected as e:
        return page(request, caller, "import.html", 422, report=None, problems=e.problems)
    return page(request, caller, "import.html", report=report, problems=None)


RECEIVING_LINES = 100


def _receiving_page(
    request: Request,
    state: State,
    caller: Caller,
    status: int = 200,
    q: str = "",
    all_lines: bool = False,
    **extra: Any,
) -> HTMLResponse:
    with state.new_uow() as uow:
        lines, total = receiving.find_expected_lines(uow, q, not all_lines, RECEIVING_LINES)
        recent = receiving.recent_receipts(uow)
    ctx: dict[str, Any] = {"recorded": None, "error": None, "form": {}}
    ctx.update(extra)
    return page(
        request,
        caller,
        "receiving.html",
        status,
        lines=lines,
        total=total,
        q=q,
        all_lines=all_lines,
        recent=recent,
        **ctx,
    )


@router.get("/receiving")
def receiving_page(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    q: Annotated[str, Query(max_length=100)] = "",
    all_lines: Annotated[bool, Query(alias="all")] = False,
) -> Response:
    """The receiving desk: the order lines still expected (at most 100; search narrows them)."""
    require(request, caller, "receive")
    return _receiving_page(request, state, caller, q=q, all_lines=all_lines)


@router.post("/receiving")
def receive(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Token,
    order_line_ref: Annotated[str, Form()],
    cartons: Annotated[int, Form()],
    length_mm: Annotated[int, Form()],
    width_mm: Annotated[int, Form()],
    height_mm: Annotated[int, Form()],
    gross_g: Annotated[int, Form()],
    location: Annotated[str, Form()] = "",
    lot_no: Annotated[str, Form()] = "",
) -> Response:
    require(request, caller, "receive")
    check_csrf(caller, csrf_token)
    cmd = receiving.ReceiveCartons(
        order_line_ref, cartons, length_mm, width_mm, height_mm, gross_g, location, lot_no
    )
    try:
        done = receiving.record_receipt(state.new_uow, cmd, state.clock())
    except receiving.ReceivingError as e:
        return _receiving_page(
            request, state, caller, 422, order_line_ref, True, error=e, form=cmd.__dict__
        )
    # the line just received stays in view (searched for), with its new count
    return _receiving_page(request, state, caller, 200, order_line_ref, True, recorded=done)


@router.get("/shipments/{ref}/containers/{seq}")
def load_plan_3d(
    request: Request, ref: str, seq: int, state: StateDep, caller: PageCaller
) -> Response:
    require(request, caller, "track")
    with state.new_uow() as uow:
        plan = listing.load_plan(uow, caller.principal, ref, seq)
    return page(request, caller, "loadplan.html", plan=plan)


@router.get("/tracking/{buyer_code}")
def tracking(request: Request, buyer_code: str, state: StateDep, caller: PageCaller) -> Response:
    p = caller.principal
    if not p.is_staff and p.buyer_code != buyer_code:
        raise HTTPException(403, "forbidden")
    with state.new_uow() as uow:
        events = listing.tracking(uow, p, buyer_code, state.clock())
    return page(request, caller, "tracking.html", buyer=buyer_code, groups=_grouped(events))


def _grouped(events: list[listing.TrackingEvent]) -> list[dict[str, Any]]:
    """Events of one kind at one time shown once, with the orders they concern."""
    groups: list[dict[str, Any]] = []
    for e in events:
        last = groups[-1] if groups else None
        if last and last["at"] == e.at and last["kind"] == e.kind:
            last["items"].append((e.order_no, e.detail))
        else:
            groups.append(
                {"at": e.at, "kind": e.kind, "future": e.future, "items": [(e.order_no, e.detail)]}
            )
    return groups


@router.get("/merchants/{code}")
def merchant(request: Request, code: str, state: StateDep, caller: PageCaller) -> Response:
    p = caller.principal
    if not p.is_staff and p.merchant_code != code:
        raise HTTPException(403, "forbidden")
    with state.new_uow() as uow:
        m = listing.merchant_page(uow, p, code)
    return page(request, caller, "merchant.html", m=m)
