"""Regenerate the initial migration 0001 from the full metadata (allowed until the first
release; after it, add a new revision with `alembic revision --autogenerate` instead)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from pinxiang.persistence.db import make_engine
from pinxiang.persistence.migrate import alembic_config

VERSIONS = Path(__file__).resolve().parents[1] / "src/pinxiang/persistence/migrations/versions"


def main() -> None:
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/empty.db")
        command.revision(
            alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001"
        )
        engine.dispose()
    for new in VERSIONS.glob("0001_*.py"):
        text = new.read_text()
        lines = [ln for ln in text.splitlines() if not ln.startswith("Create Date:")]
        new.write_text("\n".join(lines) + "\n")
        print(f"wrote {new}")


if __name__ == "__main__":
    main()
