"""build_schemes precedence on small hand-written frames (master → file → casparser → name).

Codes and names here are made up for the test (hand-written), except where noted.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from fundlens.errors import InputError
from fundlens.schemes.build import SCHEME_COLUMNS, build_schemes


def _obs() -> pl.DataFrame:
    rows = [
        # code, name, amc_raw, category_raw, plan_raw, option_raw, isin_g, isin_r
        (
            1,
            "HDFC Flexi Cap Fund - Growth Option - Direct Plan",
            "Some Other Mutual Fund",
            "Open Ended Schemes ( Equity Scheme - Large Cap Fund )",
            None,
            None,
            "INFFILE00001",
            None,
        ),
        (
            2,
            "quant Small Cap Fund - Growth",
            "quant Mutual Fund",
            "Close Ended Schemes ( Equity Scheme - Small Cap Fund )",
            "Regular Plan",
            "GROWTH",
            "INFFILE00002",
            None,
        ),
        (3, "SBI Magnum Liquid Fund - Direct Plan - Growth", None, None, None, None, None, None),
        (4, "Mystery Scheme", None, None, None, None, None, None),
        (5, "X Cash Fund - Growth", "X Mutual Fund", None, None, None, None, None),
        (6, "X Liquid Fund - Growth", "X Mutual Fund", None, None, None, None, None),
        (7, "Y Fund - Growth", "Y Mutual Fund", None, None, None, None, None),
        (8, "Z Tracker - Growth", "Z Mutual Fund", None, None, None, None, None),
        (
            9,
            "W Equity Fund - Direct Plan - Growth",
            "W Mutual Fund",
            "Open Ended Schemes ( Equity Scheme - Value Fund )",
            None,
            None,
            None,
            None,
        ),
        (
            10,
            "W Equity Fund - Growth",
            "W Mutual Fund",
            "Open Ended Schemes ( Equity Scheme - Value Fund )",
            None,
            None,
            None,
            None,
        ),
    ]
    cols = [
        "scheme_code",
        "name",
        "amc_raw",
        "category_raw",
        "plan_raw",
        "option_raw",
        "isin_growth",
        "isin_reinvest",
    ]
    frame = pl.DataFrame(rows, orient="row", schema=dict.fromkeys(cols, pl.String))
    return frame.with_columns(
        pl.col("scheme_code").cast(pl.Int64),
        first_nav_date=pl.lit(dt.date(2020, 1, 1)),
        last_nav_date=pl.lit(dt.date(2026, 1, 1)),
    )


def _master() -> pl.DataFrame:
    rows = [
        (
            1,
            "HDFC Asset Management Company Limited",
            "HDFC Flexi Cap Fund",
            "Open Ended",
            "Equity Scheme - Flexi Cap Fund",
            "HDFC Flexi Cap Fund - Growth Option - Direct Plan",
            dt.date(1994, 12, 8),
            dt.date(1994, 12, 24),
            "INFMAST00001",
            None,
        ),
        (
            5,
            "X Asset Management Limited",
            "X Cash Fund",
            "Close Ended",
            "Income",
            "X Cash Fund - Growth",
            dt.date(2010, 1, 1),
            None,
            None,
            None,
        ),
        (
            6,
            "X Asset Management Limited",
            "X Liquid Fund",
            "Open Ended",
            "Income",
            "X Liquid Fund - Growth",
            None,
            None,
            None,
            None,
        ),
        (
            8,
            "Z AMC Limited",
            "Z Tracker",
            "Open Ended",
            "Other Scheme - Index Funds",
            "Z Tracker - Growth",
            None,
            None,
            None,
            None,
        ),
        (
            99,
            "HDFC Asset Management Company Limited",
            "Not In Obs",
            "Open Ended",
            "Debt Scheme - Liquid Fund",
            "Not In Obs - Growth",
            None,
            None,
            None,
            None,
        ),
    ]
    return pl.DataFrame(
        rows,
        orient="row",
        schema={
            "scheme_code": pl.Int64,
            "amc_name": pl.String,
            "scheme_name": pl.String,
            "scheme_type": pl.String,
            "category_raw": pl.String,
            "nav_name": pl.String,
            "launch_date": pl.Date,
            "closure_date": pl.Date,
            "isin_growth": pl.String,
            "isin_reinvest": pl.String,
        },
    )


def _casparser() -> pl.DataFrame:
    rows = [
        (
            1,
            "INFCASP00001",
            "HDFC FLEXI CAP FUND - DIRECT - GROWTH",
            "EQUITY",
            "Equity Scheme - Large Cap Fund",
        ),
        (5, "INFCASP00005", "X CASH FUND - GROWTH", "DEBT", "Debt Scheme - Liquid Fund"),
        (7, "INFCASP00007", "Y FUND - GROWTH", "DEBT", "Debt Scheme - Overnight Fund"),
        (7, "INFCASP00077", "Y FUND - IDCW REINVESTMENT", "DEBT", "Debt Scheme - Overnight Fund"),
    ]
    return pl.DataFrame(
        rows,
        orient="row",
        schema={
            "amfi_code": pl.Int64,
            "isin": pl.String,
            "name": pl.String,
            "type": pl.String,
            "sebi_category": pl.String,
        },
    )


@pytest.fixture(scope="module")
def built() -> dict[int, dict[str, object]]:
    frame = build_schemes(_obs(), master=_master(), casparser=_casparser())
    assert frame.columns == list(SCHEME_COLUMNS)
    return {row["scheme_code"]: row for row in frame.iter_rows(named=True)}


def test_master_only_schemes_are_not_added(built: dict[int, dict[str, object]]) -> None:
    assert sorted(built) == list(range(1, 11))


def test_amc_precedence(built: dict[int, dict[str, object]]) -> None:
    got = {c: (built[c]["amc_id"], built[c]["amc_source"]) for c in (1, 2, 3, 4)}
    assert got == {
        1: ("hdfc", "master"),
        2: ("quant", "file"),
        3: ("sbi", "name"),
        4: (None, "none"),
    }
    assert built[1]["amc_name"] == "HDFC Mutual Fund"
    assert built[3]["amc_name"] == "SBI Mutual Fund"


def test_category_precedence(built: dict[int, dict[str, object]]) -> None:
    got = {
        c: (built[c]["sebi_category"], built[c]["category_source"], built[c]["sebi_category_raw"])
        for c in (1, 2, 3, 4, 5, 6, 7)
    }
    assert got == {
        1: ("Flexi Cap", "master", "Equity Scheme - Flexi Cap Fund"),
        2: ("Small Cap", "file", "Close Ended Schemes ( Equity Scheme - Small Cap Fund )"),
        3: ("Liquid", "name", None),
        4: ("unclassified", "none", None),
        # a legacy master label yields to a canonical casparser label …
        5: ("Liquid", "casparser", "Debt Scheme - Liquid Fund"),
        # … but never to a name guess
        6: ("legacy", "master", "Income"),
        7: ("Overnight", "casparser", "Debt Scheme - Overnight Fund"),
    }


def test_asset_class_and_vehicle(built: dict[int, dict[str, object]]) -> None:
    assert (built[6]["asset_class"], built[6]["vehicle"]) == ("debt", "active")
    # the Index Funds category makes an index fund of a name that does not say so
    assert (built[8]["vehicle"], built[8]["is_index_fund"]) == ("index", True)
    assert built[8]["asset_class"] == "equity"


def test_isin_precedence_by_source(built: dict[int, dict[str, object]]) -> None:
    assert (built[1]["isin_growth"], built[1]["isin_reinvest"]) == ("INFMAST00001", None)
    assert built[2]["isin_growth"] == "INFFILE00002"
    assert built[5]["isin_growth"] == "INFCASP00005"
    assert (built[7]["isin_growth"], built[7]["isin_reinvest"]) == ("INFCASP00007", "INFCASP00077")


def test_scheme_type_and_dates(built: dict[int, dict[str, object]]) -> None:
    assert built[1]["scheme_type"] == "open_ended"  # master
    assert built[5]["scheme_type"] == "close_ended"  # master
    assert built[2]["scheme_type"] == "close_ended"  # file line
    assert built[3]["scheme_type"] is None
    assert built[1]["launch_date"] == dt.date(1994, 12, 8)
    assert built[2]["launch_date"] is None
    assert built[1]["first_nav_date"] == dt.date(2020, 1, 1)


def test_layout_b_texts_and_implied_regular(built: dict[int, dict[str, object]]) -> None:
    assert (built[2]["plan"], built[2]["option"]) == ("regular", "growth")
    # 10 has no plan word; it pairs with the direct plan 9, so it is the regular plan
    assert (built[9]["pair_code"], built[10]["pair_code"]) == (10, 9)
    assert (built[9]["plan"], built[10]["plan"]) == ("direct", "regular")


def test_without_registries() -> None:
    frame = build_schemes(_obs(), master=None, casparser=None)
    assert frame.filter(pl.col("scheme_code") == 1)["category_source"].item() == "file"
    assert set(frame["amc_source"]) <= {"file", "name", "none"}


def test_optional_columns_may_be_absent() -> None:
    obs = pl.DataFrame({"scheme_code": [1], "name": ["UTI Nifty 50 Index Fund - Growth"]})
    row = build_schemes(obs, master=None, casparser=None).row(0, named=True)
    assert (row["amc_id"], row["sebi_category"], row["tracked_index"]) == (
        "uti",
        "Index Funds",
        "Nifty 50",
    )


def test_bad_obs_raise() -> None:
    with pytest.raises(InputError, match="name"):
        build_schemes(pl.DataFrame({"scheme_code": [1]}), master=None, casparser=None)
    dup = pl.DataFrame({"scheme_code": [1, 1], "name": ["A", "B"]})
    with pytest.raises(InputError, match="one row per scheme_code"):
        build_schemes(dup, master=None, casparser=None)
