"""Stuffing instructions: numbered steps wall by wall, every carton once, supports first."""

from __future__ import annotations

from pathlib import Path

import pytest

from pinxiang.documents.declarations import find_cjk_font
from pinxiang.documents.stuffing import loading_steps, stuffing_pdf
from pinxiang.services.planning import plan_cargo
from tests.unit.consolidation.builders import FAST, cargo, lot

LOAD = plan_cargo(
    cargo(lot("A1", "A", 40, (600, 400, 400)), lot("B1", "B", 30, (500, 400, 350))), FAST
).plan.containers[0]


def test_every_carton_is_in_exactly_one_numbered_step() -> None:
    steps = loading_steps(LOAD)
    ids = [p.carton_id for s in steps for p in s.cartons]
    assert sorted(ids) == sorted(p.carton_id for p in LOAD.placements)
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))


def test_no_carton_stands_on_a_carton_of_a_later_step() -> None:
    steps = loading_steps(LOAD)
    step_of = {p.carton_id: s.number for s in steps for p in s.cartons}
    for p in LOAD.placements:
        for q in LOAD.placements:
            below = (
                q.z_mm + q.height_mm == p.z_mm
                and min(p.x_mm + p.length_mm, q.x_mm + q.length_mm) > max(p.x_mm, q.x_mm)
                and min(p.y_mm + p.width_mm, q.y_mm + q.width_mm) > max(p.y_mm, q.y_mm)
            )
            if below:
                assert step_of[q.carton_id] <= step_of[p.carton_id]


def test_steps_go_from_the_front_wall_to_the_door() -> None:
    starts = [s.x_from_mm for s in loading_steps(LOAD)]
    assert starts == sorted(starts)


def test_an_english_only_pdf_is_written_without_a_cjk_font(tmp_path: Path) -> None:
    path = stuffing_pdf(LOAD, (5898, 2352, 2385), tmp_path / "s.pdf", ["note"], use_cjk=False)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000


@pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")
def test_a_bilingual_pdf_is_written_with_the_machines_cjk_font(tmp_path: Path) -> None:
    path = stuffing_pdf(LOAD, (5898, 2352, 2385), tmp_path / "s.pdf")
    assert path.read_bytes().startswith(b"%PDF")
