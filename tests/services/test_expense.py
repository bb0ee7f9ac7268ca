"""Expense drag from a store built from the real MFAPI files in shared/data/nav
(fundlens.services.expense): pairs from the schemes table, one pair's series and rate with
literal values from the NAVs, an AMC's summary, and bad requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from fundlens.cli import main
from fundlens.errors import InputError
from fundlens.services.expense import amc_expense_summary, expense_drag, expense_pairs
from fundlens.store.snapshots import reader
from tests.analytics.test_expense import PAIRS
from tests.conftest import NAV_JSON


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("expense") / "real.duckdb"
    files = sorted(str(p) for p in NAV_JSON.glob("*.json"))
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    connection = reader(Path(db))
    yield connection
    connection.close()


def test_pairs_are_the_readme_pairs(con: duckdb.DuckDBPyConnection) -> None:
    frame = expense_pairs(con)
    found = set(zip(frame["direct_code"], frame["regular_code"], strict=True))
    assert found == set(PAIRS)
    assert frame["option"].unique().to_list() == ["growth"]
    assert not frame["price_return_only"].any()
    hdfc = expense_pairs(con, "hdfc")
    assert sorted(hdfc["direct_code"]) == [118955, 118989, 119063, 119091]
    assert set(hdfc["sebi_category"]) == {"Flexi Cap", "Index Funds", "Liquid", "Mid Cap"}
    # by display name too; overlap bounds from the schemes table
    by_name = expense_pairs(con, "UTI Mutual Fund")
    assert by_name.select("direct_code", "regular_code").rows() == [(120716, 100822)]
    assert by_name["overlap_start"][0] == dt.date(2013, 1, 1)
    assert by_name["overlap_end"][0] == dt.date(2016, 2, 22)


def test_uti_nifty_pair_literal_values(con: duckdb.DuckDBPyConnection) -> None:
    # 2013-01-01: both 37.14; 2016-02-22: Direct 45.97, Regular 45.72 (1147 days):
    # drag = 45.97/45.72 − 1 = 0.0054680665; annualised 1.0054680665^(365/1147) − 1
    # = 0.0017368 (tests/analytics/test_expense.py writes out the arithmetic).
    report = expense_drag(con, 120716, 100822, max_points=None)
    assert report["window"] == {
        "start_date": "2013-01-01",
        "end_date": "2016-02-22",
        "days": 1147,
        "points": 772,
    }
    assert report["drag"] == pytest.approx(0.0054680665, abs=1e-10)
    assert report["annualised"] == pytest.approx(0.0017368225, abs=1e-9)
    assert report["paired"] and not report["price_return_only"] and not report["synthetic"]
    assert (report["amc_id"], report["sebi_category"]) == ("uti", "Index Funds")
    series = report["series"]
    assert len(series["dates"]) == 772
    assert (series["dates"][0], series["drag"][0]) == ("2013-01-01", 0.0)
    assert series["direct_nav"][-1] == 45.97 and series["regular_nav"][-1] == 45.72
    assert report["reasons"] == {}


def test_series_is_thinned_for_display_only(con: duckdb.DuckDBPyConnection) -> None:
    full = expense_drag(con, 118955, 101762, max_points=None)
    thin = expense_drag(con, 118955, 101762, max_points=50)
    assert len(thin["series"]["dates"]) == 50
    assert thin["series"]["dates"][-1] == full["series"]["dates"][-1] == "2016-06-03"
    assert thin["drag"] == full["drag"] == pytest.approx(0.0255724255, abs=1e-10)


def test_window_from_a_later_start(con: duckdb.DuckDBPyConnection) -> None:
    # From 2014-01-01 the common start is 2014-01-01 (UTI Nifty 50: Direct 39.46,
    # Regular 39.37); to 2015-12-31 (Direct 50.43, Regular 50.16):
    # (50.43/39.46)/(50.16/39.37) − 1 = (50.43·39.37)/(39.46·50.16) − 1
    # = 1985.4291/1979.3136 − 1 = 0.0030897; 729 d: 1.0030897^(365/729) − 1 = 0.0015458
    report = expense_drag(
        con, 120716, 100822, start_date=dt.date(2014, 1, 1), end_date=dt.date(2015, 12, 31)
    )
    assert report["window"]["start_date"] == "2014-01-01"
    assert report["window"]["end_date"] == "2015-12-31"
    assert report["series"]["direct_nav"][0] == 39.46
    assert report["series"]["regular_nav"][0] == 39.37
    assert report["drag"] == pytest.approx(0.0030897, abs=1e-7)
    assert report["annualised"] == pytest.approx(0.0015458, abs=1e-7)


def test_short_window_has_a_null_rate_and_a_reason(con: duckdb.DuckDBPyConnection) -> None:
    report = expense_drag(
        con, 120716, 100822, start_date=dt.date(2015, 6, 1), end_date=dt.date(2015, 12, 31)
    )
    assert report["drag"] is not None
    assert report["annualised"] is None
    assert report["reasons"] == {"annualised": "history 213 d < 365 d"}


def test_bad_pairs_are_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match="is not a Direct plan"):
        expense_drag(con, 100822, 120716)  # reversed
    with pytest.raises(InputError, match="not a Regular plan"):
        expense_drag(con, 120716, 119063)  # two Direct plans
    with pytest.raises(InputError, match="different AMCs"):
        expense_drag(con, 120716, 101525)
    with pytest.raises(InputError, match="not in the store"):
        expense_drag(con, 120716, 1)
    with pytest.raises(InputError, match="no AMC 'nosuch'"):
        expense_pairs(con, "nosuch")


def test_amc_summary(con: duckdb.DuckDBPyConnection) -> None:
    # HDFC's four growth pairs, annualised (tests/analytics/test_expense.py):
    # Liquid 0.0006047, Index 0.0017230, Mid Cap 0.0073424, Flexi Cap 0.0074065:
    # median = (0.0017230 + 0.0073424)/2 = 0.0045327; mean = 0.0170766/4 = 0.0042691
    report = amc_expense_summary(con, "hdfc", max_points=10)
    assert report["amc_name"] == "HDFC Mutual Fund"
    assert report["growth_pairs"] == 4
    assert report["median_annualised"] == pytest.approx(0.0045327, abs=1e-7)
    assert report["mean_annualised"] == pytest.approx(0.0042691, abs=1e-7)
    assert report["by_category"]["Liquid"] == pytest.approx(0.0006047, abs=1e-7)
    rates = {p["direct_code"]: p["annualised"] for p in report["pairs"]}
    single = expense_drag(con, 118989, 105758)
    assert rates[118989] == single["annualised"]
    assert {p["start_date"] for p in report["pairs"]} == {"2013-01-01"}
    assert set(report["series"]) == {"118955", "118989", "119063", "119091"}
    assert all(len(s["dates"]) == 10 for s in report["series"].values())
    assert report["series"]["119063"]["drag"][-1] == pytest.approx(0.0059082165, abs=1e-10)
    bare = amc_expense_summary(con, "hdfc", with_series=False)
    assert bare["series"] == {} and bare["pairs"] == report["pairs"]


def test_summary_series_equal_each_pairs_own_series(con: duckdb.DuckDBPyConnection) -> None:
    # the AMC summary's per-pair series (drag and both NAVs) are expense_drag's, point
    # for point; UTI's last NAVs are the JSON files' (Direct 45.97, Regular 45.72)
    for amc in ("hdfc", "uti"):
        report = amc_expense_summary(con, amc, max_points=None)
        for pair in report["pairs"]:
            single = expense_drag(con, pair["direct_code"], pair["regular_code"], max_points=None)
            assert report["series"][str(pair["direct_code"])] == single["series"]
    uti = amc_expense_summary(con, "uti")["series"]["120716"]
    assert (uti["direct_nav"][-1], uti["regular_nav"][-1]) == (45.97, 45.72)


def test_amc_without_pairs(con: duckdb.DuckDBPyConnection) -> None:
    report = amc_expense_summary(con, "dsp")  # only a Regular plan here
    assert report["pairs"] == [] and report["median_annualised"] is None
