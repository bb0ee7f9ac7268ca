"""``import-sqlite``: ``fundlens import-sqlite`` (ADBC + Arrow batches) on a synthetic
funds.db, beside the plain copy (stdlib ``sqlite3`` tuples → Polars → a DuckDB table, with
no checks). Target (docs/benchmarks.md): 42 M rows in < 3 min."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import Report, check_disk, fmt_bytes, fmt_rate, fmt_s, run_child
from benchmarks.funds_db_data import SIZES, funds_db

__all__ = ["run"]

DISK_GB = {"quick": 1, "full": 8}
TARGET_S = 180.0
STAGES = {
    "hash": "sha256 of the file",
    "read": "SQLite → Arrow batches (ADBC)",
    "parse": "check rows, join names (Polars)",
    "stage": "stage (to DuckDB temp tables)",
    "merge": "merge / publish",
    "classify": "scheme classification",
    "events": "data-quality events",
    "commit": "commit",
}


def _stages(result: dict[str, Any]) -> list[list[str]]:
    timings: dict[str, float] = result["timings"]
    total = float(result["seconds"])
    rows = [
        [label, fmt_s(timings[k]), f"{timings[k] / total:.0%}"]
        for k, label in STAGES.items()
        if k in timings
    ]
    other = total - sum(timings.values())
    label = "other (check file, snapshot checkpoint + publish, open store)"
    rows.append([label, fmt_s(other), f"{other / total:.0%}"])
    rows.append(["total", fmt_s(total), "100%"])
    return rows


def run(*, quick: bool, workdir: Path) -> Report:
    mode = "quick" if quick else "full"
    check_disk(workdir, DISK_GB[mode])
    source, build_s = funds_db(workdir, mode)
    with tempfile.TemporaryDirectory(prefix="run-", dir=workdir) as tmp:
        store = Path(tmp) / "import.duckdb"
        fl = run_child("import-sqlite", str(source), str(store))
        copy = Path(tmp) / "copy.duckdb"
        base = run_child("baseline-copy", str(source), str(copy))
        store_size, copy_size = store.stat().st_size, copy.stat().st_size
    r, b = fl.result, base.result
    rows = int(
        r["rows_loaded"] + r["duplicates"] + r["revisions"] + sum(r["rows_rejected"].values())
    )
    ratio = b["seconds"] / r["seconds"]
    n_schemes, n_days = SIZES[mode]
    table = [
        ["nav_data rows", f"{rows:,}", f"{b['rows_inserted']:,}"],
        ["what it does", "read, check, merge, classify, events", "copy NAVs, no checks"],
        ["wall time", fmt_s(r["seconds"]), fmt_s(b["seconds"])],
        ["rows/s", fmt_rate(rows, r["seconds"]), fmt_rate(rows, b["seconds"])],
        ["peak RSS", fmt_bytes(fl.peak_rss), fmt_bytes(base.peak_rss)],
        ["output file", fmt_bytes(store_size), fmt_bytes(copy_size)],
    ]
    notes = [
        f"Input: synthetic funds.db, {n_schemes:,} schemes × {n_days:,} business days, "
        f"{fmt_bytes(source.stat().st_size)} (seed 003 §5.1 schema, §5.2 indexes)"
        + (f", built in {fmt_s(build_s)}" if build_s else ", reused from the work folder"),
    ]
    if mode == "full":
        met = "met" if r["seconds"] < TARGET_S else "MISSED"
        notes.append(f"Target 42 M rows in < 3 min: {met} ({fmt_s(r['seconds'])})")
    return Report(
        name=f"import-sqlite ({mode})",
        title=f"import-sqlite ({mode}): fundlens vs plain sqlite3 copy",
        columns=["", "fundlens import-sqlite", "sqlite3 → Polars → DuckDB"],
        rows=table,
        extra=[("fundlens stages", ["stage", "seconds", "share"], _stages(r))],
        notes=notes,
        last_line=f"ratio fundlens/plain-sqlite3-copy: {ratio:.1f}x",
    )
