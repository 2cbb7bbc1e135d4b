"""Seeded random cargo, and the search context of a problem, shared by the optimizer tests."""

from __future__ import annotations

import random
import sys
from typing import Any

import numpy as np
import pytest

from pinxiang.optimizer import BoxType, MaxIterations, Problem, SolveParams, search, solve

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


def search_context(
    monkeypatch: pytest.MonkeyPatch, problem: Problem
) -> tuple[search.Context, search.State]:
    """The context (blocks, configuration) and root state ``solve`` builds for ``problem``,
    caught where it would start the beam search (which is not run)."""
    got: dict[str, Any] = {}

    def fake(ctx: search.Context, root: search.State, *a: Any, **k: Any) -> search.SearchOutcome:
        got["ctx"], got["root"] = ctx, root
        return search.SearchOutcome(np.zeros((0, 4), np.int64), 0, 0)

    monkeypatch.setattr(sys.modules["pinxiang.optimizer.solve"], "beam_search", fake)
    solve(problem, MaxIterations(1), params=SolveParams())
    return got["ctx"], got["root"]
