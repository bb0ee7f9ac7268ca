"""The synthetic funds.db (and a store imported from it) shared by ``import-sqlite`` and
``read-scheme``: built once per size in the work folder and reused by later runs."""

from __future__ import annotations

import time
from pathlib import Path

__all__ = ["SIZES", "funds_db", "store_from"]

#: (schemes, business days) per mode: quick 1 M rows, full 41,984,000 (seed 003 §5.3).
SIZES = {"quick": (200, 5000), "full": (8200, 5120)}


def funds_db(workdir: Path, mode: str) -> tuple[Path, float]:
    """The funds.db for ``mode`` (built when missing); returns (path, seconds to build)."""
    from tests.utils.funds_db import synthetic_nav_frame, write_funds_db_from_frame

    n_schemes, n_days = SIZES[mode]
    path = workdir / f"funds-{n_schemes}x{n_days}.db"
    if path.exists():
        return path, 0.0
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    navs, names = synthetic_nav_frame(n_schemes, n_days)
    tmp = path.with_suffix(".partial")
    write_funds_db_from_frame(tmp, navs, names=names)
    tmp.rename(path)
    return path, time.perf_counter() - start


def store_from(workdir: Path, source: Path) -> tuple[Path, float]:
    """A fundlens store imported from ``source`` (built when missing); (path, seconds).

    The store is a link to its snapshot folder (:mod:`fundlens.store.snapshots`), so it is
    built in place and a marker file says it is complete.
    """
    import shutil

    from fundlens.pipeline import import_funds_db
    from fundlens.store.snapshots import snapshot_dir

    path = workdir / f"{source.stem}.duckdb"
    marker = path.with_name(path.name + ".complete")
    if marker.exists():
        return path, 0.0
    path.unlink(missing_ok=True)
    shutil.rmtree(snapshot_dir(path), ignore_errors=True)
    start = time.perf_counter()
    import_funds_db(path, source)
    marker.write_text(str(source))
    return path, time.perf_counter() - start
