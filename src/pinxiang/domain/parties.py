"""The people and firms of a market procurement deal."""

from __future__ import annotations

from dataclasses import dataclass

DISTRICTS = (
    "District 1",  # 一区: toys, flowers, jewellery
    "District 2",  # 二区: hardware, electrical, bags
    "District 3",  # 三区: stationery, sports, cosmetics
    "District 4",  # 四区: socks, daily necessities, textiles
    "District 5",  # 五区: imported goods, bedding, auto parts
)


@dataclass(frozen=True)
class Merchant:
    """A market merchant (市场经营户), often an individual business (个体工商户) with a stall.

    `code` is the business reference (unique); `licence_id` is the unified social credit code or
    business licence number."""

    code: str
    name_zh: str
    name_en: str
    market: str  # e.g. "Yiwu International Trade City"
    district: str  # e.g. "District 1"
    stall: str  # e.g. "1-A-2031" (district-floor-stall)
    licence_id: str
    individual: bool = True  # a private individual business: personal FX quota applies


@dataclass(frozen=True)
class Buyer:
    """A foreign purchaser (采购商), whose identity the platform records with each deal."""

    code: str
    name: str
    nationality: str  # ISO 3166 alpha-2
    id_document: str  # passport or national ID number
    company: str
    country: str  # ISO 3166 alpha-2 of the company

    @property
    def remarks_identity(self) -> str:
        """The identity text that goes in a declaration's remarks (备注)."""
        return f"{self.name}/{self.nationality}/{self.id_document}"
