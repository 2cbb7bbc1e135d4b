"""The demo after import and planning: filings, declarations, simulated customs (holds re-plan),
loading and sealing, documents, the buyers' payments, allocation and settlement outputs.

Idempotent: a second run finds everything in place, adds no rows and writes the same files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select

from pinxiang.customs import (
    Consolidator,
    Filing,
    LotEvent,
    LotState,
    Role,
    TradeOperator,
    check_digit,
)
from pinxiang.domain import Money
from pinxiang.persistence.customs_tables import DeclarationLineRow, DeclarationRow
from pinxiang.persistence.db import UnitOfWork
from pinxiang.persistence.settlement_tables import AllocationRow, BankReceiptRow, PayoutRow
from pinxiang.persistence.tables import (
    BuyerRow,
    LotEventRow,
    LotStateRow,
    MerchantRow,
    OrderRow,
    PlacementRow,
    PlannedContainerRow,
    PlanRow,
    ReceiptRow,
    ShipmentRow,
)
from pinxiang.services import declarations as decl_service
from pinxiang.services import inspection
from pinxiang.services import settlement as settle
from pinxiang.services.planning import PlanOptions
from pinxiang.settlement import CollectionMode, Rate, Receivable

NewUow = Callable[[], UnitOfWork]


class _Settings(Protocol):
    time_limit_s: float
    carrier: str


class DemoApp(Protocol):
    """What the flow needs of `bootstrap.App` (services sit below bootstrap)."""

    @property
    def settings(self) -> _Settings: ...

    @property
    def new_uow(self) -> NewUow: ...

    def plan_options(self, seed: int | None = None) -> PlanOptions: ...


OPERATOR = TradeOperator(
    "OP-YW001", "义乌市拼箱供应链管理有限公司", "91330782MA2PX00017", "3318960017", "3318600017"
)
CONSOLIDATOR = Consolidator(
    "CS-YW001", "义乌市拼箱组货服务有限公司", "91330782MA2PX00025", "义乌铁路口岸二期集拼仓"
)
DEMO_RATES = {"USD": Decimal("7.1"), "EUR": Decimal("7.7")}
USD_ACCOUNT = "33050161234500000789"
EUR_ACCOUNT = "33050161234500000456"
BANK = "Zhejiang Yiwu Rural Commercial Bank (demo)"
EUR_USD = Decimal("1.0850")
CONTAINER_OWNER = "PXN"  # owner code + category U: PXNU


def container_no(serial: int) -> str:
    """An ISO 6346 container number of the demo's owner code with its check digit."""
    first10 = f"{CONTAINER_OWNER}U{serial % 1_000_000:06d}"
    return f"{first10}{check_digit(first10)}"


# ---------------------------------------------------------------- parties


def register_demo_parties(new_uow: NewUow) -> int:
    """The operator, the consolidator, their filings and those of every merchant and buyer,
    and an agency agreement per merchant. Returns how many filings were new."""
    decl_service.register_operator(new_uow, OPERATOR)
    decl_service.register_consolidator(new_uow, CONSOLIDATOR)
    with new_uow() as uow:
        merchants = list(uow.session.scalars(select(MerchantRow.code).order_by(MerchantRow.code)))
        buyers = list(uow.session.scalars(select(BuyerRow.code).order_by(BuyerRow.code)))
    since = date(2024, 1, 2)
    filings = [
        Filing(Role.OPERATOR, OPERATOR.code, "YW-OPR-2024-0017", "Yiwu Commerce Bureau", since),
        Filing(Role.OPERATOR, OPERATOR.code, "3318960017", "Jinhua Customs (consignor)", since),
        Filing(Role.CONSOLIDATOR, CONSOLIDATOR.code, "YW-CSL-2024-0025", "Yiwu Customs", since),
        *(
            Filing(Role.MERCHANT, m, f"YW-MER-{m}", "Yiwu Market Procurement Platform", since)
            for m in merchants
        ),
        *(
            Filing(Role.BUYER, b, f"YW-BUY-{b}", "Yiwu Market Procurement Platform", since)
            for b in buyers
        ),
    ]
    new = decl_service.register_filings(new_uow, filings)
    for m in merchants:
        decl_service.register_agency_agreement(new_uow, f"AA-{m}", m, OPERATOR.code, since)
    return new


def _months(uow: UnitOfWork, now: datetime) -> set[tuple[int, int]]:
    days = {now.date(), *(d.date() for d in uow.session.scalars(select(OrderRow.placed_at)))}
    return {(d.year, d.month) for d in days}


# ---------------------------------------------------------------- loading


def load_released_lots(new_uow: NewUow, now: datetime) -> dict[str, list[str]]:
    """Stuff every released lot into the planned container holding its first carton, under a
    generated ISO 6346 number, and seal every container with loaded lots. Returns container
    number → lots loaded now."""
    with new_uow() as uow:
        s = uow.session
        rows = s.execute(
            select(ShipmentRow.ref, PlannedContainerRow.seq, ReceiptRow.lot_no)
            .join(PlanRow, PlanRow.shipment_id == ShipmentRow.id)
            .join(PlannedContainerRow, PlannedContainerRow.plan_id == PlanRow.id)
            .join(PlacementRow, PlacementRow.container_id == PlannedContainerRow.id)
            .join(ReceiptRow, PlacementRow.receipt_id == ReceiptRow.id)
            .join(LotStateRow, LotStateRow.receipt_id == ReceiptRow.id)
            .where(LotStateRow.state == LotState.RELEASED.value)
            .order_by(ShipmentRow.ref, PlannedContainerRow.seq, ReceiptRow.lot_no)
        ).all()
    target: dict[str, str] = {}
    for ref, seq, lot in rows:
        digits = "".join(ch for ch in ref if ch.isdigit())[-4:] or "0"
        target.setdefault(lot, container_no(int(digits) * 100 + seq))
    loaded: dict[str, list[str]] = {}
    at = now + timedelta(hours=3)
    for lot, box in sorted(target.items()):
        inspection.load(new_uow, lot, box, "loader", at)
        loaded.setdefault(box, []).append(lot)
    with new_uow() as uow:
        boxes = sorted(
            set(
                uow.session.scalars(
                    select(LotStateRow.container_no).where(
                        LotStateRow.state == LotState.LOADED.value
                    )
                )
            )
        )
    for box in boxes:
        inspection.seal(new_uow, box, f"YW{box[4:10]}", "loader", at + timedelta(minutes=30))
    return loaded


# ---------------------------------------------------------------- payments


def _usd_declarations(recs: Sequence[Receivable]) -> dict[str, list[tuple[str, str, Money]]]:
    """Buyer → [(declaration, shipment, value)] of its USD declarations, in order."""
    totals: dict[tuple[str, str, str], Money] = {}
    for r in recs:
        if r.value.currency == "USD":
            k = (r.buyer_code, r.declaration_no, r.shipment_ref)
            totals[k] = totals.get(k, Money.zero("USD")) + r.value
    out: dict[str, list[tuple[str, str, Money]]] = {}
    for (buyer, d, sh), v in sorted(totals.items()):
        out.setdefault(buyer, []).append((d, sh, v))
    return out


def _camt(
    account: str, currency: str, entries: list[tuple[str, date, Money, str, str, str]]
) -> str:
    total = sum((e[2].amount for e in entries), Decimal(0))
    first = min(e[1] for e in entries)
    last = max(e[1] for e in entries)
    ntry = ""
    for ref, day, amount, payer, country, info in entries:
        ntry += f"""      <Ntry>
        <NtryRef>{ref[-4:]}</NtryRef>
        <Amt Ccy="{amount.currency}">{amount.amount:.2f}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>{day.isoformat()}</Dt></BookgDt>
        <ValDt><Dt>{day.isoformat()}</Dt></ValDt>
        <AcctSvcrRef>{ref}</AcctSvcrRef>
        <NtryDtls>
          <TxDtls>
            <RltdPties>
              <Dbtr><Pty><Nm>{_xml(payer)}</Nm><PstlAdr><Ctry>{country}</Ctry></PstlAdr></Pty></Dbtr>
            </RltdPties>
            <RmtInf><Ustrd>{_xml(info)}</Ustrd></RmtInf>
          </TxDtls>
        </NtryDtls>
      </Ntry>
"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>PXN-CAMT-{last:%Y%m%d}-{currency}</MsgId>
      <CreDtTm>{last.isoformat()}T18:00:00+08:00</CreDtTm>
    </GrpHdr>
    <Stmt>
      <Id>STMT-{last:%Y-%m}-{currency}</Id>
      <CreDtTm>{last.isoformat()}T18:00:00+08:00</CreDtTm>
      <Acct>
        <Id><Othr><Id>{account}</Id></Othr></Id>
        <Ccy>{currency}</Ccy>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="{currency}">0.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{first.isoformat()}</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="{currency}">{total:.2f}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{last.isoformat()}</Dt></Dt>
      </Bal>
{ntry}    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mt940(account: str, entries: list[tuple[str, date, Money, str, str, str]]) -> str:
    ccy = entries[0][2].currency
    first = min(e[1] for e in entries)
    last = max(e[1] for e in entries)
    total = sum((e[2].amount for e in entries), Decimal(0))

    def amt(d: Decimal) -> str:
        return f"{d:.2f}".replace(".", ",")

    lines = [
        f":20:STMT{last:%y%m%d}",
        f":25:{account}",
        ":28C:00001/001",
        f":60F:C{first:%y%m%d}{ccy}{amt(Decimal(0))}",
    ]
    for ref, day, amount, payer, country, info in entries:
        lines.append(f":61:{day:%y%m%d}{day:%m%d}C{amt(amount.amount)}NTRFNONREF//{ref}")
        lines.append(f":86:/ORDP/{payer.upper()}/CNTY/{country}/REMI/{info}")
    lines.append(f":62F:C{last:%y%m%d}{ccy}{amt(total)}")
    return "\n".join(lines) + "\n"


Entry = tuple[str, date, Money, str, str, str]  # bank ref, value date, amount, payer, country, info


def record_demo_payments(new_uow: NewUow, out_dir: Path, now: datetime) -> dict[str, Any]:
    """The buyers' payments of the demo: a camt.053 statement of the USD account (a part
    payment, full payments, an over-payment), an MT940 statement of the EUR account (a EUR
    payment against a USD declaration, at the bank's recorded rate), a manual receipt, and a
    payment spanning two shipments when a buyer has USD declarations in two of them.

    FX mode 3: on the first fully paid declaration that has an individual merchant's lines
    beside other merchants', that merchant collects its own lines in its own name (into its own
    account, a day earlier), and the buyer pays the rest to the operator."""
    settle.register_bank_account(new_uow, USD_ACCOUNT, "USD", BANK, OPERATOR.name)
    settle.register_bank_account(new_uow, EUR_ACCOUNT, "EUR", BANK, OPERATOR.name)
    with new_uow() as uow:
        recs = settle.receivables(uow)
        companies = {
            b.code: (b.company or b.name, b.country) for b in uow.session.scalars(select(BuyerRow))
        }
        individuals = set(
            uow.session.scalars(select(MerchantRow.code).where(MerchantRow.individual.is_(True)))
        )
    by_buyer = _usd_declarations(recs)
    buyers = sorted(by_buyer)
    if not buyers:
        return {"statements": [], "manual": []}
    base = max(r.export_date for r in recs)
    usd: list[Entry] = []
    eur: list[Entry] = []
    manual: list[Entry] = []
    own: list[tuple[str, Entry]] = []  # mode 3: (collecting merchant, receipt)
    roles = ["part", "eur", "full", "manual", "over"]
    for i, buyer in enumerate(buyers):
        decls = by_buyer[buyer]
        payer, country = companies[buyer]
        day = base + timedelta(days=8 + i)
        ref = f"PXB{day:%y%m%d}{i + 1:04d}"
        shipments = sorted({sh for _, sh, _ in decls})
        if len(shipments) > 1:  # one payment for two shipments
            value = sum((v for _, _, v in decls), Money.zero("USD"))
            usd.append((ref, day, value, payer, country, "SHIPMENTS " + " AND ".join(shipments)))
            continue
        d, _, value = decls[0]
        role = roles[i % len(roles)] if i < len(roles) else "full"
        info = f"PAYMENT FOR {d}"
        if role == "part":
            part = (value.amount * Decimal("0.6")).quantize(Decimal("0.01"), ROUND_DOWN)
            usd.append((ref, day, Money(part, "USD"), payer, country, f"PART {info}"))
        elif role == "eur":
            amount = (value.amount / EUR_USD).quantize(Decimal("0.01"), ROUND_DOWN)
            eur.append((ref, day, Money(amount, "EUR"), payer, country, info))
            settle.record_bank_rate(new_uow, Rate("EUR", "USD", EUR_USD, f"bank rate {BANK}", day))
        elif role == "manual":
            manual.append((ref, day, value, payer, country, info))
        elif role == "over":
            over = Money(value.amount + Decimal(250), "USD")
            usd.append((ref, day, over, payer, country, info))
        else:
            split = None if own else _own_part(recs, d, individuals)
            if split is not None:
                merchant, mine = split
                own.append((merchant, (f"{ref}M", day - timedelta(days=1), mine, payer, country,
                                       info)))  # fmt: skip
                value = value - mine
            usd.append((ref, day, value, payer, country, info))
    folder = out_dir / "settlement" / "statements"
    folder.mkdir(parents=True, exist_ok=True)
    files: list[tuple[Path, str]] = []
    if usd:
        p = folder / f"camt053-{USD_ACCOUNT}.xml"
        p.write_text(_camt(USD_ACCOUNT, "USD", usd), encoding="utf-8")
        files.append((p, USD_ACCOUNT))
    if eur:
        p = folder / f"mt940-{EUR_ACCOUNT}.sta"
        p.write_text(_mt940(EUR_ACCOUNT, eur), encoding="utf-8")
        files.append((p, EUR_ACCOUNT))
    reports = [settle.import_statement(new_uow, p, acct, now) for p, acct in files]
    added = []
    for ref, day, paid, payer, country, info in manual:
        key, new = settle.record_receipt(
            new_uow, USD_ACCOUNT, day, paid, ref, now, payer, country, info
        )
        added.append((key, new))
    for merchant, (ref, day, paid, payer, country, info) in own:
        key, new = settle.record_receipt(
            new_uow, f"PRIV-{merchant}", day, paid, ref, now, payer, country, info,
            mode=CollectionMode.PRINCIPAL, collector=merchant,
        )  # fmt: skip
        added.append((key, new))
    return {"statements": reports, "manual": added}


def _own_part(
    recs: Sequence[Receivable], declaration: str, individuals: set[str]
) -> tuple[str, Money] | None:
    """(individual merchant, its USD lines' value) on a declaration shared with other
    merchants: the largest such part, or None."""
    parts: dict[str, Money] = {}
    for r in recs:
        if r.declaration_no == declaration and r.value.currency == "USD":
            parts[r.merchant_code] = parts.get(r.merchant_code, Money.zero("USD")) + r.value
    if len(parts) < 2:
        return None
    mine = sorted(
        ((v.amount, m) for m, v in parts.items() if m in individuals), key=lambda x: (-x[0], x[1])
    )
    return (mine[0][1], parts[mine[0][1]]) if mine else None


def pay_out_merchants(new_uow: NewUow, paid_on: date, now: datetime) -> list[str]:
    """Pay every merchant what is held for it in USD (reference PXP-<date>-<merchant>, so a
    second run pays nothing). Returns the references paid now."""
    with new_uow() as uow:
        held = {
            m: settle.held_for(uow, m, "USD")
            for m in uow.session.scalars(select(MerchantRow.code).order_by(MerchantRow.code))
        }
    paid = []
    for m, money in held.items():
        if money.amount > 0:
            rep = settle.pay_out(new_uow, m, money, f"PXP-{paid_on:%Y%m%d}-{m}", now,
                                 paid_on=paid_on)  # fmt: skip
            if rep.added:
                paid.append(rep.payout.reference)
    return paid


# ---------------------------------------------------------------- the whole flow


def _figures(new_uow: NewUow) -> dict[str, Any]:
    with new_uow() as uow:
        s = uow.session
        decls = s.scalars(select(DeclarationRow)).all()
        selected = s.scalar(
            select(func.count(func.distinct(LotEventRow.receipt_id))).where(
                LotEventRow.event == LotEvent.SELECT.value
            )
        )
        held = s.scalar(
            select(func.count(func.distinct(LotEventRow.receipt_id))).where(
                LotEventRow.event == LotEvent.HOLD.value
            )
        )
        states = Counter(s.scalars(select(LotStateRow.state)))
        receipts = s.scalars(select(BankReceiptRow)).all()
        allocs = settle.allocations(uow)
        review = settle.review_queue(uow)
        containers = len(
            set(s.scalars(select(LotStateRow.container_no).where(LotStateRow.container_no != "")))
        )
        n_alloc_rows = s.scalar(select(func.count(AllocationRow.id)))
        lines = s.scalar(select(func.count(DeclarationLineRow.id)))
        value_usd = sum((d.total_usd for d in decls), Decimal(0))
        n_decls = len(decls)
        n_receipts = len(receipts)
        allocated: dict[str, Decimal] = {}
        over: dict[str, Decimal] = {}
        for a in allocs:
            for sh in a.shares:
                c = sh.amount.currency
                allocated[c] = allocated.get(c, Decimal(0)) + sh.amount.amount
            if a.over_collected.amount:
                c = a.over_collected.currency
                over[c] = over.get(c, Decimal(0)) + a.over_collected.amount
        received: dict[str, Decimal] = {}
        own = 0
        for r in receipts:
            received[r.currency] = received.get(r.currency, Decimal(0)) + r.amount
            own += r.mode == CollectionMode.PRINCIPAL.value
        paid: dict[str, Decimal] = {}
        for p in s.scalars(select(PayoutRow)):
            paid[p.currency] = paid.get(p.currency, Decimal(0)) + p.amount
    return {
        "declarations": n_decls,
        "declaration_lines": lines or 0,
        "value_usd": f"{value_usd:.2f}",
        "lots_selected": selected or 0,
        "lots_held": held or 0,
        "lot_states": dict(sorted(states.items())),
        "containers_sealed": containers,
        "receipts": n_receipts,
        "received": {k: f"{v:.2f}" for k, v in sorted(received.items())},
        "receipts_mode_3": own,
        "paid_out": {k: f"{v:.2f}" for k, v in sorted(paid.items())},
        "allocations": n_alloc_rows or 0,
        "allocated": {k: f"{v:.2f}" for k, v in sorted(allocated.items())},
        "over_collected": {k: f"{v:.2f}" for k, v in sorted(over.items())},
        "review_queue": len(review),
    }


def _stored_warnings(new_uow: NewUow) -> set[str]:
    with new_uow() as uow:
        return {w for _, w in settle.quota_warnings(uow)}


def _held_shipments(new_uow: NewUow) -> set[str]:
    with new_uow() as uow:
        held = inspection.lots(uow, state=LotState.HELD.value)
    return {v.shipment_ref for v in held}


def run_customs_and_settlement(
    app: DemoApp, out_dir: Path, now: datetime, seed: int
) -> dict[str, Any]:
    """After the demo's import and planning: filings, declarations of every shipment, simulated
    customs (held lots leave their plans), loading and sealing, declaration documents, payments,
    allocation and settlement outputs under `out_dir`. Returns the summary figures."""
    new_uow = app.new_uow
    register_demo_parties(new_uow)
    with new_uow() as uow:
        months = sorted(_months(uow, now))
    for y, m in months:
        decl_service.set_customs_rates(
            new_uow, y, m, DEMO_RATES, f"customs monthly rate {y}-{m:02d} (demo figures)"
        )
    reports = decl_service.declare_all(new_uow, now, operator_code=OPERATOR.code)
    blocked = [v.message for r in reports for v in r.blocked]
    for r in reports:
        inspection.declare_lots(new_uow, r.shipment_ref, "declarant", now)
    options = app.plan_options(seed=seed)
    sim = inspection.simulate_customs(
        new_uow, seed, now, options=options, carrier=app.settings.carrier
    )
    load_released_lots(new_uow, now)
    docs = decl_service.write_declaration_documents(new_uow, out_dir)
    record_demo_payments(new_uow, out_dir, now)
    alloc = settle.match_and_allocate(new_uow, now)
    with new_uow() as uow:
        queue = settle.review_queue(uow)
        recs = settle.receivables(uow)
    for receipt, match in queue:  # the clerk applies over-payments to the buyer's declarations
        if match.declaration_nos and any("over-collection" in r for r in match.reasons):
            settle.allocate_reviewed(new_uow, receipt.key, match.declaration_nos, now)
    settle.write_receipts_and_allocations(new_uow, out_dir)
    as_of = max([now.date(), *(r.export_date + timedelta(days=30) for r in recs)])
    pay_out_merchants(new_uow, as_of, now)
    settle.write_statements(new_uow, as_of, out_dir)
    with new_uow() as uow:
        months_out = settle.export_months(uow)
    for y, m in months_out:
        settle.vat_report(new_uow, y, m, out_dir)
    figures = _figures(new_uow)
    figures.update(
        {
            "blocked_lines": len(blocked),
            "replanned": sorted(set(sim.replanned) | _held_shipments(new_uow)),
            "documents": len(docs),
            "quota_warnings": sorted({q.message for q in alloc.quota} | _stored_warnings(new_uow)),
        }
    )
    return figures
