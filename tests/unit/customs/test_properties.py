"""Invariants over random shipments and random event sequences."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pinxiang.customs import (
    TRANSITIONS,
    CustomsPolicy,
    IllegalTransition,
    Lot,
    LotEvent,
    LotState,
    TransactionList,
    build_declarations,
    check_declarations,
    transition,
)

from .builders import BUYER, BUYER2, FX, GOODS, OPERATOR, SHIPMENT, T0, line, tlist

CODES = sorted(c for c in GOODS if c != "6307900010")  # without the suspended masks

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def shipments(draw: st.DrawFn) -> list[TransactionList]:
    n_lists = draw(st.integers(1, 12))
    out = []
    for i in range(n_lists):
        currency = draw(st.sampled_from(["USD", "USD", "EUR"]))
        n_lines = draw(st.integers(1, 8))
        lines = [
            line(
                f"L{i:02d}",
                j,
                draw(st.sampled_from(CODES)),
                Decimal(draw(st.integers(1, 9_000_000))) / 100,  # up to 90,000.00
                currency=currency,
                merchant=f"M{i % 12 + 1:02d}",
                qty=draw(st.integers(1, 5000)),
                net_g=draw(st.integers(1, 2_000_000)),
                inspected=draw(st.integers(0, 3)) == 0,
                dutiable=draw(st.integers(0, 9)) == 0,
            )
            for j in range(1, n_lines + 1)
        ]
        buyer = draw(st.sampled_from([BUYER, BUYER2]))
        out.append(
            tlist(f"L{i:02d}", lines, merchant=f"M{i % 12 + 1:02d}", buyer=buyer, currency=currency)
        )
    return out


policies = st.builds(
    lambda lines, thr, cap: CustomsPolicy(
        max_lines=lines, merge_threshold=min(thr, lines - 1), value_cap_usd=Decimal(cap)
    ),
    st.integers(1, 50),
    st.integers(0, 6),
    st.sampled_from([100_000, 150_000]),
)


@FAST
@given(lists=shipments(), policy=policies)
def test_declarations_respect_cap_and_line_limit_and_conserve_every_list_line(
    lists: list[TransactionList], policy: CustomsPolicy
) -> None:
    decls = build_declarations(lists, policy, FX, SHIPMENT, OPERATOR)

    assert check_declarations(decls, lists, policy) == []
    for d in decls:
        assert d.total_usd <= policy.value_cap_usd
        assert len(d.lines) <= policy.max_lines
        assert d.total.amount == sum(ln.decl_total.amount for ln in d.lines)
        assert d.packages == sum(ln.packages for ln in d.lines)
        assert len({b.code for b in d.buyers}) == 1
    traced = [r for d in decls for ln in d.lines for r in ln.sources]
    every = [ln.ref for tl in lists for ln in tl.lines]
    assert sorted(traced) == sorted(every)  # each list line on exactly one declaration line
    by_currency: dict[str, Decimal] = {}
    for d in decls:
        by_currency[d.currency] = by_currency.get(d.currency, Decimal(0)) + d.total.amount
    for cur, total in by_currency.items():
        assert total == sum(tl.total.amount for tl in lists if tl.currency == cur)
    assert sum(d.net_g for d in decls) == sum(ln.net_g for tl in lists for ln in tl.lines)


@FAST
@given(lists=shipments())
def test_merged_lines_sum_legal_quantities_only_within_one_unit(
    lists: list[TransactionList],
) -> None:
    decls = build_declarations(lists, CustomsPolicy(), FX, SHIPMENT, OPERATOR)
    refs = {ln.ref: ln for tl in lists for ln in tl.lines}
    for d in decls:
        for dl in d.lines:
            src = [refs[r] for r in dl.sources]
            assert {s.unit1 for s in src} == {dl.unit1}
            assert {s.hs.code[:2] for s in src} == {dl.code_ts[:2]}
            if dl.merged:
                assert not any(s.inspected or s.dutiable for s in src)
            if len({s.trade_unit for s in src}) == 1:
                assert dl.g_qty == sum(s.trade_qty for s in src)
                assert dl.g_unit == src[0].trade_unit
            if dl.unit2 is not None:
                assert dl.qty2 == sum(s.qty2 or 0 for s in src)


@FAST
@given(lists=shipments(), seed=st.randoms(use_true_random=False))
def test_declarations_do_not_depend_on_list_order(lists: list[TransactionList], seed) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(lists)
    seed.shuffle(shuffled)
    policy = CustomsPolicy()
    assert build_declarations(lists, policy, FX, SHIPMENT, OPERATOR) == build_declarations(
        shuffled, policy, FX, SHIPMENT, OPERATOR
    )


REACHABLE_AFTER = {s for s in TRANSITIONS.values()} | {LotState.RECEIVED}

events = st.tuples(
    st.sampled_from(list(LotEvent)),
    st.sampled_from(["CSQU3054383", "CSQU3054384", "", "MSKU9070323"]),
    st.sampled_from(["SEAL-1", "", "x"]),
    st.sampled_from(["", "labels missing"]),
    st.integers(-5, 60),
)


@settings(max_examples=150, deadline=None)
@given(seq=st.lists(events, max_size=40))
def test_random_event_sequences_never_reach_an_illegal_state(
    seq: list[tuple[LotEvent, str, str, str, int]],
) -> None:
    lot = Lot("LOT-P")
    now = T0
    for event, box, seal, reason, minutes in seq:
        at = now + timedelta(minutes=minutes)
        try:
            new = transition(
                lot,
                event,
                actor="u",
                at=at,
                reason=reason,
                declaration_ref="D01",
                container_no=box,
                seal_no=seal,
            )
        except IllegalTransition:
            continue
        assert TRANSITIONS[(lot.state, event)] == new.state
        lot, now = new, at

    assert lot.state in REACHABLE_AFTER
    states = [LotState.RECEIVED, *(e.to_state for e in lot.history)]
    for i, e in enumerate(lot.history):
        assert e.seq == i + 1 and e.from_state == states[i]
        if e.to_state is LotState.LOADED:
            assert e.from_state is LotState.RELEASED  # only released lots are loaded
    if lot.state in (LotState.LOADED, LotState.SEALED, LotState.DEPARTED):
        assert lot.container_no
    if lot.state in (LotState.SEALED, LotState.DEPARTED):
        assert lot.seal_no
    if lot.state is LotState.RELEASED:
        assert not lot.container_no
    times = [e.at for e in lot.history]
    assert times == sorted(times)
