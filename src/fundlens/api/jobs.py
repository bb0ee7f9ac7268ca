"""Background ``fundlens update`` runs started by ``POST /api/v1/admin/update``.

Each job is a ``fundlens update --json`` subprocess (its own process: the update's memory,
its DuckDB writer and any crash stay out of the API workers; the snapshot writer's lock
lets one update write at a time). A thread in the worker that started it waits for it and
records the outcome. Jobs live on disk beside the store, so any worker can answer for
any job::

    fundlens.duckdb.jobs/<job_id>/status.json   (state, times, exit code, summary)
                                 /stdout.json   (the update's --json report)
                                 /stderr.log    (progress and error lines)

When the update publishes, every worker's next request reads the new snapshot
(:mod:`fundlens.store.pool`); no restart.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

__all__ = ["job_status", "jobs_dir", "start_update"]

_STDERR_TAIL = 2000


def jobs_dir(db: Path) -> Path:
    """The folder beside the store that holds its update jobs."""
    return db.with_name(db.name + ".jobs")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _write(folder: Path, status: dict[str, Any]) -> None:
    tmp = folder / f".status.{os.getpid()}.{threading.get_ident()}"
    tmp.write_text(json.dumps(status), encoding="utf-8")
    os.replace(tmp, folder / "status.json")


def start_update(db: Path, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """Start ``fundlens update`` on ``db`` in the background; return the job's status."""
    job_id = uuid.uuid4().hex
    folder = jobs_dir(db) / job_id
    folder.mkdir(parents=True)
    cmd = [sys.executable, "-m", "fundlens", "update", "--db", str(db), "--json"]
    if as_of is not None:
        cmd += ["--as-of", as_of.isoformat()]
    with (
        open(folder / "stdout.json", "wb") as out,
        open(folder / "stderr.log", "wb") as err,
    ):
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )
    status: dict[str, Any] = {
        "job_id": job_id,
        "state": "running",
        "as_of": None if as_of is None else as_of.isoformat(),
        "started_at": _now(),
        "finished_at": None,
        "exit_code": None,
        "pid": proc.pid,
        "report": None,
        "error": None,
    }
    _write(folder, status)
    threading.Thread(target=_wait, args=(proc, folder, status), daemon=True).start()
    return status


def _wait(proc: subprocess.Popen[bytes], folder: Path, status: dict[str, Any]) -> None:
    code = proc.wait()
    try:
        report = json.loads((folder / "stdout.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = None
    error = None
    if code != 0:
        tail = (folder / "stderr.log").read_text(encoding="utf-8", errors="replace")
        error = tail.strip()[-_STDERR_TAIL:] or f"exit code {code}"
    done = {
        **status,
        "state": "succeeded" if code == 0 else "failed",
        "finished_at": _now(),
        "exit_code": code,
        "report": report,
        "error": error,
    }
    _write(folder, done)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def job_status(db: Path, job_id: str) -> dict[str, Any] | None:
    """The status of job ``job_id`` (None when there is no such job).

    A job whose worker stopped before it finished (the process is gone, nothing recorded
    its end) is reported as ``lost``; its stderr.log stays for a look."""
    path = jobs_dir(db) / job_id / "status.json"
    try:
        status: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if status["state"] == "running" and not _alive(int(status["pid"])):
        time.sleep(0.5)  # the watcher reaped it and is writing the outcome
        again: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if again["state"] == "running":  # still not recorded: its watcher is gone
            return {**again, "state": "lost", "error": "the worker that started it stopped"}
        return again
    return status
