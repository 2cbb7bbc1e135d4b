"""HS codes. China declares goods under 10-digit codes: the 8-digit national tariff code plus
two supplementary digits (附加码). We keep the edition the code belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TEN_DIGITS = re.compile(r"^\d{10}$")


class InvalidHsCode(ValueError):
    pass


@dataclass(frozen=True)
class HsCode:
    """A 10-digit Chinese commodity code and the nomenclature edition it is taken from."""

    code: str
    edition: str = "CN2023"

    def __post_init__(self) -> None:
        if not _TEN_DIGITS.match(self.code):
            raise InvalidHsCode(
                f"HS code {self.code!r} must be exactly 10 digits (8-digit tariff code + 2 "
                "supplementary digits), e.g. 9503008900"
            )

    @classmethod
    def parse(cls, text: str, edition: str = "CN2023") -> HsCode:
        """Accept '9503.00.8900', '9503 00 89 00' or an 8-digit code (padded with '00').

        A spreadsheet that stored the code as a number drops a leading zero (chapters 01–09)
        and may add '.0'; both are repaired."""
        raw = str(text).strip()
        if re.fullmatch(r"\d+\.0", raw):
            raw = raw[:-2]
        digits = re.sub(r"[\s.\-]", "", raw)
        if re.fullmatch(r"\d{7}|\d{9}", digits):
            digits = "0" + digits
        if re.fullmatch(r"\d{8}", digits):
            digits += "00"
        return cls(digits, edition)

    @property
    def chapter(self) -> str:
        return self.code[:2]

    @property
    def heading(self) -> str:
        return self.code[:4]

    @property
    def subheading(self) -> str:
        return self.code[:6]

    @property
    def tariff8(self) -> str:
        return self.code[:8]

    def __str__(self) -> str:
        return self.code
