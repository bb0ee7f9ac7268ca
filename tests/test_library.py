"""The notebook surface: ``fundlens.open(db)`` and ``fundlens.metrics(nav, benchmark=…)``.

The stored path (``Store.metrics``, events read from the store) and the ad-hoc path
(``fundlens.metrics`` on the same NAVs, events detected on the fly) must give the same
numbers key by key.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

import fundlens
from fundlens.analytics.keys import all_keys
from fundlens.cli import main
from fundlens.errors import InputError, StoreError
from fundlens.library import Metrics, Store
from fundlens.store.meta import META_KEYS
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

#: UTI Nifty 50 Regular / Direct, SBI Blue Chip, ICICI Equity & Debt (one-day outlier on
#: 02-10-2000), Mirae Large Cap (328-day hole), HDFC Liquid.
CODES = (100822, 120716, 103504, 100356, 107578, 100868)
PAIRS = ((103504, 100822), (100356, 100822), (107578, 100822), (100822, 120716))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("library") / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(path), "--json"]) == 0
    return path


def test_the_outlier_case_is_real(db: Path) -> None:
    # 100356's 02-10-2000 NAV (7.79 between 9.64 and 9.61) is an outlier event in the store,
    # so the agreement below covers the event rules, not only clean series
    con = reader(db)
    try:
        events = con.sql("SELECT date, kind FROM nav_events WHERE scheme_code = 100356").fetchall()
    finally:
        con.close()
    assert (dt.date(2000, 10, 2), "outlier") in events


def _same(a: Metrics, b: Metrics) -> list[tuple[str, float, float]]:
    """Keys where the two differ (NaN equals NaN)."""
    assert list(a.values) == list(b.values) == list(all_keys())
    return [
        (k, a[k], b[k])
        for k in a.values
        if not (a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])))
    ]


def test_nav_polars_and_pandas(db: Path) -> None:
    with fundlens.open(db) as store:
        frame = store.nav(100822)
        pdf = store.nav(100822, as_pandas=True)
    assert isinstance(frame, pl.DataFrame)
    assert frame.schema == pl.Schema({"date": pl.Date, "nav": pl.Float64})
    assert frame["date"].is_sorted() and frame["date"].n_unique() == frame.height
    assert frame["date"][0] == dt.date(2000, 3, 27)
    assert frame["date"][-1] == dt.date(2016, 2, 22)
    assert isinstance(pdf, pd.DataFrame)
    assert list(pdf.columns) == ["date", "nav"]
    assert len(pdf) == frame.height
    assert pdf["nav"].tolist() == frame["nav"].to_list()
    assert [d.date() for d in pd.to_datetime(pdf["date"])] == frame["date"].to_list()


def test_nav_date_range(db: Path) -> None:
    with fundlens.open(db) as store:
        part = store.nav(100822, start_date=dt.date(2008, 1, 1), end_date=dt.date(2008, 12, 31))
    assert isinstance(part, pl.DataFrame)
    assert part["date"].min() >= dt.date(2008, 1, 1)  # type: ignore[operator]
    assert part["date"].max() <= dt.date(2008, 12, 31)  # type: ignore[operator]
    assert part.height > 200


@pytest.mark.parametrize("code", CODES)
def test_stored_and_ad_hoc_agree_without_benchmark(db: Path, code: int) -> None:
    with fundlens.open(db) as store:
        stored = store.metrics(code, benchmark=None)
        ad_hoc = fundlens.metrics(store.nav(code))
    assert _same(stored, ad_hoc) == []
    assert stored.reasons == ad_hoc.reasons
    assert stored.window == ad_hoc.window


@pytest.mark.parametrize(("code", "bench"), PAIRS)
def test_stored_and_ad_hoc_agree_with_benchmark(db: Path, code: int, bench: int) -> None:
    with fundlens.open(db) as store:
        stored = store.metrics(code, benchmark=bench)
        ad_hoc = fundlens.metrics(store.nav(code), benchmark=store.nav(bench))
    assert _same(stored, ad_hoc) == []
    assert stored.reasons == ad_hoc.reasons
    assert stored.window == ad_hoc.window
    assert not math.isnan(stored["beta"])


def test_pandas_input_gives_the_same_numbers(db: Path) -> None:
    with fundlens.open(db) as store:
        polars_nav = store.nav(103504)
        bench = store.nav(100822)
        pandas_frame = store.nav(103504, as_pandas=True)
    series = pandas_frame.set_index(pd.to_datetime(pandas_frame["date"]))["nav"]
    from_polars = fundlens.metrics(polars_nav, benchmark=bench)
    assert _same(fundlens.metrics(pandas_frame, benchmark=bench), from_polars) == []
    assert _same(fundlens.metrics(series, benchmark=bench), from_polars) == []


def test_metrics_object(db: Path) -> None:
    with fundlens.open(db) as store:
        result = store.metrics(100822)
    assert isinstance(result, Metrics)
    assert round(result["max_drawdown"] * 100, 2) == -59.66
    report = result.to_dict()
    assert report["drawdown"]["peak_date"] == "2008-01-08"
    assert report["synthetic"] is False
    # NaN in values exactly where the JSON has null, and each has a reason
    nulls = {k for k, v in report["metrics"].items() if v is None}
    assert nulls == {k for k, v in result.values.items() if math.isnan(v)}
    assert nulls == set(result.reasons)


def test_rf_argument(db: Path) -> None:
    with fundlens.open(db) as store:
        nav = store.nav(103504)
        stored = store.metrics(103504, benchmark=None, rf=0.08)
    ad_hoc = fundlens.metrics(nav, rf=0.08)
    default = fundlens.metrics(nav)
    assert _same(stored, ad_hoc) == []
    assert ad_hoc["sharpe"] < default["sharpe"]
    assert ad_hoc.to_dict()["rf"] == {"kind": "flat", "annual_rate": 0.08}


def test_meta_has_the_meta_keys(db: Path) -> None:
    with fundlens.open(db) as store:
        meta = store.meta()
    assert tuple(meta) == META_KEYS
    assert meta["schemes"] == len(CODES)
    assert meta["synthetic"] is False


def test_context_manager_closes(db: Path) -> None:
    with fundlens.open(db) as store:
        assert isinstance(store, Store)
        con = store._reader.connection()
        assert con.sql("SELECT 1").fetchall() == [(1,)]
    with pytest.raises(duckdb.ConnectionException, match="closed"):
        con.sql("SELECT 1").fetchall()


def test_errors(db: Path, tmp_path: Path) -> None:
    with fundlens.open(db) as store, pytest.raises(InputError, match="not in the store"):
        store.metrics(42)
    with pytest.raises(InputError, match="date"):
        fundlens.metrics(pl.DataFrame({"day": [dt.date(2020, 1, 1)], "nav": [10.0]}))
    with pytest.raises(InputError):
        fundlens.metrics([1.0, 2.0])
    with pytest.raises(StoreError, match="no store at"):
        fundlens.open(tmp_path / "none.duckdb").nav(100822)


def test_public_surface() -> None:
    assert set(fundlens.__all__) >= {"open", "metrics", "Store", "Metrics"}
    assert fundlens.open is fundlens.library.open_store
    with pytest.raises(AttributeError):
        _ = fundlens.no_such_thing  # type: ignore[attr-defined]
