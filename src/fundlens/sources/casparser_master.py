"""Read the ``casparser-isin`` scheme master (ISIN ↔ AMFI code ↔ SEBI category).

The PyPI package ``casparser-isin`` ships a SQLite file ``casparser_isin/isin.db`` whose table
``scheme(name, isin, amfi_code, type, rta, rta_code, amc_code, sebi_category, last_seen)`` holds
about 29k rows. It has **no AMC name**, so fundlens uses it only for ISINs and categories, joined
by AMFI code. It is read with the standard :mod:`sqlite3` module (DuckDB's sqlite extension
would have to be downloaded, which this project never does).

:func:`load_casparser_master` returns one row per stored row that has an integer AMFI code:
``amfi_code`` (Int64), ``isin``, ``name``, ``type`` (``EQUITY``/``DEBT``), ``sebi_category``
(AMFI's bare label such as ``Debt Scheme - Liquid Fund``; may be null). A code often has
several rows (payout and reinvestment ISINs, repeated names). The result is cached per path;
callers must not mutate it (Polars frames are immutable in practice).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Final

import polars as pl

from fundlens.errors import InputError

__all__ = ["CASPARSER_COLUMNS", "casparser_db_path", "load_casparser_master"]

CASPARSER_COLUMNS: Final[tuple[str, ...]] = ("amfi_code", "isin", "name", "type", "sebi_category")

_QUERY: Final = (
    "SELECT CAST(amfi_code AS TEXT), isin, name, type, sebi_category "
    "FROM scheme WHERE amfi_code IS NOT NULL"
)


def casparser_db_path() -> Path:
    """Where the installed ``casparser-isin`` package keeps ``isin.db``."""
    return Path(str(files("casparser_isin").joinpath("isin.db")))


@lru_cache(maxsize=4)
def _load(path: str) -> pl.DataFrame:
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute(_QUERY).fetchall()
    except sqlite3.Error as exc:
        raise InputError(f"cannot read casparser-isin database {path}: {exc}") from exc
    frame = pl.DataFrame(
        rows,
        schema={
            "amfi_code": pl.String,
            "isin": pl.String,
            "name": pl.String,
            "type": pl.String,
            "sebi_category": pl.String,
        },
        orient="row",
    )
    return frame.with_columns(
        pl.col("amfi_code").str.strip_chars().cast(pl.Int64, strict=False),
        pl.col("isin").str.strip_chars(),
        pl.col("name").str.strip_chars(),
        pl.col("sebi_category").str.strip_chars(),
    ).filter(pl.col("amfi_code").is_not_null())


def load_casparser_master(path: str | Path | None = None) -> pl.DataFrame:
    """Return the casparser-isin scheme table (columns as in the module docstring), cached."""
    db = Path(path) if path is not None else casparser_db_path()
    if not db.is_file():
        raise InputError(f"casparser-isin database not found: {db}")
    return _load(str(db))
