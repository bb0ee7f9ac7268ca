"""Imported index series (``index_series`` table): one value per (name, date), kind
``tri`` or ``price``, and the file it came from.

Names are matched case-insensitively (``nifty 50 tri`` is ``NIFTY 50 TRI``); the stored
spelling is the last import's. An import replaces that one series whole, inside the
writer's snapshot (:func:`fundlens.store.snapshots.writer`), so a reader sees the old
series or the new one, never a mix. Stores made before the table existed gain it on
their next write (:func:`fundlens.store.schema.create_schema`); reading such a store
gives no series.
"""

from __future__ import annotations

import duckdb
import polars as pl

from fundlens.store.sql import run

__all__ = [
    "has_index_table",
    "list_index_series",
    "read_all_index_series",
    "read_index_series",
    "replace_index_series",
]

_KINDS = ("tri", "price")


def has_index_table(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has the ``index_series`` table (older stores do not)."""
    rows = run(
        con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'index_series'"
    )
    return bool(rows[0][0])


def replace_index_series(
    con: duckdb.DuckDBPyConnection, name: str, series: pl.DataFrame, *, kind: str, source: str
) -> bool:
    """Store ``series`` (date, value) as the index ``name``, replacing any series of that
    name; returns whether one was replaced."""
    if kind not in _KINDS:
        raise ValueError(f"kind {kind!r} is not one of {_KINDS}")
    frame = series.select("date", "value").with_columns(
        pl.lit(name).alias("name"), pl.lit(kind).alias("kind"), pl.lit(source).alias("source")
    )
    replaced = run(con, "SELECT count(*) FROM index_series WHERE lower(name) = lower(?)", [name])[
        0
    ][0]
    con.register("_index_rows", frame.to_arrow())
    try:
        run(con, "DELETE FROM index_series WHERE lower(name) = lower(?)", [name])
        run(
            con,
            "INSERT INTO index_series SELECT name, date, value, kind, source "
            "FROM _index_rows ORDER BY date",
        )
    finally:
        con.unregister("_index_rows")
    return bool(replaced)


def read_index_series(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame | None:
    """One series (date, value, name, kind, source) ascending by date, or None."""
    if not has_index_table(con):
        return None
    frame = con.sql(
        "SELECT date, value, name, kind, source FROM index_series "
        "WHERE lower(name) = lower($name) ORDER BY date",
        params={"name": name},
    ).pl()
    return frame if frame.height else None


def read_all_index_series(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every stored series: name, date, value, kind (empty when none)."""
    if not has_index_table(con):
        return pl.DataFrame(
            schema={"name": pl.String, "date": pl.Date, "value": pl.Float64, "kind": pl.String}
        )
    return con.sql("SELECT name, date, value, kind FROM index_series ORDER BY name, date").pl()


def list_index_series(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per stored series: name, kind, source, first_date, last_date, points,
    first_value, last_value (empty when none)."""
    schema = {
        "name": pl.String,
        "kind": pl.String,
        "source": pl.String,
        "first_date": pl.Date,
        "last_date": pl.Date,
        "points": pl.Int64,
        "first_value": pl.Float64,
        "last_value": pl.Float64,
    }
    if not has_index_table(con):
        return pl.DataFrame(schema=schema)
    frame = con.sql(
        """SELECT name, any_value(kind) AS kind, any_value(source) AS source,
                  min(date) AS first_date, max(date) AS last_date, count(*) AS points,
                  arg_min(value, date) AS first_value, arg_max(value, date) AS last_value
           FROM index_series GROUP BY name ORDER BY name"""
    ).pl()
    return frame.cast(schema)  # type: ignore[arg-type]
