"""Several funds against one benchmark (seed 003 §7.5: the Performance Attribution API):
rolling returns, non-overlapping monthly returns and drawdown statistics.

Thin I/O around the engine, no maths of its own: the NAVs of every requested scheme are
read once, put on one daily calendar and cleaned of their data-quality events
(:func:`fundlens.analytics.grid.clean_levels`, as :func:`fundlens.services.metrics.fund_levels`
does for one pair); then

* rolling returns: :func:`fundlens.services.rolling.rolling_series_panel` of the funds with the
  benchmark (the common window of the pair, summary statistics from the full series,
  thinned for display only), and for the benchmark alone;
* monthly returns: :func:`fundlens.analytics.returns.monthly_returns` of each scheme's own
  levels, the complete calendar months lying inside ``start_date … end_date`` (a month's
  return starts from the previous month's last NAV);
* drawdowns: :func:`fundlens.analytics.drawdown.drawdown_details` of each scheme's own
  levels inside ``start_date … end_date`` (the contract's peak rule: the last running
  high before the trough).

Seed 003 inner-joins every series on one date grid, which cuts every fund to the youngest
one's history; here each fund is joined with the benchmark only (conventions.md: "with a
benchmark every metric uses the common window").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.drawdown import drawdown_details
from fundlens.analytics.grid import WINDOW_DAYS, clean_levels, day_index, nav_grid
from fundlens.analytics.returns import monthly_returns
from fundlens.analytics.rolling import DISPLAY_POINTS
from fundlens.errors import InputError
from fundlens.schemes.benchmarks import BENCHMARK_LABEL
from fundlens.services.index_benchmark import Benchmark, label_of, levels_with
from fundlens.services.indices import IndexBenchmark
from fundlens.services.metrics import benchmarks_of, grid_rows, load_events, scheme_names
from fundlens.services.rolling import rolling_series_panel
from fundlens.store.exports import nav_long
from fundlens.types import Window

__all__ = [
    "MAX_SCHEMES",
    "benchmark_label",
    "drawdown_stats",
    "rolling_comparison",
    "stored_levels",
]

#: Funds per request (seed 003: up to 5 funds + 1 benchmark).
MAX_SCHEMES: Final = 5

_DAY: Final = np.timedelta64(1, "D")


def _check_request(
    codes: list[int],
    benchmark: Benchmark,
    start_date: dt.date | None,
    end_date: dt.date | None,
) -> list[int | IndexBenchmark]:
    """The schemes to read (funds, then the benchmark); InputError for a bad request."""
    if not codes:
        raise InputError("give at least one scheme code")
    if len(codes) > MAX_SCHEMES:
        raise InputError(f"at most {MAX_SCHEMES} schemes per request, got {len(codes)}")
    if len(set(codes)) != len(codes):
        raise InputError("a scheme code is repeated in scheme_codes")
    if benchmark is not None and benchmark in codes:
        raise InputError(f"benchmark {benchmark} is also one of scheme_codes")
    if start_date and end_date and start_date > end_date:
        raise InputError(f"start_date {start_date} is after end_date {end_date}")
    return codes if benchmark is None else [*codes, benchmark]


def stored_levels(
    con: duckdb.DuckDBPyConnection, codes: list[int]
) -> tuple[np.datetime64, np.ndarray, dict[int, str]]:
    """(calendar start, cleaned NAV levels (n, T) in ``codes`` order, current names) of
    stored schemes, each cleaned of its own data-quality events.

    Raises:
        InputError: a code is not in the store ("… is not in the store") or has no NAVs.
    """
    names = scheme_names(con, codes)
    for code in codes:
        if code not in names:
            raise InputError(f"scheme {code} is not in the store")
    panel = nav_long(con, codes)  # one query for every scheme
    held = set(panel["scheme_code"].unique().to_list())
    for code in codes:
        if code not in held:
            raise InputError(f"scheme {code} has no NAVs")
    events = load_events(con, codes)
    grid = nav_grid(
        panel, flagged=events.flagged, face_value=events.face_value, spikes=events.spikes
    )
    grid = grid_rows(grid, [grid.row(c) for c in codes])
    clean = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    return grid.start, clean, names


def _month_ends(months: np.ndarray) -> np.ndarray:
    """Last calendar day of each ``datetime64[M]`` month."""
    return (months + 1).astype("datetime64[D]") - _DAY


def benchmark_label(con: duckdb.DuckDBPyConnection, code: int) -> str:
    """The benchmark's label: "index fund (incl. costs)" for an index fund or ETF (never
    TRI), else "scheme"."""
    vehicle = benchmarks_of(con).filter(pl.col("scheme_code") == code)["vehicle"]
    return BENCHMARK_LABEL if vehicle.is_in(["index", "etf"]).any() else "scheme"


def _empty_reason(window: str, with_benchmark: bool) -> str:
    days = WINDOW_DAYS[window]
    whose = "both the fund and the benchmark" if with_benchmark else "the scheme"
    return (
        f"no {window} window ends in the range: each needs a NAV of {whose} on its last "
        f"day and one {days} days before"
    )


def _monthly(
    levels: np.ndarray, start: np.datetime64, start_date: dt.date | None, end_date: dt.date | None
) -> tuple[list[str], list[float | None]]:
    """Complete months inside the range: (month-end ISO dates, returns as fractions)."""
    months, values = monthly_returns(levels, start)
    ends = _month_ends(months)
    keep = np.isfinite(values)
    if start_date is not None:
        keep &= months.astype("datetime64[D]") >= np.datetime64(start_date, "D")
    if end_date is not None:
        keep &= ends <= np.datetime64(end_date, "D")
    return np.datetime_as_string(ends[keep], unit="D").tolist(), values[keep].tolist()


def rolling_comparison(
    con: duckdb.DuckDBPyConnection,
    codes: list[int],
    benchmark: Benchmark,
    *,
    windows: tuple[Window, ...],
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    annualise: bool = True,
    max_points: int = DISPLAY_POINTS,
) -> dict[str, Any]:
    """Rolling returns per fund and window (with the benchmark) and for the benchmark,
    plus monthly returns of every scheme; fractions.

    Returns ``{"benchmark_code", "benchmark_label", "names": {code: name}, "series":
    [{"scheme_code", "role" ("fund" | "benchmark"), "window", "dates", "values", "summary",
    "reason" (why empty, else None)}], "monthly": [{"scheme_code", "role", "dates",
    "values"}]}``; funds in request order, then the benchmark; windows in request order.
    """
    _check_request(codes, benchmark, start_date, end_date)
    start, levels, names = levels_with(stored_levels, con, codes, benchmark)
    bench = levels[-1] if benchmark is not None else None
    kw: dict[str, Any] = {
        "windows": windows,
        "start_date": start_date,
        "end_date": end_date,
        "max_points": max_points,
        "annualise": annualise,
    }
    series: list[dict[str, Any]] = []
    monthly: list[dict[str, Any]] = []
    n = len(codes)
    per_row = rolling_series_panel(start, levels[:n], bench, **kw)  # every fund at once
    rows = [(c, "fund", levels[i]) for i, c in enumerate(codes)]
    if benchmark is not None:
        rows.append((benchmark, "benchmark", levels[-1]))
        per_row += rolling_series_panel(start, levels[n:], None, **kw)
    for (code, role, lv), per_window in zip(rows, per_row, strict=True):
        for window in windows:
            got = per_window[window]
            empty = not got["dates"]
            series.append(
                {
                    "scheme_code": code,
                    "role": role,
                    "window": window,
                    "dates": got["dates"],
                    "values": got["fund"],
                    "summary": got["summary"],
                    "reason": _empty_reason(window, bench is not None and role == "fund")
                    if empty
                    else None,
                }
            )
        dates, values = _monthly(lv, start, start_date, end_date)
        monthly.append({"scheme_code": code, "role": role, "dates": dates, "values": values})
    return {
        "benchmark_code": benchmark,
        "benchmark_label": label_of(con, benchmark, benchmark_label),
        "names": names,
        "series": series,
        "monthly": monthly,
    }


def _date(value: np.datetime64) -> dt.date | None:
    return None if np.isnat(value) else value.astype("datetime64[D]").item()


def _number(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _drawdown_row(lv: np.ndarray, start: np.datetime64) -> dict[str, Any]:
    """One scheme's drawdown statistics (fractions, dates) with reasons for nulls."""
    d = drawdown_details(lv, start)
    finite = np.flatnonzero(np.isfinite(lv))
    first = _date(start + finite[0] * _DAY) if finite.size else None
    last = _date(start + finite[-1] * _DAY) if finite.size else None
    row = {
        "max_drawdown": _number(d.max_drawdown),  # type: ignore[arg-type]
        "peak_date": _date(d.peak_date),  # type: ignore[arg-type]
        "trough_date": _date(d.trough_date),  # type: ignore[arg-type]
        "recovery_date": _date(d.recovery_date),  # type: ignore[arg-type]
        "peak_nav": _number(d.peak_nav),  # type: ignore[arg-type]
        "trough_nav": _number(d.trough_nav),  # type: ignore[arg-type]
        "duration_days": _number(d.duration_days),  # type: ignore[arg-type]
        "recovery_days": _number(d.recovery_days),  # type: ignore[arg-type]
        "first_date": first,
        "last_date": last,
        "navs": int(finite.size),
    }
    if row["max_drawdown"] is None:
        why = f"{finite.size} NAV(s) in the range: a drawdown needs 2"
    elif row["peak_date"] is None:
        why = "the NAV never fell below its running high in the range"
    else:
        why = f"not back to the peak NAV by the last NAV in the range ({last})"
    reasons = {key: why for key, value in row.items() if value is None}
    row["reasons"] = reasons
    return row


def drawdown_stats(
    con: duckdb.DuckDBPyConnection,
    codes: list[int],
    benchmark: Benchmark,
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> dict[str, Any]:
    """Max drawdown with its peak, trough and recovery of each fund and the benchmark,
    each on its own NAVs inside ``start_date … end_date``; fractions.

    Returns ``{"benchmark_code", "names", "rows": [{"scheme_code", "role", ...}]}`` with
    the fields of :func:`_drawdown_row` (funds in request order, then the benchmark).
    """
    wanted = _check_request(codes, benchmark, start_date, end_date)
    start, levels, names = levels_with(stored_levels, con, codes, benchmark)
    width = levels.shape[-1]
    lo = 0 if start_date is None else min(max(day_index(start, start_date), 0), width)
    hi = width if end_date is None else min(max(day_index(start, end_date) + 1, 0), width)
    clipped = np.full(levels.shape, np.nan)
    clipped[:, lo:hi] = levels[:, lo:hi]
    rows = []
    for i, code in enumerate(wanted):
        role = "benchmark" if benchmark is not None and i == len(wanted) - 1 else "fund"
        rows.append({"scheme_code": code, "role": role, **_drawdown_row(clipped[i], start)})
    return {"benchmark_code": benchmark, "names": names, "rows": rows}
