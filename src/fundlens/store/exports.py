"""Read queries for exports: NAVs of chosen schemes within a date range, long format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import polars as pl

__all__ = ["nav_long"]


def nav_long(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[int],
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> pl.DataFrame:
    """Rows ``scheme_code``, ``date``, ``nav`` of ``codes`` with ``start_date ≤ date ≤
    end_date`` (either bound optional), sorted by scheme and date. The code filter is
    ``IN (SELECT unnest($codes))``, which prunes the code-sorted row groups."""
    return con.sql(
        """
        SELECT scheme_code, date, nav FROM nav
        WHERE scheme_code IN (SELECT unnest($codes))
          AND date >= coalesce($start, DATE '0001-01-01')
          AND date <= coalesce($end, DATE '9999-12-31')
        ORDER BY scheme_code, date
        """,
        params={"codes": list(codes), "start": start_date, "end": end_date},
    ).pl()
