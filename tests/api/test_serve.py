"""``fundlens api --workers 2``: the CLI's multi-worker path serves keep-alive requests
without the ~44 ms Nagle / delayed-ACK stall uvicorn's own socket gives (issue #3149)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.api.server import free_port


def test_two_workers_answer_keep_alive_requests_without_a_nagle_stall(
    demo_store: Path, tmp_path: Path
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    env.update({"FUNDLENS_HOME": str(tmp_path), "FUNDLENS_OFFLINE": "1"})
    cmd = [sys.executable, "-m", "fundlens", "api", "--workers", "2", "--port", str(port),
           "--db", str(demo_store)]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=base) as client:  # one keep-alive connection
            client.get("/health")
            ms = []
            for _ in range(30):
                start = time.perf_counter()
                assert client.get("/health").status_code == 200
                ms.append((time.perf_counter() - start) * 1000)
        # with Nagle on, every request after the first waits ~40 ms for the delayed ACK
        assert statistics.median(ms) < 20, f"median {statistics.median(ms):.1f} ms"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
