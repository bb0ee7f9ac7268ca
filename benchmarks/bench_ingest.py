"""``ingest``: fundlens's AMFI ingest against seed 003 §4.2's row-by-row SQLite loader.

Synthetic AMFI daily files are generated once per size (kept in the work folder for the
next run), then loaded (a) by ``fundlens.pipeline.ingest_paths`` — the code path of
``fundlens ingest`` — in a child process whose peak RSS is measured, and (b) by
:func:`benchmarks.baseline_sqlite.load_amfi_files`. Both see the same files; rows/s is
input data rows (kept + duplicates + rejected) over wall time. A logical store hash shows
the benchmark store equals one made by the CLI (quick mode runs the CLI too).
Targets (docs/benchmarks.md): ≥ 10× the baseline, peak RSS < 4 GiB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    GB,
    BenchError,
    Report,
    check_disk,
    fmt_bytes,
    fmt_rate,
    fmt_s,
    run_child,
    store_checksum,
)

__all__ = ["INGEST_SIZES", "SIZES", "run"]

#: (schemes, years) per mode of the shared synthetic AMFI files (update-day and metrics
#: use them too).
SIZES = {"quick": (200, 20), "full": (8200, 20)}
#: The ingest benchmark's own sizes: issue 3's full load is ~42 M rows. The generator's
#: launches and closures leave 34.9 M data lines at 8,200 schemes; 9,900 give 41.9 M.
INGEST_SIZES = {**SIZES, "full": (9900, 20)}
#: Free disk needed per mode, GiB (files + DuckDB store + SQLite baseline).
DISK_GB = {"quick": 2, "full": 15}
RSS_TARGET = 4 * GB
RATIO_TARGET = 10.0
STAGES = ("read", "parse", "stage", "merge", "classify", "events", "commit")
STAGE_LABELS = {
    "read": "list files + read",
    "parse": "parse (Polars, in 2 worker threads: overlaps the rest)",
    "stage": "stage (to DuckDB temp tables)",
    "merge": "merge / publish nav, history, log",
    "classify": "scheme classification",
    "events": "data-quality events",
    "commit": "commit",
}


def generate(workdir: Path, n_schemes: int, years: int) -> tuple[Path, dict[str, Any], float]:
    """Synthetic AMFI files for this size, generated once; returns (folder, summary, s)."""
    from fundlens.sources.synthetic import write_full_scale

    out = workdir / f"amfi-{n_schemes}x{years}y-seed7"
    marker = out / ".complete.json"
    if marker.exists():
        return out, json.loads(marker.read_text()), 0.0
    if out.exists():
        import shutil

        shutil.rmtree(out)
    start = time.perf_counter()
    summary = write_full_scale(out, n_schemes=n_schemes, years=years)
    seconds = time.perf_counter() - start
    info = {"files": summary.files, "lines": summary.lines, "schemes": summary.schemes}
    # the marker is not a data file (list_input_files takes .csv/.txt/.zip/.gz only)
    marker.write_text(json.dumps(info))
    return out, info, seconds


def _cli_ingest(data: Path, db: Path) -> dict[str, Any]:
    """``fundlens ingest DATA --db DB --json`` as a user would run it."""
    script = Path(sys.executable).with_name("fundlens")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "fundlens.cli"]
    done = subprocess.run(
        [*cmd, "ingest", str(data), "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"fundlens ingest failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)


def _input_rows(result: dict[str, Any]) -> int:
    rejected = sum(result["rows_rejected"].values())
    return int(result["rows_loaded"] + result["duplicates"] + result["revisions"] + rejected)


def _stage_table(result: dict[str, Any]) -> list[list[str]]:
    timings: dict[str, float] = result.get("timings", {})
    total = float(result["seconds"])
    rows = []
    for key in (*STAGES, *(k for k in timings if k not in STAGES)):
        if key in timings:
            rows.append(
                [STAGE_LABELS.get(key, key), fmt_s(timings[key]), f"{timings[key] / total:.0%}"]
            )
    # parsing runs in worker threads beside reading and staging: it is not on the wall clock
    other = total - sum(v for k, v in timings.items() if k != "parse")
    label = "other (waiting for a parse, snapshot copy, checkpoint + fsync + publish)"
    rows.append([label, fmt_s(other), f"{other / total:.0%}"])
    rows.append(["total", fmt_s(total), "100%"])
    return rows


def run(*, quick: bool, workdir: Path) -> Report:
    """Generate (or reuse) the files, load them both ways, compare."""
    mode = "quick" if quick else "full"
    n_schemes, years = INGEST_SIZES[mode]
    check_disk(workdir, DISK_GB[mode])
    data, info, gen_s = generate(workdir, n_schemes, years)
    with tempfile.TemporaryDirectory(prefix="run-", dir=workdir) as tmp:
        store, sqlite_db = Path(tmp) / "bench.duckdb", Path(tmp) / "funds.db"
        fl = run_child("ingest", str(data), str(store))
        base = run_child("baseline-ingest", str(data), str(sqlite_db))
        checksum = store_checksum(store)
        sizes = (store.stat().st_size, sqlite_db.stat().st_size)
        cli_digest = None
        if quick:
            cli_store = Path(tmp) / "cli.duckdb"
            _cli_ingest(data, cli_store)
            cli_digest = store_checksum(cli_store)["digest"]
    return _report(mode, info, gen_s, fl, base, checksum, sizes, cli_digest)


def _report(
    mode: str,
    info: dict[str, Any],
    gen_s: float,
    fl: Any,
    base: Any,
    checksum: dict[str, Any],
    sizes: tuple[int, int],
    cli_digest: str | None,
) -> Report:
    r, b = fl.result, base.result
    rows = _input_rows(r)
    ratio = b["seconds"] / r["seconds"]
    table = [
        ["input data rows", f"{rows:,}", f"{rows:,}"],
        ["rows stored in nav", f"{r['rows_loaded']:,}", f"{b['rows_inserted']:,}"],
        [
            "rows rejected / skipped",
            f"{sum(r['rows_rejected'].values()):,}",
            f"{b['rows_skipped']:,}",
        ],
        ["duplicates dropped", f"{r['duplicates']:,}", "— (kept)"],
        ["wall time", fmt_s(r["seconds"]), fmt_s(b["seconds"])],
        ["rows/s", fmt_rate(rows, r["seconds"]), fmt_rate(rows, b["seconds"])],
        ["peak RSS", fmt_bytes(fl.peak_rss), fmt_bytes(base.peak_rss)],
        ["output file", fmt_bytes(sizes[0]), fmt_bytes(sizes[1])],
    ]
    base_rows = [
        ["row-by-row load, commit per file", fmt_s(b["load_s"])],
        ["create §5.2 indexes", fmt_s(b["index_s"])],
    ]
    notes = [
        f"Input: {info['files']:,} synthetic AMFI daily files, {info['schemes']:,} schemes × "
        f"{INGEST_SIZES[mode][1]} years, {info['lines']:,} data lines"
        + (f" (generated in {fmt_s(gen_s)})" if gen_s else " (reused from the work folder)"),
        f"Store hash (logical, `benchmarks/common.py: store_checksum`): `{checksum['digest']}` "
        f"over {checksum['nav_rows']:,} nav rows",
        f"Peak RSS target < 4 GiB: {'met' if fl.peak_rss < RSS_TARGET else 'MISSED'} "
        f"({fl.peak_rss / 1e9:.2f} GB decimal); "
        f"ratio target ≥ {RATIO_TARGET:.0f}×: {'met' if ratio >= RATIO_TARGET else 'MISSED'}",
    ]
    if cli_digest is not None:
        same = cli_digest == checksum["digest"]
        notes.append(
            f"`fundlens ingest` (CLI) on the same files: store hash `{cli_digest}` — "
            + ("equal" if same else "DIFFERENT")
        )
        if not same:
            raise BenchError(f"store hash differs from the CLI's: {cli_digest} vs {checksum}")
    return Report(
        name=f"ingest ({mode})",
        title=f"ingest ({mode}): fundlens vs seed 003 §4.2 sqlite loader",
        columns=["", "fundlens", "sqlite baseline"],
        rows=table,
        extra=[
            ("fundlens stages", ["stage", "seconds", "share"], _stage_table(r)),
            ("sqlite baseline stages", ["stage", "seconds"], base_rows),
        ],
        notes=notes,
        last_line=f"ratio fundlens/sqlite-baseline: {ratio:.1f}x",
    )
