"""Physical units. Inside Pinxiang lengths are integer millimetres and masses integer grams;
volumes are cubic millimetres (int) and are shown as CBM (m³) only at the edges."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MM3_PER_CBM = 1_000_000_000
G_PER_KG = 1000


def kg_to_g(kg: Decimal | float | int | str) -> int:
    """Kilograms (any numeric, as written by a person) to whole grams, rounding half up."""
    return int((Decimal(str(kg)) * G_PER_KG).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def g_to_kg(g: int) -> Decimal:
    """Grams to kilograms with three decimals (exact)."""
    return (Decimal(g) / G_PER_KG).quantize(Decimal("0.001"))


def mm3_to_cbm(mm3: int) -> Decimal:
    """Cubic millimetres to CBM, exact to 1 cm³ (six decimals)."""
    return (Decimal(mm3) / MM3_PER_CBM).quantize(Decimal("0.000001"))


def cm_to_mm(cm: Decimal | float | int | str) -> int:
    """Centimetres to whole millimetres, rounding half up."""
    return int((Decimal(str(cm)) * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def box_volume_mm3(length_mm: int, width_mm: int, height_mm: int) -> int:
    return length_mm * width_mm * height_mm
