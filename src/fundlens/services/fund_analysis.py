"""One fund's analysis (seed 002 §6.2's facts) in contract keys and fractions.

What ``GET /api/v1/funds/{code}/analysis`` shows, gathered without universe-wide work:

* the fund's row (name, AMC, category, plan, option, launch date, first and last NAV);
* its full metric set against its category benchmark — exactly
  :func:`fundlens.services.report.metrics_report` (``benchmark="auto"``, whole history);
* the benchmark's trailing returns over the same dates: the returns the fund's are
  compared with (with a benchmark every metric uses the common dates, so the fund's
  ``return_3y`` minus the benchmark's equals ``excess_return_3y``);
* its category standing, read from the precomputed ``fund_metrics`` table
  (:mod:`fundlens.services.fund_metrics`; rank by ``return_3y``) when it holds the store's
  as-of date — a per-request peer rank would compute the whole peer group (60 ms on the
  300-scheme demo, seconds at full scale), so without that table the standing is
  ``available: false`` with the command that computes it.

Portfolio and fund-manager facts (AUM, expense ratio, holdings, manager) are not in the
store: :data:`NO_PORTFOLIO` and :data:`NO_MANAGER` say so instead of inventing numbers.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from typing import Any, Final

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics import returns
from fundlens.analytics.grid import NavGrid, clean_levels
from fundlens.analytics.riskfree import RiskFree
from fundlens.errors import InputError
from fundlens.services.fund_metrics import RANK_KEY, as_of_dates, read_fund_metrics
from fundlens.services.metrics import (
    scheme_benchmark,
    scheme_metrics_table,
    scheme_names,
)
from fundlens.services.report import build_report
from fundlens.store.meta import is_synthetic
from fundlens.store.sql import run_one

__all__ = [
    "INCEPTION_GAP_DAYS",
    "NO_MANAGER",
    "NO_PORTFOLIO",
    "benchmark_returns",
    "fund_analysis",
    "peer_standing",
]

#: The store's first NAV counts as the inception NAV when it is at most this many days
#: after the launch date (an NFO stays open up to 15 days and units are allotted within
#: 5 business days after it closes).
INCEPTION_GAP_DAYS: Final = 31
NO_PORTFOLIO: Final = (
    "no portfolio data in the store: fundlens holds NAVs only (no AUM, expense ratio, "
    "holdings, sector or market-cap allocation source is imported)"
)
NO_MANAGER: Final = "no fund-manager data in the store: no manager or tenure source is imported"
REFRESH_HINT: Final = "run fundlens refresh-metrics"
_TRAILING: Final = ("1m", "3m", "6m", "1y", "3y", "5y", "10y", "si")


def _scheme(con: duckdb.DuckDBPyConnection, code: int) -> dict[str, Any]:
    frame = con.sql(
        "SELECT scheme_code, name, amc_id, amc_name, sebi_category, plan, option, "
        "launch_date, first_nav_date, last_nav_date FROM schemes WHERE scheme_code = $c",
        params={"c": code},
    ).pl()
    if frame.height == 0:
        raise InputError(f"scheme {code} is not in the store")
    return frame.row(0, named=True)


def _store_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The store's last NAV date, from the small ``schemes`` table (not a scan of nav)."""
    row = run_one(con, "SELECT max(last_nav_date) FROM schemes")
    return None if row is None else row[0]


def benchmark_returns(grid: NavGrid, end_date: str | None) -> dict[str, float | None]:
    """Trailing returns ``return_<window>`` of the benchmark (row 1 of ``grid``, the grid
    :func:`~fundlens.services.metrics.scheme_metrics_table` computed the fund on) over the
    dates both have a NAV, ending on ``end_date`` (the fund's window end) — the same rule
    as the fund's own trailing returns. All None without a benchmark row."""
    if grid.values.shape[0] < 2 or end_date is None:
        return {f"return_{w}": None for w in _TRAILING}
    levels = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    both = np.isfinite(levels[0]) & np.isfinite(levels[1])
    bench = np.where(both, levels[1], np.nan)
    end = np.datetime64(end_date, "D")
    out = returns.trailing_returns(bench, grid.start, windows=_TRAILING, end=end)
    return {k: (float(v) if np.isfinite(v) else None) for k, v in out.items()}


def peer_standing(
    con: duckdb.DuckDBPyConnection, code: int, *, as_of: dt.date | None
) -> dict[str, Any]:
    """The fund's category standing from ``fund_metrics`` at ``as_of`` (the store's last
    NAV date): ``{"available", "reason", "as_of", "metric", "category_rank",
    "category_peers", "category_percentile" (0-1), "category_quartile"}``. Not available
    (with the reason) when the table holds no rows of ``as_of``, the fund has no row
    there (not alive then), or it is not ranked (IDCW option, history under 3 years, a
    category that is no peer group, no return)."""
    out: dict[str, Any] = {
        "available": False,
        "reason": None,
        "as_of": None if as_of is None else as_of.isoformat(),
        "metric": RANK_KEY,
        "category_rank": None,
        "category_peers": None,
        "category_percentile": None,
        "category_quartile": None,
    }
    day = _fund_metrics_day(con, as_of)
    if day is None:
        return out | {"reason": f"fund_metrics not computed for {as_of}: {REFRESH_HINT}"}
    rows = day.filter(pl.col("scheme_code") == code)
    if rows.height == 0:
        return out | {
            "reason": f"scheme {code} is not in fund_metrics of {as_of}: no NAV in the "
            f"7 days to {as_of} (closed or stale schemes are not ranked)"
        }
    row = rows.row(0, named=True)
    standing = {
        "category_rank": row["category_rank"],
        "category_peers": row["category_peers"],
        "category_percentile": row["category_percentile"],
        "category_quartile": row["category_quartile"],
    }
    if row["category_rank"] is None:
        return out | standing | {"reason": _unranked(row)}
    return out | standing | {"available": True}


#: The ``fund_metrics`` rows of one as-of date per open connection: a reader's snapshot
#: never changes under it (a new snapshot means a new connection), so a request looks one
#: fund up in memory instead of scanning a table that grows by a day of rows per refresh
#: (2.5 M rows after a year: 33 ms a read, 200 ms at worst, against < 1 ms here).
_DAYS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[dt.date, pl.DataFrame | None]] = (
    weakref.WeakKeyDictionary()
)
_DAYS_LOCK = threading.Lock()


def _fund_metrics_day(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> pl.DataFrame | None:
    """Every ``fund_metrics`` row of ``as_of`` (None when the table holds no row of that
    date), read once per connection and date."""
    if as_of is None:
        return None
    with _DAYS_LOCK:
        cached = _DAYS.get(con)
    if cached is not None and cached[0] == as_of:
        return cached[1]
    rows = read_fund_metrics(con, as_of=as_of) if as_of in as_of_dates(con) else None
    with _DAYS_LOCK:
        _DAYS[con] = (as_of, rows)
    return rows


def _unranked(row: dict[str, Any]) -> str:
    if row["price_return_only"]:
        return f"{row['option']} option: price returns, left out of category ranks"
    if row[RANK_KEY] is None:
        return f"no {RANK_KEY}: history {row['history_days']} d < window 1095 d"
    return f"category {row['sebi_category']!r} is not a peer group"


def _since_inception(scheme: dict[str, Any]) -> str | None:
    """Why ``return_si`` is not a since-inception return (None when it is)."""
    launch, first = scheme["launch_date"], scheme["first_nav_date"]
    if launch is None:
        return (
            f"launch date not in the store: its first NAV there ({first}) need not be the "
            "launch NAV"
        )
    if first is None or (first - launch).days > INCEPTION_GAP_DAYS:
        return (
            f"the store's first NAV ({first}) is more than {INCEPTION_GAP_DAYS} days after "
            f"the launch ({launch})"
        )
    return None


def fund_analysis(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    rf: RiskFree,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Seed 002 §6.2's facts of stored scheme ``code``, contract keys, fractions:
    ``{"scheme": {scheme_code, name, amc_id, amc_name, sebi_category, plan, option,
    launch_date, first_nav_date, last_nav_date}, "report": <metrics_report>,
    "benchmark_returns": {return_1m … return_si}, "since_inception_reason": str | None,
    "peers": <peer_standing>, "portfolio_reason", "manager_reason", "synthetic"}``.
    ``as_of`` is the store's last NAV date (read from the store when None)."""
    scheme = _scheme(con, code)
    bench, why_none = scheme_benchmark(con, code)
    table, grid = scheme_metrics_table(
        con, code, benchmark=bench, no_benchmark_reason=why_none, rf=rf
    )
    synthetic = is_synthetic(con)
    report = build_report(
        table,
        grid,
        names=scheme_names(con, [code] if bench is None else [code, bench]),
        rf=rf,
        synthetic=synthetic,
    )
    as_of = as_of if as_of is not None else _store_as_of(con)
    return {
        "scheme": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in scheme.items()},
        "report": report,
        "benchmark_returns": benchmark_returns(grid, report["window"]["end_date"]),
        "since_inception_reason": _since_inception(scheme),
        "peers": peer_standing(con, code, as_of=as_of),
        "portfolio_reason": NO_PORTFOLIO,
        "manager_reason": NO_MANAGER,
        "synthetic": synthetic,
    }
