"""Display formats (fundlens.web.fmt): Indian grouping, rupees, percents, dates, missing.
Expected strings written by hand from the Indian numbering system (lakh = 1,00,000;
crore = 1,00,00,000)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from fundlens.web import fmt


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (123, 0, "123"),
        (999, 0, "999"),
        (1000, 0, "1,000"),
        (12345, 0, "12,345"),
        (100000, 0, "1,00,000"),  # one lakh
        (1234567, 0, "12,34,567"),
        (10000000, 0, "1,00,00,000"),  # one crore
        (12345678.9, 0, "1,23,45,679"),
        (123456789012, 0, "1,23,45,67,89,012"),
        (1234.5, 0, "1,235"),  # half away from zero
        (0.125, 2, "0.13"),
        (1234567.891, 2, "12,34,567.89"),
        (-1234, 0, "-1,234"),
        (-1234567.5, 1, "-12,34,567.5"),
        (-0.004, 2, "0.00"),  # no negative zero
        (np.float64(4567.2), 0, "4,567"),
        (np.int64(100000), 0, "1,00,000"),
    ],
)
def test_group_in(value: float, decimals: int, expected: str) -> None:
    assert fmt.group_in(value, decimals) == expected


@pytest.mark.parametrize("missing", [None, math.nan, float("inf"), -math.inf, np.nan, pd.NA, "x"])
def test_missing_is_a_dash(missing: object) -> None:
    for f in (fmt.group_in, fmt.inr, fmt.pct, fmt.pct_of, fmt.ratio, fmt.day, fmt.day_time):
        assert f(missing) == "—", f.__name__


def test_inr() -> None:
    assert fmt.inr(1234567) == "₹12,34,567"
    assert fmt.inr(123) == "₹123"
    assert fmt.inr(-1234) == "-₹1,234"
    assert fmt.inr(12345678.9) == "₹1,23,45,679"
    assert fmt.inr(2500.5, 2) == "₹2,500.50"


def test_pct_and_ratio() -> None:
    assert fmt.pct(0.1234) == "12.34%"
    assert fmt.pct(-0.5966) == "-59.66%"
    assert fmt.pct(1.05, 0) == "105%"
    assert fmt.pct(12.5) == "1,250.00%"  # grouped like every number
    assert fmt.pct(0.000049) == "0.00%"
    assert fmt.pct_of(12.345) == "12.35%"
    assert fmt.pct_of(-59.66, 1) == "-59.7%"
    assert fmt.ratio(1.2345) == "1.23"
    assert fmt.ratio(0.995, 2) == "1.00"
    assert fmt.ratio(-0.5, 3) == "-0.500"


def test_dates() -> None:
    assert fmt.day(dt.date(2024, 1, 1)) == "01 Jan 2024"
    assert fmt.day("2024-01-01") == "01 Jan 2024"
    assert fmt.day(dt.datetime(2008, 10, 27, 15, 30)) == "27 Oct 2008"
    assert fmt.day("2013-12-09T00:00:00Z") == "09 Dec 2013"
    assert fmt.day("not a date") == "—"
    assert fmt.day("") == "—"
    assert fmt.day_time("2026-10-30T18:05:09Z") == "30 Oct 2026 18:05 UTC"
    assert fmt.day_time(dt.date(2026, 10, 30)) == "30 Oct 2026"


def test_plan_and_option_labels() -> None:
    """Every token of the API's plan and option vocabularies, one spelling on every page."""
    plans = ["direct", "regular", "institutional", "retail", "other"]
    assert [fmt.plan_label(p) for p in plans] == [
        "Direct", "Regular", "Institutional", "Retail", "Other plan",
    ]  # fmt: skip
    options = ["growth", "idcw", "idcw_payout", "idcw_reinvest", "bonus"]
    assert [fmt.option_label(o) for o in options] == [
        "Growth", "IDCW", "IDCW payout", "IDCW reinvestment", "Bonus",
    ]  # fmt: skip
    assert fmt.plan_label(None) == fmt.option_label("") == "—"
    assert fmt.plan_label(None, missing="") == ""
    assert fmt.option_label(None, missing="option not stated") == "option not stated"
    assert (fmt.plan_label("super_plan"), fmt.option_label("half_yearly")) == (
        "Super Plan", "half yearly",
    )  # fmt: skip
