"""Problem description for single-container loading.

All lengths are positive integers in the caller's unit (millimetres in Pinxiang; the
Bischoff & Ratcliff files use their own integer unit) and all weights are integer grams.
The container's inner space is ``[0, length) x [0, width) x [0, height)``; the door is at
``x = length``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BoxType", "Container", "Problem"]


@dataclass(frozen=True)
class BoxType:
    """One kind of box (e.g. a carton lot).

    Attributes:
        id: caller's key, unique within a :class:`Problem`.
        length, width, height: box dimensions as given (integer units, > 0); ``height`` is the
            natural upright dimension.
        quantity: number of identical boxes available (>= 0).
        weight: grams per box (>= 0).
        allowed_vertical: whether length / width / height may be the vertical dimension (the
            Bischoff & Ratcliff flags). "This side up" is ``(False, False, True)``. At least one
            flag must be true.
        value: knapsack value per box; ``None`` means the box volume.
        stackable: ``False`` means nothing may stand in the column above the box (see
            :func:`pinxiang.optimizer.check` for the exact rule).
        max_load_on_top: grams that may rest on the box in total; every box whose footprint
            overlaps this box's footprint with positive area and whose bottom is at or above
            this box's top counts with its full weight (the conservative "column" rule).
            ``0`` = fragile, ``None`` = unlimited.
        group: boxes of all box types sharing a group are loaded all or none.
        drop: stop index, 0 = first stop. Boxes of a later stop must not stand between an
            earlier stop's box and the door (see :func:`pinxiang.optimizer.check`).
    """

    id: str
    length: int
    width: int
    height: int
    quantity: int = 1
    weight: int = 0
    allowed_vertical: tuple[bool, bool, bool] = (True, True, True)
    value: int | None = None
    stackable: bool = True
    max_load_on_top: int | None = None
    group: str | None = None
    drop: int = 0

    def __post_init__(self) -> None:
        if min(self.length, self.width, self.height) <= 0:
            raise ValueError(f"box type {self.id!r}: dimensions must be positive")
        if self.quantity < 0 or self.weight < 0:
            raise ValueError(f"box type {self.id!r}: quantity and weight must be >= 0")
        if not any(self.allowed_vertical):
            raise ValueError(f"box type {self.id!r}: no dimension may be vertical")
        if self.max_load_on_top is not None and self.max_load_on_top < 0:
            raise ValueError(f"box type {self.id!r}: max_load_on_top must be >= 0")
        if self.drop < 0:
            raise ValueError(f"box type {self.id!r}: drop must be >= 0")

    @property
    def dims(self) -> tuple[int, int, int]:
        """``(length, width, height)``."""
        return (self.length, self.width, self.height)

    @property
    def volume(self) -> int:
        """Volume of one box (cubic units)."""
        return self.length * self.width * self.height

    @property
    def box_value(self) -> int:
        """Knapsack value of one box: ``value`` or, if ``None``, the volume."""
        return self.volume if self.value is None else self.value

    @property
    def limits_load(self) -> bool:
        """True when something restricts what may stand on top of this box."""
        return (not self.stackable) or self.max_load_on_top is not None

    def orientations(self) -> list[tuple[int, int, int]]:
        """Distinct allowed placed extents ``(dx, dy, dz)``, in a fixed order."""
        d = self.dims
        out: list[tuple[int, int, int]] = []
        for v in range(3):
            if not self.allowed_vertical[v]:
                continue
            a, b = [d[i] for i in range(3) if i != v]
            for o in ((a, b, d[v]), (b, a, d[v])):
                if o not in out:
                    out.append(o)
        return out


@dataclass(frozen=True)
class Container:
    """Inner dimensions of a container (integer units, > 0); door at ``x = length``.

    ``max_payload`` is in grams; ``None`` means unlimited.
    """

    length: int
    width: int
    height: int
    max_payload: int | None = None

    def __post_init__(self) -> None:
        if min(self.length, self.width, self.height) <= 0:
            raise ValueError("container dimensions must be positive")
        if self.max_payload is not None and self.max_payload < 0:
            raise ValueError("max_payload must be >= 0")

    @property
    def volume(self) -> int:
        """Inner volume (cubic units)."""
        return self.length * self.width * self.height


@dataclass(frozen=True)
class Problem:
    """A single-container loading problem.

    Attributes:
        container: the container.
        box_types: the box types; box type ids must be unique.
        support: minimum supported fraction (0..1) of each box's base that must rest on the
            floor or on tops of boxes exactly below it. ``1.0`` = full support, ``0.0`` = none.
            The solver meets any fraction > 0 by giving full support.
        must_load_all: ``True`` asks to load the whole given set when it fits (the solver stops
            as soon as everything is loaded); ``False`` is the knapsack objective (maximise the
            total value of loaded boxes).
        enforce_drop_order: check and respect the multi-drop rule (see ``BoxType.drop``).
    """

    container: Container
    box_types: tuple[BoxType, ...]
    support: float = 1.0
    must_load_all: bool = False
    enforce_drop_order: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.support <= 1.0:
            raise ValueError("support must be within 0..1")
        ids = [b.id for b in self.box_types]
        if len(set(ids)) != len(ids):
            raise ValueError("box type ids must be unique")

    @property
    def total_boxes(self) -> int:
        """Number of boxes offered."""
        return sum(b.quantity for b in self.box_types)

    @property
    def total_volume(self) -> int:
        """Volume of all boxes offered."""
        return sum(b.quantity * b.volume for b in self.box_types)
