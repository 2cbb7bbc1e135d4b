from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from pinxiang import __version__
from pinxiang.api import schemas
from pinxiang.api.deps import StateDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(state: StateDep) -> schemas.Health:
    """The service answers and its database is reachable."""
    engine = state.app.engine
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return schemas.Health(status="ok", version=__version__, database=engine.dialect.name)
