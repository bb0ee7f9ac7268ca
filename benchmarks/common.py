"""Shared pieces of the benchmark runners: the report model, rich and Markdown tables,
the machine description, child processes with their peak RSS, and a logical store hash.

Every benchmark returns a :class:`Report`; :mod:`benchmarks.run` prints it and rewrites
that benchmark's section of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "DOCS",
    "GB",
    "REPO",
    "BenchError",
    "ChildRun",
    "Report",
    "check_disk",
    "fmt_bytes",
    "fmt_rate",
    "fmt_s",
    "machine",
    "run_child",
    "store_checksum",
]

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "benchmarks.md"
GB = 1024**3


class BenchError(RuntimeError):
    """A benchmark cannot run (not enough disk, a child failed); printed as one line."""


@dataclass
class Report:
    """What one benchmark measured: a side-by-side table, more tables, notes, a last line."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    extra: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_line: str = ""


@dataclass
class ChildRun:
    """A benchmark step run in a child process: its JSON answer, peak RSS and wall time."""

    result: dict[str, Any]
    peak_rss: int
    wall_s: float


def fmt_s(seconds: float) -> str:
    return f"{seconds:,.2f} s" if seconds < 600 else f"{seconds:,.0f} s ({seconds / 60:.1f} min)"


def fmt_rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds > 0 else "—"


def fmt_bytes(n: float) -> str:
    """Binary units (1 GiB = 1024³ bytes)."""
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:,.0f} {unit}" if unit in ("B", "KiB") else f"{n:,.2f} {unit}"
        n /= 1024
    return f"{n:,.2f} GiB"


def machine() -> str:
    """One line: cores (nproc), RAM, CPU, OS, Python and library versions."""
    import duckdb
    import polars

    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{nproc} cores (nproc), {ram / GB:.1f} GiB RAM, {cpu}, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"Polars {polars.__version__}; load average at start {load}"
    )


def check_disk(path: Path, need_gb: float) -> int:
    """Free bytes at ``path``; BenchError when fewer than ``need_gb`` GiB are free."""
    path.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(path).free
    if free < need_gb * GB:
        raise BenchError(
            f"only {free / GB:.1f} GiB free under {path}; this benchmark needs at least "
            f"{need_gb:.0f} GiB (use --workdir on a larger disk, or --quick)"
        )
    return free


def run_child(step: str, *args: str) -> ChildRun:
    """Run ``python -m benchmarks.child STEP ARGS...`` and return its JSON answer.

    Peak RSS is the child's own high-water mark, DuckDB's native memory included: its
    ``VmHWM`` (Linux), else ``ru_maxrss`` from ``os.wait4`` on that child alone.
    """
    with tempfile.TemporaryDirectory(prefix="fundlens-bench-child-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "benchmarks.child", step, *args, "--out", str(out)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0 or not out.exists():
            raise BenchError(f"child step {step!r} failed with exit code {proc.returncode}")
        result = json.loads(out.read_text())
    peak = result.get("vm_hwm") or usage.ru_maxrss * 1024
    return ChildRun(result=result, peak_rss=int(peak), wall_s=wall)


#: Tables and columns of the logical store hash (timestamps and log ids left out).
_NO_AT = 'SELECT count(*), sum(hash(t)) FROM (SELECT * EXCLUDE ("at") FROM {}) t'
_CHECKSUM_SQL = {
    "nav": "SELECT count(*), sum(scheme_code), sum(hash(scheme_code, date, nav)) FROM nav",
    "nav_revisions": _NO_AT.format("nav_revisions"),
    "rejects": _NO_AT.format("rejects"),
    "scheme_history": "SELECT count(*), sum(hash(t)) FROM scheme_history t",
    "schemes": "SELECT count(*), sum(hash(t)) FROM schemes t",
    "nav_events": "SELECT count(*), sum(hash(t)) FROM nav_events t",
}


def store_checksum(db: Path) -> dict[str, Any]:
    """Logical checksum of a store: per table (count, hash sums), and one short digest.

    Equal digests mean equal ``nav``, revisions, rejects, name history, schemes and events.
    """
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        parts = {
            k: [str(v) for v in con.execute(q).fetchall()[0]] for k, q in _CHECKSUM_SQL.items()
        }
    finally:
        con.close()
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    return {"tables": parts, "digest": digest, "nav_rows": int(parts["nav"][0])}


def today() -> str:
    return dt.date.today().isoformat()
