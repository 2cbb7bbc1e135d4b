"""The USD 50,000 annual FX quota of a private individual (个人年度便利化额度).

It matters when a merchant who is a private individual collects in its own name (mode 3 of
汇律发〔2025〕2号); a registered individual business with an FX settlement account settles on
trade documents instead, and an agent collecting in its own name uses its own account. Which modes
count, the quota and the warning level are policy, not law read from a source."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from pinxiang.domain.money import Money
from pinxiang.domain.parties import Merchant
from pinxiang.settlement.allocation import Allocation
from pinxiang.settlement.fx import Conversion
from pinxiang.settlement.receipts import CollectionMode


class QuotaLevel(Enum):
    NOT_APPLICABLE = "not_applicable"
    OK = "ok"
    NEAR = "near"
    EXCEEDED = "exceeded"


PERSONAL_QUOTA = Money.of(50_000, "USD")


@dataclass(frozen=True)
class QuotaPolicy:
    annual_quota: Money = PERSONAL_QUOTA
    warn_ratio: Decimal = Decimal("0.9")
    modes: frozenset[CollectionMode] = field(
        default_factory=lambda: frozenset({CollectionMode.PRINCIPAL})
    )


@dataclass(frozen=True)
class QuotaStatus:
    merchant_code: str
    year: int
    level: QuotaLevel
    used: Money
    quota: Money
    conversions: tuple[Conversion, ...]  # how non-USD collections were counted

    @property
    def ratio(self) -> Decimal:
        return self.used.amount / self.quota.amount

    @property
    def message(self) -> str:
        if self.level is QuotaLevel.NOT_APPLICABLE:
            return f"{self.merchant_code}: not a private individual; no personal quota"
        pct = (self.ratio * 100).quantize(Decimal("0.1"))
        words = {QuotaLevel.OK: "within", QuotaLevel.NEAR: "nearing", QuotaLevel.EXCEEDED: "over"}
        return (
            f"{self.merchant_code}: {words[self.level]} the {self.year} personal FX quota: "
            f"{self.used} of {self.quota} ({pct} %)"
        )


def quota_check(
    merchant: Merchant,
    allocations: Iterable[Allocation],
    year: int,
    *,
    policy: QuotaPolicy | None = None,
    to_usd: Callable[[Money, date], Conversion] | None = None,
) -> QuotaStatus:
    """How much of its personal annual quota a merchant has used in `year`: every receipt it
    collected in its own name in a counted mode, in USD (`to_usd` converts other currencies)."""
    policy = policy or QuotaPolicy()
    quota = policy.annual_quota
    used = Money.zero(quota.currency)
    if not merchant.individual:
        return QuotaStatus(merchant.code, year, QuotaLevel.NOT_APPLICABLE, used, quota, ())
    conversions: list[Conversion] = []
    for a in allocations:
        if a.collector != merchant.code or a.mode not in policy.modes or a.on.year != year:
            continue
        money = a.received
        if money.currency != quota.currency:
            if to_usd is None:
                raise ValueError(
                    f"receipt {a.receipt_key} is in {money.currency}: "
                    f"give to_usd to count it against the {quota.currency} quota"
                )
            c = to_usd(money, a.on)
            conversions.append(c)
            money = c.to_money
        used = used + money
    if used > quota:
        level = QuotaLevel.EXCEEDED
    elif used.amount >= quota.amount * policy.warn_ratio:
        level = QuotaLevel.NEAR
    else:
        level = QuotaLevel.OK
    return QuotaStatus(merchant.code, year, level, used, quota, tuple(conversions))
