"""Model of seed 002 §6.2 ``GET /api/v1/funds/{scheme_code}/analysis``.

The seed's blocks and field names (``returns``, ``risk_metrics``, ``benchmark_comparison``,
``portfolio_analysis``, ``fund_manager``, ``peer_comparison``) in the seed's units
(conventions.md): returns, volatility, drawdowns, alpha and tracking error in percent,
``rolling_beat_rate`` a fraction, ``percentile`` 0–100, ratios and beta as plain numbers.
:mod:`fundlens.api.seed_names` holds the contract key → seed name and unit table; each
field's description below says its unit. A value the data cannot give is null, and the
block's ``reasons`` says why; a block the store has no data for at all (portfolio, fund
manager) is ``{"available": false, "reason": ...}`` — never invented numbers.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped
from fundlens.api.seed_names import unit_note

__all__ = [
    "BenchmarkComparison",
    "FundAnalysis",
    "NotAvailable",
    "PeerComparison",
    "Returns",
    "RiskMetrics",
]

_NULL = "Null when the history is too short (see reasons)."


def _pct(key: str, text: str) -> str:
    return f"{text} {unit_note(key)} {_NULL}"


class Returns(BaseModel):
    """Trailing returns to the fund's last NAV: absolute below 1 year, CAGR from 1 year
    (start NAV = the last NAV on or before the start date; 365-day years)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    m1: float | None = Field(alias="1m", description=_pct("return_1m", "1 month, absolute."))
    m3: float | None = Field(alias="3m", description=_pct("return_3m", "3 months, absolute."))
    m6: float | None = Field(alias="6m", description=_pct("return_6m", "6 months, absolute."))
    y1: float | None = Field(alias="1y", description=_pct("return_1y", "1 year."))
    y3: float | None = Field(alias="3y", description=_pct("return_3y", "3 years, CAGR."))
    y5: float | None = Field(alias="5y", description=_pct("return_5y", "5 years, CAGR."))
    since_inception: float | None = Field(
        description="Since the launch, CAGR (absolute under a year) — given only when the "
        "store's first NAV is the launch NAV (the launch date is known and at most 31 days "
        f"earlier); else null with the reason. {unit_note('return_si')}"
    )
    since_first_nav: float | None = Field(
        description="Since the store's first NAV (the contract's `si`), CAGR (absolute under "
        f"a year). {unit_note('return_si')}"
    )
    reasons: dict[str, str] = Field(description="Field name → why it is null.")


class RiskMetrics(BaseModel):
    """Risk over trailing windows of daily returns (weekdays, unflagged); beta, alpha and
    information ratio over 3 years against the category benchmark (conventions.md)."""

    model_config = ConfigDict(extra="forbid")

    volatility_1y: float | None = Field(description=_pct("volatility_1y", "Annualised, 1 year."))
    volatility_3y: float | None = Field(description=_pct("volatility_3y", "Annualised, 3 years."))
    sharpe_ratio_1y: float | None = Field(description=_pct("sharpe_1y", "Sharpe, 1 year."))
    sharpe_ratio_3y: float | None = Field(description=_pct("sharpe_3y", "Sharpe, 3 years."))
    sortino_ratio_3y: float | None = Field(description=_pct("sortino_3y", "Sortino, 3 years."))
    max_drawdown_1y: float | None = Field(
        description=_pct("max_drawdown_1y", "Max drawdown in the last year (negative).")
    )
    max_drawdown_3y: float | None = Field(
        description=_pct("max_drawdown_3y", "Max drawdown in the last 3 years (negative).")
    )
    beta: float | None = Field(description=_pct("beta_3y", "Beta vs the benchmark, 3 years."))
    alpha: float | None = Field(
        description=_pct("alpha_3y", "Jensen's alpha vs the benchmark, 3 years, a year.")
    )
    information_ratio: float | None = Field(
        description=_pct("information_ratio_3y", "Information ratio vs the benchmark, 3 years.")
    )
    reasons: dict[str, str] = Field(description="Field name → why it is null.")


class BenchmarkComparison(BaseModel):
    """The fund against its category benchmark over the dates both have a NAV."""

    model_config = ConfigDict(extra="forbid")

    benchmark: str | None = Field(
        description="The benchmark's name and kind ('… Index Fund (index fund (incl. costs))'); "
        "an index fund stands in for the index and is never labelled TRI. Null: none."
    )
    benchmark_code: int | None = Field(description="AMFI code of the benchmark index fund.")
    fund_return_3y: float | None = Field(
        description=_pct("return_3y", "The fund's 3-year CAGR (the common dates).")
    )
    benchmark_return_3y: float | None = Field(
        description=_pct("benchmark_return_3y", "The benchmark's 3-year CAGR, same dates.")
    )
    outperformance: float | None = Field(
        description=_pct("excess_return_3y", "fund_return_3y − benchmark_return_3y.")
    )
    tracking_error: float | None = Field(
        description=_pct("tracking_error_3y", "Annualised tracking error, 3 years.")
    )
    rolling_beat_rate: float | None = Field(
        description="Share of rolling 1-year windows in which the fund beat the benchmark. "
        f"{unit_note('rolling_1y_beat_benchmark')} {_NULL}"
    )
    start_date: dt.date | None = Field(
        description="First date of the metrics' window (ISO): the dates fund and benchmark "
        "both have a NAV; the fund's own without a benchmark."
    )
    end_date: dt.date | None = Field(description="Last date of that window (ISO).")
    reasons: dict[str, str] = Field(description="Field name → why it is null.")


class NotAvailable(BaseModel):
    """A block the store has no data for: no numbers, only why."""

    model_config = ConfigDict(extra="forbid")

    available: bool = Field(description="Always false.")
    reason: str = Field(description="Why there is no data.")


class PeerComparison(BaseModel):
    """The fund's rank in its peer group (same SEBI category and plan, growth option,
    alive) by 3-year return, from the precomputed ``fund_metrics`` of the as-of date."""

    model_config = ConfigDict(extra="forbid")

    available: bool = Field(description="False: no rank (see reason); the numbers are null.")
    reason: str | None = Field(description="Why there is no rank.")
    category_rank: float | None = Field(
        description="Rank, 1 = best; ties share the average rank (so 2.5 happens)."
    )
    category_total: int | None = Field(description="Funds in the peer group (count).")
    percentile: float | None = Field(
        description=f"{unit_note('category_percentile')} (n − rank) / (n − 1) × 100; null "
        "for a group of one."
    )
    quartile: int | None = Field(description="1 = top quartile … 4 = bottom.")
    metric: str = Field(description="The metric ranked: return_3y.")
    as_of: dt.date | None = Field(description="Date of the ranks (ISO).")


class FundAnalysis(Stamped):
    """Seed 002 §6.2 fund analysis."""

    scheme_code: int = Field(description="AMFI scheme code.")
    scheme_name: str | None = Field(description="Current scheme name.")
    fund_house: str | None = Field(description="AMC display name ('HDFC Mutual Fund').")
    amc_id: str | None = Field(description="AMC slug ('hdfc').")
    category: str | None = Field(description="Canonical SEBI category.")
    plan: str | None = Field(description="direct, regular, … or null.")
    option: str | None = Field(description="growth, idcw_…, bonus or null.")
    inception_date: dt.date | None = Field(
        description="Launch date (ISO) when the store holds it, else null."
    )
    first_nav_date: dt.date | None = Field(description="First NAV in the store (ISO).")
    last_nav_date: dt.date | None = Field(description="Last NAV in the store (ISO).")
    price_return_only: bool = Field(
        description="IDCW option: returns are price returns (payouts not added back)."
    )
    returns: Returns = Field(description="Trailing returns, percent.")
    risk_metrics: RiskMetrics = Field(description="Risk and risk-adjusted returns.")
    benchmark_comparison: BenchmarkComparison = Field(
        description="Against the category benchmark (an index fund, incl. its costs)."
    )
    portfolio_analysis: NotAvailable = Field(
        description="AUM, expense ratio, holdings: not in the store (available false)."
    )
    fund_manager: NotAvailable = Field(
        description="Manager and tenure: not in the store (available false)."
    )
    peer_comparison: PeerComparison = Field(
        description="Rank in the category by 3-year return (fund_metrics)."
    )
