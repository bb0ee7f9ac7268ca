"""Precomputed ``fund_metrics``: seed 002 §7's fields for every live scheme, kept per day.

One row per (``as_of``, ``scheme_code``) for every scheme alive at ``as_of`` (a NAV in the
7 days up to it; the values of a scheme closed long ago would not be values "as of" that
day), IDCW options included (flagged ``price_return_only``, never ranked). ``as_of`` is the
store's last NAV date; a refresh computes every value from the NAVs up to ``as_of`` only,
so the table is a point-in-time history: a new day adds rows, re-running a day replaces
that day's rows and nothing else, and the ranking backtest can read what was known then.

Columns (fractions, contract key names; conventions.md):

* the seed's returns ``return_1m`` … ``return_5y`` (absolute below 1y, CAGR from 1y),
  ``volatility_1y/3y``, ``sharpe_1y/3y``, ``sortino_3y``, ``max_drawdown_1y/3y``
  (negative), and, against the category benchmark over 3y as the contract asks,
  ``beta_3y``, ``alpha_3y`` (Jensen's), ``tracking_error_3y``, ``information_ratio_3y``;
  the rolling beat rates ``rolling_1y_beat_benchmark`` and ``rolling_3y_beat_benchmark``
  (share of rolling windows the fund beat its benchmark in);
* the category rank of :data:`RANK_KEY` (``return_3y``, seed 002's headline
  ``category_rank``): ``category_rank`` (1 = best, ties average), ``category_percentile``
  (0–1, 1 = best), ``category_quartile`` (1 = top), ``category_peers`` (n), per
  :mod:`fundlens.analytics.peers`. Ranks by any other stored key at any stored date are a
  :func:`~fundlens.analytics.peers.peer_stats` call on the rows of that date: every input
  of the peer rule (category, plan, option, last NAV date, history) is stored with them;
* ``sebi_category``, ``plan``, ``option``, ``price_return_only``, ``benchmark_code``
  (null = none), ``last_nav_date``, ``history_days`` and ``computed_at`` (UTC).

Every value comes from :func:`fundlens.services.universe.universe_metrics`, the engine
behind ``fundlens metrics``: a row equals that command's numbers for the same fund and
date.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb
import polars as pl

from fundlens.analytics import peers
from fundlens.errors import InputError
from fundlens.services.category import peer_metrics, resolve_as_of, scheme_frame
from fundlens.store.fund_metrics import (
    fund_metrics_dates,
    has_fund_metrics,
    replace_fund_metrics,
    select_fund_metrics,
)
from fundlens.store.meta import is_synthetic
from fundlens.store.snapshots import current_snapshot, reader, writer
from fundlens.store.sql import run_one

__all__ = [
    "COLUMNS",
    "FUND_METRICS_KEYS",
    "RANK_KEY",
    "RefreshSummary",
    "as_of_dates",
    "fund_metrics_frame",
    "read_fund_metrics",
    "refresh_after_update",
    "refresh_fund_metrics",
]

_log = logging.getLogger(__name__)

#: The seed 002 §7 metrics, under the contract's key names.
FUND_METRICS_KEYS: Final[tuple[str, ...]] = (
    "return_1m",
    "return_3m",
    "return_6m",
    "return_1y",
    "return_3y",
    "return_5y",
    "volatility_1y",
    "volatility_3y",
    "sharpe_1y",
    "sharpe_3y",
    "sortino_3y",
    "max_drawdown_1y",
    "max_drawdown_3y",
    "beta_3y",
    "alpha_3y",
    "tracking_error_3y",
    "information_ratio_3y",
    "rolling_1y_beat_benchmark",
    "rolling_3y_beat_benchmark",
)
#: The metric behind ``category_rank`` (seed 002's single category rank).
RANK_KEY: Final = "return_3y"
#: The table's columns, in order, with their Polars types (store/schema.py has the DDL).
COLUMNS: Final[dict[str, Any]] = {
    "as_of": pl.Date,
    "scheme_code": pl.Int64,
    "sebi_category": pl.String,
    "plan": pl.String,
    "option": pl.String,
    "price_return_only": pl.Boolean,
    "benchmark_code": pl.Int64,
    "last_nav_date": pl.Date,
    "history_days": pl.Int32,
    **dict.fromkeys(FUND_METRICS_KEYS, pl.Float64),
    "category_rank": pl.Float64,
    "category_percentile": pl.Float64,
    "category_quartile": pl.Int32,
    "category_peers": pl.Int32,
    "computed_at": pl.Datetime("us"),
}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh wrote: rows of ``as_of`` (``ranked`` of them with a category rank),
    rows of that date it replaced, and how long it took."""

    as_of: dt.date
    rows: int
    ranked: int
    replaced: int
    seconds: float
    computed_at: dt.datetime
    synthetic: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "rows": self.rows,
            "ranked": self.ranked,
            "replaced": self.replaced,
            "seconds": round(self.seconds, 3),
            "computed_at": self.computed_at.isoformat(),
            "synthetic": self.synthetic,
        }


def fund_metrics_frame(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | None = None,
    rf: float | None = None,
    computed_at: dt.datetime | None = None,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """The ``fund_metrics`` rows of ``as_of`` (default: the last NAV date), not written."""
    as_of = resolve_as_of(con, as_of)
    schemes = scheme_frame(con, as_of=as_of)
    gap = (pl.lit(as_of) - pl.col("last_nav_date")).dt.total_days()
    alive = schemes.filter(gap <= peers.ALIVE_DAYS)
    if alive.height == 0:
        raise InputError(f"no scheme has a NAV in the {peers.ALIVE_DAYS} days to {as_of}")
    metrics, _ = peer_metrics(con, alive, as_of=as_of, rf=rf, progress=progress)
    ranks = peers.peer_stats(metrics, as_of=as_of, keys=(RANK_KEY,)).select(
        "scheme_code",
        pl.col("rank").alias("category_rank"),
        pl.col("percentile").alias("category_percentile"),
        pl.col("quartile").alias("category_quartile"),
        pl.col("peer_count").alias("category_peers"),
    )
    stamp = computed_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frame = metrics.join(ranks, on="scheme_code", how="left").with_columns(
        pl.lit(as_of).alias("as_of"),
        pl.when(pl.col("benchmark_code") > 0).then(pl.col("benchmark_code")),
        pl.lit(stamp).alias("computed_at"),
    )
    return frame.select(pl.col(c).cast(t) for c, t in COLUMNS.items()).sort("scheme_code")


def refresh_fund_metrics(
    db_path: Path,
    *,
    as_of: dt.date | None = None,
    rf: float | None = None,
    progress: Progress | None = None,
) -> RefreshSummary:
    """Compute the rows of ``as_of`` (default: the store's last NAV date) and publish them
    in a new snapshot, replacing that date's rows only. The values are computed inside the
    write, from the very NAVs of the snapshot they land in."""
    started = time.perf_counter()
    with writer(Path(db_path)) as con:
        frame = fund_metrics_frame(con, as_of=as_of, rf=rf, progress=progress)
        day = frame.item(0, "as_of")
        replaced = replace_fund_metrics(con, frame, as_of=day)
        synthetic = is_synthetic(con)
    return RefreshSummary(
        as_of=day,
        rows=frame.height,
        ranked=frame.get_column("category_rank").is_not_null().sum(),
        replaced=replaced,
        seconds=time.perf_counter() - started,
        computed_at=frame.item(0, "computed_at"),
        synthetic=synthetic,
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=COLUMNS)


def as_of_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Every ``as_of`` held in ``fund_metrics``, oldest first ([] on a store without it)."""
    return fund_metrics_dates(con)


def read_fund_metrics(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | None = None,
    codes: Sequence[int] | None = None,
) -> pl.DataFrame:
    """The stored rows as they were known on ``as_of``: those of the latest refresh dated
    on or before it (default: the latest refresh), of ``codes`` only when given. Empty
    (with the columns) when there is none, or the store predates the table."""
    if not has_fund_metrics(con):
        return _empty()
    dates = [d for d in fund_metrics_dates(con) if as_of is None or d <= as_of]
    if not dates:
        return _empty()
    rows = select_fund_metrics(con, dates[-1], codes)
    return rows.select(pl.col(c).cast(t) for c, t in COLUMNS.items())


def refresh_after_update(
    db_path: Path, *, changed: bool, rf: float | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """The refresh ``fundlens update`` runs after publishing new NAVs, in its own
    snapshot: skipped when nothing changed and the last NAV date is already held. A
    failure is logged and returned (``status: failed``), never raised: the NAV update
    it follows stands."""
    try:
        if current_snapshot(Path(db_path)) is None:
            return {"status": "skipped", "reason": "no store"}
        con = reader(Path(db_path))
        try:
            row = run_one(con, "SELECT max(date) FROM nav")
            held = set(fund_metrics_dates(con))
        finally:
            con.close()
        last = None if row is None else row[0]
        if last is None:
            return {"status": "skipped", "reason": "the store has no NAVs"}
        if last in held and not changed:
            return {"status": "skipped", "reason": f"already as of {last.isoformat()}"}
        summary = refresh_fund_metrics(Path(db_path), rf=rf, progress=progress)
    except Exception as exc:  # the NAVs are published; report the refresh's failure
        _log.exception("fund_metrics refresh failed")
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}"}
    return {"status": "refreshed", **summary.to_json()}
