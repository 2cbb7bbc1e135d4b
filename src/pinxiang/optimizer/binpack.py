"""Multi-container loading: all boxes into the fewest identical containers (greedy sequential
knapsacks: fill one container as well as possible, remove its boxes, repeat)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pinxiang.optimizer.plan import Result, Unplaced
from pinxiang.optimizer.problem import BoxType, Container, Problem
from pinxiang.optimizer.solve import REASON_NO_FIT, SolveParams, solve
from pinxiang.optimizer.stop import StoppingCriterion

__all__ = ["BinPackResult", "pack_all"]


@dataclass(frozen=True)
class BinPackResult:
    """One :class:`Result` per container used; their plans index into the box type sequence
    given to :func:`pack_all`. ``unplaced`` lists boxes that fit no container."""

    containers: tuple[Result, ...]
    unplaced: tuple[Unplaced, ...]

    @property
    def count(self) -> int:
        """Number of containers used."""
        return len(self.containers)


def pack_all(
    container: Container,
    box_types: Sequence[BoxType],
    stop_per_container: StoppingCriterion,
    seed: int = 0,
    params: SolveParams | None = None,
    support: float = 1.0,
    enforce_drop_order: bool = True,
) -> BinPackResult:
    """Load every box into as few copies of ``container`` as this heuristic finds.

    Each container is solved as a knapsack over the boxes still unloaded, with a fresh deep copy
    of ``stop_per_container``. Every box is placed exactly once across containers, or reported
    in ``unplaced`` with the reason it fits no container. Groups stay within one container.
    """
    types = tuple(box_types)
    left = [bt.quantity for bt in types]
    results: list[Result] = []
    unplaced: list[Unplaced] = []
    while sum(left) > 0:
        sub = tuple(replace(bt, quantity=q) for bt, q in zip(types, left, strict=True))
        pr = Problem(container, sub, support=support, enforce_drop_order=enforce_drop_order)
        r = solve(pr, copy.deepcopy(stop_per_container), seed=seed, params=params)
        if not r.plan.placements:
            reasons = {u.box_type: u.reason for u in r.unplaced}
            for t, q in enumerate(left):
                if q > 0:
                    reason = reasons.get(t, "no space left")
                    if reason not in (REASON_NO_FIT,):
                        reason = f"fits no empty container ({reason})"
                    unplaced.append(Unplaced(t, q, reason))
            break
        for p in r.plan.placements:
            left[p.box_type] -= 1
        results.append(r)
    return BinPackResult(tuple(results), tuple(unplaced))
