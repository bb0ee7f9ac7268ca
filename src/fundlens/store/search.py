"""The rows a scheme search works from: every scheme's card fields and every text it can be
found by (current name, past names, ISINs, code). Small tables (one row per scheme and a
few per history entry): ``nav`` is never read."""

from __future__ import annotations

import os

import duckdb
import polars as pl

__all__ = ["search_documents", "search_schemes_frame", "snapshot_key"]


def snapshot_key(con: duckdb.DuckDBPyConnection) -> str:
    """The file the connection reads (a snapshot: it changes exactly when an update
    publishes) with its inode and mtime, as the key of per-snapshot caches."""
    row = con.sql(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    path = str(row[0][0]) if row and row[0][0] is not None else ""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:{id(con)}"  # in-memory or vanished: this connection only
    return f"{path}:{st.st_ino}:{st.st_mtime_ns}"


def search_schemes_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per scheme: code, current name, AMC, category, plan, option, Direct↔Regular
    pair and NAV dates."""
    return con.sql(
        """SELECT scheme_code, name, amc_id, amc_name, sebi_category, plan, option,
                  pair_code, vehicle, first_nav_date, last_nav_date
           FROM schemes ORDER BY scheme_code"""
    ).pl()


def search_documents(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every text a scheme is found by: ``scheme_code``, ``source`` (``name`` = current
    name, ``past_name``, ``isin``, ``code``) and ``text``; distinct rows."""
    return con.sql(
        """
        SELECT DISTINCT scheme_code, source, text FROM (
            SELECT scheme_code, 'name' AS source, name AS text FROM schemes
            UNION ALL
            SELECT scheme_code, 'code', CAST(scheme_code AS VARCHAR) FROM schemes
            UNION ALL
            SELECT scheme_code, 'isin', isin_growth FROM schemes WHERE isin_growth IS NOT NULL
            UNION ALL
            SELECT scheme_code, 'isin', isin_reinvest FROM schemes
            WHERE isin_reinvest IS NOT NULL
            UNION ALL
            SELECT h.scheme_code, CASE WHEN h.kind = 'name' THEN 'past_name' ELSE 'isin' END,
                   h.value
            FROM scheme_history h JOIN schemes s USING (scheme_code)
            WHERE h.kind IN ('name', 'isin_growth', 'isin_reinvest')
              AND NOT (h.kind = 'name' AND h.value = s.name)
        ) ORDER BY scheme_code, source, text
        """
    ).pl()
