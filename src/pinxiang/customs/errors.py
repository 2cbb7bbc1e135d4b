"""Errors of the customs core. Every message names the thing at fault and the rule it broke."""

from __future__ import annotations


class CustomsError(ValueError):
    """Base of every refusal by the customs rules."""


class UnknownUnit(CustomsError):
    pass


class PartyNotOnFile(CustomsError):
    """A party of a deal has no filing, or none valid on the deal date."""


class MissingBuyerIdentity(CustomsError):
    pass


class InvalidListLine(CustomsError):
    pass


class LineOverCap(CustomsError):
    """A single list line whose value alone exceeds the per-declaration cap."""


class MissingExchangeRate(CustomsError):
    pass


class ExcludedGoods(CustomsError):
    """Lines hit an exclusion rule; `violations` names each line and rule."""

    def __init__(self, message: str, violations: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.violations = violations


class IllegalTransition(CustomsError):
    pass


class InvalidContainerNo(CustomsError):
    pass
