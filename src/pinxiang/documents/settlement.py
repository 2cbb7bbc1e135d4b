"""Settlement documents: the monthly VAT-exempt filing list (免征不退) and the statements of
account of a merchant and of a buyer, each as an Excel workbook and as a PDF.

Headers and titles are bilingual ("商户 Merchant"). The PDFs print them, and Chinese product
names, when a CJK font is installed (`declarations.find_cjk_font`, e.g. Debian's
fonts-noto-cjk); without one they print the English half and a "?" for each CJK character, and
say so. The workbooks always carry the Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from pinxiang.documents.declarations import CJK_FONT_CANDIDATES, _latin_font, find_cjk_font
from pinxiang.domain import Money
from pinxiang.settlement import BuyerStatement, MerchantStatement, VatExemptReport

Cell = str | Decimal | None
AMOUNT_FORMAT = "#,##0.00"


def _sheet(
    ws: Worksheet,
    title: str,
    meta: Sequence[str],
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    for m in meta:
        ws.append([m])
    ws.append([])
    ws.append(list(headers))
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
        for c in ws[ws.max_row]:
            if isinstance(c.value, Decimal):
                c.number_format = AMOUNT_FORMAT
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(12, len(h) + 4)


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _english(text: str) -> str:
    """The English half of a bilingual label ("商户 Merchant" -> "Merchant"); other text keeps
    its Latin part, each CJK character becoming "?"."""
    head, _, tail = text.partition(" ")
    if tail and head and all(_is_cjk(ch) for ch in head):
        return tail
    return "".join("?" if _is_cjk(ch) else ch for ch in text)


def _pdf(
    path: Path,
    title: str,
    meta: Sequence[str],
    sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]],
    cjk_font: Path | None = None,
    use_cjk: bool = True,
) -> Path:
    font = (cjk_font or find_cjk_font()) if use_cjk else None
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.add_font("body", "", str(_latin_font()))
    if font is not None:
        index = dict(CJK_FONT_CANDIDATES).get(str(font), 0)
        pdf.add_font("cjk", "", str(font), collection_font_number=index)
        pdf.set_fallback_fonts(["cjk"])

    def t(text: str) -> str:
        return text if font is not None else _english(text)

    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("body", size=14)
    pdf.cell(0, 9, t(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", size=9)
    for m in meta:
        pdf.cell(0, 5, t(m), new_x="LMARGIN", new_y="NEXT")
    if font is None:
        pdf.cell(0, 5, "No CJK font on this machine: English only.", new_x="LMARGIN", new_y="NEXT")
    for heading, headers, rows in sections:
        pdf.ln(3)
        pdf.set_font("body", size=10)
        pdf.cell(0, 7, t(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", size=7 if len(headers) > 8 else 8)
        heads = FontFace(emphasis="", fill_color=(230, 230, 230))  # no bold face is embedded
        with pdf.table(text_align="LEFT", line_height=5, headings_style=heads) as table:
            table.row([t(h) for h in headers])
            for row in rows:
                table.row([t(_text(c)) for c in row])
    pdf.output(str(path))
    return path


def _text(c: Cell) -> str:
    if c is None:
        return ""
    if isinstance(c, Decimal):
        return f"{c:,}"  # amounts arrive rounded to their minor unit, rates as recorded
    return c


def _m(m: Money) -> Decimal:
    return m.rounded().amount


# --- VAT exempt without refund ---------------------------------------------------------------

VAT_HEADERS = (
    "商户 Merchant", "商户名称 Name", "报关单号 Declaration", "清单行 List line",
    "出口日期 Export date", "品名 Description", "货值 Value", "币制 Currency",
    "人民币 CNY", "汇率 Rate", "汇率来源 Rate source",
)  # fmt: skip


def _vat_rows(report: VatExemptReport) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for m in report.merchants:
        for ln in m.lines:
            c = ln.value_cny
            rows.append([
                m.merchant_code, m.merchant_name, ln.declaration_no, ln.list_line_ref,
                ln.export_date.isoformat(), ln.description, _m(ln.value), ln.value.currency,
                _m(c.to_money) if c else None, c.rate if c else None, c.source if c else None,
            ])  # fmt: skip
    return rows


def _vat_totals(report: VatExemptReport) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for m in report.merchants:
        cny = m.total_cny
        for ccy, total in m.totals().items():
            rows.append(
                [m.merchant_code, m.merchant_name, str(len(m.lines)), _m(total), ccy,
                 _m(cny) if cny else None]
            )  # fmt: skip
    return rows


TOTAL_HEADERS = (
    "商户 Merchant",
    "名称 Name",
    "行数 Lines",
    "货值 Value",
    "币制 Currency",
    "人民币 CNY",
)


def _vat_meta(report: VatExemptReport) -> list[str]:
    return [
        f"Exports of {report.export_year}-{report.export_month:02d}, to file as VAT exempt "
        f"without refund in the tax period {report.filing_period}",
        *(f"Warning: {w}" for w in report.warnings),
    ]


def write_vat_exempt_xlsx(path: Path, report: VatExemptReport) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "免税申报 VAT exempt"
    title = f"市场采购贸易出口货物免税申报 {report.filing_period}"
    _sheet(ws, title, _vat_meta(report), VAT_HEADERS, _vat_rows(report))
    _sheet(wb.create_sheet("汇总 Totals"), title, [], TOTAL_HEADERS, _vat_totals(report))
    wb.save(path)
    return path


def write_vat_exempt_pdf(path: Path, report: VatExemptReport) -> Path:
    return _pdf(
        path,
        f"市场采购贸易出口免税申报 VAT exempt exports (market procurement 1039), "
        f"filing period {report.filing_period}",
        _vat_meta(report),
        [("按商户汇总 Totals per merchant", TOTAL_HEADERS, _vat_totals(report)),
         ("明细 Lines", VAT_HEADERS, _vat_rows(report))],
    )  # fmt: skip


# --- Merchant statement ----------------------------------------------------------------------

MERCHANT_LINE_HEADERS = (
    "报关单号 Declaration", "清单行 List line", "出口日期 Export date", "品名 Description",
    "销售 Sold", "已收 Collected", "未收 Outstanding", "币制 Currency",
)  # fmt: skip
MERCHANT_TOTAL_HEADERS = (
    "币制 Currency", "销售 Sold", "已收 Collected", "已付 Paid out", "未收 Outstanding",
    "留存 Held",
)  # fmt: skip
PAYOUT_HEADERS = (
    "日期 Date", "参考号 Reference", "金额 Amount", "币制 Currency", "实付 Paid", "汇率 Rate",
    "汇率来源 Rate source",
)  # fmt: skip


def _merchant_sections(s: MerchantStatement) -> list[tuple[str, Sequence[str], list[list[Cell]]]]:
    lines: list[list[Cell]] = [
        [ln.declaration_no, ln.list_line_ref, ln.export_date.isoformat(), ln.description,
         _m(ln.sold), _m(ln.collected), _m(ln.outstanding), ln.sold.currency]
        for ln in s.lines
    ]  # fmt: skip
    totals: list[list[Cell]] = [
        [t.currency, _m(t.sold), _m(t.collected), _m(t.paid_out), _m(t.outstanding), _m(t.held)]
        for t in s.totals
    ]
    payouts: list[list[Cell]] = [
        [p.paid_on.isoformat(), p.reference, _m(p.amount), p.amount.currency,
         str(p.conversion.to_money) if p.conversion else None,
         p.conversion.rate if p.conversion else None,
         p.conversion.source if p.conversion else None]
        for p in s.payouts
    ]  # fmt: skip
    return [
        ("合计 Totals", MERCHANT_TOTAL_HEADERS, totals),
        ("销售明细 Lines sold", MERCHANT_LINE_HEADERS, lines),
        ("付款 Payouts", PAYOUT_HEADERS, payouts),
    ]


def write_merchant_statement_xlsx(path: Path, s: MerchantStatement, name: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "对账单 Statement"
    meta = [f"Merchant {s.merchant_code} {name}".strip(), f"As of {s.as_of.isoformat()}"]
    sections = _merchant_sections(s)
    _sheet(ws, "商户对账单 Merchant statement", meta, sections[0][1], sections[0][2])
    _sheet(wb.create_sheet("明细 Lines"), "明细 Lines", meta, MERCHANT_LINE_HEADERS, sections[1][2])
    _sheet(wb.create_sheet("付款 Payouts"), "付款 Payouts", meta, PAYOUT_HEADERS, sections[2][2])
    wb.save(path)
    return path


def write_merchant_statement_pdf(path: Path, s: MerchantStatement, name: str = "") -> Path:
    meta = [f"Merchant {s.merchant_code} {name}".strip(), f"As of {s.as_of.isoformat()}"]
    return _pdf(path, "商户对账单 Merchant statement", meta, _merchant_sections(s))


# --- Buyer statement -------------------------------------------------------------------------

BUYER_LINE_HEADERS = (
    "报关单号 Declaration", "出口日期 Export date", "应收 Invoiced", "已付 Paid", "未付 Open",
    "币制 Currency",
)  # fmt: skip
BUYER_TOTAL_HEADERS = (
    "币制 Currency", "应收 Invoiced", "已付 Paid", "未付 Open", "多收 Over-collected",
)  # fmt: skip
BUYER_PAYMENT_HEADERS = (
    "日期 Date", "收款 Receipt", "收到 Received", "核销 Applied", "多收 Over-collected",
)  # fmt: skip


def _buyer_sections(s: BuyerStatement) -> list[tuple[str, Sequence[str], list[list[Cell]]]]:
    lines: list[list[Cell]] = [
        [ln.declaration_no, ln.export_date.isoformat(), _m(ln.invoiced), _m(ln.paid),
         _m(ln.open), ln.invoiced.currency]
        for ln in s.lines
    ]  # fmt: skip
    totals: list[list[Cell]] = [
        [t.currency, _m(t.invoiced), _m(t.paid), _m(t.open), _m(t.over_collected)] for t in s.totals
    ]
    payments: list[list[Cell]] = [
        [p.on.isoformat(), p.receipt_key, str(p.received), str(p.applied), str(p.over_collected)]
        for p in s.payments
    ]
    return [
        ("合计 Totals", BUYER_TOTAL_HEADERS, totals),
        ("报关单 Declarations", BUYER_LINE_HEADERS, lines),
        ("付款 Payments", BUYER_PAYMENT_HEADERS, payments),
    ]


def write_buyer_statement_xlsx(path: Path, s: BuyerStatement, name: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "对账单 Statement"
    meta = [f"Buyer {s.buyer_code} {name}".strip(), f"As of {s.as_of.isoformat()}"]
    sections = _buyer_sections(s)
    _sheet(ws, "采购商对账单 Buyer statement", meta, sections[0][1], sections[0][2])
    _sheet(wb.create_sheet("报关单 Declarations"), "报关单 Declarations", meta,
           BUYER_LINE_HEADERS, sections[1][2])  # fmt: skip
    _sheet(wb.create_sheet("付款 Payments"), "付款 Payments", meta, BUYER_PAYMENT_HEADERS,
           sections[2][2])  # fmt: skip
    wb.save(path)
    return path


def write_buyer_statement_pdf(path: Path, s: BuyerStatement, name: str = "") -> Path:
    meta = [f"Buyer {s.buyer_code} {name}".strip(), f"As of {s.as_of.isoformat()}"]
    return _pdf(path, "采购商对账单 Buyer statement", meta, _buyer_sections(s))
