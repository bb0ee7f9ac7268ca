"""Equal-weighted, daily-rebalanced portfolios (fundlens.analytics.portfolio): hand
computations on real schemes from shared/data/nav, pandas as an independent reference,
and why averaging NAV levels (seed 003 §6.5, Gen 2) is wrong."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pytest

from fundlens.analytics.grid import nav_grid
from fundlens.analytics.portfolio import BASE_LEVEL, equal_weight_portfolio, portfolio_levels
from fundlens.errors import InputError
from tests.analytics.real import real_nav, real_pandas

#: HDFC Flexi Cap (101762), HDFC Mid-Cap Opportunities (105758) and HDFC Index Nifty 50
#: (101525), all Regular plan, growth.
HDFC = [101762, 105758, 101525]


def _panel(codes: list[int], first: str, last: str) -> tuple[np.ndarray, np.ndarray]:
    """(calendar dates, levels) of the real histories of ``codes`` between two dates."""
    frame = pl.concat(
        real_nav(c).with_columns(pl.lit(c, dtype=pl.Int64).alias("scheme_code")) for c in codes
    ).filter(pl.col("date").is_between(dt.date.fromisoformat(first), dt.date.fromisoformat(last)))
    grid = nav_grid(frame)
    return grid.dates, grid.values[[grid.row(c) for c in codes]]


def _mean_level(levels: np.ndarray) -> np.ndarray:
    """Gen 2's daily average NAV over the schemes that have one (NaN when none)."""
    count = np.isfinite(levels).sum(axis=0)
    with np.errstate(invalid="ignore"):
        return np.where(count > 0, np.nansum(levels, axis=0) / count, np.nan)


def _on_nav_days(dates: np.ndarray, series: np.ndarray) -> dict[str, float]:
    return {str(d): round(float(v), 10) for d, v in zip(dates, series, strict=True) if v == v}


def test_three_real_schemes_by_hand() -> None:
    # NAVs from the files (2010-04-02 was Good Friday; 101525 has no NAV on 2010-04-05):
    #   date        101762   105758   101525
    #   2010-03-31  236.27   13.09    45.70
    #   2010-04-01  238.33   13.24    46.06
    #   2010-04-05  242.11   13.41    —
    #   2010-04-06  242.00   13.44    46.71
    #   2010-04-07  243.20   13.52    46.78
    #   2010-04-08  240.95   13.51    46.16
    # 04-01: (2.06/236.27 + 0.15/13.09 + 0.36/45.70)/3
    #        = (0.0087188386 + 0.0114591291 + 0.0078774617)/3 = 0.0093518098
    # 04-05: 101525 has no NAV → (3.78/238.33 + 0.17/13.24)/2
    #        = (0.0158603617 + 0.0128398792)/2 = 0.0143501204
    # 04-06: 101525 had no NAV the day before, it sits out → (−0.11/242.11 + 0.03/13.41)/2
    #        = (−0.0004543389 + 0.0022371365)/2 = 0.0008913988
    # 04-07: (1.20/242.00 + 0.08/13.44 + 0.07/46.71)/3
    #        = (0.0049586777 + 0.0059523810 + 0.0014986084)/3 = 0.0041365557
    # 04-08: (−2.25/243.20 − 0.01/13.52 − 0.62/46.78)/3
    #        = (−0.0092516447 − 0.0007396450 − 0.0132535271)/3 = −0.0077482723
    # level: 100 → 100.93518098 → 102.38361298 → 102.47487761 → 102.89877065 → 102.10148295
    dates, levels = _panel(HDFC, "2010-03-31", "2010-04-08")
    p = equal_weight_portfolio(levels)
    assert _on_nav_days(dates, p.returns[0]) == {
        "2010-04-01": 0.0093518098,
        "2010-04-05": 0.0143501204,
        "2010-04-06": 0.0008913988,
        "2010-04-07": 0.0041365557,
        "2010-04-08": -0.0077482723,
    }
    got = {d: round(v, 6) for d, v in _on_nav_days(dates, p.levels[0]).items()}
    assert got == {
        "2010-03-31": 100.0,
        "2010-04-01": 100.935181,
        "2010-04-05": 102.383613,
        "2010-04-06": 102.474878,
        "2010-04-07": 102.898771,
        "2010-04-08": 102.101483,
    }
    assert {str(d): int(m) for d, m in zip(dates, p.members[0], strict=True) if m} == {
        "2010-04-01": 3, "2010-04-05": 2, "2010-04-06": 2, "2010-04-07": 3, "2010-04-08": 3,
    }  # fmt: skip
    # returns each scheme contributed: 5, 5 and 3 (101525 misses 04-05 and 04-06)
    assert p.used.sum(axis=-1).tolist() == [5, 5, 3]


def test_averaging_nav_levels_gives_a_different_wrong_answer() -> None:
    # Gen 2's method: mean NAV per day, then returns. Same six days:
    #   03-31 (236.27 + 13.09 + 45.70)/3 = 98.353333   04-01 (238.33 + 13.24 + 46.06)/3 = 99.21
    #   04-05 (242.11 + 13.41)/2 = 127.76  ← 101525 missing: a +28.78 % "day"
    #   04-06 (242.00 + 13.44 + 46.71)/3 = 100.716667  ← −21.17 %
    #   04-08 (240.95 + 13.51 + 46.16)/3 = 100.206667: +1.8844 % over the window,
    # against +2.1015 % for the equal-weighted portfolio (whose worst day is −0.77 %).
    _, levels = _panel(HDFC, "2010-03-31", "2010-04-08")
    mean_level = _mean_level(levels)  # the method being shown wrong
    days = np.isfinite(mean_level)
    wrong = mean_level[days][1:] / mean_level[days][:-1] - 1
    assert wrong[1] == pytest.approx(0.2877734, abs=1e-7)
    assert mean_level[days][-1] / mean_level[days][0] - 1 == pytest.approx(0.0188436, abs=1e-7)
    p = equal_weight_portfolio(levels)
    assert np.nanmax(np.abs(p.returns)) < 0.015
    assert p.levels[0][days][-1] / BASE_LEVEL - 1 == pytest.approx(0.0210148, abs=1e-7)


def test_level_averaging_depends_on_nav_scale_the_portfolio_does_not() -> None:
    # A scheme's NAV scale (a ₹10 vs a ₹1000 face value) says nothing about its weight.
    _, levels = _panel(HDFC, "2012-01-01", "2013-12-31")
    rescaled = levels * np.array([[1.0], [100.0], [1.0]])
    a, b = equal_weight_portfolio(levels), equal_weight_portfolio(rescaled)
    np.testing.assert_allclose(a.levels, b.levels, rtol=1e-12)
    mean_a, mean_b = _mean_level(levels), _mean_level(rescaled)
    ok = np.isfinite(mean_a)
    growth_a = mean_a[ok][-1] / mean_a[ok][0]
    growth_b = mean_b[ok][-1] / mean_b[ok][0]
    assert abs(growth_a - growth_b) > 0.05


def test_a_closed_scheme_stays_in_until_its_last_nav() -> None:
    # 100822 (UTI Nifty 50, Regular) ends on 2016-02-22 in its file; 101762 and 101525 go on:
    #   date        101762   101525   100822
    #   2016-02-18  374.90   63.53    45.45
    #   2016-02-19  375.35   63.69    45.57
    #   2016-02-22  375.72   63.90    45.72
    #   2016-02-23  369.82   62.80    —
    #   2016-02-24  365.13   62.00    —
    #   2016-02-25  358.25   61.58    —
    # 02-19: (0.45/374.90 + 0.16/63.53 + 0.12/45.45)/3
    #        = (0.0012003201 + 0.0025184952 + 0.0026402640)/3 = 0.0021196931
    # 02-22: (0.37/375.35 + 0.21/63.69 + 0.15/45.57)/3
    #        = (0.0009857466 + 0.0032972209 + 0.0032916392)/3 = 0.0025248689
    # 02-23: (−5.90/375.72 − 1.10/63.90)/2 = (−0.0157031832 − 0.0172143975)/2 = −0.0164587904
    dates, levels = _panel([101762, 101525, 100822], "2016-02-18", "2016-02-25")
    p = equal_weight_portfolio(levels)
    r = _on_nav_days(dates, p.returns[0])
    assert r["2016-02-19"] == 0.0021196931
    assert r["2016-02-22"] == 0.0025248689
    assert r["2016-02-23"] == -0.0164587904
    assert [int(m) for m in p.members[0] if m] == [3, 3, 2, 2, 2]
    assert p.used.sum(axis=-1).tolist() == [5, 5, 2]


def test_a_scheme_that_starts_later_joins_on_its_second_nav() -> None:
    # Parag Parikh Flexi Cap Regular (122640) starts on 2014-04-16 in its file:
    #   date        101762   122640
    #   2014-04-15  338.95   —
    #   2014-04-16  335.68   12.27
    #   2014-04-17  342.82   12.38
    # 04-16: 101762 alone: −3.27/338.95 = −0.0096474406
    # 04-17: (7.14/335.68 + 0.11/12.27)/2 = (0.0212702574 + 0.0089649552)/2 = 0.0151176063
    dates, levels = _panel([101762, 122640], "2014-04-15", "2014-04-17")
    p = equal_weight_portfolio(levels)
    assert _on_nav_days(dates, p.returns[0]) == {
        "2014-04-16": -0.0096474406,
        "2014-04-17": 0.0151176063,
    }


def test_matches_pandas_on_the_union_of_nav_days() -> None:
    # Independent reference: pandas on the union of the three histories' dates —
    # pct_change without filling (NaN unless both days have a NAV), row mean skipping NaN.
    frame = pd.concat([real_pandas(c) for c in HDFC], axis=1, sort=True)
    ref = frame.pct_change(fill_method=None).mean(axis=1, skipna=True)
    dates, levels = _panel(HDFC, "1990-01-01", "2030-01-01")
    p = equal_weight_portfolio(levels)
    ours = pd.Series(p.returns[0], index=pd.DatetimeIndex(dates)).dropna()
    ref = ref.dropna()
    assert ours.index.equals(ref.index)
    np.testing.assert_allclose(ours.to_numpy(), ref.to_numpy(), rtol=1e-12, atol=1e-15)
    ref_levels = BASE_LEVEL * (1 + ref).cumprod()
    ours_levels = pd.Series(p.levels[0], index=pd.DatetimeIndex(dates)).dropna().iloc[1:]
    np.testing.assert_allclose(ours_levels.to_numpy(), ref_levels.to_numpy(), rtol=1e-10)


def test_one_scheme_is_its_own_nav_rebased_to_100() -> None:
    _, levels = _panel([100822], "1990-01-01", "2030-01-01")
    p = equal_weight_portfolio(levels)
    nav = levels[0]
    ok = np.isfinite(nav)
    np.testing.assert_allclose(p.levels[0][ok], 100 * nav[ok] / nav[ok][0], rtol=1e-11)
    assert np.array_equal(np.isfinite(p.levels[0]), ok)


def test_groups_give_several_portfolios_at_once() -> None:
    codes = [101762, 105758, 101525, 100822, 103504]
    _, levels = _panel(codes, "2008-01-01", "2012-12-31")
    groups = np.array(["hdfc", "hdfc", "hdfc", "uti", "sbi"])
    both = equal_weight_portfolio(levels, groups=groups)
    assert both.groups.tolist() == ["hdfc", "sbi", "uti"]
    for g, rows in (("hdfc", [0, 1, 2]), ("sbi", [4]), ("uti", [3])):
        alone = equal_weight_portfolio(levels[rows])
        k = both.groups.tolist().index(g)
        np.testing.assert_array_equal(both.levels[k], alone.levels[0])
        np.testing.assert_array_equal(both.members[k], alone.members[0])
    with pytest.raises(InputError, match="one label per row"):
        equal_weight_portfolio(levels, groups=["a"])


def test_flagged_returns_sit_out_unless_every_member_is_flagged() -> None:
    # Hand case (not real data): scheme 2's day-1 return is flagged (say, a face-value
    # change already chain-linked). Day 1: scheme 1 alone = +1 %; day 2: both, unflagged.
    lv = np.array([[100.0, 101.0, 102.01], [10.0, 10.0, 10.1]])
    flagged = np.array([[False, False, False], [False, True, False]])
    p = equal_weight_portfolio(lv, flagged=flagged)
    assert p.returns[0].round(6).tolist()[1:] == [0.01, 0.01]
    assert not p.flagged.any()
    # one scheme whose only return is flagged: kept for the level, the day is flagged
    p = equal_weight_portfolio(lv[1:], flagged=flagged[1:])
    assert p.levels[0].round(6).tolist() == [100.0, 100.0, 101.0]
    assert p.flagged[0].tolist() == [False, True, False]


def test_days_without_members_have_no_level() -> None:
    # scheme 1 stops, scheme 2 starts the next day: day 2 has no member
    lv = np.array([[10.0, 11.0, np.nan, np.nan], [np.nan, np.nan, 20.0, 22.0]])
    p = equal_weight_portfolio(lv)
    assert p.members[0].tolist() == [0, 1, 0, 1]
    out = p.levels[0]
    assert out[0] == 100 and out[1] == pytest.approx(110) and np.isnan(out[2])
    assert out[3] == pytest.approx(121)


def test_portfolio_levels_base_day() -> None:
    # the base day is the portfolio's previous NAV day, not always the day before
    r = np.array([np.nan, np.nan, np.nan, 0.1, 0.1])
    out = portfolio_levels(r, base_day=1)
    assert np.isnan(out[[0, 2]]).all() and out[1] == 100 and out[4] == pytest.approx(121)
    assert np.isnan(portfolio_levels(np.full(3, np.nan))).all()
