"""``GET /api/v1/funds/{code}/nav|metrics|report`` through a real server.

Values are asserted against the engine on the same store (``store.reads.nav_history``,
``services.report.metrics_report``) and by hand: NAVs read from the MFAPI JSON file in
../shared/data/nav, and the real anchor of conventions.md (100822: max drawdown −59.66 %,
peak 08 Jan 2008 at 39.76, trough 27 Oct 2008 at 16.04, recovered 09 Dec 2013).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from fundlens.reports.sections import SYNTHETIC_TEXT
from fundlens.services.report import metrics_report
from fundlens.store.reads import nav_history
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

RF = 0.065


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


def json_navs(code: int) -> dict[str, float]:
    """ISO date → NAV, read by hand from the MFAPI-shaped file (dd-mm-yyyy, newest first)."""
    rows = json.loads((NAV_JSON / f"{code}.json").read_text())["data"]
    return {"-".join(reversed(r["date"].split("-"))): float(r["nav"]) for r in rows}


def stamp_of(api: str) -> dict[str, object]:
    meta = httpx.get(f"{api}/api/v1/meta").json()
    return {"as_of_date": meta["as_of_date"], "synthetic": meta["synthetic"]}


# --- NAV ---------------------------------------------------------------------------------


def test_nav_json_matches_the_file_and_the_store(real_api: str, real_store: Path) -> None:
    r = httpx.get(
        f"{real_api}/api/v1/funds/100822/nav",
        params={"start_date": "2008-01-01", "end_date": "2008-12-31"},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["as_of_date"] == "2016-06-10" and body["synthetic"] is False
    assert body["scheme_code"] == 100822
    assert body["name"] == "UTI Nifty 50 Index Fund - Regular Plan - Growth Option"
    by_date = {p["date"]: p["nav"] for p in body["data"]}
    # hand check: the peak and the trough of conventions.md, and the JSON file itself
    assert by_date["2008-01-08"] == 39.76
    assert by_date["2008-10-27"] == 16.04
    file_navs = {d: v for d, v in json_navs(100822).items() if d.startswith("2008")}
    assert by_date == file_navs
    assert body["count"] == len(body["data"]) == len(file_navs)
    dates = [p["date"] for p in body["data"]]
    assert dates == sorted(dates) and dates[0] >= "2008-01-01" and dates[-1] <= "2008-12-31"
    with engine(real_store) as con:
        frame = nav_history(
            con, 100822, start_date=dt.date(2008, 1, 1), end_date=dt.date(2008, 12, 31)
        )
    assert [(p["date"], p["nav"]) for p in body["data"]] == [
        (d.isoformat(), v) for d, v in frame.iter_rows()
    ]


def test_nav_whole_history_and_csv(real_api: str, real_store: Path) -> None:
    whole = httpx.get(f"{real_api}/api/v1/funds/119598/nav").json()
    with engine(real_store) as con:
        frame = nav_history(con, 119598)
    assert whole["count"] == frame.height
    assert whole["start_date"] is None and whole["end_date"] is None
    r = httpx.get(
        f"{real_api}/api/v1/funds/119598/nav",
        params={"format": "csv", "start_date": "2015-01-01", "end_date": "2015-03-31"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["x-as-of-date"] == "2016-06-10" and r.headers["x-synthetic"] == "false"
    lines = r.text.splitlines()
    assert lines[0] == "date,nav"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    file_navs = json_navs(119598)
    assert rows and all(float(row["nav"]) == file_navs[row["date"]] for row in rows)
    assert [row["date"] for row in rows] == [
        p["date"] for p in whole["data"] if "2015-01-01" <= p["date"] <= "2015-03-31"
    ]


def test_nav_errors(real_api: str) -> None:
    r = httpx.get(f"{real_api}/api/v1/funds/42/nav")
    assert r.status_code == 404 and r.json() == {"detail": "scheme 42 is not in the store"}
    r = httpx.get(
        f"{real_api}/api/v1/funds/100822/nav",
        params={"start_date": "2010-01-01", "end_date": "2009-01-01"},
    )
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["query"] and "after end_date" in detail[0]["msg"]
    r = httpx.get(f"{real_api}/api/v1/funds/100822/nav", params={"format": "xml"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "format"]
    for text in ("31-12-2010", "0", "1262304000", "2010-1-5"):  # ISO dates only
        r = httpx.get(f"{real_api}/api/v1/funds/100822/nav", params={"start_date": text})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "start_date"]
        assert "an ISO date" in r.json()["detail"][0]["msg"]
    for bad in ("0", "abc", "1000000000000"):
        r = httpx.get(f"{real_api}/api/v1/funds/{bad}/nav")
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "code"]


# --- metrics -----------------------------------------------------------------------------


def test_metrics_equal_the_engine_and_the_anchor(real_api: str, real_store: Path) -> None:
    r = httpx.get(
        f"{real_api}/api/v1/funds/100822/metrics", params={"benchmark_code": "none", "rf": RF}
    )
    assert r.status_code == 200
    body = r.json()
    with engine(real_store) as con:
        expected = metrics_report(con, 100822, benchmark=None, rf=RF)
    stamp = {k: body.pop(k) for k in ("as_of_date",)}
    assert stamp == {"as_of_date": "2016-06-10"}
    # the response model writes the optional fields of rf as null
    expected["rf"] = {"kind": "flat", "annual_rate": RF, "first_date": None,
                      "last_date": None, "points": None}  # fmt: skip
    assert body == expected
    # hand-checked anchor (conventions.md): −59.66 %, 08 Jan 2008 → 27 Oct 2008 → 09 Dec 2013
    assert body["metrics"]["max_drawdown"] == pytest.approx(16.04 / 39.76 - 1, abs=1e-12)
    assert round(body["metrics"]["max_drawdown"] * 100, 2) == -59.66
    assert body["drawdown"]["peak_date"] == "2008-01-08"
    assert body["drawdown"]["trough_date"] == "2008-10-27"
    assert body["drawdown"]["recovery_date"] == "2013-12-09"
    assert body["benchmark"] is None
    assert body["reasons"]["beta"] == "no benchmark given" and body["metrics"]["beta"] is None


def test_metrics_with_a_benchmark_and_a_window(real_api: str, real_store: Path) -> None:
    params = {
        "benchmark_code": 100822,
        "start_date": "2009-01-01",
        "end_date": "2014-12-31",
        "rf": 0.07,
    }
    body = httpx.get(f"{real_api}/api/v1/funds/103504/metrics", params=params).json()
    with engine(real_store) as con:
        expected = metrics_report(
            con,
            103504,
            benchmark=100822,
            start_date=dt.date(2009, 1, 1),
            end_date=dt.date(2014, 12, 31),
            rf=0.07,
        )
    assert body["metrics"] == expected["metrics"]
    assert body["reasons"] == expected["reasons"]
    assert body["window"] == expected["window"]
    assert body["benchmark"]["code"] == 100822
    assert body["benchmark"]["label"] == "index fund (incl. costs)"
    assert body["window"]["start_date"] >= "2009-01-01"
    assert body["window"]["end_date"] <= "2014-12-31"
    assert body["rf"]["annual_rate"] == 0.07


def test_metrics_default_benchmark_is_the_category_stand_in(
    real_api: str, real_store: Path
) -> None:
    body = httpx.get(f"{real_api}/api/v1/funds/103504/metrics").json()
    with engine(real_store) as con:
        expected = metrics_report(con, 103504, benchmark="auto", rf=RF)
    assert body["benchmark"] == {**expected["benchmark"], "index": None, "source": None}
    assert body["metrics"] == expected["metrics"]
    assert body["rf"]["annual_rate"] == RF  # the default 6.5 % a year


def test_metrics_errors(real_api: str) -> None:
    base = f"{real_api}/api/v1/funds"
    r = httpx.get(f"{base}/42/metrics")
    assert r.status_code == 404 and r.json() == {"detail": "scheme 42 is not in the store"}
    r = httpx.get(f"{base}/103504/metrics", params={"benchmark_code": 999999})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 999999 is not in the store"}
    r = httpx.get(f"{base}/103504/metrics", params={"benchmark_code": 103504})
    assert r.status_code == 422
    assert r.json() == {"detail": "scheme 103504 cannot be its own benchmark"}
    r = httpx.get(f"{base}/103504/metrics", params={"rf": 6.5})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "rf"]
    r = httpx.get(f"{base}/103504/metrics", params={"benchmark_code": -(10**20)})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:2] == ["query", "benchmark_code"]
    r = httpx.get(f"{base}/103504/metrics", params={"benchmark_code": "nifty"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:2] == ["query", "benchmark_code"]
    r = httpx.get(
        f"{base}/103504/metrics", params={"start_date": "2012-01-01", "end_date": "2011-01-01"}
    )
    assert r.status_code == 422 and "after end_date" in r.json()["detail"][0]["msg"]


def test_metrics_window_without_navs_says_why(real_api: str) -> None:
    body = httpx.get(
        f"{real_api}/api/v1/funds/103504/metrics", params={"start_date": "2030-01-01"}
    ).json()
    assert body["window"]["start_date"] is None and body["metrics"]["cagr"] is None
    assert body["reasons"]["cagr"] == "fewer than 2 NAVs in the window"


# --- report ------------------------------------------------------------------------------


def test_report_is_the_tearsheet(real_api: str) -> None:
    r = httpx.get(f"{real_api}/api/v1/funds/100822/report", params={"benchmark_code": "none"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["x-as-of-date"] == "2016-06-10" and r.headers["x-synthetic"] == "false"
    html = r.text
    assert html.startswith("<!DOCTYPE html>")
    assert "UTI Nifty 50 Index Fund - Regular Plan - Growth Option (100822)" in html
    assert "-59.66%" in html  # the hand-checked max drawdown, as the tearsheet prints it
    assert SYNTHETIC_TEXT not in html


def test_report_on_the_demo_store_is_marked_synthetic(demo_api: str) -> None:
    r = httpx.get(f"{demo_api}/api/v1/funds/900010/report")
    assert r.status_code == 200 and r.headers["x-synthetic"] == "true"
    assert SYNTHETIC_TEXT in r.text


def test_report_errors(real_api: str) -> None:
    base = f"{real_api}/api/v1/funds"
    r = httpx.get(f"{base}/42/report")
    assert r.status_code == 404 and r.json() == {"detail": "scheme 42 is not in the store"}
    assert r.headers["content-type"].startswith("application/json")
    r = httpx.get(f"{base}/103504/report", params={"start_date": "2030-01-01"})
    assert r.status_code == 404
    assert r.json() == {"detail": "scheme 103504 has no NAVs in the window asked for"}
    r = httpx.get(f"{base}/103504/report", params={"sip_day": 32})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "sip_day"]


def test_openapi_documents_units_and_media_types(real_api: str) -> None:
    spec = httpx.get(f"{real_api}/openapi.json").json()
    nav = spec["paths"]["/api/v1/funds/{code}/nav"]["get"]["responses"]["200"]["content"]
    assert set(nav) == {"application/json", "text/csv"}
    report = spec["paths"]["/api/v1/funds/{code}/report"]["get"]["responses"]["200"]
    assert "text/html" in report["content"]
    values = spec["components"]["schemas"]["MetricValues"]["properties"]
    assert "Fraction a year" in values["cagr"]["description"]
    assert "Plain ratio" in values["sharpe_3y"]["description"]
    assert "1.05 = 105 %" in values["up_capture_monthly"]["description"]
