"""VAT exempt without refund (增值税免征不退): what each merchant files for a month's exports.

A market merchant files the exemption for goods exported under 1039 in the VAT filing period of
the month after export (报关出口次月纳税申报期). The report lists, per merchant, the list lines
exported in the month; with customs monthly rates given, each line also carries its CNY value and
the rate used (which rate the tax office expects is not in our sources: a design inference)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pinxiang.domain.money import Money
from pinxiang.domain.parties import Merchant
from pinxiang.settlement.fx import Conversion, convert, customs_monthly_rate
from pinxiang.settlement.receivables import Receivable

DECLARATION_CAP = Money.of(150_000, "USD")  # per declaration, 150,000 included


@dataclass(frozen=True)
class ExemptLine:
    declaration_no: str
    list_line_ref: str
    export_date: date
    description: str
    value: Money
    value_cny: Conversion | None


@dataclass(frozen=True)
class MerchantExemption:
    merchant_code: str
    merchant_name: str
    lines: tuple[ExemptLine, ...]

    def totals(self) -> dict[str, Money]:
        out: dict[str, Money] = {}
        for ln in self.lines:
            c = ln.value.currency
            out[c] = out[c] + ln.value if c in out else ln.value
        return dict(sorted(out.items()))

    @property
    def total_cny(self) -> Money | None:
        if any(ln.value_cny is None for ln in self.lines):
            return None
        return sum((ln.value_cny.to_money for ln in self.lines if ln.value_cny), Money.zero("CNY"))


@dataclass(frozen=True)
class VatExemptReport:
    export_year: int
    export_month: int
    filing_year: int
    filing_month: int
    merchants: tuple[MerchantExemption, ...]
    warnings: tuple[str, ...]

    @property
    def filing_period(self) -> str:
        return f"{self.filing_year}-{self.filing_month:02d}"


def vat_exempt_report(
    receivables: Iterable[Receivable],
    year: int,
    month: int,
    *,
    merchants: Mapping[str, Merchant] | None = None,
    customs_rates: Mapping[tuple[str, int, int], Decimal] | None = None,
) -> VatExemptReport:
    """The exports of `year`-`month` to file as VAT-exempt in the following month, per merchant.

    `customs_rates` (CNY per unit, keyed by (currency, year, month)) adds CNY values and lets the
    report check the USD 150,000 cap per declaration. Warnings name lines without a written agency
    agreement reference and declarations over the cap."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}: expected 1 to 12")
    merchants = merchants or {}
    in_month = sorted(
        (r for r in receivables if (r.export_date.year, r.export_date.month) == (year, month)),
        key=lambda r: (r.merchant_code, r.export_date, r.declaration_no, r.list_line_ref),
    )
    warnings: list[str] = []
    lines: dict[str, list[ExemptLine]] = {}
    decl_usd: dict[str, Money] = {}
    for r in in_month:
        cny: Conversion | None = None
        if customs_rates is not None:
            on = r.export_date
            cny = convert(r.value, customs_monthly_rate(customs_rates, r.value.currency, "CNY", on))
            usd = convert(r.value, customs_monthly_rate(customs_rates, r.value.currency, "USD", on))
            decl_usd[r.declaration_no] = decl_usd.get(r.declaration_no, Money.zero("USD")) + (
                usd.to_money
            )
        if not r.agency_agreement:
            warnings.append(
                f"{r.merchant_code}: list line {r.list_line_ref} has no written agency agreement "
                "on record (required when the export is entrusted to an operator)"
            )
        lines.setdefault(r.merchant_code, []).append(
            ExemptLine(
                r.declaration_no, r.list_line_ref, r.export_date, r.description, r.value, cny
            )
        )
    for d, total in sorted(decl_usd.items()):
        if total > DECLARATION_CAP:
            warnings.append(
                f"declaration {d}: {total} in this month's lines exceeds the {DECLARATION_CAP} "
                "cap of a 1039 declaration"
            )
    rows = tuple(
        MerchantExemption(
            code, merchants[code].name_en if code in merchants else "", tuple(lines[code])
        )
        for code in sorted(lines)
    )
    fy, fm = (year + 1, 1) if month == 12 else (year, month + 1)
    return VatExemptReport(year, month, fy, fm, rows, tuple(warnings))
