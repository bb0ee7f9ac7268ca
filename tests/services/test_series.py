"""Rolling-return series, risk series and correlations of stored real funds, against
pandas / empyrical computed independently from the same JSON files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import empyrical
import numpy as np
import pandas as pd
import pytest

import fundlens
from fundlens.cli import main
from fundlens.errors import InputError
from tests.analytics.real import real_pandas
from tests.conftest import NAV_JSON

CODES = (100822, 103504, 101001, 119598, 120716)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> fundlens.Store:
    db = tmp_path_factory.mktemp("series") / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return fundlens.open(Path(db))


def _weekday_returns(code: int) -> pd.Series:
    """Mon–Fri NAVs, simple returns, spans > 10 calendar days dropped (pandas only)."""
    nav = real_pandas(code)
    nav = nav[nav.index.day_of_week < 5]
    r = nav.pct_change()
    return r[nav.index.to_series().diff().dt.days <= 10].dropna()


def test_rolling_series_match_pandas_and_the_metric_set(store: fundlens.Store) -> None:
    out = store.rolling(103504, benchmark=100822, windows=("1y", "3y"))
    one = out["windows"]["3y"]
    # seed 003 §7.5 in pandas: calendar forward fill, pct_change(1095), on both NAV days
    both = pd.concat([real_pandas(103504), real_pandas(100822)], axis=1, join="inner")
    daily = both.asfreq("D").ffill()
    ref = (1 + daily.pct_change(1095, fill_method=None).reindex(both.index).dropna()) ** (
        365 / 1095
    ) - 1
    assert len(one["dates"]) == ref.shape[0]
    assert one["dates"][-1] == str(ref.index[-1].date())
    assert one["fund"][-1] == pytest.approx(ref.iloc[-1, 0], rel=1e-12)
    assert one["benchmark"][-1] == pytest.approx(ref.iloc[-1, 1], rel=1e-12)
    assert one["summary"]["beat_benchmark"] == pytest.approx(
        (ref.iloc[:, 0] > ref.iloc[:, 1]).mean(), rel=1e-12
    )
    # the same statistics as the full metric set reports
    m = store.metrics(103504, benchmark=100822)
    assert m["rolling_3y_mean"] == pytest.approx(one["summary"]["mean"], rel=1e-12)
    assert m["rolling_3y_beat_benchmark"] == pytest.approx(
        one["summary"]["beat_benchmark"], rel=1e-12
    )


def test_rolling_series_are_thinned_for_display_only(store: fundlens.Store) -> None:
    full = store.rolling(100822, benchmark=None, windows=("1y",))["windows"]["1y"]
    thin = store.rolling(100822, benchmark=None, windows=("1y",), max_points=100)["windows"]["1y"]
    assert len(thin["dates"]) == 100 < len(full["dates"])
    assert thin["summary"] == full["summary"]
    assert thin["dates"][0] == full["dates"][0] and thin["dates"][-1] == full["dates"][-1]


def test_risk_series_against_empyrical(store: fundlens.Store) -> None:
    out = store.risk(103504, benchmark=100822, rf=0.065)
    ref = _weekday_returns(103504)
    vol = out["series"]["rolling_volatility"]
    # the last value: the last 252 observations
    assert vol["dates"][-1] == str(ref.index[-1].date())
    assert vol["values"][-1] == pytest.approx(
        empyrical.annual_volatility(ref.iloc[-252:]), rel=1e-9
    )
    sharpe = out["series"]["rolling_sharpe"]["values"][-1]
    assert sharpe == pytest.approx(
        empyrical.sharpe_ratio(ref.iloc[-252:], risk_free=0.065 / 252), rel=1e-9
    )
    episodes = out["drawdown_episodes"]
    # the deepest episode is the max drawdown (−61.45 %, peak 2008-01-04, trough 2009-03-09)
    alone = store.metrics(103504, benchmark=None)["max_drawdown"]
    assert episodes[0]["depth"] == pytest.approx(alone, rel=1e-12)
    assert (episodes[0]["peak_date"], episodes[0]["trough_date"]) == ("2008-01-04", "2009-03-09")
    assert min(out["series"]["underwater"]["values"]) >= episodes[0]["depth"]
    assert "rolling_beta" in out["series"]


def test_correlations_match_pandas_pairwise(store: fundlens.Store) -> None:
    codes = [103504, 100822, 101001]
    frame = store.correlations(codes)
    ref = pd.concat({str(c): _weekday_returns(c) for c in codes}, axis=1, sort=True).corr()
    got = frame.select([str(c) for c in codes]).to_numpy()
    assert np.allclose(got, ref.to_numpy(), rtol=1e-9, atol=0)
    assert frame["scheme_code"].to_list() == codes


def test_correlations_need_two_funds(store: fundlens.Store) -> None:
    with pytest.raises(InputError, match="two different"):
        store.correlations([103504, 103504])


def test_risk_series_over_a_window_starts_its_running_max_inside(store: fundlens.Store) -> None:
    from fundlens.services.risk_series import risk_series

    con = store._reader.connection()
    first, last = dt.date(2009, 1, 1), dt.date(2012, 12, 31)
    out = risk_series(
        con, 103504, benchmark=100822, rf=0.065, start_date=first, end_date=last, max_points=None
    )
    nav = real_pandas(103504).loc[str(first) : str(last)]
    under = out["series"]["underwater"]
    assert (under["dates"][0], under["dates"][-1]) == (
        str(nav.index[0].date()),
        str(nav.index[-1].date()),
    )
    assert min(under["values"]) == pytest.approx((nav / nav.cummax() - 1).min(), rel=1e-12)
    deepest = out["drawdown_episodes"][0]
    # by hand: 16.67 on 2010-11-09 → 11.83 on 2011-12-20, not recovered by the end of 2012
    assert (deepest["peak_nav"], deepest["trough_nav"]) == (16.67, 11.83)
    assert deepest["depth"] == pytest.approx(11.83 / 16.67 - 1, rel=1e-12)
    assert deepest["recovery_date"] is None
    with pytest.raises(InputError):
        risk_series(con, 103504, rf=0.065, start_date=last, end_date=first)
