"""The simplified merge (归并) of list lines into declaration lines (market_procurement.md §1.5).

Rule, [M] as commonly described for GACC 2019 No. 221, every number from `CustomsPolicy`:

1. List lines of the same *kind* (same 10-digit code, name, declaration elements, trade and legal
   units, 法检 and duty flags) always form one declaration line.
2. With at most `merge_threshold` (5) kinds, each kind is its own line.
3. With more, the top `merge_threshold` kinds by value are declared line by line (descending
   value); dutiable and legally-inspected kinds are never merged either.
4. The remaining kinds are grouped by HS chapter (`merge_digits` = 2) *and legal-unit pair*
   (quantities in different legal units cannot be summed — a design choice, documented in
   docs/customs.md); each group becomes one line under the 10-digit code, name and elements of its
   highest-value kind, with value, quantities, masses and packages summed.

Every list line maps to exactly one declaration line (`DeclarationLine.sources`).
Ties are broken by HS code, name and the rest of the kind, so the result does not depend on
input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pinxiang.customs.lists import ListLine
from pinxiang.customs.policy import CustomsPolicy
from pinxiang.domain.money import Money

PRICE_QUANTUM = Decimal("0.0001")

KindKey = tuple[str, str, str, str, str, str, bool, bool]


@dataclass(frozen=True)
class DeclarationLine:
    """One 表体 line. `sources` are the refs ("list/line") of the list lines it declares."""

    g_no: int
    code_ts: str
    g_name: str
    g_name_en: str
    g_model: str
    g_qty: Decimal
    g_unit: str
    decl_price: Decimal
    decl_total: Money
    qty1: Decimal
    unit1: str
    qty2: Decimal | None
    unit2: str | None
    value_usd: Decimal
    packages: int
    gross_g: int
    net_g: int
    duty_mode: str
    merged: bool
    sources: tuple[str, ...]


@dataclass(frozen=True)
class _Kind:
    key: KindKey
    lines: tuple[ListLine, ...]
    value: Decimal
    value_usd: Decimal

    @property
    def first(self) -> ListLine:
        return self.lines[0]

    def rank(self) -> tuple[Decimal, KindKey]:
        return (-self.value, self.key)


def _line_order(ln: ListLine) -> tuple[str, int]:
    return (ln.list_no, ln.line_no)


def kind_key(ln: ListLine) -> KindKey:
    return (
        ln.hs.code,
        ln.name_zh,
        ln.elements,
        ln.trade_unit,
        ln.unit1,
        ln.unit2 or "",
        ln.inspected,
        ln.dutiable,
    )


def _kinds(lines: Sequence[ListLine], usd: dict[str, Decimal]) -> list[_Kind]:
    groups: dict[KindKey, list[ListLine]] = {}
    for ln in lines:
        groups.setdefault(kind_key(ln), []).append(ln)
    kinds = [
        _Kind(
            key,
            tuple(sorted(g, key=_line_order)),
            sum((x.value.amount for x in g), Decimal(0)),
            sum((usd[x.ref] for x in g), Decimal(0)),
        )
        for key, g in groups.items()
    ]
    return sorted(kinds, key=_Kind.rank)


def _mergeable(k: _Kind, policy: CustomsPolicy) -> bool:
    ln = k.first
    if ln.dutiable and policy.never_merge_dutiable:
        return False
    return not (ln.inspected and policy.never_merge_inspected)


def plan_lines(
    lines: Sequence[ListLine], usd: dict[str, Decimal], policy: CustomsPolicy
) -> list[list[_Kind]]:
    """The grouping of kinds into declaration lines, in declaration order (no numbering yet)."""
    kinds = _kinds(lines, usd)
    if len(kinds) <= policy.merge_threshold:
        return [[k] for k in kinds]
    head = [[k] for k in kinds[: policy.merge_threshold]]
    rest: list[list[_Kind]] = []
    groups: dict[tuple[str, str, str], list[_Kind]] = {}
    for k in kinds[policy.merge_threshold :]:
        if _mergeable(k, policy):
            ln = k.first
            key = (ln.hs.code[: policy.merge_digits], ln.unit1, ln.unit2 or "")
            groups.setdefault(key, []).append(k)
        else:
            rest.append([k])
    rest.extend(groups.values())  # each group keeps rank order: its first is the representative
    rest.sort(key=lambda g: (-sum(k.value for k in g), g[0].first.hs.code, g[0].first.name_zh))
    return head + rest


def count_lines(lines: Sequence[ListLine], usd: dict[str, Decimal], policy: CustomsPolicy) -> int:
    return len(plan_lines(lines, usd, policy))


def merge_lines(
    lines: Sequence[ListLine],
    usd: dict[str, Decimal],
    policy: CustomsPolicy,
) -> tuple[DeclarationLine, ...]:
    """Declaration lines for `lines` (all in one currency); `usd` maps each line ref to its USD
    value at the customs monthly rate."""
    out: list[DeclarationLine] = []
    for g_no, group in enumerate(plan_lines(lines, usd, policy), start=1):
        rep = group[0].first
        members = [ln for k in group for ln in k.lines]
        same_trade_unit = len({ln.trade_unit for ln in members}) == 1
        qty1 = sum((ln.qty1 for ln in members), Decimal(0))
        if same_trade_unit:
            g_qty = sum((ln.trade_qty for ln in members), Decimal(0))
            g_unit = rep.trade_unit
        else:
            g_qty, g_unit = qty1, rep.unit1
        total = sum((ln.value for ln in members), Money.zero(rep.value.currency))
        dutiable = any(ln.dutiable for ln in members)
        out.append(
            DeclarationLine(
                g_no=g_no,
                code_ts=rep.hs.code,
                g_name=rep.name_zh,
                g_name_en=rep.name_en,
                g_model=rep.elements,
                g_qty=g_qty,
                g_unit=g_unit,
                decl_price=(total.amount / g_qty).quantize(PRICE_QUANTUM),
                decl_total=total,
                qty1=qty1,
                unit1=rep.unit1,
                qty2=None
                if rep.unit2 is None
                else sum((ln.qty2 or Decimal(0) for ln in members), Decimal(0)),
                unit2=rep.unit2,
                value_usd=sum((usd[ln.ref] for ln in members), Decimal(0)),
                packages=sum(ln.packages for ln in members),
                gross_g=sum(ln.gross_g for ln in members),
                net_g=sum(ln.net_g for ln in members),
                duty_mode=policy.duty_mode_dutiable if dutiable else policy.duty_mode_free,
                merged=len(group) > 1,
                sources=tuple(ln.ref for ln in sorted(members, key=_line_order)),
            )
        )
    return tuple(out)
