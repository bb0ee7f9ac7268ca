"""One helper to run a statement to completion (DuckDB 2 requires a result to be fully
fetched before the next statement on the same connection)."""

from __future__ import annotations

from typing import Any

import duckdb

__all__ = ["run", "run_one"]


def run(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> list[tuple[Any, ...]]:
    """Execute ``query`` (one or more ``;``-separated statements) and fetch every row."""
    return con.execute(query, params).fetchall()


def run_one(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> Any:
    """Execute ``query`` and return its first row, or None when it has none."""
    rows = run(con, query, params)
    return rows[0] if rows else None
