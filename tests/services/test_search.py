"""services.search on a hand-written store of six schemes (fixture rows written here):
folding, match tiers, one row per fund, filters, the per-snapshot index."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from fundlens.errors import InputError
from fundlens.services.search import build_index, fold, search, search_index
from fundlens.store.schema import create_schema

D = dt.date(2024, 1, 1)
SCHEMES = [
    # code, name, amc_id, category, plan, option, pair, isin
    (1, "Alpha Flexi Cap Fund - Direct Plan - Growth", "alpha", "Flexi Cap", "direct", "growth", 2, "INF000A01011"),
    (2, "Alpha Flexi Cap Fund - Regular Plan - Growth", "alpha", "Flexi Cap", "regular", "growth", 1, "INF000A01029"),
    (3, "Alpha Flexi Cap Fund - Regular Plan - IDCW", "alpha", "Flexi Cap", "regular", "idcw", None, None),
    (4, "Beta Children\u2019s Gift Plan", "beta", "legacy", None, None, None, None),
    (5, "Gamma Banking & PSU Debt Fund - Growth", "gamma", "Banking and PSU", "regular", "growth", None, None),
    (6, "Alphabet Soup Fund - Growth", "gamma", "Flexi Cap", None, "growth", None, None),
]  # fmt: skip


def _store(path: Path, extra_name: str | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    create_schema(con)
    for code, name, amc, cat, plan, option, pair, isin in SCHEMES:
        con.execute(
            """INSERT INTO schemes (scheme_code, name, amc_id, amc_name, sebi_category, plan,
               option, pair_code, isin_growth, last_nav_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [code, name, amc, amc.title() + " Mutual Fund", cat, plan, option, pair, isin, D],
        )
        con.execute("INSERT INTO scheme_history VALUES (?, 'name', ?, ?, ?)", [code, name, D, D])
    # the Regular plan's old name (a rename); the Direct plan never had it
    con.execute(
        "INSERT INTO scheme_history VALUES (2, 'name', 'Alpha Multicap Fund - Regular', ?, ?)",
        [dt.date(2010, 1, 1), dt.date(2020, 1, 1)],
    )
    if extra_name:
        con.execute("INSERT INTO schemes (scheme_code, name) VALUES (7, ?)", [extra_name])
    return con


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    return _store(tmp_path / "s.duckdb")


def _codes(con: duckdb.DuckDBPyConnection, q: str, **kw: object) -> list[int]:
    return search(build_index(con), q, **kw).rows["scheme_code"].to_list()  # type: ignore[arg-type]


def test_fold() -> None:
    assert fold("Beta Children\u2019s  Gift-Plan") == "beta children's gift plan"
    assert fold("Banking & PSU") == "banking and psu" == fold("BANKING and psu")
    assert fold("\uff21\uff22\uff23 \u2018x\u2019") == "abc 'x'"  # full-width letters (NFKC)


def test_one_row_per_fund_on_the_direct_plan(con: duckdb.DuckDBPyConnection) -> None:
    # 1 and 2 are one fund (Direct/Regular growth); 3 is its Regular IDCW option
    assert _codes(con, "alpha flexi") == [1]
    assert _codes(con, "alpha flexi", all_variants=True) == [1, 2, 3]
    assert _codes(con, "alpha flexi", plan="regular") == [2]
    assert _codes(con, "alpha flexi", option="idcw") == [3]


def test_a_regular_plans_old_name_shows_the_direct_plan(con: duckdb.DuckDBPyConnection) -> None:
    rows = search(build_index(con), "multicap").rows
    assert rows["scheme_code"].to_list() == [1]
    assert rows.row(0, named=True)["matched_on"] == "past_name"
    assert rows.row(0, named=True)["matched_text"] == "Alpha Multicap Fund - Regular"


def test_exact_codes_and_isins_name_their_scheme(con: duckdb.DuckDBPyConnection) -> None:
    assert _codes(con, "INF000A01029") == [2]  # the Regular plan's ISIN: not its Direct pair
    assert _codes(con, "inf000a01029") == [2]
    assert _codes(con, "INF000A010") == [1]  # a prefix of both ISINs: one fund
    with pytest.raises(InputError, match="fewer than 2"):
        search(build_index(con), "5")  # one character: shorter than any code


def test_tiers(con: duckdb.DuckDBPyConnection) -> None:
    rows = search(build_index(con), "alpha", all_variants=True).rows
    # 'alpha' starts every Alpha name (tier 1) and 'Alphabet Soup' (tier 1 too): by name
    assert rows["rank"].to_list() == [1, 1, 1, 1]
    assert rows["scheme_code"].to_list() == [1, 2, 3, 6]
    rows = search(build_index(con), "soup fund").rows
    assert (rows["scheme_code"].to_list(), rows["rank"].to_list()) == ([6], [2])
    rows = search(build_index(con), "phabet").rows
    assert (rows["scheme_code"].to_list(), rows["rank"].to_list()) == ([6], [3])
    rows = search(build_index(con), "fund soup").rows  # words in another order
    assert (rows["scheme_code"].to_list(), rows["rank"].to_list()) == ([6], [4])
    exact = search(build_index(con), "gamma banking and psu debt fund growth").rows
    assert exact["rank"].to_list() == [0]


def test_unread_options_are_listed_and_folding_applies(con: duckdb.DuckDBPyConnection) -> None:
    assert _codes(con, "children's") == [4]  # option null: kept by default
    assert _codes(con, "CHILDREN\u2019S GIFT") == [4]
    assert _codes(con, "banking and psu") == [5] == _codes(con, "banking & psu")


def test_filters_and_errors(con: duckdb.DuckDBPyConnection) -> None:
    assert _codes(con, "fund", category="flexi-cap") == [1, 6]
    assert _codes(con, "fund", category="FLEXI CAP") == [1, 6]
    assert _codes(con, "fund", amc="gamma") == [6, 5]  # same tier (a word start): by name
    with pytest.raises(InputError, match="unknown category"):
        search(build_index(con), "fund", category="nope")
    with pytest.raises(InputError, match="unknown AMC 'zeta'"):
        search(build_index(con), "fund", amc="zeta")
    with pytest.raises(InputError, match="fewer than 2"):
        search(build_index(con), " -' ")
    with pytest.raises(InputError, match="limit"):
        search(build_index(con), "fund", limit=0)


def test_pages_and_total(con: duckdb.DuckDBPyConnection) -> None:
    index = build_index(con)
    every = search(index, "fund", all_variants=True)
    assert every.total == 5
    page = search(index, "fund", all_variants=True, limit=2, offset=2)
    assert page.rows["scheme_code"].to_list() == every.rows["scheme_code"].to_list()[2:4]
    assert page.total == 5


def test_the_index_is_kept_per_snapshot(tmp_path: Path) -> None:
    first = _store(tmp_path / "a.duckdb")
    index_a = search_index(first)
    assert search_index(first) is index_a
    other = _store(tmp_path / "b.duckdb", extra_name="Omega Fund")
    index_b = search_index(other)
    assert index_b is not index_a
    assert search(index_b, "omega").rows["scheme_code"].to_list() == [7]
    assert search(index_a, "omega").total == 0
    assert search_index(first) is index_a  # the snapshot before the current one is kept
    search_index(_store(tmp_path / "c.duckdb"))
    assert search_index(other) is not index_b  # a third snapshot dropped the oldest (b)
