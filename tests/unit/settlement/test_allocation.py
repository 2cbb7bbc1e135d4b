from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pinxiang.domain import Money
from pinxiang.settlement import (
    CollectionMode,
    Receivable,
    allocate,
    allocation_entry,
    collectable_by_declaration,
    collected_by_line,
    largest_remainder,
)

from .builders import bank_rate, eur, line, receipt, usd

D1, D2 = "290820261000000101", "290820261000000102"


def two_shipments() -> list[Receivable]:
    return [
        line("L1", "6000.00", "M-TOYS", D1, shipment_ref="SH-7"),
        line("L2", "4000.00", "M-BAGS", D1, shipment_ref="SH-7"),
        line("L3", "5000.00", "M-SOCKS", D2, shipment_ref="SH-8"),
        line("L4", "1000.00", "M-TOYS", D2, shipment_ref="SH-8"),
    ]


def test_a_payment_split_across_two_shipments_then_the_balance_settles_every_line() -> None:
    lines = two_shipments()
    first = allocate(receipt("12000.00", "R1", "SHIPMENTS SH-7 AND SH-8"), lines)
    assert {s.list_line_ref: s.amount for s in first.shares} == {
        "L1": usd("4500.00"), "L2": usd("3000.00"), "L3": usd("3750.00"), "L4": usd("750.00"),
    }  # fmt: skip
    assert first.by_merchant() == {
        "M-BAGS": usd("3000.00"), "M-SOCKS": usd("3750.00"), "M-TOYS": usd("5250.00"),
    }  # fmt: skip
    assert collectable_by_declaration(lines, [first]) == {D1: usd("2500.00"), D2: usd("1500.00")}
    second = allocate(receipt("4000.00", "R2"), lines, collected=collected_by_line([first]))
    assert collectable_by_declaration(lines, [first, second]) == {D1: usd(0), D2: usd(0)}
    assert collected_by_line([first, second]) == {r.list_line_ref: r.value for r in lines}
    assert first.flags == second.flags == ()


def test_a_payment_in_eur_against_a_usd_declaration_is_converted_at_the_bank_rate() -> None:
    lines = [
        line("L1", "7000.00", "M-TOYS", buyer_code="B-MUL"),
        line("L2", "3000.00", "M-BAGS", buyer_code="B-MUL"),
    ]
    got = allocate(receipt(eur("9250.00"), "R-EUR"), lines, rate=bank_rate("EUR", "USD", "1.08"))
    assert got.received == eur("9250.00")
    assert got.conversion is not None
    assert (got.conversion.to_money, got.conversion.rate, got.conversion.source) == (
        usd("9990.00"),
        Decimal("1.08"),
        "bank rate ZJ Bank",
    )
    assert got.by_merchant() == {"M-BAGS": usd("2997.00"), "M-TOYS": usd("6993.00")}
    assert collectable_by_declaration(lines, [got]) == {D1: usd("10.00")}


def test_a_receipt_in_another_currency_without_a_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="give the bank's EUR->USD rate"):
        allocate(receipt(eur(100)), [line("L1", "100.00")])


def test_collection_above_the_declared_value_is_kept_apart_and_flagged() -> None:
    got = allocate(receipt("10100.00"), [line("L1", "6000.00"), line("L2", "4000.00", "M-BAGS")])
    assert got.by_merchant() == {"M-BAGS": usd("4000.00"), "M-TOYS": usd("6000.00")}
    assert got.over_collected == usd("100.00")
    assert got.flags[0].startswith("over-collection: 100.00 USD above the declared value")


def test_a_merchant_collecting_in_its_own_name_is_paid_only_for_its_own_lines() -> None:
    lines = [line("L1", "600.00", "M-TOYS"), line("L2", "400.00", "M-BAGS")]
    got = allocate(receipt("600.00"), lines, mode=CollectionMode.PRINCIPAL, collector="M-TOYS")
    assert got.by_merchant() == {"M-TOYS": usd("600.00")}


def test_a_cent_that_cannot_be_split_evenly_goes_to_the_larger_remainder_then_by_ref() -> None:
    lines = [line("B", "1.00", "M-2"), line("A", "1.00", "M-1"), line("C", "1.00", "M-3")]
    got = allocate(receipt("1.00"), lines)
    assert [(s.list_line_ref, s.amount) for s in got.shares] == [
        ("A", usd("0.34")), ("B", usd("0.33")), ("C", usd("0.33")),
    ]  # fmt: skip


cents = st.integers(min_value=1, max_value=5_000_000)


@st.composite
def situations(draw: st.DrawFn) -> tuple[list[Receivable], dict[str, Money], Money]:
    n = draw(st.integers(1, 6))
    lines = [
        line(
            f"L{i}",
            usd(Decimal(draw(cents)) / 100),
            draw(st.sampled_from(["M1", "M2", "M3"])),
            draw(st.sampled_from([D1, D2])),
        )
        for i in range(n)
    ]
    collected = {
        r.list_line_ref: usd(Decimal(draw(st.integers(0, int(r.value.amount * 100)))) / 100)
        for r in lines
    }
    amount = usd(Decimal(draw(st.integers(1, 20_000_000))) / 100)
    return lines, collected, amount


@settings(max_examples=60)
@given(situations())
def test_the_allocations_of_a_receipt_sum_exactly_to_it(
    s: tuple[list[Receivable], dict[str, Money], Money],
) -> None:
    lines, collected, amount = s
    got = allocate(receipt(amount), lines, collected=collected)
    assert sum((x.amount for x in got.shares), got.over_collected) == amount
    assert allocation_entry(got, "J").totals() == {"USD": Decimal(0)}  # its journal entry balances


@settings(max_examples=60)
@given(situations())
def test_no_merchant_is_paid_more_than_its_lines_are_worth_unless_over_collection_is_flagged(
    s: tuple[list[Receivable], dict[str, Money], Money],
) -> None:
    lines, collected, amount = s
    got = allocate(receipt(amount), lines, collected=collected)
    after = collected_by_line([got])
    for r in lines:
        assert collected[r.list_line_ref] + after.get(r.list_line_ref, usd(0)) <= r.value
    open_total = sum((r.value - collected[r.list_line_ref] for r in lines), usd(0))
    assert (got.over_collected.amount > 0) == (amount > open_total) == bool(got.flags)


@settings(max_examples=30)
@given(situations(), st.randoms(use_true_random=False))
def test_the_split_does_not_depend_on_the_order_lines_are_given_in(
    s: tuple[list[Receivable], dict[str, Money], Money], rnd: random.Random
) -> None:
    lines, collected, amount = s
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    one = allocate(receipt(amount), lines, collected=collected)
    assert allocate(receipt(amount), shuffled, collected=collected) == one


@settings(max_examples=60)
@given(cents, st.lists(st.integers(0, 10**7), min_size=1, max_size=8).filter(any))
def test_largest_remainder_shares_sum_exactly_and_stay_within_a_cent_of_proportion(
    total_cents: int, weights: list[int]
) -> None:
    total = usd(Decimal(total_cents) / 100)
    got = largest_remainder(total, [(f"k{i}", Decimal(w)) for i, w in enumerate(weights)])
    assert sum(got, usd(0)) == total
    for share, w in zip(got, weights, strict=True):
        exact = total.amount * w / sum(weights)
        assert abs(share.amount - exact) < Decimal("0.01")
