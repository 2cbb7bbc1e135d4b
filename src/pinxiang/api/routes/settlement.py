"""Settlement (收汇): bank receipts by hand or from a statement file (with their FX collection
mode), matching and allocation to merchants, the review queue, payouts to merchants, statements
(a merchant's or buyer's own only) and the month's VAT-exempt report. Amounts are decimal strings
with their currency; nothing passes a float."""

from __future__ import annotations

import dataclasses
import tempfile
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, PageDep, StateDep, allow
from pinxiang.domain import Money
from pinxiang.domain.money import quantum
from pinxiang.services import scoped_customs as scoped
from pinxiang.services import settlement as settle
from pinxiang.services.settlement import SettlementRefused
from pinxiang.settlement import Allocation as CoreAllocation
from pinxiang.settlement import CollectionMode, LedgerError, StatementError

router = APIRouter(prefix="/api/v1/settlement", tags=["settlement"])
FIELD_ERRORS: dict[int | str, dict[str, Any]] = {422: {"model": schemas.Error}}


def plain(value: Any) -> Any:
    """A value of the settlement core as JSON: Money as {amount, currency}, decimals as strings."""
    if isinstance(value, Money):
        exact = value.amount.quantize(quantum(value.currency))  # "600.00", not "600"
        amount = exact if exact == value.amount else value.amount
        return {"amount": str(amount), "currency": value.currency}
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value


def _field(field: str, msg: str, status: int = 422) -> HTTPException:
    return HTTPException(status, [{"loc": ["body", field], "msg": msg, "type": "value_error"}])


class Amount(schemas.Out):
    amount: Decimal
    currency: str


class BankReceipt(schemas.Out):
    key: str
    account: str
    value_date: date
    amount: Decimal
    currency: str
    reference: str
    payer_name: str
    payer_country: str
    remittance_info: str
    source: str
    status: str = Field(description="open (not matched yet), review or allocated")
    buyer_code: str
    declaration_nos: list[str]


ModeName = Literal["exporter", "declaring_agent", "principal"]
MODE_HELP = (
    "FX collection mode (汇律发〔2025〕2号): exporter (1), declaring_agent (2, the default) or "
    "principal (3: the merchant collects in its own name into its own account; give `collector`)"
)


def _mode(mode: ModeName | None, collector: str | None) -> CollectionMode | None:
    """The collection mode asked for; mode 3 without a collector is a 422 on `collector`."""
    if mode is None:
        return None
    chosen = CollectionMode(mode)
    if chosen is CollectionMode.PRINCIPAL and not collector:
        raise _field("collector", "mode principal needs the collecting merchant's code")
    return chosen


class ManualReceiptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    account: str = Field(min_length=1, description="a registered collecting account")
    value_date: date
    amount: Decimal = Field(gt=0, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")
    reference: str = Field(min_length=1, max_length=80, description="the bank's reference")
    payer_name: str = ""
    payer_country: str = Field(default="", pattern=r"^([A-Z]{2})?$")
    remittance_info: str = ""
    mode: ModeName = Field(default="declaring_agent", description=MODE_HELP)
    collector: str = Field(
        default="", max_length=40, description="mode principal: the collecting merchant's code"
    )


class ManualReceipt(schemas.Out):
    key: str
    added: bool = Field(description="false: the same receipt was already on record")
    mode: str
    collector: str


class StatementImport(schemas.Out):
    file: str
    account: str
    new: list[str] = Field(description="keys of the receipts added")
    known: int = Field(description="receipts already on record")


class AllocationShare(schemas.Out):
    declaration_no: str
    list_line_ref: str
    merchant_code: str
    amount: Amount


class Allocation(schemas.Out):
    receipt_key: str
    buyer_code: str
    on: date
    received: Amount
    applied: Amount = Field(description="in the declarations' currency")
    rate: Decimal | None = Field(description="the bank rate used, when the currencies differ")
    rate_source: str
    over_collected: Amount = Field(description="beyond what remained open: flagged, not paid")
    mode: str
    collector: str
    shares: list[AllocationShare]
    quota_warning: str = Field(
        default="", description="mode principal: the collector is near or over its FX quota"
    )


class ReviewItem(schemas.Out):
    receipt_key: str
    value_date: date
    amount: Amount
    payer_name: str
    remittance_info: str
    buyer_code: str | None
    declaration_nos: list[str]
    confidence: Decimal
    reasons: list[str]


class AllocateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    receipt_key: str = Field(min_length=1, description="a receipt in the review queue")
    declaration_nos: list[str] = Field(min_length=1, description="apply it to these")
    mode: ModeName | None = Field(default=None, description=MODE_HELP + "; default: the receipt's")
    collector: str | None = Field(
        default=None, max_length=40, description="default: the receipt's collector"
    )


class MatchingRun(schemas.Out):
    allocated: list[str] = Field(description="receipt keys allocated now")
    review: list[str] = Field(description="receipt keys left in the review queue")
    over_collected: list[Amount]
    quota_warnings: list[str] = Field(description="individual merchants near or over quota")


def _allocation(a: CoreAllocation, quota_warning: str = "") -> Allocation:
    c = a.conversion
    return Allocation.model_validate(
        {
            **plain(a),
            "applied": plain(a.applied),
            "rate": c.rate if c else None,
            "rate_source": c.source if c else "",
            "quota_warning": quota_warning,
        }
    )


@router.get("/receipts")
def list_bank_receipts(
    caller: ApiCaller, state: StateDep, page: PageDep
) -> schemas.Page[BankReceipt]:
    """Bank receipts (收汇) by value date with their match status."""
    allow(caller, "settle")
    with state.new_uow() as uow:
        found = scoped.list_receipts(uow)
    return schemas.Page[BankReceipt].model_validate(scoped.page_of(found, page.limit, page.cursor))


@router.post("/receipts", status_code=201, responses=FIELD_ERRORS)
def record_bank_receipt(
    body: ManualReceiptRequest, caller: ApiCaller, state: StateDep
) -> ManualReceipt:
    """A receipt entered by hand (e.g. from a credit advice); the same one twice is kept once."""
    allow(caller, "settle")
    try:
        money = Money(body.amount, body.currency)
    except ValueError as e:
        raise _field("currency", str(e)) from None
    mode = _mode(body.mode, body.collector) or CollectionMode.DECLARING_AGENT
    try:
        key, added = settle.record_receipt(
            state.new_uow,
            body.account,
            body.value_date,
            money,
            body.reference,
            state.clock(),
            body.payer_name,
            body.payer_country,
            body.remittance_info,
            mode=mode,
            collector=body.collector,
        )
    except SettlementRefused as e:
        msg = str(e)
        field = "collector" if "collector" in msg else "account"
        raise _field("currency" if "collects" in msg else field, msg) from None
    return ManualReceipt(key=key, added=added, mode=mode.value, collector=body.collector)


@router.post("/statements", status_code=201, responses=FIELD_ERRORS)
def import_bank_statement(
    file: Annotated[UploadFile, File(description="MT940 (.sta), camt.053 (.xml) or CSV")],
    account: Annotated[str, Form(min_length=1, description="the collecting account")],
    caller: ApiCaller,
    state: StateDep,
) -> StatementImport:
    """Import a bank statement: all or nothing; the same statement twice adds nothing."""
    allow(caller, "settle")
    name = Path(file.filename or "statement.txt").name
    with tempfile.TemporaryDirectory(prefix="pinxiang-statement-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(file.file.read())
        try:
            rep = settle.import_statement(state.new_uow, path, account, state.clock())
        except SettlementRefused as e:
            raise _field("account", str(e)) from None
        except StatementError as e:
            raise _field("file", str(e)) from None
    return StatementImport(file=rep.file, account=rep.account, new=list(rep.new), known=rep.known)


@router.get("/allocations")
def list_allocations(caller: ApiCaller, state: StateDep, page: PageDep) -> schemas.Page[Allocation]:
    """Allocations in force (not reversed): each receipt's shares per merchant's list line."""
    allow(caller, "settle")
    with state.new_uow() as uow:
        warnings = dict(settle.quota_warnings(uow))
        found = [_allocation(a, warnings.get(a.receipt_key, "")) for a in settle.allocations(uow)]
    return schemas.Page[Allocation].model_validate(scoped.page_of(found, page.limit, page.cursor))


@router.post("/matching")
def match_receipts(caller: ApiCaller, state: StateDep) -> MatchingRun:
    """Match every receipt not yet allocated; allocate the certain ones, queue the others."""
    allow(caller, "settle")
    rep = settle.match_and_allocate(state.new_uow, state.clock())
    return MatchingRun(
        allocated=list(rep.allocated),
        review=[m.receipt_key for m in rep.review],
        over_collected=[Amount.model_validate(plain(m)) for _, m in rep.over_collected],
        quota_warnings=[q.message for q in rep.quota],
    )


@router.get("/review")
def list_review_queue(caller: ApiCaller, state: StateDep) -> list[ReviewItem]:
    """Receipts waiting for a clerk, with the proposed match and why it is not certain."""
    allow(caller, "settle")
    with state.new_uow() as uow:
        queue = settle.review_queue(uow)
    return [
        ReviewItem(
            receipt_key=r.key,
            value_date=r.value_date,
            amount=Amount.model_validate(plain(r.amount)),
            payer_name=r.payer_name,
            remittance_info=r.remittance_info,
            buyer_code=m.buyer_code,
            declaration_nos=list(m.declaration_nos),
            confidence=m.confidence,
            reasons=list(m.reasons),
        )
        for r, m in queue
    ]


@router.post(
    "/allocations",
    status_code=201,
    responses={**FIELD_ERRORS, 409: {"model": schemas.Error}},
)
def allocate_receipt(body: AllocateRequest, caller: ApiCaller, state: StateDep) -> Allocation:
    """A clerk's decision on a queued receipt: apply it to these declarations."""
    allow(caller, "settle")
    mode = _mode(body.mode, body.collector)
    try:
        a = settle.allocate_reviewed(
            state.new_uow,
            body.receipt_key,
            body.declaration_nos,
            state.clock(),
            mode=mode,
            collector=body.collector,
        )
    except SettlementRefused as e:
        msg = str(e)
        if "already allocated" in msg:
            raise _field("receipt_key", msg, 409) from None
        if msg.startswith("unknown receipt"):
            field = "receipt_key"
        elif "cannot be swapped" in msg:
            field = "mode"
        elif "merchant" in msg and "mode principal" in msg:
            field = "collector"
        else:
            field = "declaration_nos"
        raise _field(field, msg) from None
    with state.new_uow() as uow:
        warnings = dict(settle.quota_warnings(uow))
    return _allocation(a, warnings.get(a.receipt_key, ""))


class PayoutRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    merchant_code: str = Field(min_length=1, max_length=40, description="the merchant paid")
    amount: Decimal = Field(gt=0, decimal_places=2, description="in the collection currency")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")
    reference: str = Field(
        min_length=1, max_length=80, description="the transfer's reference; the same one pays once"
    )
    paid_on: date | None = Field(default=None, description="default: today")
    account: str | None = Field(
        default=None, min_length=1, description="paying account; default: one in the currency"
    )


class PayoutDone(schemas.Out):
    reference: str
    merchant_code: str
    amount: Amount
    paid_on: date
    entry_id: str = Field(description="the journal entry (Dr due:<merchant>, Cr bank)")
    added: bool = Field(description="false: this payout was already on record")
    held_after: Amount = Field(description="still held for the merchant in that currency")


class PayoutItem(schemas.Out):
    reference: str
    merchant_code: str
    amount: Amount
    paid_on: date
    account: str
    entry_id: str


def _payout_field(msg: str) -> str:
    """The request field a refusal of `settle.pay_out` is about."""
    if "more than is held" in msg or "amount must be" in msg or "more decimals" in msg:
        return "amount"
    if msg.startswith("unknown merchant"):
        return "merchant_code"
    if msg.startswith("no registered collecting account"):
        return "currency"
    if msg.startswith("account "):
        return "account"
    return "reference"


@router.post(
    "/payouts",
    status_code=201,
    responses={**FIELD_ERRORS, 409: {"model": schemas.Error}},
)
def pay_out_merchant(body: PayoutRequest, caller: ApiCaller, state: StateDep) -> PayoutDone:
    """Pay a merchant from what was collected for it (modes 1 and 2): the payout and its journal
    entry in one transaction. Refused, writing nothing, above what is held for the merchant
    (422 on `amount`); the same reference again pays nothing (`added` false), and a reference
    used for another payout is a 409."""
    allow(caller, "settle")
    try:
        money = Money(body.amount, body.currency)
    except ValueError as e:
        raise _field("currency", str(e)) from None
    try:
        rep = settle.pay_out(
            state.new_uow,
            body.merchant_code,
            money,
            body.reference,
            state.clock(),
            paid_on=body.paid_on,
            account=body.account,
        )
    except SettlementRefused as e:
        msg = str(e)
        if "is already used" in msg:
            raise _field("reference", msg, 409) from None
        raise _field(_payout_field(msg), msg) from None
    p = rep.payout
    return PayoutDone(
        reference=p.reference,
        merchant_code=p.merchant_code,
        amount=Amount.model_validate(plain(p.amount)),
        paid_on=p.paid_on,
        entry_id=rep.entry_id,
        added=rep.added,
        held_after=Amount.model_validate(plain(rep.held_after)),
    )


@router.get("/payouts", responses={404: {"model": schemas.Error}})
def list_payouts(
    caller: ApiCaller,
    state: StateDep,
    page: PageDep,
    merchant: Annotated[
        str | None, Query(description="only this merchant's (a merchant: their own)")
    ] = None,
) -> schemas.Page[PayoutItem]:
    """Payouts in force (not reversed) by date: staff who settle see all, a merchant their own;
    another merchant's are a 404."""
    p = caller.principal
    if not p.can("settle") and p.merchant_code is None:
        raise HTTPException(403, f"role {p.role} may not see payouts")
    with state.new_uow() as uow:
        found = scoped.list_payouts(uow, caller.principal, merchant)
    items = [
        PayoutItem(
            reference=x.reference,
            merchant_code=x.merchant_code,
            amount=Amount.model_validate(plain(Money(x.amount, x.currency))),
            paid_on=x.paid_on,
            account=x.account,
            entry_id=x.entry_id,
        )
        for x in found
    ]
    return schemas.Page[PayoutItem].model_validate(scoped.page_of(items, page.limit, page.cursor))


class ReversalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entry_id: str = Field(min_length=1, max_length=80, description="the journal entry to undo")
    memo: str = Field(default="", max_length=200, description="why")


class Reversal(schemas.Out):
    entry_id: str = Field(description="the new, mirroring entry")
    reverses: str


@router.post(
    "/reversals",
    status_code=201,
    responses={**FIELD_ERRORS, 409: {"model": schemas.Error}},
)
def reverse_journal_entry(body: ReversalRequest, caller: ApiCaller, state: StateDep) -> Reversal:
    """Correct a payout (or another journal entry, by its id): post the mirror of the entry; the
    original stays on record. A reversed payout no longer counts; a reversed allocation's
    receipt can be matched again. Unknown entry: 422 on `entry_id`; already reversed: 409."""
    allow(caller, "settle")
    try:
        new_id = settle.reverse_entry(state.new_uow, body.entry_id, state.clock(), body.memo)
    except LedgerError as e:
        msg = str(e)
        raise _field("entry_id", msg, 409 if "already reversed" in msg else 422) from None
    return Reversal(entry_id=new_id, reverses=body.entry_id)


@router.get("/statements/merchants/{code}", responses={404: {"model": schemas.Error}})
def get_merchant_statement(code: str, caller: ApiCaller, state: StateDep) -> dict[str, Any]:
    """A merchant's statement: per line sold, collected, outstanding; payouts; totals per
    currency (sold, collected, paid out, outstanding, held)."""
    with state.new_uow() as uow:
        st = scoped.statement_of_merchant(uow, caller.principal, code, state.clock().date())
    out = dict(plain(st))
    for row, t in zip(out["totals"], st.totals, strict=True):
        row["outstanding"], row["held"] = plain(t.outstanding), plain(t.held)
    return out


@router.get("/statements/buyers/{code}", responses={404: {"model": schemas.Error}})
def get_buyer_statement(code: str, caller: ApiCaller, state: StateDep) -> dict[str, Any]:
    """A buyer's statement: per declaration invoiced, paid, open; payments; totals."""
    with state.new_uow() as uow:
        st = scoped.statement_of_buyer(uow, caller.principal, code, state.clock().date())
    return dict(plain(st))


@router.get("/vat-exempt", responses=FIELD_ERRORS)
def get_vat_exempt_report(
    caller: ApiCaller,
    state: StateDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")],
) -> dict[str, Any]:
    """The month's exports per merchant, VAT-exempt without refund, filed the next month."""
    allow(caller, "settle")
    year, m = (int(x) for x in month.split("-"))
    with state.new_uow() as uow:
        report = scoped.vat_exempt(uow, year, m)
    out = dict(plain(report))
    out["filing_period"] = report.filing_period
    for row, merchant in zip(out["merchants"], report.merchants, strict=True):
        row["totals"] = plain(merchant.totals())
    return out
