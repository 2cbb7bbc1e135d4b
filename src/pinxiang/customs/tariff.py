"""HS master data the lists need: legal units, legal inspection (法检) and export duty.

Vendors expose code, name, legal first unit, export tax rate, declaration elements
(market_procurement.md §4 [S] apifox.com). The sample table below is illustrative only: load the
real one from the customs tariff of the edition in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pinxiang.domain.hs import HsCode


@dataclass(frozen=True)
class TariffItem:
    """One 10-digit code: legal first/second unit (customs unit codes), whether the goods are
    subject to inspection & quarantine (法检) and whether they carry export duty."""

    hs: HsCode
    name_zh: str
    unit1: str  # e.g. "035" 千克, "007" 个
    unit2: str | None = None
    inspected: bool = False
    dutiable: bool = False


class UnknownTariffCode(KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown tariff code"


@dataclass(frozen=True)
class Tariff:
    items: Mapping[str, TariffItem]

    @classmethod
    def of(cls, items: Iterable[TariffItem]) -> Tariff:
        return cls({i.hs.code: i for i in items})

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.items)))

    def item(self, hs: HsCode, *, where: str = "") -> TariffItem:
        found = self.items.get(hs.code)
        if found is None:
            prefix = f"{where}: " if where else ""
            raise UnknownTariffCode(
                f"{prefix}HS code {hs.code} is not in the tariff table; legal units, 法检 and "
                "export duty cannot be derived for it"
            )
        return found


def _t(code: str, name: str, u1: str, u2: str | None = None, *, insp: bool = False) -> TariffItem:
    return TariffItem(HsCode(code), name, u1, u2, inspected=insp)


# Common Yiwu goods. [M] illustrative units and 法检 flags, not checked against the tariff.
SAMPLE_TARIFF = Tariff.of(
    [
        _t("9503008900", "其他玩具", "035"),
        _t("9503002100", "玩具娃娃", "007", "035"),
        _t("9503006000", "智力玩具", "035"),
        _t("9505900000", "节日用品", "035"),
        _t("6702100000", "塑料制人造花", "035"),
        _t("6702909000", "其他材料制人造花", "035"),
        _t("7117190000", "贱金属制仿首饰", "035"),
        _t("7117900000", "其他仿首饰", "035"),
        _t("4202220000", "塑料或纺织材料作面的手提包", "007", "035"),
        _t("4202120000", "塑料或纺织材料作面的箱包", "007", "035"),
        _t("8205510000", "家用手工工具", "035"),
        _t("8516310000", "电吹风", "001", insp=True),
        _t("8513101000", "手电筒", "007", insp=True),
        _t("9608100000", "圆珠笔", "012"),
        _t("9609101000", "铅笔", "012"),
        _t("4820100000", "笔记本", "035"),
        _t("9506620000", "可充气的球", "007"),
        _t("9506911900", "其他健身器械", "035"),
        _t("3304990099", "其他美容品", "035", insp=True),
        _t("6115950000", "棉制短袜", "025", "035"),
        _t("6115960000", "合成纤维制短袜", "025", "035"),
        _t("3924100000", "塑料制餐具及厨房用具", "035", insp=True),
        _t("6302100000", "针织或钩编的床上用织物制品", "035"),
        _t("6505009900", "其他帽类", "007", "035"),
        _t("8708299000", "车身其他零件", "035"),
        _t("6307900010", "口罩", "035"),
        _t("9019200000", "呼吸器具", "001", insp=True),
        _t("9025199010", "红外测温仪", "007", insp=True),
        _t("3822190090", "其他诊断或实验用试剂", "035"),
        _t("6210103010", "医用防护服", "011", "035"),
        _t("9304000000", "其他武器", "007", insp=True),
    ]
)
