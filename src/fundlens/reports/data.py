"""Everything a tearsheet shows, gathered from the services in one pass.

Each number comes from the engine the rest of fundlens uses, never a second formula:

* the fund's full set: :func:`fundlens.services.report.metrics_report` (common window with
  the benchmark, which the report states);
* the benchmark's own column: the same engine with the roles swapped (the benchmark as
  the fund, the fund as its "benchmark"), so its absolute metrics are computed over
  exactly the same dates; its relative metrics are not shown. A stored index series
  (``IndexBenchmark``, labelled TRI or price index) goes through
  :func:`fundlens.services.metrics.fund_table` the same way;
* rolling returns: :func:`fundlens.services.rolling.rolling_series` on the levels of the
  window (windows wholly inside it, as the full set's ``rolling_<w>_*`` statistics);
* underwater series and top-5 drawdowns: :func:`fundlens.services.risk_series.risk_series`
  over the window;
* monthly returns (heat map, capture scatter):
  :func:`fundlens.analytics.returns.monthly_returns` on the common-window levels;
* SIP path: :func:`fundlens.services.sip.sip_report` over the window; rolling SIPs:
  :func:`fundlens.services.sip.rolling_sip_report`, keeping the SIPs that start and end
  inside the window (their distribution recomputed by
  :func:`fundlens.analytics.sip.sip_distribution` when some are left out);
* peer ranks, quartiles and category medians:
  :func:`fundlens.services.category.peer_rank` as of the window's last date (the ranks
  the store would have shown that day: peers alive then, each over its own history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.grid import clean_levels, day_index, joint_levels
from fundlens.analytics.returns import monthly_returns
from fundlens.analytics.riskfree import RiskFree
from fundlens.analytics.sip import sip_distribution
from fundlens.errors import InputError
from fundlens.services.category import peer_rank
from fundlens.services.indices import INDEX_ROW, index_metrics_table, require_index
from fundlens.services.metrics import fund_levels, fund_table, load_events
from fundlens.services.report import BenchmarkChoice, build_report, metrics_report
from fundlens.services.risk_series import risk_series
from fundlens.services.rolling import rolling_series
from fundlens.services.sip import rolling_sip_report, sip_report
from fundlens.store.meta import meta_object
from fundlens.store.reads import nav_history

__all__ = ["ROLLING_WINDOWS", "Levels", "TearsheetData", "tearsheet_data"]

#: Rolling-return windows shown (seed 003 §7.5's investor horizons).
ROLLING_WINDOWS = ("1y", "3y", "5y")


@dataclass(frozen=True)
class Levels:
    """NAV levels of the window on the days shown: ``dates`` (datetime64[D]), the fund's
    and the benchmark's (None without one) cleaned levels, both finite on every date."""

    dates: np.ndarray
    fund: np.ndarray
    bench: np.ndarray | None


@dataclass(frozen=True)
class TearsheetData:
    """The inputs of every tearsheet section (see the module docstring for sources)."""

    scheme: dict[str, Any]
    as_of: str | None
    synthetic: bool
    fund: dict[str, Any]
    bench: dict[str, Any] | None
    no_benchmark_reason: str
    levels: Levels
    months: np.ndarray
    monthly: np.ndarray
    rolling: dict[str, Any]
    risk: dict[str, Any]
    sip: dict[str, Any] | None
    rolling_sip: dict[str, Any]
    peers: dict[str, Any]
    sip_reason: str = ""


def _scheme(con: duckdb.DuckDBPyConnection, code: int) -> dict[str, Any]:
    frame = con.sql("SELECT * FROM schemes WHERE scheme_code = $c", params={"c": code}).pl()
    if frame.height == 0:
        raise InputError(f"scheme {code} is not in the store")
    return frame.row(0, named=True)


def _index_side(
    con: duckdb.DuckDBPyConnection,
    code: int,
    name: str,
    *,
    rf: RiskFree,
    start_date: dt.date | None,
    end_date: dt.date | None,
) -> tuple[dict[str, Any], np.datetime64, np.ndarray, np.ndarray]:
    """A stored index series as the benchmark: its own full set over the fund's common
    window (the index as the fund, the fund as its benchmark) and the cleaned levels of
    both on one calendar."""
    series = require_index(con, name)
    _, grid, index_json = index_metrics_table(
        con, code, name, rf=rf, start_date=start_date, end_date=end_date
    )
    clean = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    panel = pl.concat(
        [
            series.select(
                "date",
                pl.col("value").alias("nav"),
                pl.lit(INDEX_ROW, dtype=pl.Int64).alias("scheme_code"),
            ),
            nav_history(con, code).with_columns(pl.lit(code, dtype=pl.Int64).alias("scheme_code")),
        ]
    )
    table, swapped = fund_table(
        panel,
        load_events(con, [code]),
        code=INDEX_ROW,
        benchmark=code,
        rf=rf,
        start_date=start_date,
        end_date=end_date,
    )
    own = build_report(
        table, swapped, names={INDEX_ROW: index_json["name"]}, rf=rf, synthetic=False
    )
    return own, grid.start, clean[0], clean[1]


def _clip(levels: np.ndarray, start: np.datetime64, first: dt.date, last: dt.date) -> np.ndarray:
    days = np.arange(levels.shape[-1])
    inside = (days >= day_index(start, first)) & (days <= day_index(start, last))
    return np.where(inside, levels, np.nan)


def _rolling_sips(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    amount: float,
    day: int,
    first: dt.date,
    last: dt.date,
) -> dict[str, Any]:
    """Rolling SIPs of the whole history, kept to those wholly inside the window."""
    report = rolling_sip_report(con, code, amount=amount, day=day)
    for window in report["windows"].values():
        inside = [
            first.isoformat() <= s and e <= last.isoformat()
            for s, e in zip(window["starts"], window["ends"], strict=True)
        ]
        if all(inside):
            continue
        for key in ("starts", "ends", "xirr"):
            window[key] = [v for v, keep in zip(window[key], inside, strict=True) if keep]
        rates = np.array([np.nan if x is None else x for x in window["xirr"]], dtype=float)
        window["distribution"] = sip_distribution(rates)
        if not window["xirr"]:
            window["reason"] = f"no complete {window['years']}y SIP fits in the window"
    return report


def tearsheet_data(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    benchmark: BenchmarkChoice = "auto",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    rf: RiskFree,
    sip_amount: float = 10_000.0,
    sip_day: int = 1,
) -> TearsheetData:
    """Gather every section's inputs for stored scheme ``code``."""
    if not sip_amount > 0 or not 1 <= sip_day <= 31:
        raise InputError(f"SIP of {sip_amount} on day {sip_day}: give rupees > 0 and a day 1–31")
    scheme = _scheme(con, code)
    fund = metrics_report(
        con, code, benchmark=benchmark, start_date=start_date, end_date=end_date, rf=rf
    )
    window = fund["window"]
    if window["start_date"] is None or window["end_date"] is None:
        raise InputError(f"scheme {code} has no NAVs in the window asked for")
    first = dt.date.fromisoformat(window["start_date"])
    last = dt.date.fromisoformat(window["end_date"])
    info = fund["benchmark"]
    bench: dict[str, Any] | None = None
    b_lv: np.ndarray | None = None
    if info is not None and info["code"] is None:
        bench, start, f_lv, b_lv = _index_side(
            con, code, info["name"], rf=rf, start_date=start_date, end_date=end_date
        )
    else:
        bench_code = None if info is None else int(info["code"])
        start, f_lv, b_lv = fund_levels(con, code, bench_code)
        if bench_code is not None:
            bench = metrics_report(
                con, bench_code, benchmark=code, start_date=start_date, end_date=end_date, rf=rf
            )
    f_lv = _clip(f_lv, start, first, last)
    if b_lv is not None:
        f_lv, b_lv = joint_levels(f_lv, _clip(b_lv, start, first, last))
    panel = f_lv[None, :] if b_lv is None else np.vstack([f_lv, b_lv])
    months, monthly = monthly_returns(panel, start)
    keep = np.isfinite(f_lv)
    calendar = start + np.arange(f_lv.shape[-1]) * np.timedelta64(1, "D")
    meta = meta_object(con)
    sip, sip_reason = None, ""
    try:
        sip = sip_report(con, code, amount=sip_amount, day=sip_day, start_date=first, end_date=last)
    except InputError as exc:  # e.g. no instalment date in a very short window
        sip_reason = str(exc)
    return TearsheetData(
        scheme=scheme,
        as_of=meta["as_of_date"],
        synthetic=bool(meta["synthetic"]),
        fund=fund,
        bench=bench,
        no_benchmark_reason=fund["reasons"].get("beta", "") if bench is None else "",
        levels=Levels(
            dates=calendar[keep], fund=f_lv[keep], bench=None if b_lv is None else b_lv[keep]
        ),
        months=months,
        monthly=monthly,
        rolling=rolling_series(start, f_lv, b_lv, windows=ROLLING_WINDOWS),
        risk=risk_series(
            con, code, benchmark=None, rf=rf, start_date=first, end_date=last, max_points=None
        ),
        sip=sip,
        sip_reason=sip_reason,
        rolling_sip=_rolling_sips(
            con, code, amount=sip_amount, day=sip_day, first=first, last=last
        ),
        peers=peer_rank(
            con, code, as_of=last, rf=None if isinstance(rf, pl.DataFrame) else float(rf)
        ),
    )
