"""What every request of one snapshot shares, computed once per snapshot: the meta object
(and the as-of stamp drawn from it) and the store's default risk-free rate."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

import duckdb
from fastapi import Depends

from fundlens.analytics.riskfree import RiskFree
from fundlens.api.deps import Con, SettingsDep, snapshot_of
from fundlens.services.metrics import resolve_rf
from fundlens.store.meta import meta_object

__all__ = ["Stamp", "StoreRf", "meta_of", "stamp", "store_rf"]

_lock = threading.Lock()
_cache: dict[str, dict[str, Any]] = {}  # snapshot → {"meta": …, "rf": …}


def _once(snapshot: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` the first time ``key`` is asked of ``snapshot``; the stored value after.
    Only the newest snapshot's entries are kept."""
    with _lock:
        entry = _cache.get(snapshot)
        if entry is not None and key in entry:
            return entry[key]
    value = compute()
    with _lock:
        if snapshot not in _cache:
            _cache.clear()  # only the current snapshot matters
        _cache.setdefault(snapshot, {})[key] = value
    return value


def meta_of(con: duckdb.DuckDBPyConnection, snapshot: str) -> dict[str, Any]:
    """The meta object of ``snapshot`` (computed once; a new snapshot, a new entry)."""
    return _once(snapshot, "meta", lambda: meta_object(con))


def store_rf(con: Con, settings: SettingsDep) -> RiskFree:
    """The risk-free rate of a request that gives none (``FUNDLENS_RF``, else the store's
    imported series, else 6.5 % a year — :func:`~fundlens.services.metrics.resolve_rf`),
    read once per snapshot: the series does not change within one."""
    return _once(snapshot_of(con, settings), "rf", lambda: resolve_rf(con))


StoreRf = Annotated[RiskFree, Depends(store_rf)]


def stamp(con: Con, settings: SettingsDep) -> dict[str, Any]:
    """``{"as_of_date", "synthetic"}`` for the response being built."""
    meta = meta_of(con, snapshot_of(con, settings))
    return {"as_of_date": meta["as_of_date"], "synthetic": bool(meta["synthetic"])}


Stamp = Annotated[dict[str, Any], Depends(stamp)]
