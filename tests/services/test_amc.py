"""AMC listing and comparison (fundlens.services.amc) on stores built from the real files
in shared/data/nav and on the synthetic demo store (AMCs with several schemes in one
category, one of them closed)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest

from fundlens.analytics.keys import all_keys
from fundlens.cli import main
from fundlens.errors import InputError
from fundlens.services.amc import (
    amc_categories,
    amc_comparison,
    amc_list,
    amc_schemes,
    category_benchmark,
    resolve_category,
)
from fundlens.services.metrics import resolve_rf
from fundlens.services.report import metrics_report
from fundlens.store.reads import nav_history
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON


def _store(db: Path, files: list[Path]) -> duckdb.DuckDBPyConnection:
    assert main(["import-mfapi", *map(str, files), "--db", str(db), "--json"]) == 0
    return reader(db)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _store(tmp_path_factory.mktemp("amc") / "real.duckdb", sorted(NAV_JSON.glob("*.json")))
    yield con
    con.close()


@pytest.fixture(scope="module")
def three_hdfc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Real NAVs of HDFC Flexi Cap (101762), HDFC Mid-Cap Opportunities (105758) and HDFC
    Index Nifty 50 (101525), Regular plans, with the last two *relabelled* Flexi Cap in
    their meta (a test fixture: the real files have no AMC with three schemes of one
    category and plan), plus UTI Nifty 50 (100822) unchanged as the Nifty 50 stand-in."""
    folder = tmp_path_factory.mktemp("three")
    files = []
    for code in (101762, 105758, 101525, 100822):
        body = json.loads((NAV_JSON / f"{code}.json").read_text())
        if code in (105758, 101525):
            body["meta"]["scheme_category"] = "Equity Scheme - Flexi Cap Fund"
        path = folder / f"{code}.json"
        path.write_text(json.dumps(body))
        files.append(path)
    con = _store(folder / "three.duckdb", files)
    yield con
    con.close()


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(demo_store)
    yield con
    con.close()


def test_three_real_schemes_by_hand(three_hdfc: duckdb.DuckDBPyConnection) -> None:
    # NAVs and the per-day average returns are written out in
    # tests/analytics/test_portfolio.py::test_three_real_schemes_by_hand:
    #   04-01 (0.0087188386 + 0.0114591291 + 0.0078774617)/3 = 0.0093518098
    #   04-05 101525 has no NAV: (0.0158603617 + 0.0128398792)/2 = 0.0143501204
    #   04-06 101525 sits out (no NAV the day before): (−0.0004543389 + 0.0022371365)/2
    #   04-07 (0.0049586777 + 0.0059523810 + 0.0014986084)/3 = 0.0041365557
    #   04-08 (−0.0092516447 − 0.0007396450 − 0.0132535271)/3 = −0.0077482723
    # level 100 → 100.935181 → 102.383613 → 102.474878 → 102.898771 → 102.101483
    report = amc_comparison(
        three_hdfc,
        ["hdfc"],
        category="Flexi Cap",
        plan="regular",
        start_date=dt.date(2010, 3, 31),
        end_date=dt.date(2010, 4, 8),
        max_points=None,
    )
    cumulative = report["cumulative_returns"]
    assert cumulative["dates"] == [
        "2010-03-31", "2010-04-01", "2010-04-05", "2010-04-06", "2010-04-07", "2010-04-08",
    ]  # fmt: skip
    assert [round(v, 6) for v in cumulative["series"]["hdfc"]] == [
        0.0, 0.009352, 0.023836, 0.024749, 0.028988, 0.021015,
    ]  # fmt: skip
    (amc,) = report["amcs"]
    assert amc["metrics"]["cumulative_return"] == pytest.approx(0.0210148295, abs=1e-9)
    assert list(amc["metrics"]) == list(all_keys())
    assert amc["scheme_count"] == 3
    assert {s["scheme_code"]: s["returns_used"] for s in amc["schemes"]} == {
        101525: 3, 101762: 5, 105758: 5,
    }  # fmt: skip
    assert report["benchmark"]["code"] == 100822
    assert amc["window"]["start_date"] == "2010-03-31"
    # null, with a reason, for what six days cannot give
    assert amc["metrics"]["sharpe_1y"] is None
    assert amc["reasons"]["sharpe_1y"].startswith("history 8 d < window 365 d")


def test_one_scheme_amc_equals_the_fund(real: duckdb.DuckDBPyConnection) -> None:
    # HDFC has one Regular growth Flexi Cap scheme here (101762): its portfolio is its
    # NAV rebased to 100, so every metric equals `fundlens metrics 101762` (same category
    # benchmark, 100822). The share of 1y rolling returns above 0 may differ by a window
    # or two: 2-decimal NAVs repeat a year apart (an exact 0), which 100·Π(1 + r) meets
    # as ±1e-16.
    report = amc_comparison(real, ["hdfc"], category="Flexi Cap", plan="regular",
                            common_window=False)  # fmt: skip
    (amc,) = report["amcs"]
    fund = metrics_report(real, 101762, benchmark="auto", rf=resolve_rf(real, None))
    assert fund["benchmark"]["code"] == report["benchmark"]["code"] == 100822
    assert amc["window"] == fund["window"]
    assert amc["drawdown"] == fund["drawdown"]
    assert amc["reasons"] == fund["reasons"]
    for key, value in fund["metrics"].items():
        got = amc["metrics"][key]
        if value is None:
            assert got is None, key
        elif key.endswith("above_0"):
            assert got == pytest.approx(value, abs=1e-3), key
        else:
            assert got == pytest.approx(value, rel=1e-9, abs=1e-12), key
    for year, value in fund["calendar_year_returns"].items():
        assert amc["calendar_year_returns"][year] == pytest.approx(value, rel=1e-12)


def test_common_window_and_schemes_without_a_plan(real: duckdb.DuckDBPyConnection) -> None:
    # Flexi Cap, Regular: HDFC 101762 (from 1995), UTI 100669 (no plan in its name: a
    # pre-2013 single plan, counted as Regular), PPFAS 122640 (from 2014-04-16).
    report = amc_comparison(real, ["hdfc", "uti", "ppfas"], category="flexi-cap",
                            plan="regular")  # fmt: skip
    assert report["category"] == "Flexi Cap" and report["category_slug"] == "flexi-cap"
    assert report["window"] == {"start_date": "2014-04-16", "end_date": "2016-02-22"}
    codes = {a["amc"]: [s["scheme_code"] for s in a["schemes"]] for a in report["amcs"]}
    assert codes == {"hdfc": [101762], "uti": [100669], "ppfas": [122640]}
    assert report["amcs"][1]["schemes"][0]["plan"] is None
    for amc in report["amcs"]:
        assert amc["window"]["start_date"] == "2014-04-16"
    assert all(s[0] == 0.0 for s in report["cumulative_returns"]["series"].values())
    own = amc_comparison(real, ["hdfc", "ppfas"], category="Flexi Cap", plan="regular",
                         common_window=False)  # fmt: skip
    assert own["amcs"][0]["window"]["start_date"] == "2000-03-27"  # the benchmark's start
    assert own["amcs"][1]["window"]["start_date"] == "2014-04-16"


def test_a_closed_scheme_stays_in_before_it_closes(demo: duckdb.DuckDBPyConnection) -> None:
    # Lotus Bay's Mid Cap Regular growth schemes: 900060 (alive) and 900665 (last NAV
    # 2023-01-20). After 900665's last NAV the portfolio's daily returns are 900060's;
    # before, 900665 is in the mean, so they differ.
    report = amc_comparison(demo, ["lotus-bay"], category="Mid Cap", plan="regular",
                            max_points=None)  # fmt: skip
    assert report["synthetic"] is True
    (amc,) = report["amcs"]
    schemes = {s["scheme_code"]: s for s in amc["schemes"]}
    assert set(schemes) == {900060, 900665}
    assert schemes[900665]["alive"] is False and schemes[900665]["last_date"] == "2023-01-20"
    assert schemes[900665]["returns_used"] > 3000
    dates = np.array(report["cumulative_returns"]["dates"], dtype="datetime64[D]")
    level = 1 + np.array(report["cumulative_returns"]["series"]["lotus-bay"])
    ours = level[1:] / level[:-1] - 1
    nav = nav_history(demo, 900060)
    own = dict(zip(nav["date"].to_list(), nav["nav"].to_list(), strict=True))
    alone = np.array([own[d.item()] for d in dates])
    alone = alone[1:] / alone[:-1] - 1
    after = dates[1:] > np.datetime64("2023-01-20")
    np.testing.assert_allclose(ours[after], alone[after], rtol=0, atol=1e-12)
    assert np.mean(np.abs(ours[~after] - alone[~after]) > 1e-9) > 0.9
    # survivors only (the alive scheme's own CAGR) is not the AMC's record
    survivor = metrics_report(demo, 900060, benchmark=None, rf=resolve_rf(demo, None))
    assert not math.isclose(survivor["metrics"]["cagr"], amc["metrics"]["cagr"], rel_tol=1e-3)


def test_demo_comparison_of_several_amcs(demo: duckdb.DuckDBPyConnection) -> None:
    report = amc_comparison(demo, ["lotus-bay", "banyan"], category="Mid Cap", max_points=40)
    assert [a["amc"] for a in report["amcs"]] == ["lotus-bay", "banyan"]
    assert [a["scheme_count"] for a in report["amcs"]] == [2, 1]
    assert len(report["cumulative_returns"]["dates"]) == 40
    assert report["benchmark"]["label"] == "index fund (incl. costs)"
    for amc in report["amcs"]:
        assert amc["metrics"]["beta"] is not None
        assert amc["window"]["start_date"] == report["amcs"][0]["window"]["start_date"]


def test_listing(real: duckdb.DuckDBPyConnection) -> None:
    amcs = amc_list(real)
    hdfc = amcs.filter(amcs["amc_id"] == "hdfc").row(0, named=True)
    assert (hdfc["amc_name"], hdfc["schemes"], hdfc["alive"]) == ("HDFC Mutual Fund", 8, 8)
    assert {c["category"]: c["schemes"] for c in hdfc["categories"]} == {
        "Flexi Cap": 2, "Index Funds": 2, "Liquid": 2, "Mid Cap": 2,
    }  # fmt: skip
    assert amcs.height == 9
    schemes = amc_schemes(real, "HDFC Mutual Fund")
    assert sorted(schemes["scheme_code"]) == [
        100868, 101525, 101762, 105758, 118955, 118989, 119063, 119091,
    ]  # fmt: skip
    cats = amc_categories(real)
    large = cats.filter(cats["category"] == "Large Cap").row(0, named=True)
    assert (large["slug"], large["schemes"], large["amcs"]) == ("large-cap", 4, 2)
    assert cats.filter(cats["category"] == "Overnight")["schemes"].item() == 0


def test_category_benchmark_and_names(real: duckdb.DuckDBPyConnection) -> None:
    # Flexi Cap → Nifty 500 (no fund here) → Nifty 50: the Regular growth stand-in with
    # the longest history is 100822 (from 2000); the Direct ones all start on 2013-01-01
    # (118581, 120716; 119063 has no option word), the lower code wins: 118581.
    assert category_benchmark(real, "Flexi Cap", "regular")[0] == 100822
    assert category_benchmark(real, "Large Cap", "direct")[0] == 118581
    assert category_benchmark(real, "Liquid", "direct") == (None, None, "no benchmark for Liquid")
    assert resolve_category("LARGE CAP") == resolve_category("large-cap") == "Large Cap"


def test_bad_requests(real: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match="no AMC 'nosuch'"):
        amc_comparison(real, ["nosuch"], category="Large Cap")
    with pytest.raises(InputError, match="unknown category 'Large Caps'"):
        amc_comparison(real, ["sbi"], category="Large Caps")
    with pytest.raises(InputError, match="hdfc has no growth-option Large Cap schemes"):
        amc_comparison(real, ["sbi", "hdfc"], category="Large Cap", plan="regular")
    with pytest.raises(InputError, match="given twice"):
        amc_comparison(real, ["sbi", "SBI Mutual Fund"], category="Large Cap")
    with pytest.raises(InputError, match="plan must be"):
        amc_comparison(real, ["sbi"], category="Large Cap", plan="other")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="at least one AMC"):
        amc_comparison(real, [], category="Large Cap")
    with pytest.raises(InputError, match="after"):
        amc_comparison(real, ["sbi"], category="Large Cap", start_date=dt.date(2015, 1, 1),
                       end_date=dt.date(2014, 1, 1))  # fmt: skip
