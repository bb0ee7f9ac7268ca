"""One fund's risk over time and several funds side by side, for charts and notebooks.

* :func:`risk_series`: the underwater (drawdown) series, the top drawdown episodes, and
  rolling volatility, Sharpe and beta over 252 daily observations — each rolling value is
  the scalar metric of :mod:`fundlens.analytics` applied through
  :func:`fundlens.analytics.rolling.rolling_apply`, so there is one formula per metric.
* :func:`correlations`: the correlation matrix of selected funds' daily returns, each pair
  over the observations both have (Monday–Friday, the same rules as every daily statistic).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics import drawdown, ratios, risk
from fundlens.analytics.grid import (
    PERIODS_PER_YEAR,
    daily_returns,
    day_index,
)
from fundlens.analytics.riskfree import RiskFree, rf_on_calendar
from fundlens.analytics.rolling import DISPLAY_POINTS, downsample, rolling_apply
from fundlens.errors import InputError
from fundlens.services.metrics import fund_levels, scheme_benchmark, scheme_names
from fundlens.services.panels import stored_levels

__all__ = ["correlations", "risk_series"]


def risk_series(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    benchmark: int | str | None = "auto",
    rf: RiskFree,
    window: int = PERIODS_PER_YEAR,
    top: int = 5,
    max_points: int | None = DISPLAY_POINTS,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> dict[str, Any]:
    """Underwater series, top drawdown episodes and rolling volatility / Sharpe / beta
    (``window`` observations; beta only with a benchmark) of a stored scheme, over the
    NAVs from ``start_date`` to ``end_date`` (the running max starts at the first)."""
    if start_date and end_date and start_date > end_date:
        raise InputError(f"--from {start_date} is after --to {end_date}")
    bench = scheme_benchmark(con, code)[0] if benchmark == "auto" else benchmark
    if bench is not None and not isinstance(bench, int):
        raise InputError(f"benchmark {bench!r}: give a scheme code, 'auto' or None")
    start, fund, bench_levels = fund_levels(con, code, bench)
    fund = _clip(fund, start, start_date, end_date)
    if bench_levels is not None:
        bench_levels = _clip(bench_levels, start, start_date, end_date)
    width = fund.shape[-1]
    dates = start + np.arange(width) * np.timedelta64(1, "D")
    r_f = daily_returns(fund, start)
    rate = rf_on_calendar(rf, start, width)
    flat = float(np.nanmean(rate)) if np.ndim(rate) else float(rate)  # type: ignore[arg-type]
    series = {
        "underwater": drawdown.drawdown_series(fund),
        "rolling_volatility": rolling_apply(risk.volatility, r_f, window=window),
        "rolling_sharpe": rolling_apply(ratios.sharpe, r_f, window=window, rf=flat),
    }
    if bench_levels is not None:
        both = np.isfinite(fund) & np.isfinite(bench_levels)
        r_fb = daily_returns(np.where(both, fund, np.nan), start)
        r_bb = daily_returns(np.where(both, bench_levels, np.nan), start)
        series["rolling_beta"] = rolling_apply(risk.beta, r_fb, r_bb, window=window)
    episodes = drawdown.drawdown_episodes(fund, start, top=top)
    return {
        "scheme_code": code,
        "benchmark_code": bench,
        "window_observations": window,
        "rf_annual_rate": flat,
        "series": {k: _points(dates, v, max_points) for k, v in series.items()},
        "drawdown_episodes": [
            {k: (str(v) if isinstance(v, dt.date) else v) for k, v in row.items()}
            for row in episodes.to_dicts()
        ],
    }


def _clip(
    levels: np.ndarray, start: np.datetime64, first: dt.date | None, last: dt.date | None
) -> np.ndarray:
    """``levels`` with NaN outside ``first … last`` (inclusive; None = open)."""
    days = np.arange(levels.shape[-1])
    keep = np.ones(levels.shape[-1], dtype=bool)
    if first is not None:
        keep &= days >= day_index(start, first)
    if last is not None:
        keep &= days <= day_index(start, last)
    return np.where(keep, levels, np.nan)


def _points(dates: np.ndarray, values: np.ndarray, max_points: int | None) -> dict[str, list]:
    keep = np.isfinite(values)
    days, kept = dates[keep], values[keep]
    if max_points is not None:
        days, kept = downsample(days, kept, max_points=max_points)
    return {"dates": [str(d) for d in days], "values": kept.tolist()}


def correlations(
    con: duckdb.DuckDBPyConnection,
    codes: list[int],
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> pl.DataFrame:
    """Correlation matrix of the daily returns of ``codes``: a frame with ``scheme_code``
    and one column per code (as a string), pairwise over common observations."""
    if len(set(codes)) < 2:
        raise InputError("give at least two different scheme codes")
    codes = list(dict.fromkeys(codes))
    missing = set(codes) - set(scheme_names(con, codes))
    if missing:
        raise InputError(f"scheme {min(missing)} is not in the store")
    grid = stored_levels(con, codes, start_date=start_date, end_date=end_date)
    matrix = risk.correlation_matrix(daily_returns(grid.values, grid.start, flagged=grid.flagged))
    return pl.DataFrame({"scheme_code": codes}).with_columns(
        pl.Series(str(c), matrix[:, i]) for i, c in enumerate(codes)
    )
