"""Goods excluded from market procurement (market_procurement.md §1.4).

Excluded: goods banned or restricted from export, goods not bought in the recognised cluster,
goods the recognition system has not confirmed, cash-settled goods, and whatever the regulator
rules out by ad-hoc notice (e.g. the May 2020 suspension of COVID goods). The HS lists are
configuration: the defaults are illustrative samples, not the official catalogue.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from pinxiang.customs.errors import ExcludedGoods
from pinxiang.customs.lists import Settlement, TransactionList


class RuleKind(enum.StrEnum):
    PROHIBITED = "prohibited"  # 国家禁止出口
    RESTRICTED = "restricted"  # 国家限制出口
    SUSPENDED = "suspended"  # ad-hoc: allowed under general trade, not under 1039


@dataclass(frozen=True)
class ExclusionRule:
    """Lines whose HS code starts with one of `hs_prefixes` are blocked between `effective_from`
    and `effective_to` (inclusive; None = until revoked)."""

    rule_id: str
    kind: RuleKind
    description: str
    hs_prefixes: tuple[str, ...]
    source: str
    effective_from: date = date(2000, 1, 1)
    effective_to: date | None = None

    def __post_init__(self) -> None:
        if not self.hs_prefixes or not all(p.isdigit() and p for p in self.hs_prefixes):
            raise ValueError(f"rule {self.rule_id}: HS prefixes must be non-empty digit strings")

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def matches(self, hs_code: str) -> bool:
        return any(hs_code.startswith(p) for p in self.hs_prefixes)


@dataclass(frozen=True)
class Violation:
    list_no: str
    line_ref: str  # "list/line", or the list number when the whole list is excluded
    rule_id: str
    message: str


CASH_RULE_ID = "cash-settlement"

# Illustrative sample; the real list is the national export prohibition/licensing catalogue.
DEFAULT_RULES: tuple[ExclusionRule, ...] = (
    ExclusionRule(
        "arms",
        RuleKind.PROHIBITED,
        "arms and ammunition (chapter 93)",
        ("93",),
        "§1.4 [S] No. 54 item 1 (goods banned or restricted from export); prefix list [M] sample",
    ),
    ExclusionRule(
        "explosives",
        RuleKind.RESTRICTED,
        "explosives, detonators and pyrotechnics (3601-3604)",
        ("3601", "3602", "3603", "3604"),
        "§1.4 [S] No. 54 item 1; prefix list [M] sample",
    ),
    ExclusionRule(
        "ivory",
        RuleKind.PROHIBITED,
        "ivory and animal horn (0507)",
        ("0507",),
        "§1.4 [S] No. 54 item 1; prefix list [M] sample",
    ),
    ExclusionRule(
        "covid-2020-05",
        RuleKind.SUSPENDED,
        "COVID-19 goods suspended from 1039: test kits, medical masks, protective clothing, "
        "ventilators, infrared thermometers",
        ("3822", "6307900010", "6210103010", "9019200000", "9025199010"),
        "§1.4 [S] yicaiglobal.com (May 2020); HS prefixes and dates [M]",
        effective_from=date(2020, 5, 1),
    ),
)


def screen(
    lists: Iterable[TransactionList],
    on: date,
    rules: Iterable[ExclusionRule] = DEFAULT_RULES,
) -> list[Violation]:
    """Every line or list that an exclusion rule in force on `on` blocks, in list order."""
    active = [r for r in rules if r.in_force(on)]
    out: list[Violation] = []
    for tl in lists:
        if tl.settlement is Settlement.CASH:
            out.append(
                Violation(
                    tl.list_no,
                    tl.list_no,
                    CASH_RULE_ID,
                    f"list {tl.list_no} is settled in cash; cash-settled goods are excluded from "
                    "market procurement (§1.4, No. 54 item 4)",
                )
            )
        for ln in tl.lines:
            for rule in active:
                if rule.matches(ln.hs.code):
                    out.append(
                        Violation(
                            tl.list_no,
                            ln.ref,
                            rule.rule_id,
                            f"line {ln.ref} ({ln.hs.code} {ln.name_zh}) is blocked by rule "
                            f"{rule.rule_id!r}: {rule.kind.value} — {rule.description} "
                            f"[{rule.source}]",
                        )
                    )
    return out


def require_clear(
    lists: Iterable[TransactionList],
    on: date,
    rules: Iterable[ExclusionRule] = DEFAULT_RULES,
) -> None:
    """Raise ExcludedGoods naming every blocked line and its rule, or return quietly."""
    found = screen(lists, on, rules)
    if found:
        raise ExcludedGoods(
            f"{len(found)} blocked: " + "; ".join(v.message for v in found), tuple(found)
        )


def split_blocked(
    lists: Iterable[TransactionList],
    on: date,
    rules: Iterable[ExclusionRule] = DEFAULT_RULES,
) -> tuple[list[TransactionList], list[Violation]]:
    """The lists without their blocked lines (lists left empty, and cash-settled lists, dropped),
    and the violations, so a service can declare the rest and report the blocked lines.
    Remaining lines keep their numbers, so refs stay traceable."""
    rules = tuple(rules)
    kept: list[TransactionList] = []
    found: list[Violation] = []
    for tl in lists:
        hits = screen([tl], on, rules)
        found.extend(hits)
        if any(v.rule_id == CASH_RULE_ID for v in hits):
            continue
        blocked = {v.line_ref for v in hits}
        lines = tuple(ln for ln in tl.lines if ln.ref not in blocked)
        if lines:
            kept.append(tl if len(lines) == len(tl.lines) else replace(tl, lines=lines))
    return kept, found
