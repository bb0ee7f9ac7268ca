"""``GET /api/expense/pairs/{amc}`` and ``/api/expense/drag/{amc}`` through a real server:
pairs and drags against ``services.expense`` on the same store (drag in percent), the UTI
Nifty pair by hand from its JSON files, the demo's multi-pair AMC with IDCW pairs."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from fundlens.services.expense import amc_expense_summary, expense_pairs
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


def json_navs(code: int) -> dict[str, float]:
    """ISO date → NAV, read by hand from the MFAPI-shaped file (dd-mm-yyyy)."""
    rows = json.loads((NAV_JSON / f"{code}.json").read_text())["data"]
    return {"-".join(reversed(r["date"].split("-"))): float(r["nav"]) for r in rows}


def test_pairs_of_hdfc(real_api: str, real_store: Path) -> None:
    r = httpx.get(f"{real_api}/api/expense/pairs/hdfc")
    assert r.status_code == 200
    body = r.json()
    assert (body["amc_id"], body["amc_name"], body["count"]) == ("hdfc", "HDFC Mutual Fund", 4)
    assert (body["as_of_date"], body["synthetic"]) == ("2016-06-10", False)
    pairs = {(p["direct_code"], p["regular_code"]) for p in body["pairs"]}
    # the Direct/Regular pairs of HDFC among the files (shared/data/nav/README.md)
    assert pairs == {(118955, 101762), (118989, 105758), (119063, 101525), (119091, 100868)}
    with engine(real_store) as con:
        expected = expense_pairs(con, "hdfc")
    for row, item in zip(expected.iter_rows(named=True), body["pairs"], strict=True):
        assert item["direct_name"] == row["direct_name"]
        assert item["category"] == row["sebi_category"]
        assert item["overlap_start"] == str(row["overlap_start"])
        assert item["price_return_only"] is False


def test_uti_nifty_drag_by_hand(real_api: str) -> None:
    body = httpx.get(f"{real_api}/api/expense/drag/uti").json()
    (pair,) = body["pairs"]
    assert (pair["direct_code"], pair["regular_code"]) == (120716, 100822)
    assert (pair["start_date"], pair["end_date"], pair["days"]) == (
        "2013-01-01",
        "2016-02-22",
        1147,
    )
    # 2013-01-01: both 37.14; 2016-02-22: Direct 45.97, Regular 45.72:
    # drag = 45.97 / 45.72 − 1 = 0.54680665 %; a year: 1.0054680665^(365/1147) − 1 = 0.1736822 %
    assert pair["total_drag"] == pytest.approx(0.54680665, abs=1e-8)
    assert pair["annualised_drag"] == pytest.approx(0.17368225, abs=1e-7)
    series = pair["series"]
    direct, regular = json_navs(120716), json_navs(100822)
    assert series["dates"][0] == "2013-01-01" and series["dates"][-1] == "2016-02-22"
    assert series["expense_drag"][0] == 0.0
    assert (series["direct_nav"][-1], series["regular_nav"][-1]) == (45.97, 45.72)
    for i in (0, len(series["dates"]) // 2, -1):  # NAVs as in the files on every date shown
        day = series["dates"][i]
        assert (series["direct_nav"][i], series["regular_nav"][i]) == (direct[day], regular[day])
    assert len(series["dates"]) <= 500
    summary = body["summary"]
    assert summary["growth_pairs"] == 1
    assert summary["median_annualised"] == summary["mean_annualised"] == pair["annualised_drag"]
    assert summary["by_category"] == {"Index Funds": pair["annualised_drag"]}


def test_drag_equals_the_engine(real_api: str, real_store: Path) -> None:
    body = httpx.get(f"{real_api}/api/expense/drag/hdfc").json()
    with engine(real_store) as con:
        ref = amc_expense_summary(con, "hdfc")
    assert len(body["pairs"]) == len(ref["pairs"]) == 4
    for item, want in zip(body["pairs"], ref["pairs"], strict=True):
        assert item["direct_code"] == want["direct_code"]
        assert item["total_drag"] == pytest.approx(100 * want["drag"], rel=1e-9)
        assert item["annualised_drag"] == pytest.approx(100 * want["annualised"], rel=1e-9)
        series, ref_series = item["series"], ref["series"][str(want["direct_code"])]
        assert series["dates"] == ref_series["dates"]
        assert series["direct_nav"] == ref_series["direct_nav"]
        assert series["expense_drag"] == pytest.approx(
            [100 * v for v in ref_series["drag"]], rel=1e-9, abs=1e-12
        )
    assert body["summary"]["median_annualised"] == pytest.approx(
        100 * ref["median_annualised"], rel=1e-9
    )


def test_demo_amc_with_idcw_pairs(demo_api: str, demo_store: Path) -> None:
    body = httpx.get(f"{demo_api}/api/expense/drag/aurora").json()
    assert body["synthetic"] is True
    with engine(demo_store) as con:
        ref = amc_expense_summary(con, "aurora")
    assert len(body["pairs"]) == len(ref["pairs"]) > 4
    idcw = [p for p in body["pairs"] if p["price_return_only"]]
    growth = [p for p in body["pairs"] if not p["price_return_only"]]
    assert idcw and growth and all(p["option"] != "growth" for p in idcw)
    # IDCW pairs are listed but left out of the summary
    assert body["summary"]["growth_pairs"] == ref["growth_pairs"] == len(growth)
    assert body["summary"]["mean_annualised"] == pytest.approx(
        100 * ref["mean_annualised"], rel=1e-9
    )
    pairs = httpx.get(f"{demo_api}/api/expense/pairs/aurora").json()
    assert [p["direct_code"] for p in pairs["pairs"]] == [p["direct_code"] for p in body["pairs"]]


def test_amc_without_pairs(real_api: str) -> None:
    # DSP has only its Regular plan in the files
    assert httpx.get(f"{real_api}/api/expense/pairs/dsp").json()["pairs"] == []
    body = httpx.get(f"{real_api}/api/expense/drag/dsp").json()
    assert body["pairs"] == []
    assert body["summary"] == {"growth_pairs": 0, "median_annualised": None,
                               "mean_annualised": None, "by_category": {}}  # fmt: skip


@pytest.mark.parametrize("path", ["pairs", "drag"])
def test_unknown_amc_is_a_404(real_api: str, path: str) -> None:
    r = httpx.get(f"{real_api}/api/expense/{path}/nosuch")
    assert r.status_code == 404
    assert r.json() == {"detail": "no AMC 'nosuch' in the store (GET /api/amc/list lists them)"}
    bad = httpx.get(f"{real_api}/api/expense/{path}/no%20such")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["path", "amc"]
