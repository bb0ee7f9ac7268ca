"""Crash safety and non-blocking readers of the snapshot store, with real processes.

Every kill here is a real SIGKILL of a real ``fundlens ingest`` process: at random moments,
and at each named failpoint (fundlens.store.failpoints). The store's logical checksum must
equal the state before, and a rerun must reach the state of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fundlens import pipeline
from fundlens.sources.synthetic import write_demo_files
from fundlens.store.checksum import logical_checksum
from fundlens.store.failpoints import FAILPOINTS
from fundlens.store.snapshots import reader, snapshot_dir, writer

KILL_TRIALS = 20


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-files")
    write_demo_files(root)
    return root


def _years(root: Path, first: int, last: int, dest: Path) -> Path:
    """Link the demo files of some years into ``dest`` (a smaller input)."""
    dest.mkdir(parents=True, exist_ok=True)
    for year in range(first, last + 1):
        (dest / str(year)).symlink_to(root / str(year))
    return dest


@pytest.fixture(scope="module")
def stores(demo_files: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A base store (2006–2007), the update input (2008–2009) and the uninterrupted result."""
    tmp = tmp_path_factory.mktemp("stores")
    base_in = _years(demo_files, 2006, 2007, tmp / "base-in")
    update_in = _years(demo_files, 2008, 2009, tmp / "update-in")
    template = tmp / "template"
    template.mkdir()
    pipeline.ingest_paths(template / "store.duckdb", [base_in])
    full = tmp / "full"
    shutil.copytree(template, full, symlinks=True)
    pipeline.ingest_paths(full / "store.duckdb", [update_in])
    return {"template": template, "update": update_in, "full": full}


def _checksum(db: Path) -> dict[str, tuple[int, int]]:
    con = reader(db)
    try:
        return logical_checksum(con)
    finally:
        con.close()


def _ingest_cmd(db: Path, source: Path) -> list[str]:
    return [sys.executable, "-m", "fundlens", "ingest", str(source), "--db", str(db), "--json"]


def _fresh(stores: dict[str, Path], tmp: Path) -> Path:
    shutil.copytree(stores["template"], tmp, symlinks=True)
    return tmp / "store.duckdb"


def test_layout_after_two_writes(stores: dict[str, Path]) -> None:
    db = stores["full"] / "store.duckdb"
    assert db.is_symlink()
    folder = snapshot_dir(db)
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert names == ["000001.duckdb", "000002.duckdb"]
    assert db.resolve().name == "000002.duckdb"


def test_a_failed_write_changes_nothing(stores: dict[str, Path], tmp_path: Path) -> None:
    db = _fresh(stores, tmp_path / "s")
    before = _checksum(db)
    with pytest.raises(RuntimeError), writer(db) as con:
        con.execute("DELETE FROM nav")
        raise RuntimeError("boom")
    assert _checksum(db) == before
    assert not list(snapshot_dir(db).glob("*.building*"))


def test_plain_file_store_is_adopted(tmp_path: Path, stores: dict[str, Path]) -> None:
    plain = tmp_path / "plain.duckdb"
    shutil.copyfile((stores["template"] / "store.duckdb").resolve(), plain)
    before = _checksum(plain)
    with writer(plain):
        pass
    assert plain.is_symlink() and _checksum(plain) == before


@pytest.mark.parametrize("point", FAILPOINTS)
def test_kill_at_each_failpoint(point: str, stores: dict[str, Path], tmp_path: Path) -> None:
    db = _fresh(stores, tmp_path / "s")
    before, after = _checksum(db), _checksum(stores["full"] / "store.duckdb")
    env = {**os.environ, "FUNDLENS_FAILPOINT": point}
    done = subprocess.run(_ingest_cmd(db, stores["update"]), env=env, capture_output=True)
    assert done.returncode == -signal.SIGKILL
    # killed after the link moved: the new state is published; before that: nothing changed
    assert _checksum(db) == (after if point == "linked" else before)
    rerun = subprocess.run(_ingest_cmd(db, stores["update"]), capture_output=True, check=True)
    assert rerun.returncode == 0
    assert _checksum(db) == after
    leftovers = [p.name for p in snapshot_dir(db).iterdir() if ".building" in p.name]
    assert leftovers == []


def test_kill_minus_nine_at_random_moments(stores: dict[str, Path], tmp_path: Path) -> None:
    after = _checksum(stores["full"] / "store.duckdb")
    probe = _fresh(stores, tmp_path / "probe")
    before = _checksum(probe)
    start = time.perf_counter()
    subprocess.run(_ingest_cmd(probe, stores["update"]), check=True, capture_output=True)
    duration = time.perf_counter() - start
    rng = random.Random(20261127)
    killed = 0
    for trial in range(KILL_TRIALS):
        db = _fresh(stores, tmp_path / f"t{trial}")
        proc = subprocess.Popen(
            _ingest_cmd(db, stores["update"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.0, duration))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        if code == -signal.SIGKILL:
            killed += 1
            assert _checksum(db) in (before, after), f"trial {trial}: a half-written store"
        subprocess.run(_ingest_cmd(db, stores["update"]), check=True, capture_output=True)
        assert _checksum(db) == after, f"trial {trial}: rerun differs from an uninterrupted run"
    assert killed >= KILL_TRIALS * 3 // 4
    print(f"\n{killed}/{KILL_TRIALS} runs killed mid-update (uninterrupted run {duration:.2f} s)")


_READER_LOOP = r"""
import json, sys, time
from pathlib import Path
from fundlens.store.snapshots import Reader
from fundlens.store.sql import run
db, stop = Path(sys.argv[1]), Path(sys.argv[2])
r = Reader(db)
while not stop.exists():
    t0 = time.time()
    try:
        con = r.connection()
        query = "SELECT count(*), sum(hash(scheme_code, date, nav)::HUGEINT) FROM nav"
        rows, total = run(con, query)[0]
        print(json.dumps({"t0": t0, "t1": time.time(), "state": [rows, str(total)]}), flush=True)
    except Exception as exc:
        print(json.dumps({"t0": t0, "t1": time.time(), "error": repr(exc)}), flush=True)
    time.sleep(0.01)
r.close()
"""


def test_reader_process_is_never_blocked(
    stores: dict[str, Path], demo_files: Path, tmp_path: Path
) -> None:
    db = _fresh(stores, tmp_path / "s")
    big = _years(demo_files, 2008, 2026, tmp_path / "big-in")  # ~1.1 M rows: a long update
    stop = tmp_path / "stop"
    old = _nav_state(db)
    proc = subprocess.Popen(
        [sys.executable, "-c", _READER_LOOP, str(db), str(stop)], stdout=subprocess.PIPE, text=True
    )
    time.sleep(1.5)  # the reader is up and answering
    t_start = time.time()
    pipeline.ingest_paths(db, [big])
    t_end = time.time()
    new = _nav_state(db)
    time.sleep(1.0)
    stop.touch()
    out, _ = proc.communicate(timeout=30)
    answers = [json.loads(line) for line in out.splitlines()]
    assert proc.returncode == 0
    assert not [a for a in answers if "error" in a]
    states = [tuple(a["state"]) for a in answers]
    assert set(states) <= {old, new}
    overlapped = [a for a in answers if a["t1"] > t_start and a["t0"] < t_end]
    assert len(overlapped) >= 10
    assert states[-1] == new and states[0] == old
    print(
        f"\n{len(overlapped)} reads overlapped the {t_end - t_start:.1f} s update; "
        f"{len(answers)} reads in all, every one old or new"
    )


def _nav_state(db: Path) -> tuple[int, str]:
    con = reader(db)
    try:
        rows, total = con.execute(
            "SELECT count(*), sum(hash(scheme_code, date, nav)::HUGEINT) FROM nav"
        ).fetchall()[0]
    finally:
        con.close()
    return rows, str(total)
