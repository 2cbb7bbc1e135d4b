"""The FastAPI application: JSON API under /api/v1 and the first pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse

from pinxiang import __version__
from pinxiang.bootstrap import App, bootstrap
from pinxiang.config import Settings
from pinxiang.services import outputs, views


def get_app(request: Request) -> App:
    app: App = request.app.state.pinxiang
    return app


AppDep = Annotated[App, Depends(get_app)]


def create_app(settings: Settings | None = None) -> FastAPI:
    state = bootstrap(settings or Settings())
    api = FastAPI(title="Pinxiang", version=__version__)
    api.state.pinxiang = state

    @api.get("/health", operation_id="health")
    def health(a: AppDep) -> dict[str, str]:
        from sqlalchemy import text

        with a.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "version": __version__, "database": a.engine.dialect.name}

    @api.get("/api/v1/shipments", operation_id="list_shipments")
    def list_shipments(a: AppDep) -> list[dict[str, Any]]:
        with a.new_uow() as uow:
            vs = views.shipments(uow)
        return [_shipment_json(v) for v in vs]

    @api.get("/plans/{name}", operation_id="plan_file", include_in_schema=False)
    def plan_file(name: str, a: AppDep) -> FileResponse:
        base = (a.settings.out_dir / "plans").resolve()
        path = (base / name).resolve()
        if path.parent != base or path.suffix not in (".png", ".json") or not path.exists():
            raise HTTPException(404, f"no plan file {name!r}; run `pinxiang plan` first")
        return FileResponse(path)

    @api.get("/", response_class=HTMLResponse, operation_id="home", include_in_schema=False)
    def home(request: Request, a: AppDep) -> HTMLResponse:
        from pinxiang.web.pages import render

        with a.new_uow() as uow:
            vs = views.shipments(uow)
        rows = [(v, outputs.summarise(v)) for v in vs]
        pictures = (
            {p.name for p in (a.settings.out_dir / "plans").glob("*.png")}
            if (a.settings.out_dir / "plans").exists()
            else set()
        )
        return HTMLResponse(render("home.html", rows=rows, pictures=pictures))

    return api


def _shipment_json(v: views.ShipmentView) -> dict[str, Any]:
    s = outputs.summarise(v)
    return {
        "ref": v.ref,
        "buyers": list(v.buyer_codes),
        "destination_country": v.destination_country,
        "destination": v.destination,
        "route": v.route.value,
        "cutoff": v.cutoff.isoformat(),
        "containers": [
            {
                "seq": c.seq,
                "type": c.container_type,
                "cartons": len(c.placements),
                "volume_utilisation": round(c.volume_utilisation, 4),
                "weight_utilisation": round(c.weight_utilisation, 4),
            }
            for c in (v.plan.containers if v.plan else ())
        ],
        "cartons": s.cartons,
        "cbm": str(s.cbm),
        "kg": str(s.kg),
        "unplaced_cartons": s.unplaced_cartons,
        "freight": {"amount": str(s.freight.amount), "currency": s.freight.currency},
    }
