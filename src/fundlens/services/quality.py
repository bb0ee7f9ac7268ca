"""Recent NAV revisions and data-quality events of the store (the data-status page).

``nav_revisions(scheme_code, date, old_nav, new_nav, source, at)``: a NAV the ingest
replaced by a later, different value (conventions.md, 'Ingest contract'), newest first
by the time it was recorded. ``nav_events(scheme_code, date, kind, detail)``: face-value
changes, one-day outliers, gaps and staleness (:mod:`fundlens.store.quality`), newest
first by the NAV date they are dated at. Each row carries the scheme's current name.
Counts cover the whole store, the lists at most ``limit`` rows each.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb

from fundlens.errors import InputError
from fundlens.store.quality import EVENT_KINDS
from fundlens.store.sql import run, run_one

__all__ = ["MAX_QUALITY_ROWS", "recent_quality"]

#: The most rows of each list one call returns.
MAX_QUALITY_ROWS: Final = 500

_REVISIONS: Final = """
    SELECT r.scheme_code, s.name, r.date, r.old_nav, r.new_nav, r.source, r."at"
    FROM nav_revisions r LEFT JOIN schemes s USING (scheme_code)
    ORDER BY r."at" DESC, r.date DESC, r.scheme_code, r.new_nav
    LIMIT ?"""
_EVENTS: Final = """
    SELECT e.scheme_code, s.name, e.date, e.kind, e.detail
    FROM nav_events e LEFT JOIN schemes s USING (scheme_code)
    ORDER BY e.date DESC, e.scheme_code, e.kind
    LIMIT ?"""


def recent_quality(con: duckdb.DuckDBPyConnection, *, limit: int = 20) -> dict[str, Any]:
    """The ``limit`` latest revisions and events, their totals and events per kind.

    ``change`` of a revision is ``new_nav / old_nav − 1`` (a fraction); ``at`` an ISO
    timestamp in UTC; dates ISO.

    Raises:
        InputError: ``limit`` outside 1 … :data:`MAX_QUALITY_ROWS`.
    """
    if not 1 <= limit <= MAX_QUALITY_ROWS:
        raise InputError(f"limit {limit} is outside 1-{MAX_QUALITY_ROWS}")
    revisions = [
        {
            "scheme_code": int(code),
            "name": name,
            "date": date.isoformat(),
            "old_nav": float(old),
            "new_nav": float(new),
            "change": float(new) / float(old) - 1.0 if old else None,
            "source": source,
            "at": at.isoformat(timespec="seconds") + "Z",
        }
        for code, name, date, old, new, source, at in run(con, _REVISIONS, [limit])
    ]
    events = [
        {"scheme_code": int(code), "name": name, "date": date.isoformat(), "kind": kind,
         "detail": detail}
        for code, name, date, kind, detail in run(con, _EVENTS, [limit])
    ]  # fmt: skip
    by_kind = dict(run(con, "SELECT kind, count(*) FROM nav_events GROUP BY kind"))
    return {
        "limit": limit,
        "revisions_total": int(run_one(con, "SELECT count(*) FROM nav_revisions")[0]),
        "revisions": revisions,
        "events_total": int(sum(by_kind.values())),
        "events_by_kind": {kind: int(by_kind.get(kind, 0)) for kind in EVENT_KINDS},
        "events": events,
    }
