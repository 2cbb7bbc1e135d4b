"""LCL pricing per revenue ton (W/M) with a per-route ratio and minimum."""

from __future__ import annotations

from decimal import Decimal

from pinxiang.domain.lcl import LclTariff, LclTariffs
from pinxiang.domain.shipments import Route

CBM = 1_000_000_000


def test_revenue_tons_are_the_volume_when_the_cargo_is_light() -> None:
    t = LclTariff(Decimal(100))
    assert t.revenue_tons(3 * CBM, 1_200_000) == Decimal("3.00")


def test_revenue_tons_are_the_tonnes_when_the_cargo_is_dense() -> None:
    t = LclTariff(Decimal(100))
    assert t.revenue_tons(2 * CBM, 2_500_000) == Decimal("2.50")


def test_a_lane_of_500_kg_per_cbm_counts_weight_twice_as_heavily() -> None:
    t = LclTariff(Decimal(100), kg_per_cbm=500)
    assert t.revenue_tons(2 * CBM, 1_250_000) == Decimal("2.50")


def test_revenue_tons_round_up_to_the_step() -> None:
    t = LclTariff(Decimal(100))
    assert t.revenue_tons(CBM + 1, 0) == Decimal("1.01")


def test_a_small_consignment_pays_the_minimum() -> None:
    t = LclTariff(Decimal(95), minimum_rt=Decimal(1))
    assert t.charge(CBM // 10, 50_000).amount == Decimal("95.00")


def test_the_charge_is_rate_times_chargeable_revenue_tons_to_the_cent() -> None:
    t = LclTariff(Decimal("87.5"))
    assert t.charge(3_333_000_000, 1_000_000).amount == Decimal("292.25")  # 3.34 RT


def test_consignments_above_the_co_loaders_limit_are_not_accepted() -> None:
    tariffs = LclTariffs(max_cbm=Decimal(15))
    assert tariffs.accepts(Route.SEA_NINGBO, 15 * CBM)
    assert not tariffs.accepts(Route.SEA_NINGBO, 15 * CBM + 1)
