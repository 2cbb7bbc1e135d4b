"""One settings class whose defaults work: a SQLite file beside you, outputs under ./out."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Read from the environment (`PINXIANG_*`) or a `.env` file."""

    model_config = SettingsConfigDict(env_prefix="PINXIANG_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///pinxiang.db",
        description="SQLAlchemy URL; e.g. postgresql://user@127.0.0.1:5432/pinxiang",
    )
    out_dir: Path = Field(default=Path("out"), description="where plans and documents are written")
    seed: int = Field(default=1, description="seed for every optimizer run")
    time_limit_s: float = Field(
        default=30.0,
        gt=0,
        description="optimizer seconds per engine run: a safety limit only, the iteration cap "
        "binds first (so a seed gives the same plan on a busy or slow machine)",
    )
    max_iterations: int = Field(
        default=2000,
        ge=1,
        description="optimizer iterations per engine run (binds before time_limit_s: repeatable)",
    )
    max_work: int = Field(
        default=300_000,
        ge=1,
        description="optimizer iterations x cartons per engine run: a run on n cartons stops "
        "after max_work / n iterations (binds before time_limit_s: repeatable)",
    )
    workers: int = Field(default=2, ge=1, description="processes that plan shipments in parallel")
    carrier: str = Field(default="default", description="whose container catalogue to plan with")
    tariff: Path | None = Field(
        default=None,
        description="TOML freight tariff (FCL per container, LCL per revenue ton, road limits) "
        "per route; `pinxiang tariff template` writes one. None: the illustrative built-in rates",
    )
    lcl: bool = Field(default=True, description="let a buyer's cargo go LCL where that is cheaper")
