"""Performance summary of up to five funds against a benchmark: seed 003's client-side
Card 2 (performance and risk) and Card 3 (market capture) computed by the engine.

Per fund (fractions throughout, dates ISO):

* ``metrics``: the full set, :func:`fundlens.services.report.metrics_report` (the keys of
  ``fundlens metrics --json``, with reasons), on the common window of fund and benchmark
  within ``start_date … end_date``;
* ``benchmark_metrics``: the benchmark's own full set over that same window (the reference
  point of the risk-return scatter), or None without a benchmark;
* ``capture``: Freefincal's monthly capture (``up_capture_monthly``,
  ``down_capture_monthly``, ``capture_ratio``, from ``metrics``) with the number of up and
  down months behind it;
* ``rolling``: per window, the rolling returns of fund and benchmark as seed 003 §7.5
  makes them (computed on each whole history joined to the common dates, then clipped to
  the range — :func:`fundlens.services.rolling.rolling_series`), the rolling excess
  return fund − benchmark (:func:`fundlens.analytics.rolling.rolling_excess_return`), the
  down-market excess (:func:`~fundlens.analytics.rolling.down_market_excess`: the mean
  excess over the windows where the benchmark's rolling return is negative) and summary
  statistics — all from the full-resolution series; ``dates``/``fund``/``benchmark``/
  ``excess`` are thinned to ``max_points`` for display only;
* ``scatter``: the complete months of the window with the fund's and the benchmark's
  return (the up/down capture scatter; the months behind ``capture``).

With no start date the 1y down-market excess equals the full set's ``down_market_excess``;
with one, the rolling windows here may begin before it (seed 003 clips after computing),
while the full set's rolling statistics use only NAVs inside the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final, Literal

import duckdb
import numpy as np

from fundlens.analytics import returns
from fundlens.analytics.grid import ROLLING_WINDOWS, WINDOW_DAYS, day_index, joint_levels
from fundlens.analytics.riskfree import RiskFree
from fundlens.analytics.rolling import (
    DISPLAY_POINTS,
    down_market_excess,
    downsample,
    rolling_excess_return,
    rolling_returns,
    rolling_summary,
)
from fundlens.errors import InputError
from fundlens.services.index_benchmark import Benchmark, benchmark_report, pair_levels
from fundlens.services.metrics import scheme_benchmark
from fundlens.services.navs import check_range, require_schemes
from fundlens.services.report import metrics_report
from fundlens.store.meta import is_synthetic
from fundlens.types import Window

__all__ = ["MAX_FUNDS", "SUMMARY_WINDOWS", "fund_summary", "performance_summary"]

#: Most funds one summary compares.
MAX_FUNDS: Final = 5
#: Rolling windows shown by default.
SUMMARY_WINDOWS: Final[tuple[Window, ...]] = ("1y", "3y", "5y")
#: Statistics of the excess series (the others of rolling_summary are return thresholds).
_EXCESS_STATS: Final = ("count", "mean", "median", "min", "max", "std")


def performance_summary(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[int],
    *,
    benchmark: Benchmark | Literal["auto"] = "auto",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    rf: RiskFree,
    windows: Sequence[Window] = SUMMARY_WINDOWS,
    max_points: int = DISPLAY_POINTS,
) -> dict[str, Any]:
    """The summary of ``codes`` (1 to :data:`MAX_FUNDS`) against ``benchmark``: one
    scheme code for every fund, or ``"auto"`` (each fund's category stand-in)."""
    codes = list(codes)
    if not codes or len(codes) > MAX_FUNDS:
        raise InputError(f"compare 1 to {MAX_FUNDS} funds, got {len(codes)}")
    if len(set(codes)) != len(codes):
        raise InputError("a fund is named twice")
    windows = tuple(dict.fromkeys(windows))
    bad = [w for w in windows if w not in ROLLING_WINDOWS]
    if not windows or bad:
        raise InputError(f"rolling windows are {', '.join(ROLLING_WINDOWS)}; got {bad or 'none'}")
    check_range(start_date, end_date)
    if benchmark != "auto" and benchmark in codes:
        raise InputError(f"scheme {benchmark} cannot be its own benchmark")
    require_schemes(con, [*codes, benchmark] if isinstance(benchmark, int) else codes)
    funds = [
        fund_summary(
            con,
            code,
            benchmark=benchmark,
            start_date=start_date,
            end_date=end_date,
            rf=rf,
            windows=windows,
            max_points=max_points,
        )
        for code in codes
    ]
    return {
        "benchmark_code": benchmark,
        "start_date": None if start_date is None else start_date.isoformat(),
        "end_date": None if end_date is None else end_date.isoformat(),
        "windows": list(windows),
        "synthetic": is_synthetic(con),
        "funds": funds,
    }


def fund_summary(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    benchmark: Benchmark | Literal["auto"] = "auto",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    rf: RiskFree,
    windows: Sequence[Window] = SUMMARY_WINDOWS,
    max_points: int = DISPLAY_POINTS,
) -> dict[str, Any]:
    """One fund's part of :func:`performance_summary` (see the module docstring)."""
    reason = ""
    bench: Benchmark
    if benchmark == "auto":
        bench, reason = scheme_benchmark(con, code)
    else:
        bench = benchmark
    report = metrics_report(
        con, code, benchmark=bench, start_date=start_date, end_date=end_date, rf=rf
    )
    start, fund, bench_levels = pair_levels(con, code, bench)
    reasons: dict[str, str] = {}
    if bench is None:
        reasons["benchmark"] = reason or "no benchmark given"
    window = report["window"]
    bench_report = None
    if bench is not None and window["start_date"] is not None:
        bench_report = benchmark_report(
            con,
            bench,
            start_date=dt.date.fromisoformat(window["start_date"]),
            end_date=dt.date.fromisoformat(window["end_date"]),
            rf=rf,
        )
    scatter = _scatter(start, fund, bench_levels, start_date, end_date)
    if bench is not None and not scatter:
        reasons["scatter"] = "no complete month with both NAVs in the window"
    rolling = []
    for w in windows:
        block = _rolling(start, fund, bench_levels, w, start_date, end_date, max_points)
        if block["summary"]["count"] == 0:
            reasons[f"rolling_{w}"] = (
                f"no {w} rolling window ends in the range: each needs NAVs "
                f"{WINDOW_DAYS[w]} d apart{' on dates both have' if bench is not None else ''}"
            )
        elif bench is not None and block["down_market_excess"] is None:
            reasons[f"down_market_excess_{w}"] = (
                f"no {w} rolling window with a negative benchmark return in the range"
            )
        rolling.append(block)
    metrics = report["metrics"]
    return {
        "scheme_code": code,
        "name": report["name"],
        "metrics": report,
        "benchmark_metrics": bench_report,
        "capture": {
            "up_capture_monthly": metrics["up_capture_monthly"],
            "down_capture_monthly": metrics["down_capture_monthly"],
            "capture_ratio": metrics["capture_ratio"],
            "up_months": sum(1 for p in scatter if p["benchmark"] > 0),
            "down_months": sum(1 for p in scatter if p["benchmark"] < 0),
        },
        "rolling": rolling,
        "scatter": scatter,
        "reasons": reasons,
    }


def _bounds(
    start: np.datetime64, width: int, first: dt.date | None, last: dt.date | None
) -> tuple[int, int]:
    """Columns [lo, hi) of ``first … last`` on a calendar of ``width`` days from ``start``."""
    lo = 0 if first is None else min(max(day_index(start, first), 0), width)
    hi = width if last is None else min(max(day_index(start, last) + 1, 0), width)
    return lo, max(hi, lo)


def _scatter(
    start: np.datetime64,
    fund: np.ndarray,
    bench: np.ndarray | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
) -> list[dict[str, Any]]:
    """Complete months of the common window in range: month (YYYY-MM), fund and
    benchmark returns — the months Freefincal's capture uses (as compute_metrics)."""
    if bench is None:
        return []
    lo, hi = _bounds(start, fund.shape[-1], start_date, end_date)
    cut = np.full_like(fund, np.nan)
    cut[lo:hi] = fund[lo:hi]
    f, b = joint_levels(cut, bench)
    months, m_fund = returns.monthly_returns(f, start)
    _, m_bench = returns.monthly_returns(b, start)
    both = np.isfinite(m_fund) & np.isfinite(m_bench)
    return [
        {"month": str(m)[:7], "fund": float(x), "benchmark": float(y)}
        for m, x, y in zip(months[both], m_fund[both], m_bench[both], strict=True)
    ]


def _rolling(
    start: np.datetime64,
    fund: np.ndarray,
    bench: np.ndarray | None,
    window: Window,
    start_date: dt.date | None,
    end_date: dt.date | None,
    max_points: int,
) -> dict[str, Any]:
    """One window's rolling series (seed 003 §7.5 as rolling_series), excess and stats."""
    if bench is not None:
        fund, bench = joint_levels(fund, bench)
    lo, hi = _bounds(start, fund.shape[-1], start_date, end_date)
    dates = (start + np.arange(fund.shape[-1]) * np.timedelta64(1, "D"))[lo:hi]
    f = rolling_returns(fund, start, window=window)[lo:hi]
    out: dict[str, Any] = {"window": window}
    if bench is None:
        out["summary"] = _plain(rolling_summary(f))
        days, values = downsample(dates, f, max_points=max_points)
        out |= {
            "dates": [str(d) for d in days],
            "fund": np.atleast_2d(values)[0].tolist(),
            "benchmark": None,
            "excess": None,
            "excess_summary": None,
            "down_market_excess": None,
            "down_market_windows": None,
        }
        return out
    b = rolling_returns(bench, start, window=window)[lo:hi]
    excess = rolling_excess_return(f, b)
    ok = np.isfinite(excess)
    rows = np.vstack([np.where(ok, f, np.nan), np.where(ok, b, np.nan), excess])
    days, values = downsample(dates, rows, max_points=max_points)
    stats = rolling_summary(excess)
    excess_summary = {k: stats[k] for k in _EXCESS_STATS}
    excess_summary["positive_share"] = stats["above_0"]
    with np.errstate(invalid="ignore"):
        down = int((ok & (b < 0)).sum())
    out |= {
        "summary": _plain(rolling_summary(f, b)),
        "dates": [str(d) for d in days],
        "fund": values[0].tolist(),
        "benchmark": values[1].tolist(),
        "excess": values[2].tolist(),
        "excess_summary": _plain(excess_summary),
        "down_market_excess": _num(down_market_excess(f, b)),
        "down_market_windows": down,
    }
    return out


def _num(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return number if np.isfinite(number) else None


def _plain(stats: dict[str, Any]) -> dict[str, float | int | None]:
    return {k: int(v) if k == "count" else _num(v) for k, v in stats.items()}
