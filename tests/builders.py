"""Builders with defaults, so that a test states only what matters to it."""

from __future__ import annotations

import copy
import csv
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from pinxiang.importing.schema import SHEETS
from pinxiang.importing.writer import write_workbook

CST = timezone(timedelta(hours=8))
Rows = dict[str, list[dict[str, Any]]]


def order(line: int, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "shipment": "SH-T1",
        "buyer": "B1",
        "order_no": "PO-1",
        "line": line,
        "merchant": "M1",
        "sku": f"SKU-{line}",
        "name_zh": "毛绒玩具",
        "name_en": "Plush toy",
        "hs_code": "9503008900",
        "elements": "1.品牌类型:无品牌",
        "unit": "pcs",
        "quantity": 240,
        "unit_price": Decimal("1.25"),
        "currency": "USD",
        "cartons": 4,
        "units_per_carton": 60,
        "length_cm": Decimal(60),
        "width_cm": Decimal(40),
        "height_cm": Decimal(50),
        "gross_kg": Decimal("6.5"),
        "net_kg": Decimal("5.8"),
        "this_side_up": False,
        "fragile": False,
        "stackable": True,
        "max_load_kg": None,
    }
    base.update(kw)
    return base


def receipt(line: int, **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "lot_no": f"LOT-{line}",
        "order_no": "PO-1",
        "line": line,
        "cartons": 4,
        "length_cm": Decimal(60),
        "width_cm": Decimal(40),
        "height_cm": Decimal(50),
        "gross_kg": Decimal("6.5"),
        "received_at": datetime(2026, 12, 1, 9, 30, tzinfo=CST),
        "location": "A-01-1",
    }
    base.update(kw)
    return base


def small_rows() -> Rows:
    return copy.deepcopy(
        {
            "merchants": [
                {
                    "code": "M1",
                    "name_zh": "义乌市乐多玩具商行",
                    "name_en": "Leduo Toys",
                    "market": "Yiwu International Trade City",
                    "district": "District 1",
                    "stall": "1-F2-12034",
                    "licence_id": "92330782MA2XXXXX1X",
                    "individual": True,
                },
                {
                    "code": "M2",
                    "name_zh": "义乌市恒达五金店",
                    "name_en": "Hengda Hardware",
                    "market": "Yiwu International Trade City",
                    "district": "District 2",
                    "stall": "2-F1-3021",
                    "licence_id": "92330782MA2YYYYY2Y",
                    "individual": True,
                },
            ],
            "buyers": [
                {
                    "code": "B1",
                    "name": "Ahmed Al Mansoori",
                    "nationality": "AE",
                    "id_document": "P1234567",
                    "company": "Gulf Bazaar LLC",
                    "country": "AE",
                }
            ],
            "shipments": [
                {
                    "ref": "SH-T1",
                    "buyers": "B1",
                    "destination_country": "AE",
                    "destination": "Jebel Ali",
                    "route": "sea_ningbo",
                    "cutoff": datetime(2026, 12, 5, 18, 0, tzinfo=CST),
                }
            ],
            "orders": [
                order(1),
                order(
                    2,
                    sku="SKU-2",
                    name_zh="玩具车",
                    name_en="Toy car",
                    cartons=6,
                    length_cm=Decimal(45),
                    width_cm=Decimal(30),
                    height_cm=Decimal(35),
                    gross_kg=Decimal(9),
                    net_kg=Decimal(8),
                    this_side_up=True,
                ),
                order(
                    3,
                    merchant="M2",
                    sku="H-3",
                    name_zh="螺丝刀套装",
                    name_en="Screwdriver set",
                    hs_code="8205400000",
                    unit="set",
                    cartons=3,
                    length_cm=Decimal(40),
                    width_cm=Decimal(30),
                    height_cm=Decimal(25),
                    gross_kg=Decimal(18),
                    net_kg=Decimal(17),
                ),
            ],
            "receipts": [
                receipt(1),
                receipt(
                    2,
                    cartons=6,
                    length_cm=Decimal(45),
                    width_cm=Decimal(30),
                    height_cm=Decimal(35),
                    gross_kg=Decimal(9),
                ),
                receipt(
                    3,
                    cartons=3,
                    length_cm=Decimal(40),
                    width_cm=Decimal(30),
                    height_cm=Decimal(25),
                    gross_kg=Decimal(18),
                ),
            ],
        }
    )


def workbook(path: Path, rows: Rows | None = None) -> Path:
    return write_workbook(path, small_rows() if rows is None else rows)


def csv_table(path: Path, sheet_key: str, rows: list[dict[str, Any]]) -> Path:
    sheet = next(s for s in SHEETS if s.key == sheet_key)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([c.header for c in sheet.columns])
        for r in rows:
            w.writerow(["" if r.get(c.key) is None else _csv(r.get(c.key)) for c in sheet.columns])
    return path


def _csv(v: Any) -> str:
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, bool):
        return "Y" if v else "N"
    return str(v)
