"""The imported risk-free series (``riskfree`` table): one annual rate per date, a fraction.

An import replaces the whole series (a user's series is one source, not a log). Stores made
before the table existed gain it on their next write (:func:`fundlens.store.schema.
create_schema`); reading such a store gives no series, i.e. the flat default applies.
"""

from __future__ import annotations

import duckdb
import polars as pl

from fundlens.store.sql import run

__all__ = ["read_riskfree", "replace_riskfree"]


def replace_riskfree(con: duckdb.DuckDBPyConnection, rates: pl.DataFrame, *, source: str) -> None:
    """Store ``rates`` (date, annual_rate) as the risk-free series, replacing any before."""
    frame = rates.select("date", "annual_rate").with_columns(pl.lit(source).alias("source"))
    con.register("_rates", frame.to_arrow())
    try:
        run(con, "DELETE FROM riskfree")
        run(con, "INSERT INTO riskfree SELECT date, annual_rate, source FROM _rates ORDER BY date")
    finally:
        con.unregister("_rates")


def read_riskfree(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The stored series (date, annual_rate, source) ascending, or None when there is none."""
    exists = run(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'riskfree'"
    )[0][0]
    if not exists:
        return None
    frame = con.sql("SELECT date, annual_rate, source FROM riskfree ORDER BY date").pl()
    return frame if frame.height else None
