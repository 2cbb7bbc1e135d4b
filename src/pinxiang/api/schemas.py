"""The JSON shapes of the API: the contract `openapi.json` publishes (not domain objects)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Health(Out):
    status: str
    version: str
    database: str


class Page(Out, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null at end")


class Shipment(Out):
    ref: str
    destination_country: str
    destination: str
    route: str
    cutoff: datetime
    buyers: list[str]
    planned: bool
    containers: list[str] = Field(description="container types in loading order")
    cartons: int = Field(description="cartons placed (yours only, for a buyer or merchant)")
    unplaced_cartons: int
    lcl_cartons: int = Field(
        description="cartons shipped LCL with a co-loader (yours only, for a buyer or merchant)"
    )


class Container(Out):
    shipment_ref: str
    seq: int
    container_type: str
    cartons: int
    volume_utilisation: float = Field(description="loaded volume / inner volume, 0..1")
    weight_utilisation: float = Field(description="loaded gross mass / max payload, 0..1")
    freight: str
    currency: str


class Carton(Out):
    carton_id: str
    shipment_ref: str
    container_seq: int
    step: int = Field(description="loading sequence within the container, from 1")
    lot_no: str
    order_line: str
    merchant: str
    buyer: str
    position_mm: list[int]
    size_mm: list[int]
    gross_g: int


class CartonDetail(Out):
    carton_id: str
    step: int
    position_mm: list[int]
    size_mm: list[int]
    gross_g: int
    own: bool = Field(description="false: another party's carton, shown without its details")
    lot_no: str | None = None
    order_line: str | None = None
    order_no: str | None = None
    merchant: str | None = None
    merchant_name_zh: str | None = None
    merchant_name_en: str | None = None
    buyer: str | None = None
    drop: int | None = Field(default=None, description="unloading order of the carton's buyer")
    product_zh: str | None = None
    product_en: str | None = None
    hs_code: str | None = None


class ContainerBalance(Out):
    cog_mm: list[int] = Field(description="centre of gravity (x from the front wall, y, z), mm")
    offset_length: float = Field(description="CoG offset from the centre, share of the length")
    offset_width: float = Field(description="CoG offset from the centre, share of the width")
    within_tolerance: bool
    shift_mm: list[int] = Field(description="how far the load was moved off the walls (x, y)")
    reason: str = Field(description="why the container is out of tolerance; empty when within")


class FreightShare(Out):
    buyer: str
    revenue_tons: str = Field(description="chargeable revenue tons (W/M), decimal as text")
    amount: str = Field(description="the buyer's share of the container's freight, decimal")
    currency: str


class LoadPlan(Out):
    shipment_ref: str
    destination: str
    seq: int
    container_type: str
    inner_mm: list[int]
    volume_utilisation: float
    weight_utilisation: float
    cartons: list[CartonDetail]
    balance: ContainerBalance | None = None
    freight_shares: list[FreightShare] = Field(
        default_factory=list,
        description="the container's freight by buyer (staff: all; a buyer: their own)",
    )
    allocation_rule: str = ""
    allocation_rule_zh: str = ""


class ImportReport(Out):
    file: str
    inserted: int
    updated: int
    unchanged: int
    by_table: dict[str, list[int]] = Field(description="table -> [inserted, updated, unchanged]")


class PlanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shipments: list[str] | None = Field(
        default=None, description="shipment refs to plan; all when omitted"
    )


class Job(Out):
    id: str
    kind: str
    state: str = Field(description="queued, running, done or failed")
    done: int
    total: int
    message: str
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class Me(Out):
    username: str
    role: str
    party_code: str
    locale: str


class LoginResponse(Out):
    token: str = Field(description="send as `Authorization: Bearer <token>`, or use the cookie")
    csrf_token: str = Field(description="send as X-CSRF-Token with cookie-authenticated writes")
    expires_at: datetime
    user: Me


class ReceiptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_line_ref: str = Field(min_length=1)
    cartons: int = Field(gt=0)
    length_mm: int = Field(gt=0, le=20000)
    width_mm: int = Field(gt=0, le=20000)
    height_mm: int = Field(gt=0, le=20000)
    gross_g: int = Field(gt=0)
    location: str = ""
    lot_no: str = ""


class Discrepancy(Out):
    field: str
    declared: int
    measured: int
    message: str


class Receipt(Out):
    lot_no: str
    order_line_ref: str
    cartons: int
    received_at: datetime
    location: str
    discrepancies: list[Discrepancy]


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Error(BaseModel):
    detail: list[ErrorItem] | str
