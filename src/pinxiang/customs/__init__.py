"""Market procurement (1039) customs rules: parties and filings, transaction lists, exclusions,
declarations with the value cap and the simplified merge, and the inspect-first lot flow.

Pure: standard library and `pinxiang.domain` only. The service layer calls what is listed in
`__all__`; anything else is internal. Rules and their sources: docs/customs.md."""

from pinxiang.customs.containers import check_digit, validate_container_no, validate_seal_no
from pinxiang.customs.declarations import (
    ContainerEntry,
    Declaration,
    ShipmentInfo,
    attach_containers,
    build_declarations,
    check_declarations,
    declaration_to_json,
)
from pinxiang.customs.errors import (
    CustomsError,
    ExcludedGoods,
    IllegalTransition,
    InvalidContainerNo,
    InvalidListLine,
    LineOverCap,
    MissingBuyerIdentity,
    MissingExchangeRate,
    PartyNotOnFile,
    UnknownUnit,
)
from pinxiang.customs.exclusions import (
    DEFAULT_RULES,
    ExclusionRule,
    RuleKind,
    Violation,
    require_clear,
    screen,
    split_blocked,
)
from pinxiang.customs.fx import CustomsFxRates
from pinxiang.customs.lists import (
    ListLine,
    Settlement,
    TransactionList,
    build_transaction_lists,
    order_line_index,
)
from pinxiang.customs.lots import (
    TRANSITIONS,
    AuditEntry,
    Lot,
    LotEvent,
    LotState,
    allowed_events,
    replay,
    transition,
)
from pinxiang.customs.merge import DeclarationLine, merge_lines
from pinxiang.customs.parties import (
    Consolidator,
    Filing,
    FilingRegistry,
    Role,
    TradeOperator,
)
from pinxiang.customs.policy import DEFAULT_POLICY, CustomsPolicy
from pinxiang.customs.risk import LotRisk, RiskModel, Selection, simulate_selection
from pinxiang.customs.tariff import SAMPLE_TARIFF, Tariff, TariffItem, UnknownTariffCode

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "SAMPLE_TARIFF",
    "TRANSITIONS",
    "AuditEntry",
    "Consolidator",
    "ContainerEntry",
    "CustomsError",
    "CustomsFxRates",
    "CustomsPolicy",
    "Declaration",
    "DeclarationLine",
    "ExcludedGoods",
    "ExclusionRule",
    "Filing",
    "FilingRegistry",
    "IllegalTransition",
    "InvalidContainerNo",
    "InvalidListLine",
    "LineOverCap",
    "ListLine",
    "Lot",
    "LotEvent",
    "LotRisk",
    "LotState",
    "MissingBuyerIdentity",
    "MissingExchangeRate",
    "PartyNotOnFile",
    "RiskModel",
    "Role",
    "RuleKind",
    "Selection",
    "Settlement",
    "ShipmentInfo",
    "Tariff",
    "TariffItem",
    "TradeOperator",
    "TransactionList",
    "UnknownTariffCode",
    "UnknownUnit",
    "Violation",
    "allowed_events",
    "attach_containers",
    "build_declarations",
    "build_transaction_lists",
    "check_declarations",
    "check_digit",
    "declaration_to_json",
    "merge_lines",
    "order_line_index",
    "replay",
    "require_clear",
    "screen",
    "simulate_selection",
    "split_blocked",
    "transition",
    "validate_container_no",
    "validate_seal_no",
]
