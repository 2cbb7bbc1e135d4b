"""Load plans and solver results (integer units as in :mod:`pinxiang.optimizer.problem`)."""

from __future__ import annotations

from dataclasses import dataclass

from pinxiang.optimizer.problem import BoxType

__all__ = ["Placement", "Plan", "Result", "Unplaced", "Violation"]


@dataclass(frozen=True)
class Placement:
    """One box in the container.

    ``box_type`` indexes ``problem.box_types``; ``(x, y, z)`` is the minimum corner (x along the
    length with the door at ``x = length``, y across the width, z up) and ``(dx, dy, dz)`` the
    placed extents, a permutation of the box type's ``(length, width, height)``.
    """

    box_type: int
    x: int
    y: int
    z: int
    dx: int
    dy: int
    dz: int

    @property
    def x1(self) -> int:
        """Maximum x (exclusive)."""
        return self.x + self.dx

    @property
    def y1(self) -> int:
        """Maximum y (exclusive)."""
        return self.y + self.dy

    @property
    def z1(self) -> int:
        """Top of the box."""
        return self.z + self.dz

    @property
    def volume(self) -> int:
        """Volume of the box."""
        return self.dx * self.dy * self.dz

    def orientation(self, box: BoxType) -> tuple[int, int, int] | None:
        """Which original dimension (0 = length, 1 = width, 2 = height) lies along x, y and z.

        Returns ``None`` when the extents are not a permutation of the box's dimensions. When
        dimensions are equal, a permutation with an allowed vertical dimension is preferred.
        """
        dims = box.dims
        found: tuple[int, int, int] | None = None
        for p in ((0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 0, 1), (1, 2, 0), (2, 1, 0)):
            if (dims[p[0]], dims[p[1]], dims[p[2]]) == (self.dx, self.dy, self.dz):
                if box.allowed_vertical[p[2]]:
                    return p
                if found is None:
                    found = p
        return found

    def vertical_dim(self, box: BoxType) -> int | None:
        """Index of the original dimension that stands vertically (2 = upright)."""
        o = self.orientation(box)
        return None if o is None else o[2]


@dataclass(frozen=True)
class Plan:
    """Placements in loading order (the order a crew would stuff them: each box after the
    boxes it rests on, deep end first)."""

    placements: tuple[Placement, ...]


@dataclass(frozen=True)
class Unplaced:
    """``count`` boxes of ``box_type`` left out, with a human-readable ``reason``."""

    box_type: int
    count: int
    reason: str


@dataclass(frozen=True)
class Result:
    """Outcome of :func:`pinxiang.optimizer.solve`.

    ``loaded_volume`` in cubic units, ``loaded_weight`` in grams, ``utilisation`` = loaded
    volume / container volume (0..1), ``weight_utilisation`` = loaded weight / max payload
    (``None`` without a payload limit), ``iterations`` = stopping-criterion calls made.
    """

    plan: Plan
    loaded_volume: int
    loaded_weight: int
    utilisation: float
    weight_utilisation: float | None
    runtime_s: float
    iterations: int
    unplaced: tuple[Unplaced, ...]
    seed: int


@dataclass(frozen=True)
class Violation:
    """A broken rule found by :func:`pinxiang.optimizer.check`.

    ``kind`` is one of ``overlap``, ``out_of_bounds``, ``overweight``, ``unsupported``,
    ``orientation``, ``load_on_fragile``, ``drop_order``, ``group_split``, ``count``;
    ``boxes`` are indices into ``plan.placements`` (for ``count`` and ``group_split``: box type
    indices).
    """

    kind: str
    boxes: tuple[int, ...]
    message: str
