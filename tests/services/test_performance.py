"""services.performance on a store of two real histories (100822 and 120716, UTI Nifty 50
index fund, Regular and Direct): request checks, month and range boundaries, labels.
Values against the engine and by hand are in tests/api/test_performance.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from fundlens.cli import main
from fundlens.errors import InputError
from fundlens.services.performance import drawdown_stats, rolling_comparison
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("perf") / "two.duckdb"
    files = [str(NAV_JSON / "100822.json"), str(NAV_JSON / "120716.json")]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return db


@pytest.fixture
def con(store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = reader(store)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("codes", "bench", "dates", "message"),
    [
        ([], None, (None, None), "at least one"),
        ([1, 2, 3, 4, 5, 6], None, (None, None), "at most 5 schemes"),
        ([100822, 100822], None, (None, None), "repeated"),
        ([100822], 100822, (None, None), "also one of scheme_codes"),
        ([100822], None, (dt.date(2015, 1, 2), dt.date(2015, 1, 1)), "after end_date"),
        ([100822, 424242], None, (None, None), "scheme 424242 is not in the store"),
        ([100822], 424242, (None, None), "scheme 424242 is not in the store"),
    ],
)
def test_bad_requests(
    con: duckdb.DuckDBPyConnection,
    codes: list[int],
    bench: int | None,
    dates: tuple[dt.date | None, dt.date | None],
    message: str,
) -> None:
    with pytest.raises(InputError, match=message):
        rolling_comparison(con, codes, bench, windows=("1y",), start_date=dates[0],
                           end_date=dates[1])  # fmt: skip
    with pytest.raises(InputError, match=message):
        drawdown_stats(con, codes, bench, start_date=dates[0], end_date=dates[1])


def test_months_inside_the_range_only(con: duckdb.DuckDBPyConnection) -> None:
    out = rolling_comparison(
        con, [100822], None, windows=("1y",),
        start_date=dt.date(2010, 1, 15), end_date=dt.date(2010, 6, 29),
    )  # fmt: skip
    (monthly,) = out["monthly"]
    # January starts before the range and June ends after it: Feb … May
    assert monthly["dates"] == ["2010-02-28", "2010-03-31", "2010-04-30", "2010-05-31"]
    assert out["benchmark_code"] is None and out["benchmark_label"] is None


def test_pairs_and_labels(con: duckdb.DuckDBPyConnection) -> None:
    out = rolling_comparison(con, [100822], 120716, windows=("1y", "3y"))
    assert [(s["scheme_code"], s["role"], s["window"]) for s in out["series"]] == [
        (100822, "fund", "1y"), (100822, "fund", "3y"),
        (120716, "benchmark", "1y"), (120716, "benchmark", "3y"),
    ]  # fmt: skip
    assert out["benchmark_label"] == "index fund (incl. costs)"
    # the Direct plan starts on 1 Jan 2013: the fund's windows are the common ones
    fund_1y = out["series"][0]
    assert fund_1y["dates"][0] >= "2014-01-01"
    assert "beat_benchmark" in fund_1y["summary"]
    assert "beat_benchmark" not in out["series"][2]["summary"]
    assert out["names"][120716] == "UTI Nifty 50 Index Fund - Growth Option- Direct"


def test_drawdown_range_outside_the_data(con: duckdb.DuckDBPyConnection) -> None:
    out = drawdown_stats(con, [100822], 120716, end_date=dt.date(2012, 12, 31))
    fund, bench = out["rows"]
    assert fund["peak_date"] == dt.date(2008, 1, 8)  # the anchor lies inside the range
    assert bench["role"] == "benchmark" and bench["navs"] == 0
    assert bench["max_drawdown"] is None
    assert bench["reasons"]["max_drawdown"] == "0 NAV(s) in the range: a drawdown needs 2"
