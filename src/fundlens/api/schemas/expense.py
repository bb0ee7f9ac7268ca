"""Models of seed 003 Gen 2 ``/api/expense``: an AMC's Direct/Regular pairs and their drag.

Seed 003 §6.4 ``ExpenseDragResult {amc, dates, direct_nav, regular_nav, expense_drag}`` is
one series per AMC; here each pair has its own series with those names (the seed matched
pairs by name similarity and showed one), plus the AMC's summary. The drag follows the
contract, (D_t / D_0) / (R_t / R_0) − 1 from the pair's first common NAV date — how far
the Direct plan has pulled ahead since then — not the seed's D_t / R_t − 1, which also
counts the gap the two NAVs had on day one. Unit as the seed shows it: percent.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped
from fundlens.api.seed_names import unit_note

__all__ = [
    "DragSeries",
    "ExpenseDragResult",
    "ExpensePair",
    "ExpenseSummary",
    "PairDrag",
    "PairList",
]

_PCT = unit_note("expense_drag")
_NAV = (
    "NAV in rupees per unit on each date (cleaned: one-day outliers dropped, earlier NAVs "
    "chain-linked across a face-value change)."
)


class ExpensePair(BaseModel):
    """A Direct plan and the Regular plan of the same scheme and option."""

    model_config = ConfigDict(extra="forbid")

    direct_code: int = Field(description="AMFI code of the Direct plan.")
    direct_name: str | None = Field(description="Its name.")
    regular_code: int = Field(description="AMFI code of the Regular plan.")
    regular_name: str | None = Field(description="Its name.")
    category: str | None = Field(description="Canonical SEBI category.")
    option: str | None = Field(description="growth, idcw_payout, idcw_reinvest, idcw or bonus.")
    price_return_only: bool = Field(
        description="IDCW option: NAVs drop at each payout, so the drag is not a cost measure."
    )
    overlap_start: dt.date | None = Field(description="Later first NAV of the two (ISO).")
    overlap_end: dt.date | None = Field(description="Earlier last NAV of the two (ISO).")


class PairList(Stamped):
    """Every Direct/Regular pair of one AMC, by category and name."""

    amc_id: str = Field(description="The AMC's slug.")
    amc_name: str = Field(description="The AMC's display name.")
    pairs: list[ExpensePair] = Field(description="The pairs, by category and name.")
    count: int = Field(description="Pairs listed (count).")


class DragSeries(BaseModel):
    """Seed 003 ``ExpenseDragResult``'s series for one pair, on the dates both plans have a
    NAV (≤ 500 points, evenly thinned for display; the totals use every point)."""

    model_config = ConfigDict(extra="forbid")

    dates: list[dt.date] = Field(description="Dates (ISO), ascending.")
    direct_nav: list[float] = Field(description=f"Direct plan: {_NAV}")
    regular_nav: list[float] = Field(description=f"Regular plan: {_NAV}")
    expense_drag: list[float | None] = Field(
        description=f"(D_t / D_0) / (R_t / R_0) − 1 from the first date. {_PCT} (Never "
        "null: every date listed has both NAVs.)"
    )


class PairDrag(BaseModel):
    """One pair's drag over its whole common history."""

    model_config = ConfigDict(extra="forbid")

    direct_code: int = Field(description="AMFI code of the Direct plan.")
    direct_name: str | None = Field(description="Its name.")
    regular_code: int = Field(description="AMFI code of the Regular plan.")
    category: str | None = Field(description="Canonical SEBI category.")
    option: str | None = Field(description="growth, idcw_payout, idcw_reinvest, idcw or bonus.")
    price_return_only: bool = Field(
        description="IDCW option: left out of the summary (the drag is not a cost measure)."
    )
    start_date: dt.date | None = Field(description="First date both have a NAV (ISO).")
    end_date: dt.date | None = Field(description="Last date both have a NAV (ISO).")
    days: int = Field(description="Calendar days from start_date to end_date.")
    total_drag: float | None = Field(description=f"The drag on end_date. {_PCT}")
    annualised_drag: float | None = Field(
        description="(1 + total) ^ (365 / days) − 1, percent a year (0.45 = 0.45 % a year); "
        "null under 365 days."
    )
    reason: str | None = Field(description="Why annualised_drag is null.")
    series: DragSeries = Field(description="The drag and both NAVs over time.")


class ExpenseSummary(BaseModel):
    """The AMC's drag over its growth pairs (IDCW pairs left out)."""

    model_config = ConfigDict(extra="forbid")

    growth_pairs: int = Field(description="Growth pairs with an annualised drag (count).")
    median_annualised: float | None = Field(
        description="Median annualised drag, percent a year; null without a growth pair."
    )
    mean_annualised: float | None = Field(
        description="Mean annualised drag, percent a year; null without a growth pair."
    )
    by_category: dict[str, float] = Field(
        description="Category → median annualised drag of its growth pairs, percent a year."
    )


class ExpenseDragResult(Stamped):
    """Every pair of one AMC with its drag series, and the AMC's summary."""

    amc_id: str = Field(description="The AMC's slug.")
    amc_name: str = Field(description="The AMC's display name.")
    pairs: list[PairDrag] = Field(description="One per pair, by category and name.")
    summary: ExpenseSummary = Field(description="Over the growth pairs.")
