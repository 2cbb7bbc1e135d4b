"""Turn raw cells into domain records, collecting every problem (never stopping at the first).

Pure apart from the HS reference table: the caller passes what the database already knows so
that references between files can be checked."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pinxiang.data import hs_catalogue
from pinxiang.domain import (
    Buyer,
    CartonSpec,
    Handling,
    HsCode,
    InvalidHsCode,
    Merchant,
    Money,
    OrderLine,
    Product,
    Route,
    Shipment,
    UnknownCurrency,
    WarehouseReceipt,
    check_currency,
)
from pinxiang.domain.units import cm_to_mm, kg_to_g
from pinxiang.importing.problems import Problem
from pinxiang.importing.reader import RawFile, RawRow, RawSheet
from pinxiang.importing.schema import Column, Kind

TRUE = {"y", "yes", "true", "1", "是", "x", "√"}
FALSE = {"n", "no", "false", "0", "否", ""}
TRADE_UNITS = {
    "pcs",
    "pc",
    "piece",
    "set",
    "sets",
    "pair",
    "pairs",
    "dozen",
    "doz",
    "box",
    "roll",
    "kg",
    "m",
    "sheet",
    "bag",
    "card",
    "个",
    "件",
    "套",
    "双",
    "打",
    "盒",
    "卷",
    "千克",
    "米",
    "张",
    "包",
}
ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class OrderHeader:
    order_no: str
    buyer_code: str
    shipment_ref: str


@dataclass
class Known:
    """What the database already holds, by business reference."""

    merchants: set[str] = field(default_factory=set)
    buyers: set[str] = field(default_factory=set)
    shipments: set[str] = field(default_factory=set)
    order_lines: set[tuple[str, int]] = field(default_factory=set)


@dataclass
class Batch:
    merchants: list[Merchant] = field(default_factory=list)
    buyers: list[Buyer] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    orders: list[OrderHeader] = field(default_factory=list)
    lines: list[OrderLine] = field(default_factory=list)
    receipts: list[WarehouseReceipt] = field(default_factory=list)

    @property
    def size(self) -> int:
        return (
            sum(
                len(x)
                for x in (self.merchants, self.buyers, self.shipments, self.products, self.orders)
            )
            + len(self.lines)
            + len(self.receipts)
        )


class _Cells:
    """Typed access to one row's cells, recording problems instead of raising."""

    def __init__(self, file: str, sheet: RawSheet, row: RawRow, problems: list[Problem]) -> None:
        self.file, self.sheet, self.row, self.problems = file, sheet, row, problems
        self.ok = True

    def _fail(self, col: Column, value: object, message: str) -> None:
        letter = self.row.letters.get(col.key, "")
        label = f"{col.header}" + (f" ({letter})" if letter and len(letter) <= 3 else "")
        self.problems.append(
            Problem(self.file, self.sheet.name, self.row.number, label, value, message)
        )
        self.ok = False

    def get(self, key: str) -> Any:
        col = next(c for c in self.sheet.sheet.columns if c.key == key)
        raw = self.row.cells.get(key)
        text = "" if raw is None else str(raw).strip()
        if text == "":
            if col.required:
                self._fail(col, None, f"is empty; expected {col.kind.value}")
            return None
        try:
            return _convert(col.kind, raw, text)
        except ValueError as exc:
            self._fail(col, raw, str(exc))
            return None


def _convert(kind: Kind, raw: Any, text: str) -> Any:
    if kind in (Kind.INT, Kind.POS_INT):
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"expected {kind.value}") from None
        if d != d.to_integral_value():
            raise ValueError(f"expected {kind.value}")
        if kind is Kind.POS_INT and d <= 0:
            raise ValueError(f"expected {kind.value}")
        return int(d)
    if kind in (Kind.DECIMAL, Kind.POS_DECIMAL):
        try:
            d = Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"expected {kind.value}") from None
        if not d.is_finite() or (kind is Kind.POS_DECIMAL and d <= 0) or d < 0:
            raise ValueError(f"expected {kind.value}")
        return d
    if kind is Kind.BOOL:
        t = text.lower()
        if t in TRUE:
            return True
        if t in FALSE:
            return False
        raise ValueError(f"expected {kind.value}")
    if kind is Kind.DATETIME:
        if isinstance(raw, datetime):
            dt = raw
        else:
            try:
                dt = datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(f"expected {kind.value}") from None
        if dt.tzinfo is None:
            raise ValueError(f"has no time zone; expected {kind.value}")
        return dt
    if kind is Kind.HS:
        try:
            hs = HsCode.parse(text)
        except InvalidHsCode as exc:
            raise ValueError(str(exc)) from None
        if hs.tariff8 not in hs_catalogue():
            raise ValueError(
                f"unknown HS code: {hs.tariff8} is not in China's 2023 tariff nomenclature; "
                "check the code with the merchant or the declarant"
            )
        return hs
    if kind is Kind.CURRENCY:
        try:
            return check_currency(text)
        except UnknownCurrency as exc:
            raise ValueError(str(exc)) from None
    if kind is Kind.COUNTRY:
        c = text.upper()
        if not ISO_COUNTRY.match(c):
            raise ValueError(f"expected {kind.value}")
        return c
    if kind is Kind.ROUTE:
        try:
            return Route(text.lower())
        except ValueError:
            raise ValueError(f"unknown route; expected {kind.value}") from None
    return text


def _as_int(v: object) -> int | None:
    try:
        return int(str(v).strip())
    except ValueError:
        return None


def validate(raw: RawFile, known: Known, now: datetime) -> tuple[Batch, list[Problem]]:
    """Check every cell and every reference; return the records and all problems found."""
    problems = list(raw.problems)
    batch = Batch()
    by_key: dict[str, list[RawSheet]] = defaultdict(list)
    all_orders = [s for s in raw.sheets if s.sheet.key == "orders"]
    for s in raw.sheets:
        if not s.broken:
            by_key[s.sheet.key].append(s)
    f = raw.path.name

    seen: dict[tuple[str, tuple[Any, ...]], int] = {}

    def unique(sheet: RawSheet, row: RawRow, key: tuple[Any, ...], label: str) -> bool:
        k = (sheet.sheet.key, key)
        if k in seen:
            problems.append(
                Problem(
                    f,
                    sheet.name,
                    row.number,
                    label,
                    "/".join(map(str, key)),
                    f"duplicate {label}: already on row {seen[k]}; each must appear once",
                )
            )
            return False
        seen[k] = row.number
        return True

    for sheet in by_key["merchants"]:
        for row in sheet.rows:
            c = _Cells(f, sheet, row, problems)
            v = {k: c.get(k) for k in row.cells}
            if c.ok and unique(sheet, row, (v["code"],), "merchant code"):
                batch.merchants.append(
                    Merchant(
                        v["code"],
                        v["name_zh"],
                        v["name_en"],
                        v["market"],
                        v["district"],
                        v["stall"],
                        v["licence_id"],
                        True if v.get("individual") is None else v["individual"],
                    )
                )
    for sheet in by_key["buyers"]:
        for row in sheet.rows:
            c = _Cells(f, sheet, row, problems)
            v = {k: c.get(k) for k in row.cells}
            if c.ok and unique(sheet, row, (v["code"],), "buyer code"):
                batch.buyers.append(
                    Buyer(
                        v["code"],
                        v["name"],
                        v["nationality"],
                        v["id_document"],
                        v["company"],
                        v["country"],
                    )
                )
    merchants = known.merchants | {m.code for m in batch.merchants}
    buyers = known.buyers | {b.code for b in batch.buyers}

    def ref_missing(sheet: RawSheet, row: RawRow, label: str, value: str, where: str) -> None:
        problems.append(
            Problem(
                f,
                sheet.name,
                row.number,
                label,
                value,
                f"unknown {where}: add it to the {where.split()[0].title()}s sheet or import "
                "it first",
            )
        )

    for sheet in by_key["shipments"]:
        for row in sheet.rows:
            c = _Cells(f, sheet, row, problems)
            v = {k: c.get(k) for k in row.cells}
            if not c.ok or not unique(sheet, row, (v["ref"],), "shipment"):
                continue
            codes = tuple(x.strip() for x in str(v["buyers"]).replace("，", ",").split(",") if x)
            bad = [b for b in codes if b not in buyers]
            for b in bad:
                ref_missing(sheet, row, "Buyer codes", b, "buyer code")
            if not bad:
                batch.shipments.append(
                    Shipment(
                        v["ref"],
                        codes,
                        v["destination_country"],
                        v["destination"],
                        v["route"],
                        v["cutoff"],
                    )
                )
    shipments = known.shipments | {s.ref for s in batch.shipments}

    products: dict[tuple[str, str], tuple[Product, int]] = {}
    orders: dict[str, tuple[OrderHeader, int]] = {}
    lines: dict[tuple[str, int], OrderLine] = {}
    for sheet in by_key["orders"]:
        for row in sheet.rows:
            c = _Cells(f, sheet, row, problems)
            v = {k: c.get(k) for k in row.cells}
            if not c.ok:
                continue
            if v["merchant"] not in merchants:
                ref_missing(sheet, row, "Merchant code", v["merchant"], "merchant code")
                continue
            if v["buyer"] not in buyers:
                ref_missing(sheet, row, "Buyer code", v["buyer"], "buyer code")
                continue
            if v["shipment"] not in shipments:
                ref_missing(sheet, row, "Shipment", v["shipment"], "shipment")
                continue
            unit = str(v["unit"]).strip()
            if unit.lower() not in TRADE_UNITS:
                problems.append(
                    Problem(
                        f,
                        sheet.name,
                        row.number,
                        "Unit",
                        unit,
                        "unknown trade unit; use one of " + ", ".join(sorted(TRADE_UNITS)),
                    )
                )
                continue
            if v["net_kg"] > v["gross_kg"]:
                problems.append(
                    Problem(
                        f,
                        sheet.name,
                        row.number,
                        "Net kg per carton",
                        str(v["net_kg"]),
                        f"net weight is above the gross weight {v['gross_kg']} kg",
                    )
                )
                continue
            if not unique(sheet, row, (v["order_no"], v["line"]), "order line"):
                continue
            max_load = v.get("max_load_kg")
            product = Product(
                sku=v["sku"],
                merchant_code=v["merchant"],
                name_zh=v["name_zh"],
                name_en=v["name_en"],
                hs=v["hs_code"],
                declared_elements=v.get("elements") or "",
                trade_unit=unit,
                units_per_carton=v["units_per_carton"],
                carton=CartonSpec(
                    cm_to_mm(v["length_cm"]),
                    cm_to_mm(v["width_cm"]),
                    cm_to_mm(v["height_cm"]),
                    kg_to_g(v["gross_kg"]),
                    kg_to_g(v["net_kg"]),
                ),
                handling=Handling(
                    this_side_up=bool(v.get("this_side_up")),
                    fragile=bool(v.get("fragile")),
                    stackable=v.get("stackable") is not False,
                    max_load_on_top_g=None if max_load is None else kg_to_g(max_load),
                ),
            )
            pkey = (product.merchant_code, product.sku)
            if pkey in products and products[pkey][0] != product:
                problems.append(
                    Problem(
                        f,
                        sheet.name,
                        row.number,
                        "SKU",
                        product.sku,
                        f"the same SKU of merchant {product.merchant_code} is described "
                        f"differently on row {products[pkey][1]}; one SKU, one description",
                    )
                )
                continue
            products.setdefault(pkey, (product, row.number))
            header = OrderHeader(v["order_no"], v["buyer"], v["shipment"])
            if v["order_no"] in orders and orders[v["order_no"]][0] != header:
                problems.append(
                    Problem(
                        f,
                        sheet.name,
                        row.number,
                        "Order no",
                        v["order_no"],
                        f"order {v['order_no']} has another buyer or shipment on row "
                        f"{orders[v['order_no']][1]}",
                    )
                )
                continue
            orders.setdefault(v["order_no"], (header, row.number))
            try:
                line = OrderLine(
                    ref=f"{v['order_no']}-{v['line']}",
                    order_no=v["order_no"],
                    merchant_code=v["merchant"],
                    sku=v["sku"],
                    quantity=v["quantity"],
                    unit_price=Money(v["unit_price"], v["currency"]),
                    cartons=v["cartons"],
                )
            except ValueError as exc:
                problems.append(Problem(f, sheet.name, row.number, "", None, str(exc)))
                continue
            lines[(v["order_no"], v["line"])] = line
    batch.products = [p for p, _ in products.values()]
    batch.orders = [o for o, _ in orders.values()]
    batch.lines = list(lines.values())

    # Lines present in the file count as known even when invalid: their own problem is
    # reported once, not again on every receipt that refers to them.
    in_file = {
        (str(r.cells.get("order_no") or "").strip(), _as_int(r.cells.get("line")))
        for sheet in all_orders
        for r in sheet.rows
    }
    all_lines = known.order_lines | set(lines) | in_file
    for sheet in by_key["receipts"]:
        for row in sheet.rows:
            c = _Cells(f, sheet, row, problems)
            v = {k: c.get(k) for k in row.cells}
            if not c.ok:
                continue
            if (v["order_no"], v["line"]) not in all_lines:
                problems.append(
                    Problem(
                        f,
                        sheet.name,
                        row.number,
                        "Order no",
                        f"{v['order_no']}/{v['line']}",
                        "no such order line; import the order first or correct the number",
                    )
                )
                continue
            if not unique(sheet, row, (v["lot_no"],), "lot no (carton id)"):
                continue
            gross = kg_to_g(v["gross_kg"])
            batch.receipts.append(
                WarehouseReceipt(
                    lot_no=v["lot_no"],
                    order_line_ref=f"{v['order_no']}-{v['line']}",
                    cartons=v["cartons"],
                    measured=CartonSpec(
                        cm_to_mm(v["length_cm"]),
                        cm_to_mm(v["width_cm"]),
                        cm_to_mm(v["height_cm"]),
                        gross,
                        gross,
                    ),
                    received_at=v["received_at"],
                    location=v.get("location") or "",
                )
            )
    if not problems and batch.size == 0:
        problems.append(
            Problem(f, "", 0, "", None, "the file has no data rows; fill in rows under the headers")
        )
    return batch, problems
