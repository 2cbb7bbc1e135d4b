"""Pages over the customs and settlement services: declarations (PDF), the inspection queue
(select, inspect, release, hold with a reason, which plans the shipment again), containers in
transit after the border (arrive with the place, deliver per buyer with who signed) and
statements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from pinxiang.api.deps import Caller, PageCaller, State, StateDep
from pinxiang.customs import InvalidContainerNo, LotEvent, LotState, allowed_events
from pinxiang.customs.errors import CustomsError
from pinxiang.services import declarations, inspection, jobs
from pinxiang.services import scoped_customs as scoped
from pinxiang.services import settlement as settle
from pinxiang.web.i18n import Formatter
from pinxiang.web.pages import check_csrf, locale_of, page, require

router = APIRouter(include_in_schema=False)
QUEUE_EVENTS = (LotEvent.SELECT, LotEvent.INSPECT, LotEvent.RELEASE, LotEvent.HOLD)


def _web_out(state: State) -> Path:
    return state.app.settings.out_dir / "web"


# --- declarations ----------------------------------------------------------------------------


def _visible_reports(state: State, caller: Caller) -> list[declarations.DeclarationReport]:
    """Declarants see every declaration; a buyer their own, a merchant those holding their
    lines with their own totals and line counts only (`scoped_customs`)."""
    p = caller.principal
    with state.new_uow() as uow:
        if p.can("declare"):
            return declarations.declaration_reports(uow)
        if p.buyer_code is None and p.merchant_code is None:
            raise HTTPException(403, "forbidden")
        items = scoped.list_declarations(uow, p)
    by_shipment: dict[str, list[declarations.DeclarationSummary]] = {}
    for d in items:
        by_shipment.setdefault(d.shipment_ref, []).append(
            declarations.DeclarationSummary(
                d.ref,
                tuple(d.buyer_codes),
                d.currency,
                d.total,
                d.total_usd,
                d.lines,
                d.list_lines,
                d.submitted,
            )
        )
    return [declarations.DeclarationReport(ref, tuple(ds), ()) for ref, ds in by_shipment.items()]


@router.get("/declarations")
def declarations_page(request: Request, state: StateDep, caller: PageCaller) -> Response:
    reports = _visible_reports(state, caller)
    with state.new_uow() as uow:
        refs = settle.shipment_refs(uow) if caller.principal.can("declare") else []
    declared = {r.shipment_ref for r in reports if r.declarations}
    todo = [r for r in refs if r not in declared]
    return page(request, caller, "declarations.html", reports=reports, todo=todo, error=None)


@router.post("/declarations/declare")
def declare(
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Annotated[str, Form()],
    shipment: Annotated[str, Form()],
) -> Response:
    require(request, caller, "declare")
    check_csrf(caller, csrf_token)
    now = state.clock()
    try:
        declarations.declare_shipment(state.new_uow, shipment, now)
        inspection.declare_lots(state.new_uow, shipment, caller.principal.username, now)
    except (CustomsError, declarations.DeclarationRefused) as e:
        reports = _visible_reports(state, caller)
        return page(
            request, caller, "declarations.html", 422, reports=reports, todo=[], error=str(e)
        )
    return RedirectResponse("/declarations", 303)


@router.get("/declarations/{ref}.pdf")
def declaration_pdf(ref: str, request: Request, state: StateDep, caller: PageCaller) -> Response:
    p = caller.principal
    if not p.can("declare"):
        if p.buyer_code is None and p.merchant_code is None:
            raise HTTPException(403, "forbidden")
        path = scoped.declaration_file(state.new_uow, _web_out(state), p, ref, "pdf")
        return FileResponse(path, media_type="application/pdf", filename=f"{ref}.pdf")
    found = [
        r for r in _visible_reports(state, caller) if any(d.ref == ref for d in r.declarations)
    ]
    if not found:
        raise HTTPException(404, f"no declaration {ref}")
    out = _web_out(state)
    declarations.write_declaration_documents(state.new_uow, out, [found[0].shipment_ref])
    return FileResponse(
        out / "declarations" / f"{ref}.pdf", media_type="application/pdf", filename=f"{ref}.pdf"
    )


# --- the inspection queue --------------------------------------------------------------------


def _queue(state: State, only: str | None) -> list[tuple[inspection.LotView, list[str]]]:
    with state.new_uow() as uow:
        views = inspection.lots(uow, state=only or None)
    out = []
    for v in views:
        events = [e.value for e in allowed_events(LotState(v.state)) if e in QUEUE_EVENTS]
        if not only and not events:  # the queue: lots something can be done with
            continue
        out.append((v, events))
    return out


@router.get("/inspection")
def inspection_page(
    request: Request, state: StateDep, caller: PageCaller, only: str = ""
) -> Response:
    require(request, caller, "inspect")
    states = [s.value for s in LotState]
    lots = _queue(state, only if only in states else None)
    return page(request, caller, "inspection.html", lots=lots, only=only, states=states, error=None)


@router.post("/inspection/{lot_no}")
def inspection_action(
    lot_no: str,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Annotated[str, Form()],
    event: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    require(request, caller, "inspect")
    check_csrf(caller, csrf_token)
    actor, now = caller.principal.username, state.clock()
    error: str | None = None
    try:
        if event == LotEvent.HOLD.value:
            if not reason.strip():
                raise CustomsError("a hold needs a reason")
            _check_allowed(state, lot_no, LotEvent.HOLD)
            s = state.app.settings
            job = jobs.start_hold(
                state.new_uow,
                state.runner,
                state.clock,
                lot_no,
                reason.strip(),
                actor,
                state.app.plan_options(),
                s.carrier,
            )
            return RedirectResponse(f"/jobs/{job.id}", 303)
        if event == LotEvent.SELECT.value:
            inspection.record_selection(state.new_uow, lot_no, now, actor, reason)
        elif event == LotEvent.INSPECT.value:
            inspection.inspect(state.new_uow, lot_no, actor, now, reason)
        elif event == LotEvent.RELEASE.value:
            inspection.release(state.new_uow, lot_no, actor, now, reason)
        else:
            raise CustomsError(f"unknown event {event!r}")
    except (CustomsError, inspection.UnknownLot) as e:
        error = str(e)
    if error is None:
        return RedirectResponse("/inspection", 303)
    states = [s.value for s in LotState]
    return page(
        request,
        caller,
        "inspection.html",
        422,
        lots=_queue(state, None),
        only="",
        states=states,
        error=error,
    )


def _check_allowed(state: State, lot_no: str, event: LotEvent) -> None:
    with state.new_uow() as uow:
        found = [v for v in inspection.lots(uow) if v.lot_no == lot_no]
    if not found:
        raise inspection.UnknownLot(f"no lot {lot_no}")
    if event not in allowed_events(LotState(found[0].state)):
        raise CustomsError(f"lot {lot_no} is {found[0].state}: it cannot be {event.value}")


# --- containers in transit: arrive and deliver; LCL lots handed to the co-loader ------------

TEXT_MAX = 200  # as the API's place, receiver and co_loader_ref


def _transit_page(
    request: Request,
    state: State,
    caller: Caller,
    status: int = 200,
    error: dict[str, str] | None = None,
    done: str = "",
) -> Response:
    with state.new_uow() as uow:
        groups = inspection.in_transit(uow)
        to_hand_over = inspection.lcl_to_hand_over(uow)
    departed = [g for g in groups if g.state == LotState.DEPARTED.value]
    arrived = [g for g in groups if g.state == LotState.ARRIVED.value]
    forms = (
        {_form("arrive", g) for g in departed}
        | {_form("deliver", g) for g in arrived}
        | {f"hand-over-{x.lot_no}" for x in to_hand_over}
    )
    if error is not None and error["form"] not in forms:
        error = {**error, "form": ""}  # the row is gone (moved on meanwhile): shown on top
    return page(
        request,
        caller,
        "transit.html",
        status,
        departed=departed,
        arrived=arrived,
        to_hand_over=to_hand_over,
        error=error,
        done=done,
    )


def _form(step: str, g: inspection.TransitGroup) -> str:
    """The id of a row's form (the template builds the same)."""
    if g.lcl_lot:
        return f"{step}-lcl-{g.lcl_lot}"
    return (
        f"arrive-{g.container_no}"
        if step == "arrive"
        else f"deliver-{g.container_no}-{g.buyer_code}"
    )


def _text_problem(t: Formatter, field: str, value: str) -> str | None:
    """What is wrong with the place, the receiver or the co-loader's reference and how to fix
    it (None: fine)."""
    if not value.strip():
        return t.t(f"transit_need_{field}")
    if len(value.strip()) > TEXT_MAX:
        return t.t("transit_too_long").format(n=TEXT_MAX)
    return None


def _transit_step(
    request: Request,
    state: State,
    caller: Caller,
    csrf_token: str,
    form: str,
    field: str,
    value: str,
    work: Callable[[str], object],
    done: str,
) -> Response:
    """Check the form, run `work` on the stripped text and go back to the page; a refusal is
    the page again (422) with the message inside the form at fault and the text kept."""
    require(request, caller, "dispatch")
    check_csrf(caller, csrf_token)
    t = Formatter(locale_of(request, caller))
    problem = _text_problem(t, field, value)
    if problem is None:
        try:
            work(value.strip())
        except (InvalidContainerNo, CustomsError, inspection.UnknownLot) as e:
            problem, field = f"{e} — {t.t('transit_changed')}", "state"
    if problem is None:
        return RedirectResponse(f"/transit?done={quote(done)}", 303)
    error = {"form": form, "field": field, "message": problem, "value": value}
    return _transit_page(request, state, caller, 422, error=error)


@router.get("/transit")
def transit_page(request: Request, state: StateDep, caller: PageCaller, done: str = "") -> Response:
    """Departed containers to mark arrived, arrived ones to deliver buyer by buyer, and LCL
    lots to hand to the co-loader."""
    require(request, caller, "dispatch")
    kind, _, what = done.partition(":")
    known = kind in ("arrived", "delivered", "handed_over") and 0 < len(what) <= 100
    return _transit_page(request, state, caller, done=done if known else "")


Text = Annotated[str, Form()]


@router.post("/transit/{container_no}/arrive")
def transit_arrive(
    container_no: str,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Text,
    place: Text = "",
) -> Response:
    actor, now = caller.principal.username, state.clock()
    return _transit_step(
        request, state, caller, csrf_token, f"arrive-{container_no}", "place", place,
        lambda text: inspection.arrive(state.new_uow, container_no, text, actor, now),
        f"arrived:{container_no}",
    )  # fmt: skip


@router.post("/transit/{container_no}/deliver")
def transit_deliver(
    container_no: str,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Text,
    buyer: Text,
    receiver: Text = "",
) -> Response:
    actor, now = caller.principal.username, state.clock()
    return _transit_step(
        request, state, caller, csrf_token, f"deliver-{container_no}-{buyer}", "receiver",
        receiver,
        lambda text: inspection.deliver(state.new_uow, container_no, buyer, text, actor, now),
        f"delivered:{container_no}/{buyer}",
    )  # fmt: skip


@router.post("/transit/lcl/{lot_no}/hand-over")
def transit_hand_over(
    lot_no: str,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Text,
    co_loader_ref: Text = "",
) -> Response:
    actor, now = caller.principal.username, state.clock()
    return _transit_step(
        request, state, caller, csrf_token, f"hand-over-{lot_no}", "co_loader_ref",
        co_loader_ref,
        lambda text: inspection.hand_over(state.new_uow, lot_no, text, actor, now),
        f"handed_over:{lot_no}",
    )  # fmt: skip


@router.post("/transit/lcl/{lot_no}/arrive")
def transit_arrive_lcl(
    lot_no: str,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Text,
    place: Text = "",
) -> Response:
    actor, now = caller.principal.username, state.clock()
    return _transit_step(
        request, state, caller, csrf_token, f"arrive-lcl-{lot_no}", "place", place,
        lambda text: inspection.arrive_lcl(state.new_uow, lot_no, text, actor, now),
        f"arrived:{lot_no}",
    )  # fmt: skip


@router.post("/transit/lcl/{lot_no}/deliver")
def transit_deliver_lcl(
    lot_no: str,
    request: Request,
    state: StateDep,
    caller: PageCaller,
    csrf_token: Text,
    receiver: Text = "",
) -> Response:
    actor, now = caller.principal.username, state.clock()
    return _transit_step(
        request, state, caller, csrf_token, f"deliver-lcl-{lot_no}", "receiver", receiver,
        lambda text: inspection.deliver_lcl(state.new_uow, lot_no, text, actor, now),
        f"delivered:{lot_no}",
    )  # fmt: skip


# --- settlement statements -------------------------------------------------------------------


def _parties(state: State, caller: Caller) -> tuple[list[str], list[str]]:
    p = caller.principal
    with state.new_uow() as uow:
        merchants, buyers = settle.parties_with_receivables(uow)
    if p.can("settle"):
        return merchants, buyers
    if p.merchant_code is not None:
        return [m for m in merchants if m == p.merchant_code], []
    if p.buyer_code is not None:
        return [], [b for b in buyers if b == p.buyer_code]
    raise HTTPException(403, "forbidden")


@router.get("/settlement")
def settlement_page(request: Request, state: StateDep, caller: PageCaller) -> Response:
    merchants, buyers = _parties(state, caller)
    return page(request, caller, "settlement.html", merchants=merchants, buyers=buyers)


@router.get("/settlement/{kind}/{code}.{ext}")
def statement_file(
    kind: str, code: str, ext: str, request: Request, state: StateDep, caller: PageCaller
) -> Response:
    merchants, buyers = _parties(state, caller)
    allowed = {"merchants": merchants, "buyers": buyers}.get(kind, [])
    if code not in allowed or ext not in ("pdf", "xlsx"):
        raise HTTPException(404, f"no statement {kind}/{code}.{ext}")
    out = _web_out(state)
    who = {"merchants": [code]} if kind == "merchants" else {"buyers": [code]}
    settle.write_statements(
        state.new_uow,
        state.clock().date(),
        out,
        merchants=who.get("merchants", []),
        buyers=who.get("buyers", []),
    )
    path = out / "settlement" / kind / f"{code}.{ext}"
    media = (
        "application/pdf"
        if ext == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return FileResponse(path, media_type=media, filename=path.name)
