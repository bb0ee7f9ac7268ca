"""Tracking difference and tracking error of every index fund against its own index.

A pair is an index fund or ETF (growth option, or option unknown; IDCW options lose NAV at
each payout and are left out) and a stored index series whose name matches the index the
fund tracks (:func:`fundlens.schemes.benchmarks.index_key`: ``NIFTY 50 TRI`` and
``NIFTY 50`` both match ``Nifty 50``). A fund matched by a TRI and a price series gives
two pairs. All pairs go through the engine at once, one grid row each, over the
**common window** (dates where both the fund and the index have a value; the fund's
levels cleaned of its data-quality events first):

* tracking difference = CAGR_fund − CAGR_index (:func:`fundlens.analytics.returns.cagr`,
  calendar days / 365), the ``excess_return`` ``fundlens metrics --benchmark index:NAME``
  reports; and per complete calendar year, r_fund − r_index of
  :func:`fundlens.analytics.returns.calendar_year_returns`;
* tracking error = std(r_f − r_b)·√252, ddof = 1 (:func:`fundlens.analytics.risk.
  tracking_error`) over Monday–Friday daily returns (:func:`fundlens.analytics.grid.
  daily_returns`: spans over 10 days and the fund's flagged days left out).

Against a **price** index the difference is biased up by the index's dividend yield (the
fund reinvests dividends, the price index does not): about +1 % a year on the Nifty 50
for a fund whose costs are below its yield. Against a **TRI** it is the fund's costs and
cash drag, slightly negative.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics import returns, risk
from fundlens.analytics.grid import (
    FloatArray,
    NavGrid,
    clean_levels,
    daily_returns,
    joint_levels,
    nan_count,
    nav_grid,
)
from fundlens.schemes.benchmarks import index_key, series_label
from fundlens.services.indices import require_index
from fundlens.services.metrics import IDCW_OPTIONS, load_events
from fundlens.store.indices import read_all_index_series
from fundlens.store.reads import nav_panel

__all__ = ["tracking_pairs", "tracking_report"]

_PASSIVE: Final = ("index", "etf")
_DAY: Final = np.timedelta64(1, "D")


def tracking_pairs(schemes: pl.DataFrame, names: list[str], kinds: list[str]) -> pl.DataFrame:
    """(fund, series) pairs: ``scheme_code``, ``name``, ``plan``, ``index`` (tracked),
    ``series``, ``kind``; ordered by index, series, code."""
    series = pl.DataFrame(
        {"series": names, "kind": kinds}, schema={"series": pl.String, "kind": pl.String}
    ).with_columns(index_key(pl.col("series")).alias("key"))
    funds = schemes.filter(
        pl.col("vehicle").is_in(_PASSIVE)
        & pl.col("tracked_index").is_not_null()
        & (pl.col("option").is_null() | ~pl.col("option").is_in(IDCW_OPTIONS))
    ).with_columns(index_key(pl.col("tracked_index")).alias("key"))
    return (
        funds.join(series, on="key")
        .select(
            "scheme_code", "name", "plan", pl.col("tracked_index").alias("index"), "series", "kind"
        )
        .sort("index", "series", "scheme_code")
    )


def tracking_report(
    con: duckdb.DuckDBPyConnection, name: str | None = None
) -> list[dict[str, Any]]:
    """One entry per (index fund, stored series) pair, for every series or the one called
    ``name``: the pair, ``label``, the common window (``start_date``, ``end_date``,
    ``days``, ``observations``), ``fund_cagr``, ``index_cagr``,
    ``tracking_difference``, ``tracking_error``, ``calendar_years`` ({year: {fund,
    index, difference}} for complete years) and ``reasons`` for nulls."""
    stored = read_all_index_series(con)
    if name is not None:
        wanted = str(require_index(con, name)["name"][0])
        stored = stored.filter(pl.col("name") == wanted)
    kinds = stored.group_by("name", maintain_order=True).agg(pl.col("kind").first())
    schemes = con.sql("SELECT * FROM schemes ORDER BY scheme_code").pl()
    pairs = tracking_pairs(schemes, kinds["name"].to_list(), kinds["kind"].to_list())
    if pairs.height == 0:
        return []
    codes = pairs["scheme_code"].unique().sort().to_list()
    series_code = {n: -1 - i for i, n in enumerate(kinds["name"].to_list())}
    panel = pl.concat(
        [
            nav_panel(con, codes).select("scheme_code", "date", "nav"),
            stored.select(
                pl.col("name")
                .replace_strict(series_code, return_dtype=pl.Int64)
                .alias("scheme_code"),
                "date",
                pl.col("value").alias("nav"),
            ),
        ]
    )
    events = load_events(con, codes)
    grid = nav_grid(
        panel, flagged=events.flagged, face_value=events.face_value, spikes=events.spikes
    )
    f_rows = np.searchsorted(grid.codes, pairs["scheme_code"].to_numpy())
    b_rows = np.searchsorted(grid.codes, pairs["series"].replace_strict(series_code).to_numpy())
    stats = _pair_stats(grid, f_rows, b_rows)
    return _entries(pairs, stats)


def _rows(mask: np.ndarray | None, rows: np.ndarray) -> np.ndarray | None:
    return None if mask is None else mask[rows]


def _pair_stats(grid: NavGrid, f_rows: np.ndarray, b_rows: np.ndarray) -> dict[str, Any]:
    """Engine calls on every pair at once (rows = pairs, columns = calendar days)."""
    fund = clean_levels(
        grid.values[f_rows],
        face_value=_rows(grid.face_value, f_rows),
        spikes=_rows(grid.spikes, f_rows),
    )
    fund, bench = joint_levels(fund, grid.values[b_rows])
    start = grid.start
    r_f = daily_returns(fund, start, flagged=_rows(grid.flagged, f_rows))
    r_b = daily_returns(bench, start)
    both = np.isfinite(r_f) & np.isfinite(r_b)
    years, y_fund = returns.calendar_year_returns(fund, start)
    _, y_bench = returns.calendar_year_returns(bench, start)
    common = np.isfinite(fund)
    width = fund.shape[-1]
    first = np.argmax(common, axis=-1)
    last = width - 1 - np.argmax(common[:, ::-1], axis=-1)
    cagr_f = np.asarray(returns.cagr(fund, start))
    cagr_b = np.asarray(returns.cagr(bench, start))
    return {
        "navs": np.asarray(nan_count(fund)),
        "start": start + first * _DAY,
        "end": start + last * _DAY,
        "observations": both.sum(axis=-1),
        "fund_cagr": cagr_f,
        "index_cagr": cagr_b,
        "tracking_difference": cagr_f - cagr_b,
        "tracking_error": np.asarray(risk.tracking_error(r_f, r_b)),
        "years": years.astype(str),
        "year_fund": y_fund,
        "year_index": y_bench,
    }


def _num(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _years(labels: np.ndarray, fund: FloatArray, index: FloatArray) -> dict[str, dict[str, float]]:
    ok = np.isfinite(fund) & np.isfinite(index)
    return {
        str(y): {"fund": float(f), "index": float(b), "difference": float(f - b)}
        for y, f, b in zip(labels[ok], fund[ok], index[ok], strict=True)
    }


def _entries(pairs: pl.DataFrame, s: dict[str, Any]) -> list[dict[str, Any]]:
    """JSON entries, one per pair (a loop over the request's pairs, not over days)."""
    out = []
    for i, pair in enumerate(pairs.iter_rows(named=True)):
        navs, obs = int(s["navs"][i]), int(s["observations"][i])
        reasons: dict[str, str] = {}
        if navs < returns.MIN_NAVS:
            why = "no dates in common with the index" if navs == 0 else "1 date in common"
            reasons = {"tracking_difference": why, "tracking_error": why}
        elif obs < risk.MIN_OBSERVATIONS:
            reasons["tracking_error"] = f"{obs} daily observation(s) < {risk.MIN_OBSERVATIONS}"
        has_window = navs > 0
        out.append(
            {
                **pair,
                "label": series_label(pair["kind"]),
                "start_date": str(s["start"][i]) if has_window else None,
                "end_date": str(s["end"][i]) if has_window else None,
                "days": int((s["end"][i] - s["start"][i]) // _DAY) if has_window else None,
                "observations": obs,
                "fund_cagr": _num(s["fund_cagr"][i]),
                "index_cagr": _num(s["index_cagr"][i]),
                "tracking_difference": _num(s["tracking_difference"][i]),
                "tracking_error": _num(s["tracking_error"][i]),
                "calendar_years": _years(s["years"], s["year_fund"][i], s["year_index"][i]),
                "reasons": reasons,
            }
        )
    return out
