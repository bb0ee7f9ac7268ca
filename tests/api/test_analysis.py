"""``POST /api/analysis/compare`` and its alias ``/api/analysis/metrics`` through a real
server: values against ``services.amc.amc_comparison`` on the same store (converted to the
seed's units), and by hand on the real files — a one-scheme AMC's portfolio is its fund, so
its CAGR and cumulative return come from two NAVs of the JSON file."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from fundlens.services.amc import amc_comparison
from fundlens.store.snapshots import reader

SEED_KEYS = {
    "cagr": ("cagr", 100), "sharpe": ("sharpe", 1), "sortino": ("sortino", 1),
    "calmar": ("calmar", 1), "treynor": ("treynor", 1), "info_ratio": ("information_ratio", 1),
    "beta": ("beta", 1), "alpha": ("alpha", 100), "max_drawdown": ("max_drawdown", 100),
    "volatility": ("volatility", 100),
}  # fmt: skip
# HDFC Flexi Cap Direct (118955) against PPFAS Flexi Cap Direct (122639), the only Direct
# growth Flexi Cap scheme of each AMC in the real files
BODY: dict[str, Any] = {"amc_names": ["hdfc", "PPFAS Mutual Fund"], "category": "Flexi Cap",
                        "plan_type": "Direct"}  # fmt: skip


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


def post(api: str, body: dict[str, Any], path: str = "compare") -> httpx.Response:
    return httpx.post(f"{api}/api/analysis/{path}", json=body, timeout=30)


def test_two_one_scheme_amcs_by_hand(real_api: str) -> None:
    r = post(real_api, BODY)
    assert r.status_code == 200
    body = r.json()
    assert (body["as_of_date"], body["synthetic"]) == ("2016-06-10", False)
    hdfc, ppfas = body["results"]
    assert (hdfc["amc"], ppfas["amc"]) == ("hdfc", "ppfas")
    assert ppfas["amc_name"] == "PPFAS Mutual Fund" and hdfc["scheme_count"] == 1
    assert [s["scheme_code"] for s in hdfc["schemes"]] == [118955]
    # common window: PPFAS's first NAV (16-04-2014, 12.32) to the last day both have one
    # (22-02-2016: PPFAS 15.99; HDFC 118955: 338.58 → 384.50); 677 days
    assert (body["start_date"], body["end_date"]) == ("2014-04-16", "2016-02-22")
    assert ppfas["window"]["days"] == hdfc["window"]["days"] == 677
    # CAGR (15.99 / 12.32)^(365/677) − 1 = 15.0937 %; (384.50 / 338.58)^(365/677) − 1 = 7.0976 %
    assert ppfas["cagr"] == pytest.approx(15.0937, abs=1e-4)
    assert hdfc["cagr"] == pytest.approx(7.0976, abs=1e-4)
    # cumulative return on the last date: 15.99 / 12.32 − 1 = 29.789 %
    assert body["dates"][0] == "2014-04-16" and body["dates"][-1] == "2016-02-22"
    assert body["cumulative_returns"]["ppfas"][0] == 0.0
    assert body["cumulative_returns"]["ppfas"][-1] == pytest.approx(29.7890, abs=1e-4)
    assert len(body["dates"]) <= 500
    assert set(body["cumulative_returns"]) == {"hdfc", "ppfas"}
    assert body["category"] == "Flexi Cap" and body["plan_type"] == "direct"
    assert body["benchmark"]["label"] == "index fund (incl. costs)"
    assert body["rf_annual_rate"] == 0.065


def test_values_equal_the_engine(real_api: str, real_store: Path) -> None:
    body = post(real_api, BODY).json()
    with engine(real_store) as con:
        ref = amc_comparison(con, ["hdfc", "ppfas"], category="flexi-cap", plan="direct")
    assert body["benchmark"]["scheme_code"] == ref["benchmark"]["code"]
    for item, entry in zip(body["results"], ref["amcs"], strict=True):
        for seed, (key, scale) in SEED_KEYS.items():
            want = entry["metrics"][key]
            assert item[seed] == (None if want is None else pytest.approx(want * scale, rel=1e-9))
        assert item["window"] == entry["window"]
        assert item["schemes"] == entry["schemes"]
    assert body["dates"] == ref["cumulative_returns"]["dates"]
    got = body["cumulative_returns"]["hdfc"]
    want = ref["cumulative_returns"]["series"]["hdfc"]
    assert got == pytest.approx([100 * v for v in want], rel=1e-9)


def test_alias_gives_the_same_response(real_api: str) -> None:
    assert post(real_api, BODY, "metrics").json() == post(real_api, BODY).json()


def test_demo_store_multi_scheme_amcs(demo_api: str, demo_store: Path) -> None:
    body = {"amc_names": ["nilgiri-heights", "harbourlight", "dhruva"], "category": "flexi-cap",
            "plan_type": "regular", "start_date": "2015-01-01", "end_date": "2025-12-31",
            "rf": 0.05, "common_window": False}  # fmt: skip
    r = post(demo_api, body)
    assert r.status_code == 200
    got = r.json()
    assert got["synthetic"] is True and got["common_window"] is False
    with engine(demo_store) as con:
        ref = amc_comparison(
            con, body["amc_names"], category="Flexi Cap", plan="regular", rf=0.05,
            start_date=dt.date(2015, 1, 1), end_date=dt.date(2025, 12, 31), common_window=False,
        )  # fmt: skip
    assert [i["scheme_count"] for i in got["results"]] == [e["scheme_count"] for e in ref["amcs"]]
    assert got["results"][0]["scheme_count"] == 2  # Nilgiri Heights runs two Flexi Cap funds
    for item, entry in zip(got["results"], ref["amcs"], strict=True):
        assert item["sharpe"] == pytest.approx(entry["metrics"]["sharpe"], rel=1e-9)
        assert item["volatility"] == pytest.approx(100 * entry["metrics"]["volatility"], rel=1e-9)
    assert got["rf_annual_rate"] == 0.05
    assert got["start_date"] >= "2015-01-01" and got["end_date"] <= "2025-12-31"


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"amc_names": ["nosuch"], "category": "Flexi Cap"}, 404,
         "no AMC 'nosuch' in the store (GET /api/amc/list lists them)"),
        ({"amc_names": ["dsp"], "category": "Flexi Cap"}, 422,
         "dsp has no growth-option Flexi Cap schemes of the direct plan"),
        ({"amc_names": ["hdfc"], "category": "Nope Cap"}, 422,
         "unknown category 'Nope Cap' (see `fundlens amc categories`)"),
        ({"amc_names": ["hdfc", "HDFC"], "category": "Flexi Cap"}, 422,
         "an AMC is given twice: hdfc, hdfc"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "start_date": "2030-01-01"}, 422,
         "no NAVs in the window"),
    ],
)  # fmt: skip
def test_bad_requests(real_api: str, body: dict[str, Any], status: int, detail: str) -> None:
    r = post(real_api, body)
    assert (r.status_code, r.json()) == (status, {"detail": detail})


@pytest.mark.parametrize(
    ("body", "loc", "kind"),
    [
        ({"amc_names": [], "category": "Flexi Cap"}, ["body", "amc_names"], "too_short"),
        ({"amc_names": ["a"] * 11, "category": "Flexi Cap"}, ["body", "amc_names"], "too_long"),
        ({"amc_names": ["hdfc"]}, ["body", "category"], "missing"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "plan_type": "All"},
         ["body", "plan_type"], "literal_error"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "rf": 6.5}, ["body", "rf"],
         "less_than_equal"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "start_date": "2016-01-01",
          "end_date": "2015-01-01"}, ["body"], "value_error"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "colour": "red"}, ["body", "colour"],
         "extra_forbidden"),
        # strict types: 0 is not false, false is not 0.0, a date is ISO text
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "common_window": 0},
         ["body", "common_window"], "bool_type"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "rf": False}, ["body", "rf"],
         "float_type"),
        ({"amc_names": ["hdfc"], "category": "Flexi Cap", "start_date": 0},
         ["body", "start_date"], "value_error"),
    ],
)  # fmt: skip
def test_invalid_bodies(real_api: str, body: dict[str, Any], loc: list[str], kind: str) -> None:
    r = post(real_api, body)
    assert r.status_code == 422
    first = r.json()["detail"][0]
    assert (first["loc"], first["type"]) == (loc, kind)
    assert "Traceback" not in r.text
