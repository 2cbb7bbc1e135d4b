"""What every command group shares: the clock, and an application whose database engine is
disposed when the command ends (Typer runs commands without a Click context to close it)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar

from pinxiang.bootstrap import App, bootstrap
from pinxiang.config import Settings
from pinxiang.importing.tariff import TariffRejected

P = ParamSpec("P")
R = TypeVar("R")
_OPEN: list[App] = []


def now() -> datetime:
    return datetime.now(UTC)


def open_app() -> App:
    """The application for this command; `disposing` disposes its engine when it ends."""
    try:
        a = bootstrap(Settings())
    except TariffRejected as e:  # PINXIANG_TARIFF names a wrong file
        print(f"PINXIANG_TARIFF: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    _OPEN.append(a)
    return a


def disposing(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so that the engines it opened are disposed, whatever happens."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        finally:
            while _OPEN:
                _OPEN.pop().engine.dispose()

    return wrapper
