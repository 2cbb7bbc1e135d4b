"""Wiring: settings in, a ready application object out. Nothing happens at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from pinxiang.config import Settings
from pinxiang.importing.tariff import Tariff, default_tariff, load_tariff
from pinxiang.persistence.db import UnitOfWork, make_engine, uow_factory
from pinxiang.persistence.migrate import upgrade
from pinxiang.services.planning import PlanOptions


@dataclass
class App:
    settings: Settings
    engine: Engine
    new_uow: Callable[[], UnitOfWork]
    tariff: Tariff = field(default_factory=default_tariff)

    def plan_options(
        self,
        seed: int | None = None,
        time_limit_s: float | None = None,
        allow_lcl: bool | None = None,
        tariff: Tariff | None = None,
        max_iterations: int | None = None,
    ) -> PlanOptions:
        """Planning options from the settings and the tariff; arguments override them. Each
        engine run on n cartons stops after min(`max_iterations`, `max_work` / n) iterations
        (defaults 2,000 and 300,000), with `time_limit_s` (default 30 s) only a safety limit,
        so the same seed gives the same plan on any machine."""
        s, t = self.settings, tariff or self.tariff
        return PlanOptions(
            seed=s.seed if seed is None else seed,
            time_limit_s=s.time_limit_s if time_limit_s is None else time_limit_s,
            max_iterations=s.max_iterations if max_iterations is None else max_iterations,
            max_work=s.max_work,
            allow_lcl=s.lcl if allow_lcl is None else allow_lcl,
            rates=t.rates,
            lcl=t.lcl,
            road_limit_g=t.road_limit_g,
        )


def bootstrap(settings: Settings | None = None, migrate: bool = True) -> App:
    """Connect to the configured database and (by default) bring its schema up to date. A
    configured tariff file is read first: a wrong one raises TariffRejected before anything."""
    settings = settings or Settings()
    tariff = load_tariff(settings.tariff) if settings.tariff else default_tariff()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    return App(settings, engine, uow_factory(engine), tariff)
