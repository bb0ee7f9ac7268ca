"""``fundlens serve`` through real processes: the API and the dashboard on free ports,
both healthy, the dashboard pointed at that API; SIGTERM stops both."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.server import free_port
from tests.utils.output import StderrLines
from tests.web.server import REPO


def _wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=2)
        except httpx.HTTPError:
            assert proc.poll() is None, f"fundlens serve exited with {proc.returncode}"
            assert time.monotonic() < deadline, f"{url} did not answer"
            time.sleep(0.3)


def _refused(url: str) -> bool:
    try:
        httpx.get(url, timeout=2)
    except httpx.ConnectError:
        return True
    return False


@pytest.mark.slow
def test_serve_starts_api_and_dashboard_and_stops_both(demo_store: Path, tmp_path: Path) -> None:
    api_port, web_port, env_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    env.update({"FUNDLENS_HOME": str(tmp_path), "FUNDLENS_OFFLINE": "1",
                "FUNDLENS_API_PORT": str(api_port), "FUNDLENS_WEB_PORT": str(env_port),
                "PYTHONPATH": str(REPO / "src")})  # fmt: skip
    # the API port from the environment, the dashboard's from the flag (which wins)
    cmd = [sys.executable, "-m", "fundlens", "serve", "--db", str(demo_store),
           "--web-port", str(web_port)]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = StderrLines(proc)
    api, web = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{web_port}"
    try:
        health = _wait_for(f"{api}/health", proc)
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert httpx.get(f"{api}/api/v1/meta").json()["schemes"] == 300  # the demo store
        dash = _wait_for(f"{web}/_stcore/health", proc)
        assert dash.status_code == 200 and dash.text == "ok"
        page = httpx.get(web)
        assert page.status_code == 200 and "<title>" in page.text
        assert _refused(f"http://127.0.0.1:{env_port}/_stcore/health")
        err.wait_for(f"fundlens dashboard {web}")  # printed once its health check answers
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    text = err.finish()
    assert proc.returncode == 0, text[-2000:]
    assert f"fundlens API       {api}" in text and f"fundlens dashboard {web}" in text
    assert "Traceback" not in text
    # both children are gone with the parent
    assert _refused(f"{api}/health") and _refused(f"{web}/_stcore/health")
