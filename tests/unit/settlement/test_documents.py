from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from pinxiang.documents.settlement import (
    write_buyer_statement_pdf,
    write_buyer_statement_xlsx,
    write_merchant_statement_pdf,
    write_merchant_statement_xlsx,
    write_vat_exempt_pdf,
    write_vat_exempt_xlsx,
)
from pinxiang.settlement import (
    allocate,
    buyer_statement,
    merchant_statement,
    vat_exempt_report,
)

from .builders import line, receipt

LINES = [
    line("L1", "6000.00", "M-TOYS", description="毛绒玩具 plush toys"),
    line("L2", "4000.00", "M-BAGS"),
]
RATES = {("USD", 2026, 10): Decimal("7.1")}
END = date(2026, 11, 30)


def test_the_vat_exempt_workbook_lists_each_line_with_its_cny_value_and_rate(
    tmp_path: Path,
) -> None:
    report = vat_exempt_report(LINES, 2026, 10, customs_rates=RATES)
    wb = load_workbook(write_vat_exempt_xlsx(tmp_path / "vat.xlsx", report))
    rows = [r for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0] == "M-TOYS"]
    assert rows[0][6:10] == (6000, "USD", 42600, 7.1)
    assert wb.worksheets[0]["A1"].value == "市场采购贸易出口货物免税申报 2026-11"


def test_the_vat_exempt_pdf_is_written_even_with_chinese_descriptions(tmp_path: Path) -> None:
    report = vat_exempt_report(LINES, 2026, 10, customs_rates=RATES)
    assert write_vat_exempt_pdf(tmp_path / "vat.pdf", report).read_bytes().startswith(b"%PDF")


def test_merchant_and_buyer_statements_render_as_workbooks_and_pdfs(tmp_path: Path) -> None:
    done = [allocate(receipt("5000.00"), LINES)]
    ms = merchant_statement("M-TOYS", LINES, done, [], END)
    bs = buyer_statement("B-ACME", LINES, done, END)
    wb = load_workbook(write_merchant_statement_xlsx(tmp_path / "m.xlsx", ms, "Yiwu Toys"))
    totals = [r for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0] == "USD"]
    assert totals == [("USD", 6000, 3000, 0, 3000, 3000)]
    wb = load_workbook(write_buyer_statement_xlsx(tmp_path / "b.xlsx", bs, "Acme Trading LLC"))
    totals = [r for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0] == "USD"]
    assert totals == [("USD", 10000, 5000, 5000, 0)]
    for p in (
        write_merchant_statement_pdf(tmp_path / "m.pdf", ms, "Yiwu Toys"),
        write_buyer_statement_pdf(tmp_path / "b.pdf", bs),
    ):
        assert p.read_bytes().startswith(b"%PDF")


def test_without_a_cjk_font_the_pdf_prints_the_english_half() -> None:
    from pinxiang.documents.settlement import _english

    assert _english("商户 Merchant") == "Merchant"
    assert _english("毛绒玩具 plush toys") == "plush toys"
    assert _english("PO-1 毛绒") == "PO-1 ??"
    assert _english("USD 3,000.00") == "USD 3,000.00"


def test_statements_embed_the_cjk_font_only_when_there_is_one(tmp_path: Path) -> None:
    import pytest

    from pinxiang.documents import settlement as docs
    from pinxiang.documents.declarations import find_cjk_font

    done = [allocate(receipt("5000.00"), LINES)]
    ms = merchant_statement("M-TOYS", LINES, done, [], END)
    sections = docs._merchant_sections(ms)
    plain = docs._pdf(
        tmp_path / "en.pdf", "商户对账单 Merchant statement", [], sections, use_cjk=False
    )
    assert b"CJK" not in plain.read_bytes()
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed")
    both = docs._pdf(tmp_path / "zh.pdf", "商户对账单 Merchant statement", [], sections, font)
    assert b"CJK" in both.read_bytes()
