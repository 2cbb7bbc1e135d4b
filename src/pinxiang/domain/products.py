"""Products and the cartons they are packed in."""

from __future__ import annotations

from dataclasses import dataclass

from pinxiang.domain.hs import HsCode


@dataclass(frozen=True)
class Handling:
    """Handling marks printed on a carton.

    `max_load_on_top_g` is the total mass that may rest on the carton (None = no limit);
    fragile cartons carry nothing; not-stackable cartons carry nothing either."""

    this_side_up: bool = False
    fragile: bool = False
    stackable: bool = True
    max_load_on_top_g: int | None = None

    @property
    def load_limit_g(self) -> int | None:
        if self.fragile or not self.stackable:
            return 0
        return self.max_load_on_top_g


@dataclass(frozen=True)
class CartonSpec:
    """An export carton: outer size in mm (height = upright), gross and net mass in grams."""

    length_mm: int
    width_mm: int
    height_mm: int
    gross_g: int
    net_g: int

    def __post_init__(self) -> None:
        for name in ("length_mm", "width_mm", "height_mm", "gross_g"):
            if getattr(self, name) <= 0:
                raise ValueError(f"carton {name} must be positive, got {getattr(self, name)}")
        if not 0 <= self.net_g <= self.gross_g:
            raise ValueError(
                f"carton net weight {self.net_g} g must be between 0 and gross {self.gross_g} g"
            )

    @property
    def volume_mm3(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm


@dataclass(frozen=True)
class Product:
    """A merchant's article as ordered: names, HS code, trade unit and its carton."""

    sku: str  # the merchant's article number; unique with merchant_code
    merchant_code: str
    name_zh: str
    name_en: str
    hs: HsCode
    declared_elements: str  # 申报要素, e.g. "1.品牌类型:无品牌;2.出口享惠情况:不享惠;..."
    trade_unit: str  # e.g. "pcs", "set", "pair", "dozen"
    units_per_carton: int
    carton: CartonSpec
    handling: Handling = Handling()

    def __post_init__(self) -> None:
        if self.units_per_carton <= 0:
            raise ValueError("units per carton must be positive")
