"""``POST /api/v1/sip`` through a real server.

Against the engine on the same store (``services.sip.sip_comparison`` and
``rolling_sip_report``); by hand: the XIRR against pyxirr on the same cash flows, and the
first instalment's NAV read from the MFAPI JSON file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest
import pyxirr

from fundlens.services.sip import rolling_sip_report, sip_comparison
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

URL = "/api/v1/sip"
PLAN = {
    "scheme_codes": [100822, 103504],
    "amount": 10000,
    "day": 5,
    "start_date": "2010-01-01",
    "step_up": 0.1,
    "rolling_years": [3, 5],
}


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="module")
def sip_answer(real_api: str) -> dict:
    r = httpx.post(f"{real_api}{URL}", json=PLAN, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


def test_sip_equals_the_engine(sip_answer: dict, real_store: Path) -> None:
    assert sip_answer["as_of_date"] == "2016-06-10" and sip_answer["synthetic"] is False
    with engine(real_store) as con:
        expected = sip_comparison(
            con, [100822, 103504], amount=10000, day=5, start_date=dt.date(2010, 1, 1), step_up=0.1
        )
        rolling = {c: rolling_sip_report(con, c, years=(3, 5), amount=10000, day=5, step_up=0.1)
                   for c in (100822, 103504)}  # fmt: skip
    funds = sip_answer["funds"]
    assert [f["scheme_code"] for f in funds] == [100822, 103504]
    for fund, want in zip(funds, expected, strict=True):
        got = {k: v for k, v in fund.items() if k != "rolling"}
        assert got == want
        windows = rolling[fund["scheme_code"]]["windows"]
        assert fund["rolling"] == [windows["3y"], windows["5y"]]
        assert len(fund["path"]["dates"]) <= 500


def test_xirr_against_pyxirr(sip_answer: dict) -> None:
    for fund in sip_answer["funds"]:
        s = fund["summary"]
        dates = [dt.date.fromisoformat(i["date"]) for i in fund["instalments"]]
        flows = [-i["amount"] for i in fund["instalments"]]
        dates.append(dt.date.fromisoformat(s["valuation_date"]))
        flows.append(s["value"])
        assert s["xirr"] == pytest.approx(pyxirr.xirr(dates, flows), rel=1e-7)
        # the step-up: +10 % a year on the first year's 10,000
        amounts = sorted({i["amount"] for i in fund["instalments"]})
        assert amounts[:3] == pytest.approx([10000.0, 11000.0, 12100.0])
        assert s["invested"] == pytest.approx(-sum(flows[:-1]))


def test_first_instalment_nav_from_the_file(sip_answer: dict) -> None:
    rows = json.loads((NAV_JSON / "100822.json").read_text())["data"]
    navs = {r["date"]: float(r["nav"]) for r in rows}
    first = sip_answer["funds"][0]["instalments"][0]
    assert first["scheduled"] == first["date"] == "2010-01-05"
    assert first["nav"] == navs["05-01-2010"] == 32.93
    assert first["units"] == pytest.approx(10000 / 32.93, rel=1e-12)
    assert sip_answer["funds"][0]["lump_sum"]["nav"] == 32.93


def test_demo_store_and_no_rolling(demo_api: str) -> None:
    body = {"scheme_codes": [900010], "amount": 5000}
    r = httpx.post(f"{demo_api}{URL}", json=body, timeout=60)
    assert r.status_code == 200
    answer = r.json()
    assert answer["synthetic"] is True
    fund = answer["funds"][0]
    assert fund["synthetic"] is True and fund["rolling"] == []
    assert fund["plan"] == {"amount": 5000.0, "day": 1, "start_date": None, "end_date": None,
                            "step_up": 0.0}  # fmt: skip


def test_rolling_sip_longer_than_the_history_says_why(real_api: str) -> None:
    body = {"scheme_codes": [122639], "amount": 1000, "rolling_years": [10]}
    fund = httpx.post(f"{real_api}{URL}", json=body, timeout=60).json()["funds"][0]
    window = fund["rolling"][0]
    assert window["years"] == 10 and window["xirr"] == []
    assert window["distribution"]["count"] == 0 and window["distribution"]["median"] is None
    assert window["reason"].startswith("history ")


@pytest.mark.parametrize(
    ("body", "loc", "text"),
    [
        ({"scheme_codes": [1, 2, 3, 4, 5, 6], "amount": 1}, ["body", "scheme_codes"], "at most 5"),
        ({"scheme_codes": [100822, 100822], "amount": 1}, ["body", "scheme_codes"], "distinct"),
        ({"scheme_codes": [100822], "amount": 0}, ["body", "amount"], "greater than 0"),
        ({"scheme_codes": [100822]}, ["body", "amount"], "Field required"),
        ({"scheme_codes": [100822], "amount": 1, "day": 32}, ["body", "day"], "less than or"),
        ({"scheme_codes": [100822], "amount": 1, "step_up": 1.5}, ["body", "step_up"], ""),
        ({"scheme_codes": [100822], "amount": 1, "rolling_years": [3, 3]},
         ["body", "rolling_years"], "distinct"),
        ({"scheme_codes": [100822], "amount": 1, "rolling_years": [0]},
         ["body", "rolling_years", 0], "greater than or equal to 1"),
        ({"scheme_codes": [100822], "amount": 1, "start_date": "2012-01-01",
          "end_date": "2011-01-01"}, ["body"], "after end_date"),
    ],
)  # fmt: skip
def test_bad_plans_are_422(real_api: str, body: dict, loc: list, text: str) -> None:
    r = httpx.post(f"{real_api}{URL}", json=body)
    assert r.status_code == 422
    errors = r.json()["detail"]
    assert any(e["loc"][: len(loc)] == loc and text in e["msg"] for e in errors), errors


def test_plan_outside_the_history_is_422(real_api: str) -> None:
    body = {"scheme_codes": [100822], "amount": 1000, "start_date": "2030-01-01"}
    r = httpx.post(f"{real_api}{URL}", json=body)
    assert r.status_code == 422
    assert r.json() == {"detail": "start 2030-01-01 is after the fund's last NAV (2016-02-22)"}


def test_unknown_scheme_is_404(real_api: str) -> None:
    r = httpx.post(f"{real_api}{URL}", json={"scheme_codes": [100822, 42], "amount": 1000})
    assert r.status_code == 404 and r.json() == {"detail": "scheme 42 is not in the store"}
