"""``update-day``: one new AMFI daily file ingested and published into a full store.

The synthetic AMFI files of a size (the same as ``ingest``'s) are split into a base (every
file but the last weekday's) and the new day. The base is loaded once into a fundlens store
and, for the baseline, into a seed-003 funds.db (row-by-row loader, indexes built); both are
kept in the work folder. Each run copies them, then times (a) ``pipeline.ingest_paths`` on
the day's file — staging, merge, events, snapshot copy, checkpoint and the atomic publish —
and the same through the CLI (``fundlens ingest``, a new process: interpreter start and
imports included), beside (b) seed 003's daily job on the same file (``INSERT OR IGNORE``
per row into the indexed funds.db, one commit). Target (issue 4): < 2 s end to end.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.baseline_sqlite import BaselineResult, _load_file, load_amfi_files
from benchmarks.bench_ingest import SIZES, generate
from benchmarks.common import Report, check_disk, fmt_s

__all__ = ["run"]

DISK_GB = {"quick": 2, "full": 20}
TARGET_S = 2.0
STAGES = ("read", "parse", "stage", "merge", "classify", "events", "commit")


def _split(data: Path, workdir: Path) -> tuple[Path, Path]:
    """(a folder of links to every file but the last weekday's, that day's file)."""
    files = sorted(p for p in data.rglob("*.csv"))
    day = next(p for p in reversed(files) if _weekday(p, data))
    base = workdir / f"{data.name}-base"
    if not base.exists():
        tmp = base.with_name(base.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        for path in files:
            if path != day:
                link = tmp / path.relative_to(data)
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(path)
        tmp.rename(base)
    return base, day


def _weekday(path: Path, root: Path) -> bool:
    y, m, d = (int(part.split(".")[0]) for part in path.relative_to(root).parts)
    return dt.date(y, m, d).weekday() < 5


def _base_stores(workdir: Path, base: Path) -> tuple[Path, Path, float]:
    """The fundlens base store and the baseline funds.db (built once, then reused)."""
    from fundlens.pipeline import ingest_paths

    folder = workdir / f"{base.name}-stores"
    store, funds = folder / "store.duckdb", folder / "funds.db"
    built = 0.0
    if not (folder / ".complete").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        ingest_paths(store, [base])
        load_amfi_files(base, funds)
        built = time.perf_counter() - start
        (folder / ".complete").touch()
    return store, funds, built


def _time_fundlens(store: Path, day: Path, tmp: Path) -> tuple[float, dict[str, float], int]:
    from fundlens.pipeline import ingest_paths

    shutil.copytree(store.parent, tmp / "lib", symlinks=True)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    result = ingest_paths(tmp / "lib" / store.name, [day], timings=timings)
    return time.perf_counter() - start, timings, result.rows_loaded


def _time_cli(store: Path, day: Path, tmp: Path) -> float:
    shutil.copytree(store.parent, tmp / "cli", symlinks=True)
    cmd = [
        sys.executable,
        "-m",
        "fundlens",
        "ingest",
        str(day),
        "--db",
        str(tmp / "cli" / store.name),
        "--json",
    ]
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def _time_baseline(funds: Path, day: Path, tmp: Path) -> tuple[float, int]:
    copy = tmp / "funds.db"
    shutil.copyfile(funds, copy)
    result = BaselineResult()
    conn = sqlite3.connect(copy)
    try:
        start = time.perf_counter()
        _load_file(conn, day, result)
        seconds = time.perf_counter() - start
    finally:
        conn.close()
    return seconds, result.rows_inserted


def run(*, quick: bool, workdir: Path) -> Report:
    mode = "quick" if quick else "full"
    check_disk(workdir, DISK_GB[mode])
    data, _summary, _gen_s = generate(workdir, *SIZES[mode])
    base, day = _split(data, workdir)
    store, funds, built = _base_stores(workdir, base)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp_name:
        tmp = Path(tmp_name)
        lib_s, timings, rows = _time_fundlens(store, day, tmp)
        cli_s = _time_cli(store, day, tmp)
        base_s, base_rows = _time_baseline(funds, day, tmp)
    other = lib_s - sum(timings.get(s, 0.0) for s in STAGES)
    stages = [[s, fmt_s(timings.get(s, 0.0))] for s in STAGES]
    stages.append(["snapshot copy, checkpoint, fsync, publish, open", fmt_s(other)])
    return Report(
        name=f"update-day ({mode})",
        title=f"update-day ({mode}): one new daily file into a full store",
        columns=["", "fundlens", "seed 003 daily job"],
        rows=[
            ["new rows", f"{rows:,}", f"{base_rows:,}"],
            ["ingest + publish (in process)", fmt_s(lib_s), fmt_s(base_s)],
            ["`fundlens ingest` (new process)", fmt_s(cli_s), "—"],
        ],
        extra=[("fundlens stages", ["stage", "seconds"], stages)],
        notes=[
            f"Store: every synthetic file of {SIZES[mode][0]:,} schemes × {SIZES[mode][1]} "
            f"years but the last weekday's ({day.relative_to(data)})"
            + (f"; built in {fmt_s(built)}" if built else "; reused"),
            f"Target < {TARGET_S:.0f} s end to end (in process): "
            + ("met" if lib_s < TARGET_S else "MISSED"),
        ],
        last_line=f"update-day fundlens {lib_s:.2f} s (cli {cli_s:.2f} s), "
        f"seed daily job {base_s:.2f} s",
    )
