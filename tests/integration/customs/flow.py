"""Builders for the customs and settlement service tests: a market day imported, its parties on
file, the month's customs rates, declared — each step a plain function a test calls."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pinxiang.bootstrap import App
from pinxiang.services import declarations as decl_service
from pinxiang.services.demo_flow import register_demo_parties
from pinxiang.services.importing import import_file
from pinxiang.services.planning import PlanOptions
from tests.builders import Rows, order, receipt, small_rows, workbook

RATES = {"USD": Decimal("7.1"), "EUR": Decimal("7.7")}
FAST = PlanOptions(seed=3, time_limit_s=0.2)


def on_file(app: App, tmp_path: Path, now: datetime, rows: Rows | None = None) -> None:
    """Import `rows` (default: the small market day), file every party, record the rates."""
    import_file(workbook(tmp_path / "day.xlsx", rows), app.new_uow, now)
    register_demo_parties(app.new_uow)
    decl_service.set_customs_rates(app.new_uow, now.year, now.month, RATES, "test rates")


def big_rows() -> Rows:
    """One buyer, one order: merchant M2 sells one line worth USD 148,000 and merchant M1 seven
    small kinds (HS chapters 95, 67, 71, 48), so the shipment needs two declarations and the
    smaller one merges its two least valuable chapter-95 kinds."""
    rows = small_rows()
    kinds: list[tuple[str, str, str, str]] = [
        ("9503008900", "塑料积木", "Building blocks", "4.00"),
        ("9503006000", "拼图", "Jigsaw puzzle", "3.50"),
        ("6702100000", "塑料花", "Plastic flowers", "3.00"),
        ("7117190000", "仿首饰", "Imitation jewellery", "2.50"),
        ("4820100000", "笔记本", "Notebook", "2.00"),
        ("9505900000", "节日用品", "Party goods", "1.50"),
        ("9506911900", "健身器械", "Exerciser", "1.00"),
    ]
    orders: list[dict[str, Any]] = [
        order(i, sku=f"K-{i}", hs_code=hs, name_zh=zh, name_en=en, unit_price=Decimal(p))
        for i, (hs, zh, en, p) in enumerate(kinds, start=1)
    ]
    orders.append(
        order(
            8,
            merchant="M2",
            sku="H-8",
            name_zh="螺丝刀套装",
            name_en="Screwdriver set",
            hs_code="8205400000",
            unit="set",
            quantity=7400,
            unit_price=Decimal(20),
            units_per_carton=1850,
        )
    )
    rows["orders"] = orders
    rows["receipts"] = [receipt(i) for i in range(1, 9)]
    return rows
