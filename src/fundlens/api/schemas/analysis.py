"""Models of seed 003 Gen 2 ``POST /api/analysis/compare`` (and its alias ``/metrics``).

Seed 003 §6.4: ``ComparisonRequest {amc_names, start_date, end_date, category,
plan_type}`` → ``ComparisonResult {results: [MetricsResult], dates, cumulative_returns}``
with ``MetricsResult {amc, cagr, sharpe, sortino, calmar, treynor, info_ratio, beta,
alpha, max_drawdown, volatility, scheme_count}``. The seed's names; units as the seed
shows them (conventions.md): CAGR, alpha, max drawdown, volatility and cumulative returns
in percent, the ratios and beta as plain numbers. Beside them: the window, why a value is
null, the member schemes, and the benchmark used.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fundlens.api.schemas.common import Stamped
from fundlens.api.schemas.funds import IsoDate  # ISO text only, under strict=True
from fundlens.api.seed_names import unit_note

__all__ = [
    "MAX_AMCS",
    "BenchmarkRef",
    "ComparisonRequest",
    "ComparisonResult",
    "MemberScheme",
    "MetricsResult",
    "MetricsWindow",
]

#: Most AMCs one comparison takes (a larger list is a 422).
MAX_AMCS: Final = 10

AmcName = Annotated[str, Field(min_length=1, max_length=80)]


class ComparisonRequest(BaseModel):
    """Which AMCs to compare, in which category and plan, over which dates."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,  # 0 is not false, "5" not 5; dates ISO text (IsoDate)
        json_schema_extra={
            "examples": [
                {
                    "amc_names": ["hdfc", "ppfas"],
                    "start_date": "2014-06-01",
                    "end_date": "2016-02-22",
                    "category": "Flexi Cap",
                    "plan_type": "Direct",
                }
            ]
        },
    )

    amc_names: list[AmcName] = Field(
        min_length=1,
        max_length=MAX_AMCS,
        description=f"1 to {MAX_AMCS} AMCs, by slug ('hdfc') or display name ('HDFC Mutual "
        "Fund'); an unknown one is a 404, the same AMC twice a 422.",
    )
    start_date: IsoDate | None = Field(
        default=None, description="First date (ISO); default: each portfolio's first NAV."
    )
    end_date: IsoDate | None = Field(
        default=None, description="Last date (ISO); default: the store's last NAV."
    )
    category: str = Field(
        min_length=1,
        max_length=80,
        description="SEBI category, name ('Flexi Cap') or slug ('flexi-cap'); required, as in "
        "the seed (AMCs are compared within one category).",
    )
    plan_type: Literal["direct", "regular", "Direct", "Regular"] = Field(
        default="direct",
        description="Direct or Regular plans (either case). Regular also takes a pre-2013 "
        "scheme's single plan.",
    )
    rf: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Risk-free rate, a fraction a year (0.065 = 6.5 %); default: "
        "FUNDLENS_RF, the imported series, else 6.5 %.",
    )
    common_window: bool = Field(
        default=True,
        description="Compare over the window all portfolios span (default); false: each "
        "AMC over its own whole history in the range.",
    )

    @field_validator("plan_type")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()

    @model_validator(mode="after")
    def _range(self) -> ComparisonRequest:
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self


class MetricsWindow(BaseModel):
    """The dates a portfolio's metrics cover."""

    model_config = ConfigDict(extra="forbid")

    start_date: dt.date | None = Field(description="First date (ISO).")
    end_date: dt.date | None = Field(description="Last date (ISO).")
    days: int | None = Field(description="Calendar days from start to end.")
    observations: int | None = Field(description="Daily returns used (weekdays, unflagged).")


class MemberScheme(BaseModel):
    """A scheme in an AMC's portfolio (closed ones included while they had NAVs)."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI scheme code.")
    name: str | None = Field(description="Current scheme name.")
    plan: str | None = Field(description="direct, regular, or null (a pre-2013 single plan).")
    first_date: dt.date | None = Field(description="Its first NAV in the window (ISO).")
    last_date: dt.date | None = Field(description="Its last NAV in the window (ISO).")
    returns_used: int = Field(description="Daily returns of it the portfolio used (count).")
    alive: bool = Field(description="A NAV in the 7 days to the store's as-of date.")
    last_nav_date: dt.date | None = Field(description="Its last NAV in the store (ISO).")


def _metric(key: str, text: str) -> str:
    return f"{text} {unit_note(key)} Null when the window is too short (see reasons)."


class MetricsResult(BaseModel):
    """One AMC's equal-weighted portfolio: the seed's ``MetricsResult`` over the window."""

    model_config = ConfigDict(extra="forbid")

    amc: str = Field(description="The AMC's slug (the key of cumulative_returns).")
    amc_name: str = Field(description="The AMC's display name.")
    cagr: float | None = Field(description=_metric("cagr", "CAGR over the window."))
    sharpe: float | None = Field(description=_metric("sharpe", "Sharpe ratio."))
    sortino: float | None = Field(description=_metric("sortino", "Sortino ratio."))
    calmar: float | None = Field(description=_metric("calmar", "Calmar ratio."))
    treynor: float | None = Field(
        description=_metric("treynor", "Treynor ratio: (CAGR − rf) / beta, fraction per beta.")
    )
    info_ratio: float | None = Field(
        description=_metric("information_ratio", "Information ratio vs the benchmark.")
    )
    beta: float | None = Field(description=_metric("beta", "Beta vs the benchmark."))
    alpha: float | None = Field(
        description=_metric("alpha", "Jensen's alpha vs the benchmark, a year.")
    )
    max_drawdown: float | None = Field(
        description=_metric("max_drawdown", "Max drawdown (negative).")
    )
    volatility: float | None = Field(
        description=_metric("volatility", "Annualised volatility of daily returns.")
    )
    scheme_count: int = Field(description="Schemes in the portfolio (count).")
    window: MetricsWindow = Field(description="The dates the metrics cover.")
    reasons: dict[str, str] = Field(
        description="Why a field above is null, by its name ('beta': 'no benchmark for …')."
    )
    schemes: list[MemberScheme] = Field(description="The portfolio's schemes.")


class BenchmarkRef(BaseModel):
    """The category benchmark: an index fund standing in for the index (incl. its costs)."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI code of the index fund used.")
    name: str | None = Field(description="Its name.")
    label: str = Field(description="Always 'index fund (incl. costs)': not a TRI.")


class ComparisonResult(Stamped):
    """Seed 003 §6.4 ``ComparisonResult``: metrics per AMC and cumulative returns."""

    results: list[MetricsResult] = Field(description="One per AMC, in the request's order.")
    dates: list[dt.date] = Field(
        description="Dates of cumulative_returns (≤ 500, evenly thinned for display)."
    )
    cumulative_returns: dict[str, list[float | None]] = Field(
        description="AMC slug → cumulative return of its portfolio on each date, "
        f"{unit_note('cumulative_return')} Null before a portfolio starts or after it ends. "
        "The metrics come from the full daily series, not these points."
    )
    category: str = Field(description="Canonical SEBI category compared.")
    category_slug: str = Field(description="Its slug.")
    plan_type: str = Field(description="direct or regular.")
    benchmark: BenchmarkRef | None = Field(description="Null: the category has none.")
    no_benchmark_reason: str | None = Field(description="Why there is no benchmark.")
    common_window: bool = Field(description="Whether the AMCs share one window.")
    start_date: dt.date = Field(description="First date of any portfolio (ISO).")
    end_date: dt.date = Field(description="Last date of any portfolio (ISO).")
    rf_annual_rate: float | None = Field(
        description="Flat risk-free rate used, a fraction a year (0.065 = 6.5 %); null when "
        "an imported daily series was used."
    )
    method: str = Field(description="How each AMC's portfolio is built.")
