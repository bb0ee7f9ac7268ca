"""A real Streamlit server for the dashboard's browser tests and benchmarks (a subprocess,
as ``fundlens serve`` starts it), pointed at a live API server."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.api.server import free_port, live_server

__all__ = ["APP", "STREAMLIT_FLAGS", "WebServer", "streamlit_server", "web_server"]

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "src" / "fundlens" / "web" / "app.py"
#: Flags every test server gets (conventions.md, 'Pitfalls').
STREAMLIT_FLAGS = (
    "--server.headless", "true", "--browser.gatherUsageStats", "false",
    "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    "--server.runOnSave", "false",
)  # fmt: skip


@dataclass(frozen=True)
class WebServer:
    """A running dashboard: ``url`` (its base, no trailing slash) and ``api`` (the API's)."""

    url: str
    api: str


def _wait(url: str, proc: subprocess.Popen[bytes], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.terminate()
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise RuntimeError(f"{what} did not start: {out[-2000:]}")
        time.sleep(0.2)


@contextlib.contextmanager
def streamlit_server(api_url: str) -> Iterator[str]:
    """``streamlit run src/fundlens/web/app.py`` on a free port with ``FUNDLENS_API_URL``
    = ``api_url`` (the API may be down: the dashboard then says so); yield its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    env.update({"FUNDLENS_API_URL": api_url, "FUNDLENS_OFFLINE": "1"})
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
           *STREAMLIT_FLAGS]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/_stcore/health", proc, "Streamlit")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def web_server(db: Path) -> Iterator[WebServer]:
    """A live API server on ``db`` and a Streamlit dashboard pointed at it."""
    with live_server(db) as api, streamlit_server(api) as url:
        yield WebServer(url=url, api=api)
