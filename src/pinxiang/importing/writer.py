"""Write the forwarder's workbook: a blank template, or rows (the demo market day)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from pinxiang.importing.schema import SHEETS

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_OPTIONAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def _cell_value(v: object) -> object:
    if isinstance(v, Decimal):
        return float(v) if v == v.quantize(Decimal("0.001")) else str(v)
    if isinstance(v, datetime):
        return v.isoformat(sep=" ", timespec="minutes")
    if isinstance(v, bool):
        return "Y" if v else "N"
    return v


def write_workbook(
    path: Path, rows: Mapping[str, Sequence[Mapping[str, object]]] | None = None
) -> Path:
    """One sheet per table of `schema.SHEETS`, bilingual headers with a note on each column.

    With `rows` None the workbook is a blank template."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        for i, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=i, value=col.header)
            cell.font = Font(bold=True)
            cell.fill = _HEADER_FILL if col.required else _OPTIONAL_FILL
            need = "required" if col.required else "optional"
            cell.comment = Comment(f"{col.kind.value} ({need})", "Pinxiang")
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(col.header) + 4)
        ws.freeze_panes = "A2"
        for r, row in enumerate((rows or {}).get(sheet.key, ()), start=2):
            for i, col in enumerate(sheet.columns, start=1):
                ws.cell(row=r, column=i, value=_cell_value(row.get(col.key)))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
