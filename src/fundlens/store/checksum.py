"""A logical checksum of the store: equal checksums mean equal data, whatever the file bytes.

Timestamps (``at``, ``last_update_at``) and the ingest log are left out: they record *when*,
not *what*. Used by the crash-safety tests (a killed update must leave the checksum as it
was; a rerun must reach the checksum of an uninterrupted run) and by ``db stats --verify``.
"""

from __future__ import annotations

import duckdb

from fundlens.store.sql import run

__all__ = ["CHECKED_TABLES", "logical_checksum"]

#: Table → the columns that carry data (order-independent row hashes are summed).
CHECKED_TABLES: dict[str, str] = {
    "nav": "scheme_code, date, nav",
    "nav_revisions": "scheme_code, date, old_nav, new_nav, source",
    "nav_events": "scheme_code, date, kind, detail",
    "scheme_history": "scheme_code, kind, value, first_date, last_date",
    "schemes": "*",
    "scheme_master": "*",
    "rejects": "source, line_no, raw_line, reason",
    "meta": "key, value",
}


def logical_checksum(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """(row count, sum of row hashes) per table in :data:`CHECKED_TABLES`."""
    out: dict[str, tuple[int, int]] = {}
    for table, columns in CHECKED_TABLES.items():
        count, total = run(
            con,
            f"SELECT count(*), coalesce(sum(hash(r)::HUGEINT), 0) "
            f"FROM (SELECT {columns} FROM {table}) r",
        )[0]
        out[table] = (int(count), int(total))
    return out
