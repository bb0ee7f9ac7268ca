"""The baseline loaders fundlens is compared with, written as seed 003 describes them.

:func:`load_amfi_files` is seed 003 §4.2's ``amfi_data_process.py``: walk the data folder,
read each file line by line in Python, skip category and AMC lines, parse each row, and call
``insert_scheme``, ``insert_nav`` and ``insert_isin`` — one ``INSERT OR IGNORE`` each, per
row — committing once per file; then ``create_indexes`` (§5.2) after the load. The tables
are §5.1's exactly. Under that schema ``isin_data`` has no key, so each ``insert_isin``
adds a row (the seed's "idempotent" holds only for ``scheme_data``); this loader does the
same, as the seed does. Rows whose code, NAV or date do not parse are skipped (the seed
would stop on the first one; a baseline that crashes measures nothing).

:func:`copy_funds_db_naive` is the plain way to copy a funds.db's NAVs into DuckDB: a
stdlib ``sqlite3`` cursor (Python tuples), Polars frames, appends; no checks at all.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tests.utils.funds_db import FUNDS_DB_DDL, FUNDS_DB_INDEXES

__all__ = ["BaselineResult", "copy_funds_db_naive", "load_amfi_files"]


@dataclass
class BaselineResult:
    """Counts and seconds of a baseline run (``seconds`` includes index creation)."""

    files: int = 0
    rows_inserted: int = 0
    rows_skipped: int = 0
    load_s: float = 0.0
    index_s: float = 0.0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def create_schema(conn: sqlite3.Connection) -> None:
    """§4.3 ``create_schema``: the three §5.1 tables."""
    conn.executescript(FUNDS_DB_DDL)


def insert_scheme(conn: sqlite3.Connection, code: int, name: str) -> None:
    conn.execute("INSERT OR IGNORE INTO scheme_data VALUES (?, ?)", (code, name))


def insert_nav(conn: sqlite3.Connection, code: int, date: str, nav: float) -> None:
    conn.execute("INSERT OR IGNORE INTO nav_data VALUES (?, ?, ?)", (code, date, nav))


def insert_isin(conn: sqlite3.Connection, code: int, payout: str, reinvest: str) -> None:
    conn.execute("INSERT OR IGNORE INTO isin_data VALUES (?, ?, ?)", (code, payout, reinvest))


def create_indexes(conn: sqlite3.Connection) -> None:
    """§5.2's indexes, built after the load."""
    conn.executescript(FUNDS_DB_INDEXES)


def _walk(data_dir: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(data_dir):
        dirs.sort()
        found.extend(Path(root) / f for f in sorted(files) if f.endswith((".csv", ".txt")))
    return found


def _columns(header: str) -> dict[str, int] | None:
    """Column positions by header name (layouts differ by era), or None if not a header."""
    names = [h.strip().lower() for h in header.split(";")]
    want = {
        "code": "scheme code",
        "isin_p": "isin div payout/isin growth",
        "isin_r": "isin div reinvestment",
        "nav": "net asset value",
        "date": "date",
    }
    pos = {k: names.index(v) for k, v in want.items() if v in names}
    name = next((i for i, n in enumerate(names) if n in ("scheme name", "nav name")), None)
    if name is None or len(pos) < len(want):
        return None
    return {**pos, "name": name, "n": len(names)}


def _load_file(conn: sqlite3.Connection, path: Path, result: BaselineResult) -> None:
    with path.open(encoding="utf-8", errors="replace") as fh:
        cols = _columns(fh.readline().strip())
        if cols is None:
            return
        for line in fh:
            parts = line.rstrip("\r\n").split(";")
            if len(parts) != cols["n"]:
                continue  # category line, AMC line, blank line or a broken row
            try:
                code = int(parts[cols["code"]])
                nav = float(parts[cols["nav"]])
                date = dt.datetime.strptime(parts[cols["date"]].strip(), "%d-%b-%Y").date()
            except ValueError:
                result.rows_skipped += 1
                continue
            if nav <= 0:
                result.rows_skipped += 1
                continue
            insert_scheme(conn, code, parts[cols["name"]].strip())
            insert_nav(conn, code, date.isoformat(), nav)
            insert_isin(conn, code, parts[cols["isin_p"]].strip(), parts[cols["isin_r"]].strip())
            result.rows_inserted += 1
    conn.commit()  # one commit per file


def load_amfi_files(data_dir: Path, db: Path) -> BaselineResult:
    """Load every AMFI file under ``data_dir`` into a new funds.db at ``db`` (seed §4.2)."""
    db.unlink(missing_ok=True)
    result = BaselineResult()
    start = time.perf_counter()
    conn = sqlite3.connect(db)
    try:
        create_schema(conn)
        for path in _walk(data_dir):
            _load_file(conn, path, result)
            result.files += 1
        result.load_s = time.perf_counter() - start
        create_indexes(conn)
        conn.commit()
    finally:
        conn.close()
    result.seconds = time.perf_counter() - start
    result.index_s = result.seconds - result.load_s
    return result


def copy_funds_db_naive(path: Path, db: Path, *, batch_rows: int = 200_000) -> BaselineResult:
    """Copy nav_data into a DuckDB table the plain way: a stdlib sqlite3 cursor
    (``fetchmany``: Python tuples), each batch made a Polars frame and appended. No checks,
    no duplicates handling, no classification."""
    import duckdb
    import polars as pl

    result = BaselineResult(files=1)
    start = time.perf_counter()
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    db.unlink(missing_ok=True)
    out = duckdb.connect(str(db))
    schema = {"scheme_code": pl.Int64, "date": pl.String, "nav": pl.Float64}
    try:
        out.execute("CREATE TABLE nav (scheme_code BIGINT, date DATE, nav DOUBLE)").fetchall()
        cur = src.execute("SELECT scheme_code, date, nav FROM nav_data")
        while batch := cur.fetchmany(batch_rows):
            frame = pl.DataFrame(batch, schema=schema, orient="row").with_columns(
                pl.col("date").str.to_date("%Y-%m-%d")
            )
            out.register("_batch", frame.to_arrow())
            out.execute("INSERT INTO nav SELECT * FROM _batch").fetchall()
            out.unregister("_batch")
            result.rows_inserted += frame.height
    finally:
        src.close()
        out.close()
    result.seconds = result.load_s = time.perf_counter() - start
    return result
