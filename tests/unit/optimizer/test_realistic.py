"""A Yiwu-sized load: ~600 cartons of 60 types, a third this-side-up, full support, 40HQ."""

from __future__ import annotations

import random

from pinxiang.optimizer import BoxType, Container, MaxRuntime, Problem, check, solve, warm_up

HQ40 = Container(12032, 2352, 2690, max_payload=26_620_000)


def yiwu_load(seed: int = 1, n_types: int = 60, cartons: int = 605) -> Problem:
    """Synthetic market-day cargo of 25 merchants (carton sizes in mm, gross weight in g)."""
    rng = random.Random(seed)
    qty = [1] * n_types
    for _ in range(cartons - n_types):
        qty[rng.randrange(n_types)] += 1
    types = []
    for i in range(n_types):
        l_, w, h = rng.randint(380, 780), rng.randint(300, 620), rng.randint(260, 620)
        weight = int(l_ * w * h / 1e9 * rng.uniform(80, 250) * 1000)
        types.append(
            BoxType(
                f"m{i % 25:02d}-{i:03d}",
                l_,
                w,
                h,
                quantity=qty[i],
                weight=weight,
                allowed_vertical=(False, False, True) if i % 3 == 0 else (True, True, True),
            )
        )
    return Problem(HQ40, tuple(types), support=1.0)


def test_yiwu_load_is_valid_and_fast() -> None:
    warm_up()  # compile outside the timed call, as a service does at start
    pr = yiwu_load(2)
    r = solve(pr, MaxRuntime(2.0))
    assert r.runtime_s < 6.0
    assert check(r.plan, pr) == []
    assert r.utilisation > 0.8
    assert sum(u.count for u in r.unplaced) > 0  # the cargo exceeds one container
