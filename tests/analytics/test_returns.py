"""Point-to-point returns: hand calculations, real anchors (NAVs read with pandas), and
conformance of period returns with empyrical-reloaded and pandas resampling."""

from __future__ import annotations

import datetime as dt

import empyrical
import numpy as np
import pandas as pd
import polars as pl
import pytest

from fundlens.analytics.returns import (
    cagr,
    calendar_year_returns,
    cumulative_return,
    financial_year_returns,
    monthly_returns,
    trailing_return,
    trailing_returns,
)
from fundlens.errors import InputError
from tests.analytics.real import real_grid, real_pandas

D = np.datetime64
PANEL_CODES = (100822, 107578, 119598, 122639, 100868, 101762)


def levels_on(start: str, end: str, navs: dict[str, float]) -> tuple[np.datetime64, np.ndarray]:
    """A hand-made daily calendar start … end with NAVs on the given dates only."""
    first = D(start, "D")
    lv = np.full(int((D(end, "D") - first).astype(int)) + 1, np.nan)
    for day, nav in navs.items():
        lv[int((D(day, "D") - first).astype(int))] = nav
    return first, lv


def panel(codes: tuple[int, ...]) -> tuple[np.datetime64, np.ndarray, list[int]]:
    """Real funds on one union calendar (built here with plain offsets), and each row's
    offset into it."""
    grids = [real_grid(c) for c in codes]
    first = min(g[0] for g in grids)
    offsets = [int((g[0] - first).astype(int)) for g in grids]
    width = max(o + g[1].size for o, g in zip(offsets, grids, strict=True))
    out = np.full((len(codes), width), np.nan)
    for i, (o, g) in enumerate(zip(offsets, grids, strict=True)):
        out[i, o : o + g[1].size] = g[1]
    return first, out, offsets


# ---------------------------------------------------------------- cumulative and CAGR


def test_cumulative_return_hand() -> None:
    # 100 → 121: 121 / 100 − 1 = 0.21; the NaN day is skipped
    assert cumulative_return(np.array([np.nan, 100.0, np.nan, 110.0, 121.0, np.nan])) == (
        pytest.approx(0.21, rel=1e-12)
    )
    got = cumulative_return(np.array([[100.0, 80.0], [50.0, 75.0]]))
    np.testing.assert_allclose(got, [-0.2, 0.5], rtol=1e-12)


def test_cagr_two_years_hand() -> None:
    # 2020-01-01 NAV 100 → 2021-12-31 NAV 121: 366 + 364 = 730 days
    # CAGR = 1.21^(365/730) − 1 = √1.21 − 1 = 0.1
    start, lv = levels_on("2020-01-01", "2021-12-31", {"2020-01-01": 100.0, "2021-12-31": 121.0})
    assert cagr(lv, start) == pytest.approx(0.1, rel=1e-12)
    # trailing NaN days around the NAVs change nothing: days are between the NAV dates
    padded = np.concatenate([[np.nan] * 5, lv, [np.nan] * 9])
    assert cagr(padded, start - np.timedelta64(5, "D")) == pytest.approx(0.1, rel=1e-12)


def test_cagr_differs_from_empyrical_by_design() -> None:
    # Weekday NAVs 2023-01-02 (Mon) … 2024-01-02 (Tue): 262 NAVs, 261 returns, 365 days,
    # 100 → 110. fundlens: 1.1^(365/365) − 1 = 0.10; empyrical counts 261 / 252 years:
    # 1.1^(252/261) − 1 = 0.0963907205850...
    days = pd.bdate_range("2023-01-02", "2024-01-02")
    navs = 100.0 * 1.1 ** (np.arange(days.size) / (days.size - 1))
    start, lv = levels_on(
        "2023-01-02", "2024-01-02", dict(zip(days.strftime("%Y-%m-%d"), navs, strict=True))
    )
    assert cagr(lv, start) == pytest.approx(0.10, rel=1e-12)
    daily = pd.Series(navs, index=days).pct_change().dropna()
    assert empyrical.cagr(daily) == pytest.approx(0.0963907205850, rel=1e-9)


@pytest.mark.parametrize("bad", [[], [np.nan, np.nan], [np.nan, 42.0, np.nan]])
def test_too_little_data_is_nan(bad: list[float]) -> None:
    lv = np.array(bad, dtype=float)
    assert np.isnan(cumulative_return(lv))
    assert np.isnan(cagr(lv, D("2024-01-01")))
    assert np.isnan(trailing_return(lv, D("2024-01-01"), window="si"))
    months, values = monthly_returns(lv, D("2024-01-01"))
    assert months.size == 0 and values.shape == (0,)


def test_constant_nav_and_polars_input() -> None:
    start, lv = levels_on("2020-01-01", "2022-01-01", {"2020-01-01": 10.0, "2022-01-01": 10.0})
    assert cagr(lv, start) == 0.0
    assert trailing_return(lv, start, window="1y") == 0.0
    series = pl.Series([100.0, None, 121.0])
    assert cumulative_return(series) == pytest.approx(0.21, rel=1e-12)


def test_bad_input() -> None:
    with pytest.raises(InputError, match="unknown window"):
        trailing_return(np.ones(3), D("2024-01-01"), window="2y")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="1-D or 2-D"):
        cagr(np.ones((2, 2, 2)), D("2024-01-01"))
    with pytest.raises(InputError, match="per-row end"):
        trailing_return(np.ones((2, 5)), D("2024-01-01"), window="1m", end=np.array([1, 2, 3]))


# ------------------------------------------------------------------------- trailing

# NAVs: 2019-12-31 100 · 2020-12-31 115 · 2021-11-30 118 · 2021-12-03 120 · 2021-12-31 125
HAND = {
    "2019-12-31": 100.0,
    "2020-12-31": 115.0,
    "2021-11-30": 118.0,
    "2021-12-03": 120.0,
    "2021-12-31": 125.0,
}


def test_trailing_returns_hand() -> None:
    start, lv = levels_on("2019-12-31", "2022-01-02", HAND)  # calendar runs past the last NAV
    got = trailing_returns(lv, start)
    expected = {
        # end = last NAV 2021-12-31 (125); 1m start date 2021-12-01 → NAV of 2021-11-30 (118)
        "return_1m": 125 / 118 - 1,
        # 3m start date 2021-10-01 and 6m 2021-07-02 → last NAV on or before: 2020-12-31
        # (115); absolute below a year although the NAVs are 365 days apart
        "return_3m": 125 / 115 - 1,
        "return_6m": 125 / 115 - 1,
        # 1y start date 2020-12-31 (115), 365 days: (125/115)^(365/365) − 1
        "return_1y": 125 / 115 - 1,
        # no NAV on or before 2018-12-31: younger than the window
        "return_3y": np.nan,
        "return_5y": np.nan,
        "return_10y": np.nan,
        # si: 100 → 125 over 366 + 365 = 731 days: 1.25^(365/731) − 1 = 0.1178633573979...
        "return_si": 0.1178633573979,
    }
    assert list(got) == list(expected)
    for key, value in expected.items():
        np.testing.assert_allclose(got[key], value, rtol=1e-12, err_msg=key)


def test_trailing_return_with_end_date() -> None:
    start, lv = levels_on("2019-12-31", "2022-01-02", HAND)
    # end Sunday 2022-01-02: end NAV 125 (Fri 31 Dec); 1m start date 2021-12-03 → 120
    assert trailing_return(lv, start, window="1m", end=dt.date(2022, 1, 2)) == pytest.approx(
        125 / 120 - 1, rel=1e-12
    )
    # 1y start date 2021-01-02 → NAV of 2020-12-31 (115); the NAVs are 365 days apart
    assert trailing_return(lv, start, window="1y", end=D("2022-01-02")) == pytest.approx(
        125 / 115 - 1, rel=1e-12
    )
    # end Thu 2021-12-02: end NAV 118 (2021-11-30); 1y start date 2020-12-02 → 100 of
    # 2019-12-31, 700 days apart: 1.18^(365/700) − 1 = 0.0901376331406...
    assert trailing_return(lv, start, window="1y", end=D("2021-12-02")) == pytest.approx(
        0.0901376331406, rel=1e-11
    )
    # end 2020-06-30: only the first NAV lies on or before it → no span → NaN
    assert np.isnan(trailing_return(lv, start, window="si", end=D("2020-06-30")))
    # an end date after the calendar: end NAV = the last one (125); 1m start date
    # 2021-12-16 → 120 of 2021-12-03
    assert trailing_return(lv, start, window="1m", end=D("2022-01-15")) == pytest.approx(
        125 / 120 - 1, rel=1e-12
    )
    # a stale series: start date 2022-01-30 finds the end NAV itself → no span → NaN
    assert np.isnan(trailing_return(lv, start, window="1m", end=D("2022-03-01")))
    # an end date before the first NAV: nothing
    assert np.isnan(trailing_return(lv, start, window="1m", end=D("2019-01-01")))


def test_si_absolute_below_a_year() -> None:
    # 2021-01-01 100 → 2021-07-01 (181 days) 110: absolute 0.10, not annualised
    start, lv = levels_on("2021-01-01", "2021-07-01", {"2021-01-01": 100.0, "2021-07-01": 110.0})
    assert trailing_return(lv, start, window="si") == pytest.approx(0.10, rel=1e-12)


# Real anchors: UTI Nifty 50 Index Fund (100822), last NAV 2016-02-22 = 45.72. Start NAV =
# the last NAV on or before 2016-02-22 − window days (dates and NAVs read from the source).
ANCHORS_100822 = {
    "1m": ("2016-01-22", 46.88, None),  # start date 2016-01-23 is a Saturday
    "3m": ("2015-11-23", 49.57, None),
    "6m": ("2015-08-24", 49.21, None),
    "1y": ("2015-02-20", 55.28, 367),  # start date 2015-02-22 a Sunday; 367 days apart
    "3y": ("2013-02-22", 36.43, 1095),
    "5y": ("2011-02-23", 33.80, 1825),
    "10y": ("2006-02-23", 19.45, 3651),
    "si": ("2000-03-27", 9.33, 5810),
}


LOOKBACK = {"1m": 30, "3m": 91, "6m": 182, "1y": 365, "3y": 1095, "5y": 1825, "10y": 3650}


def test_trailing_returns_real_anchor_100822() -> None:
    s = real_pandas(100822)
    assert s.index[-1] == pd.Timestamp("2016-02-22") and s.iloc[-1] == 45.72
    start, lv = real_grid(100822)
    got = trailing_returns(lv, start)
    for window, (day, nav, days) in ANCHORS_100822.items():
        # the anchor NAVs are what pandas' asof (last value on or before) finds
        if window != "si":
            lookback = pd.Timedelta(days=LOOKBACK[window])
            assert s.index[s.index <= s.index[-1] - lookback][-1] == pd.Timestamp(day)
        assert s[day] == nav
        if days is not None:
            assert (pd.Timestamp("2016-02-22") - pd.Timestamp(day)).days == days
        ratio = 45.72 / nav
        expected = ratio - 1 if days is None else ratio ** (365 / days) - 1
        assert got[f"return_{window}"] == pytest.approx(expected, rel=1e-12), window


def test_trailing_panel_equals_each_fund() -> None:
    start, values, _ = panel(PANEL_CODES)
    whole = trailing_returns(values, start)
    for i, code in enumerate(PANEL_CODES):
        one = trailing_returns(*reversed(real_grid(code)))
        for key in whole:
            np.testing.assert_allclose(whole[key][i], one[key], rtol=1e-13, err_msg=f"{code} {key}")
    # one end date for all rows; and per-row end columns
    end = D("2014-12-31")
    common = trailing_return(values, start, window="1y", end=end)
    cols = np.full(len(PANEL_CODES), int((end - start).astype(int)))
    np.testing.assert_array_equal(trailing_return(values, start, window="1y", end=cols), common)
    for i, code in enumerate(PANEL_CODES):
        first, lv = real_grid(code)
        np.testing.assert_allclose(trailing_return(lv, first, window="1y", end=end), common[i])


# --------------------------------------------------------------------- period returns


def test_monthly_returns_hand() -> None:
    # Month-end NAVs: Jan 31 100 (Jan is the first month: no previous month-end → left
    # out), Feb: last NAV Fri 26 Feb 104 (28 Feb is a Sunday) → 104/100 − 1 = 0.04,
    # Mar: no NAV at all → NaN, Apr 30 110 → previous month has no NAV → NaN,
    # May 31 99 → 99/110 − 1 = −0.1, Jun: the series ends on 15 Jun → partial, left out.
    navs = {
        "2021-01-10": 95.0,
        "2021-01-31": 100.0,
        "2021-02-12": 101.0,
        "2021-02-26": 104.0,
        "2021-04-30": 110.0,
        "2021-05-31": 99.0,
        "2021-06-15": 101.0,
    }
    start, lv = levels_on("2021-01-10", "2021-06-15", navs)
    months, values = monthly_returns(lv, start)
    assert months.astype(str).tolist() == ["2021-02", "2021-03", "2021-04", "2021-05"]
    np.testing.assert_allclose(values, [0.04, np.nan, np.nan, -0.1], rtol=1e-12)
    assert np.nanmax(values) == pytest.approx(0.04) and np.nanmin(values) == pytest.approx(-0.1)
    # A calendar running past the last NAV (a closed fund) does not make June complete;
    # July has no NAV → NaN.
    longer = np.concatenate([lv, np.full(60, np.nan)])
    months2, values2 = monthly_returns(longer, start)
    assert months2.astype(str).tolist()[-2:] == ["2021-06", "2021-07"]
    assert np.isnan(values2[-2:]).all()


def test_month_ending_on_a_weekend_after_the_last_nav_is_partial() -> None:
    # Decision pinned: a series whose last NAV is Fri 29 Jan 2016 has no NAV on or after
    # 31 Jan, so January is not complete (a NAV dated 30/31 Jan could still come).
    navs = {"2015-12-31": 100.0, "2016-01-29": 90.0}
    start, lv = levels_on("2015-12-01", "2016-01-31", navs)
    months, values = monthly_returns(lv, start)
    assert months.astype(str).tolist() == ["2016-01"] and np.isnan(values).all()
    # with a NAV dated 31 Jan it is complete: 90/100 − 1
    start, lv = levels_on("2015-12-01", "2016-01-31", {**navs, "2016-01-31": 90.0})
    np.testing.assert_allclose(monthly_returns(lv, start)[1], [-0.1], rtol=1e-12)


def months_of(index: pd.Index) -> list[str]:
    return [p.strftime("%Y-%m") for p in index]


def test_monthly_returns_match_empyrical_100822() -> None:
    s = real_pandas(100822)
    daily = s.pct_change().dropna()  # every NAV: compounding gives month-end / month-end
    ref = empyrical.aggregate_returns(daily, "monthly")
    ref.index = [f"{y:04d}-{m:02d}" for y, m in ref.index]
    months, values = monthly_returns(*reversed(real_grid(100822)))
    labels = months.astype(str).tolist()
    # complete months only: empyrical also has Mar 2000 (starts 27 Mar, partial) and
    # Feb 2016 (ends 22 Feb, partial)
    assert list(ref.index[1:-1]) == labels
    assert ref.index[0] == "2000-03" and ref.index[-1] == "2016-02"
    assert np.isfinite(values).all()
    np.testing.assert_allclose(values, ref.loc[labels].to_numpy(), rtol=1e-9)
    # anchors: Oct 2008 and May 2009, read off pandas' month-end NAVs
    last = s.resample("ME").last()
    assert values[labels.index("2008-10")] == pytest.approx(
        last["2008-10"].iloc[0] / last["2008-09"].iloc[0] - 1, rel=1e-12
    )


@pytest.mark.parametrize("code", [107578, 100669, 101762, 119598])
def test_monthly_returns_match_pandas_resample(code: int) -> None:
    # 107578 has no NAVs from Feb to Nov 2010 and 100669 several multi-week gaps in
    # 1992–1996: empty months are NaN in pandas and fundlens alike, and so is the month
    # after (no previous month-end NAV; pandas 3's pct_change does not fill)
    s = real_pandas(code)
    ref = s.resample("ME").last().pct_change()
    months, values = monthly_returns(*reversed(real_grid(code)))
    labels = months.astype(str).tolist()
    assert months_of(ref.index)[1:-1] == labels  # first and last month partial
    np.testing.assert_allclose(values, ref.iloc[1:-1].to_numpy(), rtol=1e-9)
    if code == 107578:
        gap = [labels.index(m) for m in ("2010-02", "2010-06", "2010-11", "2010-12")]
        assert np.isnan(values[gap]).all() and np.isfinite(values[labels.index("2011-01")])


def test_calendar_year_returns_match_pandas_and_empyrical() -> None:
    s = real_pandas(100822)
    ref = s.resample("YE").last().pct_change()
    years, values = calendar_year_returns(*reversed(real_grid(100822)))
    assert years.astype(str).tolist() == [str(y) for y in range(2001, 2016)]
    np.testing.assert_allclose(values, ref.loc["2001":"2015"].to_numpy(), rtol=1e-9)
    yearly = empyrical.aggregate_returns(s.pct_change().dropna(), "yearly")
    np.testing.assert_allclose(values, yearly.loc[2001:2015].to_numpy(), rtol=1e-9)
    # anchor: 2008, last NAVs of 2007 and 2008 read by pandas
    assert values[7] == pytest.approx(s["2008"].iloc[-1] / s["2007"].iloc[-1] - 1, rel=1e-12)
    assert values[7] < -0.5


def test_financial_year_returns_match_pandas() -> None:
    s = real_pandas(100822)
    ref = s.resample("YE-MAR").last().pct_change()  # labelled 31 March of the ending year
    labels, values = financial_year_returns(*reversed(real_grid(100822)))
    # the first FY (to Mar 2000) has no predecessor; FY2016 ends after 22 Feb 2016
    assert labels.tolist() == [f"FY{y}" for y in range(2001, 2016)]
    assert [d.year for d in ref.index] == list(range(2000, 2017))
    np.testing.assert_allclose(values, ref.iloc[1:-1].to_numpy(), rtol=1e-9)
    # FY2009 = 1 Apr 2008 – 31 Mar 2009: last NAV of Mar 2009 / last NAV of Mar 2008 − 1
    assert values[labels.tolist().index("FY2009")] == pytest.approx(
        s[:"2009-03-31"].iloc[-1] / s[:"2008-03-31"].iloc[-1] - 1, rel=1e-12
    )


def test_period_returns_panel_equals_each_fund() -> None:
    start, values, _ = panel(PANEL_CODES)
    for func in (monthly_returns, calendar_year_returns, financial_year_returns):
        labels, whole = func(values, start)
        assert whole.shape == (len(PANEL_CODES), labels.size)
        for i, code in enumerate(PANEL_CODES):
            own_labels, own = func(*reversed(real_grid(code)))
            at = np.searchsorted(labels, own_labels)
            assert (labels[at] == own_labels).all()
            np.testing.assert_allclose(whole[i, at], own, rtol=1e-13)
            rest = np.ones(labels.size, bool)
            rest[at] = False
            assert np.isnan(whole[i, rest]).all(), (func.__name__, code)
