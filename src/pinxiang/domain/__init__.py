"""Pure domain model: dataclasses and functions, standard library only."""

from pinxiang.domain.containers import DEFAULT_CONTAINER_TYPES, ContainerType, container_type
from pinxiang.domain.hs import HsCode, InvalidHsCode
from pinxiang.domain.loadplan import CartonPlacement, ContainerLoad, ShipmentPlan, UnplacedLot
from pinxiang.domain.money import Money, UnknownCurrency, check_currency
from pinxiang.domain.orders import OrderLine, PurchaseOrder
from pinxiang.domain.parties import Buyer, Merchant
from pinxiang.domain.products import CartonSpec, Handling, Product
from pinxiang.domain.receipts import Discrepancy, WarehouseReceipt, discrepancies
from pinxiang.domain.shipments import Route, Shipment

__all__ = [
    "DEFAULT_CONTAINER_TYPES",
    "Buyer",
    "CartonPlacement",
    "CartonSpec",
    "ContainerLoad",
    "ContainerType",
    "Discrepancy",
    "Handling",
    "HsCode",
    "InvalidHsCode",
    "Merchant",
    "Money",
    "OrderLine",
    "Product",
    "PurchaseOrder",
    "Route",
    "Shipment",
    "ShipmentPlan",
    "UnknownCurrency",
    "UnplacedLot",
    "WarehouseReceipt",
    "check_currency",
    "container_type",
    "discrepancies",
]
