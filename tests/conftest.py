"""Shared fixtures. Database tests run on SQLite always, and on PostgreSQL too when
PINXIANG_TEST_POSTGRES_URL is set (CI sets it). Each SQLite test gets a new file; PostgreSQL
tests share one migrated database of the session, emptied before each test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from pinxiang.bootstrap import App, bootstrap
from pinxiang.config import Settings
from pinxiang.persistence.db import make_engine
from pinxiang.persistence.migrate import upgrade
from pinxiang.persistence.schema import Base

PG_URL = os.environ.get("PINXIANG_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _drop(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[tuple[Engine, URL, str]]:
    """A migrated PostgreSQL database that each test's database is copied from."""
    if not PG_URL:
        pytest.skip("PINXIANG_TEST_POSTGRES_URL is not set")
    admin_url = make_url(PG_URL).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"pinxiang_tmpl_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(admin_url.set(database=name).render_as_string(hide_password=False))
    upgrade(engine)
    engine.dispose()
    try:
        yield admin, admin_url, name
    finally:
        _drop(admin, name)
        admin.dispose()


def _pg_database(template: tuple[Engine, URL, str]) -> Iterator[str]:
    """The session's migrated database, emptied before each test (faster than a new one)."""
    _, admin_url, name = template
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pinxiang.db'}"
    else:
        yield from _pg_database(request.getfixturevalue("pg_template"))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    # lcl=False: these tests are about containers; LCL (on by default) has tests of its own.
    return Settings(
        database_url=database_url, out_dir=tmp_path / "out", time_limit_s=0.5, lcl=False
    )


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
