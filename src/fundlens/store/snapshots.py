"""Immutable snapshots swapped atomically: readers never block, writers never half-write.

DuckDB allows one read-write process *or* many read-only ones per file, so a long-running
reader (the API, the dashboard, a CLI query) and the daily update cannot share one file.
fundlens therefore keeps each published state as its own file and lets ``FUNDLENS_DB`` be a
symbolic link to the current one::

    fundlens.duckdb            -> fundlens.duckdb.snapshots/000042.duckdb
    fundlens.duckdb.snapshots/
        000041.duckdb          (the previous state: kept, readers may still hold it)
        000042.duckdb          (current)
        000043.duckdb.building (an update in progress; never read)
        .writer.lock           (one writer at a time)

A writer copies the current snapshot to ``NNN.duckdb.building`` (``copy_file_range``: a
reflink where the file system has them), applies the whole update there in one
transaction, checkpoints, fsyncs, renames it to ``NNN.duckdb`` and then replaces the link
with ``os.replace`` — one atomic step. A process killed at any moment leaves the link on
the old, complete snapshot; leftovers (``*.building``, snapshots newer than the link) are
removed by the next writer. A reader opens whatever the link names at that moment and keeps
that file open for its queries; it sees new data when it next opens the store
(:class:`Reader` does that automatically when the link has moved). Snapshots older than
the previous one are deleted by the writer; on POSIX a file a reader still has open stays
readable until it is closed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from fundlens.errors import StoreError
from fundlens.store.connect import open_store
from fundlens.store.failpoints import failpoint
from fundlens.store.sql import run

__all__ = ["KEEP_SNAPSHOTS", "Reader", "current_snapshot", "reader", "snapshot_dir", "writer"]

#: Published snapshots kept after a successful write (the current one and the previous).
KEEP_SNAPSHOTS = 2
_SNAPSHOT = re.compile(r"^(\d{6})\.duckdb$")


def snapshot_dir(db: Path) -> Path:
    """The folder beside ``db`` that holds its snapshots."""
    return db.with_name(db.name + ".snapshots")


def _numbered(folder: Path) -> dict[int, Path]:
    found: dict[int, Path] = {}
    if folder.is_dir():
        for p in folder.iterdir():
            m = _SNAPSHOT.match(p.name)
            if m:
                found[int(m.group(1))] = p
    return found


def current_snapshot(db: Path) -> Path | None:
    """The file the store currently is: the link's target, a plain file, or None."""
    db = Path(db).expanduser()
    if db.is_symlink():
        target = db.resolve()
        if not target.exists():
            raise StoreError(f"store {db} points to a missing snapshot {target}")
        return target
    return db if db.exists() else None


def reader(db: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current snapshot (fails clearly if there is none)."""
    current = current_snapshot(Path(db).expanduser())
    return open_store(current if current is not None else Path(db).expanduser(), read_only=True)


class Reader:
    """A long-lived reader that reopens when a new snapshot has been published.

    Call :meth:`connection` before each query (or unit of work): it returns the open
    connection, reopened on the new snapshot if the link has moved since the last call.
    """

    def __init__(self, db: Path) -> None:
        self.db = Path(db).expanduser()
        self._path: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        current = current_snapshot(self.db)
        if self._con is None or current != self._path:
            self.close()
            self._con = reader(self.db)
            self._path = current
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _adopt_plain_file(db: Path, folder: Path) -> None:
    """A store that is a plain file (made before snapshots, or copied in) becomes snapshot 1."""
    if db.exists() and not db.is_symlink():
        first = folder / "000001.duckdb"
        os.replace(db, first)
        wal = db.with_name(db.name + ".wal")
        if wal.exists():
            os.replace(wal, first.with_name(first.name + ".wal"))
        _link(db, first)


def _link(db: Path, target: Path) -> None:
    """Point ``db`` at ``target`` atomically (a new link renamed over the old one)."""
    tmp = db.with_name(f".{db.name}.link-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(os.path.relpath(target, db.parent), tmp)
    os.replace(tmp, db)
    _fsync(db.parent)


def _clean(folder: Path, current: Path | None) -> None:
    """Remove leftovers of killed writers and snapshots older than the ones kept."""
    for p in folder.glob("*.building*"):
        p.unlink(missing_ok=True)
    snaps = _numbered(folder)
    keep_from = max(snaps) - KEEP_SNAPSHOTS + 1 if snaps else 0
    current_no = (
        int(current.name[:6]) if current is not None and _SNAPSHOT.match(current.name) else None
    )
    for no, p in snaps.items():
        newer_than_link = current_no is not None and no > current_no
        if newer_than_link or (no < keep_from and no != current_no):
            p.unlink(missing_ok=True)
            p.with_name(p.name + ".wal").unlink(missing_ok=True)


@contextlib.contextmanager
def writer(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a new snapshot for writing; publish it atomically when the block succeeds.

    One writer at a time (an exclusive lock; a second writer waits). If the block raises,
    or the process dies, the store stays exactly as it was.
    """
    db = Path(db).expanduser()
    folder = snapshot_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".writer.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _adopt_plain_file(db, folder)
        current = current_snapshot(db)
        _clean(folder, current)
        number = max(_numbered(folder), default=0) + 1
        building = folder / f"{number:06d}.duckdb.building"
        if current is not None:
            shutil.copyfile(current, building)
        con = open_store(building)
        try:
            yield con
            failpoint("committed")
            run(con, "CHECKPOINT")
            failpoint("checkpointed")
        except BaseException:
            con.close()
            for leftover in folder.glob(building.name + "*"):
                leftover.unlink(missing_ok=True)
            raise
        con.close()
        _publish(db, folder, building, number)


def _publish(db: Path, folder: Path, building: Path, number: int) -> None:
    final = folder / f"{number:06d}.duckdb"
    _fsync(building)
    os.replace(building, final)
    _fsync(folder)
    failpoint("renamed")
    _link(db, final)
    failpoint("linked")
    _clean(folder, final)
