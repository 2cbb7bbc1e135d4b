"""A picture of a loaded container: a 3-D view from the door side plus a side elevation."""

from __future__ import annotations

import colorsys
import hashlib
from pathlib import Path

from pinxiang.domain import CartonPlacement, ContainerLoad


def colour_for(key: str) -> tuple[float, float, float]:
    """A stable, distinct-enough colour per key (buyer, merchant...)."""
    h = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16)
    return colorsys.hls_to_rgb((h % 360) / 360, 0.55, 0.65)


def _faces(
    x: float, y: float, z: float, dx: float, dy: float, dz: float
) -> list[list[tuple[float, float, float]]]:
    p = [
        (x, y, z),
        (x + dx, y, z),
        (x + dx, y + dy, z),
        (x, y + dy, z),
        (x, y, z + dz),
        (x + dx, y, z + dz),
        (x + dx, y + dy, z + dz),
        (x, y + dy, z + dz),
    ]
    idx = [(0, 1, 2, 3), (4, 5, 6, 7), (0, 1, 5, 4), (2, 3, 7, 6), (1, 2, 6, 5), (0, 3, 7, 4)]
    return [[p[i] for i in f] for f in idx]


def render_png(
    load: ContainerLoad, inner_mm: tuple[int, int, int], path: Path, colour_by: str = "buyer"
) -> Path:
    """Write `path` (PNG). `inner_mm` is the container's inner length, width, height."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    L, W, H = inner_mm
    fig = plt.figure(figsize=(13, 8), dpi=110)
    grid = fig.add_gridspec(2, 1, height_ratios=(3, 2))
    ax = fig.add_subplot(grid[0], projection="3d")

    def key(p: CartonPlacement) -> str:
        return p.buyer_code if colour_by == "buyer" else p.merchant_code

    faces, colours = [], []
    for p in load.placements:
        c = colour_for(key(p))
        for f in _faces(p.x_mm, p.y_mm, p.z_mm, p.length_mm, p.width_mm, p.height_mm):
            faces.append(f)
            colours.append(c)
    ax.add_collection3d(
        Poly3DCollection(faces, facecolors=colours, edgecolors=(0, 0, 0, 0.35), linewidths=0.3)
    )
    for f in _faces(0, 0, 0, L, W, H):
        ax.plot(*zip(*([*f, f[0]]), strict=True), color="grey", linewidth=0.6)
    ax.set_xlim(0, L)
    ax.set_ylim(0, W)
    ax.set_zlim(0, H)
    ax.set_box_aspect((L, W * 1.6, H * 1.6), zoom=1.25)
    ax.view_init(elev=22, azim=-58)
    ax.set_xlabel("length mm (door →)")
    ax.set_axis_off()
    vol = load.volume_utilisation * 100
    wt = load.weight_utilisation * 100
    ax.set_title(
        f"{load.shipment_ref} · container {load.seq} · {load.container_type} · "
        f"{len(load.placements)} cartons · volume {vol:.1f} % · payload {wt:.1f} %",
        fontsize=11,
    )
    side = fig.add_subplot(grid[1])
    for p in sorted(load.placements, key=lambda p: -p.y_mm):
        side.add_patch(
            Rectangle(
                (p.x_mm, p.z_mm),
                p.length_mm,
                p.height_mm,
                facecolor=colour_for(key(p)),
                edgecolor="black",
                linewidth=0.3,
            )
        )
    side.set_xlim(0, L)
    side.set_ylim(0, H)
    side.set_aspect("equal")
    side.set_xlabel("side elevation, length in mm (front wall left, door right)")
    side.set_yticks([0, H])
    groups = sorted({key(p) for p in load.placements})
    side.legend(
        handles=[Patch(color=colour_for(g), label=g) for g in groups],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.35),
        ncol=min(8, len(groups)),
        fontsize=8,
        title=colour_by,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
