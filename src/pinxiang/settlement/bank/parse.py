"""`parse_statement`: one entry point for bank statement files, format detected from content."""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Literal

from pinxiang.settlement.bank.camt053_reader import read_camt053
from pinxiang.settlement.bank.common import StatementError, to_receipts
from pinxiang.settlement.bank.csv_reader import HEADER, read_csv
from pinxiang.settlement.bank.mt940_reader import read_mt940
from pinxiang.settlement.receipts import BankReceipt

Format = Literal["mt940", "camt053", "csv"]
READERS = {"mt940": read_mt940, "camt053": read_camt053, "csv": read_csv}


def detect_format(data: bytes) -> Format | None:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    if head.startswith(b"<"):
        return "camt053"
    if head.startswith(b"{1:") or re.search(rb"(?m)^:20:", head):
        return "mt940"
    first = head.split(b"\n", 1)[0].lower()
    if b"record" in first and b"amount" in first:
        return "csv"
    return None


def parse_statement(
    source: str | os.PathLike[str] | bytes,
    format: Format | None = None,
    *,
    name: str | None = None,
    accounts: Collection[str] | Mapping[str, str] | None = None,
) -> list[BankReceipt]:
    """The receipts (credits) in a statement file, all or nothing.

    `source` is a path or the file's bytes (then `name` labels messages). `accounts`, when given,
    lists the collecting accounts the file may be for; a mapping account -> currency also checks
    the statement's currency. Raises `StatementError` naming the file, the line or element, and
    what was expected, for a truncated or malformed file, an unknown currency code, a statement
    whose opening balance plus entries is not its closing balance, or an unknown account."""
    if isinstance(source, bytes):
        data, file = source, name or "<bytes>"
    else:
        path = Path(source)
        data, file = path.read_bytes(), name or path.name
    fmt = format or detect_format(data)
    if fmt is None:
        raise StatementError(
            file,
            "line 1",
            f"cannot tell the format; expected MT940 (:20:), camt.053 XML or CSV ({HEADER})",
        )
    if fmt not in READERS:
        raise ValueError(f"unknown statement format {fmt!r}; expected one of {', '.join(READERS)}")
    return to_receipts(file, READERS[fmt](file, data), accounts)


__all__ = ["Format", "StatementError", "detect_format", "parse_statement"]
