"""Read-only connections to the current snapshot, shared by the threads of a server.

A server answers many requests at once from a pool of threads, and a request may run its
dependencies and its handler on different threads; a DuckDB connection must not be used
by two requests at the same time. :class:`ReaderPool` therefore lends each request its
own connection (:meth:`ReaderPool.acquire` … :meth:`ReaderPool.release`) and keeps
returned ones for the next request, so per-connection caches (e.g. the category
benchmarks of :func:`fundlens.services.metrics.benchmarks_of`) survive between requests.

Each acquire looks at the store's link (a few system calls): when an update has published
a new snapshot, idle connections to the old one are closed and new ones open on the new
file; a connection lent out before the switch finishes its request on the old snapshot
(still readable: :mod:`fundlens.store.snapshots`) and is closed when it comes back. A
request therefore always reads one snapshot from start to end, and no request fails or
waits because of an update.
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

import duckdb

from fundlens.errors import StoreError
from fundlens.store.connect import open_store
from fundlens.store.snapshots import current_snapshot
from fundlens.store.sql import run

__all__ = ["ReaderPool", "snapshot_tag"]


def snapshot_tag(path: Path) -> str:
    """An identifier of one snapshot file: its name, inode and modification time (a store
    rebuilt from scratch reuses names, never all three)."""
    st = os.stat(path)
    return f"{path.name}:{st.st_ino}:{st.st_mtime_ns}"


class ReaderPool:
    """Connections to the current snapshot of ``db``, one per request in flight.

    ``max_idle`` bounds the connections kept between requests (more are opened under
    load and closed when returned to a full pool). ``threads`` caps DuckDB's threads for
    this process's database (None: DuckDB's default, one per core): a server's
    parallelism is its requests and workers, and a small per-request query costs less on
    one thread (a 6-scheme NAV read: 2.8 ms of CPU against 4.5 ms on two).
    """

    def __init__(self, db: Path, *, max_idle: int = 64, threads: int | None = None) -> None:
        self.db = Path(db).expanduser()
        self.max_idle = max_idle
        self.threads = threads
        self._lock = threading.Lock()
        self._tag: str | None = None
        self._idle: list[duckdb.DuckDBPyConnection] = []
        self._tags: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, str] = (
            weakref.WeakKeyDictionary()
        )

    def acquire(self) -> duckdb.DuckDBPyConnection:
        """A connection to the current snapshot, for this caller alone until released.

        Raises:
            StoreError: there is no store (or it cannot be opened).
        """
        for attempt in range(3):
            current = current_snapshot(self.db)
            if current is None:
                raise StoreError(
                    f"no store at {self.db}: build one with `fundlens init --demo` "
                    "or `fundlens update`"
                )
            try:
                tag = snapshot_tag(current)
                con = self._take(tag)
                if con is None:
                    con = open_store(current, read_only=True)
                    if self.threads is not None:
                        run(con, f"SET threads = {int(self.threads)}")
                    with self._lock:
                        self._tags[con] = tag
            except (OSError, StoreError):
                # two updates in a row removed the file between the link and the open
                if attempt == 2:
                    raise
                continue
            return con
        raise AssertionError("unreachable")  # pragma: no cover

    def _take(self, tag: str) -> duckdb.DuckDBPyConnection | None:
        """An idle connection to snapshot ``tag``, closing idle ones to an older snapshot."""
        stale: list[duckdb.DuckDBPyConnection] = []
        with self._lock:
            if tag != self._tag:
                stale, self._idle, self._tag = self._idle, [], tag
            con = self._idle.pop() if self._idle else None
        for old in stale:
            old.close()
        return con

    def release(self, con: duckdb.DuckDBPyConnection) -> None:
        """Give ``con`` back: kept for the next request, or closed if its snapshot is no
        longer current (or the pool is full)."""
        with self._lock:
            if self._tags.get(con) == self._tag and len(self._idle) < self.max_idle:
                self._idle.append(con)
                return
        con.close()

    def tag_of(self, con: duckdb.DuckDBPyConnection) -> str:
        """The :func:`snapshot_tag` of the snapshot ``con`` reads."""
        with self._lock:
            return self._tags[con]

    def close(self) -> None:
        """Close the idle connections (lent ones close when released)."""
        with self._lock:
            idle, self._idle, self._tag = self._idle, [], None
        for con in idle:
            con.close()
