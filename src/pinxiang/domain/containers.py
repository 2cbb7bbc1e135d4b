"""Container equipment. Inner sizes, tare and payload differ per carrier and box, so the
catalogue is configuration: `DEFAULT_CONTAINER_TYPES` is only the starting point.

Figures: ISO dry-container tables as collected in shared/domain/market_procurement.md §5.1
(inner sizes 56ok / huazonglogistics tables; 40HQ tare and payload from a carrier example,
MGW 30,480 kg; 45HQ payload from the same tables)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContainerType:
    code: str  # "20GP", "40GP", "40HQ", "45HQ"
    inner_length_mm: int
    inner_width_mm: int
    inner_height_mm: int
    door_width_mm: int
    door_height_mm: int
    tare_g: int
    max_payload_g: int
    teu: int

    @property
    def volume_mm3(self) -> int:
        return self.inner_length_mm * self.inner_width_mm * self.inner_height_mm


DEFAULT_CONTAINER_TYPES: tuple[ContainerType, ...] = (
    ContainerType("20GP", 5898, 2352, 2385, 2340, 2280, 2_230_000, 21_770_000, 1),
    ContainerType("40GP", 12032, 2352, 2385, 2340, 2280, 3_740_000, 26_740_000, 2),
    ContainerType("40HQ", 12032, 2352, 2690, 2340, 2585, 3_860_000, 26_620_000, 2),
    ContainerType("45HQ", 13556, 2352, 2698, 2340, 2585, 4_800_000, 27_700_000, 2),
)


def container_type(
    code: str, catalogue: tuple[ContainerType, ...] = DEFAULT_CONTAINER_TYPES
) -> ContainerType:
    for ct in catalogue:
        if ct.code == code:
            return ct
    known = ", ".join(c.code for c in catalogue)
    raise KeyError(f"unknown container type {code!r}; known: {known}")
