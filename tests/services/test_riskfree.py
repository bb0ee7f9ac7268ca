"""Importing a risk-free series into the store: replace, old stores, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fundlens.errors import InputError
from fundlens.services import riskfree as riskfree_service
from fundlens.services.metrics import resolve_rf
from fundlens.services.riskfree import import_riskfree
from fundlens.store.riskfree import read_riskfree
from fundlens.store.snapshots import current_snapshot, reader, writer
from tests.conftest import SHARED

RBI_TBILLS = SHARED / "data" / "meta" / "riskfree" / "rbi_91day_tbills_from_dbie.csv"


def _stored(db: Path) -> list[tuple[object, ...]] | None:
    con = reader(db)
    try:
        frame = read_riskfree(con)
    finally:
        con.close()
    return None if frame is None else frame.rows()


def _small(tmp_path: Path) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text("date,annual_rate\n2024-01-05,0.065\n2024-01-12,0.07\n", encoding="utf-8")
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    with writer(db):
        pass
    return db


def test_empty_store_has_no_series(empty_db: Path) -> None:
    assert _stored(empty_db) is None
    con = reader(empty_db)
    try:
        assert resolve_rf(con, None) == 0.065
        assert resolve_rf(con, 0.08) == 0.08
    finally:
        con.close()


def test_second_import_replaces_the_first(empty_db: Path, tmp_path: Path) -> None:
    first = import_riskfree(empty_db, RBI_TBILLS)
    assert first.points == 1676 and first.percent is True
    assert (first.first_date, first.last_date) == ("1993-01-08", "2025-04-23")
    assert round(first.min_rate, 4) == 0.0293 and round(first.max_rate, 4) == 0.1297
    rows = _stored(empty_db)
    assert rows is not None and len(rows) == 1676
    assert rows[0][0] == dt.date(1993, 1, 8)
    assert rows[0][2] == "rbi_91day_tbills_from_dbie.csv"

    second = import_riskfree(empty_db, _small(tmp_path))
    assert second.points == 2 and second.percent is False
    assert _stored(empty_db) == [
        (dt.date(2024, 1, 5), 0.065, "mine.csv"),
        (dt.date(2024, 1, 12), 0.07, "mine.csv"),
    ]
    con = reader(empty_db)
    try:
        series = resolve_rf(con, None)
        assert not isinstance(series, float)
        assert series.columns == ["date", "annual_rate"] and series.height == 2
    finally:
        con.close()


def test_import_json_shape(empty_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("date,annual_rate\n2024-01-05,0.065\n2024-01-05,0.066\nx,1\n", "utf-8")
    payload = import_riskfree(empty_db, path).to_json()
    assert payload == {
        "path": str(path),
        "points": 1,
        "first_date": "2024-01-05",
        "last_date": "2024-01-05",
        "min_rate": 0.066,
        "max_rate": 0.066,
        "percent": False,
        "duplicate_dates": 1,
        "rejected_by_reason": {"bad_date": 1},
    }


def test_store_made_before_the_table_existed(empty_db: Path, tmp_path: Path) -> None:
    with writer(empty_db) as con:  # what a store of an earlier build looks like
        con.execute("DROP TABLE riskfree")
    con = reader(empty_db)
    try:
        tables = {
            r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()
        }
        assert "riskfree" not in tables
        assert read_riskfree(con) is None
        assert resolve_rf(con, None) == 0.065
    finally:
        con.close()
    # its next write gains the table
    assert import_riskfree(empty_db, _small(tmp_path)).points == 2
    rows = _stored(empty_db)
    assert rows is not None and len(rows) == 2


def test_file_without_a_valid_row_leaves_the_store_unchanged(
    empty_db: Path, tmp_path: Path
) -> None:
    import_riskfree(empty_db, _small(tmp_path))
    before, snapshot = _stored(empty_db), current_snapshot(empty_db)
    junk = tmp_path / "junk.csv"
    junk.write_text("date,annual_rate\n2024-02-01,N.A.\n2024-02-08,6.5\n", encoding="utf-8")
    with pytest.raises(InputError, match="no valid"):
        import_riskfree(empty_db, junk)
    assert _stored(empty_db) == before
    assert current_snapshot(empty_db) == snapshot


def test_failure_after_the_delete_leaves_the_old_series(
    empty_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_riskfree(empty_db, _small(tmp_path))
    before = _stored(empty_db)
    real_replace = riskfree_service.replace_riskfree

    def replace_then_fail(*args: object, **kwargs: object) -> None:
        real_replace(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("disk full")

    monkeypatch.setattr(riskfree_service, "replace_riskfree", replace_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        import_riskfree(empty_db, RBI_TBILLS)
    assert _stored(empty_db) == before
