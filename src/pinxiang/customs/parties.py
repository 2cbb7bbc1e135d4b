"""Parties and their filings (备案): "一划定、三备案、一联网" (market_procurement.md §1.1, §1.3).

Market merchants, the trade operator (or agent), the consolidator and foreign buyers are filed on
the platform. A deal is refused when a party is not on file or its filing is not valid that day.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pinxiang.customs.errors import PartyNotOnFile


class Role(enum.StrEnum):
    MERCHANT = "merchant"  # 市场经营户, often a 个体工商户
    OPERATOR = "operator"  # 市场采购贸易经营者 / 外贸代理商: the declaration's consignor
    CONSOLIDATOR = "consolidator"  # 组货人
    BUYER = "buyer"  # 采购商 (foreign purchaser)


@dataclass(frozen=True)
class TradeOperator:
    """The market procurement trade operator (§1.3): filed with the commerce authority and with
    customs as consignor. It is the declaration's 境内收发货人 (tradeName / tradeCodeScc)."""

    code: str
    name: str
    uscc: str  # 统一社会信用代码 (18 characters)
    customs_code: str  # 海关编码 (10 characters)
    ciq_code: str = ""


@dataclass(frozen=True)
class Consolidator:
    """The 组货人 (§1.3): runs the consolidation site and files the packing list."""

    code: str
    name: str
    uscc: str
    site: str  # the consolidation site (组货拼货场所)


@dataclass(frozen=True)
class Filing:
    """One filing of a party on the platform (or with customs), valid from/to inclusive.

    `valid_to` None = valid indefinitely (the customs consignor filing is 长期有效, §1.3)."""

    role: Role
    party_code: str
    filing_no: str
    authority: str  # e.g. "Yiwu Market Procurement Platform", "Jinhua Customs"
    valid_from: date
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(
                f"filing {self.filing_no}: valid_to {self.valid_to} is before "
                f"valid_from {self.valid_from}"
            )

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class FilingRegistry:
    """The filings the platform holds. Immutable: `with_filing` returns a new registry."""

    filings: tuple[Filing, ...] = ()

    @classmethod
    def of(cls, filings: Iterable[Filing]) -> FilingRegistry:
        return cls(tuple(filings))

    def with_filing(self, filing: Filing) -> FilingRegistry:
        return FilingRegistry((*self.filings, filing))

    def filings_of(self, role: Role, party_code: str) -> tuple[Filing, ...]:
        return tuple(f for f in self.filings if f.role == role and f.party_code == party_code)

    def require(self, role: Role, party_code: str, on: date, *, deal: str = "") -> Filing:
        """The filing of `party_code` in `role` valid on `on`, or PartyNotOnFile saying why."""
        context = f"{deal}: " if deal else ""
        found = self.filings_of(role, party_code)
        if not found:
            raise PartyNotOnFile(f"{context}{role.value} {party_code!r} is not on file (备案)")
        for f in found:
            if f.valid_on(on):
                return f
        spans = "; ".join(
            f"{f.filing_no} valid {f.valid_from}..{f.valid_to or 'open'}" for f in found
        )
        raise PartyNotOnFile(
            f"{context}{role.value} {party_code!r} has no filing valid on {on} ({spans})"
        )
