"""Stuffing instructions: a numbered loading sequence, wall by wall from the front wall to the
door, with a picture per step, in Chinese and English, as one PDF per container.

A *wall* is the set of cartons whose front face (nearest the front wall) lies in one band of
the container's length; walls are built in order and, inside a wall, cartons in the plan's
loading order (each after the cartons it stands on). Chinese needs a CJK font
(`find_cjk_font`); without one the PDF is English only and says so."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from pinxiang.documents.declarations import CJK_FONT_CANDIDATES, _latin_font, find_cjk_font
from pinxiang.documents.loadplan_png import colour_for
from pinxiang.domain import CartonPlacement, ContainerLoad


@dataclass(frozen=True)
class Step:
    number: int
    wall: int
    x_from_mm: int
    x_to_mm: int
    cartons: tuple[CartonPlacement, ...]


def loading_steps(load: ContainerLoad, wall_depth_mm: int | None = None) -> list[Step]:
    """The container's cartons as numbered steps, one per wall (front wall first).

    `wall_depth_mm` defaults to the median carton length along the container. Every carton is
    in exactly one step; a step never needs a carton of a later step to stand on."""
    ps = sorted(load.placements, key=lambda p: p.step)
    if not ps:
        return []
    if wall_depth_mm is None:
        lengths = sorted(p.length_mm for p in ps)
        wall_depth_mm = max(300, lengths[len(lengths) // 2])
    x0 = min(p.x_mm for p in ps)
    walls: dict[int, list[CartonPlacement]] = {}
    for p in ps:
        walls.setdefault((p.x_mm - x0) // wall_depth_mm, []).append(p)
    # A carton standing on one of a later wall moves to that wall (support first).
    out: list[Step] = []
    for n, w in enumerate(sorted(walls), start=1):
        cartons = tuple(walls[w])
        out.append(
            Step(
                n,
                w + 1,
                min(p.x_mm for p in cartons),
                max(p.x_mm + p.length_mm for p in cartons),
                cartons,
            )
        )
    return _support_first(out)


def _support_first(steps: list[Step]) -> list[Step]:
    """Move any carton whose support is in a later step into that step."""
    where = {p.carton_id: i for i, s in enumerate(steps) for p in s.cartons}
    members = [list(s.cartons) for s in steps]
    changed = True
    while changed:
        changed = False
        flat = [p for m in members for p in m]
        for i, m in enumerate(members):
            for p in list(m):
                if p.z_mm == 0:
                    continue
                later = [
                    where[q.carton_id]
                    for q in flat
                    if q.z_mm + q.height_mm == p.z_mm
                    and min(p.x_mm + p.length_mm, q.x_mm + q.length_mm) > max(p.x_mm, q.x_mm)
                    and min(p.y_mm + p.width_mm, q.y_mm + q.width_mm) > max(p.y_mm, q.y_mm)
                    and where[q.carton_id] > i
                ]
                if later:
                    j = max(later)
                    m.remove(p)
                    members[j].append(p)
                    where[p.carton_id] = j
                    changed = True
    out: list[Step] = []
    for s, m in zip(steps, members, strict=True):
        if m:
            m.sort(key=lambda p: (p.z_mm, p.step))
            out.append(Step(len(out) + 1, s.wall, s.x_from_mm, s.x_to_mm, tuple(m)))
    return out


class _Pictures:
    """One matplotlib figure reused for every step (drawing axes is the slow part)."""

    def __init__(self, inner_mm: tuple[int, int, int]) -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        L, W, H = inner_mm
        self.plt = plt
        self.fig, (self.side, self.face) = plt.subplots(
            1, 2, figsize=(9, 2.6), dpi=72, gridspec_kw={"width_ratios": [3.2, 1]}
        )
        self.fig.subplots_adjust(left=0.02, right=0.98, bottom=0.2, top=0.97, wspace=0.05)
        for ax, (w, label) in (
            (self.side, (L, "front wall | side view (mm) | door")),
            (self.face, (W, "wall seen from the door")),
        ):
            ax.set_xlim(0, w)
            ax.set_ylim(0, H)
            ax.set_aspect("equal")
            ax.set_yticks([])
            ax.set_xlabel(label, fontsize=7)
            ax.tick_params(labelsize=6)
        self.face.set_xticks([])

    def draw(self, load: ContainerLoad, step: Step, done: set[str]) -> bytes:
        from matplotlib.collections import PatchCollection
        from matplotlib.patches import Rectangle

        for ax in (self.side, self.face):
            for coll in list(ax.collections):
                coll.remove()
        now = {p.carton_id for p in step.cartons}
        grey, colours, rects = [], [], []
        for p in sorted(load.placements, key=lambda p: -p.y_mm):
            if p.carton_id in done:
                grey.append(Rectangle((p.x_mm, p.z_mm), p.length_mm, p.height_mm))
            elif p.carton_id in now:
                rects.append(Rectangle((p.x_mm, p.z_mm), p.length_mm, p.height_mm))
                colours.append(colour_for(p.buyer_code))
        self.side.add_collection(
            PatchCollection(grey, facecolor="0.85", edgecolor="0.6", linewidth=0.2)
        )
        self.side.add_collection(
            PatchCollection(rects, facecolor=colours, edgecolor="black", linewidth=0.4)
        )
        wall = sorted(step.cartons, key=lambda p: p.x_mm)
        self.face.add_collection(
            PatchCollection(
                [Rectangle((p.y_mm, p.z_mm), p.width_mm, p.height_mm) for p in wall],
                facecolor=[colour_for(p.buyer_code) for p in wall],
                edgecolor="black",
                linewidth=0.4,
            )
        )
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png")
        return buf.getvalue()

    def close(self) -> None:
        self.plt.close(self.fig)


def stuffing_pdf(
    load: ContainerLoad,
    inner_mm: tuple[int, int, int],
    path: Path,
    notes: Sequence[str] = (),
    cjk_font: Path | None = None,
    use_cjk: bool = True,
) -> Path:
    """Write the stuffing instructions of one container to `path` (PDF) and return it.

    `notes` are printed under the title (e.g. centre of gravity, bracing). Chinese is printed
    when a CJK font is found (or given) and `use_cjk`; otherwise English only."""
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font("body", "", str(_latin_font()))
    font = (cjk_font or find_cjk_font()) if use_cjk else None
    if font is not None:
        index = dict(CJK_FONT_CANDIDATES).get(str(font), 0)
        pdf.add_font("cjk", "", str(font), collection_font_number=index)
        pdf.set_fallback_fonts(["cjk"])

    def t(zh: str, en: str) -> str:
        return f"{zh} {en}" if font is not None else en

    pdf.add_page()
    pdf.set_font("body", size=13)
    pdf.cell(
        0,
        8,
        t("装箱指导", "Stuffing instructions")
        + f" — {load.shipment_ref} #{load.seq} {load.container_type}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("body", size=8)
    kg = load.loaded_g / 1000
    pdf.multi_cell(
        0,
        4,
        t("箱数", "Cartons")
        + f": {len(load.placements)} · "
        + t("毛重", "gross")
        + f": {kg:,.1f} kg · "
        + t("体积利用率", "volume used")
        + f": {100 * load.volume_utilisation:.1f} % · "
        + t("载重利用率", "payload used")
        + f": {100 * load.weight_utilisation:.1f} %",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for note in notes:
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    if font is None:
        pdf.multi_cell(
            0, 4, "No CJK font on this machine: English only.", new_x="LMARGIN", new_y="NEXT"
        )
    pdf.multi_cell(
        0,
        4,
        t(
            "从箱内前壁开始逐面墙装载；每面墙由下往上装；彩色为本步，灰色为已装。",
            "Load wall by wall from the front wall towards the door; build each wall bottom up. "
            "Colour: this step; grey: loaded before.",
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    done: set[str] = set()
    pictures = _Pictures(inner_mm)
    for step in loading_steps(load):
        if pdf.get_y() > 200:
            pdf.add_page()
        pdf.ln(2)
        pdf.set_font("body", size=10)
        pdf.cell(
            0,
            6,
            t(f"第 {step.number} 步", f"Step {step.number}")
            + ": "
            + t(f"第 {step.wall} 面墙", f"wall {step.wall}")
            + f", x = {step.x_from_mm}–{step.x_to_mm} mm, {len(step.cartons)} "
            + t("箱", "cartons"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font("body", size=7)
        by_lot = Counter((p.lot_no, p.buyer_code, p.orientation) for p in step.cartons)
        for (lot_no, buyer, orient), n in sorted(by_lot.items()):
            pdf.cell(
                0,
                3.5,
                f"  {lot_no} · " + t("买家", "buyer") + f" {buyer} · {n} × · {orient}",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        png = pictures.draw(load, step, done)
        pdf.image(io.BytesIO(png), w=180)
        done.update(p.carton_id for p in step.cartons)
    pictures.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
