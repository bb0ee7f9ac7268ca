"""Read queries on the store: one scheme's NAVs, search, a scheme's card, inputs for the
scheme classifier. SQL stays in ``store/``; callers get Polars frames or plain dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from fundlens.errors import InputError
from fundlens.store.sql import run_one

__all__ = [
    "latest_observations",
    "nav_history",
    "nav_panel",
    "nav_tail",
    "scheme_detail",
    "scheme_master_frame",
    "search_schemes",
]


def _frame(con: duckdb.DuckDBPyConnection, query: str, params: object = None) -> pl.DataFrame:
    """Run ``query`` and return its rows as a Polars frame."""
    return con.sql(query, params=params).pl()


def _require_scheme(con: duckdb.DuckDBPyConnection, code: int) -> None:
    if run_one(con, "SELECT 1 FROM schemes WHERE scheme_code = ?", [code]) is None:
        raise InputError(f"unknown scheme code {code}: try `fundlens schemes search TEXT`")


def nav_history(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> pl.DataFrame:
    """NAVs of one scheme, ascending by date: columns ``date``, ``nav``.

    Raises:
        InputError: the code is not in the store, or ``start_date`` > ``end_date``.
    """
    if start_date and end_date and start_date > end_date:
        raise InputError(f"--from {start_date} is after --to {end_date}")
    _require_scheme(con, code)
    return _frame(
        con,
        """SELECT date, nav FROM nav WHERE scheme_code = $code
               AND date >= coalesce($start, DATE '0001-01-01')
               AND date <= coalesce($end, DATE '9999-12-31') ORDER BY date""",
        {"code": code, "start": start_date, "end": end_date},
    )


def nav_panel(
    con: duckdb.DuckDBPyConnection,
    codes: list[int] | None = None,
    *,
    start_date: dt.date | None = None,
) -> pl.DataFrame:
    """Long frame (scheme_code, date, nav) for ``codes`` (all schemes when None).

    With ``start_date``, rows from that date on plus each scheme's last row before it (so
    that a hole spanning ``start_date`` is still visible). The scan is bounded by the codes'
    range, which the per-row-group min/max of the code-sorted ``nav`` table prunes well."""
    if codes is not None and not codes:
        return pl.DataFrame(schema={"scheme_code": pl.Int64, "date": pl.Date, "nav": pl.Float64})
    params: dict[str, object] = {}
    pick = "TRUE"
    if codes is not None:
        pick = "scheme_code BETWEEN $lo AND $hi"
        params = {"lo": min(codes), "hi": max(codes)}
    if start_date is None:
        frame = _frame(con, f"SELECT scheme_code, date, nav FROM nav WHERE {pick}", params or None)
    else:
        frame = _frame(
            con,
            f"""
            SELECT scheme_code, date, nav FROM nav WHERE {pick} AND date >= $start
            UNION ALL
            SELECT scheme_code, max(date), arg_max(nav, date) FROM nav
            WHERE {pick} AND date < $start GROUP BY scheme_code
            """,
            {**params, "start": start_date},
        )
    if codes is None:
        return frame
    wanted = pl.Series("scheme_code", codes, dtype=pl.Int64).implode()
    return frame.filter(pl.col("scheme_code").is_in(wanted))


def nav_tail(
    con: duckdb.DuckDBPyConnection, codes: list[int], *, start_date: dt.date, reach_days: int = 400
) -> pl.DataFrame:
    """Like :func:`nav_panel` with ``start_date``, for a recent ``start_date``: two cheap
    scans (the rows from ``start_date`` on; each scheme's last row in the ``reach_days``
    before it) instead of filters by scheme, plus an exact look-up for the few schemes whose
    previous NAV is older than that."""
    wanted = pl.Series("scheme_code", codes, dtype=pl.Int64)
    tail = _frame(con, "SELECT scheme_code, date, nav FROM nav WHERE date >= $s", {"s": start_date})
    before = _frame(
        con,
        """SELECT scheme_code, max(date) AS date, arg_max(nav, date) AS nav FROM nav
           WHERE date < $s AND date >= $s - to_days($reach) GROUP BY scheme_code""",
        {"s": start_date, "reach": reach_days},
    )
    older = _frame(
        con,
        "SELECT scheme_code FROM schemes WHERE first_nav_date < $s - to_days($reach)",
        {"s": start_date, "reach": reach_days},
    )["scheme_code"]
    far = older.filter(
        older.is_in(wanted.implode()) & ~older.is_in(before["scheme_code"].implode())
    )
    parts = [tail, before]
    if far.len():
        parts.append(
            nav_panel(con, far.to_list(), start_date=start_date).filter(pl.col("date") < start_date)
        )
    panel = pl.concat([p.cast({"scheme_code": pl.Int64}) for p in parts], how="vertical")
    return panel.filter(pl.col("scheme_code").is_in(wanted.implode()))


def latest_observations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per scheme with NAVs: the latest value of each history kind and the first
    and last NAV dates — the ``obs`` input of :func:`fundlens.schemes.build.build_schemes`."""
    return _frame(
        con,
        """
        WITH latest AS (
            SELECT scheme_code, kind, arg_max(value, (last_date, first_date)) AS value
            FROM scheme_history GROUP BY ALL
        ), wide AS (
            PIVOT latest ON kind IN ('name', 'amc', 'category', 'plan', 'option',
                                     'isin_growth', 'isin_reinvest')
            USING first(value) GROUP BY scheme_code
        ), span AS (
            SELECT scheme_code, min(date) AS first_nav_date, max(date) AS last_nav_date
            FROM nav GROUP BY scheme_code
        )
        SELECT scheme_code, coalesce(name, 'Scheme ' || scheme_code) AS name,
               amc AS amc_raw, category AS category_raw, plan AS plan_raw,
               option AS option_raw, isin_growth, isin_reinvest, first_nav_date, last_nav_date
        FROM span LEFT JOIN wide USING (scheme_code) ORDER BY scheme_code
        """,
    )


def scheme_master_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """The imported AMFI scheme master, or None when none was imported."""
    frame = _frame(con, "SELECT * FROM scheme_master")
    return frame if frame.height else None


def search_schemes(con: duckdb.DuckDBPyConnection, text: str, *, limit: int = 50) -> pl.DataFrame:
    """Schemes whose code or ISIN equals ``text`` or whose current or past name contains it
    (case-insensitive; every word must match). Current names rank first."""
    words = [w for w in text.split() if w]
    if not words:
        raise InputError("search text is empty")
    like = " AND ".join(["value ILIKE ?"] * len(words))
    params = [f"%{w}%" for w in words]
    return _frame(
        con,
        f"""
            WITH hits AS (
                SELECT scheme_code, 0 AS rank FROM schemes
                WHERE CAST(scheme_code AS VARCHAR) = ? OR upper(isin_growth) = upper(?)
                   OR upper(isin_reinvest) = upper(?)
                UNION ALL
                SELECT scheme_code, 1 FROM (SELECT scheme_code, name AS value FROM schemes)
                WHERE {like}
                UNION ALL
                SELECT scheme_code, 2 FROM scheme_history
                WHERE kind IN ('name', 'isin_growth', 'isin_reinvest') AND {like}
            )
            SELECT s.scheme_code, s.name, s.amc_name, s.sebi_category, s.plan, s.option,
                   s.last_nav_date
            FROM (SELECT scheme_code, min(rank) AS rank FROM hits GROUP BY ALL) h
            JOIN schemes s USING (scheme_code)
            ORDER BY h.rank, s.name LIMIT ?
            """,
        [text.strip()] * 3 + params + params + [limit],
    )


def scheme_detail(con: duckdb.DuckDBPyConnection, code: int) -> dict[str, Any]:
    """Every ``schemes`` field of one scheme plus its history (kind, value, first, last)."""
    _require_scheme(con, code)
    row = _frame(con, "SELECT * FROM schemes WHERE scheme_code = ?", [code])
    history = _frame(
        con,
        """SELECT kind, value, first_date, last_date FROM scheme_history
               WHERE scheme_code = ? ORDER BY kind, first_date, value""",
        [code],
    )
    detail = row.row(0, named=True)
    detail["history"] = history.to_dicts()
    detail["nav_rows"] = run_one(con, "SELECT count(*) FROM nav WHERE scheme_code = ?", [code])[0]
    detail["events"] = _frame(
        con, "SELECT date, kind, detail FROM nav_events WHERE scheme_code = ? ORDER BY date", [code]
    ).to_dicts()
    return detail
