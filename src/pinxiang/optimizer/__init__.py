"""Pure 3-D container loading engine (standard library, NumPy and Numba only).

Integer units throughout (millimetres and grams from Pinxiang's callers). See
``docs/optimizer.md`` for the method and the benchmark figures.
"""

from pinxiang.optimizer.binpack import BinPackResult, pack_all
from pinxiang.optimizer.check import check
from pinxiang.optimizer.plan import Placement, Plan, Result, Unplaced, Violation
from pinxiang.optimizer.problem import BoxType, Container, Problem
from pinxiang.optimizer.solve import SolveParams, solve, warm_up
from pinxiang.optimizer.stop import (
    FirstOf,
    MaxIterations,
    MaxRuntime,
    NoImprovement,
    StoppingCriterion,
    any_of,
)

__all__ = [
    "BinPackResult",
    "BoxType",
    "Container",
    "FirstOf",
    "MaxIterations",
    "MaxRuntime",
    "NoImprovement",
    "Placement",
    "Plan",
    "Problem",
    "Result",
    "SolveParams",
    "StoppingCriterion",
    "Unplaced",
    "Violation",
    "any_of",
    "check",
    "pack_all",
    "solve",
    "warm_up",
]
