"""The full metric set (analytics.metrics via fundlens.metrics): worked examples, real
anchors, panel = one fund, and the edge cases of issue 5."""

from __future__ import annotations

import datetime as dt
import math

import empyrical
import numpy as np
import pandas as pd
import polars as pl
import pytest

import fundlens
from fundlens.analytics.grid import nav_grid
from fundlens.analytics.keys import all_keys
from fundlens.analytics.metrics import compute_metrics
from fundlens.services.metrics import grid_rows
from fundlens.sources.synthetic import generate_universe
from tests.analytics.real import REAL_CODES, real_nav, real_pandas


def _weekdays(start: dt.date, n: int) -> list[dt.date]:
    days = pd.bdate_range(start, periods=n)
    return [d.date() for d in days]


def test_seed_002_worked_drawdown() -> None:
    # seed 002 §8.1: peak 105, trough 92: 92 / 105 − 1 = −0.123809523…
    navs = [100, 105, 103, 95, 92, 98, 102, 108]
    frame = pl.DataFrame({"date": _weekdays(dt.date(2024, 1, 1), 8), "nav": navs})
    result = fundlens.metrics(frame)
    assert result["max_drawdown"] == pytest.approx(-13 / 105, rel=1e-12)
    assert round(result["max_drawdown"] * 100, 2) == -12.38
    dd = result.to_dict()["drawdown"]
    # 2024-01-02 (105) peak, 2024-01-05 (92) trough, 2024-01-10 (108 ≥ 105) recovered
    assert (dd["peak_date"], dd["trough_date"], dd["recovery_date"]) == (
        "2024-01-02",
        "2024-01-05",
        "2024-01-10",
    )


def test_real_anchor_100822_drawdown() -> None:
    result = fundlens.metrics(real_nav(100822)).to_dict()
    assert round(result["metrics"]["max_drawdown"] * 100, 2) == -59.66
    assert result["drawdown"]["peak_date"] == "2008-01-08"
    assert result["drawdown"]["trough_date"] == "2008-10-27"
    assert result["drawdown"]["recovery_date"] == "2013-12-09"


def _synthetic_frame(n: int) -> tuple[pl.DataFrame, list[int]]:
    u = generate_universe(n_schemes=n, start=dt.date(2009, 1, 1), end=dt.date(2016, 6, 30), seed=5)
    codes = u.schemes["scheme_code"].to_numpy()
    t_idx, s_idx = np.nonzero(np.isfinite(u.nav))
    frame = pl.DataFrame(
        {
            "scheme_code": codes[s_idx],
            "date": u.dates[t_idx].astype("datetime64[D]"),
            "nav": u.nav[t_idx, s_idx],
        }
    )
    return frame, codes.tolist()


@pytest.fixture(scope="module")
def panel() -> tuple[pl.DataFrame, list[int], dict[int, int]]:
    """All 32 real histories plus 30 synthetic funds; benchmark: 100822 (real UTI Nifty
    50 index fund) for the real ones, the first synthetic fund for the synthetic ones."""
    real = pl.concat(
        real_nav(c).with_columns(pl.lit(c, pl.Int64).alias("scheme_code")) for c in REAL_CODES
    )
    synth, synth_codes = _synthetic_frame(30)
    frame = pl.concat([real.select("scheme_code", "date", "nav"), synth])
    bench = {c: 100822 for c in REAL_CODES} | {c: synth_codes[0] for c in synth_codes}
    return frame, list(REAL_CODES) + synth_codes, bench


def test_panel_equals_one_fund(panel: tuple[pl.DataFrame, list[int], dict[int, int]]) -> None:
    frame, codes, bench = panel
    grid = nav_grid(frame)
    rows = {int(c): i for i, c in enumerate(grid.codes)}
    levels = np.stack([grid.values[rows[bench[int(c)]]] for c in grid.codes])
    levels[[rows[100822], rows[bench[codes[-1]]]]] = np.nan  # a benchmark has none itself
    whole = compute_metrics(grid, benchmark=levels).values
    assert whole.height == len(codes) >= 50
    for i in range(grid.codes.size):
        one = compute_metrics(grid_rows(grid, [i]), benchmark=levels[i : i + 1]).values
        for key in all_keys():
            a, b = whole[key][i], one[key][0]
            assert (a is None and b is None) or a == pytest.approx(b, rel=1e-12, abs=1e-15), (
                grid.codes[i],
                key,
            )


def test_stored_style_result_equals_ad_hoc_series() -> None:
    # fundlens.metrics on NAV frames vs pandas Series input: identical numbers
    a = fundlens.metrics(real_nav(103504), benchmark=real_nav(100822))
    b = fundlens.metrics(real_pandas(103504), benchmark=real_pandas(100822))
    for key in all_keys():
        assert (math.isnan(a[key]) and math.isnan(b[key])) or a[key] == b[key], key


def test_weekend_navs_do_not_change_daily_statistics() -> None:
    # A liquid-style series published every calendar day vs the same NAVs on weekdays only
    days = pd.date_range("2024-01-01", "2024-06-30", freq="D")
    navs = 1000 * np.cumprod(1 + np.where(np.arange(days.size) % 7 == 3, 0.0009, 0.0002))
    every_day = pl.DataFrame({"date": [d.date() for d in days], "nav": navs})
    weekdays = every_day.filter(pl.col("date").dt.weekday() <= 5)
    a, b = fundlens.metrics(every_day), fundlens.metrics(weekdays)
    for key in ("volatility", "sharpe", "sortino", "downside_deviation", "var_95", "skew"):
        assert a[key] == pytest.approx(b[key], rel=1e-12), key
    assert a.window["observations"] == b.window["observations"] == weekdays.height - 1


def _reference_returns(code: int) -> pd.Series:
    """Mon–Fri NAVs, simple returns, spans > 10 calendar days dropped (pandas only)."""
    nav = real_pandas(code)
    nav = nav[nav.index.day_of_week < 5]
    r = nav.pct_change()
    span = nav.index.to_series().diff().dt.days
    return r[span <= 10].dropna()


def test_328_day_hole_left_out_of_daily_statistics() -> None:
    # 107578 has no NAV 28-01-2010 → 22-12-2010; the +27.9 % across it is not a day's move
    result = fundlens.metrics(real_nav(107578))
    ref = _reference_returns(107578)
    assert ref.max() < 0.2
    assert result["volatility"] == pytest.approx(empyrical.annual_volatility(ref), rel=1e-9)
    assert result.window["observations"] == ref.size


def test_face_value_change_is_chain_linked() -> None:
    # 100868 (HDFC Liquid) is on the ~1000 face value throughout here; AMFI's history shows
    # NAVs 100× smaller before the change. Rebuild that and expect the same long-run numbers.
    real = real_nav(100868)
    change = dt.date(2015, 6, 1)
    shown = real.with_columns(
        pl.when(pl.col("date") < change).then(pl.col("nav") / 100).otherwise(pl.col("nav"))
    )
    a, b = fundlens.metrics(real), fundlens.metrics(shown)
    # Chain-linking books the change day as a 0 % return: the rebuilt series' growth is
    # the real growth less exactly that one day's real return (liquid: about 0.02 %).
    around = real.filter(pl.col("date").is_between(change - dt.timedelta(days=7), change))
    day = around["nav"][-1] / around["nav"][-2] - 1
    assert 0 < day < 0.001
    assert (1 + a["cumulative_return"]) / (1 + b["cumulative_return"]) - 1 == pytest.approx(
        day, rel=1e-9
    )
    assert b["max_drawdown"] == pytest.approx(a["max_drawdown"], rel=1e-9)
    assert b["return_1y"] == pytest.approx(a["return_1y"], rel=1e-9)  # after the change
    # the change day's return is left out of daily statistics: one observation fewer
    assert b.window["observations"] == a.window["observations"] - 1
    assert b["volatility"] == pytest.approx(a["volatility"], rel=0.05)


def test_fund_younger_than_window() -> None:
    # 122639: 16-04-2014 → 22-02-2016 = 677 days (260 in 2014 after 16 Apr + 365 + 52)
    result = fundlens.metrics(real_nav(122639))
    assert math.isnan(result["sharpe_3y"])
    assert result.reasons["sharpe_3y"] == "history 677 d < window 1095 d"
    assert result.reasons["return_5y"] == "history 677 d < window 1825 d"
    assert not math.isnan(result["sharpe_1y"])


def test_benchmark_starting_later_uses_common_window() -> None:
    # 100822 starts 27-03-2000; its Direct plan 120716 starts 01-01-2013
    result = fundlens.metrics(real_nav(100822), benchmark=real_nav(120716))
    assert result.window["start_date"] == "2013-01-01"
    assert result.window["end_date"] == "2016-02-22"
    assert result["beta"] == pytest.approx(1.0, abs=0.02)


def test_closed_fund_is_not_filled_forward() -> None:
    # 122639 ends 22-02-2016; benchmark 100484 runs to 10-06-2016
    result = fundlens.metrics(real_nav(122639), benchmark=real_nav(100484))
    assert result.window["end_date"] == "2016-02-22"
    alone = fundlens.metrics(real_nav(122639))
    assert alone.window["end_date"] == "2016-02-22"


def test_constant_nav() -> None:
    frame = pl.DataFrame({"date": _weekdays(dt.date(2023, 1, 2), 300), "nav": [10.0] * 300})
    result = fundlens.metrics(frame)
    assert result["volatility"] == 0.0
    assert result["max_drawdown"] == 0.0
    assert result["cagr"] == 0.0
    assert math.isnan(result["sharpe"])
    assert result.reasons["sharpe"] == "volatility is 0"
    assert result.reasons["calmar"] == "no drawdown in the window"


def test_one_observation() -> None:
    frame = pl.DataFrame({"date": [dt.date(2024, 1, 2)], "nav": [10.0]})
    result = fundlens.metrics(frame)
    assert all(math.isnan(v) for v in result.values.values())
    assert result.reasons["volatility"] == "fewer than 2 NAVs in the window"
    assert result.reasons["return_1y"] == "history 0 d < window 365 d"
    assert result.reasons["beta"] == "no benchmark given"


def test_rf_series_is_used_per_day() -> None:
    # a flat series at 6.5 % gives the flat result; 8 % lowers Sharpe
    nav = real_nav(101762)
    flat = fundlens.metrics(nav, rf=0.065)
    series = pl.DataFrame({"date": [dt.date(1990, 1, 1)], "annual_rate": [0.065]})
    same = fundlens.metrics(nav, rf=series)
    assert same["sharpe"] == pytest.approx(flat["sharpe"], rel=1e-12)
    higher = fundlens.metrics(
        nav, rf=pl.DataFrame({"date": [dt.date(1990, 1, 1)], "annual_rate": [0.08]})
    )
    assert higher["sharpe"] < flat["sharpe"]
    ref = _reference_returns(101762)
    assert flat["sharpe"] == pytest.approx(
        empyrical.sharpe_ratio(ref, risk_free=0.065 / 252), rel=1e-9
    )
