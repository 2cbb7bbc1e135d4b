from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from pinxiang.customs import DEFAULT_POLICY, Declaration, attach_containers, build_declarations
from pinxiang.documents import declarations as documents

from .builders import FX, OPERATOR, SHIPMENT, simple_list
from .test_declarations import worked_lists


def decls() -> list[Declaration]:
    out = build_declarations(worked_lists(), DEFAULT_POLICY, FX, SHIPMENT, OPERATOR)
    first = out[0]
    out[0] = attach_containers(
        first, [("CSQU3054383", "40HQ", 3860, True, [first.lines[0].sources[0]])]
    )
    return out


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render as on a machine without a CJK font (fast: only DejaVu is embedded)."""
    monkeypatch.setattr(documents, "find_cjk_font", lambda *a: None)


def test_pdf_is_a_pdf_with_the_fonts_this_machine_has() -> None:
    pdf = documents.declaration_pdf(decls()[0])
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


@pytest.mark.usefixtures("no_cjk_font")
def test_pdf_without_a_cjk_font_still_renders_and_is_reproducible() -> None:
    d = decls()[1]
    pdf = documents.declaration_pdf(d)
    assert pdf.startswith(b"%PDF-")
    assert documents.declaration_pdf(d) == pdf


def test_workbook_has_a_sheet_per_declaration_with_chinese_names_and_a_trace() -> None:
    ds = decls()
    wb = load_workbook(io.BytesIO(documents.declarations_xlsx(ds)))

    assert wb.sheetnames == ["D01", "D02", "trace"]
    values = [c for row in wb["D01"].iter_rows(values_only=True) for c in row if c is not None]
    assert "1039" in values
    assert ds[0].lines[0].g_name in values  # Chinese declared name
    assert "CSQU3054383" in values
    assert "Omar Haddad/AE/P1234567" in values
    trace_rows = list(wb["trace"].iter_rows(min_row=2, values_only=True))
    assert len(trace_rows) == 30
    assert {r[3] for r in trace_rows} == {ln.ref for tl in worked_lists() for ln in tl.lines}


def test_workbook_amounts_are_numbers() -> None:
    ds = build_declarations(
        [simple_list("L1", [("9503008900", "1234.56")])], DEFAULT_POLICY, FX, SHIPMENT, OPERATOR
    )
    ws = load_workbook(io.BytesIO(documents.declarations_xlsx(ds)))["D01"]
    header = next(row for row in ws.iter_rows(values_only=True) if row and row[0] == "gNo")
    row = next(r for r in ws.iter_rows(values_only=True) if r and r[1] == "9503008900")
    assert Decimal(str(row[header.index("declTotal")])) == Decimal("1234.56")
