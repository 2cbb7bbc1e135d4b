"""Server-rendered pages (Jinja2)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("pinxiang.web", "templates"), autoescape=select_autoescape()
    )


def render(name: str, **context: Any) -> str:
    return _env().get_template(name).render(**context)
