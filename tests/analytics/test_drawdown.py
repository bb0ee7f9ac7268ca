"""Drawdowns (fundlens.analytics.drawdown): the seed 002 worked example, the real anchor
of conventions.md (scheme 100822), hand-worked peak/recovery cases, edge cases, and
conformance with empyrical-reloaded and quantstats on real NAV histories."""

from __future__ import annotations

import datetime as dt
import math

import empyrical
import numpy as np
import pandas as pd
import polars as pl
import pytest
import quantstats as qs

from fundlens.analytics.drawdown import (
    MIN_NAVS,
    DrawdownDetails,
    drawdown_details,
    drawdown_episodes,
    drawdown_series,
    max_drawdown,
    ulcer_index,
)
from fundlens.analytics.grid import nav_grid
from fundlens.errors import InputError
from tests.analytics.real import REAL_CODES, real_grid, real_nav, real_pandas

MON = np.datetime64("2024-01-01")  # a Monday; the hand cases run on consecutive days
NAT = np.datetime64("NaT")
PANEL = (100822, 100868, 101762, 105989, 107578, 118955, 122639)


def day(n: int) -> np.datetime64:
    return MON + np.timedelta64(n, "D")


# --- seed 002 §8.1 -------------------------------------------------------------------------


SEED_NAVS = np.array([100.0, 105, 103, 95, 92, 98, 102, 108])


def test_seed_002_worked_example() -> None:
    # running max 100, 105, 105, …, 108; deepest at 92: 92/105 − 1 = −13/105 = −0.1238095238
    assert max_drawdown(SEED_NAVS) == pytest.approx(-0.1238095238, rel=1e-9)
    assert round(max_drawdown(SEED_NAVS) * 100, 2) == -12.38
    d = drawdown_details(SEED_NAVS, MON)
    # peak 105 on day 1, trough 92 on day 4, first NAV ≥ 105 after it: 108 on day 7 (102 < 105)
    assert (d.peak_date, d.trough_date, d.recovery_date) == (day(1), day(4), day(7))
    assert (d.peak_nav, d.trough_nav) == (105.0, 92.0)
    assert (d.duration_days, d.recovery_days) == (3.0, 3.0)


def test_seed_002_matches_empyrical() -> None:
    returns = pd.Series(SEED_NAVS).pct_change().dropna()
    assert max_drawdown(SEED_NAVS) == pytest.approx(empyrical.max_drawdown(returns), rel=1e-12)


# --- the real anchor: scheme 100822 ----------------------------------------------------------


def test_real_anchor_100822() -> None:
    start, levels = real_grid(100822)
    d = drawdown_details(levels, start)
    # conventions.md: −59.66 %, peak 08 Jan 2008 (39.76), trough 27 Oct 2008 (16.04),
    # recovered 09 Dec 2013
    assert round(d.max_drawdown * 100, 2) == -59.66
    assert d.peak_date == np.datetime64("2008-01-08")
    assert d.trough_date == np.datetime64("2008-10-27")
    assert d.recovery_date == np.datetime64("2013-12-09")
    assert (d.peak_nav, d.trough_nav) == (39.76, 16.04)
    assert d.max_drawdown == pytest.approx(16.04 / 39.76 - 1, rel=1e-12)
    # 08 Jan → 27 Oct 2008: 23 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 27 = 293 days
    assert d.duration_days == 293.0
    # 27 Oct 2008 → 09 Dec 2013
    assert d.recovery_days == float((dt.date(2013, 12, 9) - dt.date(2008, 10, 27)).days)
    assert max_drawdown(levels) == d.max_drawdown


# --- peak and recovery rules -----------------------------------------------------------------


def test_peak_is_last_return_to_the_high_before_the_trough() -> None:
    # NAV is at its running max 100 on days 0, 2, 4, 5; the fall to 90 starts after day 5
    lv = np.array([100.0, 95, 100, 97, 100, 100, 90, 99, 100])
    d = drawdown_details(lv, MON)
    assert d.max_drawdown == pytest.approx(-0.1, rel=1e-12)  # 90/100 − 1
    assert (d.peak_date, d.trough_date, d.recovery_date) == (day(5), day(6), day(8))
    assert (d.duration_days, d.recovery_days) == (1.0, 2.0)
    # seed 003 §7.5's drawdown[:trough].idxmax() picks the FIRST zero, day 0: wrong
    dd = pd.Series(drawdown_series(lv))
    assert dd[:6].idxmax() == 0


def test_still_under_water() -> None:
    # peak 110 (day 1), trough 88 (day 3: 88/110 − 1 = −0.2), back only to 105
    lv = np.array([100.0, 110, 99, 88, 105])
    d = drawdown_details(lv, MON)
    assert d.max_drawdown == pytest.approx(-0.2, rel=1e-12)
    assert (d.peak_date, d.trough_date) == (day(1), day(3))
    assert np.isnat(d.recovery_date) and math.isnan(d.recovery_days)
    assert d.duration_days == 2.0
    episodes = drawdown_episodes(lv, MON)
    assert episodes.height == 1 and episodes["recovery_date"][0] is None
    assert episodes["days_to_recover"][0] is None


def test_days_without_nav_are_skipped_and_days_are_calendar_days() -> None:
    # 100 (Mon), −, −, 90 (Thu), −, 101 (Sat): peak day 0, trough day 3, recovery day 5
    lv = np.array([100.0, np.nan, np.nan, 90, np.nan, 101])
    d = drawdown_details(lv, MON)
    assert (d.peak_date, d.trough_date, d.recovery_date) == (day(0), day(3), day(5))
    assert (d.duration_days, d.recovery_days) == (3.0, 2.0)
    assert np.array_equal(
        drawdown_series(lv),
        np.array([0.0, np.nan, np.nan, 90 / 100 - 1, np.nan, 0.0]),
        equal_nan=True,
    )
    # a leading gap (calendar starts before the first NAV) changes nothing but the dates
    d2 = drawdown_details(np.concatenate([[np.nan, np.nan], lv]), MON - np.timedelta64(2, "D"))
    assert (d2.peak_date, d2.trough_date, d2.recovery_date) == (day(0), day(3), day(5))


def test_recovery_at_exactly_the_peak_nav() -> None:
    # back to 105 exactly on day 3 counts as recovered (NAV ≥ peak NAV)
    d = drawdown_details(np.array([105.0, 100, 104, 105, 90]), MON)
    # but the deepest fall is the later one: 90/105 − 1 from the peak on day 3, not recovered
    assert (d.peak_date, d.trough_date) == (day(3), day(4)) and np.isnat(d.recovery_date)
    d = drawdown_details(np.array([105.0, 100, 104, 105, 104]), MON)
    assert (d.peak_date, d.trough_date, d.recovery_date) == (day(0), day(1), day(3))


def test_constant_and_rising_nav() -> None:
    for lv in (np.full(6, 10.0), np.array([10.0, 11, 12, np.nan, 13])):
        assert max_drawdown(lv) == 0.0
        d = drawdown_details(lv, MON)
        assert d.max_drawdown == 0.0 and d.duration_days == 0.0
        assert np.isnat(d.peak_date) and np.isnat(d.trough_date) and np.isnat(d.recovery_date)
        assert math.isnan(d.recovery_days)
        assert drawdown_episodes(lv, MON).height == 0
        assert ulcer_index(lv) == 0.0


def test_too_little_data() -> None:
    assert MIN_NAVS == 2
    for lv in (np.array([]), np.array([np.nan, np.nan]), np.array([np.nan, 12.0])):
        assert math.isnan(max_drawdown(lv))
        assert math.isnan(ulcer_index(lv))
        d = drawdown_details(lv, MON)
        assert math.isnan(d.max_drawdown) and np.isnat(d.peak_date) and math.isnan(d.duration_days)
        assert drawdown_episodes(lv, MON).height == 0
    assert drawdown_series(np.array([])).shape == (0,)
    with pytest.raises(InputError):
        max_drawdown(np.zeros((2, 2, 2)))


def test_polars_series_input() -> None:
    assert max_drawdown(pl.Series(SEED_NAVS)) == pytest.approx(-0.1238095238, rel=1e-9)


# --- conformance on real histories -------------------------------------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_max_drawdown_matches_empyrical(code: int) -> None:
    _, levels = real_grid(code)
    returns = real_pandas(code).pct_change().dropna()
    assert max_drawdown(levels) == pytest.approx(empyrical.max_drawdown(returns), rel=1e-9)


@pytest.mark.parametrize("code", PANEL)
def test_drawdown_series_matches_quantstats(code: int) -> None:
    _, levels = real_grid(code)
    expected = qs.stats.to_drawdown_series(real_pandas(code)).to_numpy()
    got = drawdown_series(levels)[np.isfinite(levels)]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-15)


def test_panel_equals_each_fund_alone() -> None:
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in PANEL])
    grid = nav_grid(frame)
    panel = drawdown_details(grid.values, grid.start)
    assert isinstance(panel, DrawdownDetails) and panel.peak_date.shape == (len(PANEL),)
    mdd, ulcer = max_drawdown(grid.values), ulcer_index(grid.values)
    for i, code in enumerate(PANEL):
        start, levels = real_grid(code)
        one = drawdown_details(levels, start)
        assert panel.max_drawdown[i] == one.max_drawdown == mdd[i]
        assert panel.peak_date[i] == one.peak_date and panel.trough_date[i] == one.trough_date
        assert (panel.recovery_date[i] == one.recovery_date) or (
            np.isnat(panel.recovery_date[i]) and np.isnat(one.recovery_date)
        )
        assert panel.peak_nav[i] == one.peak_nav and panel.trough_nav[i] == one.trough_nav
        assert panel.duration_days[i] == one.duration_days
        assert np.array_equal(panel.recovery_days[i], one.recovery_days, equal_nan=True)
        assert ulcer[i] == pytest.approx(ulcer_index(levels), rel=1e-12)


# --- episodes -------------------------------------------------------------------------------


def test_episodes_by_hand() -> None:
    # highs 100 (d0) → 90 (d1) → back to 100 (d2); 101 (d3) → 95 (d4) → 102 (d5) → 70 (d6)
    lv = np.array([100.0, 90, 100, 101, 95, 102, 70])
    e = drawdown_episodes(lv, MON)
    assert e.columns == [
        "peak_date",
        "trough_date",
        "recovery_date",
        "peak_nav",
        "trough_nav",
        "depth",
        "days_to_trough",
        "days_to_recover",
    ]
    d = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(7)]
    assert e.rows() == [
        (d[5], d[6], None, 102.0, 70.0, pytest.approx(70 / 102 - 1), 1, None),  # −31.37 %
        (d[0], d[1], d[2], 100.0, 90.0, pytest.approx(-0.1), 1, 1),  # −10 %
        (d[3], d[4], d[5], 101.0, 95.0, pytest.approx(95 / 101 - 1), 1, 1),  # −5.94 %
    ]
    assert drawdown_episodes(lv, MON, top=2).height == 2


def test_episodes_arguments() -> None:
    with pytest.raises(InputError):
        drawdown_episodes(np.zeros((2, 3)), MON)
    with pytest.raises(InputError):
        drawdown_episodes(SEED_NAVS, MON, top=0)


@pytest.mark.parametrize("code", PANEL)
def test_episodes_real(code: int) -> None:
    start, levels = real_grid(code)
    e = drawdown_episodes(levels, start, top=5)
    d = drawdown_details(levels, start)
    # the deepest episode is the max drawdown, with the same dates
    assert e["depth"][0] == d.max_drawdown
    assert np.datetime64(e["peak_date"][0]) == d.peak_date
    assert np.datetime64(e["trough_date"][0]) == d.trough_date
    # non-overlapping: in time order each recovery comes no later than the next peak
    by_time = e.sort("peak_date")
    later_peaks = by_time["peak_date"][1:]
    assert (by_time["recovery_date"][:-1] <= later_peaks).all()
    # quantstats' drawdown_details (its own episode split of the same underwater series)
    # finds the same valleys and depths for the deepest episodes
    ref = qs.stats.drawdown_details(qs.stats.to_drawdown_series(real_pandas(code)))
    ref = ref.sort_values("max drawdown").head(e.height)
    assert [v.date() for v in pd.to_datetime(ref["valley"])] == e["trough_date"].to_list()
    np.testing.assert_allclose(e["depth"].to_numpy() * 100, ref["max drawdown"], rtol=1e-9)


# --- ulcer index ----------------------------------------------------------------------------


def test_ulcer_index_by_hand_and_quantstats_divisor() -> None:
    # drawdowns 0, −0.1, 0 → Σ = 0.01; Martin: √(0.01 / 3) = 0.0577350269
    lv = np.array([100.0, 90, 100])
    assert ulcer_index(lv) == pytest.approx(0.0577350269, rel=1e-9)
    # quantstats divides by N − 1: √(0.01 / 2) = 0.0707106781
    nav = pd.Series(lv, index=pd.date_range("2024-01-01", periods=3))
    assert qs.stats.ulcer_index(nav) == pytest.approx(0.0707106781, rel=1e-9)
    # seed 002 NAVs: dd² = (2/105)² + (10/105)² + (13/105)² + (7/105)² + (3/105)²
    # = (4 + 100 + 169 + 49 + 9)/11025 = 331/11025 over 8 days → √(331/88200) = 0.0612603825
    assert ulcer_index(SEED_NAVS) == pytest.approx(0.0612603825, rel=1e-9)


@pytest.mark.parametrize("code", (100822, 100868, 101762))
def test_ulcer_index_real_vs_quantstats(code: int) -> None:
    # same numerator as quantstats; only the divisor differs (N here, N − 1 there)
    _, levels = real_grid(code)
    n = int(np.isfinite(levels).sum())
    expected = qs.stats.ulcer_index(real_pandas(code)) * math.sqrt((n - 1) / n)
    assert ulcer_index(levels) == pytest.approx(expected, rel=1e-9)
