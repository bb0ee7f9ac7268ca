"""Results computed once per open connection.

A reader's snapshot never changes under it (a new snapshot means a new connection), so a
value read from it once serves every later request on that connection; the entry goes
with the connection (weak keys). Use it only for what a connection's own writes cannot
change, or for read-only connections.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

import duckdb

__all__ = ["per_connection"]

T = TypeVar("T")


def per_connection(
    compute: Callable[[duckdb.DuckDBPyConnection], T],
) -> Callable[[duckdb.DuckDBPyConnection], T]:
    """``compute(con)`` the first time it is asked of ``con``; the stored value after."""
    cache: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, T] = weakref.WeakKeyDictionary()
    lock = threading.Lock()

    @functools.wraps(compute)
    def cached(con: duckdb.DuckDBPyConnection) -> T:
        with lock:
            if con in cache:
                return cache[con]
        value = compute(con)
        with lock:
            cache[con] = value
        return value

    return cached
