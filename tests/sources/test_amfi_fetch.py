"""The AMFI fetcher against a real HTTP server process on 127.0.0.1 that injects faults.

The server serves the real reference files in ``../shared/data/amfi/daily`` in place
(read-only); the client writes only under ``tmp_path``. Time-outs are 0.5 s and backoff
0.05 s so every fault costs well under a second.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from fundlens.errors import SettingsError
from fundlens.pipeline import ingest_paths
from fundlens.settings import load_settings
from fundlens.sources.amfi_fetch import (
    FetchConfig,
    FetchError,
    FetchEvent,
    RateLimiter,
    estimate,
    fetch_history,
    fetch_navall,
    fetch_scheme_master,
    history_path,
    history_url,
    pending_dates,
    probe,
)
from tests.conftest import AMFI_DAILY, REPO
from tests.utils.amfi_server import AmfiServer, start_amfi_server

FIXTURES = REPO / "tests" / "fixtures"
#: The ten real days held in ../shared/data/amfi/daily (README there).
REAL_DAYS = [
    date(2006, 4, 3),
    date(2008, 6, 16),
    date(2012, 9, 17),
    date(2016, 11, 15),
    date(2020, 3, 23),
    date(2024, 7, 15),
    date(2025, 11, 17),
    date(2026, 8, 18),
    date(2026, 8, 20),
    date(2026, 10, 10),
]
NO_FILE_DAY = date(2026, 8, 19)  # the server has no file: AMFI's empty holiday answer
BROKEN_DAY = date(2026, 8, 21)  # persistent 500s
HISTORY = "/DownloadNAVHistoryReport_Po.aspx"


def real_bytes(day: date) -> bytes:
    folder = AMFI_DAILY / f"{day:%Y}" / f"{day:%m}"
    full = folder / f"{day:%d}.csv"
    return (full if full.exists() else folder / f"{day:%d}.head.csv").read_bytes()


def config(base_url: str, **overrides: Any) -> FetchConfig:
    """Fast settings: 0.5 s time-outs, 0.05 s backoff base, 2 workers."""
    values: dict[str, Any] = dict(
        base_url=base_url,
        connect_timeout=0.5,
        read_timeout=0.5,
        total_timeout=5.0,
        retries=3,
        empty_retries=1,
        backoff_base=0.05,
        backoff_max=0.2,
        concurrency=2,
        min_interval=0.02,
    )
    values.update(overrides)
    return FetchConfig(**values)


def written(dest: Path) -> set[str]:
    """Every file under ``dest`` (hidden temp files included), as relative paths."""
    if not dest.exists():
        return set()
    return {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}


def rel(day: date, suffix: str = ".csv") -> str:
    return f"{day:%Y/%m/%d}{suffix}"


def history_log(server: AmfiServer) -> list[dict[str, Any]]:
    return [r for r in server.read_log() if r["path"] == HISTORY]


def actions_by_day(log: list[dict[str, Any]]) -> dict[str, list[tuple[str, int | None]]]:
    out: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for record in sorted(log, key=lambda r: r["start"]):
        out[record["key"]].append((record["action"], record["status"]))
    return dict(out)


def test_faults_are_retried_and_files_match_byte_for_byte(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    base_url, _, set_faults = amfi_server
    slow = ["slow:0.3"]
    set_faults(
        {
            "2006-04-03": ["500", "500", "ok"],
            "2008-06-16": ["hang", "ok"],
            "2012-09-17": ["empty", "ok"],
            "2016-11-15": ["html", "ok"],
            "2020-03-23": ["reset", "ok"],
            "2024-07-15": ["429", "ok"],
            "2025-11-17": ["cut", "ok"],
            "2026-08-18": slow,
            "2026-08-20": slow,
            "2026-10-10": slow,
            BROKEN_DAY.isoformat(): ["500"] * 10,
        }
    )
    dest = tmp_path / "amfi"
    events: list[FetchEvent] = []
    started = time.monotonic()
    report = fetch_history(
        [*REAL_DAYS, NO_FILE_DAY, BROKEN_DAY],
        dest=dest,
        config=config(base_url),
        progress=events.append,
    )
    assert time.monotonic() - started < 10

    assert report.fetched == tuple(REAL_DAYS)
    assert report.holidays == (NO_FILE_DAY,)
    assert report.skipped == ()
    assert list(report.failed) == [BROKEN_DAY]
    assert report.failed[BROKEN_DAY] == "HTTP 500 (4 attempts)"
    assert not report.ok
    assert report.bytes == sum(len(real_bytes(d)) for d in REAL_DAYS)

    # byte-for-byte, and nothing else written: no temp file, no error page, no failed day
    assert written(dest) == {rel(d) for d in REAL_DAYS} | {rel(NO_FILE_DAY, ".holiday")}
    for day in REAL_DAYS:
        assert history_path(dest, day).read_bytes() == real_bytes(day)
    assert (dest / rel(NO_FILE_DAY, ".holiday")).read_bytes() == b""

    log = history_log(amfi_server)
    assert report.requests == len(log) == 3 + 2 + 2 + 2 + 2 + 2 + 2 + 3 + 2 + 4
    by_day = actions_by_day(log)
    assert by_day["2006-04-03"] == [("500", 500), ("500", 500), ("ok", 200)]
    assert by_day["2008-06-16"] == [("hang", None), ("ok", 200)]
    assert by_day["2012-09-17"] == [("empty", 200), ("ok", 200)]
    assert by_day["2016-11-15"] == [("html", 200), ("ok", 200)]
    assert by_day["2020-03-23"] == [("reset", 200), ("ok", 200)]
    assert by_day["2024-07-15"] == [("429", 429), ("ok", 200)]
    assert by_day["2025-11-17"] == [("cut", 200), ("ok", 200)]
    for day in ("2026-08-18", "2026-08-20", "2026-10-10"):
        assert by_day[day] == [("slow:0.3", 200)]
    assert by_day[NO_FILE_DAY.isoformat()] == [("ok", 200)] * 2  # empty twice → holiday
    assert by_day[BROKEN_DAY.isoformat()] == [("500", 500)] * 4
    assert "frmdt=03-Apr-2006&todt=03-Apr-2006" in {r["query"] for r in log}

    # the concurrency limit held, and it mattered (requests did overlap)
    assert max(r["in_flight"] for r in log) == 2

    assert len(events) == 12
    assert [e.done for e in events] == list(range(1, 13))
    assert {e.day: e.status for e in events} == {
        **dict.fromkeys(REAL_DAYS, "fetched"),
        NO_FILE_DAY: "holiday",
        BROKEN_DAY: "failed",
    }


def test_resume_skips_held_days_and_refetch_downloads_again(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    dest = tmp_path / "amfi"
    days = [*REAL_DAYS, NO_FILE_DAY]
    cfg = config(amfi_server.base_url)
    first = fetch_history(days, dest=dest, config=cfg)
    assert first.fetched == tuple(REAL_DAYS) and first.holidays == (NO_FILE_DAY,)
    requests_after_first = len(history_log(amfi_server))
    assert pending_dates(days, dest=dest) == []

    second = fetch_history(days, dest=dest, config=cfg)
    assert second.skipped == tuple(sorted(days))
    assert second.fetched == second.holidays == () and second.requests == 0
    assert len(history_log(amfi_server)) == requests_after_first  # no new history request

    held = REAL_DAYS[0]
    history_path(dest, held).write_bytes(b"stale copy")
    third = fetch_history(days, dest=dest, config=cfg, refetch={held})
    assert third.fetched == (held,)
    assert len(third.skipped) == len(days) - 1
    log = history_log(amfi_server)
    assert [r["key"] for r in log[requests_after_first:]] == [held.isoformat()]
    assert history_path(dest, held).read_bytes() == real_bytes(held)
    assert written(dest) == {rel(d) for d in REAL_DAYS} | {rel(NO_FILE_DAY, ".holiday")}

    # a day once marked as a holiday that now has data: the file replaces the marker
    marked = REAL_DAYS[1]
    history_path(dest, marked).unlink()
    history_path(dest, marked).with_suffix(".holiday").touch()
    assert fetch_history([marked], dest=dest, config=cfg).skipped == (marked,)
    assert fetch_history([marked], dest=dest, config=cfg, refetch=[marked]).fetched == (marked,)
    assert written(dest) == {rel(d) for d in REAL_DAYS} | {rel(NO_FILE_DAY, ".holiday")}


def test_a_run_of_failed_days_aborts_with_the_partial_report(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    amfi_server.set_faults({d.isoformat(): ["503"] * 10 for d in REAL_DAYS})
    cfg = config(amfi_server.base_url, retries=0, concurrency=1, abort_after=3)
    with pytest.raises(FetchError, match="after 3 failed dates in a row") as caught:
        fetch_history(REAL_DAYS, dest=tmp_path / "amfi", config=cfg)
    report = caught.value.report
    assert report is not None and set(report.failed) == set(REAL_DAYS)
    reasons = list(report.failed.values())
    tried = reasons.count("HTTP 503 (1 attempts)")
    # the worker may have started one more day before the third failure was tallied
    assert 3 <= tried <= 3 + cfg.concurrency
    assert reasons[tried:] == ["not attempted: run stopped"] * (len(REAL_DAYS) - tried)
    assert len(history_log(amfi_server)) == report.requests == tried
    assert written(tmp_path / "amfi") == set()


def test_nothing_to_fetch_never_touches_the_network(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    report = fetch_history([], dest=tmp_path / "amfi", config=config(amfi_server.base_url))
    assert report.fetched == report.skipped == report.holidays == () and report.requests == 0
    assert amfi_server.read_log() == []
    assert not (tmp_path / "amfi").exists()
    # offline refuses to download, but a run with nothing pending still succeeds
    offline = config(amfi_server.base_url, offline=True)
    with pytest.raises(FetchError, match="offline"):
        fetch_history([REAL_DAYS[0]], dest=tmp_path / "amfi", config=offline)
    marker = tmp_path / "amfi" / rel(NO_FILE_DAY, ".holiday")
    marker.parent.mkdir(parents=True)
    marker.touch()
    assert fetch_history([NO_FILE_DAY], dest=tmp_path / "amfi", config=offline).skipped == (
        NO_FILE_DAY,
    )
    assert amfi_server.read_log() == []


def test_bodies_that_are_not_data_fail_and_header_only_is_a_holiday(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    html_day, junk_day, missing_day, header_day, cut_day, reset_day = REAL_DAYS[:6]
    amfi_server.set_faults(
        {
            html_day.isoformat(): ["html"] * 10,
            junk_day.isoformat(): ["garbage"] * 10,
            missing_day.isoformat(): ["404", "ok"],
            header_day.isoformat(): ["headeronly", "ok"],
            cut_day.isoformat(): ["cut"] * 10,
            reset_day.isoformat(): ["reset"] * 10,
        }
    )
    dest = tmp_path / "amfi"
    report = fetch_history(REAL_DAYS[:6], dest=dest, config=config(amfi_server.base_url))
    failed = dict(report.failed)
    assert failed.pop(cut_day).startswith(
        "protocol error: peer closed connection without sending complete message body"
    )
    assert re.search(r"Connection reset|protocol error", failed.pop(reset_day))
    assert failed == {
        html_day: "HTML page instead of data (4 attempts)",
        junk_day: "not an AMFI file: first line '\\x00\\x01Service temporarily unavailable; "
        "please retry' (4 attempts)",
        missing_day: "HTTP 404 (not retried)",
    }
    assert report.holidays == (header_day,)
    assert written(dest) == {rel(header_day, ".holiday")}
    counts = {k: len(v) for k, v in actions_by_day(history_log(amfi_server)).items()}
    assert counts == {
        html_day.isoformat(): 4,
        junk_day.isoformat(): 4,
        missing_day.isoformat(): 1,
        header_day.isoformat(): 1,
        cut_day.isoformat(): 4,
        reset_day.isoformat(): 4,
    }


def test_navall_and_scheme_master(amfi_server: AmfiServer, tmp_path: Path) -> None:
    amfi_server.set_faults(
        {"/spages/NAVAll.txt": ["html", "503", "ok"], "/DownloadSchemeData_Po.aspx": ["reset"]}
    )
    dest = tmp_path / "latest"
    cfg = config(amfi_server.base_url)
    navall = fetch_navall(dest=dest, config=cfg)
    assert navall == dest / "NAVAll.txt"
    assert navall.read_bytes() == (FIXTURES / "navall6.txt").read_bytes()
    master = fetch_scheme_master(dest=dest, config=cfg)
    assert master == dest / "SchemeData.csv"
    assert master.read_bytes() == (FIXTURES / "amfi_schemedata_handwritten.csv").read_bytes()
    log = amfi_server.read_log()
    assert [(r["path"], r["status"]) for r in log] == [
        ("/spages/NAVAll.txt", 200),
        ("/spages/NAVAll.txt", 503),
        ("/spages/NAVAll.txt", 200),
        ("/DownloadSchemeData_Po.aspx", 200),
        ("/DownloadSchemeData_Po.aspx", 200),
    ]
    assert log[-1]["query"] == "mf=0"

    amfi_server.set_faults({"/spages/NAVAll.txt": ["html"] * 10})
    with pytest.raises(FetchError, match="HTML page instead of data"):
        fetch_navall(dest=tmp_path / "other", config=cfg)
    assert written(tmp_path / "other") == set()


def test_scheme_master_must_have_a_code_column(tmp_path: Path) -> None:
    with start_amfi_server(AMFI_DAILY, tmp_path / "srv", master=FIXTURES / "navall6.txt") as server:
        with pytest.raises(FetchError, match="not a scheme master"):
            fetch_scheme_master(dest=tmp_path / "out", config=config(server.base_url))
        assert len(server.read_log()) == 4
    assert written(tmp_path / "out") == set()


_KILLED_RUN = """
import sys
from datetime import date
from pathlib import Path
from fundlens.sources.amfi_fetch import FetchConfig, fetch_history
days = [date.fromisoformat(d) for d in sys.argv[3:]]
fetch_history(days, dest=Path(sys.argv[2]),
              config=FetchConfig(base_url=sys.argv[1], concurrency=2, min_interval=0.0))
"""


def test_a_killed_run_leaves_no_half_file_and_resumes(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    amfi_server.set_faults({d.isoformat(): ["slow:0.2"] for d in REAL_DAYS})
    dest = tmp_path / "amfi"
    args = [amfi_server.base_url, str(dest), *(d.isoformat() for d in REAL_DAYS)]
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_RUN, *args])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        lines = amfi_server.log_path.read_text() if amfi_server.log_path.exists() else ""
        if lines.count("\n") >= 3:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finals = {p for p in written(dest) if not p.rsplit("/", 1)[-1].startswith(".")}
    assert len(finals) < len(REAL_DAYS)
    for day in REAL_DAYS:
        if rel(day) in finals:
            assert history_path(dest, day).read_bytes() == real_bytes(day)
    assert written(dest) - finals <= {p for p in written(dest) if p.endswith(".tmp")}

    report = fetch_history(REAL_DAYS, dest=dest, config=config(amfi_server.base_url))
    assert len(report.skipped) == len(finals) and report.ok
    for day in REAL_DAYS:
        assert history_path(dest, day).read_bytes() == real_bytes(day)


def _table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_ingesting_fetched_files_equals_ingesting_the_originals(
    amfi_server: AmfiServer, tmp_path: Path
) -> None:
    dest = tmp_path / "amfi"
    report = fetch_history(
        [*REAL_DAYS, NO_FILE_DAY], dest=dest, config=config(amfi_server.base_url)
    )
    assert report.ok and len(report.fetched) == 10
    db1, db2 = tmp_path / "fetched.duckdb", tmp_path / "direct.duckdb"
    ingest_paths(db1, [dest])
    ingest_paths(db2, [AMFI_DAILY])
    nav_sql = "SELECT * FROM nav ORDER BY ALL"
    history_sql = "SELECT * FROM scheme_history ORDER BY ALL"
    nav = _table(db1, nav_sql)
    assert len(nav) > 1000
    assert nav == _table(db2, nav_sql)
    assert _table(db1, history_sql) == _table(db2, history_sql)


def test_rate_limiter_spaces_starts_across_threads() -> None:
    import threading

    limiter = RateLimiter(0.05)
    starts: list[float] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(4):
            limiter.wait()
            with lock:
                starts.append(time.monotonic())

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 12 and min(gaps) >= 0.045


def test_probe(amfi_server: AmfiServer) -> None:
    assert probe(amfi_server.base_url)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    assert not probe(f"http://127.0.0.1:{port}", timeout=1.0)
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        started = time.monotonic()
        assert not probe(f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.3)
        assert time.monotonic() - started < 1.0


def test_urls_estimate_and_config(tmp_path: Path) -> None:
    assert history_url(date(2006, 4, 3), "https://portal.amfiindia.com/") == (
        "https://portal.amfiindia.com/DownloadNAVHistoryReport_Po.aspx"
        "?frmdt=03-Apr-2006&todt=03-Apr-2006"
    )
    assert history_path(Path("d"), date(2026, 8, 9)) == Path("d/2026/08/09.csv")
    # 10 files × 900 kB; 4 workers at 2 s each → 0.5 s a file (> 0.2 s between starts)
    days = [date(2024, 7, d) for d in range(1, 11)]
    assert estimate(days, config=FetchConfig(concurrency=4)) == (9_000_000, 5.0)
    # one worker polite at 1 s between starts: the interval dominates
    slow = FetchConfig(concurrency=8, min_interval=1.0)
    assert estimate(days, config=slow, seconds_per_file=2.0) == (9_000_000, 10.0)
    settings = load_settings(
        env={
            "FUNDLENS_AMFI_URL": "http://127.0.0.1:9",
            "FUNDLENS_OFFLINE": "1",
            "FUNDLENS_HOME": str(tmp_path),
        },
        cwd=tmp_path,
    )
    cfg = FetchConfig.from_settings(settings, concurrency=2)
    assert (cfg.base_url, cfg.offline, cfg.concurrency) == ("http://127.0.0.1:9", True, 2)
    with pytest.raises(SettingsError):
        FetchConfig(concurrency=0)
    with pytest.raises(SettingsError):
        FetchConfig(base_url="portal.amfiindia.com")
