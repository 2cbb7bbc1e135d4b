"""Container and seal numbers. Container numbers follow ISO 6346: owner code (3 letters),
category (U, J or Z), 6-digit serial and a check digit."""

from __future__ import annotations

import re

from pinxiang.customs.errors import InvalidContainerNo

_SHAPE = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")
_SEAL = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,19}$")


def _letter_values() -> dict[str, int]:
    """A=10, B=12 … Z=38: letters count up from 10, skipping multiples of 11."""
    values: dict[str, int] = {}
    v = 10
    for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if v % 11 == 0:
            v += 1
        values[ch] = v
        v += 1
    return values


_LETTER = _letter_values()


def check_digit(first10: str) -> int:
    """The ISO 6346 check digit of owner code + category + serial (10 characters):
    sum of value × 2^position, mod 11, mod 10 (a remainder of 10 gives 0)."""
    if len(first10) != 10:
        raise InvalidContainerNo(f"{first10!r}: need 10 characters before the check digit")
    total = 0
    for i, ch in enumerate(first10):
        value = _LETTER[ch] if ch.isalpha() else int(ch)
        total += value << i
    return total % 11 % 10


def validate_container_no(text: str) -> str:
    """The container number upper-cased without spaces, or InvalidContainerNo saying why."""
    s = re.sub(r"[\s-]", "", text).upper()
    if not _SHAPE.match(s):
        raise InvalidContainerNo(
            f"container number {text!r} must be 3 letters (owner), U/J/Z (category), 6 digits "
            "and a check digit, e.g. CSQU3054383"
        )
    expected = check_digit(s[:10])
    if int(s[10]) != expected:
        raise InvalidContainerNo(
            f"container number {text!r} fails the ISO 6346 check: check digit is {s[10]}, "
            f"expected {expected}"
        )
    return s


def validate_seal_no(text: str) -> str:
    """A seal (封志/关锁) number: 3–20 letters, digits or dashes."""
    s = text.strip().upper()
    if not _SEAL.match(s):
        raise InvalidContainerNo(f"seal number {text!r} must be 3-20 letters, digits or dashes")
    return s
