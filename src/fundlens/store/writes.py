"""Replace derived tables (schemes, nav_events, scheme_master) inside the caller's transaction."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from fundlens.store.sql import run

__all__ = ["extend_scheme_dates", "replace_events", "replace_scheme_master", "replace_schemes"]


def extend_scheme_dates(con: duckdb.DuckDBPyConnection) -> None:
    """Widen the schemes' first/last NAV dates to cover the staged rows (rows are never
    removed, so the dates only ever widen)."""
    run(
        con,
        """
        UPDATE schemes SET first_nav_date = least(first_nav_date, s.first),
                           last_nav_date = greatest(last_nav_date, s.last)
        FROM (SELECT scheme_code, min(date) AS first, max(date) AS last
              FROM stage_nav GROUP BY ALL) s
        WHERE schemes.scheme_code = s.scheme_code
        """,
    )


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    columns = [r[0] for r in run(con, f"DESCRIBE {table}")]
    con.register("_frame", frame.select(columns).to_arrow())
    try:
        run(con, f"DELETE FROM {table}")
        run(con, f"INSERT INTO {table} SELECT * FROM _frame ORDER BY 1")
    finally:
        con.unregister("_frame")


def replace_schemes(con: duckdb.DuckDBPyConnection, schemes: pl.DataFrame) -> None:
    """Write the classified schemes (columns of the ``schemes`` table, any order)."""
    _replace(con, "schemes", schemes)


def replace_scheme_master(con: duckdb.DuckDBPyConnection, master: pl.DataFrame) -> None:
    """Store an imported AMFI scheme master in place of the previous one."""
    _replace(con, "scheme_master", master.unique("scheme_code", keep="last"))


def replace_events(
    con: duckdb.DuckDBPyConnection,
    events: pl.DataFrame,
    *,
    codes: pl.Series | None = None,
    since: dt.date | None = None,
) -> None:
    """Replace the data-quality events of ``codes`` (all schemes when None) dated on or
    after ``since`` (all dates when None) with ``events``."""
    after = "date >= $since" if since is not None else "TRUE"
    params = {"since": since} if since is not None else None
    if codes is None:
        run(con, f"DELETE FROM nav_events WHERE {after}", params)
    else:
        con.register("_codes", pl.DataFrame({"scheme_code": codes}).to_arrow())
        try:
            run(
                con,
                "DELETE FROM nav_events WHERE scheme_code IN (SELECT scheme_code FROM _codes) "
                f"AND {after}",
                params,
            )
        finally:
            con.unregister("_codes")
    con.register("_events", events.select("scheme_code", "date", "kind", "detail").to_arrow())
    try:
        run(con, "INSERT INTO nav_events SELECT * FROM _events ORDER BY scheme_code, date")
    finally:
        con.unregister("_events")
