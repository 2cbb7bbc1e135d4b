"""Reference data shipped with the package (see SOURCE.md), read lazily."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class HsEntry:
    """One 8-digit Chinese tariff code with its names and legal units (unit2 may be empty)."""

    code8: str
    name_zh: str
    name_en: str
    unit1_code: str
    unit1_zh: str
    unit1_en: str
    unit2_code: str
    unit2_zh: str
    unit2_en: str


@cache
def hs_catalogue() -> dict[str, HsEntry]:
    """The China 2023 8-digit nomenclature keyed by code (8,957 entries)."""
    raw = resources.files(__package__).joinpath("cn_hs8_2023.csv.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    out: dict[str, HsEntry] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out[row["code8"]] = HsEntry(
            row["code8"],
            row["name_zh"],
            row["name_en"],
            row["unit1_code"],
            row["unit1_zh"],
            row["unit1_en"],
            row["unit2_code"],
            row["unit2_zh"],
            row["unit2_en"],
        )
    return out
