"""fundlens.web.sip_view: the SIP plan ↔ URL and request, and the API answer → tables and
figures. Hand-made answers; every expected string written out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from fundlens.web.sip_view import (
    SipPlan,
    has_rolling,
    instalments_table,
    lump_sum_table,
    money_ticks,
    period_range,
    rolling_figure,
    rolling_table,
    sip_body,
    summary_table,
    value_figure,
)

AS_OF = dt.date(2016, 6, 10)


def fund(code: int, name: str, *, xirr: float | None = 0.13888451477385538) -> dict:
    """A two-instalment SIP answer (the shape of POST /api/v1/sip)."""
    return {
        "scheme_code": code,
        "name": name,
        "summary": {
            "first_instalment": "2010-01-05", "last_instalment": "2010-02-05",
            "valuation_date": "2016-02-22", "instalments": 2, "invested": 961304.42,
            "value": 1420035.390761168, "gain": 458730.97076116793,
            "absolute_return": 0.47719636071284044, "xirr": xirr,
        },
        "instalments": [
            {"scheduled": "2010-01-05", "date": "2010-01-05", "nav": 14.4, "amount": 10000.0,
             "units": 694.4444444444445},
            {"scheduled": "2010-02-06", "date": "2010-02-08", "nav": 13.07, "amount": 10000.0,
             "units": 765.1109410864575},
        ],
        "path": {"dates": ["2010-01-05", "2010-02-08"], "invested": [10000.0, 20000.0],
                 "units": [694.44, 1459.55], "value": [10000.0, 19500.0]},
        "lump_sum": {"amount": 961304.42, "date": "2010-01-05", "nav": 14.4,
                     "units": 66757.2513888889, "valuation_date": "2016-02-22",
                     "gain": 785732.8488472224, "absolute_return": 0.8173611111111112,
                     "value": 1747037.2688472224, "cagr": 0.10228501425225511,
                     "path": {"dates": ["2010-01-05", "2010-02-08"], "value": [20000.0, 18200.0]}},
        "notes": [],
        "reasons": {} if xirr is not None else {"xirr": "one cash flow"},
        "rolling": [
            {"years": 3, "reason": None, "starts": ["2006-03-05", "2006-04-05", "2006-05-05"],
             "ends": ["2009-03-04", "2009-04-02", "2009-05-04"], "xirr": [-0.05, 0.1, 0.2],
             "distribution": {"count": 3, "min": -0.05, "p10": -0.02, "p25": 0.025,
                              "median": 0.1, "mean": 0.0833333, "p75": 0.15, "p90": 0.18,
                              "max": 0.2, "std": 0.126, "below_0": 1 / 3, "above_0": 2 / 3,
                              "above_8": 2 / 3, "above_10": 1 / 3, "above_12": 1 / 3,
                              "above_15": 1 / 3}},
        ],
    }  # fmt: skip


def test_plan_cleaned_puts_back_what_the_api_refuses() -> None:
    assert SipPlan(amount=0.5).cleaned().amount == 10_000.0  # below the form's ₹1
    plan = SipPlan(funds=(5, 5, 0, 1, 2, 3, 4, 6), amount=-3, day=40, period="2y",
                   step_up_pct=150, rolling=4, start=dt.date(2012, 1, 1),
                   end=dt.date(2011, 1, 1)).cleaned()  # fmt: skip
    assert plan.funds == (5, 1, 2, 3, 4)
    assert (plan.amount, plan.day, plan.period, plan.step_up_pct, plan.rolling) == (
        10_000.0, 5, "10y", 0.0, 3,
    )  # fmt: skip
    assert (plan.start, plan.end) == (dt.date(2011, 1, 1), dt.date(2012, 1, 1))


def test_plan_params_keep_dates_only_for_a_custom_period() -> None:
    plan = SipPlan(funds=(103504, 100822), amount=2500.0, day=31, period="custom",
                   start=dt.date(2010, 1, 1), end=dt.date(2015, 12, 31), step_up_pct=10)  # fmt: skip
    assert plan.params() == {
        "funds": ["103504", "100822"], "amount": "2500", "day": "31", "period": "custom",
        "start": "2010-01-01", "end": "2015-12-31", "step_up": "10", "rolling": "3",
    }  # fmt: skip
    preset = SipPlan(period="5y", start=dt.date(2010, 1, 1), step_up_pct=7.5).params()
    assert preset["start"] is None and preset["funds"] is None and preset["step_up"] == "7.5"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("3y", (dt.date(2013, 6, 10), None)),
        ("10y", (dt.date(2006, 6, 10), None)),
        ("all", (None, None)),
        ("custom", (dt.date(2010, 1, 1), dt.date(2015, 12, 31))),
    ],
)
def test_period_range(period: str, expected: tuple) -> None:
    plan = SipPlan(period=period, start=dt.date(2010, 1, 1), end=dt.date(2015, 12, 31))
    assert period_range(plan, AS_OF) == expected


def test_sip_body() -> None:
    plan = SipPlan(funds=(103504, 100822), amount=10000, day=5, period="custom",
                   start=dt.date(2010, 1, 1), end=dt.date(2015, 12, 31), step_up_pct=10,
                   rolling=5)  # fmt: skip
    assert sip_body(plan, AS_OF) == {
        "scheme_codes": [103504, 100822], "amount": 10000, "day": 5,
        "start_date": "2010-01-01", "end_date": "2015-12-31", "step_up": 0.1,
        "rolling_years": [5],
    }  # fmt: skip


def test_summary_table_formats_rupees_in_lakhs_and_fractions_as_percent() -> None:
    table = summary_table([fund(103504, "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH")])
    assert table.iloc[0].to_dict() == {
        "Fund": "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH (103504)", "Instalments": "2",
        "Invested": "₹9,61,304", "Value": "₹14,20,035", "Gain": "₹4,58,731",
        "Absolute return": "47.72%", "XIRR": "13.89%", "Valued on": "22 Feb 2016",
    }  # fmt: skip


def test_lump_sum_table() -> None:
    table = lump_sum_table([fund(103504, "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH")])
    assert table.iloc[0].to_dict() == {
        "Fund": "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH (103504)", "Invested": "₹9,61,304",
        "On": "05 Jan 2010", "NAV (₹)": "14.4000", "Value": "₹17,47,037", "Gain": "₹7,85,733",
        "Absolute return": "81.74%", "CAGR": "10.23%",
    }  # fmt: skip


def test_null_xirr_is_a_dash() -> None:
    assert summary_table([fund(1, "A", xirr=None)]).loc[0, "XIRR"] == "—"


def test_long_names_are_cut_in_tables() -> None:
    name = "UTI Nifty 50 Index Fund - Regular Plan - Growth Option"
    assert summary_table([fund(100822, name)]).loc[0, "Fund"] == (
        "UTI Nifty 50 Index Fund - Regular Plan… (100822)"
    )


def test_instalments_table() -> None:
    table = instalments_table(fund(1, "A"))
    assert table.iloc[1].to_dict() == {
        "Scheduled": "06 Feb 2010", "Bought on": "08 Feb 2010", "NAV (₹)": "13.0700",
        "Amount": "₹10,000.00", "Units": "765.111",
    }  # fmt: skip


def test_rolling_table_and_a_fund_without_rolling_sips() -> None:
    short = fund(2, "B") | {"rolling": [{"years": 3, "reason": "history 677 d: no complete "
                            "3y SIP (36 instalments) fits", "starts": [], "ends": [], "xirr": [],
                            "distribution": {"count": 0} | dict.fromkeys(
                                ["min", "p10", "p25", "median", "mean", "p75", "p90", "max",
                                 "std", "below_0", "above_0", "above_8", "above_10",
                                 "above_12", "above_15"])}]}  # fmt: skip
    table = rolling_table([fund(1, "A"), short], 3)
    first = table.iloc[0].to_dict()
    assert (first["SIPs"], first["Min"], first["P25"], first["Median"], first["Max"]) == (
        "3", "-5.00%", "2.50%", "10.00%", "20.00%",
    )  # fmt: skip
    assert (first["XIRR < 0"], first["XIRR > 12 %"], first["Note"]) == ("33.3%", "33.3%", "")
    assert "Note" not in rolling_table([fund(1, "A")], 3).columns  # no fund lacks them
    second = table.iloc[1].to_dict()
    assert second["SIPs"] == "0" and second["Median"] == "—"
    assert second["Note"].startswith("history 677 d")


def test_money_ticks_are_round_and_grouped_in_lakhs() -> None:
    assert money_ticks(1_420_035) == (
        [0.0, 500_000.0, 1_000_000.0, 1_500_000.0],
        ["₹0", "₹5,00,000", "₹10,00,000", "₹15,00,000"],
    )
    values, labels = money_ticks(123_456_789)
    assert values[1] == 25_000_000 and labels[1] == "₹2,50,00,000"
    assert money_ticks(0) == ([0.0], ["₹0"])


def test_value_figure_one_invested_line_when_the_purchases_match() -> None:
    fig = value_figure([fund(1, "A"), fund(2, "B")])
    names = [t.name for t in fig.data]
    assert names == ["Invested", "A: SIP value", "A: lump sum", "B: SIP value", "B: lump sum"]
    assert list(fig.data[0].customdata) == ["₹10,000", "₹20,000"]
    assert fig.data[2].visible == "legendonly"
    other = fund(2, "B")
    other["instalments"][1] = other["instalments"][1] | {"date": "2010-02-09"}
    names = [t.name for t in value_figure([fund(1, "A"), other]).data]
    assert names == ["A: SIP value", "A: invested", "A: lump sum",
                     "B: SIP value", "B: invested", "B: lump sum"]  # fmt: skip


def test_rolling_figure_in_percent() -> None:
    fig = rolling_figure([fund(1, "A")], 3)
    hist, box = fig.data
    assert list(hist.x) == pytest.approx([-5.0, 10.0, 20.0])
    assert list(box.x) == pytest.approx([-5.0, 10.0, 20.0])
    assert rolling_figure([fund(1, "A")], 5).data == ()
    assert has_rolling([fund(1, "A")], 3) and not has_rolling([fund(1, "A")], 5)
