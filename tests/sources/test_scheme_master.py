"""AMFI scheme master reader: both header forms, bad codes counted, unknown headers refused.

Numbers come from the real file (9,037 rows, documented in ../shared/data/meta/README.md)
and from the hand-written fixture ``tests/fixtures/amfi_schemedata_handwritten.csv``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from fundlens.errors import InputError
from fundlens.sources.scheme_master import (
    MASTER_COLUMNS,
    load_scheme_master,
    read_scheme_master,
)
from tests.conftest import SCHEME_MASTER

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "amfi_schemedata_handwritten.csv"


@pytest.fixture(scope="module")
def real() -> pl.DataFrame:
    return read_scheme_master(SCHEME_MASTER)


def test_real_master_shape_and_types(real: pl.DataFrame) -> None:
    assert real.columns == list(MASTER_COLUMNS)
    assert real.height == 9037
    assert real["scheme_code"].dtype == pl.Int64
    assert real["launch_date"].dtype == pl.Date
    assert real["closure_date"].dtype == pl.Date
    assert real["scheme_code"].n_unique() == 9037
    assert real["scheme_type"].value_counts().sort("scheme_type").rows() == [
        ("Close Ended", 1271),
        ("Interval Fund", 16),
        ("Open Ended", 7750),
    ]


def test_real_master_known_row(real: pl.DataFrame) -> None:
    # README: 122639 Parag Parikh Flexi Cap Direct, NFO 2013-05-13 … 2013-05-21
    row = real.filter(pl.col("scheme_code") == 122639).row(0, named=True)
    assert row["launch_date"] == dt.date(2013, 5, 13)
    assert row["closure_date"] == dt.date(2013, 5, 21)
    assert row["nav_name"] == "Parag Parikh Flexi Cap Fund - Direct Plan - Growth"
    assert row["isin_growth"] == "INF879O01027"
    assert row["isin_reinvest"] is None  # '-' in the file


def test_real_master_one_missing_launch_date(real: pl.DataFrame) -> None:
    assert real["launch_date"].null_count() == 1  # README: one row without Launch_Date


def test_real_master_nothing_dropped() -> None:
    read = load_scheme_master(SCHEME_MASTER)
    assert (read.layout, read.rows_read, read.dropped_bad_code) == ("kaggle", 9037, 0)


def test_amfi_schemedata_layout() -> None:
    read = load_scheme_master(FIXTURE)
    assert read.layout == "amfi"
    assert (read.rows_read, read.dropped_bad_code) == (4, 1)
    frame = read.frame
    assert frame["scheme_code"].to_list() == [100034, 122639, 118955]
    first = frame.row(0, named=True)
    assert first["isin_growth"] == "INF209K01157"
    assert first["isin_reinvest"] == "INF209K01CE5"
    assert first["launch_date"] == dt.date(1995, 2, 24)
    hdfc = frame.row(2, named=True)
    assert hdfc["launch_date"] == dt.date(1994, 12, 8)  # upper-case month DEC
    assert hdfc["isin_growth"] == "INF179K01UT0"  # trailing space in the cell
    assert hdfc["isin_reinvest"] is None


def test_amfi_header_with_leading_space(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(",Closure Date,", ", Closure Date,")
    path = tmp_path / "schemes.csv"
    path.write_text(text, encoding="utf-8")
    assert load_scheme_master(path).frame.height == 3


def test_unknown_header_raises(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown scheme-master header"):
        read_scheme_master(path)


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_scheme_master(tmp_path / "absent.csv")
