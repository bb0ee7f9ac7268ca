"""Metrics from the store: one fund (CLI, API, library) or every scheme (universe run).

Thin I/O around :func:`fundlens.analytics.metrics.compute_metrics`: read NAVs, the
data-quality events and the benchmark from the store, put them on one daily calendar,
and hand them over. The benchmark of a fund is the one the caller names, or its category
stand-in (:func:`fundlens.schemes.benchmarks.category_benchmarks`), always labelled
"index fund (incl. costs)".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.grid import DEFAULT_RF, NavGrid, clean_levels, nav_grid
from fundlens.analytics.metrics import MetricsTable, compute_metrics
from fundlens.analytics.riskfree import RiskFree
from fundlens.errors import InputError
from fundlens.schemes.benchmarks import category_benchmarks
from fundlens.settings import get_settings
from fundlens.store.connect import is_read_only
from fundlens.store.memo import per_connection
from fundlens.store.quality import flagged_return_days
from fundlens.store.reads import nav_history
from fundlens.store.riskfree import read_riskfree

__all__ = [
    "IDCW_OPTIONS",
    "EventMasks",
    "benchmarks_of",
    "fund_levels",
    "fund_table",
    "grid_rows",
    "load_events",
    "resolve_rf",
    "scheme_benchmark",
    "scheme_metrics_table",
    "scheme_names",
]

IDCW_OPTIONS: Final = ("idcw_payout", "idcw_reinvest", "idcw", "bonus")


@dataclass(frozen=True)
class EventMasks:
    """(scheme_code, date) frames for :func:`fundlens.analytics.grid.nav_grid`."""

    flagged: pl.DataFrame
    face_value: pl.DataFrame
    spikes: pl.DataFrame


def _read_events(con: duckdb.DuckDBPyConnection, codes: list[int] | None) -> EventMasks:
    query = "SELECT scheme_code, date, kind, detail FROM nav_events"
    params = None
    if codes is not None:
        query += " WHERE list_contains($codes, scheme_code)"
        params = {"codes": codes}
    events = con.sql(query, params=params).pl()
    pick = pl.col("scheme_code"), pl.col("date")
    return EventMasks(
        flagged=flagged_return_days(events),
        face_value=events.filter(pl.col("kind") == "face_value_change").select(*pick),
        spikes=events.filter(pl.col("kind") == "outlier").select(*pick),
    )


_read_only = per_connection(is_read_only)


@per_connection
def _every_event(con: duckdb.DuckDBPyConnection) -> EventMasks:
    """Every event of a read-only connection (a snapshot never changes under it)."""
    return _read_events(con, None)


def load_events(con: duckdb.DuckDBPyConnection, codes: list[int] | None = None) -> EventMasks:
    """The data-quality events of ``codes`` (all when None) as grid masks.

    On a read-only connection (a snapshot: every API request's) the whole table is read
    once per connection and each call filters it — a request saves a query; a writable
    connection reads the table each time, so an ingest's new events are seen."""
    if not _read_only(con):
        return _read_events(con, codes)
    every = _every_event(con)
    if codes is None:
        return every
    keep = pl.col("scheme_code").is_in(pl.Series(codes, dtype=pl.Int64).implode())
    return EventMasks(
        flagged=every.flagged.filter(keep),
        face_value=every.face_value.filter(keep),
        spikes=every.spikes.filter(keep),
    )


def resolve_rf(con: duckdb.DuckDBPyConnection, rf: float | None = None) -> RiskFree:
    """The risk-free rate to use, first found: ``rf`` (a ``--rf`` flag or argument),
    ``FUNDLENS_RF`` (environment or fundlens.toml), the series imported with
    ``fundlens riskfree import``, the default 6.5 % a year."""
    explicit = rf if rf is not None else get_settings().rf
    if explicit is not None:
        return explicit
    series = read_riskfree(con)
    return DEFAULT_RF if series is None else series.select("date", "annual_rate")


def _scheme_row(con: duckdb.DuckDBPyConnection, code: int) -> dict[str, Any]:
    """The scheme's name, category, option and benchmark (from the per-connection cache)."""
    frame = benchmarks_of(con).filter(pl.col("scheme_code") == code)
    if frame.height == 0:
        raise InputError(f"scheme {code} is not in the store")
    return frame.row(0, named=True)


def scheme_names(con: duckdb.DuckDBPyConnection, codes: list[int]) -> dict[int, str]:
    """Current names of ``codes`` (from the per-connection cache)."""
    frame = benchmarks_of(con).filter(pl.col("scheme_code").is_in(pl.Series(codes).implode()))
    return dict(zip(frame["scheme_code"].to_list(), frame["name"].to_list(), strict=True))


@per_connection
def benchmarks_of(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """:func:`~fundlens.schemes.benchmarks.category_benchmarks` of the store, plus each
    scheme's ``name``, ``sebi_category``, ``option`` and ``vehicle``; computed once per
    connection (:func:`~fundlens.store.memo.per_connection`)."""
    schemes = con.sql("SELECT * FROM schemes ORDER BY scheme_code").pl()
    return category_benchmarks(schemes).join(
        schemes.select("scheme_code", "name", "sebi_category", "option", "vehicle"),
        on="scheme_code",
    )


def scheme_benchmark(con: duckdb.DuckDBPyConnection, code: int) -> tuple[int | None, str]:
    """(category benchmark code or None, reason when None) for one scheme."""
    picked = benchmarks_of(con).filter(pl.col("scheme_code") == code)
    if picked.height == 0:
        raise InputError(f"scheme {code} is not in the store")
    if picked["benchmark_code"][0] is not None:
        return int(picked["benchmark_code"][0]), ""
    return None, str(picked["no_benchmark_reason"][0])


def _stored_panel(
    con: duckdb.DuckDBPyConnection, code: int, benchmark: int | None
) -> tuple[list[int], pl.DataFrame, EventMasks]:
    if benchmark is not None and benchmark == code:
        raise InputError(f"scheme {code} cannot be its own benchmark")
    codes = [code] if benchmark is None else [code, benchmark]
    panel = pl.concat(
        nav_history(con, c).with_columns(pl.lit(c, dtype=pl.Int64).alias("scheme_code"))
        for c in codes
    )
    return codes, panel, load_events(con, codes)


def fund_levels(
    con: duckdb.DuckDBPyConnection, code: int, benchmark: int | None
) -> tuple[np.datetime64, np.ndarray, np.ndarray | None]:
    """(calendar start, cleaned fund levels (T,), cleaned benchmark levels or None) of a
    stored scheme, on one calendar, each cleaned of its own data-quality events."""
    codes, panel, events = _stored_panel(con, code, benchmark)
    grid = nav_grid(
        panel, flagged=events.flagged, face_value=events.face_value, spikes=events.spikes
    )
    grid = grid_rows(grid, [grid.row(c) for c in codes])
    clean = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    return grid.start, clean[0], None if benchmark is None else clean[1]


def scheme_metrics_table(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    benchmark: int | None,
    no_benchmark_reason: str = "no benchmark given",
    rf: RiskFree,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> tuple[MetricsTable, NavGrid]:
    """The one-row metrics table of stored scheme ``code`` (see :func:`fund_table`)."""
    row = _scheme_row(con, code)
    _, panel, events = _stored_panel(con, code, benchmark)
    return fund_table(
        panel,
        events,
        code=code,
        benchmark=benchmark,
        no_benchmark_reason=no_benchmark_reason,
        rf=rf,
        start_date=start_date,
        end_date=end_date,
        price_return_only=row.get("option") in IDCW_OPTIONS,
    )


def fund_table(
    panel: pl.DataFrame,
    events: EventMasks,
    *,
    code: int,
    benchmark: int | None,
    no_benchmark_reason: str = "no benchmark given",
    rf: RiskFree,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    price_return_only: bool = False,
) -> tuple[MetricsTable, NavGrid]:
    """One fund's metrics table from a long NAV frame holding the fund (and benchmark).

    Returns the table and the grid it was computed on (row order: ``code``, then
    ``benchmark``)."""
    if start_date and end_date and start_date > end_date:
        raise InputError(f"--from {start_date} is after --to {end_date}")
    if panel.filter(pl.col("scheme_code") == code).height == 0:
        raise InputError(f"scheme {code} has no NAVs")
    if benchmark is not None and panel.filter(pl.col("scheme_code") == benchmark).height == 0:
        raise InputError(f"benchmark {benchmark} has no NAVs")
    grid = nav_grid(
        panel, flagged=events.flagged, face_value=events.face_value, spikes=events.spikes
    )
    codes = [code] if benchmark is None else [code, benchmark]
    grid = grid_rows(grid, [grid.row(c) for c in codes])
    bench_levels = None
    if benchmark is not None:
        bench_levels = clean_levels(
            grid.values[1:], face_value=_pick(grid.face_value, 1), spikes=_pick(grid.spikes, 1)
        )
    table = compute_metrics(
        grid_rows(grid, [0]),
        benchmark=bench_levels,
        benchmark_codes=np.array([benchmark or 0], dtype=np.int64),
        benchmark_missing=[None if benchmark is not None else no_benchmark_reason],
        rf=rf,
        start_date=start_date,
        end_date=end_date,
        price_return_only=np.array([price_return_only]),
    )
    return table, grid


def _pick(mask: np.ndarray | None, row: int) -> np.ndarray | None:
    return None if mask is None else mask[row : row + 1]


def grid_rows(grid: NavGrid, rows: list[int]) -> NavGrid:
    """The grid restricted to ``rows`` (in that order), masks included."""

    def pick(mask: np.ndarray | None) -> np.ndarray | None:
        return None if mask is None else mask[rows]

    return NavGrid(
        codes=grid.codes[rows],
        start=grid.start,
        values=grid.values[rows],
        flagged=pick(grid.flagged),
        face_value=pick(grid.face_value),
        spikes=pick(grid.spikes),
    )
