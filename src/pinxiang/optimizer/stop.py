"""Stopping criteria in the style of PyVRP.

A criterion is called once per solver iteration with the best objective found so far (the
loaded value; *larger is better*) and returns ``True`` when the search should stop. Clocks and
counters start at the first call, so use a fresh criterion for each ``solve`` call
(:func:`pinxiang.optimizer.pack_all` copies its criterion for every container).
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = [
    "FirstOf",
    "MaxIterations",
    "MaxRuntime",
    "NoImprovement",
    "StoppingCriterion",
    "any_of",
    "budget_spent",
]


@runtime_checkable
class StoppingCriterion(Protocol):
    """``criterion(best_objective) -> True`` to stop (objective: larger is better)."""

    def __call__(self, best_objective: float) -> bool: ...


class MaxRuntime:
    """Stop once ``max_runtime`` seconds (wall clock) have passed since the first call."""

    def __init__(self, max_runtime: float) -> None:
        if max_runtime < 0:
            raise ValueError("max_runtime must be >= 0")
        self.max_runtime = max_runtime
        self._start: float | None = None

    def __call__(self, best_objective: float) -> bool:
        now = time.perf_counter()
        if self._start is None:
            self._start = now
        return now - self._start >= self.max_runtime

    def remaining(self) -> float:
        """Seconds left (the full budget before the first call)."""
        if self._start is None:
            return self.max_runtime
        return self.max_runtime - (time.perf_counter() - self._start)


class MaxIterations:
    """Stop after ``max_iterations`` iterations (deterministic)."""

    def __init__(self, max_iterations: int) -> None:
        if max_iterations < 0:
            raise ValueError("max_iterations must be >= 0")
        self.max_iterations = max_iterations
        self._current = 0

    def __call__(self, best_objective: float) -> bool:
        self._current += 1
        return self._current > self.max_iterations


class NoImprovement:
    """Stop after ``max_iterations`` consecutive iterations without a better objective."""

    def __init__(self, max_iterations: int) -> None:
        if max_iterations < 0:
            raise ValueError("max_iterations must be >= 0")
        self.max_iterations = max_iterations
        self._best: float | None = None
        self._since = 0

    def __call__(self, best_objective: float) -> bool:
        if self._best is None or best_objective > self._best:
            self._best = best_objective
            self._since = 0
        else:
            self._since += 1
        return self._since >= self.max_iterations


class FirstOf:
    """Stop as soon as any of the given criteria says so (all are called every time)."""

    def __init__(self, *criteria: StoppingCriterion) -> None:
        if not criteria:
            raise ValueError("FirstOf needs at least one criterion")
        self.criteria = criteria

    def __call__(self, best_objective: float) -> bool:
        stops = [c(best_objective) for c in self.criteria]
        return any(stops)


def start_clocks(criterion: object) -> None:
    """Start the clock of every :class:`MaxRuntime` inside ``criterion`` that has not started,
    so that set-up work (block generation) counts against the time limit."""
    if isinstance(criterion, MaxRuntime):
        if criterion._start is None:
            criterion._start = time.perf_counter()
    elif isinstance(criterion, FirstOf):
        for c in criterion.criteria:
            start_clocks(c)


def budget_spent(criterion: object) -> float:
    """The largest share (0..1) of a time or iteration budget used inside ``criterion``
    (:class:`MaxRuntime`, :class:`MaxIterations`, nested in :class:`FirstOf`); 0 for
    criteria without a budget."""
    if isinstance(criterion, MaxRuntime):
        if criterion._start is None:
            return 0.0
        if criterion.max_runtime <= 0:
            return 1.0
        return (time.perf_counter() - criterion._start) / criterion.max_runtime
    if isinstance(criterion, MaxIterations):
        if criterion.max_iterations <= 0:
            return 1.0
        return criterion._current / criterion.max_iterations
    if isinstance(criterion, FirstOf):
        return max(budget_spent(c) for c in criterion.criteria)
    return 0.0


def any_of(*criteria: StoppingCriterion) -> FirstOf:
    """Combine criteria: stop when the first of them fires."""
    return FirstOf(*criteria)
