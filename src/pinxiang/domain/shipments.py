"""Shipments (consolidations): cargo of one or more buyers for one destination, route, cut-off."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Route(enum.StrEnum):
    """How cargo leaves Yiwu (market_procurement.md §5.3, §1.7)."""

    SEA_NINGBO = "sea_ningbo"  # truck or sea-rail to Ningbo-Zhoushan, then by sea
    SEA_TIANJIN = "sea_tianjin"
    RAIL_CHINA_EUROPE = "rail_china_europe"  # China–Europe Railway Express from Yiwu West
    SEA_RAIL = "sea_rail"  # Yiwu–Ningbo sea-rail train, then by sea

    @property
    def label(self) -> str:
        return {
            Route.SEA_NINGBO: "Sea via Ningbo",
            Route.SEA_TIANJIN: "Sea via Tianjin",
            Route.RAIL_CHINA_EUROPE: "China–Europe rail",
            Route.SEA_RAIL: "Sea–rail via Ningbo",
        }[self]


@dataclass(frozen=True)
class Shipment:
    """A consolidation: the unit the planner turns into containers.

    `ref` is the business reference (e.g. "SH-2026-0001")."""

    ref: str
    buyer_codes: tuple[str, ...]
    destination_country: str  # ISO 3166 alpha-2
    destination: str  # port or city, e.g. "Jebel Ali" or "Madrid"
    route: Route
    cutoff: datetime

    def __post_init__(self) -> None:
        if self.cutoff.tzinfo is None:
            raise ValueError(f"shipment {self.ref}: cut-off must be timezone-aware")
        if not self.buyer_codes:
            raise ValueError(f"shipment {self.ref}: needs at least one buyer")
