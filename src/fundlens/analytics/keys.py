"""The metric keys of the full set (``fundlens metrics --json``), in print order.

Names follow conventions.md ('Names, tokens and units'): contract keys in snake_case,
``<key>_<window>`` for a trailing window, fractions throughout (capture 1.05 = 105 %).
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DATE_KEYS",
    "METRIC_WINDOWS",
    "RATIO_KEYS",
    "RELATIVE_KEYS",
    "RETURN_KEYS",
    "RISK_KEYS",
    "ROLLING_STATS",
    "WINDOWED_KEYS",
    "all_keys",
    "rolling_keys",
    "window_keys",
]

#: Trailing windows that the full set repeats the windowed metrics over.
METRIC_WINDOWS: Final[tuple[str, ...]] = ("1y", "3y", "5y")

RETURN_KEYS: Final[tuple[str, ...]] = (
    "cumulative_return",
    "cagr",
    "return_1m",
    "return_3m",
    "return_6m",
    "return_1y",
    "return_3y",
    "return_5y",
    "return_10y",
    "return_si",
)
RISK_KEYS: Final[tuple[str, ...]] = (
    "volatility",
    "downside_deviation",
    "max_drawdown",
    "var_95",
    "cvar_95",
    "skew",
    "ulcer_index",
    "best_month",
    "worst_month",
    "best_year",
    "worst_year",
)
RATIO_KEYS: Final[tuple[str, ...]] = ("sharpe", "sortino", "calmar")
#: Keys that need a benchmark.
RELATIVE_KEYS: Final[tuple[str, ...]] = (
    "beta",
    "tracking_error",
    "information_ratio",
    "alpha",
    "treynor",
    "excess_return",
    "up_capture",
    "down_capture",
    "up_capture_monthly",
    "down_capture_monthly",
    "capture_ratio",
    "down_market_excess",
)
#: Metrics repeated over each of :data:`METRIC_WINDOWS` as ``<key>_<window>``.
WINDOWED_KEYS: Final[tuple[str, ...]] = (
    "volatility",
    "downside_deviation",
    "max_drawdown",
    "sharpe",
    "sortino",
    "calmar",
    "beta",
    "tracking_error",
    "information_ratio",
    "alpha",
    "treynor",
    "excess_return",
    "up_capture",
    "down_capture",
    "up_capture_monthly",
    "down_capture_monthly",
    "capture_ratio",
)
#: Rolling-return statistics, as ``rolling_<window>_<stat>`` (annualised returns).
ROLLING_STATS: Final[tuple[str, ...]] = (
    "mean",
    "median",
    "min",
    "max",
    "std",
    "beat_benchmark",
    "above_0",
    "above_8",
    "above_10",
    "above_12",
    "above_15",
)
#: Date and day-count companions of max_drawdown (whole window).
DATE_KEYS: Final[tuple[str, ...]] = (
    "max_drawdown_peak_date",
    "max_drawdown_trough_date",
    "max_drawdown_recovery_date",
    "drawdown_duration_days",
    "recovery_days",
)


def window_keys(window: str) -> tuple[str, ...]:
    """``<key>_<window>`` for every windowed key."""
    return tuple(f"{key}_{window}" for key in WINDOWED_KEYS)


def rolling_keys(window: str) -> tuple[str, ...]:
    """``rolling_<window>_<stat>`` for every rolling statistic."""
    return tuple(f"rolling_{window}_{stat}" for stat in ROLLING_STATS)


def all_keys() -> tuple[str, ...]:
    """Every numeric key of the full set, in print order."""
    keys = RETURN_KEYS + RISK_KEYS + RATIO_KEYS + RELATIVE_KEYS
    for window in METRIC_WINDOWS:
        keys += window_keys(window)
    for window in METRIC_WINDOWS:
        keys += rolling_keys(window)
    return keys
