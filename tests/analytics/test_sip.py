"""SIPs, lump sums, rolling SIPs and the vectorised XIRR: hand-made calendars for the
buy-date rules, hand calculations, and real funds against cash flows built independently
with pandas (merge_asof on the NAVs) and solved with ``pyxirr.xirr``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import numpy as np
import pandas as pd
import pytest
import pyxirr

from fundlens.analytics.sip import (
    DISTRIBUTION_KEYS,
    lump_sum,
    rolling_sip,
    sip,
    sip_distribution,
    sip_schedule,
)
from fundlens.analytics.xirr import solve_xirr, xirr
from fundlens.errors import InputError
from tests.analytics.real import real_grid, real_pandas

D = np.datetime64


def levels_on(start: str, end: str, navs: dict[str, float]) -> tuple[np.datetime64, np.ndarray]:
    """A hand-made daily calendar start … end with NAVs on the given dates only."""
    first = D(start, "D")
    lv = np.full(int((D(end, "D") - first).astype(int)) + 1, np.nan)
    for day, nav in navs.items():
        lv[int((D(day, "D") - first).astype(int))] = nav
    return first, lv


def weekdays(start: str, end: str, *, holidays: tuple[str, ...] = (), nav: float = 10.0) -> dict:
    """NAV 10 on every Monday–Friday of start … end except the holidays."""
    days = pd.bdate_range(start, end)
    return {str(d.date()): nav for d in days if str(d.date()) not in holidays}


def iso(days: np.ndarray) -> list[str]:
    return [str(d) for d in days.astype("datetime64[D]")]


# --- independent construction of SIP cash flows (pandas) ---------------------------------


def pandas_schedule(start: str, end: str, day: int) -> pd.DatetimeIndex:
    """Day ``day`` of each month, or the month's last day, within start … end (pandas)."""
    months = pd.date_range(pd.Timestamp(start).replace(day=1), end, freq="MS")
    dates = [m + pd.Timedelta(days=min(day, m.days_in_month) - 1) for m in months]
    return pd.DatetimeIndex([d for d in dates if pd.Timestamp(start) <= d <= pd.Timestamp(end)])


def pandas_sip(
    nav: pd.Series, start: str, end: str, *, day: int, amount: float, step_up: float = 0.0
) -> tuple[pd.DataFrame, pd.Timestamp, float]:
    """(instalments with buy date, NAV, amount, units; valuation date; valuation NAV):
    the NAV on or after each scheduled date, valued at the last NAV on or before ``end``."""
    frame = nav.rename("nav").rename_axis("date").reset_index()
    frame["date"] = frame["date"].astype("datetime64[s]")
    sched = pd.DataFrame({"scheduled": pandas_schedule(start, end, day).as_unit("s")})
    sched["amount"] = amount * (1 + step_up) ** (np.arange(len(sched)) // 12)
    buys = pd.merge_asof(
        sched, frame.assign(buy=frame["date"]), left_on="scheduled", right_on="date",
        direction="forward",
    )  # fmt: skip
    value_row = frame[frame["date"] <= pd.Timestamp(end)].iloc[-1]
    buys = buys[buys["buy"] <= value_row["date"]].copy()
    buys["units"] = buys["amount"] / buys["nav"]
    return buys, value_row["date"], float(value_row["nav"])


def pyxirr_of(buys: pd.DataFrame, when: pd.Timestamp, value: float) -> float:
    dates = [d.date() for d in buys["buy"]] + [when.date()]
    return float(pyxirr.xirr(dates, [*(-buys["amount"]), value]))


# --- XIRR --------------------------------------------------------------------------------


def test_xirr_of_one_year_and_ten_percent() -> None:
    # −100 then +110 exactly 365 days later: 10 %, by hand
    assert xirr([-100.0, 110.0], np.array(["2023-01-01", "2024-01-01"], "datetime64[D]")) == (
        pytest.approx(0.1, abs=1e-14)
    )


def test_xirr_reasons_instead_of_numbers() -> None:
    res = solve_xirr(
        [[-100.0, -50.0, -1.0], [100.0, 50.0, 0.0], [-100.0, 0.0, 100.0], [-5.0, 5.0, np.nan],
         [-100.0, 0.0, 100.0]],
        np.array([[0, 365, 730], [0, 365, 730], [0, 0, 0], [3, 3, 9], [0, 365, 730]]),
    )  # fmt: skip
    assert np.isnan(res.rate[:4]).all()
    assert res.reasons[0] == res.reasons[1] == "cash flows need a negative and a positive amount"
    # the NaN amount is no flow, so its date does not count
    assert res.reasons[2] == res.reasons[3] == "all cash flows are on one date"
    assert res.rate[4] == pytest.approx(0.0, abs=1e-14) and res.reasons[4] is None
    with pytest.raises(InputError):
        solve_xirr([-1.0, 2.0], np.array([0, 1]), guess=-1.5)
    with pytest.raises(InputError, match="dates"):
        solve_xirr([-1.0, 2.0], np.array([0.0, 1.0]))


def test_xirr_two_roots_takes_the_one_nearest_the_guess() -> None:
    # −100, +230, −132 a year apart: NPV = 0 at 10 % and at 20 % (hand: roots of a quadratic)
    days = np.array([0, 365, 730])
    assert xirr([-100.0, 230.0, -132.0], days) == pytest.approx(0.1, abs=1e-12)
    assert xirr([-100.0, 230.0, -132.0], days, guess=0.25) == pytest.approx(0.2, abs=1e-12)


@pytest.mark.parametrize(
    ("amounts", "days"),
    [
        ([-100.0, 110.0], [0, 1]),  # +10 % in a day: r ≈ 1.3e15
        ([-100.0, 1e-9], [0, 365]),  # almost everything lost
        ([-100.0, 50.0], [0, 3650]),
        ([-1000.0, 500.0, -200.0, 900.0], [0, 100, 400, 1200]),
        ([-1.0, -1.0, -1.0, 3.0], [0, 31, 62, 90]),  # exactly break-even
    ],
)
def test_xirr_matches_pyxirr_on_hard_cases(amounts: list[float], days: list[int]) -> None:
    base = dt.date(2001, 1, 1)
    dates = [base + dt.timedelta(days=d) for d in days]
    ours = xirr(amounts, np.array(days))
    assert ours == pytest.approx(pyxirr.xirr(dates, amounts), rel=1e-9, abs=1e-9)


def test_many_ragged_cash_flow_sets_at_once_match_pyxirr() -> None:
    rng = np.random.default_rng(6)
    m, k = 300, 40
    amounts = -rng.uniform(100, 2000, (m, k))
    days = np.cumsum(rng.integers(1, 60, (m, k)), axis=1)
    sizes = rng.integers(2, k, m)
    amounts[np.arange(k) >= sizes[:, None]] = np.nan  # ragged: padding after each set
    final = np.nansum(-amounts, axis=1) * rng.uniform(0.3, 3.0, m)
    amounts[np.arange(m), sizes - 1] = final
    ours = xirr(amounts, days)
    assert isinstance(ours, np.ndarray) and ours.shape == (m,)
    base = dt.date(2000, 1, 1)
    for i in range(m):
        n = sizes[i]
        dates = [base + dt.timedelta(days=int(d)) for d in days[i, :n]]
        assert ours[i] == pytest.approx(pyxirr.xirr(dates, amounts[i, :n]), rel=1e-9, abs=1e-9)


def test_xirr_roots_hold_to_fifty_digits() -> None:
    """One Newton step in 50-digit decimals from our rate moves it by < 1e-14: the root is
    exact to double precision (pyxirr stops within about 1e-9 of it)."""
    rng = np.random.default_rng(3)
    amounts = np.full((5, 121), -1000.0)
    amounts[:, -1] = rng.uniform(0.8e5, 3e5, 5)
    days = np.tile(np.arange(121) * 30, (5, 1))
    for rate, flows, when in zip(xirr(amounts, days), amounts, days, strict=True):
        with localcontext() as ctx:
            ctx.prec = 50
            growth = Decimal(1) + Decimal(float(rate))
            terms = [(Decimal(c), Decimal(int(d)) / 365) for c, d in zip(flows, when, strict=True)]
            npv = sum(c * growth**-t for c, t in terms)
            slope = sum(-c * t * growth ** (-t - 1) for c, t in terms)
            assert abs(float(npv / slope)) < 1e-14


# --- schedule and buy-date rules on hand-made calendars ----------------------------------


def test_schedule_uses_the_months_last_day_when_the_day_is_missing() -> None:
    days = sip_schedule(D("2023-01-15"), D("2024-05-31"), day=30)
    assert iso(days)[:3] == ["2023-01-30", "2023-02-28", "2023-03-30"]
    assert "2024-02-29" in iso(days) and len(days) == 17
    assert iso(sip_schedule(D("2024-01-31"), D("2024-01-31"), day=31)) == ["2024-01-31"]
    assert sip_schedule(D("2024-01-06"), D("2024-01-31"), day=5).size == 0


def test_holiday_weekend_and_day_31_buy_on_the_next_nav() -> None:
    # Jan–May 2024, weekday NAVs, holidays Fri 26 Jan (Republic Day) and Tue 30 Apr
    start, lv = levels_on(
        "2024-01-01",
        "2024-05-31",
        weekdays("2024-01-01", "2024-05-31", holidays=("2024-01-26", "2024-04-30")),
    )
    s = sip(lv, start, amount=1000.0, day=26)
    assert iso(s.scheduled) == ["2024-01-26", "2024-02-26", "2024-03-26", "2024-04-26",
                                "2024-05-26"]  # fmt: skip
    # holiday Fri → Mon 29 Jan; Sun 26 May → Mon 27 May
    assert iso(s.dates) == ["2024-01-29", "2024-02-26", "2024-03-26", "2024-04-26", "2024-05-27"]
    s = sip(lv, start, amount=1000.0, day=31)
    # 31 Jan Wed; Feb → Thu 29 Feb; Sun 31 Mar → Mon 1 Apr; Apr → 30th, a holiday → Wed 1 May;
    # Fri 31 May
    assert iso(s.scheduled) == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30",
                                "2024-05-31"]  # fmt: skip
    assert iso(s.dates) == ["2024-01-31", "2024-02-29", "2024-04-01", "2024-05-01", "2024-05-31"]
    s = sip(lv, start, amount=1000.0, day=6)  # Sat 6 Jan → Mon 8 Jan; Sat 6 Apr → Mon 8 Apr
    assert iso(s.dates)[0] == "2024-01-08" and iso(s.dates)[3] == "2024-04-08"


def test_an_instalment_with_no_nav_by_the_end_is_not_made() -> None:
    start, lv = levels_on("2024-01-01", "2024-03-31", weekdays("2024-01-01", "2024-03-31"))
    # end Sat 30 Mar: valued on Fri 29 Mar; scheduled Sat 30 Mar would buy Mon 1 Apr
    s = sip(lv, start, amount=500.0, day=30, end_date=dt.date(2024, 3, 30))
    assert iso(s.dates) == ["2024-01-30", "2024-02-29"]
    assert str(s.valuation_date) == "2024-03-29"
    s = sip(lv, start, amount=500.0, day=30, end_date=dt.date(2024, 4, 30))
    assert iso(s.dates) == ["2024-01-30", "2024-02-29"]  # 30 Mar is after the last NAV
    assert s.notes == ("the fund's last NAV is 2024-03-29: valued there",)


def test_a_plan_starting_before_the_fund_starts_where_the_fund_does() -> None:
    start, lv = levels_on("2024-01-01", "2024-03-29", weekdays("2024-01-10", "2024-03-29"))
    s = sip(lv, start, amount=100.0, day=5, start_date=dt.date(2023, 6, 1))
    assert iso(s.dates) == ["2024-02-05", "2024-03-05"]
    assert s.notes == ("the fund's first NAV is 2024-01-10: the plan starts there",)


def test_three_instalments_by_hand() -> None:
    # NAVs: 5 Jan 10.00, 5 Feb 12.50, 7 Mar 8.00 (5 Mar is no NAV day), 10 Mar 10.00
    start, lv = levels_on(
        "2024-01-01",
        "2024-03-10",
        {"2024-01-05": 10.0, "2024-02-05": 12.5, "2024-03-07": 8.0, "2024-03-10": 10.0},
    )
    s = sip(lv, start, amount=1000.0, day=5)
    assert iso(s.dates) == ["2024-01-05", "2024-02-05", "2024-03-07"]
    assert s.units.tolist() == [100.0, 80.0, 125.0]  # 1000 / 10, 1000 / 12.5, 1000 / 8
    assert (s.invested, s.units_held, s.value) == (3000.0, 305.0, 3050.0)
    assert s.gain == 50.0 and s.absolute_return == pytest.approx(50 / 3000, abs=1e-15)
    flows = [dt.date(2024, 1, 5), dt.date(2024, 2, 5), dt.date(2024, 3, 7), dt.date(2024, 3, 10)]
    assert s.xirr == pytest.approx(pyxirr.xirr(flows, [-1000, -1000, -1000, 3050]), abs=1e-12)
    # paths on every NAV day from the first buy: invested, units, value
    assert iso(s.path_dates) == ["2024-01-05", "2024-02-05", "2024-03-07", "2024-03-10"]
    assert s.path_invested.tolist() == [1000.0, 2000.0, 3000.0, 3000.0]
    assert s.path_units.tolist() == [100.0, 180.0, 305.0, 305.0]
    assert s.path_value.tolist() == [1000.0, 2250.0, 2440.0, 3050.0]


def test_constant_growth_gives_exactly_that_xirr() -> None:
    # NAV grows 12 % a year, a NAV every calendar day: every rupee earns 12 % → XIRR 12 %
    lv = 10.0 * 1.12 ** (np.arange(3000) / 365)
    s = sip(lv, D("2010-01-01"), amount=2500.0, day=17, step_up=0.05)
    assert s.xirr == pytest.approx(0.12, abs=1e-12)
    r = rolling_sip(lv, D("2010-01-01"), years=3, day=31)
    assert r.distribution["min"] == pytest.approx(0.12, abs=1e-12)
    assert r.distribution["max"] == pytest.approx(0.12, abs=1e-12)


def test_step_up_every_twelve_instalments() -> None:
    start, lv = levels_on("2020-01-01", "2022-03-31", weekdays("2020-01-01", "2022-03-31"))
    s = sip(lv, start, amount=1000.0, day=10, step_up=0.10)
    assert s.amounts.size == 27
    assert s.amounts[:12].tolist() == [1000.0] * 12
    assert s.amounts[12:24] == pytest.approx([1100.0] * 12, abs=1e-9)
    assert s.amounts[24:] == pytest.approx([1210.0] * 3, abs=1e-9)
    assert s.invested == pytest.approx(12_000 + 13_200 + 3_630, abs=1e-6)
    assert s.value == pytest.approx(s.invested, abs=1e-6)  # NAV never moves
    assert s.xirr == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": 0.0, "day": 5}, "amount"),
        ({"amount": -1.0, "day": 5}, "amount"),
        ({"amount": float("nan"), "day": 5}, "amount"),
        ({"amount": 100.0, "day": 0}, "day"),
        ({"amount": 100.0, "day": 32}, "day"),
        ({"amount": 100.0, "day": 5, "step_up": 10.0}, "step-up"),
        ({"amount": 100.0, "day": 5, "start_date": dt.date(2024, 3, 1),
          "end_date": dt.date(2024, 2, 1)}, "after end"),
        ({"amount": 100.0, "day": 5, "end_date": dt.date(2023, 12, 31)}, "before the fund's first"),
        ({"amount": 100.0, "day": 5, "start_date": dt.date(2024, 4, 1)}, "after the fund's last"),
        ({"amount": 100.0, "day": 5, "start_date": dt.date(2024, 1, 6),
          "end_date": dt.date(2024, 1, 7)}, "no NAV between 2024-01-06 and 2024-01-07"),
        ({"amount": 100.0, "day": 20, "start_date": dt.date(2024, 1, 8),
          "end_date": dt.date(2024, 1, 12)}, "no instalment on day 20"),
    ],
)  # fmt: skip
def test_bad_plans_are_refused(kwargs: dict, message: str) -> None:
    start, lv = levels_on("2024-01-01", "2024-03-29", weekdays("2024-01-01", "2024-03-29"))
    with pytest.raises(InputError, match=message):
        sip(lv, start, **kwargs)


# --- real funds against pandas + pyxirr ---------------------------------------------------


@pytest.mark.parametrize(
    ("code", "start", "end", "day", "step_up"),
    [
        (100822, "2005-01-01", "2015-12-31", 5, 0.0),
        (101762, "1996-03-01", "2016-06-03", 31, 0.10),
        (119598, "2013-01-01", "2016-02-20", 29, 0.0),
        (100822, "2008-01-08", "2009-03-09", 8, 0.0),  # into the 2008 crash: XIRR < 0
    ],
)
def test_real_sip_matches_pandas_and_pyxirr(
    code: int, start: str, end: str, day: int, step_up: float
) -> None:
    first, lv = real_grid(code)
    s = sip(lv, first, amount=10_000.0, day=day, start_date=D(start), end_date=D(end),
            step_up=step_up)  # fmt: skip
    buys, when, end_nav = pandas_sip(
        real_pandas(code), start, end, day=day, amount=10_000.0, step_up=step_up
    )
    assert iso(s.dates) == [str(d.date()) for d in buys["buy"]]
    assert str(s.valuation_date) == str(when.date())
    assert s.nav.tolist() == buys["nav"].tolist()
    np.testing.assert_allclose(s.amounts, buys["amount"], rtol=1e-15)
    np.testing.assert_allclose(s.units, buys["units"], rtol=1e-15)
    assert s.invested == pytest.approx(buys["amount"].sum(), rel=1e-14)
    value = buys["units"].sum() * end_nav
    assert s.value == pytest.approx(value, rel=1e-12)
    assert s.xirr == pytest.approx(pyxirr_of(buys, when, value), abs=1e-9)
    # value path: units bought on or before each NAV day × that day's NAV
    nav = real_pandas(code)
    days = nav[(nav.index >= buys["buy"].iloc[0]) & (nav.index <= when)]
    held = buys.groupby("buy")["units"].sum().reindex(days.index, fill_value=0.0).cumsum()
    assert iso(s.path_dates) == [str(d.date()) for d in days.index]
    np.testing.assert_allclose(s.path_value, held * days, rtol=1e-12)


def test_real_sip_into_the_crash_loses() -> None:
    first, lv = real_grid(100822)
    s = sip(lv, first, amount=10_000.0, day=8, start_date=D("2008-01-08"), end_date=D("2009-03-09"))
    assert s.xirr < -0.4 and s.value < s.invested


def test_lump_sum_by_hand_on_a_real_fund() -> None:
    # 100822: first NAV on or after Fri 1 Jan 2010 is Mon 4 Jan 2010; last on or before
    # Thu 31 Dec 2015 is that day (the JSON file: 04-01-2010 and 31-12-2015)
    nav = real_pandas(100822)
    buy, end = nav[nav.index >= "2010-01-01"].iloc[0], nav[nav.index <= "2015-12-31"].iloc[-1]
    assert (buy, end) == (32.65, 50.16)
    first, lv = real_grid(100822)
    ls = lump_sum(lv, first, amount=100_000.0, start_date=D("2010-01-01"), end_date=D("2015-12-31"))
    assert (str(ls.date), str(ls.valuation_date)) == ("2010-01-04", "2015-12-31")
    assert ls.value == pytest.approx(100_000 * 50.16 / 32.65, rel=1e-14)
    assert ls.units == pytest.approx(100_000 / 32.65, rel=1e-14)
    assert ls.absolute_return == pytest.approx(50.16 / 32.65 - 1, rel=1e-14)
    # 2187 days from 4 Jan 2010 to 31 Dec 2015
    assert ls.cagr == pytest.approx((50.16 / 32.65) ** (365 / 2187) - 1, rel=1e-12)
    # a lump sum is a two-flow XIRR
    dates = [dt.date(2010, 1, 4), dt.date(2015, 12, 31)]
    assert ls.cagr == pytest.approx(pyxirr.xirr(dates, [-100_000, ls.value]), abs=1e-9)
    assert ls.path_value[0] == 100_000.0 and ls.path_value[-1] == pytest.approx(ls.value)


def test_lump_sum_by_hand() -> None:
    start, lv = levels_on("2021-01-01", "2023-01-01", {"2021-01-04": 100.0, "2022-06-01": 90.0,
                                                        "2023-01-01": 121.0})  # fmt: skip
    ls = lump_sum(lv, start, amount=5000.0, start_date=D("2021-01-02"))
    assert (str(ls.date), ls.nav, ls.units, ls.value) == ("2021-01-04", 100.0, 50.0, 6050.0)
    assert ls.path_value.tolist() == [5000.0, 4500.0, 6050.0]
    assert ls.cagr == pytest.approx(1.21 ** (365 / 727) - 1, rel=1e-13)  # 727 days


# --- rolling SIPs ---------------------------------------------------------------------------


def pandas_rolling_sip(code: int, years: int, day: int) -> pd.DataFrame:
    """Every N-year SIP by start month, one pyxirr call each: starts whose scheduled day is
    on or after the first NAV and whose end (the day before the scheduled day N years on)
    is on or before the last NAV."""
    nav = real_pandas(code)
    months = pd.date_range(nav.index[0].replace(day=1), nav.index[-1], freq="MS")
    rows = []
    for m in months:
        first = m + pd.Timedelta(days=min(day, m.days_in_month) - 1)
        later = m + pd.DateOffset(months=12 * years)
        end = later + pd.Timedelta(days=min(day, later.days_in_month) - 2)
        if first < nav.index[0] or end > nav.index[-1]:
            continue
        buys, when, end_nav = pandas_sip(nav, str(first.date()), str(end.date()), day=day,
                                         amount=1000.0)  # fmt: skip
        assert len(buys) == 12 * years
        value = buys["units"].sum() * end_nav
        rows.append((first, when, pyxirr_of(buys, when, value)))
    return pd.DataFrame(rows, columns=["start", "end", "xirr"])


@pytest.mark.parametrize(("code", "years", "day"), [(100822, 3, 5), (119598, 1, 31)])
def test_rolling_sip_matches_a_pyxirr_loop(code: int, years: int, day: int) -> None:
    first, lv = real_grid(code)
    r = rolling_sip(lv, first, years=years, amount=1000.0, day=day)
    ref = pandas_rolling_sip(code, years, day)
    assert iso(r.starts) == [str(d.date()) for d in ref["start"]]
    assert iso(r.ends) == [str(d.date()) for d in ref["end"]]
    np.testing.assert_allclose(r.xirr, ref["xirr"], rtol=0, atol=1e-9)
    assert r.reason is None and all(x is None for x in r.reasons)
    q = ref["xirr"].quantile([0.10, 0.25, 0.5, 0.75, 0.90])
    d = r.distribution
    assert d["count"] == len(ref)
    assert [d["p10"], d["p25"], d["median"], d["p75"], d["p90"]] == pytest.approx(
        q.tolist(), abs=1e-9
    )
    assert (d["min"], d["max"]) == pytest.approx((ref["xirr"].min(), ref["xirr"].max()), abs=1e-9)
    assert d["mean"] == pytest.approx(ref["xirr"].mean(), abs=1e-9)
    assert d["std"] == pytest.approx(ref["xirr"].std(), abs=1e-9)
    assert d["below_0"] == (ref["xirr"] < 0).mean()
    for rate in (8, 10, 12, 15):
        assert d[f"above_{rate}"] == (ref["xirr"] > rate / 100).mean()


def test_rolling_sip_of_a_start_is_that_sip() -> None:
    first, lv = real_grid(101762)
    r = rolling_sip(lv, first, years=5, amount=3000.0, day=29, step_up=0.1)
    for i in (0, 57, r.starts.size - 1):
        end = r.starts[i].astype("datetime64[M]") + 60
        end_day = sip_schedule(end.astype("datetime64[D]"), end.astype("datetime64[D]") + 30,
                               day=29)[0] - np.timedelta64(1, "D")  # fmt: skip
        s = sip(lv, first, amount=3000.0, day=29, start_date=r.starts[i], end_date=end_day,
                step_up=0.1)  # fmt: skip
        assert s.amounts.size == 60
        assert r.xirr[i] == pytest.approx(s.xirr, abs=1e-12)
        assert r.value[i] == pytest.approx(s.value, rel=1e-12)
        assert r.invested[i] == pytest.approx(s.invested, rel=1e-12)


def test_rolling_sip_of_a_young_fund_is_empty_with_a_reason() -> None:
    first, lv = real_grid(122639)  # 677 days of history
    r = rolling_sip(lv, first, years=3)
    assert r.xirr.size == 0 and r.starts.size == 0
    assert r.distribution["count"] == 0
    assert all(np.isnan(v) for k, v in r.distribution.items() if k != "count")
    assert r.reason == "history 677 d: no complete 3y SIP (36 instalments) fits"
    assert rolling_sip(lv, first, years=1).xirr.size == 10
    with pytest.raises(InputError, match="whole number"):
        rolling_sip(lv, first, years=0)


def test_distribution_keys_and_an_empty_one() -> None:
    d = sip_distribution(np.array([-0.02, 0.05, 0.09, 0.11, np.nan, 0.20]))
    assert tuple(d) == DISTRIBUTION_KEYS
    assert d["count"] == 5 and d["below_0"] == 0.2 and d["above_8"] == 0.6
    assert d["p90"] == pytest.approx(np.percentile([-0.02, 0.05, 0.09, 0.11, 0.20], 90))
    empty = sip_distribution(np.array([]))
    assert empty["count"] == 0 and np.isnan(empty["median"]) and np.isnan(empty["below_0"])
