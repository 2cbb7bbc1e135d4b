"""A seeded week of a large Yiwu consolidator, for the consolidation scale benchmark.

Pure (standard library, `pinxiang.domain` and the demo catalogue): `generate_week(seed)` is
repeatable. Defaults give 10,000 cartons of 1,500 carton types for 60 buyers bound for 12
destinations, in two cut-offs a week per lane; one rail lane calls at two stops (Warsaw, then
Duisburg), so its containers are loaded in drop order. Carton sizes, weights and handling marks
come from the demo catalogue's product templates, varied per carton type."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pinxiang.demo.catalogue import TRADES, ProductTemplate
from pinxiang.domain.products import CartonSpec, Handling
from pinxiang.domain.shipments import Route


@dataclass(frozen=True)
class WeekLane:
    key: str
    destinations: tuple[str, ...]  # in stop order (first unloaded first)
    route: Route


LANES: tuple[WeekLane, ...] = (
    WeekLane("JEA", ("Jebel Ali",), Route.SEA_NINGBO),
    WeekLane("VAP", ("Valparaíso",), Route.SEA_NINGBO),
    WeekLane("LOS", ("Lagos",), Route.SEA_RAIL),
    WeekLane("MAD", ("Madrid",), Route.RAIL_CHINA_EUROPE),
    WeekLane("WAW-DUI", ("Warsaw", "Duisburg"), Route.RAIL_CHINA_EUROPE),
    WeekLane("ALA", ("Almaty",), Route.RAIL_CHINA_EUROPE),
    WeekLane("UMQ", ("Umm Qasr",), Route.SEA_NINGBO),
    WeekLane("MER", ("Mersin",), Route.SEA_NINGBO),
    WeekLane("SAN", ("Santos",), Route.SEA_TIANJIN),
    WeekLane("MZN", ("Manzanillo",), Route.SEA_NINGBO),
    WeekLane("DKR", ("Dakar",), Route.SEA_RAIL),
)


@dataclass(frozen=True)
class WeekLot:
    lot_no: str
    shipment_ref: str
    buyer_code: str
    merchant_code: str
    order_line_ref: str
    cartons: int
    carton: CartonSpec
    handling: Handling
    together: str | None


@dataclass(frozen=True)
class WeekShipment:
    ref: str
    lane: str
    route: Route
    cutoff: datetime
    stops: tuple[tuple[str, int], ...]  # buyer code -> stop index


@dataclass(frozen=True)
class MarketWeek:
    seed: int
    shipments: tuple[WeekShipment, ...]
    lots: tuple[WeekLot, ...]

    @property
    def cartons(self) -> int:
        return sum(lot.cartons for lot in self.lots)


def _templates() -> list[tuple[str, ProductTemplate]]:
    return [(t.key, p) for t in TRADES for p in t.templates]


def generate_week(
    seed: int,
    cartons: int = 10_000,
    carton_types: int = 1500,
    buyers: int = 60,
    start: datetime = datetime(2026, 11, 30, tzinfo=UTC),
) -> MarketWeek:
    rng = random.Random(seed)
    tpls = _templates()
    types: list[tuple[CartonSpec, Handling, str]] = []
    for i in range(carton_types):
        _, t = rng.choice(tpls)
        dims = [max(150, round(s * rng.uniform(0.8, 1.2) / 5) * 5) for s in t.carton_mm]
        gross = max(500, round(t.gross_g * rng.uniform(0.7, 1.3) / 10) * 10)
        spec = CartonSpec(dims[0], dims[1], dims[2], gross, min(gross, round(gross * 0.88)))
        types.append((spec, t.handling, f"M{i % 400 + 1:03d}"))
    # Buyer sizes: a few big buyers, many small ones (log-normal shares of the cartons).
    lane_of = [
        LANES[i % len(LANES)] if i < len(LANES) else rng.choice(LANES) for i in range(buyers)
    ]
    share = [rng.lognormvariate(0, 0.9) for _ in range(buyers)]
    total_share = sum(share)
    ships: dict[tuple[str, int], list[int]] = {}
    for b in range(buyers):
        ships.setdefault((lane_of[b].key, rng.randint(0, 1)), []).append(b)
    shipments: list[WeekShipment] = []
    ref_of: dict[int, str] = {}
    for n, ((lane_key, half), members) in enumerate(sorted(ships.items()), start=1):
        lane = next(ln for ln in LANES if ln.key == lane_key)
        ref = f"WK{seed % 10000:04d}-{n:02d}-{lane_key}"
        stops = tuple(
            (f"B{b + 1:03d}", b % len(lane.destinations))
            for b in members
            if len(lane.destinations) > 1
        )
        shipments.append(
            WeekShipment(ref, lane_key, lane.route, start + timedelta(days=2 + 3 * half), stops)
        )
        for b in members:
            ref_of[b] = ref
    lots: list[WeekLot] = []
    left = cartons
    line = 0
    type_order = list(range(carton_types))
    rng.shuffle(type_order)
    next_type = 0
    for b in range(buyers):
        want = round(cartons * share[b] / total_share) if b < buyers - 1 else left
        want = max(1, min(want, left - (buyers - b - 1)))
        left -= want
        together_open: str | None = None
        while want > 0:
            k = (
                type_order[next_type % carton_types]
                if next_type < carton_types
                else rng.randrange(carton_types)
            )
            next_type += 1
            spec, handling, merchant = types[k]
            n = min(want, max(1, round(rng.lognormvariate(1.6, 0.7))))
            want -= n
            line += 1
            together: str | None = None
            if together_open and rng.random() < 0.5:
                together = together_open
            elif rng.random() < 0.04:
                together_open = together = f"SET-{line:05d}"
            lots.append(
                WeekLot(
                    f"W{seed % 10000:04d}-{line:05d}",
                    ref_of[b],
                    f"B{b + 1:03d}",
                    merchant,
                    f"L{line:05d}",
                    n,
                    spec,
                    handling,
                    together,
                )
            )
    return MarketWeek(seed, tuple(shipments), tuple(lots))
