from __future__ import annotations

import dataclasses
from pathlib import Path

import pinxiang.customs as customs
from pinxiang.customs import CustomsPolicy

DOCS = Path(__file__).resolve().parents[3] / "docs" / "customs.md"


def test_public_api_is_what_the_service_layer_was_promised() -> None:
    promised = {
        "FilingRegistry", "Filing", "Role", "TradeOperator", "Consolidator",
        "TransactionList", "ListLine", "build_transaction_lists", "build_declarations",
        "declaration_to_json", "check_declarations", "attach_containers", "Declaration",
        "ShipmentInfo", "CustomsPolicy", "CustomsFxRates", "ExclusionRule", "screen",
        "LotState", "LotEvent", "Lot", "transition", "AuditEntry", "validate_container_no",
        "simulate_selection", "LotRisk",
    }  # fmt: skip
    assert promised <= set(customs.__all__)
    assert all(hasattr(customs, name) for name in customs.__all__)


def test_every_policy_setting_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [f.name for f in dataclasses.fields(CustomsPolicy) if f"`{f.name}`" not in text]
    assert missing == []


def test_the_core_imports_no_framework() -> None:
    package = Path(customs.__file__).parent
    for path in package.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name in ("sqlalchemy", "fastapi", "openpyxl", "fpdf", "datetime.now", "random.seed"):
            assert name not in source, f"{path.name} mentions {name}"
