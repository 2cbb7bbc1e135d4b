"""A load plan as the business sees it: which carton of which order line sits where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CartonPlacement:
    """One carton in a container. Position is the corner nearest the front wall, left, floor
    (x along the length from the front wall towards the door, y across, z up), all in mm."""

    carton_id: str  # lot number + sequence, e.g. "L0001-003"
    lot_no: str
    order_line_ref: str
    merchant_code: str
    buyer_code: str
    x_mm: int
    y_mm: int
    z_mm: int
    length_mm: int  # extent along x as placed
    width_mm: int
    height_mm: int
    orientation: str  # which original side is vertical and which runs along x, e.g. "H-up,L-long"
    gross_g: int
    step: int  # loading sequence number (1 = first in)


@dataclass(frozen=True)
class ContainerLoad:
    shipment_ref: str
    seq: int  # container number within the shipment
    container_type: str
    placements: tuple[CartonPlacement, ...]
    inner_volume_mm3: int
    max_payload_g: int

    @property
    def loaded_volume_mm3(self) -> int:
        return sum(p.length_mm * p.width_mm * p.height_mm for p in self.placements)

    @property
    def loaded_g(self) -> int:
        return sum(p.gross_g for p in self.placements)

    @property
    def volume_utilisation(self) -> float:
        return self.loaded_volume_mm3 / self.inner_volume_mm3

    @property
    def weight_utilisation(self) -> float:
        return self.loaded_g / self.max_payload_g


@dataclass(frozen=True)
class UnplacedLot:
    lot_no: str
    cartons: int
    reason: str


@dataclass(frozen=True)
class ShipmentPlan:
    shipment_ref: str
    containers: tuple[ContainerLoad, ...]
    unplaced: tuple[UnplacedLot, ...]
