"""The as-of stamp (and meta object) of the current snapshot, computed once per snapshot."""

from __future__ import annotations

import threading
from typing import Annotated, Any

import duckdb
from fastapi import Depends

from fundlens.api.deps import Con, SettingsDep, snapshot_of
from fundlens.store.meta import meta_object

__all__ = ["Stamp", "meta_of", "stamp"]

_lock = threading.Lock()
_cache: dict[str, dict[str, Any]] = {}


def meta_of(con: duckdb.DuckDBPyConnection, snapshot: str) -> dict[str, Any]:
    """The meta object of ``snapshot`` (computed once; a new snapshot, a new entry)."""
    with _lock:
        cached = _cache.get(snapshot)
    if cached is None:
        cached = meta_object(con)
        with _lock:
            _cache.clear()  # only the current snapshot matters
            _cache[snapshot] = cached
    return cached


def stamp(con: Con, settings: SettingsDep) -> dict[str, Any]:
    """``{"as_of_date", "synthetic"}`` for the response being built."""
    meta = meta_of(con, snapshot_of(con, settings))
    return {"as_of_date": meta["as_of_date"], "synthetic": bool(meta["synthetic"])}


Stamp = Annotated[dict[str, Any], Depends(stamp)]
