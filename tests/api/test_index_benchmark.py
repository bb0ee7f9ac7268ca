"""A stored index series as the benchmark (``benchmark_index``) of ``/api/performance/*``
and ``/api/v1/performance/summary``, and ``GET /api/v1/indices``, through a real server.

The store: real NAVs of 103504 (SBI Blue Chip), 100822 (UTI Nifty 50 Index) and 122639
(Parag Parikh Flexi Cap), plus three imported series — NIFTY 50 TRI (investing.com export,
2007-2025), NIFTY 50 price (NSE export, 2004-2024), and "UTI NIFTY NAV": 100822's own NAVs
from its MFAPI file, imported as a price series. By hand: the TRI's 2008 fall and one
rolling return read from the CSV. Against the scheme path: 100822 as a benchmark scheme
and "UTI NIFTY NAV" as a benchmark series give the same numbers (one engine, two ways in).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fundlens.cli import main
from tests.api.server import live_server
from tests.conftest import NAV_JSON, SHARED

META_INDEX = SHARED / "data" / "meta" / "index"
TRI_CSV = META_INDEX / "NIFTY Total Returns Historical Data.csv"
PRICE_CSV = META_INDEX / "NIFTY 50_Historical_PR_12112004to12112024.csv"
CODES = (103504, 100822, 122639)
RANGE = {"start_date": "2007-01-01", "end_date": "2016-02-22"}


def _nav_as_index(path: Path, out: Path) -> Path:
    """100822's MFAPI history as an index file (a JSON list of date/close)."""
    rows = json.loads(path.read_text())["data"]
    points = {}
    for row in rows:
        day = dt.datetime.strptime(row["date"], "%d-%m-%Y").date().isoformat()
        points[day] = float(row["nav"])
    out.write_text(json.dumps([{"date": d, "close": v} for d, v in sorted(points.items())]))
    return out


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("index-benchmark")
    db = home / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    assert main(["index", "import", "NIFTY 50 TRI", str(TRI_CSV), "--db", str(db)]) == 0
    assert main(["index", "import", "NIFTY 50", str(PRICE_CSV), "--db", str(db)]) == 0
    nav_file = _nav_as_index(NAV_JSON / "100822.json", home / "uti.json")
    assert (
        main(["index", "import", "UTI NIFTY NAV", str(nav_file), "--price", "--db", str(db)]) == 0
    )
    with live_server(db) as base:
        yield base


def _post(api: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(f"{api}{path}", json=body, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def _same(a: dict[str, Any], b: dict[str, Any]) -> None:
    """Equal keys; equal numbers to 1e-9 relative; nulls and texts in the same places."""
    assert a.keys() == b.keys()
    for key, value in a.items():
        if value is None or isinstance(value, str):
            assert b[key] == value, key
        else:
            assert b[key] == pytest.approx(value, rel=1e-9), key


def _tri_csv() -> dict[dt.date, float]:
    """The investing.com TRI export read by hand: MM/DD/YYYY dates, "36,293.51" values."""
    with TRI_CSV.open(encoding="utf-8-sig", newline="") as f:
        return {
            dt.datetime.strptime(row["Date"], "%m/%d/%Y").date(): float(
                row["Price"].replace(",", "")
            )
            for row in csv.DictReader(f)
        }


def test_indices_lists_the_stored_series(api: str) -> None:
    got = httpx.get(f"{api}/api/v1/indices").json()
    assert got["as_of_date"] == "2016-02-22" and got["synthetic"] is False
    rows = {r["name"]: r for r in got["data"]}
    assert got["count"] == got["total"] == 3
    assert rows["NIFTY 50 TRI"]["kind"] == "tri" and rows["NIFTY 50 TRI"]["label"] == "TRI"
    assert rows["NIFTY 50 TRI"]["first_date"] == "2007-01-02"
    assert rows["NIFTY 50 TRI"]["last_date"] == "2025-05-02"
    assert rows["NIFTY 50 TRI"]["points"] == 4537
    assert rows["NIFTY 50 TRI"]["last_value"] == 36293.51
    assert rows["NIFTY 50"]["label"] == "price index"


def test_rolling_returns_against_an_index(api: str) -> None:
    body = {"scheme_codes": [103504], "benchmark_index": "nifty 50 tri", "windows": ["1y"]}
    got = _post(api, "/api/performance/rolling-returns", body | RANGE)
    assert got["benchmark_code"] is None and got["benchmark_index"] == "nifty 50 tri"
    fund, bench = got["series"]
    assert fund["scheme_code"] == 103504 and fund["summary"]["beat_benchmark"] is not None
    assert bench["scheme_code"] is None and bench["scheme_name"] == "NIFTY 50 TRI"
    assert bench["role"] == "benchmark" and bench["label"] == "TRI"
    # by hand: the last 1y window ends 22 Feb 2016; 22 Feb 2015 was a Sunday, so the
    # window starts from Friday 20 Feb 2015's value (forward-filled)
    tri = _tri_csv()
    expected = (tri[dt.date(2016, 2, 22)] / tri[dt.date(2015, 2, 20)] - 1) * 100
    assert bench["data"][-1]["date"] == "2016-02-22"
    assert bench["data"][-1]["value"] == pytest.approx(expected, abs=1e-6)
    monthly = {m["role"]: m for m in got["monthly_returns"]}
    assert monthly["benchmark"]["scheme_code"] is None
    assert monthly["benchmark"]["scheme_name"] == "NIFTY 50 TRI"


def test_drawdown_of_the_tri_by_hand(api: str) -> None:
    body = {"scheme_codes": [103504], "benchmark_index": "NIFTY 50 TRI"} | RANGE
    got = _post(api, "/api/performance/fund-analytics", body)
    assert got["benchmark_index"] == "NIFTY 50 TRI"
    bench = got["drawdown_stats"][-1]
    assert bench["scheme_code"] is None and bench["role"] == "benchmark"
    tri = _tri_csv()
    peak, trough = tri[dt.date(2008, 1, 8)], tri[dt.date(2008, 10, 27)]
    assert (bench["peak_date"], bench["trough_date"]) == ("2008-01-08", "2008-10-27")
    assert bench["peak_nav"] == peak and bench["trough_nav"] == trough
    assert bench["max_drawdown"] == pytest.approx((trough / peak - 1) * 100, abs=1e-6)
    assert bench["drawdown_duration_days"] == 293
    # the first close at or above the peak after the trough
    recovery = min(d for d, v in tri.items() if d > dt.date(2008, 10, 27) and v >= peak)
    assert bench["recovery_date"] == recovery.isoformat()


def test_a_series_and_its_scheme_give_the_same_numbers(api: str) -> None:
    """100822 as a scheme benchmark and its NAVs as an imported series: one engine."""
    common = {"scheme_codes": [103504], "windows": ["1y", "3y"]} | RANGE
    as_scheme = _post(api, "/api/performance/rolling-returns", common | {"benchmark_code": 100822})
    as_index = _post(
        api, "/api/performance/rolling-returns", common | {"benchmark_index": "UTI NIFTY NAV"}
    )
    for a, b in zip(as_scheme["series"], as_index["series"], strict=True):
        _same(a["summary"], b["summary"])
        assert a["data"] == b["data"]
    summary = "/api/v1/performance/summary"
    s = _post(api, summary, common | {"benchmark_code": 100822})["funds"][0]
    i = _post(api, summary, common | {"benchmark_index": "UTI NIFTY NAV"})["funds"][0]
    for key in ("sharpe", "sortino", "volatility", "beta", "tracking_error", "information_ratio",
                "up_capture_monthly", "down_capture_monthly", "capture_ratio"):  # fmt: skip
        assert i["metrics"]["metrics"][key] == pytest.approx(s["metrics"]["metrics"][key], rel=1e-9)
    _same(s["capture"], i["capture"])
    assert [p["month"] for p in i["scatter"]] == [p["month"] for p in s["scatter"]]
    for a, b in zip(s["scatter"], i["scatter"], strict=True):
        _same(a, b)
    for a, b in zip(s["rolling"], i["rolling"], strict=True):
        assert b["down_market_excess"] == pytest.approx(a["down_market_excess"], rel=1e-9)
        _same(a["excess_summary"], b["excess_summary"])
    assert i["metrics"]["benchmark"]["code"] is None
    assert i["metrics"]["benchmark"]["label"] == "price index"
    own, ref = i["benchmark_metrics"], s["benchmark_metrics"]
    assert own["scheme_code"] is None and own["name"] == "UTI NIFTY NAV"
    assert own["window"] == ref["window"]
    for key in ("cagr", "volatility", "sharpe", "max_drawdown"):
        assert own["metrics"][key] == pytest.approx(ref["metrics"][key], rel=1e-9)
    dd = "/api/performance/fund-analytics"
    a = _post(api, dd, RANGE | {"scheme_codes": [103504], "benchmark_code": 100822})
    b = _post(api, dd, RANGE | {"scheme_codes": [103504], "benchmark_index": "UTI NIFTY NAV"})
    keep = ("max_drawdown", "peak_date", "trough_date", "recovery_date", "peak_nav")
    assert [{k: r[k] for k in keep} for r in a["drawdown_stats"]] == [
        {k: r[k] for k in keep} for r in b["drawdown_stats"]
    ]


def test_a_young_fund_against_an_index_says_why(api: str) -> None:
    body = {"scheme_codes": [122639], "benchmark_index": "NIFTY 50 TRI", "windows": ["3y"]}
    got = _post(api, "/api/performance/rolling-returns", body)
    fund = got["series"][0]
    assert fund["data"] == [] and fund["summary"]["count"] == 0
    assert "no 3y window ends in the range" in fund["reason"]


@pytest.mark.parametrize(
    "path", ["/api/performance/rolling-returns", "/api/performance/fund-analytics"]
)
def test_benchmark_code_and_index_together_are_422(api: str, path: str) -> None:
    body = {"scheme_codes": [103504], "benchmark_code": 100822, "benchmark_index": "NIFTY 50"}
    r = httpx.post(f"{api}{path}", json=body)
    assert r.status_code == 422
    assert "give benchmark_code or benchmark_index, not both" in r.text


def test_summary_refuses_a_code_and_an_index(api: str) -> None:
    body = {"scheme_codes": [103504], "benchmark_code": 100822, "benchmark_index": "NIFTY 50"}
    r = httpx.post(f"{api}/api/v1/performance/summary", json=body)
    assert r.status_code == 422 and "not both" in r.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/performance/rolling-returns",
        "/api/performance/fund-analytics",
        "/api/v1/performance/summary",
    ],
)
def test_an_unknown_index_is_404_naming_the_stored_ones(api: str, path: str) -> None:
    r = httpx.post(f"{api}{path}", json={"scheme_codes": [103504], "benchmark_index": "NIFTY 100"})
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert "no index series 'NIFTY 100' in the store" in detail
    assert "'NIFTY 50 TRI'" in detail


def test_a_store_without_series_lists_none(demo_api: str) -> None:
    got = httpx.get(f"{demo_api}/api/v1/indices").json()
    assert got["data"] == [] and got["count"] == 0 and got["synthetic"] is True
