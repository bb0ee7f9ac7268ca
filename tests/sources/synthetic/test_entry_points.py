"""The two published datasets: write_demo_files and write_full_scale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fundlens.sources.synthetic import write_demo_files, write_full_scale


def test_demo_files(tmp_path: Path) -> None:
    summary = write_demo_files(tmp_path)
    assert summary.schemes == 300
    assert summary.junk == {}
    assert summary.first_date == date(2006, 4, 3) and summary.last_date == date(2026, 10, 30)
    assert summary.files == len(list(tmp_path.rglob("*.csv")))
    assert summary.valid_rows == summary.nav_rows == summary.lines
    assert (tmp_path / "2006/04/03.csv").exists() and (tmp_path / "2026/10/30.csv").exists()
    assert (tmp_path / "2026/10/24.csv").exists()  # a Saturday: liquid and overnight funds


def test_full_scale_small_run_reports_progress(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []

    def record(done: int, total: int) -> None:
        calls.append((done, total))

    summary = write_full_scale(tmp_path, n_schemes=40, years=2, seed=1, progress=record)
    assert summary.schemes == 40
    assert date(2024, 10, 30) <= summary.first_date <= date(2024, 11, 1)
    assert summary.last_date == date(2026, 10, 30)
    assert calls[-1] == (summary.files, summary.files)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert summary.valid_rows == summary.nav_rows - sum(
        n for kind, n in summary.junk.items() if kind != "duplicate"
    )


def test_full_scale_without_junk(tmp_path: Path) -> None:
    summary = write_full_scale(tmp_path, n_schemes=30, years=1, seed=2, junk=False)
    assert summary.junk == {} and summary.valid_rows == summary.nav_rows
