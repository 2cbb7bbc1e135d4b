"""Alembic environment: the engine comes from `pinxiang.persistence.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from pinxiang.persistence.schema import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through `pinxiang db upgrade`")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
