"""``POST /api/performance/rolling-returns`` and ``POST /api/performance/fund-analytics``
through a real server, on the 32 real histories and on the demo store.

Hand checks use NAVs read from ../shared/data/nav/100822.json (UTI Nifty 50 Index Fund,
Regular): the contract's drawdown anchor (−59.66 %, peak 08 Jan 2008 at 39.76, trough
27 Oct 2008 at 16.04, recovered 09 Dec 2013), one 1y and one 3y rolling return and one
month. Whole responses are compared with the engine called on the same store through
another path (``services.rolling.rolling_report``, ``services.metrics.fund_levels``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from fundlens.analytics.drawdown import drawdown_details
from fundlens.analytics.grid import day_index
from fundlens.analytics.returns import monthly_returns
from fundlens.api.schemas.performance import RollingReturnResponse
from fundlens.schemes.benchmarks import BENCHMARK_LABEL
from fundlens.services.metrics import fund_levels
from fundlens.services.rolling import rolling_report
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

ROLLING = "/api/performance/rolling-returns"
ANALYTICS = "/api/performance/fund-analytics"
FUNDS = [103504, 122639, 100822, 101762, 105758]  # SBI Blue Chip, PPFAS, UTI N50, HDFC x2
BENCH = 100484  # Franklin India Index Fund - NSE Nifty 50 (Regular), from 2004


def _post(base: str, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{base}{path}", json=body, timeout=60)


def _navs(code: int) -> dict[dt.date, float]:
    raw = json.loads((NAV_JSON / f"{code}.json").read_text())
    return {
        dt.datetime.strptime(r["date"], "%d-%m-%Y").date(): float(r["nav"]) for r in raw["data"]
    }


def _nav_on_or_before(navs: dict[dt.date, float], day: dt.date) -> float:
    return navs[max(d for d in navs if d <= day)]


def _series(body: dict[str, Any], code: int, window: str) -> dict[str, Any]:
    return next(s for s in body["series"] if s["scheme_code"] == code and s["window"] == window)


# --- fund-analytics ------------------------------------------------------------------


def test_drawdown_of_100822_by_hand(real_api: str) -> None:
    r = _post(real_api, ANALYTICS, {"scheme_codes": [100822]})
    assert r.status_code == 200
    body = r.json()
    assert body["benchmark_code"] is None and body["synthetic"] is False
    (row,) = body["drawdown_stats"]
    # conventions.md anchor: −59.66 %, 08 Jan 2008 (39.76) → 27 Oct 2008 (16.04) → 09 Dec 2013
    assert round(row["max_drawdown"], 2) == -59.66
    assert row["max_drawdown"] == pytest.approx((16.04 / 39.76 - 1) * 100, abs=1e-9)
    assert (row["peak_date"], row["trough_date"]) == ("2008-01-08", "2008-10-27")
    assert (row["peak_nav"], row["trough_nav"]) == (39.76, 16.04)
    assert row["recovery_date"] == "2013-12-09"
    assert row["drawdown_duration_days"] == 293  # 23 d of Jan + Feb 29 + … + 27 d of Oct
    assert row["recovery_days"] == (dt.date(2013, 12, 9) - dt.date(2008, 10, 27)).days
    assert row["role"] == "fund" and row["reasons"] == {}
    assert row["scheme_name"] == "UTI Nifty 50 Index Fund - Regular Plan - Growth Option"
    assert (row["first_date"], row["last_date"]) == ("2000-03-27", "2016-02-22")


def test_drawdowns_equal_the_engine(real_api: str, real_store: Path) -> None:
    start, end = dt.date(2006, 1, 1), dt.date(2012, 12, 31)
    body = _post(
        real_api,
        ANALYTICS,
        {
            "scheme_codes": FUNDS,
            "benchmark_code": BENCH,
            "start_date": str(start),
            "end_date": str(end),
        },
    ).json()
    rows = body["drawdown_stats"]
    assert [r["scheme_code"] for r in rows] == [*FUNDS, BENCH]
    assert [r["role"] for r in rows] == ["fund"] * 5 + ["benchmark"]
    con = reader(real_store)
    try:
        for row in rows:
            origin, levels, _ = fund_levels(con, row["scheme_code"], None)
            lo, hi = max(day_index(origin, start), 0), max(day_index(origin, end) + 1, 0)
            clipped = np.full(levels.shape, np.nan)
            clipped[lo:hi] = levels[lo:hi]
            d = drawdown_details(clipped, origin)
            if row["scheme_code"] == 122639:  # PPFAS Direct: first NAV 1 Jan 2013
                assert row["navs"] == 0 and row["max_drawdown"] is None
                continue
            assert row["max_drawdown"] == pytest.approx(d.max_drawdown * 100, abs=1e-8)
            assert row["peak_date"] == str(d.peak_date)
            assert row["trough_date"] == str(d.trough_date)
            recovered = None if np.isnat(d.recovery_date) else str(d.recovery_date)
            assert row["recovery_date"] == recovered
            assert row["drawdown_duration_days"] == int(d.duration_days)
    finally:
        con.close()
    # 2008 inside the range: 100822's anchor is the same
    uti = rows[2]
    assert (uti["peak_date"], uti["trough_date"]) == ("2008-01-08", "2008-10-27")
    assert uti["first_date"] == "2006-01-02"


def test_drawdown_nulls_say_why(real_api: str) -> None:
    def one(code: int, start: str, end: str) -> dict[str, Any]:
        body = {"scheme_codes": [code], "start_date": start, "end_date": end}
        return _post(real_api, ANALYTICS, body).json()["drawdown_stats"][0]

    single = one(100822, "2010-06-30", "2010-06-30")  # one NAV: 33.15
    assert single["navs"] == 1 and single["max_drawdown"] is None
    assert single["reasons"]["max_drawdown"] == "1 NAV(s) in the range: a drawdown needs 2"
    assert single["first_date"] == single["last_date"] == "2010-06-30"
    empty = one(100822, "2030-01-01", "2030-12-31")
    assert empty["navs"] == 0 and empty["first_date"] is None and "first_date" in empty["reasons"]
    rising = one(119091, "2015-01-01", "2015-01-28")  # HDFC Liquid Direct: never fell
    assert rising["max_drawdown"] == 0.0 and rising["drawdown_duration_days"] == 0
    assert rising["peak_date"] is None
    assert set(rising["reasons"]) == {
        "peak_date", "trough_date", "recovery_date", "peak_nav", "trough_nav", "recovery_days"
    }  # fmt: skip
    under = one(120716, "2013-01-01", "2016-12-31")  # fell from 03 Mar 2015, not back by the end
    assert under["recovery_date"] is None and under["recovery_days"] is None
    assert under["reasons"] == {
        "recovery_date": "not back to the peak NAV by the last NAV in the range (2016-02-22)",
        "recovery_days": "not back to the peak NAV by the last NAV in the range (2016-02-22)",
    }


# --- rolling-returns -----------------------------------------------------------------


def test_rolling_and_monthly_returns_by_hand(real_api: str) -> None:
    navs = _navs(100822)
    t = dt.date(2010, 6, 30)  # NAV 33.15
    body = {
        "scheme_codes": [100822],
        "windows": ["1y", "3y"],
        "start_date": "2010-06-01",
        "end_date": "2010-07-31",
    }
    annual = _post(real_api, ROLLING, body).json()
    absolute = _post(real_api, ROLLING, {**body, "annualised": False}).json()
    one_y = {p["date"]: p["value"] for p in _series(annual, 100822, "1y")["data"]}
    # 1y: NAV on 30 Jun 2010 / NAV on 30 Jun 2009 (365 days before) − 1
    assert navs[t - dt.timedelta(days=365)] == 26.86
    assert one_y[str(t)] == pytest.approx((33.15 / 26.86 - 1) * 100, abs=1e-5)
    # 3y: the NAV 1095 days before is a Sunday (1 Jul 2007): the last one before, 29 Jun 27.67
    assert _nav_on_or_before(navs, t - dt.timedelta(days=1095)) == 27.67
    three_abs = {p["date"]: p["value"] for p in _series(absolute, 100822, "3y")["data"]}
    three_ann = {p["date"]: p["value"] for p in _series(annual, 100822, "3y")["data"]}
    assert three_abs[str(t)] == pytest.approx((33.15 / 27.67 - 1) * 100, abs=1e-5)
    assert three_ann[str(t)] == pytest.approx(((33.15 / 27.67) ** (365 / 1095) - 1) * 100, abs=1e-5)
    assert one_y == {p["date"]: p["value"] for p in _series(absolute, 100822, "1y")["data"]}
    assert annual["annualised"] is True and absolute["annualised"] is False
    assert all(s["annualised"] is False for s in absolute["series"])
    # every NAV day of June and July 2010 is a point (no thinning below 500)
    june_july = [d for d in navs if dt.date(2010, 6, 1) <= d <= dt.date(2010, 7, 31)]
    assert list(one_y) == [str(d) for d in sorted(june_july)]
    # monthly: June 2010 = last NAV of June / last NAV of May − 1, dated 30 Jun
    (monthly,) = annual["monthly_returns"]
    assert monthly["data"] == [
        {
            "date": "2010-06-30",
            "value": pytest.approx(
                (33.15 / _nav_on_or_before(navs, dt.date(2010, 5, 31)) - 1) * 100, abs=1e-5
            ),
        },
        {
            "date": "2010-07-31",
            "value": pytest.approx(
                (_nav_on_or_before(navs, dt.date(2010, 7, 31)) / 33.15 - 1) * 100, abs=1e-5
            ),
        },
    ]


def test_monthly_return_of_october_2008(real_api: str) -> None:
    body = {"scheme_codes": [100822], "windows": ["1y"], "start_date": "2008-01-01"}
    data = _post(real_api, ROLLING, body).json()["monthly_returns"][0]["data"]
    october = next(p for p in data if p["date"] == "2008-10-31")
    # 31 Oct 2008: 18.22; 30 Sep 2008: 24.76 (100822.json)
    assert october["value"] == pytest.approx((18.22 / 24.76 - 1) * 100, abs=1e-5)
    assert data[0]["date"] == "2008-01-31"  # the first month inside the range
    assert data[-1]["date"] == "2016-01-31"  # last NAV 22 Feb 2016: February is incomplete


def _close(got: list[dict[str, Any]], dates: list[str], values: list[float]) -> None:
    assert [p["date"] for p in got] == dates
    assert np.allclose([p["value"] for p in got], np.asarray(values) * 100, rtol=0, atol=1e-5)


def _summary_close(got: dict[str, Any], want: dict[str, Any]) -> None:
    for key, value in want.items():
        scale = 100.0 if key in ("mean", "median", "min", "max", "std") else 1.0
        if value is None:
            assert got[key] is None, key
        else:
            assert got[key] == pytest.approx(value * scale, rel=1e-9, abs=1e-9), key


def test_rolling_returns_equal_the_engine(real_api: str, real_store: Path) -> None:
    windows = ["1y", "3y", "5y"]
    start = dt.date(2005, 1, 1)
    body = {
        "scheme_codes": FUNDS,
        "benchmark_code": BENCH,
        "windows": windows,
        "start_date": str(start),
    }
    got = _post(real_api, ROLLING, body).json()
    # encoded by orjson, not by FastAPI: the body must still be exactly the documented model
    assert RollingReturnResponse.model_validate(got).model_dump(mode="json") == got
    assert got["benchmark_code"] == BENCH and got["annualised"] is True
    assert [(s["scheme_code"], s["window"]) for s in got["series"]] == [
        (c, w) for c in [*FUNDS, BENCH] for w in windows
    ]
    con = reader(real_store)
    try:
        for code in [*FUNDS, BENCH]:
            bench = None if code == BENCH else BENCH
            report = rolling_report(
                con, code, benchmark=bench, windows=tuple(windows), start_date=start
            )
            full = rolling_report(
                con, code, benchmark=bench, windows=tuple(windows), start_date=start,
                max_points=None,
            )  # fmt: skip
            for w in windows:
                series = _series(got, code, w)
                want = report["windows"][w]
                _close(series["data"], want["dates"], want["fund"])
                _summary_close(series["summary"], want["summary"])
                assert len(series["data"]) <= 500
                # statistics from every point, not the ≤ 500 shown
                assert series["summary"]["count"] == len(full["windows"][w]["dates"])
                if full["windows"][w]["dates"]:
                    assert series["data"][0]["date"] == full["windows"][w]["dates"][0]
                    assert series["data"][-1]["date"] == full["windows"][w]["dates"][-1]
                    assert series["reason"] is None
                assert series["role"] == ("benchmark" if code == BENCH else "fund")
            origin, levels, _ = fund_levels(con, code, None)
            months, values = monthly_returns(levels, origin)
            ends = (months + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
            keep = np.isfinite(values) & (months.astype("datetime64[D]") >= np.datetime64(start))
            monthly = next(m for m in got["monthly_returns"] if m["scheme_code"] == code)
            _close(monthly["data"], [str(d) for d in ends[keep]], values[keep].tolist())
    finally:
        con.close()
    sbi = _series(got, 103504, "3y")
    assert sbi["summary"]["count"] > 500 and len(sbi["data"]) == 500
    assert sbi["summary"]["beat_benchmark"] is not None
    assert _series(got, BENCH, "3y")["summary"]["beat_benchmark"] is None
    assert _series(got, BENCH, "1y")["label"] == BENCHMARK_LABEL
    assert _series(got, 103504, "1y")["label"] is None


def test_absolute_returns_equal_the_engine(real_api: str, real_store: Path) -> None:
    body = {"scheme_codes": [103504], "benchmark_code": 120716, "windows": ["3y"],
            "annualised": False, "max_points": 50}  # fmt: skip
    got = _post(real_api, ROLLING, body).json()
    con = reader(real_store)
    try:
        want = rolling_report(
            con, 103504, benchmark=120716, windows=("3y",), max_points=50, annualise=False
        )["windows"]["3y"]
    finally:
        con.close()
    series = _series(got, 103504, "3y")
    assert len(series["data"]) == 36  # 120716 starts in 2013: 36 common 3y windows
    _close(series["data"], want["dates"], want["fund"])
    _summary_close(series["summary"], want["summary"])


def test_a_young_fund_has_empty_windows_that_say_why(real_api: str) -> None:
    body = {"scheme_codes": [122639], "benchmark_code": 120716, "windows": ["1y", "5y"]}
    got = _post(real_api, ROLLING, body).json()
    five = _series(got, 122639, "5y")  # PPFAS Direct: NAVs from 2013, to 2016
    assert five["data"] == [] and five["summary"]["count"] == 0
    assert five["summary"]["mean"] is None and five["summary"]["above_0"] is None
    assert five["reason"] == (
        "no 5y window ends in the range: each needs a NAV of both the fund and the "
        "benchmark on its last day and one 1825 days before"
    )
    assert _series(got, 122639, "1y")["data"] != []


def test_an_active_benchmark_is_labelled_scheme(real_api: str) -> None:
    body = {"scheme_codes": [122639], "benchmark_code": 103504, "windows": ["1y"]}
    got = _post(real_api, ROLLING, body).json()
    assert _series(got, 103504, "1y")["label"] == "scheme"


def test_demo_store(demo_api: str, demo_store: Path) -> None:
    con = reader(demo_store)
    try:
        codes = (
            con.sql(
                """SELECT scheme_code FROM schemes WHERE vehicle = 'active' AND option = 'growth'
               AND sebi_category = 'Large Cap' ORDER BY scheme_code LIMIT 5"""
            )
            .pl()["scheme_code"]
            .to_list()
        )
        bench = (
            con.sql(
                """SELECT scheme_code FROM schemes WHERE tracked_index = 'Nifty 50'
               AND option = 'growth' ORDER BY first_nav_date, scheme_code LIMIT 1"""
            )
            .pl()["scheme_code"]
            .item()
        )
        body = {"scheme_codes": codes, "benchmark_code": bench, "windows": ["1y", "3y"]}
        got = _post(demo_api, ROLLING, body).json()
        want = rolling_report(con, codes[0], benchmark=bench, windows=("1y", "3y"))
    finally:
        con.close()
    assert got["synthetic"] is True and len(codes) == 5
    assert len(got["series"]) == 12 and len(got["monthly_returns"]) == 6
    _close(_series(got, codes[0], "3y")["data"], want["windows"]["3y"]["dates"],
           want["windows"]["3y"]["fund"])  # fmt: skip
    drawdowns = _post(demo_api, ANALYTICS, {"scheme_codes": codes, "benchmark_code": bench})
    assert drawdowns.status_code == 200
    assert all(r["max_drawdown"] < 0 for r in drawdowns.json()["drawdown_stats"])


# --- errors --------------------------------------------------------------------------

GOOD: dict[str, Any] = {"scheme_codes": [100822], "benchmark_code": 120716}


@pytest.mark.parametrize("path", [ROLLING, ANALYTICS])
@pytest.mark.parametrize(
    ("change", "loc"),
    [
        (
            {"scheme_codes": [100822, 103504, 122639, 101762, 105758, 113177]},
            ["body", "scheme_codes"],
        ),
        ({"scheme_codes": []}, ["body", "scheme_codes"]),
        ({"scheme_codes": [0]}, ["body", "scheme_codes", 0]),
        ({"scheme_codes": [10**30]}, ["body", "scheme_codes", 0]),
        ({"scheme_codes": ["abc"]}, ["body", "scheme_codes", 0]),
        ({"scheme_codes": ["100822"]}, ["body", "scheme_codes", 0]),  # strict: text ≠ int
        ({"annualised": 0}, ["body", "annualised"]),  # strict bool; extra field in analytics
        ({"scheme_codes": [100822, 100822]}, ["body"]),
        ({"benchmark_code": 100822}, ["body"]),
        ({"start_date": "2015-01-01", "end_date": "2014-01-01"}, ["body"]),
        ({"start_date": 1420070400}, ["body", "start_date"]),
        ({"start_date": "01-01-2015"}, ["body", "start_date"]),
        ({"colour": "red"}, ["body", "colour"]),
    ],
)
def test_bad_bodies_are_422(real_api: str, path: str, change: dict[str, Any], loc: list) -> None:
    r = _post(real_api, path, {**GOOD, **change})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, list) and detail[0]["loc"][: len(loc)] == loc
    assert all(set(e) == {"loc", "msg", "type"} for e in detail)


@pytest.mark.parametrize(
    "windows", [["2y"], [], ["1y", "1y"], ["1m"], ["1y", "3y", "5y", "10y", "si"]]
)
def test_bad_windows_are_422(real_api: str, windows: list[str]) -> None:
    r = _post(real_api, ROLLING, {**GOOD, "windows": windows})
    assert r.status_code == 422 and isinstance(r.json()["detail"], list)


def test_max_points_out_of_range_is_422(real_api: str) -> None:
    for bad in (1, 501):
        assert _post(real_api, ROLLING, {**GOOD, "max_points": bad}).status_code == 422


@pytest.mark.parametrize("path", [ROLLING, ANALYTICS])
def test_unknown_schemes_are_404(real_api: str, path: str) -> None:
    r = _post(real_api, path, {"scheme_codes": [100822, 999999]})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 999999 is not in the store"}
    r = _post(real_api, path, {"scheme_codes": [100822], "benchmark_code": 888888})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 888888 is not in the store"}


@pytest.mark.parametrize("path", [ROLLING, ANALYTICS])
def test_malformed_json_is_422(real_api: str, path: str) -> None:
    r = httpx.post(
        f"{real_api}{path}",
        content=b'{"scheme_codes": [1',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422 and "Traceback" not in r.text
    assert _post(real_api, path, None).status_code == 422  # type: ignore[arg-type]
