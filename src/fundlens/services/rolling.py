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
from fundlens.analytics.rolling import (
    DISPLAY_POINTS,
    downsample,
    rolling_returns_by_window,
    rolling_summary,
)
from fundlens.errors import InputError
from fundlens.services.metrics import fund_levels, scheme_benchmark
from fundlens.types import Window

__all__ = ["rolling_report", "rolling_series", "rolling_series_panel"]


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
    return with the same rates). One row of :func:`rolling_series_panel`."""
    return rolling_series_panel(
        start,
        np.atleast_2d(fund),
        bench,
        windows=windows,
        start_date=start_date,
        end_date=end_date,
        max_points=max_points,
        annualise=annualise,
    )[0]


def rolling_series_panel(
    start: np.datetime64,
    funds: np.ndarray,
    bench: np.ndarray | None,
    *,
    windows: tuple[Window, ...] = ROLLING_WINDOWS,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    max_points: int | None = DISPLAY_POINTS,
    annualise: bool = True,
) -> list[dict[str, Any]]:
    """:func:`rolling_series` of every row of ``funds`` (n, T) against one benchmark (T,),
    computed for all rows at once: each row joined with the benchmark on the days both
    have a NAV, the forward fill shared by the windows, one summary pass per window."""
    if bench is not None:
        funds, bench_rows = joint_levels(funds, np.broadcast_to(bench, funds.shape))
    width = funds.shape[-1]
    dates = start + np.arange(width) * np.timedelta64(1, "D")
    lo = 0 if start_date is None else max(day_index(start, start_date), 0)
    hi = width if end_date is None else max(day_index(start, end_date) + 1, 0)
    f_all = rolling_returns_by_window(funds, start, windows=windows, annualise=annualise)
    b_all = (
        None
        if bench is None
        else rolling_returns_by_window(bench_rows, start, windows=windows, annualise=annualise)
    )
    out: list[dict[str, Any]] = [{} for _ in range(funds.shape[0])]
    for window in windows:
        f = f_all[window][:, lo:hi]
        b = None if b_all is None else b_all[window][:, lo:hi]
        summary = rolling_summary(f, b)
        if b is not None:
            common = np.isfinite(f) & np.isfinite(b)
            f, b = np.where(common, f, np.nan), np.where(common, b, np.nan)
        for row, per_window in enumerate(out):
            both = f[row] if b is None else np.vstack([f[row], b[row]])
            if max_points is None:
                keep = np.isfinite(np.atleast_2d(both)[0])
                days, values = dates[lo:hi][keep], both[..., keep]
            else:
                days, values = downsample(dates[lo:hi], both, max_points=max_points)
            rows = np.atleast_2d(values)
            per_window[window] = {
                "dates": np.datetime_as_string(days, unit="D").tolist(),
                "fund": rows[0].tolist(),
                "benchmark": None if b is None else rows[1].tolist(),
                "summary": {k: _plain(np.asarray(v)[row]) for k, v in summary.items()},
            }
    return out


def _plain(value: object) -> float | int | None:
    number = float(value)  # type: ignore[arg-type]
    if not np.isfinite(number):
        return None
    return int(number) if isinstance(value, (int, np.integer)) else number
