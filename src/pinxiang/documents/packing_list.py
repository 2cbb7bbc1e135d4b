"""The packing list (装箱单) of a shipment as an Excel workbook: one sheet per container,
one row per order line in it, with cartons, quantities, weights and volume."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from pinxiang.domain import ContainerLoad, Route, ShipmentPlan
from pinxiang.domain.units import g_to_kg, mm3_to_cbm


class LineLike(Protocol):
    @property
    def ref(self) -> str: ...
    @property
    def order_no(self) -> str: ...
    @property
    def buyer_code(self) -> str: ...
    @property
    def merchant_code(self) -> str: ...
    @property
    def merchant_name_zh(self) -> str: ...
    @property
    def stall(self) -> str: ...
    @property
    def sku(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def hs_code(self) -> str: ...
    @property
    def trade_unit(self) -> str: ...
    @property
    def units_per_carton(self) -> int: ...
    @property
    def net_g(self) -> int: ...


HEADERS = (
    "箱序 Container",
    "唛头 Buyer",
    "订单号 Order",
    "商户 Merchant",
    "摊位 Stall",
    "货号 SKU",
    "中文品名",
    "Description",
    "HS",
    "箱数 Cartons",
    "数量 Qty",
    "单位 Unit",
    "毛重 Gross kg",
    "净重 Net kg",
    "体积 CBM",
)


def write_packing_list(
    path: Path,
    plan: ShipmentPlan,
    lines: Mapping[str, LineLike],
    destination: str,
    route: Route,
) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for load in plan.containers:
        _sheet(wb, load, lines, destination, route)
    if plan.unplaced:
        ws = wb.create_sheet("未装 Not loaded")
        ws.append(["批号 Lot", "箱数 Cartons", "原因 Reason"])
        for u in plan.unplaced:
            ws.append([u.lot_no, u.cartons, u.reason])
    if not wb.worksheets:
        wb.create_sheet("Empty")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _sheet(
    wb: Workbook, load: ContainerLoad, lines: Mapping[str, LineLike], destination: str, route: Route
) -> None:
    ws = wb.create_sheet(f"{load.seq} {load.container_type}")
    ws.append([f"装箱单 PACKING LIST — {load.shipment_ref} / container {load.seq}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"{load.container_type} · {route.label} · {destination}"])
    ws.append([])
    ws.append(list(HEADERS))
    for c in ws[4]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(wrap_text=True)
    per_line: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in load.placements:
        agg = per_line[p.order_line_ref]
        agg[0] += 1
        agg[1] += p.gross_g
        agg[2] += p.length_mm * p.width_mm * p.height_mm
    totals = [0, 0, 0, 0]
    for ref in sorted(per_line, key=lambda r: (lines[r].buyer_code, lines[r].merchant_code, r)):
        n, gross, vol = per_line[ref]
        ln = lines[ref]
        qty = n * ln.units_per_carton
        net = n * ln.net_g
        ws.append(
            [
                load.seq,
                ln.buyer_code,
                ln.order_no,
                ln.merchant_name_zh,
                ln.stall,
                ln.sku,
                ln.name_zh,
                ln.name_en,
                ln.hs_code,
                n,
                qty,
                ln.trade_unit,
                float(g_to_kg(gross)),
                float(g_to_kg(net)),
                float(mm3_to_cbm(vol)),
            ]
        )
        totals = [totals[0] + n, totals[1] + gross, totals[2] + net, totals[3] + vol]
    ws.append(
        [
            "合计 Total",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            totals[0],
            "",
            "",
            float(g_to_kg(totals[1])),
            float(g_to_kg(totals[2])),
            float(mm3_to_cbm(totals[3])),
        ]
    )
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for col, width in zip(
        "ABCDEFGHIJKLMNO", (8, 10, 14, 26, 12, 12, 22, 30, 12, 9, 9, 7, 11, 11, 10), strict=True
    ):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A5"
