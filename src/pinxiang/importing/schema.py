"""The workbook a Yiwu forwarder exchanges: sheets, columns and their accepted headers.

One `.xlsx` holds up to five sheets (Merchants, Buyers, Shipments, Orders, Receipts); a `.csv`
file holds one of them, recognised by its headers. Headers are accepted in English or Chinese,
case- and space-insensitive; the template writes both ("货号 SKU")."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    INT = "whole number"
    POS_INT = "whole number greater than 0"
    DECIMAL = "number"
    POS_DECIMAL = "number greater than 0"
    TEXT = "text"
    BOOL = "yes/no (Y, N, 是, 否, 1, 0)"
    DATETIME = "date and time with zone, e.g. 2026-12-05 18:00 +08:00"
    HS = "10-digit HS code, e.g. 9503008900"
    CURRENCY = "ISO 4217 currency code, e.g. USD"
    COUNTRY = "ISO 3166 two-letter country code, e.g. AE"
    ROUTE = "route: sea_ningbo, sea_tianjin, rail_china_europe or sea_rail"


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str
    kind: Kind
    required: bool = True
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.zh} {self.en}"


@dataclass(frozen=True)
class Sheet:
    key: str
    en: str
    zh: str
    columns: tuple[Column, ...]
    id_columns: tuple[str, ...]  # the business reference: duplicates are refused

    @property
    def title(self) -> str:
        return f"{self.en} {self.zh}"


C = Column
MERCHANTS = Sheet(
    "merchants",
    "Merchants",
    "商户",
    (
        C("code", "Merchant code", "商户代码", Kind.TEXT),
        C("name_zh", "Name (Chinese)", "商户名称", Kind.TEXT),
        C("name_en", "Name (English)", "英文名称", Kind.TEXT),
        C("market", "Market", "市场", Kind.TEXT),
        C("district", "District", "区", Kind.TEXT),
        C("stall", "Stall", "摊位号", Kind.TEXT),
        C("licence_id", "Licence ID", "营业执照号", Kind.TEXT),
        C("individual", "Individual business", "个体户", Kind.BOOL, required=False),
    ),
    ("code",),
)
BUYERS = Sheet(
    "buyers",
    "Buyers",
    "客户",
    (
        C("code", "Buyer code", "客户代码", Kind.TEXT),
        C("name", "Buyer name", "采购商姓名", Kind.TEXT),
        C("nationality", "Nationality", "国籍", Kind.COUNTRY),
        C("id_document", "Passport or ID", "证件号码", Kind.TEXT),
        C("company", "Company", "公司", Kind.TEXT),
        C("country", "Country", "国家", Kind.COUNTRY),
    ),
    ("code",),
)
SHIPMENTS = Sheet(
    "shipments",
    "Shipments",
    "拼箱",
    (
        C("ref", "Shipment", "拼箱号", Kind.TEXT),
        C("buyers", "Buyer codes", "客户代码", Kind.TEXT, aliases=("buyer codes", "buyer")),
        C("destination_country", "Destination country", "目的国", Kind.COUNTRY),
        C("destination", "Destination port or city", "目的港", Kind.TEXT),
        C("route", "Route", "运输路线", Kind.ROUTE),
        C("cutoff", "Cut-off", "截关时间", Kind.DATETIME),
    ),
    ("ref",),
)
ORDERS = Sheet(
    "orders",
    "Orders",
    "订单",
    (
        C("shipment", "Shipment", "拼箱号", Kind.TEXT),
        C("buyer", "Buyer code", "客户代码", Kind.TEXT),
        C("order_no", "Order no", "订单号", Kind.TEXT),
        C("line", "Line", "行号", Kind.POS_INT),
        C("merchant", "Merchant code", "商户代码", Kind.TEXT),
        C("sku", "SKU", "货号", Kind.TEXT),
        C("name_zh", "Name (Chinese)", "中文品名", Kind.TEXT),
        C("name_en", "Name (English)", "英文品名", Kind.TEXT),
        C("hs_code", "HS code", "海关编码", Kind.HS),
        C("elements", "Declared elements", "申报要素", Kind.TEXT, required=False),
        C("unit", "Unit", "单位", Kind.TEXT),
        C("quantity", "Quantity", "数量", Kind.POS_INT),
        C("unit_price", "Unit price", "单价", Kind.DECIMAL),
        C("currency", "Currency", "币制", Kind.CURRENCY),
        C("cartons", "Cartons", "箱数", Kind.POS_INT),
        C("units_per_carton", "Units per carton", "每箱数量", Kind.POS_INT),
        C("length_cm", "Carton length cm", "箱长cm", Kind.POS_DECIMAL),
        C("width_cm", "Carton width cm", "箱宽cm", Kind.POS_DECIMAL),
        C("height_cm", "Carton height cm", "箱高cm", Kind.POS_DECIMAL),
        C("gross_kg", "Gross kg per carton", "每箱毛重kg", Kind.POS_DECIMAL),
        C("net_kg", "Net kg per carton", "每箱净重kg", Kind.POS_DECIMAL),
        C("this_side_up", "This side up", "向上", Kind.BOOL, required=False),
        C("fragile", "Fragile", "易碎", Kind.BOOL, required=False),
        C("stackable", "Stackable", "可堆叠", Kind.BOOL, required=False),
        C("max_load_kg", "Max load on top kg", "限压kg", Kind.DECIMAL, required=False),
    ),
    ("order_no", "line"),
)
RECEIPTS = Sheet(
    "receipts",
    "Receipts",
    "入库",
    (
        C("lot_no", "Lot no", "入仓号", Kind.TEXT, aliases=("carton id", "箱号")),
        C("order_no", "Order no", "订单号", Kind.TEXT),
        C("line", "Line", "行号", Kind.POS_INT),
        C("cartons", "Cartons", "箱数", Kind.POS_INT),
        C("length_cm", "Measured length cm", "实测长cm", Kind.POS_DECIMAL),
        C("width_cm", "Measured width cm", "实测宽cm", Kind.POS_DECIMAL),
        C("height_cm", "Measured height cm", "实测高cm", Kind.POS_DECIMAL),
        C("gross_kg", "Measured gross kg per carton", "实测毛重kg", Kind.POS_DECIMAL),
        C("received_at", "Received at", "入库时间", Kind.DATETIME),
        C("location", "Location", "库位", Kind.TEXT, required=False),
    ),
    ("lot_no",),
)
SHEETS: tuple[Sheet, ...] = (MERCHANTS, BUYERS, SHIPMENTS, ORDERS, RECEIPTS)
