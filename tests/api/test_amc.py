"""``GET /api/amc/list``, ``/api/amc/categories``, ``/api/amc/{amc}/schemes`` through a real
server, on the real histories (AMCs from the MFAPI meta's ``fund_house``) and on the demo
store (AMCs with many schemes, closed ones). Values are asserted against the engine
(``services.amc``) and by hand from the JSON files' meta."""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from fundlens.services.amc import amc_categories, amc_list, amc_schemes
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


def fund_houses() -> dict[str, list[int]]:
    """fund_house → scheme codes, read from the MFAPI files' meta (by hand, no store)."""
    out: dict[str, list[int]] = collections.defaultdict(list)
    for path in NAV_JSON.glob("*.json"):
        meta = json.loads(path.read_text())["meta"]
        out[meta["fund_house"]].append(int(meta["scheme_code"]))
    return {k: sorted(v) for k, v in out.items()}


def iso(value: object) -> str | None:
    return None if value is None else str(value)


def test_list_on_the_real_store_is_the_files_fund_houses(real_api: str, real_store: Path) -> None:
    r = httpx.get(f"{real_api}/api/amc/list")
    assert r.status_code == 200
    body = r.json()
    assert (body["as_of_date"], body["synthetic"]) == ("2016-06-10", False)
    houses = fund_houses()
    got = {a["name"]: a["scheme_count"] for a in body["amcs"]}
    assert got == {house: len(codes) for house, codes in houses.items()}
    assert body["count"] == len(houses) == 9
    hdfc = next(a for a in body["amcs"] if a["amc_id"] == "hdfc")
    assert hdfc["name"] == "HDFC Mutual Fund" and hdfc["scheme_count"] == 8
    # 100868.json: first NAV 18-10-2000 is not HDFC's earliest; 101762.json starts 1995
    assert hdfc["first_nav_date"] == "1995-01-02"
    assert {c["category"]: c["schemes"] for c in hdfc["categories"]} == {
        "Flexi Cap": 2, "Index Funds": 2, "Liquid": 2, "Mid Cap": 2,
    }  # fmt: skip
    with engine(real_store) as con:
        expected = amc_list(con)
    assert [a["amc_id"] for a in body["amcs"]] == expected["amc_id"].to_list()
    for row, item in zip(expected.iter_rows(named=True), body["amcs"], strict=True):
        assert item["alive_count"] == row["alive"]
        assert item["last_nav_date"] == iso(row["last_nav_date"])


def test_list_on_the_demo_store(demo_api: str, demo_store: Path) -> None:
    body = httpx.get(f"{demo_api}/api/amc/list").json()
    assert body["synthetic"] is True
    with engine(demo_store) as con:
        expected = amc_list(con)
    assert body["count"] == expected.height
    for row, item in zip(expected.iter_rows(named=True), body["amcs"], strict=True):
        assert (item["amc_id"], item["name"]) == (row["amc_id"], row["amc_name"])
        assert (item["scheme_count"], item["alive_count"]) == (row["schemes"], row["alive"])
        assert item["categories"] == row["categories"]
    aurora = next(a for a in body["amcs"] if a["amc_id"] == "aurora")
    # the demo's multi-scheme AMC: some of its schemes closed before the as-of date
    assert aurora["scheme_count"] > aurora["alive_count"] > 1


def test_schemes_of_an_amc_on_the_real_store(real_api: str, real_store: Path) -> None:
    r = httpx.get(f"{real_api}/api/amc/hdfc/schemes")
    assert r.status_code == 200
    body = r.json()
    assert (body["amc_id"], body["name"], body["count"]) == ("hdfc", "HDFC Mutual Fund", 8)
    assert sorted(s["scheme_code"] for s in body["schemes"]) == fund_houses()["HDFC Mutual Fund"]
    flexi = {s["scheme_code"]: s for s in body["schemes"] if s["category"] == "Flexi Cap"}
    assert flexi[101762]["plan_type"] == "regular" and flexi[118955]["plan_type"] == "direct"
    assert flexi[101762]["pair_code"] == 118955 and flexi[118955]["option"] == "growth"
    assert flexi[101762]["scheme_name"] == "HDFC Flexi Cap Fund - Growth Plan"
    with engine(real_store) as con:
        expected = amc_schemes(con, "hdfc")
    assert [s["scheme_code"] for s in body["schemes"]] == expected["scheme_code"].to_list()
    for row, item in zip(expected.iter_rows(named=True), body["schemes"], strict=True):
        assert item["first_nav_date"] == iso(row["first_nav_date"])
        assert item["alive"] == row["alive"]


def test_schemes_of_a_demo_amc_with_closed_ones(demo_api: str, demo_store: Path) -> None:
    body = httpx.get(f"{demo_api}/api/amc/aurora/schemes").json()
    with engine(demo_store) as con:
        expected = amc_schemes(con, "aurora")
    assert body["count"] == expected.height == 37
    closed = [s for s in body["schemes"] if not s["alive"]]
    assert closed and all(
        dt.date.fromisoformat(s["last_nav_date"]) < dt.date(2026, 10, 23) for s in closed
    )
    # a slug is case-folded: the same list
    assert httpx.get(f"{demo_api}/api/amc/AURORA/schemes").json()["schemes"] == body["schemes"]


def test_categories(real_api: str, real_store: Path, demo_api: str) -> None:
    body = httpx.get(f"{real_api}/api/amc/categories").json()
    with engine(real_store) as con:
        expected = amc_categories(con)
    assert body["count"] == expected.height == 44  # SEBI's 42, legacy, unclassified
    assert body["categories"][0] == {"name": "Large Cap", "slug": "large-cap",
                                     "schemes": 4, "amcs": 2}  # fmt: skip
    by_name = {c["name"]: c for c in body["categories"]}
    # Flexi Cap in the files: 101762, 118955 (HDFC), 100669 (UTI), 122639, 122640 (PPFAS)
    assert (by_name["Flexi Cap"]["schemes"], by_name["Flexi Cap"]["amcs"]) == (5, 3)
    assert by_name["Contra"]["schemes"] == 0
    assert [c["slug"] for c in body["categories"]] == expected["slug"].to_list()
    assert httpx.get(f"{demo_api}/api/amc/categories").json()["synthetic"] is True


@pytest.mark.parametrize("slug", ["nosuch", "hdfc-x"])
def test_unknown_amc_is_a_404(real_api: str, slug: str) -> None:
    r = httpx.get(f"{real_api}/api/amc/{slug}/schemes")
    assert r.status_code == 404
    assert r.json() == {"detail": f"no AMC '{slug}' in the store (GET /api/amc/list lists them)"}


def test_malformed_slug_is_a_422(real_api: str) -> None:
    r = httpx.get(f"{real_api}/api/amc/-hdfc/schemes")
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["path", "amc"] and detail[0]["type"] == "string_pattern_mismatch"
