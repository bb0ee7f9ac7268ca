"""Tests for fundlens.analytics.ratios: hand calculations, empyrical-reloaded and quantstats
on real NAV histories, pinned differences where fundlens differs on purpose, edge cases."""

from __future__ import annotations

import math
import warnings

import empyrical as ep
import numpy as np
import pandas as pd
import polars as pl
import pytest

from fundlens.analytics import grid
from fundlens.analytics.ratios import (
    MIN_OBSERVATIONS,
    alpha,
    calmar,
    excess_return,
    information_ratio,
    sharpe,
    sortino,
    treynor,
)
from fundlens.errors import InputError
from tests.analytics.real import real_grid, real_nav, real_pandas

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import quantstats as qs

#: √252 written out: empyrical's excess_sharpe and quantstats' information_ratio are not
#: annualised, fundlens' information ratio is (mean·252 / (std·√252) = mean / std · √252).
SQRT_252 = 15.874507866387544

#: Equity, index, liquid (NAV every calendar day), gilt, and a fund with long early gaps.
SINGLE_CODES = (100822, 119598, 100868, 101001, 100669)
#: (fund, benchmark): an active large cap vs a Nifty 50 index fund; Direct vs Direct.
PAIRS = ((103504, 100822), (119598, 120716))


# ---- reference inputs, built with pandas independently of grid.daily_returns ----


def _drop_long_spans(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Weekday NAVs → pct_change, NaN for returns spanning more than 10 calendar days."""
    frame = frame[frame.index.day_of_week < 5]
    rets = frame.pct_change()
    span = frame.index.to_series().diff().dt.days
    rets[span > 10] = np.nan
    return rets.dropna()


def pandas_observations(code: int) -> pd.Series:
    """Daily-statistics observations of one real fund, as pandas."""
    return _drop_long_spans(real_pandas(code))


def pandas_pair(fund: int, benchmark: int) -> tuple[pd.Series, pd.Series]:
    """Common-window observations: NAVs joined on dates both have, then returns."""
    joined = pd.concat([real_pandas(fund), real_pandas(benchmark)], axis=1, join="inner")
    rets = _drop_long_spans(joined)
    return rets.iloc[:, 0], rets.iloc[:, 1]


def fundlens_returns(code: int) -> tuple[np.datetime64, np.ndarray]:
    start, levels = real_grid(code)
    return start, grid.daily_returns(levels, start)


def fundlens_pair(fund: int, benchmark: int) -> tuple[np.ndarray, np.ndarray]:
    """The same pair through fundlens: one grid, joint levels, daily returns."""
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in (fund, benchmark)])
    g = grid.nav_grid(frame)
    f, b = grid.joint_levels(g.values[g.row(fund)], g.values[g.row(benchmark)])
    return grid.daily_returns(f, g.start), grid.daily_returns(b, g.start)


# ---- hand calculations ----

# r = [0.01, 0.02, -0.01, 0.0]: mean 0.005; deviations 0.005, 0.015, -0.015, -0.005;
# squares sum 25e-6 + 225e-6 + 225e-6 + 25e-6 = 500e-6; sample var = 500e-6 / 3;
# mean / std = 0.005 / √(5e-4 / 3) = √(25e-6 · 3 / 5e-4) = √0.15; · √252 = √37.8.
HAND = [0.01, 0.02, -0.01, 0.0]
SQRT_37_8 = 6.148170459575759


def test_sharpe_hand_calculation() -> None:
    assert sharpe(HAND, rf=0.0) == pytest.approx(SQRT_37_8, rel=1e-12)
    # rf = 0.0252 → rf_d = 0.0001: excess mean 0.0049 (std unchanged), Sharpe = 0.98·√37.8
    assert sharpe(HAND, rf=0.0252) == pytest.approx(6.025207050384243, rel=1e-12)


def test_sortino_hand_calculation() -> None:
    # rf = 0: mean·252 = 1.26; DD = √(mean([0, 0, 1e-4, 0]))·√252 = 0.005·√252;
    # Sortino = 0.005·252 / (0.005·√252) = √252.
    assert sortino(HAND, rf=0.0) == pytest.approx(SQRT_252, rel=1e-12)
    # rf = 0.0252: excess [0.0099, 0.0199, -0.0101, -0.0001], mean 0.0049;
    # min(x,0)² = [0, 0, 1.0201e-4, 1e-8], mean 2.5505e-5;
    # Sortino = 0.0049·252 / (√2.5505e-5 · √252) = 0.0049·√252 / 0.00505024752…
    assert sortino(HAND, rf=0.0252) == pytest.approx(15.402232911849142, rel=1e-12)


def test_information_ratio_hand_calculation_nan_inside() -> None:
    # active = [0.01, 0.0, -0.01, 0.02] (the last day is missing in the fund): same mean
    # 0.005 and deviations as HAND → √37.8.
    fund = [0.02, 0.01, 0.0, 0.03, np.nan]
    bench = [0.01, 0.01, 0.01, 0.01, 0.02]
    assert information_ratio(fund, bench) == pytest.approx(SQRT_37_8, rel=1e-12)


def test_annual_figure_ratios_hand_calculation() -> None:
    assert calmar(0.12, -0.4) == pytest.approx(0.3, rel=1e-12)  # 0.12 / 0.4
    assert treynor(0.145, 0.8, rf=0.065) == pytest.approx(0.1, rel=1e-12)  # 0.08 / 0.8
    # 0.15 − (0.065 + 1.1·(0.12 − 0.065)) = 0.15 − 0.1255
    assert alpha(0.15, 0.12, 1.1, rf=0.065) == pytest.approx(0.0245, rel=1e-12)
    assert excess_return(0.15, 0.12) == pytest.approx(0.03, rel=1e-12)


def test_annual_figure_ratios_elementwise_and_nan() -> None:
    got = calmar(np.array([0.12, 0.10, 0.05, 0.08]), np.array([-0.4, 0.0, np.nan, -0.2]))
    np.testing.assert_allclose(got, [0.3, np.nan, np.nan, 0.4], rtol=1e-12)
    got = treynor(np.array([0.145, 0.1]), np.array([0.8, 0.0]), rf=np.array([0.065, 0.05]))
    np.testing.assert_allclose(got, [0.1, np.nan], rtol=1e-12)
    # alpha: [0.15 − (0.065 + 1.1·0.055), 0.10 − (0.05 + 0.5·0.03)] = [0.0245, 0.035]
    got = alpha(
        np.array([0.15, 0.10]),
        np.array([0.12, 0.08]),
        np.array([1.1, 0.5]),
        rf=np.array([0.065, 0.05]),
    )
    np.testing.assert_allclose(got, [0.0245, 0.035], rtol=1e-12)
    np.testing.assert_allclose(excess_return([0.15, 0.1], 0.12), [0.03, -0.02], rtol=1e-12)
    assert isinstance(calmar(0.12, -0.4), float)


# ---- conformance with empyrical-reloaded and quantstats on real series ----


@pytest.mark.parametrize("code", SINGLE_CODES)
def test_sharpe_sortino_match_empyrical(code: int) -> None:
    _, r = fundlens_returns(code)
    ref = pandas_observations(code).to_numpy()
    assert int(np.isfinite(r).sum()) == ref.size  # the same observations
    assert sharpe(r) == pytest.approx(ep.sharpe_ratio(ref, risk_free=0.065 / 252), rel=1e-9)
    assert sortino(r) == pytest.approx(ep.sortino_ratio(ref, required_return=0.065 / 252), rel=1e-9)


@pytest.mark.parametrize("code", SINGLE_CODES)
def test_sharpe_sortino_match_quantstats_without_rf(code: int) -> None:
    # quantstats de-annualises rf geometrically ((1 + rf)^(1/252) − 1), so it is a
    # reference only at rf = 0.
    _, r = fundlens_returns(code)
    ref = pandas_observations(code)
    assert sharpe(r, rf=0.0) == pytest.approx(qs.stats.sharpe(ref, rf=0.0), rel=1e-9)
    assert sortino(r, rf=0.0) == pytest.approx(qs.stats.sortino(ref, rf=0.0), rel=1e-9)


def test_flat_rf_array_equals_float() -> None:
    _, r = fundlens_returns(100822)
    flat = np.full(r.shape, 0.065)
    assert sharpe(r, rf=flat) == pytest.approx(sharpe(r, rf=0.065), rel=1e-12)
    assert sortino(r, rf=flat) == pytest.approx(sortino(r, rf=0.065), rel=1e-12)


def test_varying_rf_array_matches_empyrical() -> None:
    start, r = fundlens_returns(100822)
    # a per-date annual rate rising from 4 % to 12 % across the calendar
    rf_annual = 0.04 + 0.08 * np.arange(r.size) / r.size
    ref = pandas_observations(100822)
    cols = (ref.index.values.astype("datetime64[D]") - start) // np.timedelta64(1, "D")
    rf_daily = rf_annual[cols.astype(np.int64)] / 252
    expected = ep.sharpe_ratio(ref.to_numpy(), risk_free=rf_daily)
    assert sharpe(r, rf=rf_annual) == pytest.approx(expected, rel=1e-9)
    assert sharpe(r, rf=rf_annual) != pytest.approx(sharpe(r, rf=0.065), rel=1e-2)
    assert sortino(r, rf=rf_annual) == pytest.approx(
        ep.sortino_ratio(ref.to_numpy(), required_return=rf_daily), rel=1e-9
    )


@pytest.mark.parametrize(("fund", "bench"), PAIRS)
def test_information_ratio_is_excess_sharpe_times_sqrt_252(fund: int, bench: int) -> None:
    f, b = fundlens_pair(fund, bench)
    pf, pb = pandas_pair(fund, bench)
    assert int(np.isfinite(f - b).sum()) == len(pf)
    ir = information_ratio(f, b)
    assert ir == pytest.approx(ep.excess_sharpe(pf.to_numpy(), pb.to_numpy()) * SQRT_252, rel=1e-9)
    assert ir == pytest.approx(qs.stats.information_ratio(pf, pb) * SQRT_252, rel=1e-9)


def test_information_ratio_pinned_real_values() -> None:
    # Recorded once: 103504 vs 100822, 2426 common observations (20-02-2006 … 22-02-2016):
    # empyrical excess_sharpe = 0.0013473987573254308 (not annualised), · √252 below.
    f, b = fundlens_pair(103504, 100822)
    assert information_ratio(f, b) == pytest.approx(0.021389292172323375, rel=1e-9)


# ---- deliberate differences from empyrical, pinned with literal numbers ----


def test_calmar_differs_from_empyrical_by_the_cagr_year_count() -> None:
    """100822 (UTI Nifty 50 Index, Regular). fundlens' CAGR by calendar days:
    first NAV 9.33 on 27-03-2000, last NAV 45.72 on 22-02-2016, 5810 days;
    (45.72 / 9.33)^(365 / 5810) − 1 = 4.90032154340836^0.0628227194492255 − 1
    = 0.10499874562801681. Max drawdown (conventions.md anchor): 16.04 / 39.76 − 1
    = −0.596579476861167. Calmar = 0.10499874562801681 / 0.596579476861167 = 0.17600127…

    empyrical's calmar_ratio on the 3893 returns of every NAV finds the same drawdown but
    annualises over 3893 / 252 = 15.448 years instead of 5810 / 365 = 15.918 years:
    CAGR 0.10835611124037037, Calmar 0.18162896218031718.
    """
    cagr_100822 = 0.10499874562801681
    mdd_100822 = -0.596579476861167
    assert calmar(cagr_100822, mdd_100822) == pytest.approx(0.1760012700746184, rel=1e-12)

    every_nav = real_pandas(100822).pct_change().dropna().to_numpy()
    assert len(every_nav) == 3893
    assert ep.max_drawdown(every_nav) == pytest.approx(mdd_100822, rel=1e-9)
    assert ep.cagr(every_nav) == pytest.approx(0.10835611124037037, rel=1e-9)
    assert ep.calmar_ratio(every_nav) == pytest.approx(0.18162896218031718, rel=1e-9)


def test_jensens_alpha_differs_from_empyrical_regression_alpha() -> None:
    """103504 (SBI Blue Chip, Regular) vs 100822 (UTI Nifty 50 Index, Regular) over their
    common window 17-02-2006 … 22-02-2016 (3657 days):
    CAGR_f = (26.17 / 10.01)^(365 / 3657) − 1 = 2.614385614385615^0.0998085862729 − 1
           = 0.10066986006339129;
    CAGR_b = (45.72 / 18.94)^(365 / 3657) − 1 = 2.413938753959873^0.0998085862729 − 1
           = 0.09194148410593206;
    β = 0.8548531611447066 (empyrical.beta on the common daily observations);
    Jensen's alpha = 0.10066986006339129 − (0.065 + 0.8548531611447066 · 0.026941484105932)
                   = 0.10066986006339129 − 0.08803101285388588 = 0.012638847209505408.

    empyrical.alpha (risk_free = 0.065 / 252) regresses daily excess returns and
    annualises the mean residual as (1 + mean)^252 − 1: 0.009762199989970632.
    """
    pf, pb = pandas_pair(103504, 100822)
    beta = 0.8548531611447066
    assert ep.beta(pf.to_numpy(), pb.to_numpy()) == pytest.approx(beta, rel=1e-9)
    jensen = alpha(0.10066986006339129, 0.09194148410593206, beta, rf=0.065)
    assert jensen == pytest.approx(0.012638847209505408, rel=1e-9)
    regression = ep.alpha(pf.to_numpy(), pb.to_numpy(), risk_free=0.065 / 252)
    assert regression == pytest.approx(0.009762199989970632, rel=1e-9)
    assert jensen - regression == pytest.approx(0.002876647219534776, rel=1e-6)


# ---- edge cases and input kinds ----


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    "values",
    [[], [np.nan, np.nan], [0.01], [np.nan, 0.01, np.nan]],
    ids=["empty", "nan", "one", "one-in-nan"],
)
def test_too_little_data_gives_nan(values: list[float]) -> None:
    assert MIN_OBSERVATIONS == 2
    assert math.isnan(sharpe(values))
    assert math.isnan(sortino(values))
    assert math.isnan(information_ratio(values, values))


@pytest.mark.filterwarnings("error")
def test_constant_nav_gives_nan_not_inf() -> None:
    start = np.datetime64("2024-01-01")
    r = grid.daily_returns(np.full(60, 10.0), start)
    assert math.isnan(sharpe(r))  # every excess return is −rf_d: zero dispersion
    assert math.isnan(sharpe(r, rf=0.0))
    assert math.isnan(sortino(r, rf=0.0))  # no day below 0: DD = 0
    # With rf > 0 every day misses rf_d by rf_d: DD = rf_d·√252, Sortino = −rf_d·252 /
    # (rf_d·√252) = −√252 (finite, by the definition; empyrical gives the same).
    assert sortino(r) == pytest.approx(-SQRT_252, rel=1e-9)
    # a fund identical to its benchmark has zero tracking error
    assert math.isnan(information_ratio(r, r))
    _, real = fundlens_returns(100822)
    assert math.isnan(information_ratio(real, real))


def test_panel_rows_equal_each_fund_alone() -> None:
    codes = (100822, 119598, 100868, 101001)
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in codes])
    g = grid.nav_grid(frame)
    panel = grid.daily_returns(g.values, g.start)
    rf_annual = 0.05 + 0.03 * np.arange(panel.shape[1]) / panel.shape[1]
    got_sharpe, got_sortino = sharpe(panel), sortino(panel)
    got_rf = sharpe(panel, rf=rf_annual)  # one rf row broadcast over the funds
    assert isinstance(got_sharpe, np.ndarray) and got_sharpe.shape == (len(codes),)
    for code in codes:
        row = g.row(code)
        start, alone = fundlens_returns(code)
        assert got_sharpe[row] == pytest.approx(sharpe(alone), rel=1e-12)
        assert got_sortino[row] == pytest.approx(sortino(alone), rel=1e-12)
        offset = int((start - g.start) // np.timedelta64(1, "D"))
        own_rf = rf_annual[offset : offset + alone.size]
        assert got_rf[row] == pytest.approx(sharpe(alone, rf=own_rf), rel=1e-12)


def test_panel_information_ratio_rows() -> None:
    f1, b1 = fundlens_pair(103504, 100822)
    got = information_ratio(np.vstack([f1, b1]), np.vstack([b1, f1]))
    assert got[0] == pytest.approx(information_ratio(f1, b1), rel=1e-12)
    assert got[1] == pytest.approx(-information_ratio(f1, b1), rel=1e-12)


def test_polars_series_and_float_output() -> None:
    _, r = fundlens_returns(119598)
    got = sharpe(pl.Series(r))
    assert isinstance(got, float)
    assert got == pytest.approx(sharpe(r), rel=1e-12)
    assert sortino(pl.Series(r)) == pytest.approx(sortino(r), rel=1e-12)
    assert information_ratio(pl.Series(HAND), pl.Series([0.0] * 4)) == pytest.approx(
        SQRT_37_8, rel=1e-12
    )


def test_bad_arguments_raise_input_error() -> None:
    with pytest.raises(InputError, match="fraction"):
        sharpe(HAND, rf=6.5)
    with pytest.raises(InputError, match="fraction"):
        treynor(0.1, 1.0, rf=np.array([0.065, 6.5]))
    with pytest.raises(InputError, match="does not fit"):
        sortino(HAND, rf=np.array([0.065, 0.065]))
    with pytest.raises(InputError, match="does not fit"):
        information_ratio(HAND, [0.0, 0.0, 0.0])
