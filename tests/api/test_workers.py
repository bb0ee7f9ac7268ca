"""Two real worker processes serve without pause while an update publishes new snapshots:
zero failed requests, and ``as_of_date`` advances without a restart. Plus ``make run``'s
``fundlens run --serve``: the demo store offline, then the API on it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tests.api.server import free_port, live_server
from tests.api.update_world import (
    BEFORE,
    UPDATED,
    build_store,
    cpu_ticks,
    server_env,
    start_update,
    wait_for_job,
    worker_pids,
)
from tests.conftest import AMFI_DAILY
from tests.utils.amfi_server import start_amfi_server
from tests.utils.output import StderrLines

CODE = 139617  # Taurus Unclaimed Redemption, in AMFI's file of 2026-08-18


class Hammer(threading.Thread):
    """Sends one kind of request in a loop, each on a new connection (so the kernel spreads
    them over both workers), recording (start, end, status, as_of_date or error)."""

    def __init__(self, base: str, request: Callable[[httpx.Client, int], httpx.Response]):
        super().__init__(daemon=True)
        self.client = httpx.Client(
            base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0)
        )
        self.request = request
        self.stop = threading.Event()
        self.log: list[tuple[float, float, int, Any]] = []

    def run(self) -> None:
        i = 0
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                r = self.request(self.client, i)
                body = r.json()
                seen: Any = body.get("as_of_date") if r.status_code == 200 else body
                self.log.append((started, time.monotonic(), r.status_code, seen))
            except Exception as exc:  # a refused or reset connection is a failed request
                self.log.append((started, time.monotonic(), 0, repr(exc)))
            i += 1
        self.client.close()


REQUESTS: dict[str, Callable[[httpx.Client, int], httpx.Response]] = {
    # cached: one computation per worker and snapshot, then hits
    "meta": lambda c, i: c.get("/api/v1/meta"),
    # a new cache key every time: every request borrows a store connection
    "meta-uncached": lambda c, i: c.get("/api/v1/meta", params={"n": i}),
    "nav": lambda c, i: c.get(f"/api/v1/funds/{CODE}/nav", params={"end_date": "2026-12-31"}),
    "search": lambda c, i: c.get("/api/schemes/search", params={"q": "taurus"}),
}


def test_two_workers_serve_through_an_update_without_a_failed_request(tmp_path: Path) -> None:
    db = build_store(tmp_path / "real.duckdb")
    home, unlimited = tmp_path / "home", {"FUNDLENS_RATE_LIMIT": "0"}  # a load test
    with (
        start_amfi_server(AMFI_DAILY, tmp_path / "amfi-srv") as amfi,
        live_server(db, workers=2, env=server_env(amfi.base_url, home, **unlimited)) as base,
    ):
        workers = worker_pids(int(base.rsplit(":", 1)[1]))
        assert len(workers) == 2
        ticks = [cpu_ticks(p) for p in workers]
        hammers = {name: Hammer(base, req) for name, req in REQUESTS.items()}
        for h in hammers.values():
            h.start()
        time.sleep(1.5)
        with httpx.Client(base_url=base, timeout=30) as admin:
            accepted = start_update(admin)
            assert accepted.status_code == 202
            update_started = time.monotonic()
            job = wait_for_job(admin, accepted.json()["status_url"])
            update_ended = time.monotonic()
        assert job["state"] == "succeeded", job
        time.sleep(1.5)
        for h in hammers.values():
            h.stop.set()
        for h in hammers.values():
            h.join(timeout=60)
        assert sorted(workers) == sorted(worker_pids(int(base.rsplit(":", 1)[1])))
        used = [cpu_ticks(p) - t for p, t in zip(workers, ticks, strict=True)]

    for name, h in hammers.items():
        failed = [entry for entry in h.log if entry[2] != 200]
        assert failed == [], f"{name}: {failed[:3]}"
        dates = [entry[3] for entry in h.log]
        # each thread sees the old date, then the new one, never back
        assert dates[0] == BEFORE and dates[-1] == UPDATED, name
        switch = dates.index(UPDATED)
        assert set(dates[:switch]) == {BEFORE} and set(dates[switch:]) == {UPDATED}, name
        during = [e for e in h.log if update_started <= e[0] and e[1] <= update_ended]
        assert during, f"{name}: no request while the update ran"
    total = sum(len(h.log) for h in hammers.values())
    during = sum(
        1 for h in hammers.values() for e in h.log if update_started <= e[0] <= update_ended
    )
    print(  # evidence in the test log (-s)
        f"\n{total} requests, {during} started during the {update_ended - update_started:.1f} s "
        f"update, 0 failed; worker CPU ticks {used}"
    )
    assert total >= 200, total
    assert all(u > 0 for u in used), f"CPU ticks per worker {used}: one worker idle"


def test_run_serve_builds_the_demo_offline_then_serves_it(demo_store: Path, tmp_path: Path) -> None:
    """``make run`` = ``fundlens run --serve``: offline, the demo store (here already built:
    the session's) and then the API on it at 127.0.0.1:FUNDLENS_API_PORT and the dashboard
    at 127.0.0.1:FUNDLENS_WEB_PORT."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "demo.duckdb").symlink_to(demo_store.resolve())
    port, web_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    env.update(
        {
            "FUNDLENS_HOME": str(home),
            "FUNDLENS_DB": str(tmp_path / "real.duckdb"),  # no real store: offline anyway
            "FUNDLENS_OFFLINE": "1",
            "FUNDLENS_API_PORT": str(port),
            "FUNDLENS_WEB_PORT": str(web_port),
        }
    )
    cmd = [sys.executable, "-m", "fundlens", "run", "--serve"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = StderrLines(proc)  # the addresses are printed once the servers answer
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/meta", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, err.text
                assert time.monotonic() < deadline, "the API did not start"
                time.sleep(0.3)
        assert r.status_code == 200 and r.json()["synthetic"] is True
        assert r.json()["schemes"] == 300
        while True:  # the dashboard starts once the API answers
            try:
                web = httpx.get(f"http://127.0.0.1:{web_port}/_stcore/health", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, "no dashboard"
                time.sleep(0.3)
        assert web.status_code == 200 and web.text == "ok"
        err.wait_for(f"fundlens dashboard http://127.0.0.1:{web_port}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = err.finish()
    assert f"fundlens API on http://127.0.0.1:{port}" in text
    assert f"fundlens dashboard http://127.0.0.1:{web_port}" in text
    assert "demo.duckdb" in text and "Traceback" not in text
