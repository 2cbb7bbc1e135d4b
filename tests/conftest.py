"""Shared fixtures. Database tests run on SQLite always, and on PostgreSQL too when
PINXIANG_TEST_POSTGRES_URL is set (CI sets it); every test gets a database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pinxiang.bootstrap import App, bootstrap
from pinxiang.config import Settings

PG_URL = os.environ.get("PINXIANG_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _pg_database() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("PINXIANG_TEST_POSTGRES_URL is not set")
    admin_url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    name = f"pinxiang_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pinxiang.db'}"
    else:
        yield from _pg_database()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, out_dir=tmp_path / "out", time_limit_s=0.5)


@pytest.fixture
def app(settings: Settings) -> Iterator[App]:
    a = bootstrap(settings)
    yield a
    a.engine.dispose()


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"


@pytest.fixture
def shared_dir() -> Path:
    """The project's shared material (BR instances, HS data), beside the checkout."""
    here = Path(__file__).resolve().parents[1]
    for cand in (here.parent / "shared", here.parent.parent / "shared"):
        if cand.exists():
            return cand
    pytest.skip("../shared is not beside this checkout")


Builder = Callable[..., Path]
