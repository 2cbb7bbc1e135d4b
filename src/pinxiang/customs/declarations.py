"""Declarations (报关单) generated from the transaction lists of a shipment.

Grouping rule (deterministic; docs/customs.md):

1. Lists are grouped by declaration key: the buyer (when `one_buyer_per_declaration`) and the
   currency. One operator per call.
2. Inside a group, whole lists are bin-packed first-fit-decreasing by USD value (ties by list
   number): a list goes into the first open declaration where the USD total stays within the cap
   and the merged line count within `max_lines`, else it opens a new declaration.
3. A list that cannot fit even an empty declaration is split into its lines, which are packed the
   same way. A list line is never split; one whose value alone exceeds the cap is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from pinxiang.customs.containers import validate_container_no
from pinxiang.customs.errors import CustomsError, InvalidListLine, LineOverCap
from pinxiang.customs.exclusions import DEFAULT_RULES, ExclusionRule, require_clear
from pinxiang.customs.fx import CustomsFxRates
from pinxiang.customs.lists import ListLine, TransactionList, check_buyer_identity
from pinxiang.customs.merge import DeclarationLine, count_lines, merge_lines
from pinxiang.customs.parties import FilingRegistry, Role, TradeOperator
from pinxiang.customs.policy import CustomsPolicy
from pinxiang.domain.money import Money
from pinxiang.domain.parties import Buyer


@dataclass(frozen=True)
class ShipmentInfo:
    """What the header needs beyond the lists. Country codes are the single window's 3-letter
    codes (e.g. "ARE", "ESP"); transport and customs codes default to the policy's."""

    shipment_ref: str
    declared_on: date
    trade_country: str  # tradeCountry 运抵国
    destination_country: str  # destinationCountry 最终目的国 (per line)
    destination_port: str  # distinatePort 指运港
    traf_mode: str | None = None
    traf_name: str = ""
    voyage_no: str = ""
    bill_no: str = ""
    goods_place: str = ""  # goodSplace 货物存放地点: the consolidation warehouse
    mark_no: str = "N/M"


@dataclass(frozen=True)
class ContainerEntry:
    """A 集装箱 row: a container carrying goods of this declaration, and which lines (项号)."""

    container_no: str
    size: str  # containerSize, e.g. "40HQ" (the single-window size code is mapped at the edge)
    tare_kg: int
    lcl: bool  # lclFlag 拼箱标识: the box holds other declarations' goods too
    goods_nos: tuple[int, ...]


@dataclass(frozen=True)
class Declaration:
    ref: str  # "<shipment ref>-D01"
    seq: int
    shipment: ShipmentInfo
    operator: TradeOperator
    buyers: tuple[Buyer, ...]
    list_nos: tuple[str, ...]
    lines: tuple[DeclarationLine, ...]
    remarks: str  # noteS
    customs_master: str
    exit_customs: str
    departure_port: str
    trade_mode: str
    traf_mode: str
    trans_mode: str
    wrap_type: str
    origin_country: str
    district: str
    containers: tuple[ContainerEntry, ...] = ()

    @property
    def currency(self) -> str:
        return self.lines[0].decl_total.currency

    @property
    def total(self) -> Money:
        return sum((ln.decl_total for ln in self.lines), Money.zero(self.currency))

    @property
    def total_usd(self) -> Decimal:
        return sum((ln.value_usd for ln in self.lines), Decimal(0))

    @property
    def packages(self) -> int:
        return sum(ln.packages for ln in self.lines)

    @property
    def gross_g(self) -> int:
        return sum(ln.gross_g for ln in self.lines)

    @property
    def net_g(self) -> int:
        return sum(ln.net_g for ln in self.lines)

    def g_no_of(self, line_ref: str) -> int:
        """The 项号 declaring the list line `line_ref` ("list/line")."""
        for ln in self.lines:
            if line_ref in ln.sources:
                return ln.g_no
        raise KeyError(f"list line {line_ref} is not on declaration {self.ref}")


def build_declarations(
    lists: Sequence[TransactionList],
    policy: CustomsPolicy,
    fx_rates: CustomsFxRates,
    shipment: ShipmentInfo,
    operator: TradeOperator,
    *,
    rules: Iterable[ExclusionRule] = DEFAULT_RULES,
    registry: FilingRegistry | None = None,
) -> list[Declaration]:
    """The declarations of a shipment, numbered D01, D02 … in a deterministic order.

    Refuses with a CustomsError subclass: ExcludedGoods (naming every blocked line and rule),
    LineOverCap, MissingExchangeRate, PartyNotOnFile (when `registry` is given),
    MissingBuyerIdentity, InvalidListLine."""
    if not lists:
        raise InvalidListLine(f"shipment {shipment.shipment_ref}: no transaction lists to declare")
    numbers = [tl.list_no for tl in lists]
    if len(set(numbers)) != len(numbers):
        raise InvalidListLine(f"shipment {shipment.shipment_ref}: duplicate list numbers")
    fx_rates.require_month(shipment.declared_on)
    for tl in lists:
        if tl.operator_code != operator.code:
            raise InvalidListLine(
                f"list {tl.list_no} is entrusted to operator {tl.operator_code!r}, "
                f"not {operator.code!r}; declare each operator's lists separately"
            )
        check_buyer_identity(tl.buyer, where=f"list {tl.list_no}")
        if registry is not None:
            deal = f"list {tl.list_no}"
            registry.require(Role.MERCHANT, tl.merchant_code, tl.deal_date, deal=deal)
            registry.require(Role.BUYER, tl.buyer.code, tl.deal_date, deal=deal)
            registry.require(Role.OPERATOR, tl.operator_code, tl.deal_date, deal=deal)
            if tl.consolidator_code:
                registry.require(Role.CONSOLIDATOR, tl.consolidator_code, tl.deal_date, deal=deal)
    require_clear(lists, shipment.declared_on, rules)

    usd = {ln.ref: fx_rates.to_usd(ln.value) for tl in lists for ln in tl.lines}
    for tl in lists:
        for ln in tl.lines:
            if usd[ln.ref] > policy.value_cap_usd:
                raise LineOverCap(
                    f"list line {ln.ref} ({ln.hs.code} {ln.name_zh}) is worth USD {usd[ln.ref]:,} "
                    f"({ln.value}) on its own, over the USD {policy.value_cap_usd:,} cap per "
                    "declaration; a list line is never split — split the deal into smaller lines"
                )

    groups: dict[tuple[str, str], list[TransactionList]] = {}
    for tl in lists:
        buyer_key = tl.buyer.code if policy.one_buyer_per_declaration else ""
        groups.setdefault((buyer_key, tl.currency), []).append(tl)

    bins: list[list[ListLine]] = []
    for key in sorted(groups):
        bins.extend(_pack(groups[key], usd, policy))

    by_list = {tl.list_no: tl for tl in lists}
    out: list[Declaration] = []
    for seq, lines in enumerate(bins, start=1):
        list_nos = tuple(sorted({ln.list_no for ln in lines}))
        buyers = tuple(
            sorted({by_list[n].buyer for n in list_nos}, key=lambda b: b.code),
        )
        out.append(
            Declaration(
                ref=f"{shipment.shipment_ref}-D{seq:02d}",
                seq=seq,
                shipment=shipment,
                operator=operator,
                buyers=buyers,
                list_nos=list_nos,
                lines=merge_lines(lines, usd, policy),
                remarks=_remarks(buyers, policy, shipment.shipment_ref, seq),
                customs_master=policy.declaring_customs,
                exit_customs=policy.exit_customs,
                departure_port=policy.departure_port,
                trade_mode=policy.trade_mode,
                traf_mode=shipment.traf_mode or policy.transport_mode,
                trans_mode=policy.incoterm,
                wrap_type=policy.wrap_type,
                origin_country=policy.origin_country,
                district=policy.source_district,
            )
        )
    return out


def _remarks(buyers: tuple[Buyer, ...], policy: CustomsPolicy, ref: str, seq: int) -> str:
    """The purchaser identity (name/nationality/ID) for 备注 (§1.5, No. 54)."""
    text = "; ".join(b.remarks_identity for b in buyers)
    if policy.remarks_required and len(text) > policy.remarks_max_chars:
        raise CustomsError(
            f"{ref}-D{seq:02d}: buyer identities need {len(text)} characters in the remarks, "
            f"over the {policy.remarks_max_chars} allowed; declare one buyer per declaration"
        )
    return text if policy.remarks_required else ""


def _pack(
    lists: Sequence[TransactionList], usd: dict[str, Decimal], policy: CustomsPolicy
) -> list[list[ListLine]]:
    """First-fit-decreasing of whole lists, then of the lines of lists too big for one bin."""
    cap = policy.value_cap_usd
    bins: list[list[ListLine]] = []
    totals: list[Decimal] = []

    def fits(content: list[ListLine], total: Decimal, items: Sequence[ListLine]) -> bool:
        value = sum((usd[ln.ref] for ln in items), Decimal(0))
        if total + value > cap:
            return False
        return count_lines([*content, *items], usd, policy) <= policy.max_lines

    def place(items: Sequence[ListLine]) -> None:
        value = sum((usd[ln.ref] for ln in items), Decimal(0))
        for i, content in enumerate(bins):
            if fits(content, totals[i], items):
                content.extend(items)
                totals[i] += value
                return
        bins.append(list(items))
        totals.append(value)

    def list_usd(tl: TransactionList) -> Decimal:
        return sum((usd[ln.ref] for ln in tl.lines), Decimal(0))

    too_big: list[ListLine] = []
    for tl in sorted(lists, key=lambda t: (-list_usd(t), t.list_no)):
        if fits([], Decimal(0), tl.lines):
            place(tl.lines)
        else:
            too_big.extend(tl.lines)
    for ln in sorted(too_big, key=lambda x: (-usd[x.ref], x.list_no, x.line_no)):
        place([ln])
    return bins


def attach_containers(
    decl: Declaration,
    boxes: Iterable[tuple[str, str, int, bool, Iterable[str]]],
) -> Declaration:
    """The declaration with its 集装箱 rows: each box is (container no., size, tare kg, LCL flag,
    refs of the list lines loaded in it). goodsNo lists the 项号 of those lines; lines of other
    declarations in the same box are ignored, and a box with none of ours gets no row."""
    entries: list[ContainerEntry] = []
    for container_no, size, tare_kg, lcl, refs in boxes:
        loaded = set(refs)
        g_nos = tuple(ln.g_no for ln in decl.lines if loaded.intersection(ln.sources))
        if g_nos:
            entries.append(
                ContainerEntry(validate_container_no(container_no), size, tare_kg, lcl, g_nos)
            )
    return replace(decl, containers=tuple(entries))


def check_declarations(
    decls: Sequence[Declaration], lists: Sequence[TransactionList], policy: CustomsPolicy
) -> list[str]:
    """What is wrong with declarations built from `lists` (empty = nothing): cap, line limit,
    numbering, totals, and the one-to-one tracing of list lines (value and quantity conserved)."""
    problems: list[str] = []
    refs: dict[str, ListLine] = {ln.ref: ln for tl in lists for ln in tl.lines}
    seen: dict[str, str] = {}
    for d in decls:
        if d.total_usd > policy.value_cap_usd:
            problems.append(f"{d.ref}: USD {d.total_usd} over the cap {policy.value_cap_usd}")
        if len(d.lines) > policy.max_lines:
            problems.append(f"{d.ref}: {len(d.lines)} lines, over {policy.max_lines}")
        if [ln.g_no for ln in d.lines] != list(range(1, len(d.lines) + 1)):
            problems.append(f"{d.ref}: line numbers are not 1..n")
        for dl in d.lines:
            src = [refs[r] for r in dl.sources if r in refs]
            if len(src) != len(dl.sources):
                problems.append(f"{d.ref} line {dl.g_no}: traces to unknown list lines")
                continue
            if sum((s.value.amount for s in src), Decimal(0)) != dl.decl_total.amount:
                problems.append(f"{d.ref} line {dl.g_no}: value differs from its list lines")
            if sum((s.qty1 for s in src), Decimal(0)) != dl.qty1:
                problems.append(f"{d.ref} line {dl.g_no}: legal quantity differs from its lines")
            for r in dl.sources:
                if r in seen:
                    problems.append(f"list line {r} is on {seen[r]} and {d.ref}")
                seen[r] = f"{d.ref}/{dl.g_no}"
    for r in refs:
        if r not in seen:
            problems.append(f"list line {r} is on no declaration")
    return problems


def _kg(g: int) -> str:
    return str((Decimal(g) / 1000).quantize(Decimal("0.001")))


def _num(d: Decimal | None) -> str:
    return "" if d is None else format(d.normalize(), "f")


def declaration_to_json(decl: Declaration) -> dict[str, object]:
    """The declaration under the single window's field names (market_procurement.md §4):
    `decHead`, `decLists`, `decContainers`, plus `pinxiang` (our reference, USD total and the
    list-line → 项号 trace). Numbers are strings so no Decimal is rounded through a float."""
    op = decl.operator
    s = decl.shipment
    consignee = "; ".join(b.company or b.name for b in decl.buyers)
    head: dict[str, object] = {
        "customMaster": decl.customs_master,
        "iEPort": decl.exit_customs,
        "manualNo": "",
        "contrNo": decl.list_nos[0] if len(decl.list_nos) == 1 else "",
        "iEDate": "",
        "tradeCodeScc": op.uscc,
        "tradeCusCode": op.customs_code,
        "tradeCiqCode": op.ciq_code,
        "tradeName": op.name,
        "ownerCodeScc": op.uscc,
        "ownerName": op.name,
        "agentCodeScc": op.uscc,
        "agentName": op.name,
        "overseasConsignorCode": "",
        "overseasConsignorEname": consignee,
        "trafMode": decl.traf_mode,
        "trafName": s.traf_name,
        "voyageNo": s.voyage_no,
        "billNo": s.bill_no,
        "tradeMode": decl.trade_mode,
        "cutMode": "",
        "licenseNo": "",
        "tradeCountry": s.trade_country,
        "distinatePort": s.destination_port,
        "transMode": decl.trans_mode,
        "packNo": str(decl.packages),
        "wrapType": decl.wrap_type,
        "grossWt": _kg(decl.gross_g),
        "netWt": _kg(decl.net_g),
        "tradeArea": s.trade_country,
        "goodSplace": s.goods_place,
        "entyPort": decl.departure_port,
        "markNo": s.mark_no,
        "noteS": decl.remarks,
    }
    lines = [
        {
            "gNo": str(ln.g_no),
            "codeTs": ln.code_ts,
            "gName": ln.g_name,
            "gModel": ln.g_model,
            "gQty": _num(ln.g_qty),
            "gUnit": ln.g_unit,
            "declPrice": _num(ln.decl_price),
            "declTotal": str(ln.decl_total.rounded().amount),
            "tradeCurr": ln.decl_total.currency,
            "qty1": _num(ln.qty1),
            "unit1": ln.unit1,
            "qty2": _num(ln.qty2),
            "unit2": ln.unit2 or "",
            "originCountry": decl.origin_country,
            "destinationCountry": s.destination_country,
            "district": decl.district,
            "dutyMode": ln.duty_mode,
        }
        for ln in decl.lines
    ]
    containers = [
        {
            "containerNo": c.container_no,
            "containerSize": c.size,
            "containerWeight": str(c.tare_kg),
            "lclFlag": "1" if c.lcl else "0",
            "goodsNo": ",".join(str(n) for n in c.goods_nos),
        }
        for c in decl.containers
    ]
    trace = {ref: ln.g_no for ln in decl.lines for ref in ln.sources}
    return {
        "decHead": head,
        "decLists": lines,
        "decContainers": containers,
        "pinxiang": {
            "ref": decl.ref,
            "shipmentRef": s.shipment_ref,
            "declaredOn": s.declared_on.isoformat(),
            "totalUsd": str(decl.total_usd),
            "lists": list(decl.list_nos),
            "trace": trace,
        },
    }
