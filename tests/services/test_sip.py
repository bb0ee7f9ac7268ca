"""SIP, lump-sum and rolling-SIP reports of stored real funds: against cash flows built
independently with pandas from the same JSON files and solved with ``pyxirr``; the store's
cleaned levels (a one-day outlier is never bought); the library surface."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
import pyxirr

import fundlens
from fundlens.analytics.sip import DISTRIBUTION_KEYS
from fundlens.cli import main
from fundlens.errors import InputError
from fundlens.services.sip import rolling_sip_report, sip_comparison, sip_report
from fundlens.store.snapshots import reader
from tests.analytics.real import real_pandas
from tests.analytics.test_sip import pandas_rolling_sip, pandas_sip, pyxirr_of
from tests.conftest import NAV_JSON

#: UTI Nifty 50, HDFC Flexi Cap, SBI Blue Chip Direct, Parag Parikh Flexi Cap Direct (677 d),
#: ICICI Equity & Debt (a one-day outlier on 02-10-2000).
CODES = (100822, 101762, 119598, 122639, 100356)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sip") / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(path), "--json"]) == 0
    return path


@pytest.fixture()
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = reader(db)
    yield connection
    connection.close()


def test_sip_report_matches_pandas_and_pyxirr(con: duckdb.DuckDBPyConnection) -> None:
    report = sip_report(
        con, 101762, amount=5000.0, day=5, start_date=dt.date(2004, 1, 1),
        end_date=dt.date(2014, 12, 31), step_up=0.1, max_points=None,
    )  # fmt: skip
    buys, when, end_nav = pandas_sip(
        real_pandas(101762), "2004-01-01", "2014-12-31", day=5, amount=5000.0, step_up=0.1
    )
    value = buys["units"].sum() * end_nav
    s = report["summary"]
    assert report["name"] == "HDFC Flexi Cap Fund - Growth Plan" and report["synthetic"] is False
    assert report["plan"] == {"amount": 5000.0, "day": 5, "start_date": "2004-01-01",
                              "end_date": "2014-12-31", "step_up": 0.1}  # fmt: skip
    assert s["instalments"] == len(buys) == 132
    assert s["first_instalment"] == "2004-01-05" and s["valuation_date"] == str(when.date())
    assert s["invested"] == pytest.approx(buys["amount"].sum(), rel=1e-14)
    assert s["units"] == pytest.approx(buys["units"].sum(), rel=1e-12)
    assert s["value"] == pytest.approx(value, rel=1e-12)
    assert s["gain"] == pytest.approx(value - buys["amount"].sum(), rel=1e-12)
    assert s["xirr"] == pytest.approx(pyxirr_of(buys, when, value), abs=1e-9)
    assert [i["date"] for i in report["instalments"]] == [str(d.date()) for d in buys["buy"]]
    assert [i["units"] for i in report["instalments"]] == pytest.approx(buys["units"].tolist())
    nav = real_pandas(101762)
    days = nav[(nav.index >= buys["buy"].iloc[0]) & (nav.index <= when)]
    assert report["path"]["dates"] == [str(d.date()) for d in days.index]
    assert report["path"]["value"][-1] == pytest.approx(value, rel=1e-12)
    assert report["path"]["invested"][-1] == pytest.approx(s["invested"], rel=1e-14)
    assert report["notes"] == [] and report["reasons"] == {}


def test_lump_sum_of_the_same_money_at_the_start(con: duckdb.DuckDBPyConnection) -> None:
    report = sip_report(
        con, 100822, amount=10_000.0, day=1, start_date=dt.date(2010, 1, 1),
        end_date=dt.date(2015, 12, 31),
    )  # fmt: skip
    ls = report["lump_sum"]
    # 72 instalments of 10,000; 1 Jan 2010 (a Friday with no NAV in the file) → Mon 4 Jan
    # at 32.65; valued Thu 31 Dec 2015 at 50.16 (literal NAVs of 100822.json)
    assert report["summary"]["invested"] == ls["amount"] == 720_000.0
    assert (ls["date"], ls["nav"], ls["valuation_date"]) == ("2010-01-04", 32.65, "2015-12-31")
    assert ls["value"] == pytest.approx(720_000 * 50.16 / 32.65, rel=1e-13)
    assert ls["gain"] == pytest.approx(720_000 * (50.16 / 32.65 - 1), rel=1e-12)
    dates = [dt.date(2010, 1, 4), dt.date(2015, 12, 31)]
    assert ls["cagr"] == pytest.approx(pyxirr.xirr(dates, [-720_000, ls["value"]]), abs=1e-9)
    assert len(report["path"]["dates"]) <= 500 and len(ls["path"]["dates"]) <= 500
    assert report["path"]["dates"][0] == "2010-01-04"
    assert report["path"]["dates"][-1] == ls["path"]["dates"][-1] == "2015-12-31"


def test_a_one_day_outlier_is_never_bought(con: duckdb.DuckDBPyConnection) -> None:
    # 100356 publishes 7.79 on 02-10-2000 between 9.64 and 9.61 (README: junk); the store
    # flags it and the SIP due that day buys on 03-10-2000 at 9.61
    report = sip_report(
        con, 100356, amount=1000.0, day=2, start_date=dt.date(2000, 9, 1),
        end_date=dt.date(2000, 12, 31),
    )  # fmt: skip
    october = report["instalments"][1]
    assert (october["scheduled"], october["date"], october["nav"]) == ("2000-10-02",
                                                                       "2000-10-03", 9.61)  # fmt: skip


def test_rolling_sip_report_matches_a_pyxirr_loop(con: duckdb.DuckDBPyConnection) -> None:
    out = rolling_sip_report(con, 100822, years=(3, 10), amount=1000.0, day=5)
    assert set(out["windows"]) == {"3y", "10y"}
    three = out["windows"]["3y"]
    ref = pandas_rolling_sip(100822, 3, 5)
    assert three["starts"] == [str(d.date()) for d in ref["start"]]
    assert three["xirr"] == pytest.approx(ref["xirr"].tolist(), abs=1e-9)
    assert list(three["distribution"]) == list(DISTRIBUTION_KEYS)
    assert three["distribution"]["count"] == len(ref) and three["reason"] is None
    assert three["distribution"]["median"] == pytest.approx(ref["xirr"].median(), abs=1e-9)
    json.dumps(out, allow_nan=False)  # plain JSON: no NaN anywhere


def test_a_young_fund_has_an_empty_window_with_a_reason(con: duckdb.DuckDBPyConnection) -> None:
    out = rolling_sip_report(con, 122639, years=(1, 3, 5))
    assert out["windows"]["1y"]["distribution"]["count"] == 10
    for window in ("3y", "5y"):
        body = out["windows"][window]
        assert body["distribution"]["count"] == 0 and body["xirr"] == []
        assert all(v is None for k, v in body["distribution"].items() if k != "count")
        assert body["reason"].startswith("history 677 d: no complete")
    json.dumps(out, allow_nan=False)


def test_bad_requests(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(InputError, match="not in the store"):
        sip_report(con, 999, amount=100.0, day=1)
    with pytest.raises(InputError, match="is after"):
        sip_report(
            con, 100822, amount=100.0, day=1, start_date=dt.date(2012, 1, 1),
            end_date=dt.date(2011, 1, 1),
        )  # fmt: skip
    with pytest.raises(InputError, match="before the fund's first NAV"):
        sip_report(con, 119598, amount=100.0, day=1, end_date=dt.date(2012, 1, 1))
    with pytest.raises(InputError, match="at least one"):
        rolling_sip_report(con, 100822, years=())
    with pytest.raises(InputError, match="1 to 5 funds"):
        sip_comparison(con, [100822, 101762, 119598, 122639, 100356, 1], amount=1.0, day=1)
    with pytest.raises(InputError, match="twice"):
        sip_comparison(con, [100822, 100822], amount=1.0, day=1)


def test_one_plan_in_several_funds(con: duckdb.DuckDBPyConnection) -> None:
    plan: dict[str, Any] = {"amount": 2000.0, "day": 10, "start_date": dt.date(2013, 1, 1),
                            "end_date": dt.date(2015, 12, 31)}  # fmt: skip
    reports = sip_comparison(con, [119598, 100822], **plan)
    assert [r["scheme_code"] for r in reports] == [119598, 100822]
    assert reports[1]["summary"] == sip_report(con, 100822, **plan)["summary"]
    assert reports[0]["summary"]["instalments"] == reports[1]["summary"]["instalments"] == 36


def test_library_store_sip_and_rolling_sip(db: Path, con: duckdb.DuckDBPyConnection) -> None:
    with fundlens.open(db) as store:
        full = store.sip(100822, amount=3000.0, day=15, start_date=dt.date(2006, 1, 1))
        rolled = store.rolling_sip(100822, years=(5,), day=15)
    assert full == sip_report(
        con, 100822, amount=3000.0, day=15, start_date=dt.date(2006, 1, 1), max_points=None
    )
    assert len(full["path"]["dates"]) > 500  # every NAV day by default in the library
    assert rolled == rolling_sip_report(con, 100822, years=(5,), day=15)
    assert np.isfinite(rolled["windows"]["5y"]["distribution"]["median"])
