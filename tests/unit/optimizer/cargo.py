"""Seeded random cargo shared by the optimizer tests."""

from __future__ import annotations

import random
from typing import Any

from pinxiang.optimizer import BoxType

Range = tuple[int, int]


def random_types(
    seed: int,
    n: int,
    dims: tuple[Range, Range, Range] = ((20, 60), (20, 60), (20, 60)),
    quantity: Range = (1, 4),
    **kw: Any,
) -> tuple[BoxType, ...]:
    """``n`` box types ``t0``..., each drawing length, width, height and quantity (in that
    order) uniformly from the given ranges; ``kw`` is passed to every :class:`BoxType`."""
    rng = random.Random(seed)
    return tuple(
        BoxType(
            f"t{k}",
            rng.randint(*dims[0]),
            rng.randint(*dims[1]),
            rng.randint(*dims[2]),
            quantity=rng.randint(*quantity),
            **kw,
        )
        for k in range(n)
    )
