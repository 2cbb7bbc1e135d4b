"""Wiring: settings in, a ready application object out. Nothing happens at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from pinxiang.config import Settings
from pinxiang.persistence.db import UnitOfWork, make_engine, uow_factory
from pinxiang.persistence.migrate import upgrade


@dataclass
class App:
    settings: Settings
    engine: Engine
    new_uow: Callable[[], UnitOfWork]


def bootstrap(settings: Settings | None = None, migrate: bool = True) -> App:
    """Connect to the configured database and (by default) bring its schema up to date."""
    settings = settings or Settings()
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    return App(settings, engine, uow_factory(engine))
