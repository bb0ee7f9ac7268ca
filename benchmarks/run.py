"""Run one fundlens benchmark beside its baseline and record it in docs/benchmarks.md.

Usage (from the repository root)::

    python benchmarks/run.py ingest [--quick]          # AMFI files vs seed's sqlite loader
    python benchmarks/run.py import-sqlite [--quick]   # funds.db import vs sqlite3 row loop
    python benchmarks/run.py read-scheme [--quick]     # one scheme's history vs indexed SQLite
    python benchmarks/run.py update-day [--quick]      # one new daily file into a full store
    python benchmarks/run.py metrics [--quick]         # full metric set: universe, vs empyrical
    python benchmarks/run.py api [--quick]             # REST API under load vs seed 003's API
    python benchmarks/run.py web [--quick]             # dashboard time to interactive (Chromium)

``--quick`` is the CI smoke size (about 1 M rows); without it, the full scale of seed 003
§5.3 (about 42 M rows, several GB of disk: the free space is checked first). Inputs are
generated into ``--workdir`` (default /tmp/fundlens-bench) and reused by later runs. The
table is printed, then that benchmark's section of docs/benchmarks.md is rewritten (unless
``--no-record``); the last line printed is the ratio against the baseline.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console
from rich.table import Table

from benchmarks import (
    bench_api,
    bench_import_sqlite,
    bench_ingest,
    bench_metrics,
    bench_read_scheme,
    bench_update_day,
    bench_web,
)
from benchmarks.common import DOCS, BenchError, Report, machine, today

__all__ = ["BENCHMARKS", "main", "record"]

BENCHMARKS: dict[str, Callable[..., Report]] = {
    "ingest": bench_ingest.run,
    "import-sqlite": bench_import_sqlite.run,
    "read-scheme": bench_read_scheme.run,
    "update-day": bench_update_day.run,
    "metrics": bench_metrics.run,
    "api": bench_api.run,
    "web": bench_web.run,
}
SECTION_ORDER = [f"{n} ({m})" for n in BENCHMARKS for m in ("full", "quick")]
DEFAULT_WORKDIR = Path("/tmp/fundlens-bench")
DOCS_INTRO = """# Benchmarks

Each benchmark runs fundlens and a baseline on the same input in the same run and prints
them side by side; `benchmarks/run.py` rewrites its own section below (the date, the
machine and the exact command are in each section). CI runs every benchmark with
`--quick` as a smoke test, without asserting times. Full-scale runs (seed 003 §5.3: about
8,200 schemes, 42 M NAV rows) are run by hand.

- `ingest`: the `fundlens ingest` code path (`pipeline.ingest_paths`) on synthetic AMFI
  daily files, against seed 003 §4.2's loader (Python line by line, `INSERT OR IGNORE` per
  row into §5.1's three tables, a commit per file, §5.2's indexes after the load).
  Targets: ≥ 10× the baseline's rows/s; fundlens peak RSS < 4 GiB.
- `import-sqlite`: `import_funds_db` (ADBC SQLite → Arrow → Polars → store) on a synthetic
  funds.db, beside the plain copy: a stdlib `sqlite3` cursor's tuples → Polars → a DuckDB
  table, with no checks, no merge and no classification. Target: 42 M rows in < 3 min.
- `read-scheme`: `store.reads.nav_history` (one scheme's full history, 200 random schemes)
  beside the same query on the funds.db with its `date_index`. Target: median < 5 ms.
- `update-day`: one new daily file ingested and published into a store holding every
  other file (`pipeline.ingest_paths`, and `fundlens ingest` as a new process), beside seed
  003's daily job on the same file. Target: < 2 s end to end.
- `metrics`: the full metric set for every scheme against its category benchmark
  (`services.metrics.universe_metrics`, target < 20 s and < 6 GB on the full store); the
  same metrics on the same schemes (500 on the full store) as one fundlens panel beside
  an empyrical-reloaded loop fund by fund, inputs in memory (target ≥ 20×); one fund's
  full set plus four rolling series, warm (target < 30 ms).
- `api`: `fundlens api` (2 workers, rate limit off) under load from a second process
  (`benchmarks/loadgen.py`, a wrk-like closed loop, ≥ 200 distinct requests), beside seed
  003's API (FastAPI, pandas per request on the funds.db with its `date_index`, same NAVs):
  rolling returns of 5 funds + benchmark over 20 years, cache off ≥ 50 req/s with p99 <
  200 ms and cache on ≥ 300 req/s with p99 < 50 ms, zero errors in 60 s; search p99 <
  20 ms; fund analysis p99 < 50 ms (cache off).
- `web`: the dashboard (`fundlens serve`'s API + Streamlit) on the demo store, pages
  loaded in Debian's Chromium through Playwright: time to interactive of the first page
  (Fund explorer), cold (first load after the servers start) and warm (repeat loads).
  Target: warm < 3 s. No baseline: the seed's front end is not available to run.
"""


def _markdown_table(columns: list[str], rows: list[list[str]]) -> str:
    head = "| " + " | ".join(columns) + " |"
    align = "|" + "|".join(["---"] + ["---:"] * (len(columns) - 1)) + "|"
    body = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join([head, align, *body])


def _section(report: Report, command: str, host: str) -> str:
    parts = [
        f"## {report.name}",
        "",
        f"Recorded {today()} on {host}.",
        "",
        f"Command: `{command}`",
        "",
        _markdown_table(report.columns, report.rows),
    ]
    for title, columns, rows in report.extra:
        parts += ["", f"**{title}**", "", _markdown_table(columns, rows)]
    if report.notes:
        parts += ["", *(f"- {note}" for note in report.notes)]
    parts += ["", f"`{report.last_line}`", ""]
    return "\n".join(parts)


def record(report: Report, command: str, host: str, docs: Path = DOCS) -> None:
    """Rewrite ``report``'s section of docs/benchmarks.md; other sections stay as they are."""
    text = docs.read_text(encoding="utf-8") if docs.exists() else DOCS_INTRO
    chunks = re.split(r"(?m)^(?=## )", text)
    intro, sections = chunks[0], {}
    for chunk in chunks[1:]:
        sections[chunk.splitlines()[0][3:].strip()] = chunk.rstrip("\n") + "\n"
    sections[report.name] = _section(report, command, host)
    known = [sections.pop(name) for name in SECTION_ORDER if name in sections]
    body = "\n".join([intro.rstrip("\n") + "\n", *known, *sections.values()])
    docs.parent.mkdir(parents=True, exist_ok=True)
    docs.write_text(body.rstrip("\n") + "\n", encoding="utf-8")


def _print(report: Report, console: Console) -> None:
    table = Table(title=report.title)
    for i, col in enumerate(report.columns):
        table.add_column(col, justify="left" if i == 0 else "right")
    for row in report.rows:
        table.add_row(*row)
    console.print(table)
    for title, columns, rows in report.extra:
        extra = Table(title=title)
        for i, col in enumerate(columns):
            extra.add_column(col, justify="left" if i == 0 else "right")
        for row in rows:
            extra.add_row(*row)
        console.print(extra)
    for note in report.notes:
        console.print(f"• {note}", highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=sorted(BENCHMARKS))
    parser.add_argument("--quick", action="store_true", help="CI smoke size (about 1 M rows)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--no-record", action="store_true", help="do not touch docs/")
    args = parser.parse_args(argv)
    console = Console(width=110)
    command = "python benchmarks/run.py " + " ".join(
        [args.name]
        + (["--quick"] if args.quick else [])
        + ([f"--workdir {args.workdir}"] if args.workdir != DEFAULT_WORKDIR else [])
    )
    host = machine()
    console.print(f"[bold]{command}[/] — {host}", highlight=False)
    try:
        report = BENCHMARKS[args.name](quick=args.quick, workdir=args.workdir)
    except BenchError as exc:
        console.print(f"[bold red]benchmark failed:[/] {exc}", highlight=False)
        return 1
    _print(report, console)
    if not args.no_record:
        record(report, command, host)
        console.print(f"recorded in {DOCS.relative_to(DOCS.parents[1])}", highlight=False)
    print(report.last_line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
