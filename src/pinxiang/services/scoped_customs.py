"""Read side of the JSON API over customs and settlement: who may see which declaration, lot and
statement, on top of `declarations`, `inspection` and `settlement` as they are.

Staff see everything; a buyer the declarations, lots and statement of their own orders; a
merchant those holding their own lines. Anything else is `NotVisible` (answered 404, so nothing
leaks about its existence). Lists are paged by offset cursor over the service's lists.

A declaration under 1039 merges the lines of several merchants (one buyer's lists; the top five
kinds plus a merge by chapter), so a merchant is never shown the declaration as declared: their
view (`merchant_view`) keeps the header and the 项号 numbers, but its lines are only their own
list lines, each with its own code, name, quantities and value under the 项号 that declares it,
and every total (value, USD, packages, weights, lists, trace, containers' goods) is theirs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from pinxiang.customs import AuditEntry, IllegalTransition, LotEvent, LotState, allowed_events
from pinxiang.customs import declaration_to_json as _declaration_to_json
from pinxiang.customs.declarations import Declaration
from pinxiang.customs.fx import CustomsFxRates
from pinxiang.customs.lists import TransactionList
from pinxiang.customs.merge import merge_lines
from pinxiang.customs.policy import DEFAULT_POLICY, CustomsPolicy
from pinxiang.documents.declarations import declaration_pdf
from pinxiang.domain import Money
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


@dataclass(frozen=True)
class _Own:
    """A merchant's share of one declaration: their list lines on it and what they add up to."""

    total: Decimal
    total_usd: Decimal
    g_nos: frozenset[int]
    list_lines: int


def _merchant_shares(uow: UnitOfWork, merchant_code: str) -> dict[str, _Own]:
    """Per declaration holding the merchant's list lines: their value (declaration currency),
    its USD at the customs monthly rate of the declaration's month (per list line, as the
    declaration counts it), the 项号 declaring them and how many list lines."""
    rows = uow.session.execute(
        select(
            DeclarationRow.ref,
            DeclarationRow.declared_on,
            DeclarationLineRow.g_no,
            ListLineRow.value,
            ListLineRow.currency,
        )
        .join(DeclarationLineRow, DeclarationLineRow.declaration_id == DeclarationRow.id)
        .join(
            DeclarationTraceRow,
            DeclarationTraceRow.declaration_line_id == DeclarationLineRow.id,
        )
        .join(ListLineRow, DeclarationTraceRow.list_line_id == ListLineRow.id)
        .where(ListLineRow.merchant_code == merchant_code)
        .order_by(DeclarationRow.ref, DeclarationLineRow.g_no, ListLineRow.ref)
    ).all()
    table = declarations.customs_rate_table(uow) if rows else {}
    acc: dict[str, tuple[Decimal, Decimal, set[int], int]] = {}
    for ref, day, g_no, value, currency in rows:
        usd = CustomsFxRates.from_table(table, day).to_usd(Money(value, currency))
        total, total_usd, g_nos, n = acc.get(ref, (Decimal(0), Decimal(0), set(), 0))
        acc[ref] = (total + value, total_usd + usd, g_nos | {g_no}, n + 1)
    return {ref: _Own(t, u, frozenset(g), n) for ref, (t, u, g, n) in acc.items()}


def list_declarations(
    uow: UnitOfWork, p: Principal, shipment_ref: str | None = None
) -> list[DeclarationItem]:
    """The stored declarations by shipment and number: staff all, a buyer their own, a merchant
    those holding their lines, with the merchant's own totals and line counts only."""
    mine = _merchant_shares(uow, p.party_code) if p.merchant_code is not None else None
    out = []
    for r in declarations.declaration_reports(uow, shipment_ref):
        for d in r.declarations:
            if p.buyer_code is not None and p.buyer_code not in d.buyer_codes:
                continue
            if mine is not None and d.ref not in mine:
                continue
            if not p.is_staff and p.buyer_code is None and mine is None:
                continue
            total, total_usd, lines, list_lines = d.total, d.total_usd, d.lines, d.list_lines
            if mine is not None:
                own = mine[d.ref]
                total, total_usd = own.total, own.total_usd
                lines, list_lines = len(own.g_nos), own.list_lines
            out.append(
                DeclarationItem(
                    d.ref,
                    r.shipment_ref,
                    list(d.buyer_codes),
                    d.currency,
                    total,
                    total_usd,
                    lines,
                    list_lines,
                    d.submitted,
                )
            )
    return out


def declaration(uow: UnitOfWork, p: Principal, ref: str) -> DeclarationItem:
    found = [d for d in list_declarations(uow, p) if d.ref == ref]
    if not found:
        raise NotVisible(f"no declaration {ref}")
    return found[0]


def merchant_view(
    decl: Declaration,
    lists: Sequence[TransactionList],
    merchant_code: str,
    rates: CustomsFxRates,
    policy: CustomsPolicy = DEFAULT_POLICY,
) -> Declaration:
    """The declaration as one merchant may see it: the header as declared, and as lines only
    the merchant's own list lines, each under the 项号 (`g_no`) that declares it, with its own
    code, name, elements, quantities and value (a 项号 that merges several list lines appears
    once per own list line). Lists, trace, totals, packages, weights and the containers' goods
    numbers follow from those lines, so no other merchant's line or amount is in it."""
    g_of = {ref: dl.g_no for dl in decl.lines for ref in dl.sources}
    own = sorted(
        (
            ln
            for tl in lists
            for ln in tl.lines
            if ln.merchant_code == merchant_code and ln.ref in g_of
        ),
        key=lambda ln: (g_of[ln.ref], ln.list_no, ln.line_no),
    )
    lines = tuple(
        replace(merge_lines([ln], {ln.ref: rates.to_usd(ln.value)}, policy)[0], g_no=g_of[ln.ref])
        for ln in own
    )
    g_nos = {dl.g_no for dl in lines}
    boxes = tuple(
        replace(c, goods_nos=tuple(g for g in c.goods_nos if g in g_nos))
        for c in decl.containers
        if g_nos.intersection(c.goods_nos)
    )
    return replace(
        decl,
        lines=lines,
        list_nos=tuple(sorted({ln.list_no for ln in own})),
        containers=boxes,
    )


def _visible_declaration(uow: UnitOfWork, p: Principal, ref: str) -> Declaration:
    """The declaration rebuilt from the stored lists with the containers loaded so far, as `p`
    may see it (a merchant: `merchant_view`)."""
    item = declaration(uow, p, ref)
    for d in declarations.rebuild_declarations(uow, item.shipment_ref):
        if d.ref != ref:
            continue
        if p.merchant_code is None:
            return d
        sh = uow.session.scalars(select(ShipmentRow).where(ShipmentRow.ref == item.shipment_ref))
        lists = declarations.stored_lists(uow, sh.one())
        rates = CustomsFxRates.from_table(
            declarations.customs_rate_table(uow), d.shipment.declared_on
        )
        return merchant_view(d, lists, p.merchant_code, rates)
    raise NotVisible(f"no declaration {ref}")


def declaration_json(uow: UnitOfWork, p: Principal, ref: str) -> dict[str, Any]:
    """The declaration in the single window's field names (`declaration_to_json`), rebuilt from
    the stored lists with the containers loaded so far; a merchant gets their own view, marked
    `pinxiang.scope`."""
    doc = _declaration_to_json(_visible_declaration(uow, p, ref))
    if p.merchant_code is not None:
        extra: dict[str, Any] = doc["pinxiang"]  # type: ignore[assignment]
        extra["scope"] = f"merchant {p.merchant_code}: own list lines only"
    return doc


def declaration_file(new_uow: NewUow, out_dir: Path, p: Principal, ref: str, fmt: str) -> Path:
    """The declaration's PDF, or the .xlsx of its shipment (every declaration of the shipment,
    so staff only), written under `out_dir/declarations/`; a merchant's PDF is their own view,
    written under `out_dir/declarations/merchants/<code>/`."""
    with new_uow() as uow:
        item = declaration(uow, p, ref)
        if fmt == "xlsx" and not p.is_staff:
            raise NotVisible(
                f"no workbook for {ref}: it holds every declaration of {item.shipment_ref}"
            )
        if p.merchant_code is not None:
            view = _visible_declaration(uow, p, ref)
            folder = out_dir / "declarations" / "merchants" / p.merchant_code
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{ref}.pdf"
            path.write_bytes(declaration_pdf(view))
            return path
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
