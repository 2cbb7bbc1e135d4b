from datetime import UTC, datetime

import pytest

from pinxiang.domain import CartonSpec, WarehouseReceipt, discrepancies


def carton(ln: int = 600, w: int = 400, h: int = 500, g: int = 6500) -> CartonSpec:
    return CartonSpec(ln, w, h, g, g - 500)


def test_receipt_heavier_than_declared_is_flagged() -> None:
    [d] = discrepancies(carton(g=6500), carton(g=7000))
    assert d.field == "gross_g" and "+500" in d.message


def test_small_measuring_noise_is_not_flagged() -> None:
    assert discrepancies(carton(), carton(605, 398, 502, 6600)) == []


def test_a_carton_measured_on_its_side_is_not_flagged() -> None:
    assert discrepancies(carton(600, 400, 500), carton(500, 600, 400)) == []


def test_a_longer_carton_is_flagged_in_mm() -> None:
    [d] = discrepancies(carton(), carton(ln=630))
    assert d.field == "length_mm" and d.measured - d.declared == 30


def test_receipt_time_must_carry_a_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        WarehouseReceipt("L1", "PO-1-1", 3, carton(), datetime(2026, 12, 1, 9, 0))
    WarehouseReceipt("L1", "PO-1-1", 3, carton(), datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


def test_cartons_need_positive_sizes_and_net_within_gross() -> None:
    with pytest.raises(ValueError, match="length_mm must be positive"):
        CartonSpec(0, 400, 500, 6500, 6000)
    with pytest.raises(ValueError, match="between 0 and gross"):
        CartonSpec(600, 400, 500, 6500, 7000)
