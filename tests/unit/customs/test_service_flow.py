"""The whole flow as the service layer drives it: orders → lists → declarations → lots → JSON."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

from pinxiang.customs import (
    DEFAULT_POLICY,
    SAMPLE_TARIFF,
    Lot,
    LotEvent,
    LotRisk,
    LotState,
    RiskModel,
    attach_containers,
    build_declarations,
    build_transaction_lists,
    declaration_to_json,
    simulate_selection,
    transition,
)

from .builders import BUYER, FX, OPERATOR, SHIPMENT, T0, registry
from .test_declarations import worked_lists
from .test_lists import PRODUCTS, oline, order

GOLDEN = Path(__file__).parent / "golden" / "worked_example.json"


def test_orders_become_declared_lots_that_are_inspected_loaded_and_sealed() -> None:
    lists = build_transaction_lists(
        [order(oline(1, "M01", "T1"), oline(2, "M02", "S1"), oline(3, "M01", "D1", qty=40))],
        PRODUCTS,
        {"B01": BUYER},
        SAMPLE_TARIFF,
        registry(),
        operator_code="OP1",
    )
    [decl] = build_declarations(lists, DEFAULT_POLICY, FX, SHIPMENT, OPERATOR, registry=registry())

    # one lot per list line here; customs (simulated) selects and holds some
    lots = {ln.ref: Lot(f"LOT-{ln.ref}") for tl in lists for ln in tl.lines}
    at = T0
    for ref, lot in lots.items():
        lots[ref] = transition(
            lot, LotEvent.DECLARE, actor="declarant", at=at, declaration_ref=decl.ref
        )
    model = RiskModel(base=0.0, discrepancy=1.0, hold_given_selected=1.0, max_probability=1.0)
    risks = [LotRisk(lot.lot_no, discrepancy=ref == "PO1-M02/1") for ref, lot in lots.items()]
    selection = simulate_selection(risks, seed=42, model=model)
    assert selection.held == {"LOT-PO1-M02/1"}

    for ref, lot in lots.items():
        t = at + timedelta(hours=1)
        if lot.lot_no in selection.selected:
            lot = transition(lot, LotEvent.SELECT, actor="customs", at=t, reason="risk")
            lot = transition(lot, LotEvent.INSPECT, actor="officer", at=t)
            if lot.lot_no in selection.held:
                lot = transition(lot, LotEvent.HOLD, actor="officer", at=t, reason="mislabelled")
        else:
            lot = transition(lot, LotEvent.RELEASE, actor="customs", at=t)
        if lot.state is LotState.RELEASED:
            lot = transition(lot, LotEvent.LOAD, actor="loader", at=t, container_no="CSQU3054383")
        lots[ref] = lot

    loaded = [ref for ref, lot in lots.items() if lot.state is LotState.LOADED]
    assert sorted(loaded) == ["PO1-M01/1", "PO1-M01/2"]
    decl = attach_containers(decl, [("CSQU3054383", "40HQ", 3860, True, loaded)])
    doc = declaration_to_json(decl)
    assert doc["decContainers"][0]["goodsNo"] == ",".join(  # type: ignore[index]
        str(decl.g_no_of(r)) for r in sorted(loaded, key=decl.g_no_of)
    )


def test_worked_example_json_matches_the_golden_file() -> None:
    """Refresh with PINXIANG_UPDATE_GOLDEN=1 after an intended change, and review the diff."""
    decls = build_declarations(worked_lists(), DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)
    actual = json.dumps(
        [declaration_to_json(d) for d in decls], ensure_ascii=False, indent=1, sort_keys=True
    )
    if os.environ.get("PINXIANG_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual + "\n", encoding="utf-8")
    assert actual + "\n" == GOLDEN.read_text(encoding="utf-8")
