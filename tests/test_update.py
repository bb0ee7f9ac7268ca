"""``fundlens update``, ``fetch``, ``run`` and ``schedule`` against a real AMFI stand-in server
process on 127.0.0.1 (tests/utils/amfi_server.py), with real SIGKILLs mid-update."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fundlens import pipeline
from fundlens.cli import main
from fundlens.settings import get_settings
from fundlens.sources.synthetic import write_demo_files
from fundlens.store.checksum import logical_checksum
from fundlens.store.snapshots import reader
from tests.conftest import AMFI_DAILY, REPO
from tests.utils.amfi_server import AmfiServer, start_amfi_server

FIXTURES = REPO / "tests" / "fixtures"
KILL_TRIALS = 20


def _checksum(db: Path) -> dict[str, tuple[int, int]]:
    con = reader(db)
    try:
        return logical_checksum(con)
    finally:
        con.close()


@pytest.fixture
def fast_fetch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time-outs and backoff small enough for tests; no politeness delay on loopback."""
    for key, value in {
        "FUNDLENS_FETCH_TIMEOUT": "2",
        "FUNDLENS_FETCH_RETRIES": "3",
        "FUNDLENS_FETCH_BACKOFF": "0.01",
        "FUNDLENS_FETCH_BACKOFF_MAX": "0.05",
        "FUNDLENS_FETCH_INTERVAL": "0",
        "FUNDLENS_FETCH_CONCURRENCY": "4",
        "FUNDLENS_OFFLINE": "0",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()


@pytest.fixture
def real_server(
    tmp_path: Path, fast_fetch: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[AmfiServer]:
    with start_amfi_server(AMFI_DAILY, tmp_path / "srv", navall=FIXTURES / "navall6.txt") as srv:
        monkeypatch.setenv("FUNDLENS_AMFI_URL", srv.base_url)
        get_settings.cache_clear()
        yield srv


def _history_requests(srv: AmfiServer) -> list[dict[str, object]]:
    return [r for r in srv.read_log() if "NAVHistory" in str(r["path"])]


def test_update_fetches_the_missing_days_and_twice_changes_nothing(
    real_server: AmfiServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FUNDLENS_FIRST_RUN_DAYS", "60")
    get_settings.cache_clear()
    db = tmp_path / "real.duckdb"
    real_server.set_faults({"2026-08-20": ["500", "500", "ok"]})
    assert main(["update", "--db", str(db), "--as-of", "2026-10-11", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["from"], report["to"]) == ("2026-08-12", "2026-10-10")
    assert report["fetch"]["failed"] == {}
    assert report["navall"] == "fetched"
    # the days the server has files for: 08-18, 08-20 and 10-10; the rest are holidays
    direct = tmp_path / "direct.duckdb"
    direct_files = [
        AMFI_DAILY / "2026/08/18.head.csv",
        AMFI_DAILY / "2026/08/20.head.csv",
        AMFI_DAILY / "2026/10/10.csv",
        FIXTURES / "navall6.txt",
    ]
    pipeline.ingest_paths(direct, direct_files)
    assert _checksum(db)["nav"] == _checksum(direct)["nav"]
    attempts = [r for r in _history_requests(real_server) if "20-Aug-2026" in str(r["query"])]
    assert [r["status"] for r in attempts] == [500, 500, 200]
    before, n_requests = _checksum(db), len(real_server.read_log())
    assert main(["update", "--db", str(db), "--as-of", "2026-10-11", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["ingest"]["rows_loaded"] == 0 and _checksum(db) == before
    new = real_server.read_log()[n_requests:]
    # only the trailing 7-day window (an empty answer is asked twice) and NAVAll, again
    assert len({r["query"] for r in new if "NAVHistory" in str(r["path"])}) == 7
    assert [r["path"] for r in new if "NAVHistory" not in str(r["path"])] == ["/spages/NAVAll.txt"]


def test_update_reports_a_failed_day_and_keeps_the_rest(
    real_server: AmfiServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FUNDLENS_FIRST_RUN_DAYS", "60")
    get_settings.cache_clear()
    real_server.set_faults({"2026-10-10": ["503"] * 10})
    db = tmp_path / "real.duckdb"
    assert main(["update", "--db", str(db), "--as-of", "2026-10-11"]) == 1
    assert "download failed" in capsys.readouterr().err
    con = reader(db)
    try:
        dates = [d for (d,) in con.execute("SELECT DISTINCT date FROM nav ORDER BY 1").fetchall()]
    finally:
        con.close()
    assert dt.date(2026, 8, 18) in dates and dt.date(2026, 10, 10) not in dates


def test_fetch_backfill_with_estimate(
    real_server: AmfiServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "real.duckdb"
    assert main(["fetch", "--from", "2006-04-01", "--to", "2006-04-05", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "5 days to check" in captured.err and "MB" in captured.err
    assert "downloaded 1, held 0, holidays 4, failed 0" in captured.out
    assert _checksum(db)["nav"][0] == 1738
    assert main(["fetch", "--from", "2006-04-05", "--to", "2006-04-01", "--db", str(db)]) == 1


def test_run_offline_builds_the_demo_in_its_own_store(
    real_server: AmfiServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FUNDLENS_OFFLINE", "1")
    get_settings.cache_clear()
    assert main(["run"]) == 0
    captured = capsys.readouterr()
    assert "SYNTHETIC" in captured.err and "demo.duckdb" in captured.err
    settings = get_settings()
    assert (settings.home / "demo.duckdb").exists() and not settings.db.exists()
    assert real_server.read_log() == []  # the network was never touched
    # a real store can never receive the demo files
    assert main(["init", "--demo", "--db", str(tmp_path / "x.duckdb")]) == 0
    capsys.readouterr()
    assert main(["fetch", "--from", "2006-04-03", "--to", "2006-04-03"]) == 1
    assert "offline" in capsys.readouterr().err  # FUNDLENS_OFFLINE=1: no download at all
    assert main(["ingest", str(AMFI_DAILY / "2006"), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "refusing to ingest real data" in capsys.readouterr().err


def test_run_online_fetches_recent_months_and_prints_the_backfill(
    real_server: AmfiServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FUNDLENS_FIRST_RUN_DAYS", "3")
    get_settings.cache_clear()
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert "fundlens fetch --from 2006-04-01 --to" in out
    assert get_settings().db.is_symlink()
    days = {r["query"] for r in real_server.read_log() if "NAVHistory" in str(r["path"])}
    assert len(days) == 7  # max(3 first-run days, the 7-day window) up to yesterday


def test_run_without_an_answer_falls_back_to_the_demo(
    fast_fetch: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import socket

    with socket.socket() as silent:  # bound, never accepts: the probe must give up in 3 s
        silent.bind(("127.0.0.1", 0))
        silent.listen(0)
        monkeypatch.setenv("FUNDLENS_AMFI_URL", f"http://127.0.0.1:{silent.getsockname()[1]}")
        get_settings.cache_clear()
        start = time.perf_counter()
        assert main(["run"]) == 0
    assert "did not answer" in capsys.readouterr().err
    assert time.perf_counter() - start < 60


def test_schedule_prints_and_installs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schedule"]) == 0
    out = capsys.readouterr().out
    assert "0 19 * * *" in out and "update" in out and "CRON_TZ=UTC" in out
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert main(["schedule", "--kind", "systemd", "--install"]) == 0
    timer = tmp_path / "user/.config/systemd/user/fundlens-update.timer"
    assert "OnCalendar=*-*-* 19:00:00 UTC" in timer.read_text()
    assert "ExecStart=" in timer.with_suffix(".service").read_text()
    if shutil.which("crontab") is None:
        assert main(["schedule", "--install"]) == 0
        cron = get_settings().home / "fundlens.cron"
        assert cron.read_text().startswith("CRON_TZ=UTC\n0 19 * * * ")


# --- kill -9 at random moments of a real update (downloading, parsing, writing, publishing)


@pytest.fixture(scope="module")
def update_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Demo AMFI files for 2006–2008 served as 'AMFI'; a store holding 2006–2007 (the update
    then fetches and ingests the first half of 2008)."""
    root = tmp_path_factory.mktemp("kill-update")
    demo = root / "demo"
    write_demo_files(demo)
    served = root / "served"
    served.mkdir()
    base_in = root / "base-in"
    base_in.mkdir()
    for year in (2006, 2007, 2008):
        (served / str(year)).symlink_to(demo / str(year))
    for year in (2006, 2007):
        (base_in / str(year)).symlink_to(demo / str(year))
    template = root / "template"
    template.mkdir()
    pipeline.ingest_paths(template / "store.duckdb", [base_in])
    return {"served": served, "template": template, "root": root}


def test_kill_minus_nine_during_update(
    update_world: dict[str, Path], tmp_path: Path, fast_fetch: None
) -> None:
    def env_for(trial: str, url: str) -> dict[str, str]:
        return {
            **os.environ,
            "FUNDLENS_AMFI_URL": url,
            "FUNDLENS_UPDATE_WINDOW_DAYS": "0",
            "FUNDLENS_HOME": str(tmp_path / trial / "home"),
        }

    def fresh(trial: str) -> Path:
        shutil.copytree(update_world["template"], tmp_path / trial / "store", symlinks=True)
        return tmp_path / trial / "store" / "store.duckdb"

    def cmd(db: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "fundlens",
            "update",
            "--db",
            str(db),
            "--as-of",
            "2008-07-01",
        ]

    with start_amfi_server(update_world["served"], tmp_path / "srv") as srv:
        full = fresh("full")
        start = time.perf_counter()
        subprocess.run(
            cmd(full), env=env_for("full", srv.base_url), check=True, capture_output=True
        )
        duration = time.perf_counter() - start
        after = _checksum(full)
        before = _checksum(update_world["template"] / "store.duckdb")
        assert after != before
        rng = random.Random(42)
        killed = 0
        for trial in range(KILL_TRIALS):
            db, env = fresh(f"t{trial}"), env_for(f"t{trial}", srv.base_url)
            proc = subprocess.Popen(
                cmd(db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(0.0, duration))
            proc.send_signal(signal.SIGKILL)
            if proc.wait() == -signal.SIGKILL:
                killed += 1
                assert _checksum(db) in (before, after)
                raw = tmp_path / f"t{trial}" / "home" / "raw" / "amfi"
                assert not [p for p in raw.rglob("*.csv") if p.stat().st_size == 0]
            subprocess.run(cmd(db), env=env, check=True, capture_output=True)
            assert _checksum(db) == after, f"trial {trial}: rerun differs"
    assert killed >= KILL_TRIALS * 3 // 4
    print(f"\n{killed}/{KILL_TRIALS} updates killed (uninterrupted update {duration:.1f} s)")
