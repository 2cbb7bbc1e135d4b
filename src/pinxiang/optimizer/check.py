"""An independent, deliberately simple plan checker; shares no code with the search.

Plain loops over pairs of boxes, cut down only by a sweep along x (overlap), boxes grouped by
the height of their top (support) and skipping drop order when every box has the same stop.

Rules (all integer arithmetic except the support fraction):

* ``count``: a placement names a box type that does not exist, or more boxes of a type are
  placed than its quantity.
* ``orientation``: the extents are not a permutation of the box's dimensions with an allowed
  vertical dimension, or an extent is not positive.
* ``out_of_bounds``: the box leaves ``[0, L] x [0, W] x [0, H]``.
* ``overlap``: two boxes share positive volume.
* ``overweight``: total weight exceeds the container's ``max_payload``.
* ``unsupported``: a box above the floor has less than ``problem.support`` of its base area on
  tops of boxes whose top is exactly at the box's bottom.
* ``load_on_fragile``: box *B* is not stackable and some other box lies in its column (its
  footprint overlaps *B*'s footprint with positive area and its bottom is at or above *B*'s
  top), or the total weight of the boxes in *B*'s column exceeds ``max_load_on_top``.
* ``drop_order`` (when ``problem.enforce_drop_order``): box *B* of a later stop stands between
  box *A* of an earlier stop and the door: their y-z projections overlap with positive area and
  ``B.x >= A.x + A.dx``.
* ``group_split``: of the boxes of a group, some but not all are placed.
"""

from __future__ import annotations

from pinxiang.optimizer.plan import Placement, Plan, Violation
from pinxiang.optimizer.problem import Problem

__all__ = ["check"]

_PERMS = ((0, 1, 2), (1, 0, 2), (0, 2, 1), (2, 0, 1), (1, 2, 0), (2, 1, 0))


def _ov(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def check(plan: Plan, problem: Problem) -> list[Violation]:
    """Return every rule ``plan`` breaks for ``problem`` (empty list = valid plan)."""
    out: list[Violation] = []
    c = problem.container
    types = problem.box_types
    ps = list(plan.placements)
    valid: list[Placement | None] = []
    counts = [0] * len(types)
    for i, p in enumerate(ps):
        if not 0 <= p.box_type < len(types):
            out.append(Violation("count", (i,), f"placement {i}: unknown box type {p.box_type}"))
            valid.append(None)
            continue
        valid.append(p)
        counts[p.box_type] += 1
    for t, bt in enumerate(types):
        if counts[t] > bt.quantity:
            out.append(
                Violation(
                    "count", (t,), f"box type {bt.id}: {counts[t]} placed > quantity {bt.quantity}"
                )
            )
    for i, vp in enumerate(valid):
        if vp is None:
            continue
        p = vp
        bt = types[p.box_type]
        d = (bt.length, bt.width, bt.height)
        ok = any(
            (d[q[0]], d[q[1]], d[q[2]]) == (p.dx, p.dy, p.dz) and bt.allowed_vertical[q[2]]
            for q in _PERMS
        )
        if not ok:
            out.append(
                Violation("orientation", (i,), f"box {i}: extents {p.dx, p.dy, p.dz} not allowed")
            )
        if (
            p.x < 0
            or p.y < 0
            or p.z < 0
            or p.x + p.dx > c.length
            or p.y + p.dy > c.width
            or p.z + p.dz > c.height
        ):
            out.append(Violation("out_of_bounds", (i,), f"box {i} leaves the container"))
    idx = [i for i, p in enumerate(valid) if p is not None]
    # sweep along x: only boxes whose x-intervals overlap can overlap
    by_x = sorted(idx, key=lambda k: ps[k].x)
    pairs: list[tuple[int, int]] = []
    for a, i in enumerate(by_x):
        p = ps[i]
        for j in by_x[a + 1 :]:
            q = ps[j]
            if q.x >= p.x + p.dx:
                break
            if (
                _ov(p.x, p.x + p.dx, q.x, q.x + q.dx) > 0
                and _ov(p.y, p.y + p.dy, q.y, q.y + q.dy) > 0
                and _ov(p.z, p.z + p.dz, q.z, q.z + q.dz) > 0
            ):
                pairs.append((min(i, j), max(i, j)))
    for i, j in sorted(pairs):
        out.append(Violation("overlap", (i, j), f"boxes {i} and {j} overlap"))
    weight = sum(types[ps[i].box_type].weight for i in idx)
    if c.max_payload is not None and weight > c.max_payload:
        out.append(
            Violation(
                "overweight", tuple(idx), f"load {weight} g exceeds payload {c.max_payload} g"
            )
        )
    if problem.support > 0:
        tops: dict[int, list[int]] = {}  # boxes by the height of their top
        for j in idx:
            tops.setdefault(ps[j].z + ps[j].dz, []).append(j)
        for i in idx:
            p = ps[i]
            if p.z == 0:
                continue
            area = 0
            for j in tops.get(p.z, []):
                q = ps[j]
                if j != i:
                    area += _ov(p.x, p.x + p.dx, q.x, q.x + q.dx) * _ov(
                        p.y, p.y + p.dy, q.y, q.y + q.dy
                    )
            base = p.dx * p.dy
            if area < problem.support * base - 1e-9 * base:
                out.append(
                    Violation(
                        "unsupported",
                        (i,),
                        f"box {i}: {area}/{base} of its base supported, "
                        f"needs {problem.support:.3f}",
                    )
                )
    for i in idx:
        p = ps[i]
        bt = types[p.box_type]
        if bt.stackable and bt.max_load_on_top is None:
            continue
        column = [
            j
            for j in idx
            if j != i
            and ps[j].z >= p.z + p.dz
            and _ov(p.x, p.x + p.dx, ps[j].x, ps[j].x + ps[j].dx) > 0
            and _ov(p.y, p.y + p.dy, ps[j].y, ps[j].y + ps[j].dy) > 0
        ]
        if not bt.stackable and column:
            out.append(
                Violation(
                    "load_on_fragile",
                    (i, *column),
                    f"box {i} is not stackable but has {len(column)} box(es) above it",
                )
            )
            continue
        load = sum(types[ps[j].box_type].weight for j in column)
        if bt.max_load_on_top is not None and load > bt.max_load_on_top:
            out.append(
                Violation(
                    "load_on_fragile",
                    (i, *column),
                    f"box {i} carries {load} g > max_load_on_top {bt.max_load_on_top} g",
                )
            )
    if problem.enforce_drop_order and len({types[ps[i].box_type].drop for i in idx}) > 1:
        for i in idx:
            pa = ps[i]
            da = types[pa.box_type].drop
            for j in idx:
                pb = ps[j]
                if (
                    types[pb.box_type].drop > da
                    and pb.x >= pa.x + pa.dx
                    and _ov(pa.y, pa.y + pa.dy, pb.y, pb.y + pb.dy) > 0
                    and _ov(pa.z, pa.z + pa.dz, pb.z, pb.z + pb.dz) > 0
                ):
                    out.append(
                        Violation(
                            "drop_order",
                            (i, j),
                            f"box {j} (stop {types[pb.box_type].drop}) blocks box {i} "
                            f"(stop {da}) from the door",
                        )
                    )
    groups: dict[str, list[int]] = {}
    for t, bt in enumerate(types):
        if bt.group is not None:
            groups.setdefault(bt.group, []).append(t)
    for g, members in groups.items():
        placed = sum(min(counts[t], types[t].quantity) for t in members)
        total = sum(types[t].quantity for t in members)
        if 0 < placed < total:
            out.append(
                Violation(
                    "group_split", tuple(members), f"group {g}: {placed} of {total} boxes placed"
                )
            )
    return out
