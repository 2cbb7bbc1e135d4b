"""Read a forwarder's workbook (.xlsx) or one table (.csv) into raw cells with their positions.

Headers are matched in English or Chinese; sheets are recognised by name or, failing that, by
their headers. Nothing is interpreted here beyond locating sheets and columns."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pinxiang.importing.problems import Problem
from pinxiang.importing.schema import SHEETS, Column, Sheet


def _norm(text: object) -> str:
    return re.sub(r"[\s_()（）/:：*]+", "", str(text or "")).lower()


def _header_names(col: Column) -> set[str]:
    return {_norm(n) for n in (col.key, col.en, col.zh, col.header, *col.aliases)}


def _sheet_names(sheet: Sheet) -> set[str]:
    return {_norm(n) for n in (sheet.key, sheet.en, sheet.zh, sheet.title)}


@dataclass
class RawRow:
    number: int  # 1-based row number as the user sees it in the file
    cells: dict[str, Any]  # column key -> raw value
    letters: dict[str, str]  # column key -> column letter (xlsx) or header name (csv)


@dataclass
class RawSheet:
    sheet: Sheet
    name: str  # as named in the file
    rows: list[RawRow] = field(default_factory=list)
    broken: bool = False  # a required column is missing: rows are kept only for reference


@dataclass
class RawFile:
    path: Path
    sheets: list[RawSheet]
    problems: list[Problem]


def _match_columns(
    path: Path, sheet_label: str, sheet: Sheet, headers: list[Any]
) -> tuple[dict[str, int], list[Problem]]:
    found: dict[str, int] = {}
    problems: list[Problem] = []
    normed = [_norm(h) for h in headers]
    for col in sheet.columns:
        names = _header_names(col)
        idx = next((i for i, h in enumerate(normed) if h in names), None)
        if idx is not None:
            found[col.key] = idx
        elif col.required:
            problems.append(
                Problem(
                    path.name,
                    sheet_label,
                    1,
                    col.header,
                    None,
                    f"missing column '{col.header}'; add a column headed '{col.en}' or "
                    f"'{col.zh}' (run `pinxiang template` for a blank workbook)",
                )
            )
    return found, problems


def _guess_sheet(headers: list[Any]) -> Sheet | None:
    normed = {_norm(h) for h in headers if h is not None}
    best, score = None, 0
    for sheet in SHEETS:
        hits = sum(1 for c in sheet.columns if c.required and _header_names(c) & normed)
        required = sum(1 for c in sheet.columns if c.required)
        if hits > score and hits >= max(2, required // 2):
            best, score = sheet, hits
    return best


def _rows_from_matrix(
    path: Path, label: str, sheet: Sheet, matrix: list[list[Any]], letters_of: list[str]
) -> tuple[RawSheet, list[Problem]]:
    headers = matrix[0] if matrix else []
    cols, problems = _match_columns(path, label, sheet, headers)
    raw = RawSheet(sheet, label, broken=bool(problems))
    for r, values in enumerate(matrix[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        cells = {k: (values[i] if i < len(values) else None) for k, i in cols.items()}
        letters = {k: letters_of[i] if i < len(letters_of) else str(i + 1) for k, i in cols.items()}
        raw.rows.append(RawRow(r, cells, letters))
    return raw, problems


def read_file(path: Path) -> RawFile:
    """Locate the sheets and columns of `path`; problems name file, sheet, row and column."""
    suffix = path.suffix.lower()
    if not path.exists():
        return RawFile(path, [], [Problem(path.name, "", 0, "", None, "file not found")])
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    return RawFile(
        path,
        [],
        [Problem(path.name, "", 0, "", suffix, "unsupported file type; use .xlsx or .csv")],
    )


def _read_xlsx(path: Path) -> RawFile:
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        msg = f"cannot open as an Excel workbook ({type(exc).__name__}); save it again as .xlsx"
        return RawFile(path, [], [Problem(path.name, "", 0, "", None, msg)])
    sheets: list[RawSheet] = []
    problems: list[Problem] = []
    try:
        for ws in wb.worksheets:
            matrix = [list(r) for r in ws.iter_rows(values_only=True)]
            if not matrix or all(v is None for v in matrix[0]):
                continue
            sheet = next((s for s in SHEETS if _norm(ws.title) in _sheet_names(s)), None)
            sheet = sheet or _guess_sheet(matrix[0])
            if sheet is None:
                expected = ", ".join(f"'{s.title}'" for s in SHEETS)
                problems.append(
                    Problem(
                        path.name,
                        ws.title,
                        1,
                        "",
                        None,
                        f"sheet '{ws.title}' is not one Pinxiang reads: expected one of "
                        f"{expected}; rename it or remove it",
                    )
                )
                continue
            letters = [get_column_letter(i + 1) for i in range(len(matrix[0]))]
            raw, probs = _rows_from_matrix(path, ws.title, sheet, matrix, letters)
            sheets.append(raw)
            problems.extend(probs)
    finally:
        wb.close()
    if not sheets and not problems:
        problems.append(Problem(path.name, "", 0, "", None, "the workbook has no data"))
    return RawFile(path, sheets, problems)


def _read_csv(path: Path) -> RawFile:
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        return RawFile(path, [], [Problem(path.name, "", 0, "", None, "not UTF-8 or GB18030 text")])
    matrix: list[list[Any]] = [list(r) for r in csv.reader(io.StringIO(text))]
    if not matrix:
        return RawFile(path, [], [Problem(path.name, "", 0, "", None, "the file is empty")])
    stem = _norm(path.stem)
    sheet = next((s for s in SHEETS if any(n and n in stem for n in _sheet_names(s))), None)
    sheet = _guess_sheet(matrix[0]) or sheet
    if sheet is None:
        expected = ", ".join(s.key for s in SHEETS)
        msg = f"cannot tell which table this is from its headers; expected one of: {expected}"
        return RawFile(path, [], [Problem(path.name, "", 1, "", None, msg)])
    raw, problems = _rows_from_matrix(path, sheet.en, sheet, matrix, [str(h) for h in matrix[0]])
    return RawFile(path, [raw], problems)
