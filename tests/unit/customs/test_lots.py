from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pinxiang.customs import IllegalTransition, Lot, LotEvent, LotState, replay, transition

from .builders import T0


def step(lot: Lot, event: LotEvent, minutes: int, **kw: str) -> Lot:
    return transition(
        lot, event, actor=kw.pop("actor", "clerk-7"), at=T0 + timedelta(minutes=minutes), **kw
    )


def declared() -> Lot:
    return step(Lot("LOT-1"), LotEvent.DECLARE, 0, declaration_ref="SH-2026-0001-D01")


def test_released_lot_is_loaded_sealed_and_departs() -> None:
    lot = step(declared(), LotEvent.RELEASE, 5, actor="customs", reason="no inspection")
    lot = step(lot, LotEvent.LOAD, 10, container_no="CSQU3054383")
    lot = step(lot, LotEvent.SEAL, 20, seal_no="YW2026-0042")
    lot = step(lot, LotEvent.DEPART, 60)

    assert lot.state is LotState.DEPARTED
    assert (lot.container_no, lot.seal_no) == ("CSQU3054383", "YW2026-0042")
    assert [e.to_state for e in lot.history] == [
        LotState.DECLARED,
        LotState.RELEASED,
        LotState.LOADED,
        LotState.SEALED,
        LotState.DEPARTED,
    ]


def test_held_lot_cannot_be_loaded_until_released_after_reinspection() -> None:
    lot = step(declared(), LotEvent.SELECT, 5, actor="customs", reason="risk profile R12")
    lot = step(lot, LotEvent.INSPECT, 30, actor="officer-3")
    lot = step(lot, LotEvent.HOLD, 31, actor="officer-3", reason="labels missing")

    assert lot.state is LotState.HELD
    assert lot.history[-1].event is LotEvent.HOLD  # the service drops the lot from its plan
    with pytest.raises(IllegalTransition, match="LOT-1: cannot load when held; allowed: release"):
        step(lot, LotEvent.LOAD, 40, container_no="CSQU3054383")

    lot = step(lot, LotEvent.RELEASE, 120, actor="officer-3", reason="relabelled, re-inspected")
    lot = step(lot, LotEvent.LOAD, 130, container_no="CSQU3054383")
    assert lot.state is LotState.LOADED


def test_held_lot_may_be_returned_to_the_merchant_and_stays_returned() -> None:
    lot = step(declared(), LotEvent.SELECT, 1)
    lot = step(step(lot, LotEvent.INSPECT, 2), LotEvent.HOLD, 3, reason="counterfeit brand")
    lot = step(lot, LotEvent.RETURN, 4, reason="returned to merchant M03")

    assert lot.state is LotState.RETURNED
    with pytest.raises(IllegalTransition, match=r"allowed: none \(final state\)"):
        step(lot, LotEvent.RELEASE, 5)


def test_each_transition_is_audited_with_who_when_and_why() -> None:
    lot = step(declared(), LotEvent.SELECT, 5, actor="customs", reason="risk profile R12")
    entry = lot.history[-1]

    assert (entry.seq, entry.actor, entry.reason) == (2, "customs", "risk profile R12")
    assert entry.at == T0 + timedelta(minutes=5)
    assert (entry.from_state, entry.to_state) == (LotState.DECLARED, LotState.SELECTED)
    assert lot.history[0].detail == "SH-2026-0001-D01"


def test_loading_before_release_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="cannot load when declared"):
        step(declared(), LotEvent.LOAD, 1, container_no="CSQU3054383")


def test_loading_into_a_container_with_a_bad_check_digit_is_refused() -> None:
    lot = step(declared(), LotEvent.RELEASE, 1)
    with pytest.raises(IllegalTransition, match="ISO 6346"):
        step(lot, LotEvent.LOAD, 2, container_no="CSQU3054384")


def test_hold_needs_a_reason() -> None:
    lot = step(step(declared(), LotEvent.SELECT, 1), LotEvent.INSPECT, 2)
    with pytest.raises(IllegalTransition, match="hold needs a reason"):
        step(lot, LotEvent.HOLD, 3)


def test_naive_time_is_refused() -> None:
    with pytest.raises(IllegalTransition, match="timezone-aware"):
        transition(
            Lot("L"), LotEvent.DECLARE, actor="a", at=datetime(2026, 11, 20), declaration_ref="D"
        )


def test_time_never_runs_backwards_in_the_log() -> None:
    lot = step(declared(), LotEvent.SELECT, 10)
    with pytest.raises(IllegalTransition, match="before the last entry"):
        step(lot, LotEvent.INSPECT, 5)


def test_unloading_before_the_seal_returns_the_lot_to_released() -> None:
    lot = step(step(declared(), LotEvent.RELEASE, 1), LotEvent.LOAD, 2, container_no="CSQU3054383")
    lot = step(lot, LotEvent.UNLOAD, 3, reason="re-planned")
    assert (lot.state, lot.container_no) == (LotState.RELEASED, "")


def test_a_lot_replays_from_its_audit_log() -> None:
    lot = step(declared(), LotEvent.RELEASE, 1)
    lot = step(lot, LotEvent.LOAD, 2, container_no="CSQU3054383")
    lot = step(lot, LotEvent.SEAL, 3, seal_no="S-123")

    assert replay("LOT-1", lot.history) == lot


def test_held_lot_may_be_redeclared_and_is_screened_again() -> None:
    lot = step(step(declared(), LotEvent.SELECT, 1), LotEvent.INSPECT, 2)
    lot = step(lot, LotEvent.HOLD, 3, reason="quantity short by 2 cartons")
    lot = step(
        lot, LotEvent.REDECLARE, 4, declaration_ref="SH-2026-0001-D03", reason="修撤单: quantity"
    )

    assert (lot.state, lot.declaration_ref) == (LotState.DECLARED, "SH-2026-0001-D03")
    assert replay("LOT-1", lot.history) == lot
