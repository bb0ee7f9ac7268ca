"""Dependencies shared by the routers: settings, the store, the API-key guard.

The store: each worker thread keeps its own read-only connection to the current snapshot
(:class:`fundlens.store.snapshots.Reader`), reopened when an update publishes a new one —
so a long-running server never blocks the update and never needs a restart, and a
connection is never shared between threads (DuckDB connections are not thread-safe).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import duckdb
from fastapi import Depends, Header, HTTPException

from fundlens.settings import Settings, load_settings
from fundlens.store.snapshots import Reader, current_snapshot

__all__ = [
    "ApiKey",
    "Con",
    "SettingsDep",
    "api_settings",
    "require_api_key",
    "snapshot_id",
    "store",
]


@lru_cache(maxsize=1)
def api_settings() -> Settings:
    """The server's settings, read once at start-up (``dependency_overrides`` in tests)."""
    return load_settings()


SettingsDep = Annotated[Settings, Depends(api_settings)]

_local = threading.local()


def _reader(db: Path) -> Reader:
    readers: dict[Path, Reader] | None = getattr(_local, "readers", None)
    if readers is None:
        readers = _local.readers = {}
    if db not in readers:
        readers[db] = Reader(db)
    return readers[db]


def store(settings: SettingsDep) -> duckdb.DuckDBPyConnection:
    """This thread's connection to the store's current snapshot."""
    return _reader(settings.db).connection()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(store)]


def snapshot_id(settings: Settings) -> str:
    """The name of the current snapshot file: changes exactly when an update publishes."""
    current = current_snapshot(settings.db)
    return current.name if current is not None else "none"


def require_api_key(
    settings: SettingsDep, x_api_key: Annotated[str | None, Header()] = None
) -> None:
    """State-changing routes: the ``X-API-Key`` header must equal ``FUNDLENS_API_KEY``."""
    if not settings.api_key:
        raise HTTPException(status_code=404, detail="Not Found")
    if x_api_key != settings.api_key:
        raise HTTPException(status_code=401, detail="missing or wrong X-API-Key")


ApiKey = Depends(require_api_key)
