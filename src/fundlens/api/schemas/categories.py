"""``GET /api/v1/categories/{slug}/leaders``: a category's best funds by one metric.
Contract keys and units: the value in the unit of its key (fractions; ratios plain),
percentile 0-1 (1 = best)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped

__all__ = ["LeaderFund", "LeaderMetric", "LeaderWindow", "LeadersResponse", "PlanName"]

#: Metrics that have a better direction (analytics.peers.BETTER), so a ranking.
LeaderMetric = Literal[
    "return", "cagr", "cumulative_return", "excess_return",
    "best_month", "worst_month", "best_year", "worst_year",
    "volatility", "downside_deviation", "ulcer_index", "tracking_error", "max_drawdown",
    "var_95", "cvar_95",
    "sharpe", "sortino", "calmar", "treynor", "alpha", "information_ratio",
    "down_market_excess",
    "up_capture", "down_capture", "up_capture_monthly", "down_capture_monthly", "capture_ratio",
    "rolling_mean", "rolling_median", "rolling_min", "rolling_max", "rolling_std",
    "rolling_beat_benchmark", "rolling_above_0", "rolling_above_8", "rolling_above_10",
    "rolling_above_12", "rolling_above_15",
]  # fmt: skip
LeaderWindow = Literal["1m", "3m", "6m", "1y", "3y", "5y", "10y", "si"]
PlanName = Literal["direct", "regular", "institutional", "retail", "other"]


class LeaderFund(BaseModel):
    """One ranked fund."""

    model_config = ConfigDict(extra="forbid")

    rank: float | None = Field(description="1 = best; ties share the average rank (2.5).")
    scheme_code: int = Field(description="AMFI scheme code.")
    name: str | None = Field(description="Scheme name.")
    value: float | None = Field(description="The metric's value, in its key's unit (fractions).")
    percentile: float | None = Field(
        description="Share of the other peers it beats, 0-1 (1 = best); null with one peer."
    )
    quartile: int | None = Field(description="1 = top quarter … 4 = bottom quarter.")


class LeadersResponse(Stamped):
    """The best funds of a (category, plan) peer group by one metric over one window."""

    category: str = Field(description="SEBI category name.")
    category_slug: str = Field(description="Category slug.")
    plan: PlanName = Field(description="Plan of the peer group.")
    as_of: dt.date = Field(description="Date the ranks are as of (the last NAV date, ISO).")
    key: str = Field(description="Contract metric key ranked (return_3y, sharpe_1y, …).")
    metric: str = Field(description="Metric asked for.")
    window: str = Field(description="Window asked for.")
    better: Literal["higher", "lower"] = Field(description="Which way is better.")
    source: Literal["fund_metrics", "computed"] = Field(
        description="'fund_metrics': the precomputed table of the as-of date; 'computed': "
        "the full set computed for the group on this request."
    )
    peer_count: int = Field(description="Funds ranked (growth, alive, enough history).")
    median: float | None = Field(description="Median value of the group (key's unit).")
    p25: float | None = Field(description="25th percentile of the values (key's unit).")
    p75: float | None = Field(description="75th percentile of the values (key's unit).")
    best: float | None = Field(description="Value ranked first (key's unit).")
    worst: float | None = Field(description="Value ranked last (key's unit).")
    funds: list[LeaderFund] = Field(description="Best first, at most limit.")
