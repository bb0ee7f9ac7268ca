"""One fund's full metric set as the JSON object ``fundlens metrics --json`` prints.

Shape (fractions throughout; dates ISO)::

    {"scheme_code", "name",
     "benchmark": {code, name, kind: "index fund (incl. costs)", label}
                | {code: null, name, index, kind: "tri" | "price", label, source} | null,
     "window": {start_date, end_date, days, observations},
     "rf": {"kind": "flat", "annual_rate"} | {"kind": "series", first_date, last_date, points},
     "price_return_only", "synthetic",
     "metrics": {<every key of fundlens.analytics.keys.all_keys()>: number | null},
     "drawdown": {peak_date, trough_date, recovery_date, duration_days, recovery_days},
     "calendar_year_returns": {"2008": -0.52, ...},
     "financial_year_returns": {"FY2009": ..., ...},
     "reasons": {<key>: "history 412 d < window 1095 d", ...}}
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics import returns
from fundlens.analytics.grid import NavGrid, clean_levels, day_index
from fundlens.analytics.keys import all_keys
from fundlens.analytics.metrics import MetricsTable
from fundlens.analytics.riskfree import RiskFree
from fundlens.schemes.benchmarks import BENCHMARK_LABEL
from fundlens.services.indices import INDEX_ROW, IndexBenchmark, index_metrics_table
from fundlens.services.metrics import scheme_benchmark, scheme_metrics_table, scheme_names
from fundlens.services.rolling import rolling_series
from fundlens.store.meta import is_synthetic
from fundlens.types import Window

__all__ = ["BenchmarkChoice", "build_report", "metrics_report"]

#: ``"auto"`` = the category stand-in; None = no benchmark; an int = that scheme; an
#: :class:`~fundlens.services.indices.IndexBenchmark` = that stored index series.
BenchmarkChoice = int | Literal["auto"] | IndexBenchmark | None


def metrics_report(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    benchmark: BenchmarkChoice = "auto",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    rf: RiskFree,
    rolling_windows: tuple[Window, ...] = (),
) -> dict[str, Any]:
    """The full set for stored scheme ``code`` (see the module docstring for the shape);
    with ``rolling_windows``, also the rolling-return series of those windows under
    ``"rolling"`` (:func:`fundlens.services.rolling.rolling_series`, display points)."""
    reason = "no benchmark given"
    bench: int | None
    index_json = None
    if isinstance(benchmark, IndexBenchmark):
        bench = INDEX_ROW
        table, grid, index_json = index_metrics_table(
            con, code, benchmark.name, rf=rf, start_date=start_date, end_date=end_date
        )
    else:
        if benchmark == "auto":
            bench, reason = scheme_benchmark(con, code)
        else:
            bench = benchmark
        table, grid = scheme_metrics_table(
            con,
            code,
            benchmark=bench,
            no_benchmark_reason=reason,
            rf=rf,
            start_date=start_date,
            end_date=end_date,
        )
    report = build_report(
        table,
        grid,
        names=scheme_names(con, [code] if bench is None else [code, bench]),
        rf=rf,
        synthetic=is_synthetic(con),
    )
    if index_json is not None:
        report["benchmark"] = index_json
    if rolling_windows:
        clean = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
        report["rolling"] = rolling_series(
            grid.start,
            clean[0],
            None if bench is None else clean[1],
            windows=rolling_windows,
            start_date=start_date,
            end_date=end_date,
        )
    return report


def build_report(
    table: MetricsTable,
    grid: NavGrid,
    *,
    names: dict[int, str],
    rf: RiskFree,
    synthetic: bool,
) -> dict[str, Any]:
    """The JSON object of a one-row ``table`` computed on ``grid`` (row 0 the fund, row 1
    the benchmark when there is one)."""
    row = table.values.row(0, named=True)
    code = int(row["scheme_code"])
    bench = int(row["benchmark_code"]) or None
    levels = clean_levels(
        grid.values[:1], face_value=_first(grid.face_value), spikes=_first(grid.spikes)
    )[0]
    return {
        "scheme_code": code,
        "name": names.get(code),
        "benchmark": None
        if bench is None
        else {
            "code": bench,
            "name": names.get(bench),
            "kind": BENCHMARK_LABEL,
            "label": BENCHMARK_LABEL,
        },
        "window": {
            "start_date": _iso(row["start_date"]),
            "end_date": _iso(row["end_date"]),
            "days": row["days"],
            "observations": row["observations"],
        },
        "rf": _rf_json(rf),
        "price_return_only": bool(row["price_return_only"]),
        "synthetic": synthetic,
        "metrics": {key: _num(row[key]) for key in all_keys()},
        "drawdown": {
            "peak_date": _iso(row["max_drawdown_peak_date"]),
            "trough_date": _iso(row["max_drawdown_trough_date"]),
            "recovery_date": _iso(row["max_drawdown_recovery_date"]),
            "duration_days": _days(row["drawdown_duration_days"]),
            "recovery_days": _days(row["recovery_days"]),
        },
        **_period_returns(levels, grid.start, row["start_date"], row["end_date"]),
        "reasons": dict(zip(table.reasons["key"], table.reasons["reason"], strict=True)),
    }


def _first(mask: np.ndarray | None) -> np.ndarray | None:
    return None if mask is None else mask[:1]


def _period_returns(
    levels: np.ndarray, start: np.datetime64, first: dt.date | None, last: dt.date | None
) -> dict[str, dict[str, float | None]]:
    """Calendar-year and financial-year returns over the window (complete periods)."""
    if first is None or last is None:
        return {"calendar_year_returns": {}, "financial_year_returns": {}}
    cut = np.full_like(levels, np.nan)
    lo, hi = day_index(start, first), day_index(start, last)
    cut[lo : hi + 1] = levels[lo : hi + 1]
    years, yearly = returns.calendar_year_returns(cut, start)
    fys, fy_values = returns.financial_year_returns(cut, start)
    return {
        "calendar_year_returns": _finite(years, yearly),
        "financial_year_returns": _finite(fys, fy_values),
    }


def _finite(periods: np.ndarray, values: np.ndarray) -> dict[str, float]:
    """Period label → return, complete periods only (NaN periods left out)."""
    return {str(p): float(v) for p, v in zip(periods, values, strict=True) if np.isfinite(v)}


def _rf_json(rf: RiskFree) -> dict[str, Any]:
    if isinstance(rf, pl.DataFrame):
        return {
            "kind": "series",
            "first_date": _iso(rf["date"].min()),
            "last_date": _iso(rf["date"].max()),
            "points": rf.height,
        }
    return {"kind": "flat", "annual_rate": float(rf)}


def _num(value: object) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    return float(value)  # type: ignore[arg-type]


def _days(value: object) -> int | None:
    number = _num(value)
    return None if number is None else int(number)


def _iso(value: object) -> str | None:
    return None if value is None else str(value)
