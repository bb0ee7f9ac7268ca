"""One fund's rolling-return series (and its benchmark's) for charts, the API and reports.

Seed 003 §7.5 with the contract's corrections: levels cleaned of data-quality events, the
fund and benchmark joined on the dates both have a NAV, rolling returns per window on the
full-resolution series, summary statistics from it, then clipped to ``start_date …
end_date`` and thinned to ``max_points`` for display only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import numpy as np

from fundlens.analytics.grid import ROLLING_WINDOWS, day_index, joint_levels
from fundlens.analytics.rolling import DISPLAY_POINTS, downsample, rolling_returns, rolling_summary
from fundlens.errors import InputError
from fundlens.services.metrics import fund_levels, scheme_benchmark
from fundlens.types import Window

__all__ = ["rolling_report", "rolling_series"]


def rolling_report(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    benchmark: int | str | None = "auto",
    windows: tuple[Window, ...] = ROLLING_WINDOWS,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    max_points: int | None = DISPLAY_POINTS,
    annualise: bool = True,
) -> dict[str, Any]:
    """Rolling returns (annualised unless ``annualise=False``, fractions) of ``code`` and
    its benchmark per window: ``{"scheme_code", "benchmark_code", "windows": {w: {"dates",
    "fund", "benchmark", "summary"}}}``. ``max_points=None`` keeps every point."""
    if start_date and end_date and start_date > end_date:
        raise InputError(f"--from {start_date} is after --to {end_date}")
    bench = scheme_benchmark(con, code)[0] if benchmark == "auto" else benchmark
    if bench is not None and not isinstance(bench, int):
        raise InputError(f"benchmark {bench!r}: give a scheme code, 'auto' or None")
    start, fund, bench_levels = fund_levels(con, code, bench)
    series = rolling_series(
        start,
        fund,
        bench_levels,
        windows=windows,
        start_date=start_date,
        end_date=end_date,
        max_points=max_points,
        annualise=annualise,
    )
    return {"scheme_code": code, "benchmark_code": bench, "windows": series}


def rolling_series(
    start: np.datetime64,
    fund: np.ndarray,
    bench: np.ndarray | None,
    *,
    windows: tuple[Window, ...] = ROLLING_WINDOWS,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    max_points: int | None = DISPLAY_POINTS,
    annualise: bool = True,
) -> dict[str, Any]:
    """Per window: dates, fund and benchmark rolling returns, and their summary, from
    cleaned levels (T,) on the calendar beginning at ``start``. ``annualise=False`` gives
    absolute window returns (the summary's ``above_*`` shares then compare the absolute
    return with the same rates)."""
    if bench is not None:
        fund, bench = joint_levels(fund, bench)
    dates = start + np.arange(fund.shape[-1]) * np.timedelta64(1, "D")
    lo = 0 if start_date is None else max(day_index(start, start_date), 0)
    hi = fund.shape[-1] if end_date is None else max(day_index(start, end_date) + 1, 0)
    out: dict[str, Any] = {}
    for window in windows:
        f = rolling_returns(fund, start, window=window, annualise=annualise)[lo:hi]
        b = (
            None
            if bench is None
            else rolling_returns(bench, start, window=window, annualise=annualise)[lo:hi]
        )
        summary = rolling_summary(f, b)
        both = f if b is None else np.vstack([f, b])
        if b is not None:
            both = np.where(np.isfinite(both).all(axis=0), both, np.nan)
        if max_points is None:
            keep = np.isfinite(np.atleast_2d(both)[0])
            days, values = dates[lo:hi][keep], both[..., keep]
        else:
            days, values = downsample(dates[lo:hi], both, max_points=max_points)
        rows = np.atleast_2d(values)
        out[window] = {
            "dates": np.datetime_as_string(days, unit="D").tolist(),
            "fund": rows[0].tolist(),
            "benchmark": None if b is None else rows[1].tolist(),
            "summary": {k: _plain(v) for k, v in summary.items()},
        }
    return out


def _plain(value: object) -> float | int | None:
    number = float(value)  # type: ignore[arg-type]
    if not np.isfinite(number):
        return None
    return int(number) if isinstance(value, (int, np.integer)) else number
