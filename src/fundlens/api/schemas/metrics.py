"""One fund's full metric set (``fundlens metrics --json``) as response models.

Contract keys and units (conventions.md): fractions (0.12 = 12 %), capture as a fraction
(1.05 = 105 %), ratios plain. Every key of :func:`fundlens.analytics.keys.all_keys` is a
field of :class:`MetricValues` whose description gives its definition and unit; a null
value has its reason in ``reasons``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from fundlens.analytics.keys import METRIC_WINDOWS, all_keys
from fundlens.api.schemas.common import Stamped

__all__ = [
    "BenchmarkInfo",
    "Drawdown",
    "FundMetrics",
    "FundMetricsResponse",
    "MetricValues",
    "MetricWindow",
    "RiskFreeInfo",
    "metric_description",
]

_A_YEAR = "Fraction a year (0.12 = 12 % a year)."
_FRACTION = "Fraction (0.12 = 12 %)."
_RATIO = "Plain ratio (no unit)."
_CAPTURE = "Fraction of the benchmark's move (1.05 = 105 %)."
_SHARE = "Share of windows, 0-1 (0.78 = 78 %)."

#: Base key → (definition, unit) in the contract's units (docs/analytics.md, Definitions).
_DEFINITIONS: Final[dict[str, tuple[str, str]]] = {
    "cumulative_return": ("NAV_end / NAV_start − 1 over the window.", _FRACTION),
    "cagr": ("(NAV_end / NAV_start)^(365 / days) − 1 over the window.", _A_YEAR),
    "return": (
        "Trailing return: end NAV / last NAV on or before end − window − 1; absolute "
        "below one year, CAGR from one year up (return_si: since the first NAV).",
        "Fraction (0.12 = 12 %; a year from 1y up).",
    ),
    "volatility": ("std(daily r)·√252 (sample, Mon-Fri observations).", _A_YEAR),
    "downside_deviation": ("√(mean(min(r − rf_d, 0)²))·√252 over all days.", _A_YEAR),
    "max_drawdown": ("min(NAV / running max − 1); negative.", _FRACTION),
    "var_95": ("Historical 5th percentile of daily returns.", "Fraction a day."),
    "cvar_95": ("Mean of the worst 5 % of daily returns.", "Fraction a day."),
    "skew": ("Adjusted Fisher-Pearson skew of daily returns.", _RATIO),
    "ulcer_index": ("√(mean(drawdown²)) over NAV days (drawdowns as fractions).", _RATIO),
    "best_month": ("Best complete calendar month.", _FRACTION),
    "worst_month": ("Worst complete calendar month.", _FRACTION),
    "best_year": ("Best complete calendar year.", _FRACTION),
    "worst_year": ("Worst complete calendar year.", _FRACTION),
    "sharpe": ("mean(r − rf_d)·252 / (std(r − rf_d)·√252).", _RATIO),
    "sortino": ("mean(r − rf_d)·252 / downside_deviation.", _RATIO),
    "calmar": ("CAGR / |max_drawdown|.", _RATIO),
    "beta": ("cov(r_f, r_b) / var(r_b) on the common daily returns.", _RATIO),
    "tracking_error": ("std(r_f − r_b)·√252.", _A_YEAR),
    "information_ratio": ("mean(r_f − r_b)·252 / tracking_error.", _RATIO),
    "alpha": ("Jensen's: CAGR_f − [rf + β·(CAGR_b − rf)].", _A_YEAR),
    "treynor": ("(CAGR − rf) / β.", "Fraction a year per unit of beta."),
    "excess_return": ("CAGR_f − CAGR_b.", _A_YEAR),
    "up_capture": ("mean(r_f | r_b > 0) / mean(r_b | r_b > 0), daily.", _CAPTURE),
    "down_capture": ("mean(r_f | r_b < 0) / mean(r_b | r_b < 0), daily.", _CAPTURE),
    "up_capture_monthly": (
        "Freefincal: up-month CAGR of the fund / that of the benchmark (complete months "
        "with benchmark > 0).",
        _CAPTURE,
    ),
    "down_capture_monthly": (
        "Freefincal: down-month CAGR of the fund / that of the benchmark (months with "
        "benchmark < 0).",
        _CAPTURE,
    ),
    "capture_ratio": ("up_capture_monthly / down_capture_monthly.", _RATIO),
    "down_market_excess": (
        "Mean of fund − benchmark 1y rolling return over windows where the benchmark's "
        "is negative (not alpha).",
        _A_YEAR,
    ),
}
_ROLLING: Final[dict[str, tuple[str, str]]] = {
    "mean": ("Mean of the annualised rolling returns.", _A_YEAR),
    "median": ("Median of the annualised rolling returns.", _A_YEAR),
    "min": ("Lowest annualised rolling return.", _A_YEAR),
    "max": ("Highest annualised rolling return.", _A_YEAR),
    "std": ("Sample std of the annualised rolling returns.", _A_YEAR),
    "beat_benchmark": ("Share of rolling windows where the fund beat the benchmark.", _SHARE),
}


def metric_description(key: str) -> str:
    """The OpenAPI description of a contract metric key: definition, window, unit."""
    if key.startswith("rolling_"):
        _, window, stat = key.split("_", 2)
        if stat.startswith("above_"):
            rate = stat.removeprefix("above_")
            text, unit = (f"Share of rolling windows with a return above {rate} % a year.", _SHARE)
        else:
            text, unit = _ROLLING[stat]
        return f"{window} rolling returns over the window: {text} {unit}"
    base, window = key, ""
    if key.startswith("return_"):
        base, window = "return", key.removeprefix("return_")
    else:
        head, _, tail = key.rpartition("_")
        if tail in METRIC_WINDOWS and head in _DEFINITIONS:
            base, window = head, tail
    text, unit = _DEFINITIONS[base]
    scope = f"Trailing {window}: " if window and base != "return" else ""
    return f"{scope}{text} {unit}"


_FIELDS: dict[str, Any] = {
    key: (float | None, Field(description=metric_description(key))) for key in all_keys()
}
MetricValues = create_model(  # type: ignore[call-overload]
    "MetricValues",
    __config__=ConfigDict(extra="forbid"),
    __doc__="Every key of the full set; null when too little data (see ``reasons``).",
    **_FIELDS,
)


class BenchmarkInfo(BaseModel):
    """The benchmark the relative metrics use: a scheme (an index fund standing in,
    costs included) or a stored index series."""

    model_config = ConfigDict(extra="forbid")

    code: int | None = Field(description="Benchmark scheme code (null for an index series).")
    name: str | None = Field(description="Benchmark name.")
    kind: str = Field(description="'index fund (incl. costs)', or 'tri' / 'price' for an index.")
    label: str = Field(description="How the benchmark is labelled in charts and tables.")
    index: str | None = Field(default=None, description="Index series name (index only).")
    source: str | None = Field(default=None, description="Where the index series came from.")


class MetricWindow(BaseModel):
    """The dates the metrics cover: with a benchmark, the dates both have a NAV."""

    model_config = ConfigDict(extra="forbid")

    start_date: dt.date | None = Field(description="First NAV date used (ISO); null: none.")
    end_date: dt.date | None = Field(description="Last NAV date used (ISO); null: none.")
    days: int = Field(description="Calendar days from start_date to end_date.")
    observations: int = Field(description="Daily-return observations (Mon-Fri) used.")


class RiskFreeInfo(BaseModel):
    """The risk-free rate used: flat, or a stored series."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["flat", "series"] = Field(description="'flat' rate or a stored 'series'.")
    annual_rate: float | None = Field(default=None, description="Flat rate, a fraction a year.")
    first_date: dt.date | None = Field(default=None, description="Series: first date (ISO).")
    last_date: dt.date | None = Field(default=None, description="Series: last date (ISO).")
    points: int | None = Field(default=None, description="Series: number of rates.")


class Drawdown(BaseModel):
    """The window's maximum drawdown episode (peak = last date at the running maximum
    before the trough; recovery = first date after it back at the peak NAV)."""

    model_config = ConfigDict(extra="forbid")

    peak_date: dt.date | None = Field(description="Peak before the deepest fall (ISO).")
    trough_date: dt.date | None = Field(description="Lowest point (ISO).")
    recovery_date: dt.date | None = Field(description="Back at the peak NAV (ISO); null: not yet.")
    duration_days: int | None = Field(description="Calendar days from peak to trough.")
    recovery_days: int | None = Field(description="Calendar days from trough to recovery.")


class FundMetrics(BaseModel):
    """One fund's full set, exactly ``fundlens metrics CODE --json`` (fractions)."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int | None = Field(description="AMFI scheme code; null: an index series.")
    name: str | None = Field(description="Scheme name.")
    benchmark: BenchmarkInfo | None = Field(description="Benchmark used; null: none.")
    window: MetricWindow
    rf: RiskFreeInfo
    price_return_only: bool = Field(
        description="IDCW option: NAV falls at each payout, returns are price returns."
    )
    synthetic: bool = Field(description="True for the generated demo universe.")
    metrics: MetricValues  # type: ignore[valid-type]
    drawdown: Drawdown
    calendar_year_returns: dict[str, float] = Field(
        description="Complete calendar year → return. Fraction (0.12 = 12 %)."
    )
    financial_year_returns: dict[str, float] = Field(
        description="Complete Indian financial year (FY2024 = Apr 2023-Mar 2024) → return. "
        "Fraction."
    )
    reasons: dict[str, str] = Field(description="Metric key → why its value is null.")


class FundMetricsResponse(Stamped, FundMetrics):
    """``GET /api/v1/funds/{code}/metrics``: the full set with the as-of stamp."""
