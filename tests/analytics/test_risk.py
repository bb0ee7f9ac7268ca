"""Return-based risk (fundlens.analytics.risk): hand-worked small cases, edge cases, and
conformance with empyrical-reloaded, quantstats, pandas and scipy on real NAV histories.

Reference inputs are built with pandas from ``real_pandas`` (Mon–Fri NAVs, ``pct_change``,
returns spanning more than 10 calendar days dropped), independent of grid.daily_returns;
fundlens' functions run on grid.daily_returns(...) of ``real_grid`` / ``nav_grid``.
"""

from __future__ import annotations

import math
import warnings

import empyrical
import numpy as np
import pandas as pd
import polars as pl
import pytest
import quantstats as qs
import scipy.stats

from fundlens.analytics.grid import daily_returns, joint_levels, nav_grid
from fundlens.analytics.risk import (
    MIN_OBSERVATIONS,
    MIN_OBSERVATIONS_CORRELATION,
    MIN_OBSERVATIONS_SKEW,
    best_period,
    beta,
    conditional_value_at_risk,
    correlation_matrix,
    downside_deviation,
    skew,
    tracking_error,
    value_at_risk,
    volatility,
    worst_period,
)
from fundlens.errors import InputError
from tests.analytics.real import real_grid, real_nav, real_pandas

#: Equity (large, flexi, mid, small cap, index), hybrid, gilt and liquid: different
#: volatilities, one with a 328-day hole (107578), one with sparse early years (100669).
SINGLE = (100822, 101762, 103504, 105758, 105989, 107578, 100356, 101001, 100868, 100669)
#: (fund, benchmark) pairs: active funds against the UTI / HDFC Nifty 50 index funds.
PAIRS = ((101762, 100822), (103504, 100822), (105758, 100822), (100356, 101525), (118955, 119063))
#: A panel of several funds on one calendar (rows in ascending code order, as nav_grid).
PANEL = (100822, 100868, 101762, 103504, 107578, 122639)
REL = 1e-9


def ref_returns(code: int) -> pd.Series:
    """Daily returns with pandas: Mon–Fri NAVs, pct_change, spans > 10 days dropped."""
    nav = real_pandas(code)
    nav = nav[nav.index.day_of_week < 5]
    span = nav.index.to_series().diff().dt.days
    return nav.pct_change()[span <= 10]


def ref_pair(fund: int, bench: int) -> tuple[pd.Series, pd.Series]:
    """Common dates first (inner join of NAV levels), then the same observation rules."""
    both = pd.concat([real_pandas(fund), real_pandas(bench)], axis=1, join="inner")
    both = both[both.index.day_of_week < 5]
    span = both.index.to_series().diff().dt.days
    r = both.pct_change()[span <= 10]
    return r.iloc[:, 0], r.iloc[:, 1]


def fl_returns(code: int) -> np.ndarray:
    start, levels = real_grid(code)
    return daily_returns(levels, start)


def fl_panel(codes: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Levels and daily returns of several funds on one nav_grid calendar."""
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in codes])
    grid = nav_grid(frame)
    return grid.values, daily_returns(grid.values, grid.start)


def fl_pair(fund: int, bench: int) -> tuple[np.ndarray, np.ndarray]:
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in (fund, bench)])
    grid = nav_grid(frame)
    f, b = joint_levels(grid.values[grid.row(fund)], grid.values[grid.row(bench)])
    return daily_returns(f, grid.start), daily_returns(b, grid.start)


# --- volatility -------------------------------------------------------------------------


def test_volatility_by_hand() -> None:
    # r = 0.01, −0.01, 0.01, −0.01 (a NaN day skipped): mean 0, Σdev² = 4e-4,
    # std = √(4e-4 / 3) = 0.0115470054; ×√252 = 0.1833030278
    r = np.array([0.01, -0.01, np.nan, 0.01, -0.01])
    assert volatility(r) == pytest.approx(0.1833030278, rel=1e-9)


@pytest.mark.parametrize("code", SINGLE)
def test_volatility_matches_empyrical(code: int) -> None:
    assert volatility(fl_returns(code)) == pytest.approx(
        empyrical.annual_volatility(ref_returns(code).dropna()), rel=REL
    )


def test_volatility_edges() -> None:
    assert MIN_OBSERVATIONS == 2
    assert math.isnan(volatility(np.array([])))
    assert math.isnan(volatility(np.array([np.nan, np.nan])))
    assert math.isnan(volatility(np.array([np.nan, 0.01])))  # one observation
    # constant NAV: every return 0, volatility exactly 0 (the ratios built on it are NaN)
    assert volatility(np.zeros(5)) == 0.0
    assert isinstance(volatility(np.array([0.01, 0.02])), float)


def test_volatility_polars_series() -> None:
    # same hand numbers as above, as a Polars Series with a null
    s = pl.Series([0.01, -0.01, None, 0.01, -0.01])
    assert volatility(s) == pytest.approx(0.1833030278, rel=1e-9)


# --- downside deviation -------------------------------------------------------------------


def test_downside_deviation_by_hand() -> None:
    # rf = 0: min(r, 0)² = 0, 4e-4, 0, 0 → mean 1e-4 over ALL 4 days → √ = 0.01; ×√252
    assert downside_deviation(np.array([0.02, -0.02, 0.0, 0.0]), rf=0.0) == pytest.approx(
        0.1587450787, rel=1e-9
    )
    # rf = 25.2 % a year → 0.001 a day: returns at exactly 0.001 are not below it
    assert downside_deviation(np.array([0.001, 0.001, 0.003]), rf=0.252) == pytest.approx(
        0, abs=1e-15
    )
    # rf = 25.2 %: r − rf_d = −0.002, 0.0 → mean(4e-6, 0) = 2e-6 → √ = 0.0014142136; ×√252
    assert downside_deviation(np.array([-0.001, 0.001]), rf=0.252) == pytest.approx(
        0.0224499443, rel=1e-9
    )


@pytest.mark.parametrize("code", SINGLE)
def test_downside_deviation_matches_empyrical(code: int) -> None:
    expected = empyrical.downside_risk(ref_returns(code).dropna(), required_return=0.065 / 252)
    assert downside_deviation(fl_returns(code)) == pytest.approx(expected, rel=REL)
    assert downside_deviation(fl_returns(code), rf=0.065) == pytest.approx(expected, rel=REL)


@pytest.mark.parametrize("code", (100822, 101001, 100868))
def test_downside_deviation_per_date_rf_matches_empyrical(code: int) -> None:
    # a user rf series: 6 % a year before 2010, 8 % from 2010 (a per-date annual rate)
    start, levels = real_grid(code)
    dates = start + np.arange(levels.size) * np.timedelta64(1, "D")
    rf = np.where(dates < np.datetime64("2010-01-01"), 0.06, 0.08)
    ref = ref_returns(code).dropna()
    threshold = pd.Series(np.where(ref.index < pd.Timestamp("2010-01-01"), 0.06, 0.08), ref.index)
    expected = empyrical.downside_risk(ref, required_return=threshold / 252)
    assert downside_deviation(daily_returns(levels, start), rf=rf) == pytest.approx(
        expected, rel=REL
    )


def test_downside_deviation_edges() -> None:
    assert math.isnan(downside_deviation(np.array([])))
    assert math.isnan(downside_deviation(np.array([np.nan, -0.01])))  # one observation
    # constant NAV: every day 0 − 0.065/252 below rf: √(mean((0.065/252)²))·√252 = 0.065/√252
    assert downside_deviation(np.zeros(4)) == pytest.approx(0.0040946151, rel=1e-8)


# --- beta and tracking error ----------------------------------------------------------------


def test_beta_and_tracking_error_by_hand() -> None:
    # fund = 2 × benchmark on common days; the NaN benchmark day (fund 0.5) is left out
    f = np.array([0.02, -0.02, 0.04, 0.5])
    b = np.array([0.01, -0.01, 0.02, np.nan])
    assert beta(f, b) == pytest.approx(2.0, rel=1e-12)
    # f − b = 0.01, −0.01, 0.02: mean 0.00666…, Σdev² = 1.1111e-5 + 2.7778e-4 + 1.7778e-4
    # = 4.6667e-4; /2 = 2.3333e-4; √ = 0.0152752523; ×√252 = 0.2424871131
    assert tracking_error(f, b) == pytest.approx(0.2424871131, rel=1e-9)
    assert tracking_error(b, b) == 0.0


def test_beta_edges() -> None:
    assert math.isnan(beta(np.array([0.01]), np.array([0.02])))  # one observation
    assert math.isnan(beta(np.zeros(5), np.zeros(5)))  # constant benchmark: var 0 → NaN
    assert math.isnan(beta(np.array([np.nan, 0.01]), np.array([0.01, np.nan])))  # none common
    assert math.isnan(tracking_error(np.array([0.01, np.nan]), np.array([0.01, 0.0])))
    with pytest.raises(InputError):
        beta(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize(("fund", "bench"), PAIRS)
def test_beta_matches_empyrical(fund: int, bench: int) -> None:
    rf, rb = ref_pair(fund, bench)
    ok = rf.notna() & rb.notna()
    expected = empyrical.beta(rf[ok], rb[ok])
    assert beta(*fl_pair(fund, bench)) == pytest.approx(expected, rel=REL)


@pytest.mark.parametrize(("fund", "bench"), PAIRS)
def test_tracking_error_matches_pandas(fund: int, bench: int) -> None:
    # empyrical has no tracking error; pandas' own std (ddof=1) is the independent reference
    rf, rb = ref_pair(fund, bench)
    expected = (rf - rb).std() * np.sqrt(252)
    assert tracking_error(*fl_pair(fund, bench)) == pytest.approx(expected, rel=REL)


def test_beta_tracking_error_panel_equals_each_pair() -> None:
    funds, bench = (101762, 103504, 105758, 100356), 100822
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in (*funds, bench)])
    grid = nav_grid(frame)
    f, b = joint_levels(
        np.stack([grid.values[grid.row(c)] for c in funds]),
        np.broadcast_to(grid.values[grid.row(bench)], (len(funds), grid.values.shape[1])),
    )
    rf, rb = daily_returns(f, grid.start), daily_returns(b, grid.start)
    betas, tes = beta(rf, rb), tracking_error(rf, rb)
    assert betas.shape == tes.shape == (len(funds),)
    for i, code in enumerate(funds):
        one_f, one_b = fl_pair(code, bench)
        assert betas[i] == pytest.approx(beta(one_f, one_b), rel=1e-12)
        assert tes[i] == pytest.approx(tracking_error(one_f, one_b), rel=1e-12)


# --- VaR and CVaR ------------------------------------------------------------------------


def test_value_at_risk_by_hand() -> None:
    # N = 5, level 0.9: position (5 − 1)·0.1 = 0.4 between −0.05 and −0.01:
    # −0.05 + 0.4·0.04 = −0.034
    r = np.array([0.03, -0.01, np.nan, 0.0, -0.05, 0.02])
    assert value_at_risk(r, level=0.9) == pytest.approx(-0.034, rel=1e-12)
    # level 0.95: position 0.2 → −0.05 + 0.2·0.04 = −0.042
    assert value_at_risk(r) == pytest.approx(-0.042, rel=1e-12)
    # CVaR level 0.5: k = ⌊4·0.5⌋ + 1 = 3 smallest: (−0.05 − 0.01 + 0)/3 = −0.02
    assert conditional_value_at_risk(r, level=0.5) == pytest.approx(-0.02, rel=1e-12)
    # CVaR level 0.95: k = ⌊0.2⌋ + 1 = 1: the worst day alone
    assert conditional_value_at_risk(r) == pytest.approx(-0.05, rel=1e-12)


def test_cvar_ties_follow_empyrical_not_quantstats_historical() -> None:
    # 21 returns: −3 %, three days of −1 %, seventeen of +2 %. Position 20·0.05 = 1 → VaR = −1 %.
    # empyrical / fundlens: k = 2 smallest → (−0.03 − 0.01)/2 = −0.02.
    # quantstats 'historical': every return ≤ VaR → (−0.03 − 0.03)/4 = −0.015.
    r = np.array([-0.03, -0.01, -0.01, -0.01] + [0.02] * 17)
    assert value_at_risk(r) == pytest.approx(-0.01, rel=1e-12)
    assert conditional_value_at_risk(r) == pytest.approx(-0.02, rel=1e-12)
    assert empyrical.conditional_value_at_risk(r, cutoff=0.05) == pytest.approx(-0.02, rel=1e-12)
    qs_cvar = qs.stats.conditional_value_at_risk(
        pd.Series(r), confidence=0.95, prepare_returns=False, method="historical"
    )
    assert qs_cvar == pytest.approx(-0.015, rel=1e-12)


@pytest.mark.parametrize("code", SINGLE)
@pytest.mark.parametrize("level", [0.95, 0.99, 0.9])
def test_var_cvar_match_empyrical(code: int, level: float) -> None:
    ref = ref_returns(code).dropna()
    cutoff = round(1 - level, 2)
    r = fl_returns(code)
    assert value_at_risk(r, level=level) == pytest.approx(
        empyrical.value_at_risk(ref.to_numpy(), cutoff=cutoff), rel=REL
    )
    assert conditional_value_at_risk(r, level=level) == pytest.approx(
        empyrical.conditional_value_at_risk(ref, cutoff=cutoff), rel=REL
    )


def test_var_cvar_edges() -> None:
    for f in (value_at_risk, conditional_value_at_risk):
        assert math.isnan(f(np.array([])))
        assert math.isnan(f(np.array([np.nan, np.nan])))
        assert f(np.array([np.nan, -0.02])) == -0.02  # one observation is its own quantile
        assert f(np.zeros(4)) == 0.0  # constant NAV
        for bad in (0.0, 1.0, 95.0, -0.5):
            with pytest.raises(InputError):
                f(np.zeros(4), level=bad)
    panel = np.array([[np.nan, np.nan, np.nan], [-0.01, 0.0, 0.01]])
    assert np.isnan(value_at_risk(panel)[0])
    assert np.isnan(conditional_value_at_risk(panel)[0])


# --- skew ------------------------------------------------------------------------------


def test_skew_by_hand() -> None:
    # 0, 0, 0.03: mean 0.01, dev −0.01, −0.01, 0.02; m2 = 6e-4/3 = 2e-4, m3 = 6e-6/3 = 2e-6;
    # m3/m2^1.5 = 2e-6/2.828427e-6 = 0.7071068; ×√(3·2)/(3 − 2) = √6 → √3 = 1.7320508076
    assert skew(np.array([0.0, np.nan, 0.0, 0.03])) == pytest.approx(1.7320508076, rel=1e-9)
    assert skew(np.array([0.03, 0.0, 0.0, -0.03])) == pytest.approx(0.0, abs=1e-12)  # symmetric


@pytest.mark.parametrize("code", SINGLE)
def test_skew_matches_pandas_scipy_quantstats(code: int) -> None:
    ref = ref_returns(code).dropna()
    got = skew(fl_returns(code))
    assert got == pytest.approx(ref.skew(), rel=REL)  # pandas: adjusted Fisher–Pearson
    assert got == pytest.approx(scipy.stats.skew(ref, bias=False), rel=REL)
    assert got == pytest.approx(qs.stats.skew(ref, prepare_returns=False), rel=REL)


def test_skew_edges() -> None:
    assert MIN_OBSERVATIONS_SKEW == 3
    assert math.isnan(skew(np.array([0.01, 0.02])))
    assert math.isnan(skew(np.array([])))
    # constant returns: 0/0, NaN (pandas says NaN as well)
    assert math.isnan(skew(np.zeros(6)))
    assert math.isnan(pd.Series(np.zeros(6)).skew())


# --- correlation ---------------------------------------------------------------------------


def test_correlation_by_hand() -> None:
    # rows share days 0–2 only: (1, 2, 3)·0.01 vs (3, 1, 2)·0.01 → devs (−1, 0, 1), (1, −1, 0):
    # cov = −1, var = 2, 2 → −0.5. Row 2 shares 2 days with row 0 (< 3): NaN.
    r = np.array(
        [
            [0.01, 0.02, 0.03, np.nan, np.nan],
            [0.03, 0.01, 0.02, 0.04, 0.0],
            [np.nan, 0.05, 0.01, 0.02, 0.07],
        ]
    )
    c = correlation_matrix(r)
    assert c.shape == (3, 3)
    assert c[0, 1] == c[1, 0] == pytest.approx(-0.5, rel=1e-12)
    assert np.isnan(c[0, 2]) and np.isnan(c[2, 0])
    assert np.diag(c).tolist() == [1.0, 1.0, 1.0]
    assert MIN_OBSERVATIONS_CORRELATION == 3


def test_correlation_edges() -> None:
    c = correlation_matrix(np.array([[0.01, 0.02, 0.03], [0.0, 0.0, 0.0]]))  # constant row
    assert np.isnan(c[0, 1]) and np.isnan(c[1, 1]) and c[0, 0] == 1.0
    with pytest.raises(InputError):
        correlation_matrix(np.array([0.01, 0.02, 0.03]))


def test_correlation_matches_pandas_pairwise() -> None:
    _, r = fl_panel(PANEL)
    ref = pd.concat([ref_returns(c).rename(c) for c in PANEL], axis=1, sort=True)  # outer join
    expected = ref.corr(min_periods=3).to_numpy()
    np.testing.assert_allclose(correlation_matrix(r), expected, rtol=REL, atol=0)


# --- best / worst period ----------------------------------------------------------------------


def test_best_worst_period() -> None:
    m = np.array([[0.02, np.nan, -0.05, 0.04], [np.nan, np.nan, np.nan, np.nan]])
    assert best_period(m[0]) == 0.04 and worst_period(m[0]) == -0.05
    best, worst = best_period(m), worst_period(m)
    assert best[0] == 0.04 and np.isnan(best[1]) and worst[0] == -0.05 and np.isnan(worst[1])
    assert math.isnan(best_period(np.array([]))) and math.isnan(worst_period([]))
    assert best_period(pl.Series([0.01, None, 0.03])) == 0.03


# --- panels: one call over n funds equals each fund alone ---------------------------------------


def test_panel_equals_each_fund_alone() -> None:
    _, panel = fl_panel(PANEL)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning from all-NaN columns
        results = {
            f: f(panel)
            for f in (
                volatility,
                downside_deviation,
                skew,
                value_at_risk,
                conditional_value_at_risk,
            )
        }
    for f, values in results.items():
        assert values.shape == (len(PANEL),)
        for i, code in enumerate(PANEL):
            assert values[i] == pytest.approx(f(fl_returns(code)), rel=1e-12), (f.__name__, code)
