"""What went wrong in an import, said so a clerk can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    row: int  # 0 when the problem is with the whole file
    column: str
    value: object
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        got = "" if self.value is None else f" (got {self.value!r})"
        return f"{', '.join(where)}: {self.message}{got}"


class ImportRejected(Exception):
    """Raised when a file has any problem; nothing from the file is saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s); nothing was imported:\n{lines}{more}")
