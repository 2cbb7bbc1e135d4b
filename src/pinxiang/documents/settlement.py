"""Settlement documents: the monthly VAT-exempt filing list (免征不退) and the statements of
account of a merchant and of a buyer, each as an Excel workbook and as a PDF.

The PDFs are in English with a core font: no CJK TrueType font is installed here
(`fc-list :lang=zh` finds none), so characters outside Latin-1 print as "?". The workbooks carry
the Chinese headers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

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


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _pdf(
    path: Path,
    title: str,
    meta: Sequence[str],
    sections: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]],
) -> Path:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    for m in meta:
        pdf.cell(0, 5, _latin1(m), new_x="LMARGIN", new_y="NEXT")
    for heading, headers, rows in sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 7, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=8)
        with pdf.table(text_align="LEFT", line_height=5) as table:
            table.row([_latin1(h) for h in headers])
            for row in rows:
                table.row([_latin1(_text(c)) for c in row])
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


TOTAL_HEADERS = ("Merchant", "Name", "Lines", "Value", "Currency", "CNY")


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
    headers = [h.split(" ", 1)[-1] for h in VAT_HEADERS]
    return _pdf(
        path,
        f"VAT exempt exports (market procurement 1039), filing period {report.filing_period}",
        _vat_meta(report),
        [("Totals per merchant", TOTAL_HEADERS, _vat_totals(report)),
         ("Lines", headers, _vat_rows(report))],
    )  # fmt: skip


# --- Merchant statement ----------------------------------------------------------------------

MERCHANT_LINE_HEADERS = (
    "报关单号 Declaration", "清单行 List line", "出口日期 Export date", "品名 Description",
    "销售 Sold", "已收 Collected", "未收 Outstanding", "币制 Currency",
)  # fmt: skip
MERCHANT_TOTAL_HEADERS = ("Currency", "Sold", "Collected", "Paid out", "Outstanding", "Held")
PAYOUT_HEADERS = ("Date", "Reference", "Amount", "Currency", "Paid", "Rate", "Rate source")


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
        ("Totals", MERCHANT_TOTAL_HEADERS, totals),
        ("Lines sold", [h.split(" ", 1)[-1] for h in MERCHANT_LINE_HEADERS], lines),
        ("Payouts", PAYOUT_HEADERS, payouts),
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
    return _pdf(path, "Merchant statement", meta, _merchant_sections(s))


# --- Buyer statement -------------------------------------------------------------------------

BUYER_LINE_HEADERS = (
    "报关单号 Declaration", "出口日期 Export date", "应收 Invoiced", "已付 Paid", "未付 Open",
    "币制 Currency",
)  # fmt: skip
BUYER_TOTAL_HEADERS = ("Currency", "Invoiced", "Paid", "Open", "Over-collected")
BUYER_PAYMENT_HEADERS = ("Date", "Receipt", "Received", "Applied", "Over-collected")


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
        ("Totals", BUYER_TOTAL_HEADERS, totals),
        ("Declarations", [h.split(" ", 1)[-1] for h in BUYER_LINE_HEADERS], lines),
        ("Payments", BUYER_PAYMENT_HEADERS, payments),
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
    return _pdf(path, "Buyer statement", meta, _buyer_sections(s))
