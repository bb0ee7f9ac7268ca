"""A real uvicorn server on 127.0.0.1 for API tests (a subprocess, like production)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

__all__ = ["free_port", "live_server", "serving"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(
    cmd: list[str], env: dict[str, str], health: str, what: str, *, timeout: float = 90
) -> Iterator[None]:
    """Run the server ``cmd`` until the block ends, once ``health`` answers 200; its output
    goes to a temporary file (a pipe nobody reads would block it once full) and is shown
    when it fails to start."""
    log = Path(tempfile.mkstemp(prefix="fundlens-server-", suffix=".log")[1])
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(health, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = log.read_text(errors="replace")
                raise RuntimeError(f"{what} did not start: {out[-2000:]}")
            time.sleep(0.2)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.unlink(missing_ok=True)


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
    base = f"http://127.0.0.1:{port}"
    with serving(cmd, child_env, f"{base}/health", "API server", timeout=60):
        yield base
