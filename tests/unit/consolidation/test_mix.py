"""Choosing containers and LCL on estimates: cheapest mix, FCL or LCL per buyer, lower bound."""

from __future__ import annotations

from decimal import Decimal

from pinxiang.services.mix import Consignment, Equipment, cheapest_mix, choose_lcl, lower_bound

CBM = 1_000_000_000
T = 1_000_000
EQ = [
    Equipment("20GP", 33 * CBM, 25 * CBM, 21 * T, Decimal(1650)),
    Equipment("40GP", 67 * CBM, 55 * CBM, 26 * T, Decimal(2450)),
    Equipment("40HQ", 76 * CBM, 65 * CBM, 26 * T, Decimal(2550)),
]


def test_one_40hq_is_cheaper_than_a_40gp_and_a_20gp_for_60_cbm() -> None:
    mix = cheapest_mix(60 * CBM, 5 * T, EQ)
    assert mix is not None and mix.codes == ("40HQ",) and mix.cost == Decimal(2550)


def test_a_small_load_books_the_smallest_container() -> None:
    mix = cheapest_mix(10 * CBM, 2 * T, EQ)
    assert mix is not None and mix.codes == ("20GP",)


def test_dense_cargo_books_by_weight_not_volume() -> None:
    mix = cheapest_mix(20 * CBM, 40 * T, EQ)
    assert mix is not None and len(mix.codes) == 2


def test_a_small_buyer_beside_a_full_container_goes_lcl() -> None:
    cons = [
        Consignment("BIG", 63 * CBM, 8 * T, None),
        Consignment("SMALL", 4 * CBM, T // 2, Decimal(380)),
    ]
    choice = choose_lcl(cons, EQ)
    assert choice.lcl == ("SMALL",) and choice.fcl == ("BIG",)
    assert choice.cost == Decimal(2550 + 380)


def test_a_buyer_whose_lcl_costs_more_than_a_container_stays_fcl() -> None:
    choice = choose_lcl([Consignment("A", 20 * CBM, 3 * T, Decimal(1900))], EQ)
    assert choice.fcl == ("A",) and choice.mix.codes == ("20GP",)


def test_the_lower_bound_never_exceeds_the_estimated_cost() -> None:
    cons = [
        Consignment("A", 30 * CBM, 4 * T, Decimal(2850)),
        Consignment("B", 12 * CBM, 9 * T, Decimal(1140)),
        Consignment("C", 2 * CBM, T, Decimal(190)),
    ]
    assert lower_bound(cons, EQ) <= choose_lcl(cons, EQ).cost
