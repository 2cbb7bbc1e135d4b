"""Reader for the Bischoff & Ratcliff / Davies & Bischoff files BR0..BR15 (see their FORMAT.md).

Integer units as in the files; no weights. Box type ids are ``"1"``, ``"2"``, ... as numbered in
the file; the flags say which dimension may be vertical.
"""

from __future__ import annotations

from pathlib import Path

from pinxiang.optimizer.problem import BoxType, Container, Problem

__all__ = ["read_br"]


def read_br(path: str | Path, support: float = 0.0) -> list[Problem]:
    """Parse one BR file into its problems (in file order), each with the given ``support``."""
    tokens = [int(t) for t in Path(path).read_text().split()]
    pos = 0

    def nxt() -> int:
        nonlocal pos
        v = tokens[pos]
        pos += 1
        return v

    problems: list[Problem] = []
    for _ in range(nxt()):
        nxt()  # problem number
        nxt()  # generator seed
        length, width, height = nxt(), nxt(), nxt()
        n = nxt()
        types: list[BoxType] = []
        for _ in range(n):
            i = nxt()
            l_, fl, w, fw, h, fh, q = (nxt() for _ in range(7))
            types.append(
                BoxType(
                    id=str(i),
                    length=l_,
                    width=w,
                    height=h,
                    quantity=q,
                    allowed_vertical=(bool(fl), bool(fw), bool(fh)),
                )
            )
        problems.append(
            Problem(
                container=Container(length, width, height),
                box_types=tuple(types),
                support=support,
            )
        )
    if pos != len(tokens):
        raise ValueError(f"{path}: {len(tokens) - pos} tokens left over")
    return problems
