from __future__ import annotations

from datetime import date

import pytest

from pinxiang.customs import (
    DEFAULT_POLICY,
    DEFAULT_RULES,
    ExcludedGoods,
    ExclusionRule,
    RuleKind,
    Settlement,
    build_declarations,
    screen,
    split_blocked,
)

from .builders import FX, OPERATOR, SHIPMENT, simple_list


def test_blocked_item_stops_its_declaration_naming_the_line_and_the_rule() -> None:
    lists = [
        simple_list("L1", [("9503008900", 1000)]),
        simple_list("L2", [("9505900000", 500), ("6307900010", 800)], merchant="M02"),
    ]
    with pytest.raises(ExcludedGoods) as caught:
        build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    message = str(caught.value)
    assert "L2/2" in message and "6307900010" in message and "covid-2020-05" in message
    assert [(v.line_ref, v.rule_id) for v in caught.value.violations] == [  # type: ignore[attr-defined]
        ("L2/2", "covid-2020-05")
    ]


def test_cash_settled_deal_is_excluded() -> None:
    lists = [simple_list("L1", [("9503008900", 1000)], settlement=Settlement.CASH)]
    with pytest.raises(ExcludedGoods, match="L1 is settled in cash"):
        build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)


def test_prohibited_codes_match_by_prefix() -> None:
    [v] = screen([simple_list("L1", [("9304000000", 100)])], date(2026, 11, 20))
    assert v.rule_id == "arms"


def test_ad_hoc_rule_blocks_only_while_in_force() -> None:
    rule = ExclusionRule(
        "lanterns-2026",
        RuleKind.SUSPENDED,
        "sky lanterns",
        ("950590",),
        "ad-hoc notice (example)",
        effective_from=date(2026, 12, 1),
        effective_to=date(2026, 12, 31),
    )
    lists = [simple_list("L1", [("9505900000", 100)])]

    assert screen(lists, date(2026, 11, 30), [rule]) == []
    assert [v.rule_id for v in screen(lists, date(2026, 12, 1), [rule])] == ["lanterns-2026"]
    assert screen(lists, date(2027, 1, 1), [rule]) == []


def test_the_may_2020_suspension_is_among_the_default_rules() -> None:
    covid = next(r for r in DEFAULT_RULES if r.rule_id == "covid-2020-05")
    assert covid.kind is RuleKind.SUSPENDED
    assert covid.effective_from == date(2020, 5, 1)
    assert covid.matches("9019200000") and covid.matches("9025199010")


def test_rules_refuse_empty_prefixes() -> None:
    with pytest.raises(ValueError, match="digit strings"):
        ExclusionRule("x", RuleKind.PROHIBITED, "x", ("",), "x")


def test_blocked_lines_can_be_set_aside_so_the_rest_is_declared() -> None:
    lists = [
        simple_list("L1", [("9503008900", 1000)]),
        simple_list("L2", [("9505900000", 500), ("6307900010", 800)], merchant="M02"),
        simple_list("L3", [("9505900000", 500)], merchant="M03", settlement=Settlement.CASH),
    ]
    kept, violations = split_blocked(lists, date(2026, 11, 20))

    assert [(v.line_ref, v.rule_id) for v in violations] == [
        ("L2/2", "covid-2020-05"),
        ("L3", "cash-settlement"),
    ]
    assert [[ln.ref for ln in tl.lines] for tl in kept] == [["L1/1"], ["L2/1"]]
    decls = build_declarations(kept, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)
    assert [s for d in decls for ln in d.lines for s in ln.sources] == ["L1/1", "L2/1"]
