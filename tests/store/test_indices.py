"""The ``index_series`` table: replace one series whole, read one or all, list, and stores
made before the table existed. Values are small hand-written frames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from fundlens.store.indices import (
    has_index_table,
    list_index_series,
    read_all_index_series,
    read_index_series,
    replace_index_series,
)
from fundlens.store.snapshots import current_snapshot, reader, writer

D = dt.date


def _series(*rows: tuple[dt.date, float]) -> pl.DataFrame:
    return pl.DataFrame({"date": [d for d, _ in rows], "value": [v for _, v in rows]})


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    with writer(path) as con:
        replace_index_series(
            con, "NIFTY 50 TRI", _series((D(2024, 1, 2), 11.0), (D(2024, 1, 1), 10.0)),
            kind="tri", source="a.csv",
        )  # fmt: skip
        replace_index_series(
            con, "NIFTY 50", _series((D(2024, 1, 1), 5.0)), kind="price", source="b.csv"
        )
    return path


def test_read_one_all_and_list(db: Path) -> None:
    con = reader(db)
    try:
        one = read_index_series(con, "nifty 50 tri")  # names match case-insensitively
        assert one is not None
        assert one.rows() == [
            (D(2024, 1, 1), 10.0, "NIFTY 50 TRI", "tri", "a.csv"),
            (D(2024, 1, 2), 11.0, "NIFTY 50 TRI", "tri", "a.csv"),
        ]
        assert read_index_series(con, "NIFTY 100") is None
        assert read_all_index_series(con).height == 3
        assert list_index_series(con).rows() == [
            ("NIFTY 50", "price", "b.csv", D(2024, 1, 1), D(2024, 1, 1), 1, 5.0, 5.0),
            ("NIFTY 50 TRI", "tri", "a.csv", D(2024, 1, 1), D(2024, 1, 2), 2, 10.0, 11.0),
        ]
    finally:
        con.close()


def test_replace_touches_only_that_series(db: Path) -> None:
    with writer(db) as con:
        replaced = replace_index_series(
            con, "Nifty 50 TRI", _series((D(2025, 1, 1), 20.0)), kind="tri", source="c.csv"
        )
    assert replaced is True
    con = reader(db)
    try:
        listed = list_index_series(con)
        assert listed["name"].to_list() == ["NIFTY 50", "Nifty 50 TRI"]
        assert listed["points"].to_list() == [1, 1]
    finally:
        con.close()


def test_a_failed_write_leaves_the_series(db: Path) -> None:
    before = current_snapshot(db)
    with pytest.raises(RuntimeError), writer(db) as con:
        replace_index_series(
            con, "NIFTY 50 TRI", _series((D(2025, 1, 1), 1.0)), kind="tri", source="x"
        )
        raise RuntimeError("killed half-way")
    assert current_snapshot(db) == before
    con = reader(db)
    try:
        got = read_index_series(con, "NIFTY 50 TRI")
        assert got is not None and got.height == 2
    finally:
        con.close()


def test_bad_kind_is_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="kind"), writer(db) as con:
        replace_index_series(con, "x", _series((D(2024, 1, 1), 1.0)), kind="total", source="x")


def test_store_made_before_the_table_existed(db: Path) -> None:
    with writer(db) as con:  # what a store of an earlier build looks like
        con.execute("DROP TABLE index_series")
    con = reader(db)
    try:
        assert not has_index_table(con)
        assert read_index_series(con, "NIFTY 50") is None
        assert read_all_index_series(con).height == 0
        assert list_index_series(con).height == 0
        assert list_index_series(con).columns[:3] == ["name", "kind", "source"]
    finally:
        con.close()
    with writer(db) as con:  # its next write gains the table
        assert has_index_table(con)
        assert (
            replace_index_series(
                con, "NIFTY 50", _series((D(2024, 1, 1), 5.0)), kind="price", source="b.csv"
            )
            is False
        )
