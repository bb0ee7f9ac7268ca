"""Dependencies shared by the routers: settings, the store, the API-key guard.

The store: each request borrows its own read-only connection to the current snapshot from
a per-process :class:`fundlens.store.pool.ReaderPool` and gives it back when the response
has been sent. FastAPI may run a request's dependencies and its handler on different
threads, so a connection is lent to one request at a time, never tied to a thread (DuckDB
connections are not thread-safe). When an update publishes a new snapshot the next
requests get connections to it — a long-running server never blocks the update and never
needs a restart — while requests already running finish on the snapshot they started on.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import duckdb
from fastapi import Depends, HTTPException, Security
from fastapi.security import APIKeyHeader

from fundlens.settings import Settings, load_settings
from fundlens.store.pool import ReaderPool
from fundlens.store.snapshots import current_snapshot

__all__ = [
    "ApiKey",
    "Con",
    "SettingsDep",
    "api_settings",
    "reader_pool",
    "require_api_key",
    "snapshot_id",
    "snapshot_of",
    "store",
]


@lru_cache(maxsize=1)
def api_settings() -> Settings:
    """The server's settings, read once at start-up (``dependency_overrides`` in tests)."""
    return load_settings()


SettingsDep = Annotated[Settings, Depends(api_settings)]

_pools: dict[Path, ReaderPool] = {}
_pools_lock = threading.Lock()


def reader_pool(db: Path) -> ReaderPool:
    """The process's pool of connections to ``db`` (one pool per store path), DuckDB on
    one thread: the server's parallelism is its requests and worker processes."""
    with _pools_lock:
        pool = _pools.get(db)
        if pool is None:
            pool = _pools[db] = ReaderPool(db, threads=1)
        return pool


def store(settings: SettingsDep) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the store's current snapshot, this request's alone until the
    response has been sent."""
    pool = reader_pool(settings.db)
    con = pool.acquire()
    try:
        yield con
    finally:
        pool.release(con)


Con = Annotated[duckdb.DuckDBPyConnection, Depends(store)]


def snapshot_of(con: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    """The snapshot ``con`` reads (name, inode, mtime): the key of anything computed once
    per snapshot, such as the meta object."""
    return reader_pool(settings.db).tag_of(con)


def snapshot_id(settings: Settings) -> str:
    """The name of the current snapshot file: changes exactly when an update publishes."""
    current = current_snapshot(settings.db)
    return current.name if current is not None else "none"


_API_KEY_HEADER = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Equal to the server's FUNDLENS_API_KEY (admin routes only).",
)


def require_api_key(
    settings: SettingsDep, x_api_key: Annotated[str | None, Security(_API_KEY_HEADER)] = None
) -> None:
    """State-changing routes: the ``X-API-Key`` header must equal ``FUNDLENS_API_KEY``."""
    if not settings.api_key:
        raise HTTPException(status_code=404, detail="Not Found")
    if x_api_key is None or not hmac.compare_digest(x_api_key, settings.api_key):
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key")


ApiKey = Depends(require_api_key)
