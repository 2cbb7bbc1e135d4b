"""Read side of the JSON API over customs and settlement: who may see which declaration, lot and
statement, on top of `declarations`, `inspection` and `settlement` as they are.

Staff see everything; a buyer the declarations, lots and statement of their own orders; a
merchant those holding their own lines. Anything else is `NotVisible` (answered 404, so nothing
leaks about its existence). Lists are paged by offset cursor over the service's lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from pinxiang.customs import AuditEntry, IllegalTransition, LotEvent, LotState, allowed_events
from pinxiang.customs import declaration_to_json as _declaration_to_json
from pinxiang.persistence.customs_tables import (
    DeclarationLineRow,
    DeclarationRow,
    DeclarationTraceRow,
    ListLineRow,
)
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.settlement_tables import (
    BankReceiptRow,
    JournalEntryRow,
    PayoutRow,
    ReceiptMatchRow,
)
from pinxiang.persistence.tables import (
    BuyerRow,
    MerchantRow,
    OrderLineRow,
    OrderRow,
    ProductRow,
    ShipmentRow,
)
from pinxiang.services import declarations, inspection
from pinxiang.services import settlement as settle
from pinxiang.services.accounts import Principal
from pinxiang.services.declarations import NewUow
from pinxiang.services.listing import NotVisible, Page, decode_cursor
from pinxiang.settlement import (
    BuyerStatement,
    MerchantStatement,
    VatExemptReport,
    buyer_statement,
    merchant_statement,
    vat_exempt_report,
)

T = TypeVar("T")


def page_of(items: Sequence[T], limit: int, after: str | None) -> Page[T]:
    """One page of a list already in its order; the cursor is the offset of the next item."""
    start = decode_cursor(after)
    chunk = list(items[start : start + limit])
    more = start + limit < len(items)
    return Page(chunk, str(start + limit) if more else None)


# --- scope -----------------------------------------------------------------------------------


def _own_line_refs(uow: UnitOfWork, p: Principal) -> set[str] | None:
    """The order line refs of the buyer's or merchant's own orders; None for staff."""
    if p.is_staff:
        return None
    q = select(OrderLineRow.ref).join(OrderRow, OrderLineRow.order_id == OrderRow.id)
    if p.buyer_code is not None:
        q = q.join(BuyerRow, OrderRow.buyer_id == BuyerRow.id).where(BuyerRow.code == p.buyer_code)
    else:
        q = (
            q.join(ProductRow, OrderLineRow.product_id == ProductRow.id)
            .join(MerchantRow, ProductRow.merchant_id == MerchantRow.id)
            .where(MerchantRow.code == p.party_code)
        )
    return set(uow.session.scalars(q))


# --- declarations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DeclarationItem:
    ref: str
    shipment_ref: str
    buyer_codes: list[str]
    currency: str
    total: Decimal
    total_usd: Decimal
    lines: int
    list_lines: int
    submitted: bool


def _merchant_declarations(uow: UnitOfWork, merchant_code: str) -> set[str]:
    return set(
        uow.session.scalars(
            select(DeclarationRow.ref)
            .join(DeclarationLineRow, DeclarationLineRow.declaration_id == DeclarationRow.id)
            .join(
                DeclarationTraceRow,
                DeclarationTraceRow.declaration_line_id == DeclarationLineRow.id,
            )
            .join(ListLineRow, DeclarationTraceRow.list_line_id == ListLineRow.id)
            .where(ListLineRow.merchant_code == merchant_code)
        )
    )


def list_declarations(
    uow: UnitOfWork, p: Principal, shipment_ref: str | None = None
) -> list[DeclarationItem]:
    """The stored declarations by shipment and number: staff all, a buyer their own, a merchant
    those holding their lines."""
    mine = _merchant_declarations(uow, p.party_code) if p.merchant_code is not None else None
    out = []
    for r in declarations.declaration_reports(uow, shipment_ref):
        for d in r.declarations:
            if p.buyer_code is not None and p.buyer_code not in d.buyer_codes:
                continue
            if mine is not None and d.ref not in mine:
                continue
            if not p.is_staff and p.buyer_code is None and mine is None:
                continue
            out.append(
                DeclarationItem(
                    d.ref,
                    r.shipment_ref,
                    list(d.buyer_codes),
                    d.currency,
                    d.total,
                    d.total_usd,
                    d.lines,
                    d.list_lines,
                    d.submitted,
                )
            )
    return out


def declaration(uow: UnitOfWork, p: Principal, ref: str) -> DeclarationItem:
    found = [d for d in list_declarations(uow, p) if d.ref == ref]
    if not found:
        raise NotVisible(f"no declaration {ref}")
    return found[0]


def declaration_json(uow: UnitOfWork, p: Principal, ref: str) -> dict[str, Any]:
    """The declaration in the single window's field names (`declaration_to_json`), rebuilt from
    the stored lists with the containers loaded so far."""
    item = declaration(uow, p, ref)
    for d in declarations.rebuild_declarations(uow, item.shipment_ref):
        if d.ref == ref:
            return _declaration_to_json(d)
    raise NotVisible(f"no declaration {ref}")


def declaration_file(new_uow: NewUow, out_dir: Path, p: Principal, ref: str, fmt: str) -> Path:
    """The declaration's PDF, or the .xlsx of its shipment (every declaration of the shipment,
    so staff only), written under `out_dir/declarations/`."""
    with new_uow() as uow:
        item = declaration(uow, p, ref)
    if fmt == "xlsx" and not p.is_staff:
        raise NotVisible(
            f"no workbook for {ref}: it holds every declaration of {item.shipment_ref}"
        )
    declarations.write_declaration_documents(new_uow, out_dir, [item.shipment_ref])
    folder = out_dir / "declarations"
    return folder / (f"{ref}.pdf" if fmt == "pdf" else f"{item.shipment_ref}.xlsx")


# --- lots ------------------------------------------------------------------------------------


def list_lots(
    uow: UnitOfWork, p: Principal, state: str | None = None, shipment_ref: str | None = None
) -> list[inspection.LotView]:
    own = _own_line_refs(uow, p)
    views = inspection.lots(uow, state=state, shipment_ref=shipment_ref)
    return [v for v in views if own is None or v.order_line_ref in own]


def lot(uow: UnitOfWork, p: Principal, lot_no: str) -> inspection.LotView:
    own = _own_line_refs(uow, p)
    found = [v for v in inspection.lots(uow) if v.lot_no == lot_no]
    if not found or (own is not None and found[0].order_line_ref not in own):
        raise NotVisible(f"no lot {lot_no}")
    return found[0]


def lot_history(uow: UnitOfWork, p: Principal, lot_no: str) -> list[AuditEntry]:
    lot(uow, p, lot_no)
    return inspection.history(uow, lot_no)


def check_event(view: inspection.LotView, event: LotEvent) -> None:
    """IllegalTransition, as the customs rules word it, when the lot's state forbids `event`."""
    state = LotState(view.state)
    allowed = allowed_events(state)
    if event not in allowed:
        names = ", ".join(e.value for e in allowed) or "none (final state)"
        raise IllegalTransition(
            f"lot {view.lot_no}: cannot {event.value} when {state.value}; allowed: {names}"
        )


# --- settlement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptItem:
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
    status: str  # open (not matched yet), review, allocated
    buyer_code: str
    declaration_nos: list[str]


def list_receipts(uow: UnitOfWork) -> list[ReceiptItem]:
    """Every bank receipt by value date, with its match status."""
    allocated = {a.receipt_key for a in settle.allocations(uow)}
    matches = {m.receipt_id: m for m in uow.session.scalars(select(ReceiptMatchRow))}
    rows = uow.session.scalars(
        select(BankReceiptRow).order_by(BankReceiptRow.value_date, BankReceiptRow.key)
    )
    out = []
    for r in rows:
        m = matches.get(r.id)
        status = "allocated" if r.key in allocated else ("review" if m else "open")
        out.append(
            ReceiptItem(
                r.key,
                r.account_no,
                r.value_date,
                r.amount,
                r.currency,
                r.reference,
                r.payer_name,
                r.payer_country,
                r.remittance_info,
                r.source,
                status,
                m.buyer_code if m else "",
                m.declaration_nos.split() if m else [],
            )
        )
    return out


def statement_of_merchant(
    uow: UnitOfWork, p: Principal, code: str, as_of: date
) -> MerchantStatement:
    if not p.can("settle") and p.merchant_code != code:
        raise NotVisible(f"no statement for merchant {code}")
    merchants, _ = settle.parties_with_receivables(uow)
    if code not in merchants:
        raise NotVisible(f"no statement for merchant {code}")
    return merchant_statement(
        code, settle.receivables(uow), settle.allocations(uow), settle.payouts(uow), as_of
    )


@dataclass(frozen=True)
class PayoutItem:
    reference: str
    merchant_code: str
    amount: Decimal
    currency: str
    paid_on: date
    account: str
    entry_id: str


def list_payouts(uow: UnitOfWork, p: Principal, merchant: str | None = None) -> list[PayoutItem]:
    """Payouts in force (their journal entry not reversed) by date: staff who settle see all (or
    one merchant's), a merchant only their own; asking for another merchant's is NotVisible."""
    if not p.can("settle"):
        if p.merchant_code is None or merchant not in (None, p.merchant_code):
            raise NotVisible(f"no payouts for merchant {merchant}")
        merchant = p.merchant_code
    reversed_ = set(
        uow.session.scalars(
            select(JournalEntryRow.reverses).where(JournalEntryRow.reverses.is_not(None))
        )
    )
    q = select(PayoutRow).order_by(PayoutRow.paid_on, PayoutRow.id)
    if merchant is not None:
        q = q.where(PayoutRow.merchant_code == merchant)
    return [
        PayoutItem(
            r.reference,
            r.merchant_code,
            r.amount,
            r.currency,
            r.paid_on,
            r.account_no,
            r.entry_id,
        )
        for r in uow.session.scalars(q)
        if r.entry_id not in reversed_
    ]


def statement_of_buyer(uow: UnitOfWork, p: Principal, code: str, as_of: date) -> BuyerStatement:
    if not p.can("settle") and p.buyer_code != code:
        raise NotVisible(f"no statement for buyer {code}")
    _, buyers = settle.parties_with_receivables(uow)
    if code not in buyers:
        raise NotVisible(f"no statement for buyer {code}")
    return buyer_statement(code, settle.receivables(uow), settle.allocations(uow), as_of)


def vat_exempt(uow: UnitOfWork, year: int, month: int) -> VatExemptReport:
    """The month's VAT-exempt report, as `settlement.vat_report` writes it."""
    from pinxiang.domain import Merchant

    merchants = {
        m.code: Merchant(
            m.code, m.name_zh, m.name_en, m.market, m.district, m.stall, m.licence_id, m.individual
        )
        for m in uow.session.scalars(select(MerchantRow))
    }
    return vat_exempt_report(
        settle.receivables(uow),
        year,
        month,
        merchants=merchants,
        customs_rates=declarations.customs_rate_table(uow) or None,
    )


def shipment_exists(uow: UnitOfWork, ref: str) -> bool:
    return uow.session.scalar(select(ShipmentRow.id).where(ShipmentRow.ref == ref)) is not None
