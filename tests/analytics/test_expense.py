"""Expense drag of Direct/Regular pairs (fundlens.analytics.expense) on the real pairs in
shared/data/nav, with values worked out by hand from the NAVs written below."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from fundlens.analytics.expense import (
    MIN_ANNUALISE_DAYS,
    annualised_drag,
    drag_summary,
    expense_drag,
)
from fundlens.analytics.grid import nav_grid
from fundlens.errors import InputError
from tests.analytics.real import real_nav

#: The Direct/Regular pairs listed in shared/data/nav/README.md (Direct first).
PAIRS = (
    (120716, 100822), (119063, 101525), (118581, 100484), (120684, 112957),
    (119598, 103504), (118825, 107578), (118955, 101762), (122639, 122640),
    (118989, 105758), (118778, 113177), (120251, 100356), (119091, 100868),
    (119707, 101001), (119788, 115676),
)  # fmt: skip


def _panel(codes: list[int]) -> tuple[np.datetime64, np.ndarray]:
    """The real histories of ``codes`` on one daily calendar, rows in the order given."""
    frame = pl.concat(
        real_nav(c).with_columns(pl.lit(c, dtype=pl.Int64).alias("scheme_code")) for c in codes
    )
    grid = nav_grid(frame)
    return grid.start, grid.values[[grid.row(c) for c in codes]]


def _pair(direct: int, regular: int) -> tuple[np.datetime64, np.ndarray, np.ndarray]:
    start, values = _panel([direct, regular])
    return start, values[0], values[1]


def test_uti_nifty_50_direct_vs_regular_by_hand() -> None:
    # UTI Nifty 50 Index Fund: Direct 120716, Regular 100822. Common start 2013-01-01, both
    # at 37.14 (the Direct plan began at the Regular NAV); last common date 2016-02-22:
    # Direct 45.97, Regular 45.72. drag = (45.97/37.14)/(45.72/37.14) − 1 = 45.97/45.72 − 1
    # = 0.25/45.72 = 0.0054680665. Days 2013-01-01 → 2016-02-22 = 3·365 + 52 = 1147:
    # annualised = 1.0054680665^(365/1147) − 1 = exp(0.31822145 · 0.00545317) − 1 = 0.0017368.
    start, d, r = _pair(120716, 100822)
    drag = expense_drag(d, r)
    s = drag_summary(drag)
    assert start + int(s.first) == np.datetime64("2013-01-01")
    assert start + int(s.last) == np.datetime64("2016-02-22")
    assert int(s.days) == 1147
    assert drag[int(s.first)] == 0.0
    assert float(s.total) == pytest.approx(0.0054680665, abs=1e-10)
    assert float(s.annualised) == pytest.approx(0.0017368225, abs=1e-9)
    # 772 dates on which both have a NAV (README: 773 rows of 120716 with one duplicate)
    assert int(s.points) == 772


@pytest.mark.parametrize(
    ("direct", "regular", "total", "days", "annualised"),
    [
        # HDFC Index Fund Nifty 50: both 51.38 on 2013-01-01; 2016-06-03 Direct 73.21,
        # Regular 72.78: 0.43/72.78 = 0.0059082165; 1249 d; 1.0059082^(365/1249) − 1.
        (119063, 101525, 0.0059082165, 1249, 0.0017229826),
        # HDFC Flexi Cap: both 296.88 on 2013-01-01; 2016-06-03 460.00 vs 448.53:
        # 11.47/448.53 = 0.0255724255; 1249 d.
        (118955, 101762, 0.0255724255, 1249, 0.0074064653),
        # HDFC Liquid: both 2265.64 on 2013-01-01; 2016-06-05 3033.94 vs 3027.66:
        # 6.28/3027.66 = 0.0020742091; 1251 d.
        (119091, 100868, 0.0020742091, 1251, 0.0006047409),
        # Mirae Large Cap: the common start is 2012-12-09 with Direct 18.41 and Regular
        # 18.35 (not equal); 2016-02-22: 29.56 vs 28.71.
        # (29.56/18.41)/(28.71/18.35) − 1 = 1.6056491/1.5645777 − 1 = 0.0262508; 1170 d:
        # 1.0262508^(365/1170) − 1 = 0.0081165.
        (118825, 107578, 0.0262508, 1170, 0.0081165),
    ],
)
def test_real_pairs_by_hand(
    direct: int, regular: int, total: float, days: int, annualised: float
) -> None:
    _, d, r = _pair(direct, regular)
    s = drag_summary(expense_drag(d, r))
    assert int(s.days) == days
    assert float(s.total) == pytest.approx(total, abs=1e-7)
    assert float(s.annualised) == pytest.approx(annualised, abs=1e-7)


def test_gen2_level_ratio_differs_when_the_plans_start_apart() -> None:
    # Seed 003 §6.5 (Gen 2) reported direct_nav / regular_nav − 1: for Mirae Large Cap on
    # 2016-02-22 that is 29.56/28.71 − 1 = 0.0296064, which counts the 18.41 vs 18.35 gap
    # of the first day as drag; the contract's ratio from the common start is 0.0262508.
    _, d, r = _pair(118825, 107578)
    drag = expense_drag(d, r)
    last = int(drag_summary(drag).last)
    assert d[last] / r[last] - 1 == pytest.approx(0.0296064, abs=1e-7)
    assert drag[last] == pytest.approx(0.0262508, abs=1e-7)


def test_every_real_pair_direct_ahead_by_a_plausible_rate() -> None:
    # 13 growth pairs of 2013–2016: the Direct plan is ahead of the Regular plan. Equity,
    # hybrid, index, gilt and gold FoF pairs by about 0.1–1.5 % a year, the liquid pair by
    # less (HDFC Liquid's expense gap is small: 0.06 % a year).
    for direct, regular in PAIRS:
        _, d, r = _pair(direct, regular)
        s = drag_summary(expense_drag(d, r))
        rate = float(s.annualised)
        assert float(s.total) > 0, (direct, regular)
        if direct == 119091:
            assert 0.0003 < rate < 0.001
        else:
            assert 0.001 < rate < 0.015, (direct, regular, rate)


def test_panel_rows_equal_one_pair_at_a_time() -> None:
    codes = [c for pair in PAIRS for c in pair]
    _, values = _panel(codes)
    direct, regular = values[0::2], values[1::2]
    panel = expense_drag(direct, regular)
    summary = drag_summary(panel)
    for i, _pair_codes in enumerate(PAIRS):
        one = expense_drag(direct[i], regular[i])
        np.testing.assert_array_equal(panel[i], one)
        alone = drag_summary(one)
        assert int(summary.days[i]) == int(alone.days)
        assert float(summary.annualised[i]) == float(alone.annualised)


def test_drag_is_nan_off_common_dates_and_starts_at_zero() -> None:
    d = np.array([np.nan, 10.0, 10.1, np.nan, 10.3, 10.4])
    r = np.array([20.0, np.nan, 20.1, 20.2, 20.3, np.nan])
    drag = expense_drag(d, r)
    # common dates: columns 2 and 4; drag = (10.3/10.1)/(20.3/20.1) − 1 = 0.0097512…
    assert np.isnan(drag[[0, 1, 3, 5]]).all()
    assert drag[2] == 0.0
    assert drag[4] == pytest.approx((10.3 / 10.1) / (20.3 / 20.1) - 1, rel=1e-12)


def test_no_common_date_and_short_windows_give_nan() -> None:
    d = np.array([10.0, np.nan, np.nan])
    r = np.array([np.nan, 20.0, 20.5])
    s = drag_summary(expense_drag(d, r))
    assert int(s.first) == -1 and int(s.points) == 0
    assert np.isnan(s.total) and np.isnan(s.annualised)
    # 200 days of drag: a total, but no annualised rate (200 d < 365 d)
    lv = np.full(201, np.nan)
    lv[[0, 200]] = [10.0, 10.1]
    flat = np.where(np.isfinite(lv), 10.0, np.nan)
    s = drag_summary(expense_drag(lv, flat))
    assert float(s.total) == pytest.approx(0.01)
    assert np.isnan(s.annualised)
    assert MIN_ANNUALISE_DAYS == 365


def test_annualised_drag_by_hand() -> None:
    # 2 years (730 d) at 2.1 %: 1.021^(1/2) − 1 = 0.0104454…; exactly a year: the total
    assert annualised_drag(0.021, days=730) == pytest.approx(0.0104454463, abs=1e-10)
    assert annualised_drag(0.0123, days=365) == pytest.approx(0.0123, abs=1e-15)
    out = annualised_drag(np.array([0.021, 0.01]), days=np.array([730, 100]))
    assert out[0] == pytest.approx(0.0104454463, abs=1e-10) and np.isnan(out[1])


def test_input_kinds_and_bad_input() -> None:
    d = pl.Series([100.0, 101.0, 102.0])
    r = [100.0, 100.5, 101.0]
    np.testing.assert_allclose(
        expense_drag(d, r), expense_drag(d.to_numpy(), np.array(r)), rtol=0, atol=0
    )
    with pytest.raises(InputError, match="differ in shape"):
        expense_drag(np.ones(3), np.ones(4))
    with pytest.raises(InputError, match="1-D or 2-D"):
        expense_drag(np.ones((2, 2, 2)), np.ones((2, 2, 2)))


def test_calendar_of_the_real_pair_matches_the_files() -> None:
    # the first common date is the later of the two first NAV dates in the files
    start, d, r = _pair(122639, 122640)
    s = drag_summary(expense_drag(d, r))
    assert start + int(s.first) == np.datetime64(dt.date(2014, 4, 16))
    # 2014-04-16: Direct 12.32, Regular 12.27; 2016-02-22: 15.99 vs 15.78:
    # (15.99/12.32)/(15.78/12.27) − 1 = (15.99·12.27)/(12.32·15.78) − 1
    # = 196.1973/194.4096 − 1 = 0.0091955;
    # 677 d (≥ 365): annualised 1.0091955^(365/677) − 1 = 0.0049473
    assert float(s.total) == pytest.approx(0.0091955, abs=1e-7)
    assert float(s.annualised) == pytest.approx(0.0049473, abs=1e-7)
