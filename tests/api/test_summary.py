"""``POST /api/v1/performance/summary`` through a real server.

Against the engine on the same store: the full set (``metrics_report``), the rolling
series (``services.rolling.rolling_report``), and statistics of the excess series
recomputed with numpy from the engine's full-resolution rolling series. By hand / by an
independent library: Freefincal's monthly capture from the scatter's months with
empyrical-reloaded's ``up_capture``/``down_capture`` (period="monthly"), and one monthly
return read from the NAV file of 103504.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import empyrical
import httpx
import numpy as np
import pandas as pd
import pytest

from fundlens.services.metrics import scheme_benchmark
from fundlens.services.report import metrics_report
from fundlens.services.rolling import rolling_report
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

RF = 0.065
URL = "/api/v1/performance/summary"


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="module")
def real_summary(real_api: str) -> dict:
    body = {
        "scheme_codes": [103504, 119598],
        "benchmark_code": 100822,
        "windows": ["1y", "3y"],
        "rf": RF,
    }
    r = httpx.post(f"{real_api}{URL}", json=body, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_shape_and_stamp(real_summary: dict) -> None:
    s = real_summary
    assert s["as_of_date"] == "2016-06-10" and s["synthetic"] is False
    assert s["benchmark_code"] == 100822 and s["windows"] == ["1y", "3y"]
    assert [f["scheme_code"] for f in s["funds"]] == [103504, 119598]
    for fund in s["funds"]:
        assert [b["window"] for b in fund["rolling"]] == ["1y", "3y"]
        assert fund["metrics"]["benchmark"]["code"] == 100822


def test_full_sets_equal_the_engine(real_summary: dict, real_store: Path) -> None:
    with engine(real_store) as con:
        for fund in real_summary["funds"]:
            code = fund["scheme_code"]
            expected = metrics_report(con, code, benchmark=100822, rf=RF)
            assert fund["metrics"]["metrics"] == expected["metrics"]
            assert fund["metrics"]["reasons"] == expected["reasons"]
            assert fund["metrics"]["window"] == expected["window"]
            window = expected["window"]
            bench = metrics_report(
                con,
                100822,
                benchmark=None,
                start_date=dt.date.fromisoformat(window["start_date"]),
                end_date=dt.date.fromisoformat(window["end_date"]),
                rf=RF,
            )
            assert fund["benchmark_metrics"]["metrics"] == bench["metrics"]
            assert fund["benchmark_metrics"]["window"] == bench["window"]
            m = expected["metrics"]
            assert fund["capture"]["up_capture_monthly"] == m["up_capture_monthly"]
            assert fund["capture"]["down_capture_monthly"] == m["down_capture_monthly"]
            assert fund["capture"]["capture_ratio"] == m["capture_ratio"]


def test_rolling_series_and_excess(real_summary: dict, real_store: Path) -> None:
    lengths: list[int] = []
    seen_none: list[str] = []
    with engine(real_store) as con:
        for fund in real_summary["funds"]:
            code = fund["scheme_code"]
            shown = rolling_report(con, code, benchmark=100822, windows=("1y", "3y"))
            full = rolling_report(
                con, code, benchmark=100822, windows=("1y", "3y"), max_points=None
            )
            for block in fund["rolling"]:
                w = block["window"]
                # display points: the engine's (≤ 500, evenly picked), excess = fund − bench
                assert block["dates"] == shown["windows"][w]["dates"]
                assert block["fund"] == shown["windows"][w]["fund"]
                assert block["benchmark"] == shown["windows"][w]["benchmark"]
                assert len(block["dates"]) <= 500
                assert np.allclose(
                    block["excess"], np.subtract(block["fund"], block["benchmark"]), atol=1e-15
                )
                assert block["summary"] == shown["windows"][w]["summary"]
                # statistics from the full-resolution series, recomputed with numpy
                f = np.array(full["windows"][w]["fund"])
                b = np.array(full["windows"][w]["benchmark"])
                excess = f - b
                lengths.append(len(excess))
                stats = block["excess_summary"]
                assert stats["count"] == len(excess)
                assert stats["mean"] == pytest.approx(excess.mean(), rel=1e-12)
                assert stats["median"] == pytest.approx(np.median(excess), rel=1e-12)
                assert stats["min"] == pytest.approx(excess.min(), rel=1e-12)
                assert stats["max"] == pytest.approx(excess.max(), rel=1e-12)
                assert stats["std"] == pytest.approx(excess.std(ddof=1), rel=1e-9)
                assert stats["positive_share"] == pytest.approx((excess > 0).mean(), rel=1e-12)
                assert stats["positive_share"] == block["summary"]["beat_benchmark"]
                down = b < 0
                assert block["down_market_windows"] == int(down.sum())
                if down.any():
                    assert block["down_market_excess"] == pytest.approx(
                        excess[down].mean(), rel=1e-12
                    )
                else:  # null, and the reason says why
                    assert block["down_market_excess"] is None
                    assert fund["reasons"][f"down_market_excess_{w}"].startswith(
                        f"no {w} rolling window with a negative benchmark return"
                    )
                    seen_none.append(w)
    assert max(lengths) > 500  # statistics of more points than the display shows
    assert seen_none == ["3y"]  # 119598's 36 3y windows (2016) all had a rising benchmark


def test_down_market_excess_1y_equals_the_full_set_key(real_summary: dict) -> None:
    """No start date: the 1y rolling windows are those of the full set's key."""
    for fund in real_summary["funds"]:
        one_year = fund["rolling"][0]
        assert one_year["down_market_excess"] == pytest.approx(
            fund["metrics"]["metrics"]["down_market_excess"], rel=1e-12
        )


def test_scatter_gives_the_capture_with_empyrical(real_summary: dict) -> None:
    for fund in real_summary["funds"]:
        points = fund["scatter"]
        months = [p["month"] for p in points]
        assert months == sorted(months) and len(set(months)) == len(months)
        idx = pd.PeriodIndex(months, freq="M").to_timestamp(how="end")
        f = pd.Series([p["fund"] for p in points], index=idx)
        b = pd.Series([p["benchmark"] for p in points], index=idx)
        up = empyrical.up_capture(f, b, period="monthly")
        down = empyrical.down_capture(f, b, period="monthly")
        capture = fund["capture"]
        assert capture["up_capture_monthly"] == pytest.approx(up, rel=1e-9)
        assert capture["down_capture_monthly"] == pytest.approx(down, rel=1e-9)
        assert capture["capture_ratio"] == pytest.approx(up / down, rel=1e-9)
        assert capture["up_months"] == int((b > 0).sum())
        assert capture["down_months"] == int((b < 0).sum())
        assert capture["up_months"] + capture["down_months"] == len(points)


def test_a_scatter_month_by_hand(real_summary: dict) -> None:
    """October 2008 of 103504: last NAV of October / last NAV of September − 1, from the
    file (31-10-2008 7.66; September's last NAV read the same way)."""
    rows = json.loads((NAV_JSON / "103504.json").read_text())["data"]
    navs = {dt.datetime.strptime(r["date"], "%d-%m-%Y").date(): float(r["nav"]) for r in rows}
    sep = max(d for d in navs if d.year == 2008 and d.month == 9)
    oct_ = max(d for d in navs if d.year == 2008 and d.month == 10)
    assert navs[oct_] == 7.66
    point = next(p for p in real_summary["funds"][0]["scatter"] if p["month"] == "2008-10")
    assert point["fund"] == pytest.approx(navs[oct_] / navs[sep] - 1, rel=1e-12)


def test_a_start_date_clips_after_computing(real_api: str, real_store: Path) -> None:
    body = {
        "scheme_codes": [103504],
        "benchmark_code": 100822,
        "start_date": "2012-01-01",
        "end_date": "2015-06-30",
        "windows": ["1y"],
        "rf": RF,
    }
    s = httpx.post(f"{real_api}{URL}", json=body, timeout=60).json()
    block = s["funds"][0]["rolling"][0]
    assert block["dates"][0] >= "2012-01-01" and block["dates"][-1] <= "2015-06-30"
    with engine(real_store) as con:
        shown = rolling_report(
            con, 103504, benchmark=100822, windows=("1y",),
            start_date=dt.date(2012, 1, 1), end_date=dt.date(2015, 6, 30),
        )  # fmt: skip
        expected = metrics_report(
            con, 103504, benchmark=100822, rf=RF,
            start_date=dt.date(2012, 1, 1), end_date=dt.date(2015, 6, 30),
        )  # fmt: skip
    assert block["fund"] == shown["windows"]["1y"]["fund"]
    assert block["summary"] == shown["windows"]["1y"]["summary"]
    assert s["funds"][0]["metrics"]["metrics"] == expected["metrics"]
    months = [p["month"] for p in s["funds"][0]["scatter"]]
    assert months[0] >= "2012-01" and months[-1] <= "2015-06"


def test_auto_benchmark_per_fund_on_the_demo_store(demo_api: str, demo_store: Path) -> None:
    with engine(demo_store) as con:
        codes = [900010, 900060, 900032]  # large cap, mid cap, overnight
        expected = {c: scheme_benchmark(con, c) for c in codes}
    r = httpx.post(f"{demo_api}{URL}", json={"scheme_codes": codes}, timeout=60)
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["synthetic"] is True and s["benchmark_code"] == "auto"
    assert s["windows"] == ["1y", "3y", "5y"]
    for fund in s["funds"]:
        bench, reason = expected[fund["scheme_code"]]
        if bench is None:
            assert fund["metrics"]["benchmark"] is None
            assert fund["benchmark_metrics"] is None
            assert fund["reasons"]["benchmark"] == reason
            assert fund["scatter"] == []
            assert all(b["benchmark"] is None and b["excess"] is None for b in fund["rolling"])
            assert fund["capture"]["up_capture_monthly"] is None
        else:
            assert fund["metrics"]["benchmark"]["code"] == bench
            assert fund["benchmark_metrics"]["scheme_code"] == bench
            assert fund["scatter"] and all(b["excess"] for b in fund["rolling"])
    assert any(expected[c][0] is None for c in codes)  # the overnight fund has none
    assert any(expected[c][0] is not None for c in codes)


def test_a_window_too_long_says_why(real_api: str) -> None:
    body = {"scheme_codes": [122639], "benchmark_code": 120716, "windows": ["3y"]}
    fund = httpx.post(f"{real_api}{URL}", json=body, timeout=60).json()["funds"][0]
    block = fund["rolling"][0]
    assert block["summary"]["count"] == 0 and block["dates"] == [] and block["excess"] == []
    assert block["down_market_excess"] is None
    assert fund["reasons"]["rolling_3y"].startswith("no 3y rolling window ends in the range")


@pytest.mark.parametrize(
    ("body", "loc", "text"),
    [
        ({"scheme_codes": [1, 2, 3, 4, 5, 6]}, ["body", "scheme_codes"], "at most 5"),
        ({"scheme_codes": []}, ["body", "scheme_codes"], "at least 1"),
        ({"scheme_codes": [103504, 103504]}, ["body", "scheme_codes"], "distinct"),
        ({"scheme_codes": [103504], "windows": ["2y"]}, ["body", "windows", 0], "'1y'"),
        ({"scheme_codes": [103504], "windows": []}, ["body", "windows"], "at least 1"),
        ({"scheme_codes": [103504], "benchmark_code": 103504}, ["body"], "own benchmark"),
        ({"scheme_codes": [103504], "benchmark_code": "nifty"}, ["body", "benchmark_code"], ""),
        ({"scheme_codes": [103504], "rf": 6.5}, ["body", "rf"], "less than or equal to 1"),
        ({"scheme_codes": [103504], "start_date": "2015-01-01", "end_date": "2014-01-01"},
         ["body"], "after end_date"),
        ({"scheme_codes": [103504], "extra": 1}, ["body", "extra"], "Extra inputs"),
        ({"scheme_codes": ["103504"]}, ["body", "scheme_codes", 0], "a JSON number"),
        ({"scheme_codes": [103504], "rf": False}, ["body", "rf"], "a JSON number"),
        ({"scheme_codes": [103504], "start_date": 0}, ["body", "start_date"], "an ISO date"),
        ({"scheme_codes": [103504], "start_date": "2015-01-01T00:00:00"},
         ["body", "start_date"], "an ISO date"),
    ],
)  # fmt: skip
def test_bad_requests_are_422(real_api: str, body: dict, loc: list, text: str) -> None:
    r = httpx.post(f"{real_api}{URL}", json=body)
    assert r.status_code == 422
    errors = r.json()["detail"]
    assert any(e["loc"][: len(loc)] == loc and text in e["msg"] for e in errors), errors


def test_unknown_schemes_are_404(real_api: str) -> None:
    r = httpx.post(f"{real_api}{URL}", json={"scheme_codes": [103504, 42]})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 42 is not in the store"}
    r = httpx.post(f"{real_api}{URL}", json={"scheme_codes": [103504], "benchmark_code": 999999})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 999999 is not in the store"}
