"""Importing index series (replace, all or nothing, old stores) and the benchmark overview
on a store of real funds."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundlens.cli import main
from fundlens.errors import InputError
from fundlens.services.indices import (
    IndexBenchmark,
    benchmark_overview,
    import_index,
    index_series_list,
)
from fundlens.services.report import metrics_report
from fundlens.store.snapshots import current_snapshot, reader, writer
from tests.conftest import NAV_JSON, SHARED

META_INDEX = SHARED / "data" / "meta" / "index"
PRICE = META_INDEX / "NIFTY 50_Historical_PR_12112004to12112024.csv"
TRI = META_INDEX / "TRI_NIFTY_50_nsedashboard.csv"
#: UTI Nifty 50 Regular/Direct, ICICI Nifty Next 50 Regular/Direct, SBI Blue Chip, HDFC Mid-Cap
CODES = (100822, 120716, 112957, 120684, 103504, 105758)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(path), "--json"]) == 0
    return path


def _listed(db: Path) -> list[dict[str, object]]:
    con = reader(db)
    try:
        return index_series_list(con)
    finally:
        con.close()


def test_import_then_replace(db: Path, tmp_path: Path) -> None:
    first = import_index(db, "NIFTY 50", PRICE)
    assert first.to_json() == {
        "name": "NIFTY 50",
        "kind": "price",
        "kind_reason": "file name says price return",
        "label": "price index",
        "path": str(PRICE),
        "layout": "nse_historical",
        "column": "Close",
        "rows": 4961,
        "points": 4961,
        "first_date": "2004-11-12",
        "last_date": "2024-11-11",
        "first_value": 1872.95,
        "last_value": 24141.3,
        "duplicates": 0,
        "rejected_by_reason": {},
        "replaced": False,
    }
    mine = tmp_path / "mine.csv"
    mine.write_text("date,value\n2024-01-01,100\n2024-01-02,101\n", encoding="utf-8")
    second = import_index(db, "nifty 50", mine, kind="price")
    assert second.replaced and second.kind_reason == "--price" and second.points == 2
    assert [(r["name"], r["points"]) for r in _listed(db)] == [("nifty 50", 2)]


def test_a_bad_file_leaves_the_store_unchanged(db: Path, tmp_path: Path) -> None:
    import_index(db, "NIFTY 50 TRI", TRI)
    before, snapshot = _listed(db), current_snapshot(db)
    junk = tmp_path / "junk.csv"
    junk.write_text("date,value\n2024-01-01,N.A.\n", encoding="utf-8")
    with pytest.raises(InputError, match="no valid"):
        import_index(db, "NIFTY 50 TRI", junk)
    with pytest.raises(InputError, match="needs a name"):
        import_index(db, "  ", TRI)
    assert _listed(db) == before and current_snapshot(db) == snapshot


def test_store_without_the_table(db: Path) -> None:
    with writer(db) as con:
        con.execute("DROP TABLE index_series")
    assert _listed(db) == []
    con = reader(db)
    try:
        with pytest.raises(InputError, match="no index series 'NIFTY 50' in the store"):
            metrics_report(con, 100822, benchmark=IndexBenchmark("NIFTY 50"), rf=0.065)
        assert benchmark_overview(con)["series"] == []
    finally:
        con.close()
    assert import_index(db, "NIFTY 50", PRICE).points == 4961  # the next write adds it


def test_overview_on_real_funds(db: Path) -> None:
    import_index(db, "NIFTY 50 TRI", TRI)
    con = reader(db)
    try:
        overview = benchmark_overview(con)
    finally:
        con.close()
    funds = {f["scheme_code"]: f for f in overview["index_funds"]}
    assert list(funds) == [120716, 100822, 120684, 112957]  # Nifty 50, then Next 50
    assert funds[100822] == {
        "scheme_code": 100822,
        "name": "UTI Nifty 50 Index Fund - Regular Plan - Growth Option",
        "index": "Nifty 50",
        "group": "Nifty 50",
        "amc": "UTI Mutual Fund",
        "plan": "regular",
        "vehicle": "index",
        "first_nav_date": "2000-03-27",
        "last_nav_date": "2016-02-22",
        "label": "index fund (incl. costs)",
    }
    categories = {c["category"]: c for c in overview["categories"]}
    assert categories["Large Cap"]["primary_proxy"]["series"] == "NIFTY 50 TRI"
    # no Midcap 150 series or fund here: the Nifty 50 TRI stands in, as the metrics' chain
    mid = categories["Mid Cap"]["primary_proxy"]
    assert (mid["series"], mid["index"]) == ("NIFTY 50 TRI", "Nifty 50")
    assert overview["series"][0]["label"] == "TRI"


def test_a_scheme_benchmark_says_its_kind(db: Path) -> None:
    con = reader(db)
    try:
        report = metrics_report(con, 103504, rf=0.065)
    finally:
        con.close()
    assert report["benchmark"] == {
        "code": 100822,
        "name": "UTI Nifty 50 Index Fund - Regular Plan - Growth Option",
        "kind": "index fund (incl. costs)",
        "label": "index fund (incl. costs)",
    }
