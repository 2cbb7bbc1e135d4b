from decimal import Decimal

import pytest

from pinxiang.domain import DEFAULT_CONTAINER_TYPES, container_type
from pinxiang.domain.units import cm_to_mm, g_to_kg, kg_to_g, mm3_to_cbm


def test_units_convert_exactly_at_the_edges() -> None:
    assert kg_to_g("6.5") == 6500
    assert g_to_kg(6500) == Decimal("6.500")
    assert cm_to_mm("45.5") == 455
    assert mm3_to_cbm(600 * 400 * 500) == Decimal("0.120000")


def test_a_40hq_holds_about_76_cbm() -> None:
    hq = container_type("40HQ")
    assert Decimal(75) < mm3_to_cbm(hq.volume_mm3) < Decimal(77)


def test_container_types_grow_in_volume() -> None:
    vols = [c.volume_mm3 for c in DEFAULT_CONTAINER_TYPES]
    assert vols == sorted(vols)


def test_unknown_container_type_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="20GP, 40GP, 40HQ, 45HQ"):
        container_type("53HC")
