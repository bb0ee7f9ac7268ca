"""The full metric set of many funds at once, each against its own benchmark.

:func:`compute_metrics` takes a :class:`~fundlens.analytics.grid.NavGrid` (n funds on a
daily calendar) and, optionally, the benchmark's NAV levels gathered row by row onto the
same calendar, and returns one row per fund with every key of
:func:`fundlens.analytics.keys.all_keys` plus the window used and a reason for every
null. One fund is a one-row grid: the CLI, the API, the library and the universe run all
go through here, so a panel row equals the one-fund result by construction.

Steps, all vectorised over rows (columns are calendar days):

1. Levels are cleaned (:func:`~fundlens.analytics.grid.clean_levels`) and cut to
   ``start_date … end_date``. With a benchmark, both sides keep only the dates where both
   have a NAV (the common window); every metric is computed on it.
2. Daily returns follow the observation rules of :func:`~fundlens.analytics.grid.
   daily_returns` (Mon–Fri, span ≤ 10 days, flagged days left out).
3. The whole window gives the un-suffixed keys; each trailing window W (1y, 3y, 5y)
   starts at the last NAV on or before end − W days and gives ``<key>_<W>``; a fund with
   no NAV that early gets null and ``history h d < window W d``.
4. CAGR-based metrics (Calmar, Treynor, Jensen's alpha, excess return) use the window's
   CAGR (its trailing return from one year up); with a risk-free series they use its mean
   annual rate over the window's observations.
5. Rolling-return statistics use the 1y/3y/5y rolling series over the whole window;
   ``down_market_excess`` is the mean excess 1y rolling return where the benchmark's is
   negative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.analytics import capture, drawdown, ratios, returns, risk, rolling
from fundlens.analytics.grid import (
    WINDOW_DAYS,
    FloatArray,
    NavGrid,
    clean_levels,
    daily_returns,
    day_index,
    weekday_mask,
)
from fundlens.analytics.keys import METRIC_WINDOWS, all_keys
from fundlens.analytics.reasons import reasons_frame
from fundlens.analytics.riskfree import RiskFree, mean_rate, rf_on_calendar

__all__ = ["MetricsTable", "compute_metrics"]

_DAY: Final = np.timedelta64(1, "D")
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class MetricsTable:
    """One row per fund: ``values`` (scheme_code, every key, drawdown dates, window
    columns) and ``reasons`` (scheme_code, key, reason) for every null key."""

    values: pl.DataFrame
    reasons: pl.DataFrame


@dataclass(frozen=True)
class _Window:
    """Levels and returns of one window, columns sliced to the rows' common span."""

    start: np.datetime64
    fund: FloatArray
    bench: FloatArray | None
    r_fund: FloatArray
    r_pair: tuple[FloatArray, FloatArray] | None
    rf: float | FloatArray


def compute_metrics(
    grid: NavGrid,
    *,
    benchmark: FloatArray | None = None,
    benchmark_codes: IntArray | None = None,
    benchmark_missing: list[str | None] | None = None,
    rf: RiskFree | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    price_return_only: npt.NDArray[np.bool_] | None = None,
) -> MetricsTable:
    """Compute the full metric set for every row of ``grid``.

    ``benchmark`` is ``(n, T)`` NAV levels on the grid's calendar (a row of NaN where a
    fund has none), ``benchmark_codes`` their codes (0 = none) and ``benchmark_missing``
    the reason shown when a row has none (``no benchmark for Liquid``).
    """
    n, width = grid.values.shape
    lo_col, hi_col = _bounds(grid, start_date, end_date)
    fund = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    fund[:, :lo_col] = np.nan
    fund[:, hi_col + 1 :] = np.nan
    bench = None
    if benchmark is not None:
        has = np.isfinite(benchmark).any(axis=-1)
        both = np.isfinite(fund) & np.isfinite(benchmark)
        fund = np.where(has[:, None] & ~both, np.nan, fund)
        bench = np.where(both, benchmark, np.nan)
    # Daily returns live on weekday columns only (weekend days are never observations).
    weekdays = np.flatnonzero(weekday_mask(grid.start, width))
    rf_cal = rf_on_calendar(rf, grid.start, width)
    rf_w = rf_cal if np.ndim(rf_cal) == 0 else rf_cal[weekdays]  # type: ignore[index]
    r_fund = daily_returns(fund, grid.start, flagged=grid.flagged)[:, weekdays]
    r_bench = None if bench is None else daily_returns(bench, grid.start)[:, weekdays]
    days = _Days(grid.start, weekdays)
    first, last = _first_last(fund)
    out: dict[str, Any] = {"scheme_code": grid.codes}
    whole = _Window(grid.start, fund, bench, r_fund, _joint(r_fund, r_bench), rf_w)
    # Complete months once; a trailing window keeps the months that begin after its
    # anchor NAV (their previous month-end NAV is then inside the window too).
    months, m_fund = returns.monthly_returns(fund, grid.start)
    m_bench = None if bench is None else returns.monthly_returns(bench, grid.start)[1]
    month_col = (months.astype("datetime64[D]") - grid.start) // _DAY
    out["cagr"] = returns.cagr(fund, grid.start)
    details = drawdown.drawdown_details(fund, grid.start)
    out.update(
        _window_metrics(
            whole,
            suffix="",
            cagr=out["cagr"],
            monthly=(m_fund, m_bench),
            mdd=np.asarray(details.max_drawdown),
        )
    )
    out.update(_whole_only(whole, grid.start, fund, last, m_fund, details))
    seen = _last_seen(fund)
    for window in METRIC_WINDOWS:
        anchor = _anchor(seen, last, WINDOW_DAYS[window])
        part = _slice(days, fund, bench, r_fund, r_bench, rf_w, anchor, last)
        inside = month_col[None, :] > anchor[:, None]
        monthly = (
            np.where(inside, m_fund, np.nan),
            None if m_bench is None else np.where(inside, m_bench, np.nan),
        )
        values = _window_metrics(
            part, suffix=f"_{window}", cagr=out[f"return_{window}"], monthly=monthly
        )
        ok = anchor >= 0
        out.update({k: np.where(ok, v, np.nan) for k, v in values.items()})
    out.update(_window_columns(grid, first, last, r_fund, benchmark_codes, price_return_only))
    keys = all_keys()
    extra = [c for c in out if c not in keys and c != "scheme_code"]
    values = pl.DataFrame(out).select("scheme_code", *keys, *extra)
    values = values.with_columns(pl.col(pl.Float64).fill_nan(None))
    missing = benchmark_missing or [None] * n
    if benchmark is None:
        missing = [m or "no benchmark given" for m in missing]
    reasons = reasons_frame(values, benchmark_missing=missing)
    return MetricsTable(values=values, reasons=reasons)


def _bounds(grid: NavGrid, start: dt.date | None, end: dt.date | None) -> tuple[int, int]:
    width = grid.values.shape[-1]
    lo = 0 if start is None else max(day_index(grid.start, np.datetime64(start, "D")), 0)
    hi = (
        width - 1 if end is None else min(day_index(grid.start, np.datetime64(end, "D")), width - 1)
    )
    return lo, hi


def _first_last(levels: FloatArray) -> tuple[IntArray, IntArray]:
    """First and last column with a NAV per row (−1 when none)."""
    ok = np.isfinite(levels)
    any_ = ok.any(axis=-1)
    first = np.where(any_, ok.argmax(axis=-1), -1)
    last = np.where(any_, levels.shape[-1] - 1 - ok[:, ::-1].argmax(axis=-1), -1)
    return first.astype(np.int64), last.astype(np.int64)


def _last_seen(levels: FloatArray) -> IntArray:
    """Per cell, the column of the row's last NAV on or before it (−1 before the first)."""
    seen = np.where(np.isfinite(levels), np.arange(levels.shape[-1]), -1)
    np.maximum.accumulate(seen, axis=-1, out=seen)
    return seen


def _anchor(seen: IntArray, last: IntArray, days: int) -> IntArray:
    """Per row, the last column with a NAV on or before last − days (−1 when none)."""
    target = last - days
    rows = np.arange(seen.shape[0])
    picked = seen[rows, np.clip(target, 0, None)]
    return np.where((target >= 0) & (last >= 0), picked, -1).astype(np.int64)


@dataclass(frozen=True)
class _Days:
    """The calendar's first day and the columns of its weekdays (the returns' columns)."""

    start: np.datetime64
    weekdays: IntArray


def _joint(r_fund: FloatArray, r_bench: FloatArray | None) -> tuple[FloatArray, FloatArray] | None:
    """Fund and benchmark returns kept where both are observations."""
    if r_bench is None:
        return None
    both = np.isfinite(r_fund) & np.isfinite(r_bench)
    return np.where(both, r_fund, np.nan), np.where(both, r_bench, np.nan)


def _cut(a: FloatArray, c0: int, c1: int, lo: IntArray, hi: IntArray) -> FloatArray:
    """Columns c0 … c1−1 of ``a``, NaN outside each row's [lo, hi] (column numbers)."""
    cols = np.arange(c0, c1)
    keep = (cols >= lo[:, None]) & (cols <= hi[:, None])
    return np.where(keep, a[:, c0:c1], np.nan)


def _slice(
    days: _Days,
    fund: FloatArray,
    bench: FloatArray | None,
    r_fund: FloatArray,
    r_bench: FloatArray | None,
    rf_w: float | FloatArray,
    lo: IntArray,
    hi: IntArray,
) -> _Window:
    """Rows' levels on days [lo, hi] and returns dated in (lo, hi], on the columns the
    rows span (rows with lo = −1 get nothing)."""
    valid = lo >= 0
    c0 = int(lo[valid].min()) if valid.any() else 0
    c1 = int(hi[valid].max()) + 1 if valid.any() else 1
    hi = np.where(valid, hi, -1)
    # the same bounds in weekday (returns) columns: first weekday after lo … last ≤ hi
    w_lo = np.searchsorted(days.weekdays, lo, side="right")
    w_hi = np.searchsorted(days.weekdays, hi, side="right") - 1
    w0 = int(w_lo[valid].min()) if valid.any() else 0
    w1 = int(w_hi[valid].max()) + 1 if valid.any() else 0
    r_f = _cut(r_fund, w0, max(w1, w0), w_lo, w_hi)
    r_b = None if r_bench is None else _cut(r_bench, w0, max(w1, w0), w_lo, w_hi)
    rf = rf_w if np.ndim(rf_w) == 0 else rf_w[w0 : max(w1, w0)]  # type: ignore[index]
    return _Window(
        start=days.start + c0 * _DAY,
        fund=_cut(fund, c0, c1, lo, hi),
        bench=None if bench is None else _cut(bench, c0, c1, lo, hi),
        r_fund=r_f,
        r_pair=_joint(r_f, r_b),
        rf=rf,
    )


def _window_metrics(
    w: _Window,
    *,
    suffix: str,
    monthly: tuple[FloatArray, FloatArray | None],
    cagr: FloatArray,
    mdd: FloatArray | None = None,
) -> dict[str, FloatArray]:
    """The windowed keys over one window, given its CAGR and its complete months (and
    its max drawdown when already known)."""
    n = w.fund.shape[0]
    nan = np.full(n, np.nan)
    fund_cagr = cagr
    mdd = drawdown.max_drawdown(w.fund) if mdd is None else mdd
    out = {
        "volatility": risk.volatility(w.r_fund),
        "downside_deviation": risk.downside_deviation(w.r_fund, rf=w.rf),
        "max_drawdown": mdd,
        "sharpe": ratios.sharpe(w.r_fund, rf=w.rf),
        "sortino": ratios.sortino(w.r_fund, rf=w.rf),
        "calmar": ratios.calmar(fund_cagr, mdd),
    }
    relative = dict.fromkeys(
        ("beta", "tracking_error", "information_ratio", "alpha", "treynor", "excess_return",
         "up_capture", "down_capture", "up_capture_monthly", "down_capture_monthly",
         "capture_ratio"),
        nan,
    )  # fmt: skip
    if w.bench is not None and w.r_pair is not None:
        rf_mean = mean_rate(w.rf, w.r_fund)
        r_f, r_b = w.r_pair
        bench_cagr = returns.cagr(w.bench, w.start)
        beta = risk.beta(r_f, r_b)
        m_f, m_b = monthly
        up_m = capture.up_capture_monthly(m_f, m_b)
        down_m = capture.down_capture_monthly(m_f, m_b)
        relative = {
            "beta": beta,
            "tracking_error": risk.tracking_error(r_f, r_b),
            "information_ratio": ratios.information_ratio(r_f, r_b),
            "alpha": ratios.alpha(fund_cagr, bench_cagr, beta, rf=rf_mean),
            "treynor": ratios.treynor(fund_cagr, beta, rf=rf_mean),
            "excess_return": ratios.excess_return(fund_cagr, bench_cagr),
            "up_capture": capture.up_capture(r_f, r_b),
            "down_capture": capture.down_capture(r_f, r_b),
            "up_capture_monthly": up_m,
            "down_capture_monthly": down_m,
            "capture_ratio": capture.capture_ratio(up_m, down_m),
        }
    out.update(relative)
    return {f"{k}{suffix}": np.asarray(v, dtype=np.float64) for k, v in out.items()}


def _whole_only(
    w: _Window,
    start: np.datetime64,
    fund: FloatArray,
    last: IntArray,
    monthly: FloatArray,
    details: drawdown.DrawdownDetails,
) -> dict[str, Any]:
    """Keys computed over the whole window only: returns, tail risk, drawdown dates,
    rolling statistics."""
    var_95, cvar_95 = risk.tail_risk(w.r_fund)
    out: dict[str, Any] = {
        "cumulative_return": returns.cumulative_return(w.fund),
        "var_95": var_95,
        "cvar_95": cvar_95,
        "skew": risk.skew(w.r_fund),
        "ulcer_index": drawdown.ulcer_index(w.fund),
    }
    trailing = returns.trailing_returns(fund, start, end=last)
    out.update({k: np.where(last >= 0, v, np.nan) for k, v in trailing.items()})
    _, yearly = returns.calendar_year_returns(w.fund, w.start)
    out |= {
        "best_month": risk.best_period(monthly),
        "worst_month": risk.worst_period(monthly),
        "best_year": risk.best_period(yearly),
        "worst_year": risk.worst_period(yearly),
    }
    out |= {
        "max_drawdown_peak_date": details.peak_date,
        "max_drawdown_trough_date": details.trough_date,
        "max_drawdown_recovery_date": details.recovery_date,
        "drawdown_duration_days": details.duration_days,
        "recovery_days": details.recovery_days,
    }
    out.update(_rolling(w))
    return out


def _rolling(w: _Window) -> dict[str, FloatArray]:
    out: dict[str, FloatArray] = {}
    funds = rolling.rolling_returns_by_window(w.fund, w.start, windows=METRIC_WINDOWS)
    benches = (
        None
        if w.bench is None
        else rolling.rolling_returns_by_window(w.bench, w.start, windows=METRIC_WINDOWS)
    )
    for window in METRIC_WINDOWS:
        fund_roll = funds[window]
        bench_roll = None
        if benches is not None:
            bench_roll = benches[window]
            if window == "1y":
                out["down_market_excess"] = rolling.down_market_excess(fund_roll, bench_roll)
        summary = rolling.rolling_summary(fund_roll, bench_roll)
        for stat, value in summary.items():
            if stat != "count":
                out[f"rolling_{window}_{stat}"] = value
    if "down_market_excess" not in out:
        out["down_market_excess"] = np.full(w.fund.shape[0], np.nan)
    n = w.fund.shape[0]
    for window in METRIC_WINDOWS:
        out.setdefault(f"rolling_{window}_beat_benchmark", np.full(n, np.nan))
    return out


def _window_columns(
    grid: NavGrid,
    first: IntArray,
    last: IntArray,
    r_fund: FloatArray,
    benchmark_codes: IntArray | None,
    price_return_only: npt.NDArray[np.bool_] | None,
) -> dict[str, Any]:
    """The window used: start and end dates, calendar days, daily observations."""
    n = grid.values.shape[0]
    ok = first >= 0
    start = np.where(ok, grid.start + first * _DAY, np.datetime64("NaT"))
    end = np.where(ok, grid.start + last * _DAY, np.datetime64("NaT"))
    codes = benchmark_codes if benchmark_codes is not None else np.zeros(n, dtype=np.int64)
    return {
        "start_date": start.astype("datetime64[D]"),
        "end_date": end.astype("datetime64[D]"),
        "days": np.where(ok, last - first, 0),
        "observations": np.isfinite(r_fund).sum(axis=-1),
        "benchmark_code": np.where(codes > 0, codes, 0),
        "price_return_only": (
            np.zeros(n, dtype=bool)
            if price_return_only is None
            else np.asarray(price_return_only, dtype=bool)
        ),
    }
