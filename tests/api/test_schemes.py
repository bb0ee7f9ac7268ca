"""``GET /api/schemes/search`` and ``GET /api/schemes/index-funds`` through a real server.

Stores: the 32 real MFAPI histories (``real_api``), the demo universe (``demo_api``), and
the ten real AMFI daily files in ../shared/data/amfi (``amfi_api``: 2,316 schemes with
renames such as Axis Bluechip → Axis Large Cap, ISINs and names written with ’).
Expected rows are read off those files by hand; whole pages are compared with the search
service called on the same store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fundlens.cli import main
from fundlens.services.indices import curated_index_funds
from fundlens.services.search import build_index, search
from fundlens.store.meta import meta_object
from fundlens.store.snapshots import reader
from tests.api.server import live_server
from tests.conftest import AMFI_DAILY

SEARCH = "/api/schemes/search"
INDEX_FUNDS = "/api/schemes/index-funds"


@pytest.fixture(scope="module")
def amfi_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("api-amfi") / "amfi.duckdb"
    assert main(["ingest", str(AMFI_DAILY), "--db", str(db), "--json"]) == 0
    return db


@pytest.fixture(scope="module")
def amfi_api(amfi_store: Path) -> Iterator[str]:
    with live_server(amfi_store) as base:
        yield base


def _get(base: str, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{base}{path}", params=params, timeout=30)


def _codes(body: dict[str, Any]) -> list[int]:
    return [row["scheme_code"] for row in body["data"]]


def _expected(db: Path, q: str, **kw: Any) -> list[dict[str, Any]]:
    """The search service's page on the same store, in the API's field names."""
    con = reader(db)
    try:
        rows = search(build_index(con), q, **kw).rows
    finally:
        con.close()
    return [
        {
            "scheme_code": r["scheme_code"],
            "scheme_name": r["name"],
            "amc": r["amc_name"],
            "amc_slug": r["amc_id"],
            "category": r["sebi_category"],
            "category_slug": r["category_slug"],
            "plan": r["plan"],
            "option": r["option"],
            "last_nav_date": None if r["last_nav_date"] is None else str(r["last_nav_date"]),
            "matched_on": r["matched_on"],
            "matched_text": r["matched_text"],
            "rank": r["rank"],
        }
        for r in rows.iter_rows(named=True)
    ]


# --- search: hand-checked rows -------------------------------------------------------


def test_one_row_per_fund_is_the_direct_growth_plan(real_api: str, real_store: Path) -> None:
    body = _get(real_api, SEARCH, q="parag").json()
    # 122639 Direct and 122640 Regular growth: one fund, shown on its Direct plan
    assert _codes(body) == [122639]
    assert body["data"][0]["scheme_name"] == "Parag Parikh Flexi Cap Fund - Direct Plan - Growth"
    assert body["data"][0]["plan"] == "direct" and body["data"][0]["option"] == "growth"
    assert (
        body["data"][0]["amc_slug"] == "ppfas" and body["data"][0]["category_slug"] == "flexi-cap"
    )
    assert body["total"] == body["count"] == 1
    assert body["synthetic"] is False
    con = reader(real_store)
    try:
        assert body["as_of_date"] == str(meta_object(con)["as_of_date"])
    finally:
        con.close()
    every = _get(real_api, SEARCH, q="parag", all_variants="true").json()
    assert sorted(_codes(every)) == [122639, 122640]
    regular = _get(real_api, SEARCH, q="parag", plan="regular").json()
    assert _codes(regular) == [122640]


def test_funds_without_a_direct_plan_show_the_regular_one(real_api: str, real_store: Path) -> None:
    # 'flexi': HDFC (Direct 118955 of 101762), Parag Parikh (Direct 122639 of 122640) and
    # UTI Flexi Cap 100669 (no plan in its name, no Direct pair in the store); all three
    # match at a word start (rank 2), so they come by name.
    body = _get(real_api, SEARCH, q="flexi").json()
    assert _codes(body) == [118955, 122639, 100669]
    assert [r["rank"] for r in body["data"]] == [2, 2, 2]
    assert body["data"] == _expected(real_store, "flexi")


def test_prefix_matches_rank_before_word_and_substring_matches(amfi_api: str) -> None:
    body = _get(amfi_api, SEARCH, q="sun", limit=100).json()
    names = [r["scheme_name"] for r in body["data"]]
    ranks = [r["rank"] for r in body["data"]]
    assert ranks == sorted(ranks)
    first_other = next(i for i, n in enumerate(names) if not n.lower().startswith("sun"))
    assert first_other > 0
    assert all(n.lower().startswith("sundaram") for n in names[:first_other])  # prefix, rank 1
    assert all(r == 1 for r in ranks[:first_other])
    assert "Aditya Birla Sun Life" in names[first_other]  # 'Sun' starts a word: rank 2
    # substring inside a word ranks after both: 'ndaram' only occurs inside 'Sundaram'
    inside = _get(amfi_api, SEARCH, q="ndaram", limit=5).json()["data"]
    assert inside and all(r["rank"] == 3 for r in inside)


def test_past_names_are_found(amfi_api: str, amfi_store: Path) -> None:
    # scheme_history: 120465 was 'Axis Bluechip Fund - Direct Plan - Growth' until the
    # 2024-07-15 file, 'Axis Large Cap Fund - Direct Plan - Growth' from 2025-11-17
    body = _get(amfi_api, SEARCH, q="axis bluechip").json()
    assert body["data"] == [
        {
            "scheme_code": 120465,
            "scheme_name": "Axis Large Cap Fund - Direct Plan - Growth",
            "amc": body["data"][0]["amc"],
            "amc_slug": "axis",
            "category": "Large Cap",
            "category_slug": "large-cap",
            "plan": "direct",
            "option": "growth",
            "last_nav_date": body["data"][0]["last_nav_date"],
            "matched_on": "past_name",
            "matched_text": "Axis Bluechip Fund - Direct Plan - Growth",
            "rank": 1,
        }
    ]
    assert body["data"] == _expected(amfi_store, "axis bluechip")
    every = _get(amfi_api, SEARCH, q="axis bluechip", all_variants="true").json()
    assert sorted(_codes(every)) == [112277, 112278, 120465, 120466]  # growth + IDCW, both plans


def test_curly_and_straight_apostrophes_match_each_other(amfi_api: str) -> None:
    curly = "Templeton India Children\u2019s Asset Plan-Gift Plan - Growth"  # as AMFI writes it
    straight = "LIC MF Children's Fund-Regular Plan-Growth"
    for q in ("children's", "children\u2019s", "CHILDREN\u2019S"):
        names = [r["scheme_name"] for r in _get(amfi_api, SEARCH, q=q).json()["data"]]
        assert curly in names and straight in names, q


def test_ampersand_and_and_are_the_same(amfi_api: str) -> None:
    amp = _get(amfi_api, SEARCH, q="banking & psu").json()
    word = _get(amfi_api, SEARCH, q="Banking and PSU").json()
    assert amp["data"] == word["data"] and amp["total"] == 5
    names = [r["scheme_name"] for r in amp["data"]]
    assert "Aditya Birla Sun Life Banking & PSU Debt Fund - Growth - Regular Plan" in names


def test_isins_and_codes_find_that_very_scheme(amfi_api: str, real_api: str) -> None:
    # 120465's growth ISIN; 112277 (Regular) is the Direct plan's pair, but an exact ISIN or
    # code shows the scheme it names, not its Direct pair
    for q, code in (("INF846K01DP8", 120465), ("inf846k01164", 112277), ("112277", 112277)):
        row = _get(amfi_api, SEARCH, q=q).json()["data"][0]
        assert (row["scheme_code"], row["rank"]) == (code, 0), q
        assert row["matched_on"] == ("code" if q.isdigit() else "isin")
    row = _get(real_api, SEARCH, q="INF200K01QX4").json()["data"][0]  # SBI Blue Chip Direct
    assert row["scheme_code"] == 119598 and row["matched_text"] == "INF200K01QX4"


def test_filters(amfi_api: str, amfi_store: Path, demo_api: str, demo_store: Path) -> None:
    by_slug = _get(amfi_api, SEARCH, q="axis", category="large-cap").json()
    by_name = _get(amfi_api, SEARCH, q="axis", category="Large Cap").json()
    assert by_slug["data"] == by_name["data"] and _codes(by_slug) == [120465]
    amc = _get(amfi_api, SEARCH, q="large cap", amc="axis").json()
    assert _codes(amc) == [120465]
    idcw = _get(amfi_api, SEARCH, q="axis", option="idcw").json()
    assert {r["option"] for r in idcw["data"]} == {"idcw"}
    assert idcw["data"] == _expected(amfi_store, "axis", option="idcw")
    demo = _get(demo_api, SEARCH, q="aurora", plan="regular", option="growth", limit=100).json()
    assert demo["synthetic"] is True and demo["total"] > 0
    assert {(r["plan"], r["option"]) for r in demo["data"]} == {("regular", "growth")}
    assert demo["data"] == _expected(
        demo_store, "aurora", plan="regular", option="growth", limit=100
    )


def test_pages(amfi_api: str) -> None:
    whole = _get(amfi_api, SEARCH, q="fund", limit=10).json()
    first = _get(amfi_api, SEARCH, q="fund", limit=4).json()
    second = _get(amfi_api, SEARCH, q="fund", limit=4, offset=4).json()
    assert first["data"] + second["data"] == whole["data"][:8]
    assert first["total"] == whole["total"] > 100
    assert (second["count"], second["limit"], second["offset"]) == (4, 4, 4)
    beyond = _get(amfi_api, SEARCH, q="fund", offset=99_999).json()
    assert beyond["data"] == [] and beyond["count"] == 0 and beyond["total"] == whole["total"]


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"q": "a"}, "q"),
        ({}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"q": "fund", "limit": 101}, "limit"),
        ({"q": "fund", "limit": 0}, "limit"),
        ({"q": "fund", "offset": -1}, "offset"),
        ({"q": "fund", "plan": "premium"}, "plan"),
        ({"q": "fund", "option": "dividend"}, "option"),
    ],
)
def test_bad_queries_are_422_with_the_field(
    real_api: str, params: dict[str, Any], where: str
) -> None:
    r = _get(real_api, SEARCH, **params)
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["query", where]]


def test_bad_query_values_are_422_with_a_sentence(real_api: str) -> None:
    r = _get(real_api, SEARCH, q=" - ")
    assert r.status_code == 422
    assert r.json() == {
        "detail": "search text ' - ' has fewer than 2 letters or digits once folded"
    }
    r = _get(real_api, SEARCH, q="fund", category="smallish-cap")
    assert r.status_code == 422 and "unknown category 'smallish-cap'" in r.json()["detail"]
    r = _get(real_api, SEARCH, q="fund", amc="acme")
    assert r.status_code == 422 and r.json()["detail"].startswith("unknown AMC 'acme'")


def test_no_match_is_an_empty_page(real_api: str) -> None:
    body = _get(real_api, SEARCH, q="zzzz qqqq").json()
    assert body["data"] == [] and body["total"] == 0


# --- index funds ---------------------------------------------------------------------


def test_index_funds_on_the_real_store(real_api: str, real_store: Path) -> None:
    body = _get(real_api, INDEX_FUNDS).json()
    con = reader(real_store)
    try:
        frame = curated_index_funds(con)
    finally:
        con.close()
    assert _codes(body) == frame["scheme_code"].to_list()
    assert body["count"] == body["total"] == frame.height == 7
    by_code = {r["scheme_code"]: r for r in body["data"]}
    # 100822 (shared/data/nav/100822.json): UTI's Nifty 50 index fund, Regular plan
    assert by_code[100822] == {
        "scheme_code": 100822,
        "scheme_name": "UTI Nifty 50 Index Fund - Regular Plan - Growth Option",
        "index_name": "Nifty 50",
        "fund_house": "UTI Mutual Fund",
        "group": "Nifty 50",
        "plan": "regular",
        "vehicle": "index",
        "first_nav_date": "2000-03-27",
        "last_nav_date": "2016-02-22",
        "label": "index fund (incl. costs)",
    }
    assert by_code[120684]["index_name"] == "Nifty Next 50"
    assert {r["label"] for r in body["data"]} == {"index fund (incl. costs)"}
    assert 103504 not in by_code and 119063 not in by_code  # active; option not read
    assert body["synthetic"] is False and body["as_of_date"] is not None


def test_index_funds_on_the_demo_store(demo_api: str, demo_store: Path) -> None:
    body = _get(demo_api, INDEX_FUNDS).json()
    con = reader(demo_store)
    try:
        frame = curated_index_funds(con)
    finally:
        con.close()
    assert body["synthetic"] is True
    assert _codes(body) == frame["scheme_code"].to_list() and body["count"] > 0
    assert all(r["scheme_name"].endswith("(Synthetic)") for r in body["data"])
    assert {r["vehicle"] for r in body["data"]} <= {"index", "etf"}
