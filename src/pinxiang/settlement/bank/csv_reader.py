"""A plain CSV statement export, one account per file.

Columns (header row required, any order): record, account, date, reference, amount, currency, and
optionally payer_name, payer_country, remittance_info. `record` is `opening`, `entry` or
`closing`; amounts use a decimal point, credits positive and debits negative. Opening and closing
rows are optional but come as a pair; when present the file must balance."""

from __future__ import annotations

import csv
import io
from datetime import date

from pinxiang.domain.money import Money
from pinxiang.settlement.bank.common import (
    RawBalance,
    RawEntry,
    RawStatement,
    StatementError,
    currency_or_error,
    decimal_or_error,
)

REQUIRED = ("record", "account", "date", "reference", "amount", "currency")
OPTIONAL = ("payer_name", "payer_country", "remittance_info")
HEADER = ",".join(REQUIRED + OPTIONAL)


def read_csv(file: str, data: bytes) -> list[RawStatement]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise StatementError(file, f"line {line}", "not UTF-8 text") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise StatementError(
            file, "line 1", f"header lacks {', '.join(missing)}; expected columns {HEADER}"
        )
    account = ""
    currency = ""
    opening: RawBalance | None = None
    closing: RawBalance | None = None
    entries: list[RawEntry] = []
    last = 1
    for row in reader:
        last = reader.line_num
        where = f"line {last}"
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise StatementError(
                file,
                where,
                f"{len(row)} columns; expected {len(header)} ({','.join(header)})",
            )
        rec = dict(zip(header, (c.strip() for c in row), strict=True))
        ccy = currency_or_error(file, where, rec["currency"])
        if not account:
            account, currency = rec["account"], ccy
        elif rec["account"] != account:
            raise StatementError(
                file, where, f"account {rec['account']!r}; expected {account!r} as on line 2"
            )
        elif ccy != currency:
            raise StatementError(file, where, f"currency {ccy}; expected {currency} as on line 2")
        money = Money(decimal_or_error(file, where, rec["amount"], "2500.50"), ccy)
        if closing is not None:
            raise StatementError(file, where, "row after the closing balance")
        kind = rec["record"].lower()
        if kind == "opening":
            if entries or opening:
                raise StatementError(file, where, "opening balance must be the first row")
            opening = RawBalance(where, money)
        elif kind == "closing":
            closing = RawBalance(where, money)
        elif kind == "entry":
            try:
                value_date = date.fromisoformat(rec["date"])
            except ValueError:
                raise StatementError(
                    file, where, f"date {rec['date']!r}; expected YYYY-MM-DD"
                ) from None
            if not rec["reference"]:
                raise StatementError(file, where, "entry without a reference")
            entries.append(
                RawEntry(
                    where,
                    value_date,
                    money,
                    rec["reference"],
                    rec.get("payer_name", ""),
                    rec.get("payer_country", "").upper(),
                    rec.get("remittance_info", ""),
                )
            )
        else:
            raise StatementError(
                file, where, f"record {rec['record']!r}; expected opening, entry or closing"
            )
    if not account:
        raise StatementError(file, "line 2", "no rows; expected at least one entry")
    return [
        RawStatement(
            account,
            "line 2",
            currency,
            opening,
            closing,
            f"line {last}",
            "a closing row",
            tuple(entries),
        )
    ]
