"""Transaction lists (交易清单): one per merchant-and-buyer deal (market_procurement.md §1.6).

Each line keeps the original 10-digit HS code, the quantity in trade and legal units, the value
and currency; the list carries the buyer's identity. Declarations are derived from lists, never
the other way round (§1.5 "system rule").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pinxiang.customs.errors import InvalidListLine, MissingBuyerIdentity
from pinxiang.customs.parties import FilingRegistry, Role
from pinxiang.customs.policy import DEFAULT_POLICY, CustomsPolicy
from pinxiang.customs.tariff import Tariff
from pinxiang.domain.hs import HsCode
from pinxiang.domain.money import Money
from pinxiang.domain.orders import PurchaseOrder
from pinxiang.domain.parties import Buyer
from pinxiang.domain.products import Product

KG = "035"
GRAM = "036"
PIECES = "007"
DOZEN = "127"
# Counting units a trade quantity in pieces (个) converts to one for one. Design choice: a market
# "pcs" is one article, whatever the tariff calls the article (台, 支, 只, 件 …).
COUNT_UNITS = frozenset(
    {"001", "007", "008", "010", "011", "012", "015", "016", "017", "020", "163"}
)


class Settlement(enum.StrEnum):
    """How the deal is paid. Cash-settled deals are excluded from 1039 (§1.4 [S] No. 54 item 4)."""

    BANK = "bank"  # into a bank settlement account (§1.6 step 5)
    CASH = "cash"


@dataclass(frozen=True)
class ListLine:
    """One line of a transaction list. Quantities are Decimals in customs unit codes; masses are
    integer grams; `value` is in the list's currency."""

    list_no: str
    line_no: int
    merchant_code: str
    sku: str
    hs: HsCode
    name_zh: str
    name_en: str
    elements: str  # 申报要素 → gModel
    trade_qty: Decimal
    trade_unit: str
    qty1: Decimal
    unit1: str
    value: Money
    packages: int
    gross_g: int
    net_g: int
    qty2: Decimal | None = None
    unit2: str | None = None
    inspected: bool = False  # 法检
    dutiable: bool = False
    order_line_ref: str = ""

    def __post_init__(self) -> None:
        where = f"list {self.list_no} line {self.line_no}"
        if not isinstance(self.hs, HsCode):
            raise InvalidListLine(f"{where}: hs must be an HsCode, got {self.hs!r}")
        if self.line_no < 1:
            raise InvalidListLine(f"{where}: line numbers start at 1")
        if self.trade_qty <= 0 or self.qty1 <= 0:
            raise InvalidListLine(f"{where}: quantities must be positive")
        if self.value.amount <= 0:
            raise InvalidListLine(f"{where}: value must be positive, got {self.value}")
        if (self.qty2 is None) != (self.unit2 is None):
            raise InvalidListLine(f"{where}: second legal quantity and unit go together")
        if self.packages < 0 or not 0 <= self.net_g <= self.gross_g:
            raise InvalidListLine(
                f"{where}: need packages >= 0 and 0 <= net {self.net_g} g <= gross {self.gross_g} g"
            )
        if not self.name_zh.strip():
            raise InvalidListLine(f"{where}: the declared name (gName) is empty")

    @property
    def ref(self) -> str:
        """The traceable reference of the line: list number / line number."""
        return f"{self.list_no}/{self.line_no}"


@dataclass(frozen=True)
class TransactionList:
    """A 交易清单: the deal of one merchant with one buyer, as entered on the platform."""

    list_no: str
    merchant_code: str
    buyer: Buyer
    operator_code: str
    deal_date: date
    currency: str
    lines: tuple[ListLine, ...]
    settlement: Settlement = Settlement.BANK
    consolidator_code: str = ""

    def __post_init__(self) -> None:
        if not self.lines:
            raise InvalidListLine(f"list {self.list_no}: has no lines")
        check_buyer_identity(self.buyer, where=f"list {self.list_no}")
        for ln in self.lines:
            if ln.list_no != self.list_no or ln.merchant_code != self.merchant_code:
                raise InvalidListLine(
                    f"list {self.list_no}: line {ln.ref} belongs to another list or merchant"
                )
            if ln.value.currency != self.currency:
                raise InvalidListLine(
                    f"list {self.list_no}: line {ln.line_no} is in {ln.value.currency}, "
                    f"the list in {self.currency}"
                )
        numbers = [ln.line_no for ln in self.lines]
        if len(set(numbers)) != len(numbers):
            raise InvalidListLine(f"list {self.list_no}: duplicate line numbers")

    @property
    def total(self) -> Money:
        return sum((ln.value for ln in self.lines), Money.zero(self.currency))


def check_buyer_identity(buyer: Buyer, *, where: str = "") -> None:
    """The buyer's name, nationality and passport/ID number must be recorded (§1.3, §1.5)."""
    missing = [f for f in ("name", "nationality", "id_document") if not getattr(buyer, f).strip()]
    if missing:
        prefix = f"{where}: " if where else ""
        raise MissingBuyerIdentity(
            f"{prefix}buyer {buyer.code!r} lacks {', '.join(missing)}; the platform records the "
            "purchaser's identity (name, nationality, passport/ID) with every deal"
        )


def legal_quantity(
    unit: str, trade_qty: Decimal, trade_unit: str, net_g: int, *, where: str
) -> Decimal:
    """A legal quantity derived from the trade quantity or the net mass (kg means net weight,
    §4 [S] the3cnews.com). Raise InvalidListLine when there is no sound conversion."""
    if unit == trade_unit:
        return trade_qty
    if unit == KG:
        return (Decimal(net_g) / 1000).quantize(Decimal("0.001"))
    if unit == GRAM:
        return Decimal(net_g)
    if trade_unit == PIECES and unit in COUNT_UNITS:
        return trade_qty
    if trade_unit == DOZEN and unit in COUNT_UNITS:
        return trade_qty * 12
    raise InvalidListLine(
        f"{where}: cannot derive the legal quantity in unit {unit} from trade unit {trade_unit}; "
        "record it on the list line"
    )


def build_transaction_lists(
    orders: Iterable[PurchaseOrder],
    products: Mapping[tuple[str, str], Product],
    buyers: Mapping[str, Buyer],
    tariff: Tariff,
    registry: FilingRegistry,
    *,
    operator_code: str,
    consolidator_code: str = "",
    policy: CustomsPolicy = DEFAULT_POLICY,
    settlements: Mapping[str, Settlement] | None = None,
) -> list[TransactionList]:
    """One list per (order, merchant): the deal a buyer struck with one merchant.

    `products` is keyed by (merchant_code, sku); `settlements` by order number (default bank).
    Refuses (PartyNotOnFile) when the buyer, merchant, operator or consolidator has no filing
    valid on the deal date, and names the order line for unknown products, units or codes.
    Lists come out sorted by list number."""
    out: list[TransactionList] = []
    for order in sorted(orders, key=lambda o: o.order_no):
        day = order.placed_at.date()
        buyer = buyers.get(order.buyer_code)
        if buyer is None:
            raise MissingBuyerIdentity(
                f"order {order.order_no}: buyer {order.buyer_code!r} has no recorded identity"
            )
        registry.require(Role.BUYER, buyer.code, day, deal=f"order {order.order_no}")
        registry.require(Role.OPERATOR, operator_code, day, deal=f"order {order.order_no}")
        if consolidator_code:
            registry.require(
                Role.CONSOLIDATOR, consolidator_code, day, deal=f"order {order.order_no}"
            )
        by_merchant: dict[str, list[ListLine]] = {}
        for ol in order.lines:
            list_no = f"{order.order_no}-{ol.merchant_code}"
            registry.require(Role.MERCHANT, ol.merchant_code, day, deal=f"list {list_no}")
            lines = by_merchant.setdefault(ol.merchant_code, [])
            where = f"order line {ol.ref}"
            product = products.get((ol.merchant_code, ol.sku))
            if product is None:
                raise InvalidListLine(f"{where}: unknown product {ol.merchant_code}/{ol.sku}")
            item = tariff.item(product.hs, where=where)
            trade_unit = policy.unit_code(product.trade_unit, where=where)
            trade_qty = Decimal(ol.quantity)
            net_g = product.carton.net_g * ol.cartons
            unit2 = item.unit2
            lines.append(
                ListLine(
                    list_no=list_no,
                    line_no=len(lines) + 1,
                    merchant_code=ol.merchant_code,
                    sku=ol.sku,
                    hs=product.hs,
                    name_zh=product.name_zh,
                    name_en=product.name_en,
                    elements=product.declared_elements,
                    trade_qty=trade_qty,
                    trade_unit=trade_unit,
                    qty1=legal_quantity(item.unit1, trade_qty, trade_unit, net_g, where=where),
                    unit1=item.unit1,
                    qty2=None
                    if unit2 is None
                    else legal_quantity(unit2, trade_qty, trade_unit, net_g, where=where),
                    unit2=unit2,
                    value=ol.value,
                    packages=ol.cartons,
                    gross_g=product.carton.gross_g * ol.cartons,
                    net_g=net_g,
                    inspected=item.inspected,
                    dutiable=item.dutiable,
                    order_line_ref=ol.ref,
                )
            )
        for merchant_code, lines in sorted(by_merchant.items()):
            out.append(
                TransactionList(
                    list_no=f"{order.order_no}-{merchant_code}",
                    merchant_code=merchant_code,
                    buyer=buyer,
                    operator_code=operator_code,
                    deal_date=day,
                    currency=lines[0].value.currency,
                    lines=tuple(lines),
                    settlement=(settlements or {}).get(order.order_no, Settlement.BANK),
                    consolidator_code=consolidator_code,
                )
            )
    return out


def order_line_index(lists: Iterable[TransactionList]) -> dict[str, str]:
    """Order line ref → list line ref ("list/line"): how a lot (received against an order line)
    finds its declaration line, e.g. for `attach_containers`."""
    return {ln.order_line_ref: ln.ref for tl in lists for ln in tl.lines if ln.order_line_ref}
