"""Printable declaration (PDF) and the declarant's workbook (.xlsx), from `pinxiang.customs`.

The PDF embeds a Unicode TrueType font. Chinese names need a CJK-capable font: `find_cjk_font`
looks in the usual system places (Noto CJK, WenQuanYi, AR PL, Droid fallback) or takes one as
an argument. Without one, the PDF prints the English name and says that the Chinese text is in
the .xlsx, which always carries every field as declared (Excel brings its own CJK fonts).
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pinxiang.customs import DEFAULT_POLICY, CustomsPolicy, Declaration, declaration_to_json

CJK_FONT_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2 = SC
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)

HEAD_LABELS: dict[str, str] = {
    "customMaster": "申报地海关 Customs of declaration",
    "iEPort": "出境关别 Exit customs",
    "tradeName": "境内发货人 Consignor (operator)",
    "tradeCodeScc": "统一社会信用代码 USCC",
    "tradeCusCode": "海关编码 Customs code",
    "overseasConsignorEname": "境外收货人 Overseas consignee",
    "tradeMode": "监管方式 Supervision mode",
    "trafMode": "运输方式 Transport mode",
    "tradeCountry": "运抵国 Country of arrival",
    "distinatePort": "指运港 Destination port",
    "transMode": "成交方式 Incoterm",
    "packNo": "件数 Packages",
    "wrapType": "包装种类 Package type",
    "grossWt": "毛重(千克) Gross kg",
    "netWt": "净重(千克) Net kg",
    "entyPort": "离境口岸 Departure port",
    "goodSplace": "货物存放地点 Goods location",
    "markNo": "标记唛码 Marks",
    "noteS": "备注 Remarks",
}

LINE_LABELS: dict[str, str] = {
    "gNo": "项号",
    "codeTs": "商品编号",
    "gName": "商品名称",
    "gModel": "规格型号(申报要素)",
    "gQty": "成交数量",
    "gUnit": "成交单位",
    "declPrice": "单价",
    "declTotal": "总价",
    "tradeCurr": "币制",
    "qty1": "法定第一数量",
    "unit1": "法定第一单位",
    "qty2": "法定第二数量",
    "unit2": "法定第二单位",
    "originCountry": "原产国",
    "destinationCountry": "最终目的国",
    "district": "境内货源地",
    "dutyMode": "征免方式",
}

CONTAINER_LABELS: dict[str, str] = {
    "containerNo": "集装箱号",
    "containerSize": "规格",
    "containerWeight": "自重(千克)",
    "lclFlag": "拼箱标识",
    "goodsNo": "商品项号关系",
}


def find_cjk_font(candidates: Sequence[tuple[str, int]] = CJK_FONT_CANDIDATES) -> Path | None:
    """The first installed CJK-capable font file, or None."""
    for path, _ in candidates:
        if Path(path).is_file():
            return Path(path)
    return None


def _latin_font() -> Path:
    """DejaVu Sans: from the system, or the copy matplotlib (a dependency) ships."""
    system = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if system.is_file():
        return system
    spec = importlib.util.find_spec("matplotlib")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if bundled.is_file():
            return bundled
    raise FileNotFoundError("no DejaVuSans.ttf found for the declaration PDF")


class _Pdf(FPDF):
    ref: str = ""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(size=7)
        self.cell(0, 5, f"{self.ref} — page {self.page_no()}/{{nb}}", align="R")


def declaration_pdf(
    decl: Declaration,
    *,
    policy: CustomsPolicy = DEFAULT_POLICY,
    cjk_font: Path | None = None,
    cjk_font_index: int | None = None,
) -> bytes:
    """A printable A4 (landscape) draft of the declaration for the declarant to check.

    `cjk_font` defaults to `find_cjk_font()`; without one, Chinese text is replaced by English
    names or a pointer to the .xlsx."""
    doc = declaration_to_json(decl)
    head: dict[str, str] = doc["decHead"]  # type: ignore[assignment]
    lines: list[dict[str, str]] = doc["decLists"]  # type: ignore[assignment]
    boxes: list[dict[str, str]] = doc["decContainers"]  # type: ignore[assignment]

    pdf = _Pdf(orientation="L", unit="mm", format="A4")
    pdf.ref = decl.ref
    pdf.set_creation_date(datetime.combine(decl.shipment.declared_on, datetime.min.time(), UTC))
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font("body", "", str(_latin_font()))
    font_path = cjk_font or find_cjk_font()
    if font_path is not None:
        index = cjk_font_index
        if index is None:
            index = dict(CJK_FONT_CANDIDATES).get(str(font_path), 0)
        pdf.add_font("cjk", "", str(font_path), collection_font_number=index)
        pdf.set_fallback_fonts(["cjk"])
    cjk = font_path is not None
    pdf.set_font("body", size=9)
    pdf.add_page()

    def zh(text: str, fallback: str) -> str:
        if cjk or text.isascii():
            return text
        latin = "".join(ch for ch in text if ord(ch) < 0x2E80)
        return fallback or latin

    pdf.set_font(size=13)
    title = "出口货物报关单 Export declaration" if cjk else "Export declaration"
    pdf.cell(0, 8, f"{title} — {decl.ref} (draft for the declarant)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(size=8)
    pdf.cell(
        0,
        5,
        f"Market procurement (1039) · declared {decl.shipment.declared_on} · "
        f"total USD {decl.total_usd:,} (cap USD {policy.value_cap_usd:,}) · "
        f"{decl.total} · lists: {', '.join(decl.list_nos)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if not cjk:
        pdf.cell(
            0,
            5,
            "No CJK font on this machine: Chinese names and declaration elements are in the .xlsx.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(2)

    pdf.set_font(size=8)
    keys = list(HEAD_LABELS)
    half = (len(keys) + 1) // 2
    for i in range(half):
        for key in (keys[i], keys[i + half] if i + half < len(keys) else None):
            if key is None:
                continue
            label = HEAD_LABELS[key]
            label = label if cjk else label.split(" ", 1)[1]
            value = zh(head.get(key, ""), fallback="(Chinese, see .xlsx)")
            pdf.cell(62, 5, _fit(pdf, f"{label} ({key})", 62), border=1)
            pdf.cell(76, 5, _fit(pdf, value, 76), border=1)
        pdf.ln(5)
    pdf.ln(3)

    cols = [
        ("gNo", 9),
        ("codeTs", 22),
        ("gName", 60),
        ("qty1", 30),
        ("qty2", 30),
        ("gQty", 30),
        ("declPrice", 22),
        ("declTotal", 28),
        ("tradeCurr", 12),
        ("dutyMode", 10),
        ("src", 24),
    ]
    names = {
        "src": "list lines",
        "qty1": "legal qty 1",
        "qty2": "legal qty 2",
        "gQty": "trade qty",
        "tradeCurr": "curr",
        "dutyMode": "duty",
    }
    pdf.set_font(size=7)
    for key, width in cols:
        pdf.cell(width, 5, names.get(key, key), border=1, align="C")
    pdf.ln(5)
    for dl, row in zip(decl.lines, lines, strict=True):
        unit = {u: _unit(u, policy, cjk) for u in (row["unit1"], row["unit2"], row["gUnit"])}
        cells = {
            "gNo": row["gNo"],
            "codeTs": row["codeTs"],
            "gName": zh(row["gName"], dl.g_name_en) + (" (merged)" if dl.merged else ""),
            "qty1": f"{row['qty1']} {unit[row['unit1']]}",
            "qty2": f"{row['qty2']} {unit[row['unit2']]}" if row["unit2"] else "",
            "gQty": f"{row['gQty']} {unit[row['gUnit']]}",
            "declPrice": row["declPrice"],
            "declTotal": row["declTotal"],
            "tradeCurr": row["tradeCurr"],
            "dutyMode": row["dutyMode"],
            "src": f"{len(dl.sources)}: {dl.sources[0]}" + ("…" if len(dl.sources) > 1 else ""),
        }
        for key, width in cols:
            align = "R" if key in ("declPrice", "declTotal") else "L"
            pdf.cell(width, 5, _fit(pdf, cells[key], width), border=1, align=align)
        pdf.ln(5)

    if boxes:
        pdf.ln(3)
        for key, width in (("containerNo", 35), ("containerSize", 20), ("containerWeight", 25)):
            pdf.cell(width, 5, key, border=1)
        pdf.cell(15, 5, "lclFlag", border=1)
        pdf.cell(60, 5, "goodsNo", border=1)
        pdf.ln(5)
        for b in boxes:
            pdf.cell(35, 5, b["containerNo"], border=1)
            pdf.cell(20, 5, b["containerSize"], border=1)
            pdf.cell(25, 5, b["containerWeight"], border=1)
            pdf.cell(15, 5, b["lclFlag"], border=1)
            pdf.cell(60, 5, _fit(pdf, b["goodsNo"], 60), border=1)
            pdf.ln(5)

    pdf.ln(3)
    pdf.set_font(size=7)
    trace = "; ".join(f"{ref}→{dl.g_no}" for dl in decl.lines for ref in dl.sources)
    pdf.multi_cell(0, 4, f"List line → 项号 trace: {trace}" if cjk else f"Trace: {trace}")
    return bytes(pdf.output())


UNIT_EN: dict[str, str] = {
    "001": "units", "006": "sets", "007": "pcs", "008": "pcs", "010": "sheets", "011": "pcs",
    "012": "pcs", "015": "pcs", "016": "pcs", "017": "pcs", "019": "pairs", "020": "pcs",
    "021": "groups", "025": "pairs", "026": "pairs", "030": "m", "032": "m2", "035": "kg",
    "036": "g", "095": "l", "125": "packs", "127": "doz", "136": "bags", "140": "boxes",
    "142": "bottles", "163": "pcs",
}  # fmt: skip


def _unit(code: str, policy: CustomsPolicy, cjk: bool) -> str:
    """A unit for print: its Chinese name when a CJK font is there, else English, and the code."""
    if not code:
        return ""
    name = policy.unit_name(code) if cjk else UNIT_EN.get(code, "")
    return f"{name} [{code}]" if name and name != code else code


def _fit(pdf: FPDF, text: str, width_mm: float) -> str:
    """`text` cut with an ellipsis to fit a cell of `width_mm` (1 mm padding each side)."""
    room = width_mm - 2
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


NUMERIC_KEYS = frozenset({"gQty", "declPrice", "declTotal", "qty1", "qty2"})


def _cell_value(key: str, text: str) -> str | Decimal:
    """Quantities and amounts as exact numbers in the sheet; codes (HS, units, 项号) stay text."""
    return Decimal(text) if key in NUMERIC_KEYS and text else text


def declarations_xlsx(decls: Sequence[Declaration]) -> bytes:
    """One sheet per declaration (header, lines, containers, with single-window keys and
    Chinese labels) and a `trace` sheet mapping every list line to its 项号."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    bold = Font(bold=True)
    for decl in decls:
        doc = declaration_to_json(decl)
        head: dict[str, str] = doc["decHead"]  # type: ignore[assignment]
        lines: list[dict[str, str]] = doc["decLists"]  # type: ignore[assignment]
        boxes: list[dict[str, str]] = doc["decContainers"]  # type: ignore[assignment]
        ws = wb.create_sheet(f"D{decl.seq:02d}")
        ws.append(["declaration", decl.ref, "total USD", decl.total_usd])
        ws.append([])
        ws.append(["字段 key", "含义 meaning", "值 value"])
        for key, value in head.items():
            ws.append([key, HEAD_LABELS.get(key, ""), value])
        ws.append([])
        keys = list(LINE_LABELS)
        ws.append([*keys, "sources"])
        ws.append([*LINE_LABELS.values(), "清单行 list lines"])
        for row, dl in zip(lines, decl.lines, strict=True):
            ws.append([_cell_value(k, row[k]) for k in keys] + [", ".join(dl.sources)])
        if boxes:
            ws.append([])
            ws.append(list(CONTAINER_LABELS))
            ws.append(list(CONTAINER_LABELS.values()))
            for b in boxes:
                ws.append([b[k] for k in CONTAINER_LABELS])
        for row_cells in ws.iter_rows(min_row=1, max_row=3):
            for c in row_cells:
                c.font = bold
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 30
        ws.column_dimensions["C"].width = 40
        for c in ws["C"]:
            c.alignment = Alignment(wrap_text=False)
    trace = wb.create_sheet("trace")
    trace.append(["declaration", "gNo", "codeTs", "list line", "merged"])
    for decl in decls:
        for dl in decl.lines:
            for ref in dl.sources:
                trace.append([decl.ref, dl.g_no, dl.code_ts, ref, "yes" if dl.merged else ""])
    if decls:
        stamp = datetime.combine(decls[0].shipment.declared_on, datetime.min.time())
        wb.properties.created = stamp
        wb.properties.modified = stamp
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
