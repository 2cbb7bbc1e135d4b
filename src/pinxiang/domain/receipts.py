"""Warehouse receipts: the cartons that actually arrived, as measured at the gate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pinxiang.domain.products import CartonSpec

# Tolerances beyond which a receipt is flagged: 1 cm per side, 3 % of gross mass.
SIZE_TOLERANCE_MM = 10
WEIGHT_TOLERANCE = 0.03


@dataclass(frozen=True)
class Discrepancy:
    field: str
    declared: int
    measured: int

    @property
    def message(self) -> str:
        unit = "g" if field_is_mass(self.field) else "mm"
        diff = self.measured - self.declared
        return (
            f"{self.field}: declared {self.declared} {unit}, "
            f"measured {self.measured} {unit} ({diff:+d})"
        )


def field_is_mass(field: str) -> bool:
    return field.endswith("_g")


@dataclass(frozen=True)
class WarehouseReceipt:
    """A lot: cartons of one order line received together, with their measured carton."""

    lot_no: str
    order_line_ref: str
    cartons: int
    measured: CartonSpec
    received_at: datetime
    location: str = ""

    def __post_init__(self) -> None:
        if self.cartons <= 0:
            raise ValueError(f"lot {self.lot_no}: carton count must be positive")
        if self.received_at.tzinfo is None:
            raise ValueError(f"lot {self.lot_no}: receipt time must be timezone-aware")


def discrepancies(declared: CartonSpec, measured: CartonSpec) -> list[Discrepancy]:
    """What differs between the declared and the measured carton beyond the tolerances.

    Sides are compared as sorted triples, so a carton measured lying on its side is not flagged."""
    out: list[Discrepancy] = []
    names = ("length_mm", "width_mm", "height_mm")
    d_sides = sorted((declared.length_mm, declared.width_mm, declared.height_mm), reverse=True)
    m_sides = sorted((measured.length_mm, measured.width_mm, measured.height_mm), reverse=True)
    for name, d, m in zip(names, d_sides, m_sides, strict=True):
        if abs(d - m) > SIZE_TOLERANCE_MM:
            out.append(Discrepancy(name, d, m))
    if abs(declared.gross_g - measured.gross_g) > WEIGHT_TOLERANCE * declared.gross_g:
        out.append(Discrepancy("gross_g", declared.gross_g, measured.gross_g))
    return out
