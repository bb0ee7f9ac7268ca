"""A real uvicorn server on 127.0.0.1 for API tests (a subprocess, like production)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

__all__ = ["free_port", "live_server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(db: Path, *, workers: int = 1, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``uvicorn fundlens.api.app:create_app --factory`` on ``db``; yield its base URL."""
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    # no rate limit unless a test asks for one: a test module sends hundreds of requests a
    # minute from 127.0.0.1 through one session server
    child_env.update(
        {"FUNDLENS_DB": str(db), "FUNDLENS_OFFLINE": "1", "FUNDLENS_RATE_LIMIT": "0", **(env or {})}
    )
    cmd = [
        sys.executable, "-m", "uvicorn", "fundlens.api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                raise RuntimeError(f"API server did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
