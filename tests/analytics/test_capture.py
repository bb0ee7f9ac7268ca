"""Tests for fundlens.analytics.capture: hand calculations, empyrical-reloaded where the
definition is the same (monthly, Freefincal's method = empyrical with period="monthly"),
pinned differences where it is not (daily: fundlens arithmetic means, empyrical
annualised compounding), properties of real Direct/Regular pairs, edge cases."""

from __future__ import annotations

import math

import empyrical as ep
import numpy as np
import pandas as pd
import polars as pl
import pytest

from fundlens.analytics import grid
from fundlens.analytics.capture import (
    MIN_PERIODS,
    MONTHS_PER_YEAR,
    capture_ratio,
    down_capture,
    down_capture_monthly,
    up_capture,
    up_capture_monthly,
)
from fundlens.errors import InputError
from tests.analytics.real import real_nav, real_pandas

# ---- reference inputs, built with pandas independently of fundlens ----


def pandas_pair(fund: int, benchmark: int) -> tuple[pd.Series, pd.Series]:
    """Daily common-window observations: NAVs joined on dates both have, weekdays only,
    pct_change, returns spanning more than 10 calendar days dropped."""
    joined = pd.concat([real_pandas(fund), real_pandas(benchmark)], axis=1, join="inner")
    joined = joined[joined.index.day_of_week < 5]
    rets = joined.pct_change()
    rets[joined.index.to_series().diff().dt.days > 10] = np.nan
    rets = rets.dropna()
    return rets.iloc[:, 0], rets.iloc[:, 1]


def fundlens_pair(fund: int, benchmark: int) -> tuple[np.ndarray, np.ndarray]:
    """The same pair through fundlens: one grid, joint levels, daily returns."""
    frame = pl.concat([real_nav(c).with_columns(scheme_code=pl.lit(c)) for c in (fund, benchmark)])
    g = grid.nav_grid(frame)
    f, b = grid.joint_levels(g.values[g.row(fund)], g.values[g.row(benchmark)])
    return grid.daily_returns(f, g.start), grid.daily_returns(b, g.start)


def monthly(code: int) -> pd.Series:
    """Returns of complete months: last NAV of each month, pct_change; the month of the last
    NAV is dropped unless that NAV is the calendar month end (a partial month)."""
    navs = real_pandas(code)
    month_end = navs.resample("ME").last()
    rets = month_end.pct_change()
    if navs.index[-1] != rets.index[-1]:
        rets = rets.iloc[:-1]
    return rets


def monthly_pair(fund: int, benchmark: int) -> tuple[np.ndarray, np.ndarray]:
    """Complete months both funds have, aligned."""
    joined = pd.concat([monthly(fund), monthly(benchmark)], axis=1, join="inner").dropna()
    return joined.iloc[:, 0].to_numpy(), joined.iloc[:, 1].to_numpy()


# ---- daily capture: hand calculation ----

# day:        1      2      3      4      5      6      7
DAILY_F = [0.02, -0.01, 0.01, 0.05, -0.03, 0.06, 0.04]
DAILY_B = [0.01, -0.02, 0.02, 0.00, -0.01, 0.03, np.nan]
# Day 4 (benchmark 0) is neither up nor down; day 7 has no benchmark return.
# Up days 1, 3, 6: mean f = (0.02 + 0.01 + 0.06) / 3 = 0.03, mean b = (0.01 + 0.02 + 0.03) / 3
# = 0.02 → up 1.5. Down days 2, 5: mean f = (−0.01 − 0.03) / 2 = −0.02, mean b =
# (−0.02 − 0.01) / 2 = −0.015 → down 4/3; capture ratio 1.5 / (4/3) = 1.125.


def test_daily_capture_hand_calculation() -> None:
    assert up_capture(DAILY_F, DAILY_B) == pytest.approx(1.5, rel=1e-12)
    assert down_capture(DAILY_F, DAILY_B) == pytest.approx(4 / 3, rel=1e-12)
    got = capture_ratio(up_capture(DAILY_F, DAILY_B), down_capture(DAILY_F, DAILY_B))
    assert got == pytest.approx(1.125, rel=1e-12)


def test_daily_capture_differs_from_empyrical_hand_case() -> None:
    """empyrical's up_capture compounds the up days and annualises with 252:
    fund (1.02·1.01·1.06)^(252/3) − 1 = 1.092012^84 − 1, benchmark (1.01·1.02·1.03)^84 − 1
    = 1.061106^84 − 1, ratio 11.22245120813211; down: (0.99·0.97)^126 − 1 = 0.9603^126 − 1
    over (0.98·0.99)^126 − 1 = 0.9702^126 − 1, ratio 1.0163978230015438. fundlens: 1.5 and
    4/3 (arithmetic means of the same days)."""
    f, b = np.array(DAILY_F), np.array(DAILY_B)
    assert ep.up_capture(f, b) == pytest.approx(11.22245120813211, rel=1e-9)
    assert ep.down_capture(f, b) == pytest.approx(1.0163978230015438, rel=1e-9)
    assert up_capture(f, b) == pytest.approx(1.5, rel=1e-12)


def test_daily_capture_real_pair_pinned_against_empyrical() -> None:
    """103504 (SBI Blue Chip, Regular) vs 100822 (UTI Nifty 50 Index, Regular), 2426 common
    daily observations 20-02-2006 … 22-02-2016. Recorded once with pandas on the
    observations of ``pandas_pair`` as ``pf[pb > 0].mean() / pb[pb > 0].mean()`` (and
    ``< 0``): up 0.8495766718901847, down 0.8340851850064315. empyrical's compounded,
    annualised version on the same days: up 0.6459242799384474, down 0.9617258561358841.
    """
    f, b = fundlens_pair(103504, 100822)
    pf, pb = pandas_pair(103504, 100822)
    assert int((np.isfinite(f) & np.isfinite(b)).sum()) == len(pf) == 2426
    assert up_capture(f, b) == pytest.approx(0.8495766718901847, rel=1e-9)
    assert down_capture(f, b) == pytest.approx(0.8340851850064315, rel=1e-9)
    assert ep.up_capture(pf.to_numpy(), pb.to_numpy()) == pytest.approx(
        0.6459242799384474, rel=1e-9
    )
    assert ep.down_capture(pf.to_numpy(), pb.to_numpy()) == pytest.approx(
        0.9617258561358841, rel=1e-9
    )


def test_daily_capture_index_fund_direct_vs_own_regular_is_about_one() -> None:
    # UTI Nifty 50 Index Direct (120716) against its own Regular plan (100822)
    f, b = fundlens_pair(120716, 100822)
    assert up_capture(f, b) == pytest.approx(1.0, abs=0.05)
    assert down_capture(f, b) == pytest.approx(1.0, abs=0.05)


# ---- monthly capture (Freefincal's method): hand calculation ----

# Twelve months. Month 11: benchmark 0 (neither set). Month 12: fund missing (left out).
MONTHLY_B = [0.02, -0.03, 0.03, 0.01, -0.05, 0.04, -0.01, 0.02, -0.02, 0.01, 0.00, 0.05]
MONTHLY_F = [0.03, -0.02, 0.02, 0.01, -0.04, 0.05, -0.02, 0.01, -0.01, 0.02, 0.03, np.nan]
# Up months (b > 0): 1, 3, 4, 6, 8, 10 → n_up = 6, exponent 12/6 = 2.
#   benchmark Π = 1.02·1.03·1.01·1.04·1.02·1.01 = 1.136877457248;
#             up-CAGR = 1.136877457248² − 1 = 0.292490352798678067733504
#   fund      Π = 1.03·1.02·1.01·1.05·1.01·1.02 = 1.147808971260;
#             up-CAGR = 1.147808971260² − 1 = 0.317465434504939505987600
#   up_capture_monthly = 0.3174654345049395 / 0.2924903527986781 = 1.0853877109699131
# Down months (b < 0): 2, 5, 7, 9 → n_down = 4, exponent 12/4 = 3.
#   benchmark Π = 0.97·0.95·0.99·0.98 = 0.89403930;
#             down-CAGR = 0.89403930³ − 1 = −0.285388781933217121543
#   fund      Π = 0.98·0.96·0.98·0.99 = 0.91276416;
#             down-CAGR = 0.91276416³ − 1 = −0.239541117407432701640704
#   down_capture_monthly = 0.2395411174074327 / 0.2853887819332171 = 0.8393501516940737
# capture_ratio = 1.0853877109699131 / 0.8393501516940737 = 1.2931286290700704
UP_MONTHLY = 1.0853877109699131
DOWN_MONTHLY = 0.8393501516940737


def test_monthly_capture_hand_calculation() -> None:
    up = up_capture_monthly(MONTHLY_F, MONTHLY_B)
    down = down_capture_monthly(MONTHLY_F, MONTHLY_B)
    assert up == pytest.approx(UP_MONTHLY, rel=1e-12)
    assert down == pytest.approx(DOWN_MONTHLY, rel=1e-12)
    assert capture_ratio(up, down) == pytest.approx(1.2931286290700704, rel=1e-12)
    assert MONTHS_PER_YEAR == 12


def test_monthly_capture_equals_empyrical_monthly_period_hand_case() -> None:
    # empyrical's up/down_capture with period="monthly" is Freefincal's method exactly
    f, b = np.array(MONTHLY_F), np.array(MONTHLY_B)
    assert ep.up_capture(f, b, period="monthly") == pytest.approx(UP_MONTHLY, rel=1e-12)
    assert ep.down_capture(f, b, period="monthly") == pytest.approx(DOWN_MONTHLY, rel=1e-12)


# ---- monthly capture on real pairs ----

MONTHLY_PAIRS = ((119598, 120716), (103504, 120716), (120716, 100822), (103504, 100822))


@pytest.mark.parametrize(("fund", "bench"), MONTHLY_PAIRS)
def test_monthly_capture_matches_empyrical_monthly(fund: int, bench: int) -> None:
    mf, mb = monthly_pair(fund, bench)
    assert up_capture_monthly(mf, mb) == pytest.approx(
        ep.up_capture(mf, mb, period="monthly"), rel=1e-9
    )
    assert down_capture_monthly(mf, mb) == pytest.approx(
        ep.down_capture(mf, mb, period="monthly"), rel=1e-9
    )


def test_monthly_capture_real_pair_pinned() -> None:
    """119598 (SBI Blue Chip, Direct) vs 120716 (UTI Nifty 50 Index, Direct): 36 complete
    months Feb-2013 … Jan-2016 (Feb-2016 ends on the 22nd and is dropped), 20 up and 16
    down. Recorded once from empyrical's up_capture / down_capture with period="monthly"
    on these arrays (the same definition, checked above): up 1.181635458964525, down
    0.6823780586407467, capture ratio 1.7316433962109903."""
    mf, mb = monthly_pair(119598, 120716)
    assert mf.size == 36 and int((mb > 0).sum()) == 20 and int((mb < 0).sum()) == 16
    up, down = up_capture_monthly(mf, mb), down_capture_monthly(mf, mb)
    assert up == pytest.approx(1.181635458964525, rel=1e-9)
    assert down == pytest.approx(0.6823780586407467, rel=1e-9)
    assert capture_ratio(up, down) == pytest.approx(1.7316433962109903, rel=1e-9)


def test_monthly_capture_properties_of_direct_and_regular() -> None:
    # An index fund's Direct plan against its own Regular plan tracks it: both ≈ 1.
    mf, mb = monthly_pair(120716, 100822)
    assert up_capture_monthly(mf, mb) == pytest.approx(1.0, abs=0.05)
    assert down_capture_monthly(mf, mb) == pytest.approx(1.0, abs=0.05)
    # Direct (119598) and Regular (103504) SBI Blue Chip against the same benchmark over
    # the same months: the lower expense ratio captures more up and less down.
    direct_f, bench = monthly_pair(119598, 120716)
    regular_f, bench_r = monthly_pair(103504, 120716)
    np.testing.assert_array_equal(bench, bench_r)
    assert up_capture_monthly(direct_f, bench) >= up_capture_monthly(regular_f, bench)
    assert down_capture_monthly(direct_f, bench) <= down_capture_monthly(regular_f, bench)


def test_monthly_panel_rows_equal_each_alone() -> None:
    direct_f, bench = monthly_pair(119598, 120716)
    regular_f, _ = monthly_pair(103504, 120716)
    panel = np.vstack([direct_f, regular_f])
    for got in (
        up_capture_monthly(panel, bench),
        up_capture_monthly(panel, np.vstack([bench] * 2)),
    ):
        assert isinstance(got, np.ndarray) and got.shape == (2,)
        assert got[0] == pytest.approx(up_capture_monthly(direct_f, bench), rel=1e-12)
        assert got[1] == pytest.approx(up_capture_monthly(regular_f, bench), rel=1e-12)
    down = down_capture_monthly(panel, bench)
    assert down[1] == pytest.approx(down_capture_monthly(regular_f, bench), rel=1e-12)


def test_daily_panel_rows_equal_each_alone() -> None:
    f1, b1 = fundlens_pair(103504, 100822)
    f2, b2 = fundlens_pair(120716, 100822)
    width = min(f1.size, f2.size)  # two different calendars: compare row by row anyway
    panel_f = np.vstack([f1[:width], f2[:width]])
    panel_b = np.vstack([b1[:width], b2[:width]])
    up, down = up_capture(panel_f, panel_b), down_capture(panel_f, panel_b)
    assert up[0] == pytest.approx(up_capture(f1[:width], b1[:width]), rel=1e-12)
    assert up[1] == pytest.approx(up_capture(f2[:width], b2[:width]), rel=1e-12)
    assert down[1] == pytest.approx(down_capture(f2[:width], b2[:width]), rel=1e-12)


# ---- edge cases and input kinds ----


@pytest.mark.filterwarnings("error")
def test_no_up_or_down_periods_give_nan() -> None:
    assert MIN_PERIODS == 1
    rising = [0.01, 0.02, 0.03]
    assert math.isnan(down_capture(rising, rising))
    assert math.isnan(down_capture_monthly(rising, rising))
    falling = [-0.01, -0.02]
    assert math.isnan(up_capture(falling, falling))
    assert math.isnan(up_capture_monthly(falling, falling))
    for fn in (up_capture, down_capture, up_capture_monthly, down_capture_monthly):
        assert math.isnan(fn([], []))
        assert math.isnan(fn([np.nan, np.nan], [0.01, -0.01]))
        assert math.isnan(fn([0.0, 0.0], [0.0, 0.0]))  # a flat benchmark: neither set


@pytest.mark.filterwarnings("error")
def test_constant_fund_captures_zero_not_inf() -> None:
    # A constant NAV (zero returns) captures nothing of either side: 0, never inf.
    zeros = [0.0, 0.0, 0.0, 0.0]
    bench = [0.01, -0.02, 0.03, -0.01]
    assert up_capture(zeros, bench) == 0.0
    assert down_capture_monthly(zeros, bench) == 0.0
    # against a constant benchmark the figures are undefined
    assert math.isnan(up_capture(bench, zeros))


@pytest.mark.filterwarnings("error")
def test_capture_ratio_zero_or_nan_down_gives_nan() -> None:
    np.testing.assert_allclose(
        capture_ratio(np.array([1.1, 1.0, 0.9, np.nan]), np.array([0.8, 0.0, np.nan, 1.0])),
        [1.375, np.nan, np.nan, np.nan],
        rtol=1e-12,
    )
    assert isinstance(capture_ratio(1.1, 0.8), float)


def test_polars_series_and_float_output() -> None:
    got = up_capture_monthly(pl.Series(MONTHLY_F), pl.Series(MONTHLY_B))
    assert isinstance(got, float)
    assert got == pytest.approx(UP_MONTHLY, rel=1e-12)
    assert down_capture(pl.Series(DAILY_F), pl.Series(DAILY_B)) == pytest.approx(4 / 3, rel=1e-12)


def test_shapes_that_do_not_fit_raise_input_error() -> None:
    with pytest.raises(InputError, match="does not fit"):
        up_capture([0.01, 0.02, 0.03], [0.01, 0.02])
    with pytest.raises(InputError, match="does not fit"):
        down_capture_monthly(np.zeros((2, 3)), np.zeros((3, 3)))
