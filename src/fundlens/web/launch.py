"""Start the REST API and the dashboard together (``fundlens serve``, ``make run``).

Two child processes: the API (``python -m fundlens api``, uvicorn on the store) and the
dashboard (``python -m streamlit run fundlens/web/app.py`` with ``FUNDLENS_API_URL``
pointed at that API). :func:`serve` starts the API, waits for its ``/health``, starts the
dashboard, waits for its ``/_stcore/health``, prints both addresses and then watches
them: Ctrl-C (or SIGTERM) stops both; if either exits on its own the other is stopped
too and the exit code says so. The dashboard's server calls the API from Python, so
the browser only ever talks to the dashboard: no CORS is needed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Final

import httpx

__all__ = [
    "APP",
    "STREAMLIT_FLAGS",
    "Addresses",
    "api_command",
    "serve",
    "url_of",
    "web_command",
]

#: The Streamlit entry script.
APP: Final = Path(__file__).resolve().parent / "app.py"
#: Streamlit flags of every server fundlens starts (conventions.md, 'Pitfalls').
STREAMLIT_FLAGS: Final = (
    "--server.headless", "true", "--browser.gatherUsageStats", "false",
    "--server.fileWatcherType", "none", "--server.runOnSave", "false",
    "--client.toolbarMode", "viewer",
)  # fmt: skip
#: Seconds each server has to answer its health check after starting.
START_TIMEOUT: Final = 120.0


@dataclass(frozen=True)
class Addresses:
    """Where the two servers listen."""

    api: str
    web: str


def url_of(host: str, port: int) -> str:
    """The URL a local client uses for a server bound to ``host``:``port``
    (a wildcard bind is reached on 127.0.0.1).

    >>> url_of("0.0.0.0", 8001), url_of("127.0.0.1", 8501)
    ('http://127.0.0.1:8001', 'http://127.0.0.1:8501')
    """
    reach = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{reach}:{port}"


def api_command(db: Path, host: str, port: int, workers: int) -> list[str]:
    """The API's command line (``fundlens api``)."""
    return [sys.executable, "-m", "fundlens", "api", "--db", str(db), "--host", host,
            "--port", str(port), "--workers", str(workers)]  # fmt: skip


def web_command(host: str, port: int) -> list[str]:
    """The dashboard's command line (``streamlit run app.py``)."""
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", host,
            "--server.port", str(port), *STREAMLIT_FLAGS]  # fmt: skip


def _healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    """Poll ``url`` until it answers 200 (True) or ``proc`` exits / time runs out (False)."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def _stop(procs: Sequence[subprocess.Popen[bytes]]) -> None:
    """SIGTERM every child still running, then wait (SIGKILL after 15 s)."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(
    *,
    db: Path,
    host: str = "127.0.0.1",
    api_port: int = 8001,
    web_port: int = 8501,
    workers: int = 1,
    echo: Callable[[str], None] = print,
) -> int:
    """Run the API on ``db`` and the dashboard until Ctrl-C; the exit code (0 after
    Ctrl-C or SIGTERM, 1 when a server failed to start or stopped by itself)."""
    addresses = Addresses(api=url_of(host, api_port), web=url_of(host, web_port))
    env = dict(os.environ, FUNDLENS_DB=str(db), FUNDLENS_API_URL=addresses.api)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        api = subprocess.Popen(api_command(db, host, api_port, workers), env=env)
        procs.append(api)
        if not _healthy(f"{addresses.api}/health", api, START_TIMEOUT):
            echo(f"error: the API did not start on {addresses.api} (port taken?)")
            return 1
        web = subprocess.Popen(web_command(host, web_port), env=env)
        procs.append(web)
        if not _healthy(f"{addresses.web}/_stcore/health", web, START_TIMEOUT):
            echo(f"error: the dashboard did not start on {addresses.web} (port taken?)")
            return 1
        echo(f"fundlens API       {addresses.api}  (docs {addresses.api}/docs)")
        echo(f"fundlens dashboard {addresses.web}")
        echo("Ctrl-C stops both.")
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
        which = "API" if api.poll() is not None else "dashboard"
        echo(f"error: the {which} stopped (exit code {procs[0 if which == 'API' else 1].poll()})")
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut this
        _stop(procs)
        signal.signal(signal.SIGTERM, previous)
