"""Declarations (报关单): list and read them in the single window's field names, download the
PDF or the shipment's workbook, and declare a shipment (declarant, admin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, PageDep, StateDep, allow
from pinxiang.customs import CustomsError
from pinxiang.services import declarations, inspection
from pinxiang.services import scoped_customs as scoped

router = APIRouter(prefix="/api/v1/declarations", tags=["declarations"])
MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Declaration(schemas.Out):
    ref: str
    shipment_ref: str
    buyer_codes: list[str]
    currency: str
    total: Decimal = Field(description="in the declaration currency")
    total_usd: Decimal = Field(description="at the customs monthly rate")
    lines: int = Field(description="declaration lines (after the merge)")
    list_lines: int = Field(description="transaction-list lines declared on it")
    submitted: bool = Field(description="its lots are declared: it is no longer rebuilt")


class DeclareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shipment: str = Field(min_length=1, description="the shipment ref to declare")


class Blocked(schemas.Out):
    list_no: str
    line_ref: str
    rule_id: str
    message: str


class DeclareReport(schemas.Out):
    shipment_ref: str
    declarations: list[Declaration]
    blocked: list[Blocked] = Field(description="lines set aside by an exclusion rule")
    unchanged: bool = Field(description="already submitted: left as it was")
    lots_declared: list[str]
    lots_left: list[str] = Field(description="received lots whose lines are not declared")


def _shipment_error(msg: str) -> HTTPException:
    return HTTPException(422, [{"loc": ["body", "shipment"], "msg": msg, "type": "value_error"}])


@router.get("")
def list_declarations(
    caller: ApiCaller,
    state: StateDep,
    page: PageDep,
    shipment: Annotated[str | None, Query(description="only this shipment's")] = None,
) -> schemas.Page[Declaration]:
    """Declarations by shipment: staff all, a buyer their own, a merchant those with their lines."""
    allow(caller, "track")
    with state.new_uow() as uow:
        found = scoped.list_declarations(uow, caller.principal, shipment)
    return schemas.Page[Declaration].model_validate(scoped.page_of(found, page.limit, page.cursor))


@router.get("/{ref}", responses={404: {"model": schemas.Error}})
def get_declaration(ref: str, caller: ApiCaller, state: StateDep) -> dict[str, Any]:
    """One declaration as the single window reads it: `decHead`, `decLists`, `decContainers`
    and `pinxiang` (the list-line trace); numbers are strings."""
    allow(caller, "track")
    with state.new_uow() as uow:
        return scoped.declaration_json(uow, caller.principal, ref)


@router.get(
    "/{ref}/document",
    response_class=FileResponse,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}, 404: {"model": schemas.Error}},
)
def download_declaration(
    ref: str,
    caller: ApiCaller,
    state: StateDep,
    format: Annotated[
        Literal["pdf", "xlsx"], Query(description="pdf: this declaration; xlsx: the shipment's")
    ] = "pdf",
) -> FileResponse:
    """The declaration as PDF, or its shipment's workbook (.xlsx, staff only)."""
    allow(caller, "track")
    out = state.app.settings.out_dir / "api"
    path = scoped.declaration_file(state.new_uow, out, caller.principal, ref, format)
    return FileResponse(path, media_type=MEDIA[format], filename=path.name)


@router.post("", status_code=201, responses={422: {"model": schemas.Error}})
def declare_shipment(body: DeclareRequest, caller: ApiCaller, state: StateDep) -> DeclareReport:
    """Declare a shipment: transaction lists and declarations (all or nothing), then its
    received lots are declared; a refusal is 422 naming `shipment` with the customs message."""
    p = allow(caller, "declare")
    now = state.clock()
    try:
        report = declarations.declare_shipment(state.new_uow, body.shipment, now)
        lots, left = inspection.declare_lots(state.new_uow, body.shipment, p.username, now)
    except (CustomsError, declarations.DeclarationRefused) as e:
        raise _shipment_error(str(e)) from None
    with state.new_uow() as uow:
        decls = scoped.list_declarations(uow, p, body.shipment)
    return DeclareReport(
        shipment_ref=report.shipment_ref,
        declarations=[Declaration.model_validate(d) for d in decls],
        blocked=[Blocked.model_validate(v) for v in report.blocked],
        unchanged=report.unchanged,
        lots_declared=lots,
        lots_left=left,
    )
