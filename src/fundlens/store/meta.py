"""The meta object: one shape everywhere (conventions.md, 'The meta object').

``db stats --json``, ``GET /api/v1/meta`` and the data-status page all show exactly
:data:`META_KEYS`, computed from the store, never cached elsewhere.
"""

from __future__ import annotations

from typing import Any

import duckdb

from fundlens.store.schema import SCHEMA_VERSION
from fundlens.store.sql import run, run_one
from fundlens.types import REJECT_REASONS
from fundlens.version import __version__

__all__ = ["META_KEYS", "is_synthetic", "meta_object", "set_meta"]

META_KEYS = (
    "as_of_date",
    "first_date",
    "last_date",
    "schemes",
    "nav_rows",
    "rejected_rows",
    "rejected_by_reason",
    "duplicates",
    "revisions",
    "last_update_at",
    "synthetic",
    "schema_version",
    "version",
)


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Write one key of the ``meta`` table (inside the caller's transaction)."""
    run(con, "INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def is_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds the synthetic demo (one key look-up, no counting)."""
    row = run_one(con, "SELECT value FROM meta WHERE key = 'synthetic'")
    return row is not None and row[0] == "true"


def meta_object(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The meta object of the store behind ``con``; dates ISO strings, counts integers.

    ``as_of_date`` is the latest NAV date in the store (what every 'as of' refers to).
    """
    first, last, rows = run_one(con, "SELECT min(date), max(date), count(*) FROM nav")
    schemes = run_one(con, "SELECT count(*) FROM schemes")[0]
    by_reason = dict(run(con, "SELECT reason, count(*) FROM rejects GROUP BY reason"))
    dups, revs, at = run_one(
        con,
        'SELECT coalesce(sum(duplicates), 0), coalesce(sum(revisions), 0), max("at") '
        "FROM ingest_log",
    )
    iso = lambda d: None if d is None else d.isoformat()  # noqa: E731
    return {
        "as_of_date": iso(last),
        "first_date": iso(first),
        "last_date": iso(last),
        "schemes": int(schemes),
        "nav_rows": int(rows),
        "rejected_rows": int(sum(by_reason.values())),
        "rejected_by_reason": {r: int(by_reason.get(r, 0)) for r in REJECT_REASONS},
        "duplicates": int(dups),
        "revisions": int(revs),
        "last_update_at": None if at is None else at.isoformat(timespec="seconds") + "Z",
        "synthetic": is_synthetic(con),
        "schema_version": SCHEMA_VERSION,
        "version": __version__,
    }
