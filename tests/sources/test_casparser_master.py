"""casparser-isin master: read with sqlite3, typed, cached, one row per stored row with a code."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from fundlens.errors import InputError
from fundlens.sources.casparser_master import (
    CASPARSER_COLUMNS,
    casparser_db_path,
    load_casparser_master,
)


def test_columns_and_types() -> None:
    frame = load_casparser_master()
    assert frame.columns == list(CASPARSER_COLUMNS)
    assert frame["amfi_code"].dtype == pl.Int64
    assert frame["amfi_code"].null_count() == 0
    assert frame.height > 20_000  # ~29k stored rows, ~23k with an AMFI code


def test_cached() -> None:
    assert load_casparser_master() is load_casparser_master()


def test_known_code_has_both_isins() -> None:
    # The db holds 100286 (Kotak Aggressive Hybrid Regular IDCW) with a payout and a
    # reinvestment ISIN.
    rows = load_casparser_master().filter(pl.col("amfi_code") == 100286)
    assert set(rows["isin"]) == {"INF174K01443", "INF174K01450"}
    assert set(rows["sebi_category"]) == {"Hybrid Scheme - Aggressive Hybrid Fund"}


def test_db_path_exists() -> None:
    assert casparser_db_path().name == "isin.db"
    assert casparser_db_path().is_file()


def test_missing_db_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        load_casparser_master(tmp_path / "missing.db")
