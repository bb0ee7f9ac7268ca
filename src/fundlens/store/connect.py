"""Open the DuckDB store file with the settings every fundlens process uses."""

from __future__ import annotations

from pathlib import Path

import duckdb

from fundlens.errors import StoreError
from fundlens.store.schema import SCHEMA_VERSION, create_schema
from fundlens.store.sql import run, run_one

__all__ = ["MEMORY_LIMIT", "is_read_only", "open_store"]

#: DuckDB's memory budget; larger work spills to disk, keeping peak RSS bounded.
MEMORY_LIMIT = "2GB"


def open_store(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and for writing, create) the store at ``path``.

    Raises:
        StoreError: reading a store that does not exist, or one of another schema version.
    """
    path = Path(path).expanduser()
    if read_only and not path.exists():
        raise StoreError(
            f"no store at {path}: build one with `fundlens init --demo` or `fundlens update`"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    run(con, f"SET memory_limit = '{MEMORY_LIMIT}'")
    if not read_only:
        create_schema(con)
    row = run_one(con, "SELECT value FROM meta WHERE key = 'schema_version'")
    if row is None or int(row[0]) != SCHEMA_VERSION:
        found = None if row is None else row[0]
        con.close()
        raise StoreError(f"store {path} has schema version {found}, expected {SCHEMA_VERSION}")
    return con


def is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` was opened read-only (a snapshot's reader: its data never change)."""
    row = run_one(con, "SELECT current_setting('access_mode')")
    return row is not None and row[0] == "read_only"
