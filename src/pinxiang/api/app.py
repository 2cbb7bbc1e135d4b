"""The FastAPI application: the JSON API under /api/v1 and the server-rendered pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from pinxiang import __version__
from pinxiang.api.deps import LoginRequired, State
from pinxiang.api.routes import (
    cartons,
    containers,
    declarations,
    health,
    imports,
    jobs,
    lots,
    plans,
    receipts,
    sessions,
    settlement,
    shipments,
    users,
)
from pinxiang.bootstrap import bootstrap
from pinxiang.config import Settings
from pinxiang.importing.problems import ImportRejected
from pinxiang.services.accounts import AccountError, default_hasher
from pinxiang.services.consolidation import UnknownShipment
from pinxiang.services.jobs import JobRunner, ThreadJobRunner
from pinxiang.services.listing import NotVisible
from pinxiang.services.receiving import ReceivingError
from pinxiang.web import admin_pages, customs_pages, pages
from pinxiang.web.security import Cookies
from pinxiang.web.settings import WebSettings

STATIC = Path(__file__).resolve().parents[1] / "web" / "static"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(
    settings: Settings | None = None,
    web: WebSettings | None = None,
    clock: Callable[[], datetime] | None = None,
    runner: JobRunner | None = None,
    hasher: Any = None,
) -> FastAPI:
    """The application for `settings`; `clock`, `runner` and `hasher` are seams for tests."""
    web = web or WebSettings()
    state = State(
        bootstrap(settings or Settings()),
        web,
        clock or _utcnow,
        runner or ThreadJobRunner(web.plan_workers),
        Cookies(web),
        hasher or default_hasher(),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.runner.shutdown()
        state.app.engine.dispose()

    api = FastAPI(
        title="Pinxiang",
        version=__version__,
        description="Export consolidation for market procurement trade (1039): JSON API.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    api.state.pinxiang = state
    for module in (
        health,
        sessions,
        shipments,
        containers,
        cartons,
        imports,
        plans,
        jobs,
        receipts,
        declarations,
        lots,
        settlement,
        users,
    ):
        api.include_router(module.router)
    api.include_router(pages.router)
    api.include_router(customs_pages.router)
    api.include_router(admin_pages.router)
    api.mount("/static", StaticFiles(directory=STATIC), name="static")
    _errors(api)

    @api.get("/plans/{name}", include_in_schema=False)
    def plan_file(name: str) -> FileResponse:
        base = (state.app.settings.out_dir / "plans").resolve()
        path = (base / name).resolve()
        if path.parent != base or path.suffix not in (".png", ".json") or not path.exists():
            raise HTTPException(404, f"no plan file {name!r}; run `pinxiang plan` first")
        return FileResponse(path)

    return api


def _field_error(field: str, msg: str) -> JSONResponse:
    return JSONResponse(
        {"detail": [{"loc": ["body", field], "msg": msg, "type": "value_error"}]}, 422
    )


def _errors(api: FastAPI) -> None:
    @api.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        path = request.url.path
        if path.startswith(("/api/", "/health", "/plans/", "/static/")) or e.status_code < 400:
            return await http_exception_handler(request, e)
        return pages.error_page(request, e.status_code, str(e.detail))

    @api.exception_handler(LoginRequired)
    async def _login(request: Request, _: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={request.url.path}", 303)

    @api.exception_handler(NotVisible)
    async def _not_visible(request: Request, e: NotVisible) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(e)}, 404)
        return pages.error_page(request, 404, str(e))

    @api.exception_handler(AccountError)
    async def _account(_: Request, e: AccountError) -> Response:
        return _field_error(e.field, str(e))

    @api.exception_handler(ReceivingError)
    async def _receiving(_: Request, e: ReceivingError) -> Response:
        return _field_error(e.field, str(e))

    @api.exception_handler(UnknownShipment)
    async def _unknown_shipment(_: Request, e: UnknownShipment) -> Response:
        return _field_error("shipments", str(e))

    @api.exception_handler(ImportRejected)
    async def _rejected(_: Request, e: ImportRejected) -> Response:
        detail = [
            {
                "loc": ["file", p.sheet, p.row, p.column],
                "msg": p.message,
                "type": "import_problem",
                "input": None if p.value is None else str(p.value),
            }
            for p in e.problems
        ]
        return JSONResponse({"detail": detail}, 422)
