"""Build a community ``funds.db`` (SQLite, seed 003 §5) for tests and benchmarks.

The tables are created exactly as seed 003 §5.1 writes them; rows go in with
``executemany`` inside one transaction and the §5.2 indexes are created afterwards, which
is the fast way to fill SQLite. Values are written as given, so a test can plant junk
(text in ``nav``, a bad date) the way a dirty community file would hold it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import polars as pl

__all__ = [
    "FUNDS_DB_DDL",
    "FUNDS_DB_INDEXES",
    "synthetic_nav_frame",
    "write_funds_db",
    "write_funds_db_from_frame",
]

FUNDS_DB_DDL = """
CREATE TABLE scheme_data (
    scheme_code INTEGER PRIMARY KEY,
    scheme_name TEXT NOT NULL
);
CREATE TABLE nav_data (
    scheme_code INTEGER NOT NULL,
    date        DATE    NOT NULL,
    nav         REAL    NOT NULL,
    FOREIGN KEY (scheme_code) REFERENCES scheme_data(scheme_code)
);
CREATE TABLE isin_data (
    scheme_code        INTEGER,
    isin_payout        TEXT,
    isin_reinvestment  TEXT,
    FOREIGN KEY (scheme_code) REFERENCES scheme_data(scheme_code)
);
"""
FUNDS_DB_INDEXES = """
CREATE INDEX scheme_code_index ON scheme_data(scheme_code);
CREATE INDEX date_index ON nav_data(scheme_code, date);
CREATE INDEX isin_index1 ON isin_data(scheme_code);
CREATE INDEX isin_index2 ON isin_data(isin_payout);
CREATE INDEX isin_index3 ON isin_data(isin_reinvestment);
"""

Row = tuple[object, ...]


def write_funds_db(
    path: Path,
    *,
    schemes: Iterable[tuple[int, str]],
    navs: Iterable[Row],
    isins: Iterable[tuple[object, str | None, str | None]] = (),
    skip_tables: Sequence[str] = (),
) -> Path:
    """Write a funds.db at ``path`` from (code, name), (code, date, nav) and ISIN rows.

    ``navs`` may be a lazy iterable (it is consumed once); ``skip_tables`` leaves tables
    out, to test a file that is not a complete funds.db.
    """
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    try:
        ddl = [s for s in FUNDS_DB_DDL.split(";") if s.strip()]
        for statement in ddl:
            if not any(f"TABLE {t} " in statement for t in skip_tables):
                con.execute(statement)
        with con:
            if "scheme_data" not in skip_tables:
                con.executemany("INSERT INTO scheme_data VALUES (?, ?)", schemes)
            if "nav_data" not in skip_tables:
                con.executemany("INSERT INTO nav_data VALUES (?, ?, ?)", navs)
            if "isin_data" not in skip_tables:
                con.executemany("INSERT INTO isin_data VALUES (?, ?, ?)", isins)
        for statement in FUNDS_DB_INDEXES.split(";"):
            table = statement.split(" ON ")[-1].split("(")[0] if " ON " in statement else ""
            if statement.strip() and table not in skip_tables:
                con.execute(statement)
        con.commit()
    finally:
        con.close()
    return path


def _frame_rows(frame: pl.DataFrame, chunk: int) -> Iterable[Row]:
    """(code, 'YYYY-MM-DD', nav) tuples, converted a chunk at a time (bounded memory)."""
    for start in range(0, frame.height, chunk):
        part = frame.slice(start, chunk)
        yield from zip(
            part["scheme_code"].to_list(),
            part["date"].dt.to_string("%Y-%m-%d").to_list(),
            part["nav"].to_list(),
            strict=True,
        )


def write_funds_db_from_frame(
    path: Path,
    navs: pl.DataFrame,
    *,
    names: pl.DataFrame,
    isins: pl.DataFrame | None = None,
    chunk: int = 500_000,
) -> Path:
    """Write a funds.db from a NAV frame (scheme_code, date, nav), a names frame
    (scheme_code, scheme_name) and optionally ISINs (scheme_code, isin_payout,
    isin_reinvestment)."""
    return write_funds_db(
        path,
        schemes=names.select("scheme_code", "scheme_name").iter_rows(),
        navs=_frame_rows(navs, chunk),
        isins=() if isins is None else isins.iter_rows(),
    )


def synthetic_nav_frame(
    n_schemes: int,
    n_days: int,
    *,
    seed: int = 7,
    end: str = "2026-06-30",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A random-walk NAV panel of ``n_schemes`` × ``n_days`` business days and its names.

    Codes are in the synthetic range (900000+) and names end in ``(Synthetic)``, so a store
    built from it is flagged synthetic. Returns (navs, names).
    """
    rng = np.random.default_rng(seed)
    days = pl.date_range(
        pl.lit(end).str.to_date() - pl.duration(days=int(n_days * 1.45) + 10),
        pl.lit(end).str.to_date(),
        eager=True,
    )
    days = days.filter(days.dt.weekday() <= 5).tail(n_days)
    codes = np.arange(900_000, 900_000 + n_schemes, dtype=np.int64)
    steps = rng.normal(0.0003, 0.01, size=(n_schemes, days.len()))
    levels = np.round(10.0 * np.exp(np.cumsum(steps, axis=1)), 4)
    navs = pl.DataFrame(
        {
            "scheme_code": np.repeat(codes, days.len()),
            "date": pl.concat([days] * n_schemes) if n_schemes else days.clear(),
            "nav": levels.ravel(),
        }
    )
    names = pl.DataFrame(
        {
            "scheme_code": codes,
            "scheme_name": [
                f"Benchmark Fund {c} - Direct Plan - Growth (Synthetic)" for c in codes
            ],
        }
    )
    return navs, names
