from __future__ import annotations

from decimal import Decimal

import pytest

from pinxiang.customs import (
    DEFAULT_POLICY,
    CustomsFxRates,
    CustomsPolicy,
    LineOverCap,
    MissingExchangeRate,
    PartyNotOnFile,
    TransactionList,
    attach_containers,
    build_declarations,
    check_declarations,
    declaration_to_json,
)

from .builders import BUYER, BUYER2, FX, OPERATOR, SHIPMENT, line, registry, simple_list, tlist

# 12 merchants, 30 lines, about USD 262,000: more than one declaration can carry.
WORKED = [
    ("M01", [("9503008900", 21000), ("9503002100", 9000), ("9503006000", 4000)]),
    ("M02", [("6702100000", 15000), ("6702909000", 6500), ("9505900000", 3000)]),
    ("M03", [("7117190000", 12000), ("7117900000", 8000), ("9503008900", 5000)]),
    ("M04", [("4202220000", 18000), ("4202120000", 7000), ("6505009900", 2500)]),
    ("M05", [("8205510000", 9500), ("8708299000", 6000), ("9608100000", 3500)]),
    ("M06", [("9608100000", 11000), ("9609101000", 4500), ("4820100000", 3000)]),
    ("M07", [("9506620000", 8800), ("6115950000", 7700)]),
    ("M08", [("6115960000", 3900), ("6302100000", 6600)]),
    ("M09", [("6505009900", 5500), ("9505900000", 12500)]),
    ("M10", [("7117190000", 10500), ("6702909000", 4400)]),
    ("M11", [("4202220000", 13500), ("9503002100", 6100)]),
    ("M12", [("4820100000", 4200), ("9609101000", 3700)]),
]


def worked_lists() -> list[TransactionList]:
    return [simple_list(f"L{m}", goods, merchant=m) for m, goods in WORKED]


def test_worked_example_of_30_lines_from_12_merchants_needs_two_merged_declarations() -> None:
    lists = worked_lists()
    assert sum(len(tl.lines) for tl in lists) == 30
    assert sum(tl.total.amount for tl in lists) > 150_000

    decls = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR, registry=registry())

    assert [d.ref for d in decls] == ["SH-2026-0001-D01", "SH-2026-0001-D02"]
    assert check_declarations(decls, lists, DEFAULT_POLICY) == []
    assert all(d.total_usd <= Decimal(150_000) for d in decls)
    assert sum(d.total_usd for d in decls) == sum(tl.total.amount for tl in lists)
    for d in decls:
        assert len({ln.code_ts for ln in d.lines}) < sum(len(ln.sources) for ln in d.lines)
        assert any(ln.merged for ln in d.lines), f"{d.ref} should merge by chapter"
        # the top five lines are in descending value, each from a single kind of goods
        top = d.lines[:5]
        assert [ln.decl_total for ln in top] == sorted((ln.decl_total for ln in top), reverse=True)
        assert not any(ln.merged for ln in top)
    # whole lists are never split here: each list sits on exactly one declaration
    assert sorted(n for d in decls for n in d.list_nos) == sorted(tl.list_no for tl in lists)


def test_merged_line_takes_the_code_of_the_highest_value_item_of_its_chapter() -> None:
    goods = [
        ("4202220000", 9000),  # five kinds in other chapters, ranked first
        ("6702100000", 8000),
        ("7117190000", 7000),
        ("8205510000", 6000),
        ("6302100000", 5000),
        ("9503006000", 300),  # chapter 95, legal unit kg: merged
        ("9503008900", 900),
        ("9505900000", 500),
    ]
    [decl] = build_declarations([simple_list("L1", goods)], DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert len(decl.lines) == 6
    merged = decl.lines[5]
    assert merged.merged
    assert merged.code_ts == "9503008900"
    assert merged.g_name == "其他玩具"
    assert merged.decl_total.amount == Decimal(1700)
    assert merged.sources == ("L1/6", "L1/7", "L1/8")
    assert merged.qty1 == Decimal(30)  # three lines of 10 kg net


def test_five_kinds_or_fewer_are_declared_line_by_line() -> None:
    goods = [("9503008900", 100), ("9503006000", 200), ("9505900000", 300), ("9503002100", 50)]
    [decl] = build_declarations([simple_list("L1", goods)], DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert [ln.code_ts for ln in decl.lines] == [
        "9505900000",
        "9503006000",
        "9503008900",
        "9503002100",
    ]
    assert not any(ln.merged for ln in decl.lines)


def test_same_code_in_two_lists_is_one_kind_of_goods() -> None:
    a = simple_list("LA", [("9503008900", 100)], merchant="M01")
    b = simple_list("LB", [("9503008900", 250)], merchant="M02")
    [decl] = build_declarations([a, b], DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert len(decl.lines) == 1
    assert decl.lines[0].sources == ("LA/1", "LB/1")
    assert decl.lines[0].decl_total.amount == Decimal(350)


def test_inspected_and_dutiable_goods_are_never_merged() -> None:
    lines = [
        line("L1", i, hs, 9000 - i * 1000)
        for i, hs in enumerate(
            ["4202220000", "6702100000", "7117190000", "8205510000", "6302100000"], start=1
        )
    ]
    lines += [
        line("L1", 6, "9503008900", 500),
        line("L1", 7, "9503006000", 400, inspected=True),
        line("L1", 8, "9505900000", 300, dutiable=True),
        line("L1", 9, "9503002100", 200, name="玩具娃娃"),
    ]
    [decl] = build_declarations([tlist("L1", lines)], DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    by_source = {s: ln for ln in decl.lines for s in ln.sources}
    assert by_source["L1/7"].sources == ("L1/7",)
    assert by_source["L1/8"].sources == ("L1/8",)
    assert by_source["L1/8"].duty_mode == DEFAULT_POLICY.duty_mode_dutiable
    # 9503008900 (kg) and 9503002100 (个/kg) differ in legal units: not summed together
    assert by_source["L1/6"].sources == ("L1/6",)
    assert by_source["L1/9"].sources == ("L1/9",)


def test_declaration_of_exactly_the_cap_is_allowed() -> None:
    lists = [simple_list("L1", [("9503008900", "100000.00"), ("6702100000", "50000.00")])]
    [decl] = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert decl.total_usd == Decimal("150000.00")


def test_declaration_over_cap_is_split_into_two() -> None:
    lists = [
        simple_list("L1", [("9503008900", "100000.00")], merchant="M01"),
        simple_list("L2", [("6702100000", "50000.01")], merchant="M02"),
    ]
    decls = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert [d.list_nos for d in decls] == [("L1",), ("L2",)]


def test_list_too_big_for_one_declaration_is_split_by_line_never_within_a_line() -> None:
    lists = [
        simple_list("L1", [("9503008900", 90000), ("6702100000", 80000), ("9505900000", 70000)])
    ]
    decls = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert [[s for ln in d.lines for s in ln.sources] for d in decls] == [
        ["L1/1"],
        ["L1/2", "L1/3"],
    ] or check_declarations(decls, lists, DEFAULT_POLICY) == []
    assert len(decls) == 2
    assert check_declarations(decls, lists, DEFAULT_POLICY) == []


def test_cap_is_checked_in_usd_at_the_customs_monthly_rate() -> None:
    # EUR 140,000 at 7.70/7.10 is USD 151,830.99: over the cap, although the number is below it.
    lists = [
        simple_list("L1", [("9503008900", 70000)], currency="EUR"),
        simple_list("L2", [("6702100000", 70000)], currency="EUR", merchant="M02"),
    ]
    decls = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert len(decls) == 2
    assert decls[0].currency == "EUR"
    assert decls[0].total_usd == Decimal("75915.49")


def test_one_line_worth_more_than_the_cap_is_refused_with_a_clear_message() -> None:
    lists = [simple_list("L1", [("9503008900", 1000), ("6702100000", "150000.01")])]
    with pytest.raises(LineOverCap, match=r"L1/2 .*150,000\.01.*cap"):
        build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)


def test_line_limit_splits_declarations() -> None:
    policy = CustomsPolicy(max_lines=3, merge_threshold=2)
    goods = list(GOODS_12)
    lists = [simple_list(f"L{i}", [g], merchant="M01") for i, g in enumerate(goods)]
    decls = build_declarations(lists, policy, FX, SHIPMENT, OPERATOR)

    assert all(len(d.lines) <= 3 for d in decls)
    assert check_declarations(decls, lists, policy) == []


GOODS_12 = [
    ("4202220000", 900),
    ("6702100000", 800),
    ("7117190000", 700),
    ("8205510000", 600),
    ("6302100000", 500),
    ("9608100000", 450),
    ("6115950000", 400),
    ("8708299000", 350),
    ("4820100000", 300),
    ("9506620000", 250),
    ("6505009900", 200),
    ("9505900000", 150),
]


def test_each_buyer_gets_its_own_declaration_with_its_identity_in_the_remarks() -> None:
    lists = [
        simple_list("L1", [("9503008900", 1000)], buyer=BUYER),
        simple_list("L2", [("6702100000", 1000)], buyer=BUYER2, merchant="M02"),
    ]
    decls = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert [d.remarks for d in decls] == ["Omar Haddad/AE/P1234567", "Ana Ruiz/ES/X7654321"]


def test_declarations_do_not_depend_on_the_order_of_the_lists() -> None:
    lists = worked_lists()
    forward = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)
    backward = build_declarations(lists[::-1], DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)

    assert forward == backward


def test_missing_exchange_rate_is_named() -> None:
    lists = [simple_list("L1", [("9503008900", 1000)], currency="GBP")]
    with pytest.raises(MissingExchangeRate, match="no customs monthly rate for GBP"):
        build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)


def test_rates_of_another_month_are_refused() -> None:
    october = CustomsFxRates("2026-10", {"USD": Decimal("7.1")})
    with pytest.raises(MissingExchangeRate, match="2026-11"):
        build_declarations(
            [simple_list("L1", [("9503008900", 1)])], DEFAULT_POLICY, october, SHIPMENT, OPERATOR
        )


def test_list_of_a_merchant_not_on_file_is_refused() -> None:
    lists = [simple_list("L1", [("9503008900", 1000)], merchant="M99")]
    with pytest.raises(PartyNotOnFile, match="merchant 'M99' is not on file"):
        build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR, registry=registry())


def test_declaration_json_uses_single_window_field_names() -> None:
    decls = build_declarations(worked_lists(), DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)
    d = attach_containers(
        decls[0], [("CSQU3054383", "40HQ", 3860, True, [decls[0].lines[0].sources[0]])]
    )
    doc = declaration_to_json(d)

    head = doc["decHead"]
    assert isinstance(head, dict)
    assert head["tradeMode"] == "1039"
    assert head["tradeName"] == OPERATOR.name
    assert head["tradeCodeScc"] == OPERATOR.uscc
    assert head["noteS"] == "Omar Haddad/AE/P1234567"
    assert head["customMaster"] == DEFAULT_POLICY.declaring_customs
    assert head["iEPort"] == DEFAULT_POLICY.exit_customs
    assert head["entyPort"] == DEFAULT_POLICY.departure_port
    for key in (
        "overseasConsignorEname",
        "trafMode",
        "tradeCountry",
        "distinatePort",
        "transMode",
        "packNo",
        "wrapType",
        "grossWt",
        "netWt",
    ):
        assert head[key], key
    lines = doc["decLists"]
    assert isinstance(lines, list)
    assert set(lines[0]) >= {
        "gNo",
        "codeTs",
        "gName",
        "gModel",
        "gQty",
        "gUnit",
        "declPrice",
        "declTotal",
        "tradeCurr",
        "qty1",
        "unit1",
        "qty2",
        "unit2",
        "originCountry",
        "destinationCountry",
        "district",
        "dutyMode",
    }
    assert doc["decContainers"] == [
        {
            "containerNo": "CSQU3054383",
            "containerSize": "40HQ",
            "containerWeight": "3860",
            "lclFlag": "1",
            "goodsNo": "1",
        }
    ]
    trace = doc["pinxiang"]["trace"]  # type: ignore[index]
    assert len(trace) == sum(len(ln.sources) for ln in d.lines)


def test_container_rows_list_only_this_declarations_lines() -> None:
    d1, d2 = build_declarations(worked_lists(), DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)
    refs = [d1.lines[2].sources[0], d2.lines[0].sources[0], d1.lines[0].sources[-1]]
    boxes = [("CSQU3054383", "40HQ", 3860, True, refs), ("MSKU9070323", "20GP", 2230, True, [])]

    assert attach_containers(d1, boxes).containers[0].goods_nos == (1, 3)
    assert len(attach_containers(d1, boxes).containers) == 1
    assert attach_containers(d2, boxes).containers[0].goods_nos == (1,)
