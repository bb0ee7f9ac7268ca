"""Closed vocabularies shared by every part of fundlens (conventions.md, 'Names')."""

from typing import Final, Literal, get_args

__all__ = [
    "ASSET_CLASSES",
    "OPTIONS",
    "PLANS",
    "REJECT_REASONS",
    "SYNTHETIC_CODE_MAX",
    "SYNTHETIC_CODE_MIN",
    "VEHICLES",
    "AssetClass",
    "IdcwFrequency",
    "Option",
    "Plan",
    "RejectReason",
    "Vehicle",
    "Window",
]

RejectReason = Literal[
    "junk_nav",
    "zero_nav",
    "negative_nav",
    "bad_date",
    "bad_code",
    "malformed_row",
    "truncated_row",
    "html_body",
    "empty_body",
    "unknown_layout",
]
REJECT_REASONS: Final[tuple[str, ...]] = get_args(RejectReason)

Plan = Literal["direct", "regular", "institutional", "retail", "other"]
PLANS: Final[tuple[str, ...]] = get_args(Plan)

Option = Literal["growth", "idcw_payout", "idcw_reinvest", "idcw", "bonus"]
OPTIONS: Final[tuple[str, ...]] = get_args(Option)

IdcwFrequency = Literal[
    "daily", "weekly", "fortnightly", "monthly", "quarterly", "half_yearly", "annual"
]

AssetClass = Literal["equity", "debt", "hybrid", "commodity", "other"]
ASSET_CLASSES: Final[tuple[str, ...]] = get_args(AssetClass)

Vehicle = Literal["active", "index", "etf", "fof", "other"]
VEHICLES: Final[tuple[str, ...]] = get_args(Vehicle)

Window = Literal["1m", "3m", "6m", "1y", "3y", "5y", "10y", "si"]

#: Scheme codes reserved for synthetic data (conventions.md, 'Real and synthetic').
SYNTHETIC_CODE_MIN: Final = 900_000
SYNTHETIC_CODE_MAX: Final = 999_999
