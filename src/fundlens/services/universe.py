"""The full metric set of every scheme in the store, each against its category benchmark.

How it stays fast and bounded (issue 5: ~42 M NAVs in < 20 s, < 6 GB on 2 cores):

* every NAV is read once (one scan of ``nav``) and split into chunks of
  :data:`UNIVERSE_CHUNK` schemes **ordered by first NAV date**, so each chunk's daily
  calendar starts at its own oldest scheme: young schemes (Direct plans date from 2013)
  do not carry years of empty columns;
* the benchmarks (a few dozen index funds) are put on one calendar once, cleaned of their
  data-quality events, and gathered row by row into each chunk;
* chunks run on :data:`WORKERS` threads (NumPy and Polars release the GIL in their
  kernels), each vectorised across its schemes by
  :func:`fundlens.analytics.metrics.compute_metrics` — the same function one fund goes
  through, so a universe row equals that fund's own result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Final

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.grid import clean_levels, day_index, nav_grid
from fundlens.analytics.metrics import MetricsTable, compute_metrics
from fundlens.analytics.riskfree import RiskFree
from fundlens.errors import InputError
from fundlens.services.metrics import IDCW_OPTIONS, EventMasks, benchmarks_of, load_events

__all__ = ["UNIVERSE_CHUNK", "WORKERS", "universe_metrics"]

#: Schemes per chunk: about 60 MB per float array of 20 years; a few dozen live at once.
UNIVERSE_CHUNK: Final = 512
#: Chunks computed at the same time (this machine has 2 cores).
WORKERS: Final = 2


def universe_metrics(
    con: duckdb.DuckDBPyConnection,
    *,
    rf: RiskFree,
    codes: Sequence[int] | None = None,
    end_date: dt.date | None = None,
    chunk: int = UNIVERSE_CHUNK,
    workers: int = WORKERS,
    progress: Callable[[int, int], None] | None = None,
) -> MetricsTable:
    """The full metric set of every scheme with NAVs (see the module docstring).

    ``codes`` limits the run to those schemes (their benchmarks' NAVs are read too);
    ``end_date`` leaves out every NAV after it, so each metric is the value it had on that
    day (point in time)."""
    wanted = benchmarks_of(con)
    if codes is not None:
        wanted = wanted.filter(pl.col("scheme_code").is_in(pl.Series(list(codes)).implode()))
    nav = _read_nav(con, wanted if codes is not None else None, end_date)
    if nav.height == 0:
        raise InputError(
            "the store has no NAVs" + (f" on or before {end_date}" if end_date else "")
        )
    last = nav.get_column("date").max()
    firsts = nav.group_by("scheme_code").agg(pl.col("date").min().alias("first"))
    order = (
        wanted.join(firsts, on="scheme_code", how="inner")
        .sort("first", "scheme_code")
        .with_row_index("rank")
        .with_columns((pl.col("rank") // chunk).cast(pl.Int64).alias("chunk"))
    )
    events = load_events(con)
    bench = _benchmarks(nav, order, events, last)
    parts = nav.join(order.select("scheme_code", "chunk"), on="scheme_code").partition_by(
        "chunk", as_dict=True
    )
    del nav
    infos = order.partition_by("chunk", as_dict=True)
    done, total = 0, order.height

    def one(key: tuple[object, ...]) -> MetricsTable:
        return _chunk(parts.pop(key), infos[key], bench, events, rf, last)

    tables = []
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        for table in pool.map(one, sorted(parts)):
            tables.append(table)
            done += table.values.height
            if progress is not None:
                progress(done, total)
    return MetricsTable(
        values=pl.concat([t.values for t in tables]).sort("scheme_code"),
        reasons=pl.concat([t.reasons for t in tables]).sort("scheme_code", maintain_order=True),
    )


def _read_nav(
    con: duckdb.DuckDBPyConnection, wanted: pl.DataFrame | None, end_date: dt.date | None
) -> pl.DataFrame:
    """NAVs of ``wanted``'s schemes and their benchmarks (all when None), up to ``end_date``."""
    where: list[str] = []
    params: dict[str, object] = {}
    if wanted is not None:
        pick = pl.concat([wanted["scheme_code"], wanted["benchmark_code"].drop_nulls()]).unique()
        where.append("scheme_code IN (SELECT unnest($codes))")
        params["codes"] = pick.to_list()
    if end_date is not None:
        where.append("date <= $end")
        params["end"] = end_date
    query = "SELECT scheme_code, date, nav FROM nav"
    if where:
        query += " WHERE " + " AND ".join(where)
    return con.sql(query, params=params or None).pl()


class _Bench:
    """Cleaned benchmark levels on one calendar, looked up by code."""

    def __init__(self, codes: np.ndarray, start: np.datetime64, levels: np.ndarray) -> None:
        self.codes, self.start, self.levels = codes, start, levels

    def gather(self, wanted: np.ndarray, start: np.datetime64, width: int) -> np.ndarray:
        """(len(wanted), width) levels from ``start``; NaN rows where ``wanted`` is 0."""
        out = np.full((wanted.size, width), np.nan)
        has = wanted > 0
        if self.codes.size == 0 or not has.any():
            return out
        offset = day_index(self.start, start)
        rows = np.searchsorted(self.codes, wanted[has])
        out[has] = self.levels[rows, offset : offset + width]
        return out


def _benchmarks(nav: pl.DataFrame, order: pl.DataFrame, events: EventMasks, last: object) -> _Bench:
    codes = order.get_column("benchmark_code").drop_nulls().unique().sort()
    frame = nav.filter(pl.col("scheme_code").is_in(codes.implode()))
    if frame.height == 0:
        return _Bench(np.array([], dtype=np.int64), np.datetime64("1970-01-01"), np.empty((0, 0)))
    grid = nav_grid(
        frame,
        start=order.get_column("first").min(),  # type: ignore[arg-type]
        end=last,  # type: ignore[arg-type]
        face_value=events.face_value,
        spikes=events.spikes,
    )
    levels = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    return _Bench(grid.codes, grid.start, levels)


def _chunk(
    frame: pl.DataFrame,
    info: pl.DataFrame,
    bench: _Bench,
    events: EventMasks,
    rf: RiskFree,
    last: object,
) -> MetricsTable:
    """One chunk on its own calendar (its oldest scheme's first NAV … the last date)."""
    grid = nav_grid(
        frame.drop("chunk"),
        start=info.get_column("first").min(),  # type: ignore[arg-type]
        end=last,  # type: ignore[arg-type]
        flagged=events.flagged,
        face_value=events.face_value,
        spikes=events.spikes,
    )
    info = info.sort("scheme_code")  # the grid's row order
    wanted = info.get_column("benchmark_code").fill_null(0).to_numpy().astype(np.int64)
    missing = info.get_column("no_benchmark_reason")
    return compute_metrics(
        grid,
        benchmark=bench.gather(wanted, grid.start, grid.values.shape[1]),
        benchmark_codes=wanted,
        benchmark_missing=missing.to_list(),
        rf=rf,
        price_return_only=info.get_column("option").is_in(IDCW_OPTIONS).fill_null(False).to_numpy(),
    )
