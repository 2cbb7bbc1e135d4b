"""Use case: parties and filings on record, and the declarations of a shipment.

From the stored orders of a shipment: transaction lists (one per order and merchant), blocked
lines set aside with their rule, declarations under the USD cap with the simplified merge, and
the list-line → declaration-line trace, all in one transaction. Re-running for a shipment
replaces its previous set as long as none of it was submitted (its lots declared).
Documents (`out/declarations/<ref>.json|.pdf`, `<shipment>.xlsx`) are rebuilt from the stored
lists, so containers loaded since are attached."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pinxiang.customs import (
    DEFAULT_POLICY,
    DEFAULT_RULES,
    SAMPLE_TARIFF,
    Consolidator,
    CustomsError,
    CustomsFxRates,
    CustomsPolicy,
    Declaration,
    ExclusionRule,
    Filing,
    FilingRegistry,
    ListLine,
    Role,
    Settlement,
    ShipmentInfo,
    Tariff,
    TariffItem,
    TradeOperator,
    TransactionList,
    Violation,
    attach_containers,
    build_declarations,
    build_transaction_lists,
    declaration_to_json,
    split_blocked,
)
from pinxiang.customs.lists import legal_quantity
from pinxiang.data import hs_catalogue
from pinxiang.documents.declarations import declaration_pdf, declarations_xlsx
from pinxiang.domain import (
    DEFAULT_CONTAINER_TYPES,
    Buyer,
    CartonSpec,
    HsCode,
    Money,
    Product,
    container_type,
)
from pinxiang.domain.orders import OrderLine, PurchaseOrder
from pinxiang.persistence.customs_tables import (
    AgencyAgreementRow,
    ConsolidatorRow,
    CustomsRateRow,
    DeclarationLineRow,
    DeclarationRow,
    DeclarationTraceRow,
    FilingRow,
    ListLineRow,
    TradeOperatorRow,
    TransactionListRow,
)
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.tables import (
    BuyerRow,
    LotStateRow,
    OrderLineRow,
    OrderRow,
    PlacementRow,
    PlannedContainerRow,
    ProductRow,
    ReceiptRow,
    ShipmentRow,
)

NewUow = Callable[[], UnitOfWork]

# ISO 3166 alpha-2 → the single window's 3-letter codes, for the countries Pinxiang meets.
ALPHA3 = {
    "AE": "ARE", "CL": "CHL", "DE": "DEU", "ES": "ESP", "JO": "JOR", "NG": "NGA", "PE": "PER",
    "PL": "POL", "RU": "RUS", "SA": "SAU", "US": "USA", "GB": "GBR", "FR": "FRA", "IT": "ITA",
    "BR": "BRA", "MX": "MEX", "KZ": "KAZ", "IR": "IRN", "IQ": "IRQ", "EG": "EGY", "TR": "TUR",
}  # fmt: skip
# Transport mode (trafMode) by route: 2 waterway, 3 rail ([M] codes, docs/customs.md).
TRAF_MODE = {"sea_ningbo": "2", "sea_tianjin": "2", "sea_rail": "2", "rail_china_europe": "3"}


class DeclarationRefused(ValueError):
    """The declarations of a shipment cannot be built; the message says why."""


# ---------------------------------------------------------------- parties, filings and rates


def register_operator(new_uow: NewUow, op: TradeOperator) -> None:
    with new_uow() as uow:
        row = uow.session.scalar(select(TradeOperatorRow).where(TradeOperatorRow.code == op.code))
        values = {
            "code": op.code,
            "name": op.name,
            "uscc": op.uscc,
            "customs_code": op.customs_code,
            "ciq_code": op.ciq_code,
        }
        _upsert(uow, row, TradeOperatorRow, values)
        uow.commit()


def register_consolidator(new_uow: NewUow, c: Consolidator) -> None:
    with new_uow() as uow:
        row = uow.session.scalar(select(ConsolidatorRow).where(ConsolidatorRow.code == c.code))
        values = {"code": c.code, "name": c.name, "uscc": c.uscc, "site": c.site}
        _upsert(uow, row, ConsolidatorRow, values)
        uow.commit()


def register_filings(new_uow: NewUow, filings: Iterable[Filing]) -> int:
    """Store filings by filing number (insert or update); returns how many were new."""
    new = 0
    with new_uow() as uow:
        for f in filings:
            row = uow.session.scalar(select(FilingRow).where(FilingRow.filing_no == f.filing_no))
            new += row is None
            values = {
                "filing_no": f.filing_no,
                "role": f.role.value,
                "party_code": f.party_code,
                "authority": f.authority,
                "valid_from": f.valid_from,
                "valid_to": f.valid_to,
            }
            _upsert(uow, row, FilingRow, values)
        uow.commit()
    return new


def register_agency_agreement(
    new_uow: NewUow, ref: str, merchant_code: str, operator_code: str, signed_on: date
) -> None:
    with new_uow() as uow:
        row = uow.session.scalar(select(AgencyAgreementRow).where(AgencyAgreementRow.ref == ref))
        values = {
            "ref": ref,
            "merchant_code": merchant_code,
            "operator_code": operator_code,
            "signed_on": signed_on,
        }
        _upsert(uow, row, AgencyAgreementRow, values)
        uow.commit()


def set_customs_rates(
    new_uow: NewUow, year: int, month: int, cny_per_unit: Mapping[str, Decimal], source: str
) -> None:
    """Record the customs monthly rates of a month (CNY per one unit of each currency)."""
    with new_uow() as uow:
        for ccy, rate in sorted(cny_per_unit.items()):
            row = uow.session.scalar(
                select(CustomsRateRow).where(
                    CustomsRateRow.currency == ccy,
                    CustomsRateRow.year == year,
                    CustomsRateRow.month == month,
                )
            )
            values = {
                "currency": ccy,
                "year": year,
                "month": month,
                "cny_per_unit": rate,
                "source": source,
            }
            _upsert(uow, row, CustomsRateRow, values)
        uow.commit()


def _upsert(
    uow: UnitOfWork, row: object | None, factory: type, values: Mapping[str, object]
) -> None:
    if row is None:
        uow.session.add(factory(**values))
        return
    for k, v in values.items():
        if getattr(row, k) != v:
            setattr(row, k, v)


def filing_registry(uow: UnitOfWork) -> FilingRegistry:
    rows = uow.session.scalars(select(FilingRow).order_by(FilingRow.filing_no))
    return FilingRegistry.of(
        Filing(Role(r.role), r.party_code, r.filing_no, r.authority, r.valid_from, r.valid_to)
        for r in rows
    )


def customs_rate_table(uow: UnitOfWork) -> dict[tuple[str, int, int], Decimal]:
    """CNY per unit keyed by (currency, year, month): the shape both cores read."""
    return {
        (r.currency, r.year, r.month): r.cny_per_unit
        for r in uow.session.scalars(select(CustomsRateRow))
    }


def agency_agreements(uow: UnitOfWork) -> dict[str, str]:
    """Merchant code → the ref of its latest written agency agreement."""
    rows = uow.session.scalars(select(AgencyAgreementRow).order_by(AgencyAgreementRow.signed_on))
    return {r.merchant_code: r.ref for r in rows}


def trade_operator(uow: UnitOfWork, code: str | None = None) -> TradeOperator:
    q = select(TradeOperatorRow).order_by(TradeOperatorRow.code)
    rows = uow.session.scalars(q if code is None else q.where(TradeOperatorRow.code == code)).all()
    if not rows:
        known = ", ".join(uow.session.scalars(select(TradeOperatorRow.code))) or "none"
        raise DeclarationRefused(
            f"trade operator {code or '(any)'} is not on record (known: {known}); "
            "register the operator and its filings first"
        )
    if code is None and len(rows) > 1:
        raise DeclarationRefused(
            f"several trade operators on record ({', '.join(r.code for r in rows)}): name one"
        )
    r = rows[0]
    return TradeOperator(r.code, r.name, r.uscc, r.customs_code, r.ciq_code)


def _consolidator_code(uow: UnitOfWork) -> str:
    codes = list(uow.session.scalars(select(ConsolidatorRow.code).order_by(ConsolidatorRow.code)))
    return codes[0] if len(codes) == 1 else ""


def _goods_place(uow: UnitOfWork) -> str:
    sites = list(uow.session.scalars(select(ConsolidatorRow.site).order_by(ConsolidatorRow.code)))
    return sites[0] if sites else ""


# ---------------------------------------------------------------- the tariff


def tariff_for(products: Iterable[Product], policy: CustomsPolicy = DEFAULT_POLICY) -> Tariff:
    """The tariff items of `products`: the sample table's item when it has the code (it carries
    the 法检 flags), else the legal units of the bundled China 2023 nomenclature.

    Design choice: a legal unit that cannot be derived from the product's trade unit (e.g. 个
    for goods sold by the set) is declared by net weight (kg) instead, and a duplicate second
    unit is dropped; a real deployment records the legal quantity on the platform."""
    catalogue = hs_catalogue()
    items: dict[str, TariffItem] = {}
    for p in products:
        code = p.hs.code
        if code in SAMPLE_TARIFF.items:
            base = SAMPLE_TARIFF.items[code]
        else:
            entry = catalogue.get(code[:8])
            if entry is None:
                continue  # build_transaction_lists names the line (UnknownTariffCode)
            u1 = policy.unit_code(entry.unit1_zh) if entry.unit1_zh else "035"
            u2 = policy.unit_code(entry.unit2_zh) if entry.unit2_zh else None
            base = TariffItem(p.hs, entry.name_zh, u1, u2)
        trade = policy.unit_code(p.trade_unit)
        u1 = base.unit1 if _derivable(base.unit1, trade) else "035"
        u2 = base.unit2 if base.unit2 is None or _derivable(base.unit2, trade) else "035"
        if u2 == u1:
            u2 = None
        prev = items.get(code)
        if prev is not None and (prev.unit1, prev.unit2) != (u1, u2):
            u1, u2 = "035", None  # two products, two trade units: kg fits both
        items[code] = TariffItem(p.hs, base.name_zh, u1, u2, base.inspected, base.dutiable)
    return Tariff(items)


def _derivable(unit: str, trade_unit: str) -> bool:
    try:
        legal_quantity(unit, Decimal(1), trade_unit, 1, where="")
    except CustomsError:
        return False
    return True


# ---------------------------------------------------------------- declaring a shipment


@dataclass(frozen=True)
class DeclarationSummary:
    ref: str
    buyer_codes: tuple[str, ...]
    currency: str
    total: Decimal
    total_usd: Decimal
    lines: int
    list_lines: int
    submitted: bool


@dataclass(frozen=True)
class DeclarationReport:
    shipment_ref: str
    declarations: tuple[DeclarationSummary, ...]
    blocked: tuple[Violation, ...]
    unchanged: bool = False  # already submitted: left as it was
    notes: tuple[str, ...] = field(default=())

    @property
    def total_usd(self) -> Decimal:
        return sum((d.total_usd for d in self.declarations), Decimal(0))


def _products(rows: Iterable[ProductRow]) -> dict[tuple[str, str], Product]:
    out: dict[tuple[str, str], Product] = {}
    for p in rows:
        out[(p.merchant.code, p.sku)] = Product(
            p.sku,
            p.merchant.code,
            p.name_zh,
            p.name_en,
            HsCode(p.hs_code),
            p.declared_elements,
            p.trade_unit,
            p.units_per_carton,
            CartonSpec(p.length_mm, p.width_mm, p.height_mm, p.gross_g, p.net_g),
        )
    return out


def _buyer(r: BuyerRow) -> Buyer:
    return Buyer(r.code, r.name, r.nationality, r.id_document, r.company, r.country)


def _shipment(uow: UnitOfWork, ref: str) -> ShipmentRow:
    sh = uow.session.scalar(select(ShipmentRow).where(ShipmentRow.ref == ref))
    if sh is None:
        known = ", ".join(uow.session.scalars(select(ShipmentRow.ref).order_by(ShipmentRow.ref)))
        raise DeclarationRefused(f"unknown shipment {ref!r} (known: {known or 'none'})")
    return sh


def _shipment_info(sh: ShipmentRow, declared_on: date, goods_place: str) -> ShipmentInfo:
    country = ALPHA3.get(sh.destination_country, sh.destination_country)
    return ShipmentInfo(
        shipment_ref=sh.ref,
        declared_on=declared_on,
        trade_country=country,
        destination_country=country,
        destination_port=sh.destination,
        traf_mode=TRAF_MODE.get(sh.route),
        goods_place=goods_place,
    )


def _orders(uow: UnitOfWork, sh: ShipmentRow) -> list[OrderRow]:
    return list(
        uow.session.scalars(
            select(OrderRow).where(OrderRow.shipment_id == sh.id).order_by(OrderRow.order_no)
        )
    )


def _order_lines(uow: UnitOfWork, sh: ShipmentRow) -> list[OrderLineRow]:
    return list(
        uow.session.scalars(
            select(OrderLineRow)
            .join(OrderLineRow.order)
            .where(OrderRow.shipment_id == sh.id)
            .options(
                selectinload(OrderLineRow.order).selectinload(OrderRow.buyer),
                selectinload(OrderLineRow.product).selectinload(ProductRow.merchant),
            )
            .order_by(OrderLineRow.ref)
        )
    )


def declare_shipment(
    new_uow: NewUow,
    shipment_ref: str,
    now: datetime,
    *,
    operator_code: str | None = None,
    policy: CustomsPolicy = DEFAULT_POLICY,
    rules: Sequence[ExclusionRule] = DEFAULT_RULES,
) -> DeclarationReport:
    """Build and store the transaction lists and declarations of a shipment (all or nothing).

    Refuses with DeclarationRefused (unknown shipment or operator, nothing to declare) or a
    CustomsError (a party not on file, a missing rate, a line over the cap …). Blocked lines are
    kept on their lists with the rule and reported; the rest is declared. The declaration date
    is `now`'s day, or the last deal's day if later (a declaration never precedes its deals)."""
    with new_uow() as uow:
        s = uow.session
        sh = _shipment(uow, shipment_ref)
        existing = list(
            s.scalars(
                select(DeclarationRow)
                .where(DeclarationRow.shipment_id == sh.id)
                .order_by(DeclarationRow.seq)
            )
        )
        if any(d.submitted for d in existing):
            return _stored_report(uow, sh, unchanged=True)
        op = trade_operator(uow, operator_code)
        lines = _order_lines(uow, sh)
        if not lines:
            raise DeclarationRefused(f"shipment {shipment_ref} has no order lines to declare")
        products = _products({ln.product.id: ln.product for ln in lines}.values())
        orders = [
            PurchaseOrder(
                o.order_no,
                o.buyer.code,
                sh.ref,
                o.placed_at,
                tuple(
                    OrderLine(
                        ln.ref,
                        o.order_no,
                        ln.product.merchant.code,
                        ln.product.sku,
                        ln.quantity,
                        Money(ln.unit_price, ln.currency),
                        ln.cartons,
                    )
                    for ln in lines
                    if ln.order_id == o.id
                ),
            )
            for o in _orders(uow, sh)
        ]
        orders = [o for o in orders if o.lines]
        buyers = {o.buyer.code: _buyer(o.buyer) for o in _orders(uow, sh)}
        registry = filing_registry(uow)
        lists = build_transaction_lists(
            orders,
            products,
            buyers,
            tariff_for(products.values(), policy),
            registry,
            operator_code=op.code,
            consolidator_code=_consolidator_code(uow),
            policy=policy,
        )
        declared_on = max([now.date(), *(tl.deal_date for tl in lists)])
        kept, blocked = split_blocked(lists, declared_on, rules)
        rates = CustomsFxRates.from_table(customs_rate_table(uow), declared_on)
        info = _shipment_info(sh, declared_on, _goods_place(uow))
        decls = (
            build_declarations(kept, policy, rates, info, op, rules=rules, registry=registry)
            if kept
            else []
        )
        for d in existing:
            s.delete(d)
        s.flush()
        for old in s.scalars(
            select(TransactionListRow).where(TransactionListRow.shipment_id == sh.id)
        ):
            s.delete(old)
        s.flush()
        by_line = {ln.ref: ln.id for ln in lines}
        blocked_by_ref = {v.line_ref: v for v in blocked}
        list_rows: dict[str, ListLineRow] = {}
        for tl in lists:
            row = TransactionListRow(
                list_no=tl.list_no,
                shipment_id=sh.id,
                order_no=tl.list_no[: -len(tl.merchant_code) - 1],
                merchant_code=tl.merchant_code,
                buyer_code=tl.buyer.code,
                operator_code=tl.operator_code,
                consolidator_code=tl.consolidator_code,
                deal_date=tl.deal_date,
                currency=tl.currency,
                settlement=tl.settlement.value,
            )
            for ln in tl.lines:
                v = blocked_by_ref.get(ln.ref) or blocked_by_ref.get(tl.list_no)
                lr = _list_line_row(ln, by_line[ln.order_line_ref], v)
                row.lines.append(lr)
                list_rows[ln.ref] = lr
            s.add(row)
        s.flush()
        for decl in decls:
            s.add(_declaration_row(decl, sh.id, list_rows, rates))
        s.flush()
        report = _stored_report(uow, sh, unchanged=False, blocked=tuple(blocked))
        uow.commit()
    return report


def declare_all(
    new_uow: NewUow, now: datetime, *, operator_code: str | None = None
) -> list[DeclarationReport]:
    """Declare every shipment (each in its own transaction)."""
    with new_uow() as uow:
        refs = list(uow.session.scalars(select(ShipmentRow.ref).order_by(ShipmentRow.ref)))
    return [declare_shipment(new_uow, r, now, operator_code=operator_code) for r in refs]


def _list_line_row(ln: ListLine, order_line_id: int, v: Violation | None) -> ListLineRow:
    return ListLineRow(
        ref=ln.ref,
        line_no=ln.line_no,
        order_line_id=order_line_id,
        merchant_code=ln.merchant_code,
        sku=ln.sku,
        hs_code=ln.hs.code,
        name_zh=ln.name_zh,
        name_en=ln.name_en,
        elements=ln.elements,
        trade_qty=ln.trade_qty,
        trade_unit=ln.trade_unit,
        qty1=ln.qty1,
        unit1=ln.unit1,
        qty2=ln.qty2,
        unit2=ln.unit2,
        value=ln.value.amount,
        currency=ln.value.currency,
        packages=ln.packages,
        gross_g=ln.gross_g,
        net_g=ln.net_g,
        inspected=ln.inspected,
        dutiable=ln.dutiable,
        blocked_rule=v.rule_id if v else "",
        blocked_message=v.message if v else "",
    )


def _declaration_row(
    d: Declaration, shipment_id: int, list_rows: Mapping[str, ListLineRow], rates: CustomsFxRates
) -> DeclarationRow:
    row = DeclarationRow(
        ref=d.ref,
        shipment_id=shipment_id,
        seq=d.seq,
        declared_on=d.shipment.declared_on,
        operator_code=d.operator.code,
        buyer_codes=" ".join(b.code for b in d.buyers),
        list_nos=" ".join(d.list_nos),
        currency=d.currency,
        total=d.total.amount,
        total_usd=d.total_usd,
        usd_rate_source=f"customs monthly rate {rates.month}",
        packages=d.packages,
        gross_g=d.gross_g,
        net_g=d.net_g,
        submitted=False,
    )
    for dl in d.lines:
        lr = DeclarationLineRow(
            g_no=dl.g_no,
            code_ts=dl.code_ts,
            g_name=dl.g_name,
            g_model=dl.g_model,
            g_qty=dl.g_qty,
            g_unit=dl.g_unit,
            qty1=dl.qty1,
            unit1=dl.unit1,
            decl_total=dl.decl_total.amount,
            currency=dl.decl_total.currency,
            value_usd=dl.value_usd,
            merged=dl.merged,
        )
        lr.sources = [DeclarationTraceRow(list_line=list_rows[ref]) for ref in dl.sources]
        row.lines.append(lr)
    return row


def _stored_report(
    uow: UnitOfWork, sh: ShipmentRow, *, unchanged: bool, blocked: tuple[Violation, ...] = ()
) -> DeclarationReport:
    s = uow.session
    decls = s.scalars(
        select(DeclarationRow)
        .where(DeclarationRow.shipment_id == sh.id)
        .order_by(DeclarationRow.seq)
    ).all()
    if not blocked:
        rows = s.scalars(
            select(ListLineRow)
            .join(ListLineRow.list)
            .where(TransactionListRow.shipment_id == sh.id, ListLineRow.blocked_rule != "")
            .order_by(ListLineRow.ref)
        )
        blocked = tuple(
            Violation(r.ref.split("/")[0], r.ref, r.blocked_rule, r.blocked_message) for r in rows
        )
    return DeclarationReport(
        sh.ref,
        tuple(
            DeclarationSummary(
                d.ref,
                tuple(d.buyer_codes.split()),
                d.currency,
                d.total,
                d.total_usd,
                len(d.lines),
                sum(len(dl.sources) for dl in d.lines),
                d.submitted,
            )
            for d in decls
        ),
        blocked,
        unchanged,
    )


def declaration_reports(
    uow: UnitOfWork, shipment_ref: str | None = None
) -> list[DeclarationReport]:
    """The stored declarations, per shipment."""
    q = select(ShipmentRow).order_by(ShipmentRow.ref)
    if shipment_ref:
        q = q.where(ShipmentRow.ref == shipment_ref)
    return [_stored_report(uow, sh, unchanged=True) for sh in uow.session.scalars(q)]


# ---------------------------------------------------------------- rebuilding and documents


def stored_lists(uow: UnitOfWork, sh: ShipmentRow) -> list[TransactionList]:
    """The shipment's stored lists without their blocked lines, as the customs core reads them."""
    rows = uow.session.scalars(
        select(TransactionListRow)
        .where(TransactionListRow.shipment_id == sh.id)
        .order_by(TransactionListRow.list_no)
    ).all()
    buyers = {
        b.code: _buyer(b)
        for b in uow.session.scalars(
            select(BuyerRow).where(BuyerRow.code.in_({r.buyer_code for r in rows}))
        )
    }
    out: list[TransactionList] = []
    for r in rows:
        lines = tuple(
            ListLine(
                list_no=r.list_no,
                line_no=ln.line_no,
                merchant_code=ln.merchant_code,
                sku=ln.sku,
                hs=HsCode(ln.hs_code),
                name_zh=ln.name_zh,
                name_en=ln.name_en,
                elements=ln.elements,
                trade_qty=ln.trade_qty,
                trade_unit=ln.trade_unit,
                qty1=ln.qty1,
                unit1=ln.unit1,
                qty2=ln.qty2,
                unit2=ln.unit2,
                value=Money(ln.value, ln.currency),
                packages=ln.packages,
                gross_g=ln.gross_g,
                net_g=ln.net_g,
                inspected=ln.inspected,
                dutiable=ln.dutiable,
                order_line_ref=ln.order_line.ref,
            )
            for ln in r.lines
            if not ln.blocked_rule
        )
        if lines:
            out.append(
                TransactionList(
                    r.list_no,
                    r.merchant_code,
                    buyers[r.buyer_code],
                    r.operator_code,
                    r.deal_date,
                    r.currency,
                    lines,
                    Settlement(r.settlement),
                    r.consolidator_code,
                )
            )
    return out


def rebuild_declarations(
    uow: UnitOfWork, shipment_ref: str, policy: CustomsPolicy = DEFAULT_POLICY
) -> list[Declaration]:
    """The stored declarations of a shipment as customs objects, rebuilt from the stored lists
    (deterministic) and checked against what was stored, with the containers loaded so far."""
    sh = _shipment(uow, shipment_ref)
    stored = uow.session.scalars(
        select(DeclarationRow)
        .where(DeclarationRow.shipment_id == sh.id)
        .order_by(DeclarationRow.seq)
    ).all()
    if not stored:
        return []
    lists = stored_lists(uow, sh)
    op = trade_operator(uow, stored[0].operator_code)
    day = stored[0].declared_on
    rates = CustomsFxRates.from_table(customs_rate_table(uow), day)
    decls = build_declarations(
        lists, policy, rates, _shipment_info(sh, day, _goods_place(uow)), op, rules=()
    )
    if [(d.ref, len(d.lines)) for d in decls] != [(d.ref, len(d.lines)) for d in stored]:
        raise DeclarationRefused(
            f"shipment {shipment_ref}: the stored declarations no longer follow from the stored "
            "lists (rates or policy changed?); declare the shipment again"
        )
    boxes = _boxes(uow, sh, lists)
    return [attach_containers(d, boxes) for d in decls] if boxes else decls


def _boxes(
    uow: UnitOfWork, sh: ShipmentRow, lists: Sequence[TransactionList]
) -> list[tuple[str, str, int, bool, list[str]]]:
    """(container no., size, tare kg, LCL, list line refs) of every container holding lots of
    the shipment; LCL when the box holds more than one buyer's goods."""
    s = uow.session
    index = {ln.order_line_ref: ln for tl in lists for ln in tl.lines}
    buyer_of = {ln.ref: tl.buyer.code for tl in lists for ln in tl.lines}
    rows = s.execute(
        select(LotStateRow, ReceiptRow, OrderLineRow)
        .join(ReceiptRow, LotStateRow.receipt_id == ReceiptRow.id)
        .join(OrderLineRow, ReceiptRow.order_line_id == OrderLineRow.id)
        .join(OrderRow, OrderLineRow.order_id == OrderRow.id)
        .where(OrderRow.shipment_id == sh.id, LotStateRow.container_no != "")
        .order_by(LotStateRow.container_no, ReceiptRow.lot_no)
    ).all()
    by_box: dict[str, list[str]] = {}
    receipt_of: dict[str, int] = {}
    for state, receipt, line in rows:
        ln = index.get(line.ref)
        if ln is not None:
            by_box.setdefault(state.container_no, []).append(ln.ref)
            receipt_of.setdefault(state.container_no, receipt.id)
    out = []
    for box, refs in by_box.items():
        ctype = s.scalar(
            select(PlannedContainerRow.container_type)
            .join(PlacementRow, PlacementRow.container_id == PlannedContainerRow.id)
            .where(PlacementRow.receipt_id == receipt_of[box])
            .limit(1)
        )
        tare_kg = 0
        if ctype:
            try:
                tare_kg = container_type(ctype, DEFAULT_CONTAINER_TYPES).tare_g // 1000
            except (KeyError, ValueError):
                tare_kg = 0
        lcl = len({buyer_of[r] for r in refs}) > 1
        out.append((box, ctype or "", tare_kg, lcl, sorted(set(refs))))
    return out


def write_declaration_documents(
    new_uow: NewUow,
    out_dir: Path,
    shipment_refs: Sequence[str] | None = None,
    policy: CustomsPolicy = DEFAULT_POLICY,
) -> list[Path]:
    """Write `declarations/<ref>.json` and `.pdf` per declaration and `<shipment>.xlsx` per
    shipment under `out_dir`; returns the paths written."""
    folder = out_dir / "declarations"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with new_uow() as uow:
        refs = shipment_refs or list(
            uow.session.scalars(
                select(ShipmentRow.ref)
                .join(DeclarationRow, DeclarationRow.shipment_id == ShipmentRow.id)
                .distinct()
                .order_by(ShipmentRow.ref)
            )
        )
        for ref in refs:
            decls = rebuild_declarations(uow, ref, policy)
            for d in decls:
                doc = declaration_to_json(d)
                p = folder / f"{d.ref}.json"
                p.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
                pdf = folder / f"{d.ref}.pdf"
                pdf.write_bytes(declaration_pdf(d, policy=policy))
                written += [p, pdf]
            if decls:
                x = folder / f"{ref}.xlsx"
                x.write_bytes(declarations_xlsx(decls))
                written.append(x)
    return written
