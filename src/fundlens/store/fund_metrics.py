"""Reads and writes of the ``fund_metrics`` table (point-in-time metric history).

Rows are keyed by (``as_of``, ``scheme_code``); a refresh replaces the rows of its own
``as_of`` only, inside the caller's write (a :func:`fundlens.store.snapshots.writer`
block), so readers see the old rows or the new ones, never half. Stores made before the
table existed have none: every read here then answers as for an empty table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

from fundlens.store.sql import run, run_one

__all__ = [
    "fund_metrics_columns",
    "fund_metrics_dates",
    "has_fund_metrics",
    "replace_fund_metrics",
    "select_fund_metrics",
    "select_fund_metrics_group",
]

_TABLE = "fund_metrics"


def has_fund_metrics(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store has the ``fund_metrics`` table (older stores do not)."""
    row = run_one(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [_TABLE])
    return bool(row and row[0])


def fund_metrics_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The table's columns in order (empty when it does not exist)."""
    if not has_fund_metrics(con):
        return []
    return [r[0] for r in run(con, f"DESCRIBE {_TABLE}")]


def fund_metrics_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Every ``as_of`` held, oldest first."""
    if not has_fund_metrics(con):
        return []
    return [r[0] for r in run(con, f"SELECT DISTINCT as_of FROM {_TABLE} ORDER BY as_of")]


def select_fund_metrics(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, codes: Sequence[int] | None = None
) -> pl.DataFrame:
    """The rows of one ``as_of`` (of ``codes`` only, when given), by scheme code."""
    query = f"SELECT * FROM {_TABLE} WHERE as_of = $as_of"
    params: dict[str, object] = {"as_of": as_of}
    if codes is not None:
        query += " AND scheme_code IN (SELECT unnest($codes))"
        params["codes"] = list(codes)
    return con.sql(query + " ORDER BY scheme_code", params=params).pl()


def select_fund_metrics_group(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, category: str, plan: str | None
) -> pl.DataFrame:
    """The rows of one ``as_of`` of one (sebi_category, plan) group (a null ``plan``
    selects the rows without a plan), by scheme code."""
    return con.sql(
        f"""SELECT * FROM {_TABLE} WHERE as_of = $as_of AND sebi_category = $category
            AND plan IS NOT DISTINCT FROM $plan ORDER BY scheme_code""",
        params={"as_of": as_of, "category": category, "plan": plan},
    ).pl()


def replace_fund_metrics(
    con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, *, as_of: dt.date
) -> int:
    """Replace the rows of ``as_of`` with ``frame`` (the table's columns, any order);
    other dates are untouched. Returns how many rows were replaced."""
    columns = fund_metrics_columns(con)
    row = run_one(con, f"SELECT count(*) FROM {_TABLE} WHERE as_of = ?", [as_of])
    con.register("_fund_metrics", frame.select(columns).to_arrow())
    try:
        run(con, f"DELETE FROM {_TABLE} WHERE as_of = ?", [as_of])
        run(con, f"INSERT INTO {_TABLE} SELECT * FROM _fund_metrics ORDER BY scheme_code")
    finally:
        con.unregister("_fund_metrics")
    return int(row[0]) if row else 0
