"""A realistic, reproducible Yiwu market day: merchants, buyers, orders, shipments, receipts.

Pure: standard library, `pinxiang.domain` and the tables in `pinxiang.demo.catalogue`. All
randomness comes from `random.Random(seed)`, so `generate_market_day(s) == generate_market_day(s)`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from pinxiang.demo.catalogue import (
    BRANDS,
    BUYERS,
    COMPANY_FORMS,
    ELEMENTS_HEAD,
    INDIVIDUAL_FORMS,
    LANES,
    MARKET,
    PRICE_RATE,
    TRADES,
    VARIANTS,
    BuyerProfile,
    ProductTemplate,
)
from pinxiang.domain.hs import HsCode
from pinxiang.domain.money import Money
from pinxiang.domain.orders import OrderLine, PurchaseOrder
from pinxiang.domain.parties import Buyer, Merchant
from pinxiang.domain.products import CartonSpec, Product
from pinxiang.domain.receipts import WarehouseReceipt
from pinxiang.domain.shipments import Shipment

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_SEED = 20261129
DEFAULT_DAY = date(2026, 12, 1)
DISCREPANCY_SHARE = 0.05

# Unified social credit code (GB 32100-2015): alphabet and check-digit weights.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_YIWU_DIVISION = "330782"


@dataclass(frozen=True)
class MarketDay:
    """Everything that happened on one market day, as the forwarder's system sees it."""

    day: date
    seed: int
    merchants: tuple[Merchant, ...]
    buyers: tuple[Buyer, ...]
    shipments: tuple[Shipment, ...]
    products: tuple[Product, ...]
    orders: tuple[PurchaseOrder, ...]
    receipts: tuple[WarehouseReceipt, ...]

    def product(self, merchant_code: str, sku: str) -> Product:
        for p in self.products:
            if p.merchant_code == merchant_code and p.sku == sku:
                return p
        raise KeyError(f"no product {sku!r} of merchant {merchant_code!r}")


def uscc_check_char(first17: str) -> str:
    """The 18th (check) character of a unified social credit code."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def _licence_id(rng: random.Random, individual: bool) -> str:
    # 9 = registered with market regulation; 2 = individual business, 1 = enterprise.
    head = ("92" if individual else "91") + _YIWU_DIVISION
    body = "MA" + "".join(rng.choice(_USCC_CHARS[:10] + "ABCDEFGHJK") for _ in range(7))
    first17 = head + body
    return first17 + uscc_check_char(first17)


def _passport(rng: random.Random, nationality: str) -> str:
    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    def letters(n: int) -> str:
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))

    formats = {
        "ES": lambda: letters(3) + digits(6),
        "PL": lambda: letters(2) + digits(7),
        "CL": lambda: "F" + digits(8),
        "PE": lambda: digits(9),
        "NG": lambda: "A" + digits(8),
    }
    return formats.get(nationality, lambda: letters(1) + digits(7))()


def _round_to(value: float, step: int) -> int:
    return max(step, round(value / step) * step)


def _price(usd: Decimal, currency: str, factor: float) -> Money:
    amount = usd * PRICE_RATE[currency] * Decimal(str(round(factor, 4)))
    q = Decimal("0.001") if amount < Decimal("0.1") else Decimal("0.01")
    return Money(max(q, amount.quantize(q, ROUND_HALF_UP)), currency)


def _merchants_and_products(
    rng: random.Random,
) -> tuple[list[Merchant], list[Product], dict[tuple[str, str], Decimal], dict[str, str]]:
    merchants: list[Merchant] = []
    products: list[Product] = []
    base_price: dict[tuple[str, str], Decimal] = {}
    trade_of: dict[str, str] = {}
    total = sum(t.merchants for t in TRADES)
    brands = rng.sample(BRANDS, total)
    stalls: set[str] = set()
    n = 0
    for trade in TRADES:
        d = trade.district.split()[-1]
        for _ in range(trade.merchants):
            brand_zh, brand_en = brands[n]
            n += 1
            code = f"M{n:03d}"
            individual = rng.random() < 0.8
            form_zh, form_en = rng.choice(INDIVIDUAL_FORMS if individual else COMPANY_FORMS)
            stall = ""
            while not stall or stall in stalls:
                floor = rng.randint(1, 4)
                stall = f"{d}-F{floor}-{d}{floor}{rng.randint(1, 999):03d}"
            stalls.add(stall)
            merchants.append(
                Merchant(
                    code=code,
                    name_zh=f"义乌市{brand_zh}{trade.zh}{form_zh}",
                    name_en=f"Yiwu {brand_en} {trade.en} {form_en}",
                    market=MARKET,
                    district=trade.district,
                    stall=stall,
                    licence_id=_licence_id(rng, individual),
                    individual=individual,
                )
            )
            trade_of[code] = trade.key
            k = rng.randint(min(3, len(trade.templates)), len(trade.templates))
            for tpl in rng.sample(trade.templates, k):
                n_variants = 2 if rng.random() < 0.4 else 1
                base = rng.randint(1000, 9999)
                for v, (vzh, ven) in enumerate(
                    [VARIANTS[0], *rng.sample(VARIANTS[1:], n_variants - 1)]
                ):
                    sku = f"{tpl.model}{base}" + (f"-{v}" if v else "")
                    products.append(_product(rng, tpl, code, sku, vzh, ven))
                    base_price[code, sku] = tpl.price_usd * Decimal(
                        str(round(rng.uniform(0.85, 1.2), 3))
                    )
    return merchants, products, base_price, trade_of


def _product(
    rng: random.Random, tpl: ProductTemplate, merchant: str, sku: str, vzh: str, ven: str
) -> Product:
    length, width, height = (_round_to(s * rng.uniform(0.96, 1.04), 5) for s in tpl.carton_mm)
    gross = _round_to(tpl.gross_g * rng.uniform(0.94, 1.06), 10)
    net = min(gross, _round_to(gross * tpl.net_g / tpl.gross_g, 10))
    return Product(
        sku=sku,
        merchant_code=merchant,
        name_zh=tpl.name_zh + vzh,
        name_en=tpl.name_en + ven,
        hs=HsCode(tpl.hs8 + "00"),
        declared_elements=ELEMENTS_HEAD + tpl.elements,
        trade_unit=tpl.unit,
        units_per_carton=tpl.units_per_carton,
        carton=CartonSpec(length, width, height, gross, net),
        handling=tpl.handling,
    )


def _pick_merchants(
    rng: random.Random, profile: BuyerProfile, merchants: list[Merchant], trade_of: dict[str, str]
) -> list[Merchant]:
    target = profile.target_cbm
    n = min(15, max(5, round(3 + target / 4.5) + rng.randint(-1, 1)))
    pool = list(merchants)
    chosen: list[Merchant] = []
    while len(chosen) < n:
        weights = [5.0 if trade_of[m.code] in profile.trades else 1.0 for m in pool]
        m = rng.choices(pool, weights)[0]
        pool.remove(m)
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.code)


def generate_market_day(seed: int = DEFAULT_SEED, day: date = DEFAULT_DAY) -> MarketDay:
    """Generate the merchants, buyers, shipments, orders and warehouse receipts of one day."""
    rng = random.Random(seed)
    merchants, products, base_price, trade_of = _merchants_and_products(rng)
    by_merchant: dict[str, list[Product]] = {}
    for p in products:
        by_merchant.setdefault(p.merchant_code, []).append(p)

    buyers: list[Buyer] = []
    for i, profile in enumerate(BUYERS, start=1):
        buyers.append(
            Buyer(
                code=f"B{i:03d}",
                name=profile.name,
                nationality=profile.nationality,
                id_document=_passport(rng, profile.nationality),
                company=profile.company,
                country=profile.country,
            )
        )

    shipments: list[Shipment] = []
    shipment_of_lane: dict[str, Shipment] = {}
    sh_base = rng.randint(100, 899)
    for lane in LANES:
        codes = tuple(b.code for b, p in zip(buyers, BUYERS, strict=True) if p.lane == lane.key)
        if not codes:
            continue
        cutoff = datetime.combine(
            day + timedelta(days=lane.cutoff_days), time(lane.cutoff_hour), SHANGHAI
        )
        sh = Shipment(
            ref=f"SH-{day.year}-{sh_base + len(shipments):04d}",
            buyer_codes=codes,
            destination_country=lane.destination_country,
            destination=lane.destination,
            route=lane.route,
            cutoff=cutoff,
        )
        shipments.append(sh)
        shipment_of_lane[lane.key] = sh

    orders: list[PurchaseOrder] = []
    po_base = rng.randint(1000, 8999)
    for buyer, profile in zip(buyers, BUYERS, strict=True):
        target_mm3 = profile.target_cbm * rng.uniform(0.92, 1.08) * 1e9
        drafts: list[tuple[str, datetime, str, list[tuple[Product, float]]]] = []
        for m in _pick_merchants(rng, profile, merchants, trade_of):
            offered = by_merchant[m.code]
            picked = rng.sample(offered, min(rng.randint(3, 8), len(offered)))
            order_no = f"PO{day:%y%m}-{po_base + len(orders) + len(drafts):04d}"
            placed = datetime.combine(
                day - timedelta(days=rng.randint(2, 12)),
                time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))),
                SHANGHAI,
            )
            r = rng.random()
            currency = (
                profile.currency
                if profile.currency != "USD" and r < 0.4
                else ("CNY" if r > 0.9 else "USD")
            )
            # A line's share of the buyer's volume grows with its carton's size (bulky
            # goods are ordered by the carton, small dense ones by the few cartons).
            shares = [(p, rng.uniform(0.4, 1.6) * p.carton.volume_mm3**2) for p in picked]
            drafts.append((order_no, placed, currency, shares))
        weight_sum = sum(w for *_, lines in drafts for _, w in lines)
        for order_no, placed, currency, draft_lines in drafts:
            lines: list[OrderLine] = []
            for i, (p, w) in enumerate(draft_lines, start=1):
                cartons = max(1, round(target_mm3 * w / weight_sum / p.carton.volume_mm3))
                price = _price(
                    base_price[p.merchant_code, p.sku], currency, rng.uniform(0.97, 1.03)
                )
                lines.append(
                    OrderLine(
                        ref=f"{order_no}-{i:02d}",
                        order_no=order_no,
                        merchant_code=p.merchant_code,
                        sku=p.sku,
                        quantity=cartons * p.units_per_carton,
                        unit_price=price,
                        cartons=cartons,
                    )
                )
            orders.append(
                PurchaseOrder(
                    order_no=order_no,
                    buyer_code=buyer.code,
                    shipment_ref=shipment_of_lane[profile.lane].ref,
                    placed_at=placed,
                    lines=tuple(lines),
                )
            )

    receipts = _receipts(rng, day, orders, products, shipments)
    return MarketDay(
        day=day,
        seed=seed,
        merchants=tuple(merchants),
        buyers=tuple(buyers),
        shipments=tuple(shipments),
        products=tuple(products),
        orders=tuple(orders),
        receipts=receipts,
    )


def _receipts(
    rng: random.Random,
    day: date,
    orders: list[PurchaseOrder],
    products: list[Product],
    shipments: list[Shipment],
) -> tuple[WarehouseReceipt, ...]:
    """One lot per order line, received between 08:00 and 18:00; ~5 % out of tolerance."""
    catalogue = {(p.merchant_code, p.sku): p for p in products}
    zone = {s.ref: "ABCDEFGH"[i % 8] for i, s in enumerate(shipments)}
    opening = datetime.combine(day, time(8), SHANGHAI)
    arrivals: list[tuple[datetime, OrderLine, str]] = []
    for order in orders:
        for line in order.lines:
            at = opening + timedelta(seconds=rng.randint(0, 10 * 3600 - 1))
            arrivals.append((at.replace(second=0), line, order.shipment_ref))
    arrivals.sort(key=lambda a: (a[0], a[1].ref))
    bad = set(rng.sample(range(len(arrivals)), round(DISCREPANCY_SHARE * len(arrivals))))
    out: list[WarehouseReceipt] = []
    for n, (at, line, shipment_ref) in enumerate(arrivals):
        declared = catalogue[line.merchant_code, line.sku].carton
        sides = [
            s + rng.randint(-6, 6)
            for s in (declared.length_mm, declared.width_mm, declared.height_mm)
        ]
        gross = round(declared.gross_g * rng.uniform(0.98, 1.02))
        if n in bad:
            mode = rng.choice(("size", "weight", "both"))
            if mode in ("size", "both"):  # a bulging carton: its longest side grew
                sides = [declared.length_mm, declared.width_mm, declared.height_mm]
                k = sides.index(max(sides))
                sides[k] += rng.randint(15, 45)
            if mode in ("weight", "both"):
                sign = rng.choice((-1, 1, 1))
                gross = round(declared.gross_g * (1 + sign * rng.uniform(0.05, 0.12)))
        measured = CartonSpec(sides[0], sides[1], sides[2], gross, min(declared.net_g, gross))
        out.append(
            WarehouseReceipt(
                lot_no=f"YW{day:%y%m%d}-{n + 1:04d}",
                order_line_ref=line.ref,
                cartons=line.cartons,
                measured=measured,
                received_at=at,
                location=f"{zone[shipment_ref]}-{rng.randint(1, 24):02d}-{rng.randint(1, 4)}",
            )
        )
    return tuple(out)
