"""A real store that ``POST /api/v1/admin/update`` can move forward, offline.

The store holds AMFI's file of 2026-08-18 (the reference copy in ../shared/data/amfi); the
AMFI stand-in server (tests/utils/amfi_server.py) serves every reference file, so an update
"as of" 2026-10-11 downloads 2026-08-19 … 2026-10-10 from 127.0.0.1 — two days with files
(08-20 and 10-10), the rest holidays — and moves ``as_of_date`` from 2026-08-18 to
2026-10-10.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from fundlens import pipeline
from tests.conftest import AMFI_DAILY

__all__ = [
    "AS_OF",
    "BEFORE",
    "KEY",
    "UPDATED",
    "build_store",
    "cpu_ticks",
    "server_env",
    "start_update",
    "wait_for_job",
    "worker_pids",
]

KEY = "test-admin-key-7"
BEFORE = "2026-08-18"  # as_of_date of the store as built
AS_OF = "2026-10-11"  # the update's "today"
UPDATED = "2026-10-10"  # as_of_date after the update


def build_store(db: Path) -> Path:
    """A real store with AMFI's NAVs of 2026-08-18 (148 rows)."""
    pipeline.ingest_paths(db, [AMFI_DAILY / "2026/08/18.head.csv"])
    return db


def server_env(amfi_url: str, home: Path, **extra: str) -> dict[str, str]:
    """Environment of an API server whose updates download from the stand-in at once."""
    return {
        "FUNDLENS_API_KEY": KEY,
        "FUNDLENS_OFFLINE": "0",
        "FUNDLENS_AMFI_URL": amfi_url,
        "FUNDLENS_HOME": str(home),
        "FUNDLENS_FETCH_TIMEOUT": "2",
        "FUNDLENS_FETCH_RETRIES": "1",
        "FUNDLENS_FETCH_BACKOFF": "0.01",
        "FUNDLENS_FETCH_BACKOFF_MAX": "0.05",
        "FUNDLENS_FETCH_INTERVAL": "0",
        **extra,
    }


def start_update(client: httpx.Client) -> httpx.Response:
    """``POST /api/v1/admin/update`` as of :data:`AS_OF`, with the key."""
    return client.post("/api/v1/admin/update", json={"as_of": AS_OF}, headers={"X-API-Key": KEY})


def wait_for_job(client: httpx.Client, status_url: str, timeout: float = 120) -> dict[str, Any]:
    """Poll the job until it is no longer running; its last status."""
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(status_url, headers={"X-API-Key": KEY}).json()
        if job["state"] != "running":
            return job
        assert time.monotonic() < deadline, f"update still running after {timeout} s"
        time.sleep(0.1)


def worker_pids(port: int) -> list[int]:
    """The worker processes of the uvicorn server listening on ``port`` (Linux /proc): the
    children multiprocessing spawned, not its resource tracker."""
    parent = None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"fundlens.api.app:create_app" in args and str(port).encode() in args:
            parent = int(entry.name)
    assert parent is not None, f"no uvicorn process for port {port}"
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) != parent:
                continue
            args = (entry / "cmdline").read_bytes()
            if b"spawn_main" in args and b"resource_tracker" not in args:
                children.append(int(entry.name))
    return children


def cpu_ticks(pid: int) -> int:
    """User + system CPU clock ticks used by ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
