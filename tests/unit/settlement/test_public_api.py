from __future__ import annotations

import ast
import re
from pathlib import Path

import pinxiang.settlement as settlement

PACKAGE = Path(settlement.__file__).parent
ALLOWED = {"pinxiang", "__future__"}


def test_the_public_api_is_exactly_what_all_lists() -> None:
    public = {n for n in vars(settlement) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(settlement, n)).__name__ == "module"}
    assert public - modules == set(settlement.__all__)


def test_settlement_imports_only_the_standard_library_and_pinxiang_domain() -> None:
    import sys

    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in ALLOWED or top in sys.stdlib_module_names, f"{path}: {name}"
                if top == "pinxiang":
                    assert name.startswith(("pinxiang.domain", "pinxiang.settlement")), name


def test_every_public_function_and_type_is_named_in_the_settlement_docs() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "settlement.md").read_text()
    missing = [n for n in settlement.__all__ if not re.search(rf"\b{n}\b", docs)]
    assert missing == []
