"""``read-scheme``: one scheme's full NAV history through ``store.reads.nav_history`` on one
long-lived read-only connection (``store.snapshots.reader``, as the API holds one), beside
the same read from the funds.db with its ``date_index`` (stdlib ``sqlite3``). 200 random
schemes, one warm-up read first. Target (docs/benchmarks.md): median < 5 ms."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from pathlib import Path

from benchmarks.common import Report, check_disk, fmt_s
from benchmarks.funds_db_data import SIZES, funds_db, store_from

__all__ = ["run"]

DISK_GB = {"quick": 1, "full": 10}
N_READS = 200
TARGET_MS = 5.0


def _codes(store: Path, n: int) -> list[int]:
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        codes = [r[0] for r in con.execute("SELECT scheme_code FROM schemes ORDER BY 1").fetchall()]
    finally:
        con.close()
    return random.Random(7).sample(codes, min(n, len(codes)))


def _time_fundlens(store: Path, codes: list[int]) -> tuple[list[float], int]:
    from fundlens.store.reads import nav_history
    from fundlens.store.snapshots import reader

    con = reader(store)
    try:
        nav_history(con, codes[0])  # warm-up
        ms, rows = [], 0
        for code in codes:
            start = time.perf_counter()
            frame = nav_history(con, code)
            ms.append((time.perf_counter() - start) * 1000)
            rows += frame.height
    finally:
        con.close()
    return ms, rows


def _time_sqlite(source: Path, codes: list[int]) -> tuple[list[float], int]:
    con = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    query = "SELECT date, nav FROM nav_data WHERE scheme_code = ? ORDER BY date"
    try:
        con.execute(query, (codes[0],)).fetchall()  # warm-up
        ms, rows = [], 0
        for code in codes:
            start = time.perf_counter()
            got = con.execute(query, (code,)).fetchall()
            ms.append((time.perf_counter() - start) * 1000)
            rows += len(got)
    finally:
        con.close()
    return ms, rows


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run(*, quick: bool, workdir: Path) -> Report:
    mode = "quick" if quick else "full"
    check_disk(workdir, DISK_GB[mode])
    source, build_s = funds_db(workdir, mode)
    store, import_s = store_from(workdir, source)
    codes = _codes(store, N_READS)
    fl_ms, fl_rows = _time_fundlens(store, codes)
    sq_ms, sq_rows = _time_sqlite(source, codes)
    med_f, med_s = statistics.median(fl_ms), statistics.median(sq_ms)
    table = [
        ["schemes read", f"{len(codes)}", f"{len(codes)}"],
        ["rows per read (mean)", f"{fl_rows / len(codes):,.0f}", f"{sq_rows / len(codes):,.0f}"],
        ["median", f"{med_f:.2f} ms", f"{med_s:.2f} ms"],
        ["p95", f"{_p(fl_ms, 95):.2f} ms", f"{_p(sq_ms, 95):.2f} ms"],
        ["max", f"{max(fl_ms):.2f} ms", f"{max(sq_ms):.2f} ms"],
    ]
    n_schemes, n_days = SIZES[mode]
    notes = [
        f"Store: imported from a synthetic funds.db of {n_schemes:,} schemes × {n_days:,} "
        f"business days ({n_schemes * n_days:,} rows)"
        + (f"; built in {fmt_s(build_s + import_s)}" if build_s or import_s else "; reused"),
        f"Target median < {TARGET_MS:.0f} ms: {'met' if med_f < TARGET_MS else 'MISSED'}",
    ]
    return Report(
        name=f"read-scheme ({mode})",
        title=f"read-scheme ({mode}): nav_history vs funds.db indexed query",
        columns=["", "fundlens nav_history", "sqlite3 + date_index"],
        rows=table,
        notes=notes,
        last_line=f"ratio fundlens/sqlite-indexed (median speed): {med_s / med_f:.2f}x",
    )
