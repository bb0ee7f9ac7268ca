"""A real Streamlit server for the dashboard's browser tests (a subprocess with the command
line ``fundlens serve`` uses), pointed at a live API server."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fundlens.web.launch import web_command
from tests.api.server import free_port, live_server, serving

__all__ = ["REPO", "WebServer", "streamlit_server", "web_server"]

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class WebServer:
    """A running dashboard: ``url`` (its base, no trailing slash) and ``api`` (the API's)."""

    url: str
    api: str


@contextlib.contextmanager
def streamlit_server(api_url: str) -> Iterator[str]:
    """``streamlit run src/fundlens/web/app.py`` on a free port with ``FUNDLENS_API_URL``
    = ``api_url`` (the API may be down: the dashboard then says so); yield its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    env.update({"FUNDLENS_API_URL": api_url, "FUNDLENS_OFFLINE": "1"})
    cmd = web_command("127.0.0.1", port)  # headless, no usage stats, 127.0.0.1 (conventions)
    base = f"http://127.0.0.1:{port}"
    with serving(cmd, env, f"{base}/_stcore/health", "Streamlit"):
        yield base


@contextlib.contextmanager
def web_server(db: Path) -> Iterator[WebServer]:
    """A live API server on ``db`` and a Streamlit dashboard pointed at it."""
    with live_server(db) as api, streamlit_server(api) as url:
        yield WebServer(url=url, api=api)
