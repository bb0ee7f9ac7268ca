"""One fund's analysis (fundlens.services.fund_analysis): the full set is metrics_report's,
the benchmark's trailing returns by hand from the real JSON files, the category standing
from fund_metrics (equal to peer_rank's), and every 'not available' reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from fundlens.cli import main
from fundlens.errors import InputError
from fundlens.services.category import peer_rank
from fundlens.services.fund_analysis import (
    INCEPTION_GAP_DAYS,
    NO_MANAGER,
    NO_PORTFOLIO,
    _since_inception,
    fund_analysis,
    peer_standing,
)
from fundlens.services.report import metrics_report
from fundlens.settings import get_settings
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

RF = 0.065


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("analysis-real") / "real.duckdb"
    files = sorted(str(p) for p in NAV_JSON.glob("*.json"))
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    con = reader(Path(db))
    yield con
    con.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """The demo store with fund_metrics refreshed at its last NAV date."""
    home = tmp_path_factory.mktemp("analysis-demo")
    db = home / "demo.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDLENS_HOME", str(home / "home"))
        mp.setenv("FUNDLENS_OFFLINE", "1")
        get_settings.cache_clear()
        assert main(["init", "--demo", "--db", str(db)]) == 0
        assert main(["refresh-metrics", "--db", str(db), "--rf", str(RF), "--json"]) == 0
    get_settings.cache_clear()
    con = reader(db)
    yield con
    con.close()


def test_report_is_metrics_report(real: duckdb.DuckDBPyConnection) -> None:
    got = fund_analysis(real, 103504, rf=RF)
    assert got["report"] == metrics_report(real, 103504, rf=RF)
    assert got["scheme"]["amc_name"] == "SBI Mutual Fund"
    assert got["scheme"]["sebi_category"] == "Large Cap"
    assert got["scheme"]["first_nav_date"] == "2006-02-17"
    assert got["portfolio_reason"] == NO_PORTFOLIO and got["manager_reason"] == NO_MANAGER
    assert got["synthetic"] is False


def test_benchmark_returns_by_hand(real: duckdb.DuckDBPyConnection) -> None:
    # 103504 vs its stand-in 100822 (UTI Nifty 50 index fund), common dates end 2016-02-22.
    # 100822.json: 22-02-2016 45.72; 20-02-2015 55.28 (last NAV on or before 22-02-2015,
    # 367 days earlier); 22-02-2013 36.43 (1095 days earlier).
    # 1y: (45.72 / 55.28)^(365/367) − 1 = −0.1720815; 3y: (45.72 / 36.43)^(1/3) − 1 = 0.0786545
    got = fund_analysis(real, 103504, rf=RF)
    assert got["report"]["benchmark"]["code"] == 100822
    assert got["report"]["window"]["end_date"] == "2016-02-22"
    bench = got["benchmark_returns"]
    assert bench["return_1y"] == pytest.approx(-0.1720815, abs=1e-7)
    assert bench["return_3y"] == pytest.approx(0.0786545, abs=1e-7)
    # 103504.json: 22-02-2016 26.17, 22-02-2013 16.50: (26.17 / 16.50)^(1/3) − 1 = 0.1662006
    fund = got["report"]["metrics"]
    assert fund["return_3y"] == pytest.approx(0.1662006, abs=1e-7)
    # on common dates the excess return is the difference of the two trailing returns
    assert fund["excess_return_3y"] == pytest.approx(
        fund["return_3y"] - bench["return_3y"], abs=1e-12
    )


def test_no_benchmark_gives_null_benchmark_returns(real: duckdb.DuckDBPyConnection) -> None:
    got = fund_analysis(real, 100868, rf=RF)  # HDFC Liquid: no stand-in for Liquid
    assert got["report"]["benchmark"] is None
    assert set(got["benchmark_returns"].values()) == {None}


def test_standing_without_fund_metrics(real: duckdb.DuckDBPyConnection) -> None:
    got = fund_analysis(real, 101762, rf=RF)["peers"]
    assert got["available"] is False and got["category_rank"] is None
    assert got["reason"] == (
        "fund_metrics not computed for 2016-06-10: run fundlens refresh-metrics"
    )


def test_standing_from_fund_metrics_equals_peer_rank(demo: duckdb.DuckDBPyConnection) -> None:
    as_of = dt.date(2026, 10, 30)
    got = peer_standing(demo, 900115, as_of=as_of)
    ref = peer_rank(demo, 900115, as_of=as_of, rf=RF)["metrics"]["return_3y"]
    assert got["available"] is True and got["reason"] is None
    assert (got["category_rank"], got["category_peers"]) == (ref["rank"], ref["peer_count"])
    assert got["category_percentile"] == pytest.approx(ref["percentile"], abs=1e-12)
    # rank 6 of 13: p = (13 − 6) / (13 − 1) = 0.58333
    assert (got["category_rank"], got["category_peers"]) == (6.0, 13)
    assert got["category_percentile"] == pytest.approx(7 / 12, abs=1e-12)
    assert got["metric"] == "return_3y" and got["as_of"] == "2026-10-30"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (900011, "idcw option: price returns, left out of category ranks"),
        (901886, "no return_3y: history"),
        (900425, "category 'legacy' is not a peer group"),
        (900074, "scheme 900074 is not in fund_metrics of 2026-10-30"),
    ],
)
def test_unranked_funds_say_why(demo: duckdb.DuckDBPyConnection, code: int, reason: str) -> None:
    got = peer_standing(demo, code, as_of=dt.date(2026, 10, 30))
    assert got["available"] is False and got["category_rank"] is None
    assert got["reason"].startswith(reason)


def test_a_date_without_fund_metrics(demo: duckdb.DuckDBPyConnection) -> None:
    got = peer_standing(demo, 900115, as_of=dt.date(2026, 10, 29))
    assert got["available"] is False and "refresh-metrics" in got["reason"]


def test_as_of_defaults_to_the_stores_last_nav(demo: duckdb.DuckDBPyConnection) -> None:
    got = fund_analysis(demo, 900010, rf=RF)
    assert got["peers"]["as_of"] == "2026-10-30" and got["peers"]["available"] is True
    assert got["synthetic"] is True


def test_since_inception_needs_the_launch_date() -> None:
    first = dt.date(2013, 1, 1)
    assert "launch date not in the store" in _since_inception(
        {"launch_date": None, "first_nav_date": first}
    )
    near = first - dt.timedelta(days=INCEPTION_GAP_DAYS)
    assert _since_inception({"launch_date": near, "first_nav_date": first}) is None
    far = first - dt.timedelta(days=INCEPTION_GAP_DAYS + 1)
    assert "more than 31 days" in _since_inception({"launch_date": far, "first_nav_date": first})


def test_unknown_scheme(real: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match="scheme 999 is not in the store"):
        fund_analysis(real, 999, rf=RF)
