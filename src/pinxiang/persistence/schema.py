"""The whole relational schema: importing this module registers every table on `Base`.

Each area keeps its tables in a module of its own; add the module here. Until Pinxiang's first
release the single migration `0001` is regenerated from this metadata by `make migration`."""

from __future__ import annotations

from pinxiang.persistence import (
    customs_tables,
    planning_tables,
    settlement_tables,
    tables,
    web_tables,
)
from pinxiang.persistence.tables import Base

MODULES = (tables, web_tables, customs_tables, settlement_tables, planning_tables)

__all__ = ["MODULES", "Base"]
