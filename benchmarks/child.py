"""One benchmark step in its own process, so its peak RSS can be measured alone.

``python -m benchmarks.child STEP ARGS... --out result.json`` (run from the repository
root by :func:`benchmarks.common.run_child`). The time reported is measured around the
work itself, after imports, the same way for fundlens and for the baselines.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _ingest(args: argparse.Namespace) -> dict[str, Any]:
    """fundlens: the code path of ``fundlens ingest`` (``pipeline.ingest_paths``)."""
    from fundlens import pipeline

    timings: dict[str, float] = {}
    start = time.perf_counter()
    result = pipeline.ingest_paths(Path(args.db), [Path(args.source)], timings=timings)
    return {"seconds": time.perf_counter() - start, "timings": timings, **result.to_json()}


def _import_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    """fundlens: ``import_funds_db`` (the code path of ``fundlens import-sqlite``)."""
    from fundlens.pipeline import import_funds_db

    timings: dict[str, float] = {}
    start = time.perf_counter()
    result = import_funds_db(Path(args.db), Path(args.source), timings=timings)
    return {"seconds": time.perf_counter() - start, "timings": timings, **result.to_json()}


def _baseline_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.baseline_sqlite import load_amfi_files

    return load_amfi_files(Path(args.source), Path(args.db)).to_json()


def _baseline_copy(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.baseline_sqlite import copy_funds_db_naive

    return copy_funds_db_naive(Path(args.source), Path(args.db)).to_json()


def _metrics_universe(args: argparse.Namespace) -> dict[str, Any]:
    """fundlens: the full metric set of every scheme (``services.metrics.universe_metrics``)."""
    from fundlens.analytics.keys import all_keys
    from fundlens.services.universe import universe_metrics
    from fundlens.store.snapshots import reader
    from fundlens.store.sql import run_one

    con = reader(Path(args.source))
    try:
        rows = int(run_one(con, "SELECT count(*) FROM nav")[0])
        start = time.perf_counter()
        table = universe_metrics(con, rf=0.065)
        seconds = time.perf_counter() - start
    finally:
        con.close()
    return {"seconds": seconds, "schemes": table.values.height, "keys": len(all_keys()),
            "nav_rows": rows, "nulls": int(table.reasons.height)}  # fmt: skip


STEPS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "ingest": _ingest,
    "import-sqlite": _import_sqlite,
    "baseline-ingest": _baseline_ingest,
    "baseline-copy": _baseline_copy,
    "metrics-universe": _metrics_universe,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("source", help="input folder or file")
    parser.add_argument("db", nargs="?", default="", help="store or SQLite file to write")
    parser.add_argument("--out", required=True, help="where to write the JSON answer")
    args = parser.parse_args(argv)
    answer = STEPS[args.step](args)
    answer["vm_hwm"] = _peak_rss()
    Path(args.out).write_text(json.dumps(answer))


def _peak_rss() -> int | None:
    """This process's peak RSS (VmHWM, bytes): it starts at exec, so unlike ``ru_maxrss``
    it never counts the parent's pages shared at fork time."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


if __name__ == "__main__":
    main()
