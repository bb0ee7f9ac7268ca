"""ReaderPool: one connection per borrower, reused between borrowers, moved to a new snapshot
after a write while a connection lent before the write finishes on the old one."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from fundlens import pipeline
from fundlens.errors import StoreError
from fundlens.store.pool import ReaderPool, snapshot_tag
from fundlens.store.snapshots import current_snapshot
from fundlens.store.sql import run_one
from tests.conftest import AMFI_DAILY


def _rows(con: duckdb.DuckDBPyConnection) -> int:
    return int(run_one(con, "SELECT count(*) FROM nav")[0])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "real.duckdb"
    pipeline.ingest_paths(path, [AMFI_DAILY / "2026/08/18.head.csv"])
    return path


def test_borrowers_get_their_own_connection_and_idle_ones_are_reused(db: Path) -> None:
    pool = ReaderPool(db)
    a, b = pool.acquire(), pool.acquire()
    assert a is not b
    current = current_snapshot(db)
    assert current is not None
    assert pool.tag_of(a) == pool.tag_of(b) == snapshot_tag(current)
    pool.release(a)
    assert pool.acquire() is a  # kept for the next request (its per-connection caches too)
    pool.release(a)
    pool.release(b)
    pool.close()


def test_a_new_snapshot_is_picked_up_and_a_lent_connection_finishes_on_the_old(
    db: Path,
) -> None:
    pool = ReaderPool(db)
    old = pool.acquire()
    before = _rows(old)
    idle = pool.acquire()
    pool.release(idle)
    pipeline.ingest_paths(db, [AMFI_DAILY / "2026/10/10.csv"])  # publishes a new snapshot
    new = pool.acquire()
    assert new is not old and new is not idle
    assert _rows(new) > before
    assert pool.tag_of(new) != pool.tag_of(old)
    assert _rows(old) == before  # still reads the snapshot it started on
    pool.release(old)
    with pytest.raises(Exception, match="closed"):
        _rows(old)  # returned after the switch: closed, not reused
    pool.release(new)
    pool.close()


def test_many_threads_never_share_a_connection(db: Path) -> None:
    pool = ReaderPool(db, max_idle=4)
    lent: set[int] = set()
    lock = threading.Lock()
    errors: list[str] = []

    def borrow() -> None:
        for _ in range(50):
            con = pool.acquire()
            with lock:
                if id(con) in lent:
                    errors.append("shared")
                lent.add(id(con))
            _rows(con)
            with lock:
                lent.discard(id(con))
            pool.release(con)

    threads = [threading.Thread(target=borrow) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    pool.close()


def test_no_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        ReaderPool(tmp_path / "missing.duckdb").acquire()
