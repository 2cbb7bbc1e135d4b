"""SWIFT MT940 customer statements, read strictly with line numbers.

Why not the installed `mt940` package: it accepts damaged files silently. With it, an amount
written "2500.50" reads as 2500 or the entry vanishes; a malformed :61: line is folded into the
previous entry's details; a file cut before :62F: parses with no closing balance; an unknown
currency code ("XXQ") passes; and its errors carry no line numbers. For all-or-nothing imports
with messages naming the line, this reader checks every field against the MT940 layout."""

from __future__ import annotations

import re
from dataclasses import dataclass
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

TAG = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
BALANCE = re.compile(r"^(?P<dc>[CD])(?P<date>\d{6})(?P<ccy>[A-Za-z]{3})(?P<amount>\d[\d,.]*)$")
ENTRY = re.compile(
    r"^(?P<date>\d{6})(?P<entry>\d{4})?(?P<dc>R?[CD])(?P<funds>[A-Z])?(?P<amount>\d[\d,.]*)"
    r"(?P<type>[NSF][A-Z0-9]{3})(?P<cref>.{1,16}?)(?://(?P<bref>.{1,16}))?$"
)
AMOUNT = re.compile(r"^\d{1,12},\d{0,2}$")
DAMAGED_TAG = re.compile(r"^\d{2}[A-Z]?:")  # a tag that lost its leading colon
MAX_LINES = {"61": 2, "86": 6}  # lines a field may span
INFO_CODE = re.compile(r"/(ORDP|NAME|REMI|EREF|CNTY|BENM|ADDR|PURP)/")


@dataclass
class _Field:
    tag: str
    line: int
    text: str


def _fields(file: str, text: str) -> list[_Field]:
    fields: list[_Field] = []
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line or line in ("-", "-}") or line.startswith(("{1:", "{2:", "{3:", "{5:")):
            continue
        if line.startswith("{4:"):
            line = line[3:]
            if not line:
                continue
        m = TAG.match(line)
        if m:
            fields.append(_Field(m.group(1), no, m.group(2)))
        elif line.startswith(":") or DAMAGED_TAG.match(line):
            raise StatementError(
                file, f"line {no}", f"unexpected text {line[:30]!r}; expected a field like :61:"
            )
        elif fields and fields[-1].tag in MAX_LINES:
            fields[-1].text += "\n" + line
            if fields[-1].text.count("\n") >= MAX_LINES[fields[-1].tag]:
                raise StatementError(
                    file,
                    f"line {no}",
                    f":{fields[-1].tag}: runs past {MAX_LINES[fields[-1].tag]} lines; "
                    "expected a new field",
                )
        else:
            raise StatementError(
                file, f"line {no}", f"unexpected text {line[:30]!r}; expected a field like :61:"
            )
    return fields


def _date(file: str, where: str, yymmdd: str) -> date:
    try:
        return date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except ValueError:
        raise StatementError(file, where, f"date {yymmdd!r} is not a valid YYMMDD date") from None


def _amount(file: str, where: str, text: str, currency: str) -> Money:
    if not AMOUNT.match(text):
        raise StatementError(
            file, where, f"amount {text!r}: expected digits with a decimal comma, e.g. 2500,50"
        )
    return Money(decimal_or_error(file, where, text.replace(",", "."), "2500,50"), currency)


def _balance(file: str, f: _Field) -> RawBalance:
    where = f"line {f.line} (:{f.tag}:)"
    m = BALANCE.match(f.text.strip())
    if not m:
        raise StatementError(
            file, where, f"balance {f.text!r}: expected C|D, YYMMDD, currency, amount"
        )
    ccy = currency_or_error(file, where, m["ccy"])
    _date(file, where, m["date"])
    money = _amount(file, where, m["amount"], ccy)
    return RawBalance(where, money if m["dc"] == "C" else -money)


def _info(text: str) -> tuple[str, str, str]:
    """(payer name, payer country, remittance info) from an :86: field."""
    flat = text.replace("\n", "")
    parts = INFO_CODE.split(flat)
    if len(parts) < 3:
        return "", "", " ".join(text.split())
    codes = dict(zip(parts[1::2], (p.strip().strip("/") for p in parts[2::2]), strict=True))
    return (
        codes.get("ORDP") or codes.get("NAME", ""),
        codes.get("CNTY", "")[:2].upper(),
        codes.get("REMI", ""),
    )


def _entry(file: str, f: _Field, currency: str, info: str) -> RawEntry:
    where = f"line {f.line} (:61:)"
    first = f.text.split("\n", 1)[0].strip()
    m = ENTRY.match(first)
    if not m:
        raise StatementError(
            file,
            where,
            f"entry {first!r}: expected value date YYMMDD, [entry date MMDD], C|D|RC|RD, amount "
            "with a decimal comma, type code (e.g. NTRF), reference[//bank reference]",
        )
    value_date = _date(file, where, m["date"])
    money = _amount(file, where, m["amount"], currency)
    credit = m["dc"] in ("C", "RD")  # a reversal of a debit is a credit
    payer, country, remittance = _info(info)
    ref = (m["bref"] or m["cref"]).strip()
    return RawEntry(
        where,
        value_date,
        money if credit else -money,
        ref,
        payer,
        country,
        remittance,
        is_reversal=m["dc"].startswith("R"),
    )


def read_mt940(file: str, data: bytes) -> list[RawStatement]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise StatementError(file, f"line {line}", "not UTF-8/SWIFT text") from None
    fields = _fields(file, text)
    if not fields:
        raise StatementError(file, "line 1", "empty statement; expected MT940 fields (:20:)")
    statements: list[RawStatement] = []
    i = 0
    while i < len(fields):
        f = fields[i]
        if f.tag != "20":
            raise StatementError(
                file, f"line {f.line}", f"unexpected :{f.tag}:; expected :20: to start a statement"
            )
        start = f.line
        i += 1
        account, account_line = "", start
        opening: RawBalance | None = None
        closing: RawBalance | None = None
        entries: list[RawEntry] = []
        last_line = start
        while i < len(fields) and fields[i].tag != "20":
            f = fields[i]
            last_line = f.line + f.text.count("\n")
            if f.tag == "25":
                account, account_line = f.text.strip(), f.line
            elif f.tag in ("60F", "60M"):
                opening = _balance(file, f)
            elif f.tag == "61":
                if closing is not None:
                    raise StatementError(
                        file, f"line {f.line}", "entry after the closing balance (:62F:)"
                    )
                if opening is None:
                    raise StatementError(
                        file, f"line {f.line}", "entry before the opening balance (:60F:)"
                    )
                info = ""
                if i + 1 < len(fields) and fields[i + 1].tag == "86":
                    info = fields[i + 1].text
                    i += 1
                entries.append(_entry(file, f, opening.amount.currency, info))
            elif f.tag in ("62F", "62M"):
                closing = _balance(file, f)
            i += 1
        if not account:
            raise StatementError(file, f"line {start}", "statement has no account (:25:)")
        if opening is None:
            raise StatementError(file, f"line {start}", "statement has no opening balance (:60F:)")
        if closing is not None and closing.amount.currency != opening.amount.currency:
            raise StatementError(
                file,
                closing.where,
                f"closing balance in {closing.amount.currency}; "
                f"expected the opening currency {opening.amount.currency}",
            )
        statements.append(
            RawStatement(
                account,
                f"line {account_line} (:25:)",
                opening.amount.currency,
                opening,
                closing,
                f"line {last_line}",
                ":62F: after the last entry",
                tuple(entries),
            )
        )
    return statements
