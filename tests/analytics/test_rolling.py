"""Rolling returns (seed 003 §7.5 with the conventions' corrections), their summary, the
rolling helper and display downsampling: hand-made series, and real funds against
independent pandas implementations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from fundlens.analytics import grid
from fundlens.analytics.rolling import (
    down_market_excess,
    downsample,
    rolling_apply,
    rolling_excess_return,
    rolling_returns,
    rolling_summary,
)
from fundlens.errors import InputError
from tests.analytics.real import real_grid, real_pandas

D = np.datetime64
PANEL_CODES = (100822, 107578, 119598, 122639, 100868, 101762)
WINDOWS = {"1y": 365, "3y": 1095, "5y": 1825, "10y": 3650}


def levels_on(start: str, end: str, navs: dict[str, float]) -> tuple[np.datetime64, np.ndarray]:
    """A hand-made daily calendar start … end with NAVs on the given dates only."""
    first = D(start, "D")
    lv = np.full(int((D(end, "D") - first).astype(int)) + 1, np.nan)
    for day, nav in navs.items():
        lv[int((D(day, "D") - first).astype(int))] = nav
    return first, lv


def col(start: np.datetime64, day: str) -> int:
    return int((D(day, "D") - start).astype(int))


def panel(codes: tuple[int, ...]) -> tuple[np.datetime64, np.ndarray, list[int]]:
    """Real funds on one union calendar (plain offsets), and each row's offset into it."""
    grids = [real_grid(c) for c in codes]
    first = min(g[0] for g in grids)
    offsets = [int((g[0] - first).astype(int)) for g in grids]
    width = max(o + g[1].size for o, g in zip(offsets, grids, strict=True))
    out = np.full((len(codes), width), np.nan)
    for i, (o, g) in enumerate(zip(offsets, grids, strict=True)):
        out[i, o : o + g[1].size] = g[1]
    return first, out, offsets


def pandas_rolling(s: pd.Series, days: int) -> pd.Series:
    """Seed 003 §7.5 in pandas: calendar re-index, forward fill, pct_change(days), read on
    the NAV days (asfreq ends at the last NAV, so nothing is filled past it)."""
    return s.asfreq("D").ffill().pct_change(days).reindex(s.index)


def pandas_daily(s: pd.Series) -> pd.Series:
    """Daily observations as conventions.md defines them, built with pandas: Monday–Friday
    NAVs, pct_change, returns spanning more than 10 calendar days dropped."""
    weekdays = s[s.index.day_of_week < 5]
    r = weekdays.pct_change()
    span = weekdays.index.to_series().diff().dt.days
    return r[span <= 10].dropna()


# ------------------------------------------------------------ seed 003 §7.5, by hand

HAND_START = "2021-01-01"  # a Friday
HAND_END = "2022-01-10"
FUND_A = {
    "2021-01-01": 100.0,  # Fri
    "2021-01-04": 101.0,  # Mon (2–3 Jan: weekend, no NAV)
    "2021-12-31": 110.0,
    "2022-01-03": 120.0,  # Mon
    "2022-01-04": 121.0,
    "2022-01-10": 125.0,
}
FUND_B = {"2021-01-01": 50.0, "2022-01-03": 55.0}  # closes on 3 Jan 2022
FUND_C = {"2021-06-01": 10.0, "2022-01-10": 11.0}  # younger than a year


def hand_panel() -> tuple[np.datetime64, np.ndarray]:
    start, a = levels_on(HAND_START, HAND_END, FUND_A)
    b = levels_on(HAND_START, HAND_END, FUND_B)[1]
    c = levels_on(HAND_START, HAND_END, FUND_C)[1]
    return start, np.vstack([a, b, c])


def test_rolling_1y_hand_weekend_fill_closed_and_young_funds() -> None:
    start, lv = hand_panel()
    got = rolling_returns(lv, start, window="1y")
    a = {
        # 2021-12-31 − 365 d = 2020-12-31: before the first NAV → NaN
        "2021-12-31": np.nan,
        # Saturday: no NAV that day → NaN (values only on NAV days)
        "2022-01-01": np.nan,
        # 2022-01-03 − 365 d = Sun 2021-01-03 → forward-filled Friday NAV 100: 120/100 − 1
        "2022-01-03": 0.2,
        # − 365 d = Mon 2021-01-04 (101): 121/101 − 1
        "2022-01-04": 121 / 101 - 1,
        # − 365 d = Sun 2021-01-10 → last NAV on or before: Mon 4 Jan (101): 125/101 − 1
        "2022-01-10": 125 / 101 - 1,
    }
    for day, value in a.items():
        np.testing.assert_allclose(got[0, col(start, day)], value, rtol=1e-12, err_msg=day)
    assert np.isfinite(got[0]).sum() == 3
    # fund B: 55/50 − 1 on its last NAV day, nothing after it although the calendar goes on
    b_last = col(start, "2022-01-03")
    assert got[1, b_last] == pytest.approx(0.1, rel=1e-12)
    assert np.isnan(got[1, b_last + 1 :]).all() and np.isfinite(got[1]).sum() == 1
    # (a plain forward fill over the joint calendar would carry B to the end:)
    naive = pd.DataFrame(lv.T).ffill().pct_change(365, fill_method=None).to_numpy().T
    assert np.isfinite(naive[1, b_last + 1 :]).all()
    # fund C (first NAV 2021-06-01) is younger than the window: all NaN
    assert np.isnan(got[2]).all()
    # 1-D input gives each row alone
    for i in range(3):
        np.testing.assert_array_equal(rolling_returns(lv[i], start, window="1y"), got[i])


def test_rolling_3y_annualised_hand() -> None:
    # 100 → 133.1 over 1095 days: absolute 0.331; annualised 1.331^(365/1095) − 1 = 0.1
    start, lv = levels_on("2020-01-01", "2023-01-05", {"2020-01-01": 100.0, "2022-12-31": 133.1})
    t = col(start, "2022-12-31")
    assert t == 1095
    assert rolling_returns(lv, start, window="3y")[t] == pytest.approx(0.1, rel=1e-12)
    assert rolling_returns(lv, start, window="3y", annualise=False)[t] == pytest.approx(
        0.331, rel=1e-12
    )


def test_rolling_edge_cases() -> None:
    start = D("2024-01-01")
    assert rolling_returns(np.array([]), start, window="1y").shape == (0,)
    assert np.isnan(rolling_returns(np.full(800, np.nan), start, window="1y")).all()
    flat = np.full(800, 10.0)
    assert (rolling_returns(flat, start, window="1y")[365:] == 0.0).all()
    series = pl.Series([100.0, *[None] * 364, 110.0])
    assert rolling_returns(series, start, window="1y")[-1] == pytest.approx(0.1, rel=1e-12)
    with pytest.raises(InputError, match="rolling window"):
        rolling_returns(flat, start, window="1m")
    with pytest.raises(InputError, match="rolling window"):
        rolling_returns(flat, start, window="2y")  # type: ignore[arg-type]


# ----------------------------------------------------------------- real funds vs pandas


@pytest.mark.parametrize("window", list(WINDOWS))
def test_rolling_returns_match_pandas_100822(window: str) -> None:
    s = real_pandas(100822)
    start, lv = real_grid(100822)
    days = WINDOWS[window]
    on_navs = (s.index.to_numpy().astype("datetime64[D]") - start).astype(int)
    absolute = rolling_returns(lv, start, window=window, annualise=False)  # type: ignore[arg-type]
    ref = pandas_rolling(s, days).to_numpy()
    np.testing.assert_allclose(absolute[on_navs], ref, rtol=1e-12)
    assert np.isfinite(absolute).sum() == np.isfinite(ref).sum()  # NaN off the NAV days
    annual = rolling_returns(lv, start, window=window)  # type: ignore[arg-type]
    np.testing.assert_allclose(annual[on_navs], (1 + ref) ** (365 / days) - 1, rtol=1e-12)


def test_rolling_real_anchor_100822() -> None:
    # 1y rolling return on 2009-10-27 = NAV that day / NAV on or before 2008-10-27 − 1,
    # read by pandas (2008-10-27 is the drawdown trough, NAV 16.04)
    s = real_pandas(100822)
    assert s["2008-10-27"] == 16.04
    start, lv = real_grid(100822)
    got = rolling_returns(lv, start, window="1y")[col(start, "2009-10-27")]
    assert got == pytest.approx(s["2009-10-27"] / 16.04 - 1, rel=1e-12)


def test_rolling_panel_equals_each_fund() -> None:
    start, values, offsets = panel(PANEL_CODES)
    for window in ("1y", "3y"):
        whole = rolling_returns(values, start, window=window)
        for i, code in enumerate(PANEL_CODES):
            first, lv = real_grid(code)
            own = rolling_returns(lv, first, window=window)
            row = whole[i, offsets[i] : offsets[i] + lv.size]
            np.testing.assert_array_equal(row, own)
            outside = np.ones(whole.shape[1], bool)
            outside[offsets[i] : offsets[i] + lv.size] = False
            assert np.isnan(whole[i, outside]).all()


# ----------------------------------------------------------------------------- summary


def test_rolling_summary_hand() -> None:
    s = rolling_summary(np.array([0.05, np.nan, 0.12, -0.02, 0.20]))
    # 4 windows; mean 0.35/4 = 0.0875; median (0.05 + 0.12)/2 = 0.085;
    # deviations −0.0375, 0.0325, −0.1075, 0.1125 → squares 0.00140625 + 0.00105625 +
    # 0.01155625 + 0.01265625 = 0.026675 → std √(0.026675 / 3)
    expected = {
        "count": 4,
        "mean": 0.0875,
        "median": 0.085,
        "min": -0.02,
        "max": 0.20,
        "std": (0.026675 / 3) ** 0.5,
        "above_0": 0.75,
        "above_8": 0.5,
        "above_10": 0.5,
        "above_12": 0.25,  # 0.12 itself is not above 12 %
        "above_15": 0.25,
    }
    assert set(s) == set(expected)
    for key, value in expected.items():
        assert s[key] == pytest.approx(value, rel=1e-12), key
    assert isinstance(s["count"], int) and isinstance(s["mean"], float)


def test_rolling_summary_with_benchmark_hand() -> None:
    fund = np.array([0.05, np.nan, 0.12, -0.02, 0.20, 0.03])
    bench = np.array([0.04, 0.10, 0.15, -0.05, np.nan, -0.01])
    # common windows 0, 2, 3, 5: fund 0.05 0.12 −0.02 0.03 | bench 0.04 0.15 −0.05 −0.01
    s = rolling_summary(fund, bench)
    expected = {
        "count": 4,
        "mean": 0.045,  # 0.18 / 4
        "median": 0.04,  # (0.03 + 0.05) / 2
        "min": -0.02,
        "max": 0.12,
        "std": 0.058022983951764,  # √((0.005² + 0.075² + 0.065² + 0.015²) / 3)
        "beat_benchmark": 0.75,  # all but 0.12 < 0.15
        "above_0": 0.75,
        "above_8": 0.25,
        "above_10": 0.25,
        "above_12": 0.0,
        "above_15": 0.0,  # 0.20 is not a common window
    }
    assert set(s) == set(expected)
    for key, value in expected.items():
        assert s[key] == pytest.approx(value, rel=1e-12, abs=1e-15), key
    # excess on the common windows: 0.01, −0.03, 0.03, 0.04
    np.testing.assert_allclose(
        rolling_excess_return(fund, bench),
        [0.01, np.nan, -0.03, 0.03, np.nan, 0.04],
        rtol=1e-12,
    )
    # benchmark < 0 on windows 3 and 5: mean(0.03, 0.04) = 0.035
    assert down_market_excess(fund, bench) == pytest.approx(0.035, rel=1e-12)
    assert np.isnan(down_market_excess(fund, np.abs(bench)))


def test_rolling_summary_edge_cases() -> None:
    empty = rolling_summary(np.array([]))
    assert empty["count"] == 0 and all(np.isnan(v) for k, v in empty.items() if k != "count")
    none = rolling_summary(np.full(5, np.nan), np.zeros(5))
    assert none["count"] == 0 and np.isnan(none["beat_benchmark"])
    one = rolling_summary(np.array([np.nan, 0.09]))
    assert one["median"] == 0.09 and one["mean"] == 0.09 and np.isnan(one["std"])
    with pytest.raises(InputError, match="shape"):
        rolling_summary(np.zeros(3), np.zeros(4))


def test_rolling_summary_matches_pandas_on_real_funds() -> None:
    # 100822 (UTI Nifty 50) vs 101525 (HDFC Index Nifty 50), 1y rolling, common windows
    codes = (100822, 101525)
    start, values, _ = panel(codes)
    rolled = rolling_returns(values, start, window="1y")
    fund, bench = (pandas_rolling(real_pandas(c), 365) for c in codes)
    both = pd.concat([fund, bench], axis=1, keys=["f", "b"], join="inner").dropna()
    ref = both["f"].describe()
    s = rolling_summary(rolled[0], rolled[1])
    assert s["count"] == ref["count"] == 3090
    for key, name in [("mean", "mean"), ("std", "std"), ("min", "min"), ("median", "50%")]:
        assert s[key] == pytest.approx(ref[name], rel=1e-9), key
    assert s["max"] == pytest.approx(ref["max"], rel=1e-12)
    assert s["beat_benchmark"] == pytest.approx((both["f"] > both["b"]).mean(), rel=1e-12)
    for key, rate in [("above_0", 0.0), ("above_8", 0.08), ("above_15", 0.15)]:
        assert s[key] == pytest.approx((both["f"] > rate).mean(), rel=1e-12), key
    down = both[both["b"] < 0]
    assert down_market_excess(rolled[0], rolled[1]) == pytest.approx(
        (down["f"] - down["b"]).mean(), rel=1e-9
    )
    # the summary of one fund alone uses all its windows
    alone = pandas_rolling(real_pandas(100822), 365).describe()
    assert rolling_summary(rolled[0])["count"] == alone["count"]
    # 2-D: a row of the panel summary equals the 1-D summary
    whole = rolling_summary(rolled)
    for key, value in rolling_summary(rolled[1]).items():
        np.testing.assert_allclose(whole[key][1], value, rtol=1e-13, err_msg=key)


# ------------------------------------------------------------------------ rolling_apply


@pytest.mark.parametrize("code", [100822, 107578])
def test_rolling_apply_std_matches_pandas(code: int) -> None:
    start, lv = real_grid(code)
    daily = grid.daily_returns(lv, start)
    ref = pandas_daily(real_pandas(code))
    at = (ref.index.to_numpy().astype("datetime64[D]") - start).astype(int)
    got = rolling_apply(grid.nanstd, daily, window=252)
    np.testing.assert_allclose(got[at], ref.rolling(252).std().to_numpy(), rtol=1e-9)
    assert np.isfinite(got).sum() == ref.size - 251  # only on observation days
    partial = rolling_apply(grid.nanstd, daily, window=252, min_obs=60)
    expected = ref.rolling(252, min_periods=60).std().to_numpy()
    np.testing.assert_allclose(partial[at], expected, rtol=1e-9)
    assert np.isfinite(partial).sum() == ref.size - 59


def test_rolling_apply_with_benchmark_matches_pandas() -> None:
    codes = (100822, 101525)
    start, values, _ = panel(codes)
    fund, bench = grid.joint_levels(values[0], values[1])
    r_f, r_b = grid.daily_returns(fund, start), grid.daily_returns(bench, start)
    joined = pd.concat([real_pandas(c) for c in codes], axis=1, join="inner")
    ref_f, ref_b = (pandas_daily(joined[c]) for c in joined.columns)
    diff = (ref_f - ref_b).dropna()
    at = (diff.index.to_numpy().astype("datetime64[D]") - start).astype(int)
    got = rolling_apply(lambda f, b: grid.nanmean(f - b), r_f, r_b, window=63)
    np.testing.assert_allclose(got[at], diff.rolling(63).mean().to_numpy(), rtol=1e-9, atol=1e-15)


def test_rolling_apply_calls_the_kernel_once_and_places_values() -> None:
    calls: list[tuple[int, ...]] = []

    def kernel(windows: np.ndarray, *, scale: float) -> np.ndarray:
        calls.append(windows.shape)
        return windows.sum(axis=-1) * scale

    r = np.array([1.0, np.nan, 2.0, 3.0, np.nan, 4.0])
    got = rolling_apply(kernel, r, window=3, scale=10.0)
    # observations 1, 2, 3, 4 → windows (1,2,3) ends on column 3, (2,3,4) on column 5
    np.testing.assert_array_equal(got, [np.nan, np.nan, np.nan, 60.0, np.nan, 90.0])
    assert calls == [(2, 3)]
    # with a benchmark an observation needs both: columns 0, 3, 5 → one window,
    # (1 − 1) + (3 − 1) + (4 − 1) = 5 on column 5; too few observations → all NaN
    b = np.array([1.0, 1.0, np.nan, 1.0, 1.0, 1.0])
    excess = rolling_apply(lambda f, g: (f - g).sum(axis=-1), r, b, window=3)
    np.testing.assert_array_equal(excess, [np.nan] * 5 + [5.0])
    assert np.isnan(rolling_apply(lambda f, g: (f - g).sum(axis=-1), r, b, window=4)).all()
    assert calls == [(2, 3)]


def test_rolling_apply_bad_input() -> None:
    with pytest.raises(InputError, match="1-D"):
        rolling_apply(grid.nanstd, np.zeros((2, 5)), window=2)
    with pytest.raises(InputError, match="min_obs"):
        rolling_apply(grid.nanstd, np.zeros(5), window=2, min_obs=3)
    with pytest.raises(InputError, match="shape"):
        rolling_apply(grid.nanstd, np.zeros(5), np.zeros(4), window=2)


# --------------------------------------------------------------------------- downsample


def test_downsample_hand() -> None:
    # 11 points to 4: linspace(0, 10, 4) = 0, 3.33, 6.67, 10 → floored 0, 3, 6, 10
    d, v = downsample(np.arange(11), np.arange(11.0) * 2, max_points=4)
    assert d.tolist() == [0, 3, 6, 10] and v.tolist() == [0.0, 6.0, 12.0, 20.0]
    # days where every row is NaN go first; short series are kept whole
    values = np.array([[1.0, np.nan, np.nan, 4.0], [np.nan, 2.0, np.nan, np.nan]])
    d, v = downsample(np.arange(4), values)
    assert d.tolist() == [0, 1, 3] and v.shape == (2, 3)


def test_downsample_real_rolling_series() -> None:
    start, lv = real_grid(100822)
    rolled = rolling_returns(lv, start, window="3y")
    dates = start + np.arange(lv.size).astype("timedelta64[D]")
    d, v = downsample(dates, rolled)
    finite = np.flatnonzero(np.isfinite(rolled))
    assert v.size == 500 and np.isfinite(v).all()
    assert d[0] == dates[finite[0]] and d[-1] == dates[finite[-1]]
    assert (np.diff(d).astype(int) > 0).all()
    with pytest.raises(InputError):
        downsample(dates, rolled, max_points=0)
