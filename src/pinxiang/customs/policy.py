"""The customs policy: every rule the research brief marks [M] (unverified) lives here as a named,
documented setting, never as a buried constant.

Sources refer to sections of shared/domain/market_procurement.md and the sources named there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pinxiang.customs.errors import UnknownUnit

# Customs measurement units (计量单位代码表) the platform meets, by code. Names are the official
# Chinese unit names. [M] codes as commonly published; confirm against 报关参数代码表 (§4, §7.7).
CUSTOMS_UNITS: dict[str, str] = {
    "001": "台", "006": "套", "007": "个", "008": "只", "010": "张", "011": "件", "012": "支",
    "015": "条", "016": "把", "017": "块", "019": "副", "020": "片", "021": "组", "025": "双",
    "026": "对", "030": "米", "032": "平方米", "035": "千克", "036": "克", "095": "升",
    "125": "包", "127": "打", "136": "袋", "140": "盒", "142": "瓶", "163": "部",
}  # fmt: skip

# Words people type for a trade unit, mapped to the customs unit code.
UNIT_ALIASES: dict[str, str] = {
    "pc": "007", "pcs": "007", "piece": "007", "pieces": "007", "个": "007",
    "set": "006", "sets": "006", "套": "006",
    "pair": "025", "pairs": "025", "双": "025",
    "dozen": "127", "doz": "127", "打": "127",
    "kg": "035", "千克": "035", "g": "036", "克": "036",
    "m": "030", "metre": "030", "meter": "030", "米": "030", "m2": "032", "sqm": "032",
    "box": "140", "boxes": "140", "盒": "140", "bag": "136", "bags": "136", "袋": "136",
    "pack": "125", "packs": "125", "包": "125", "bottle": "142", "bottles": "142", "瓶": "142",
    "sheet": "010", "sheets": "010", "张": "010", "roll": "015", "条": "015",
    "unit": "001", "units": "001", "台": "001", "件": "011", "只": "008", "支": "012",
    "把": "016", "块": "017", "副": "019", "片": "020", "组": "021", "对": "026",
    "l": "095", "litre": "095", "升": "095", "部": "163",
}  # fmt: skip


@dataclass(frozen=True)
class CustomsPolicy:
    """The configurable rules of 1039 declarations. Defaults follow market_procurement.md.

    Each field names its source; [S] = seen in a source, [M] = unverified hypothesis."""

    # §1.2 [S] cceeccic.org, cnab777.com, yicaiglobal.com, ocxk.com (汇律发〔2025〕2号):
    # goods value per declaration 15万美元(含)以下 — exactly 150,000 is allowed.
    value_cap_usd: Decimal = Decimal("150000")
    # §1.5 [M] electronic declarations allow at most 50 commodity lines.
    max_lines: int = 50
    # §1.5 [S] cceeccic.org: simplified declaration applies above five kinds of goods (超过5种);
    # [M] the top-N-by-value rule itself is from general knowledge of GACC 2019 No. 221.
    merge_threshold: int = 5
    # §1.5 [M] the rest merged by HS chapter (2 digits) under the highest-value item's code.
    merge_digits: int = 2
    # §1.5 [M] dutiable and legally-inspected (法检) goods are declared item by item.
    never_merge_dutiable: bool = True
    never_merge_inspected: bool = True
    # §1.5 [S] No. 54 (2014) put the purchaser's name, nationality, ID in 备注 (remarks);
    # [M] whether No. 221 still requires it is unverified, so it is a switch.
    remarks_required: bool = True
    # Design choice: one overseas consignee (境外收货人) per declaration, so the buyer identity in
    # the remarks is unambiguous. Off = lists of several buyers may share a declaration.
    one_buyer_per_declaration: bool = True
    # [M] the single window limits 备注 to 255 characters (not confirmed here).
    remarks_max_chars: int = 255
    # §4 [S] fight1991/my-project2.0 field names; tradeMode for market procurement = 1039 (§1.1).
    trade_mode: str = "1039"
    # §1.7 [M] customs codes are placeholders: load them from the official 关区代码表.
    declaring_customs: str = "2933"  # customMaster: customs at the place of purchase (Yiwu)
    exit_customs: str = "3104"  # iEPort: exit customs (Ningbo port customs)
    departure_port: str = "330001"  # entyPort: 离境口岸 (Ningbo)
    # §4 [M] parameter-table codes to verify (报关参数代码表).
    transport_mode: str = "2"  # trafMode: 2 waterway, 3 rail, 4 road, 5 air
    incoterm: str = "3"  # transMode: 1 CIF, 2 C&F, 3 FOB
    wrap_type: str = "22"  # wrapType: [M] 22 = 纸制或纤维板制盒/箱 (cartons)
    origin_country: str = "CHN"
    # 境内货源地 code for goods bought in the Yiwu market. [M] placeholder, verify.
    source_district: str = "33189"
    # 征免方式 for a duty-free line and a dutiable one. [M] 1 照章征税, 3 全免.
    duty_mode_free: str = "3"
    duty_mode_dutiable: str = "1"
    # Units the platform accepts, by code, and the aliases people type.
    units: dict[str, str] = field(default_factory=lambda: dict(CUSTOMS_UNITS))
    unit_aliases: dict[str, str] = field(default_factory=lambda: dict(UNIT_ALIASES))

    def __post_init__(self) -> None:
        if self.value_cap_usd <= 0:
            raise ValueError("value cap must be positive")
        if self.max_lines < 1:
            raise ValueError("a declaration must allow at least one line")
        if not 0 <= self.merge_threshold < self.max_lines:
            raise ValueError("merge threshold must be between 0 and max_lines - 1")
        if not 1 <= self.merge_digits <= 10:
            raise ValueError("merge_digits must be between 1 and 10")

    def __hash__(self) -> int:
        return hash((self.value_cap_usd, self.max_lines, self.merge_threshold, self.trade_mode))

    def unit_code(self, unit: str, *, where: str = "") -> str:
        """The customs unit code for a unit typed as a code ('007'), a name ('个') or an alias
        ('pcs'); raise UnknownUnit naming the accepted ones."""
        u = unit.strip()
        if u in self.units:
            return u
        alias = self.unit_aliases.get(u.lower())
        if alias is not None:
            return alias
        for code, name in self.units.items():
            if name == u:
                return code
        known = ", ".join(sorted({*self.unit_aliases, *self.units.values()})[:12])
        prefix = f"{where}: " if where else ""
        raise UnknownUnit(
            f"{prefix}unknown unit {unit!r}; use a customs unit code (e.g. 007 个, 035 千克) or "
            f"one of: {known}, …"
        )

    def unit_name(self, code: str) -> str:
        return self.units.get(code, code)


DEFAULT_POLICY = CustomsPolicy()
