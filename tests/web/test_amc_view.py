"""``web.amc_view``: presets, the compare body, the metrics table (values, sorting, colour
tones) and the cumulative-return figure, from a hand-written response shaped like
``POST /api/analysis/compare`` (values copied from a real-store answer, rounded)."""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any

import pytest

from fundlens.web import amc_view as v

# hand-written: three one-scheme Flexi Cap AMCs (numbers as the API sends them, percent for
# CAGR, alpha, max drawdown, volatility; Treynor a fraction); UTI's beta null
RESULT: dict[str, Any] = {
    "results": [
        {"amc": "hdfc", "amc_name": "HDFC Mutual Fund", "scheme_count": 1, "cagr": 6.2637,
         "sharpe": 0.0826, "sortino": 0.1098, "calmar": 0.2263, "treynor": -0.00208,
         "info_ratio": 0.2218, "beta": 1.1336, "alpha": 1.1802, "max_drawdown": -27.6812,
         "volatility": 18.7543, "reasons": {},
         "window": {"start_date": "2014-04-16", "end_date": "2016-02-22", "days": 677,
                    "observations": 452}},
        {"amc": "ppfas", "amc_name": "PPFAS Mutual Fund", "scheme_count": 1, "cagr": 14.5271,
         "sharpe": 0.6573, "sortino": 0.9109, "calmar": 1.1517, "treynor": 0.13387,
         "info_ratio": 0.7843, "beta": 0.5996, "alpha": 8.7763, "max_drawdown": -12.6136,
         "volatility": 12.6808, "reasons": {},
         "window": {"start_date": "2014-04-16", "end_date": "2016-02-22", "days": 677,
                    "observations": 452}},
        {"amc": "uti", "amc_name": "UTI Mutual Fund", "scheme_count": 1, "cagr": 13.4252,
         "sharpe": 0.5035, "sortino": 0.6781, "calmar": 0.7424, "treynor": None,
         "info_ratio": None, "beta": None, "alpha": None, "max_drawdown": -18.0828,
         "volatility": 15.3015,
         "reasons": {"beta": "no benchmark for Flexi Cap", "alpha": "no benchmark for Flexi Cap",
                     "treynor": "no benchmark for Flexi Cap"},
         "window": {"start_date": "2014-04-16", "end_date": "2016-02-22", "days": 677,
                    "observations": 452}},
    ],
    "dates": ["2014-04-16", "2015-04-16", "2016-02-22"],
    "cumulative_returns": {"hdfc": [0.0, 20.5, 11.4], "ppfas": [0.0, 31.2, 29.789],
                           "uti": [None, 25.0, 26.7]},
    "category": "Flexi Cap", "category_slug": "flexi-cap", "plan_type": "regular",
    "benchmark": {"scheme_code": 100822, "label": "index fund (incl. costs)",
                  "name": "UTI Nifty 50 Index Fund - Regular Plan - Growth Option"},
    "no_benchmark_reason": None, "common_window": True, "start_date": "2014-04-16",
    "end_date": "2016-02-22", "rf_annual_rate": 0.065,
}  # fmt: skip


def test_compare_body() -> None:
    body = v.compare_body(["hdfc", "ppfas"], "flexi-cap", "regular", dt.date(2011, 6, 10),
                          dt.date(2016, 6, 10))  # fmt: skip
    assert body == {"amc_names": ["hdfc", "ppfas"], "category": "flexi-cap",
                    "plan_type": "regular", "start_date": "2011-06-10",
                    "end_date": "2016-06-10"}  # fmt: skip
    assert "start_date" not in v.compare_body(["hdfc"], "x", "direct", None, None)


def test_metric_frame_keeps_request_order_and_nulls() -> None:
    frame = v.metric_frame(RESULT)
    assert frame["amc"].tolist() == ["hdfc", "ppfas", "uti"]
    assert frame.loc[1, "cagr"] == 14.5271 and frame.loc[0, "treynor"] == -0.00208
    assert math.isnan(frame.loc[2, "beta"])


def test_display_frame_formats_each_metric() -> None:
    shown = v.display_frame(v.metric_frame(RESULT))
    assert list(shown.columns) == ["AMC", "Schemes", "CAGR", "Sharpe", "Sortino", "Calmar",
                                   "Treynor", "Info ratio", "Beta", "Alpha", "Max drawdown",
                                   "Volatility"]  # fmt: skip
    ppfas = shown.iloc[1].to_dict()
    assert ppfas == {"AMC": "PPFAS", "Schemes": "1", "CAGR": "14.53%",
                     "Sharpe": "0.66", "Sortino": "0.91", "Calmar": "1.15", "Treynor": "13.39%",
                     "Info ratio": "0.78", "Beta": "0.60", "Alpha": "8.78%",
                     "Max drawdown": "-12.61%", "Volatility": "12.68%"}  # fmt: skip
    uti = shown.iloc[2]
    assert (uti["Beta"], uti["Alpha"], uti["Treynor"]) == ("—", "—", "—")


def test_sort_by_a_metric_nulls_last() -> None:
    frame = v.metric_frame(RESULT)
    assert v.sort_frame(frame, "cagr", descending=True)["amc"].tolist() == ["ppfas", "uti", "hdfc"]
    assert v.sort_frame(frame, "volatility", descending=False)["amc"].tolist() == [
        "ppfas", "uti", "hdfc"
    ]  # fmt: skip
    # nulls last both ways
    assert v.sort_frame(frame, "beta", descending=False)["amc"].tolist() == ["ppfas", "hdfc", "uti"]
    assert v.sort_frame(frame, "beta", descending=True)["amc"].tolist() == ["hdfc", "ppfas", "uti"]
    assert v.sort_frame(frame, "name", descending=True)["amc"].tolist() == ["uti", "ppfas", "hdfc"]
    with pytest.raises(ValueError):
        v.sort_frame(frame, "colour", descending=True)


def test_tones_rank_within_each_column() -> None:
    tones = v.tones(v.metric_frame(RESULT))
    # CAGR: PPFAS best (+1), HDFC worst (−1), UTI between (0)
    assert tones["CAGR"].tolist() == [-1.0, 1.0, 0.0]
    # volatility: lower is better
    assert tones["Volatility"].tolist() == [-1.0, 1.0, 0.0]
    # max drawdown is negative: the shallowest is best
    assert tones["Max drawdown"].tolist() == [-1.0, 1.0, 0.0]
    # alpha: two values ranked, the null one uncoloured
    alpha = tones["Alpha"].tolist()
    assert alpha[:2] == [-1.0, 1.0] and math.isnan(alpha[2])
    # beta has no better direction
    assert tones["Beta"].isna().all()


def test_tones_of_one_amc_by_sign() -> None:
    one = copy.deepcopy(RESULT)
    one["results"] = one["results"][:1]
    tones = v.tones(v.metric_frame(one))
    assert tones.loc[0, "CAGR"] == 1.0  # 6.26 % > 0
    assert tones.loc[0, "Treynor"] == -1.0  # −0.00208 < 0
    assert math.isnan(tones.loc[0, "Volatility"])  # no sign meaning, nothing to rank


def test_window_note_and_reasons() -> None:
    assert v.window_note(RESULT) == (
        "Common window 16 Apr 2014 – 22 Feb 2016; benchmark UTI Nifty 50 Index Fund - Regular "
        "Plan - Growth Option (index fund (incl. costs)); risk-free 6.50% a year."
    )
    assert v.null_reasons(RESULT) == [
        "Beta, Alpha, Treynor for UTI Mutual Fund: no benchmark for Flexi Cap"
    ]
    every = copy.deepcopy(RESULT)
    for item in every["results"]:
        item["reasons"] = {"beta": "no benchmark for Index Funds"}
    assert v.null_reasons(every) == ["Beta for all AMCs: no benchmark for Index Funds"]


def test_cumulative_figure() -> None:
    fig = v.cumulative_figure(RESULT, template="plotly_dark")
    assert [t.name for t in fig.data] == ["HDFC", "PPFAS", "UTI"]
    assert list(fig.data[1].y) == [0.0, 31.2, 29.789]
    assert fig.data[2].y[0] is None  # before the portfolio starts: a gap, not zero
    assert str(fig.data[0].x[-1])[:10] == "2016-02-22"
    assert fig.layout.yaxis.ticksuffix == "%"


def test_schemes_frame() -> None:
    result = copy.deepcopy(RESULT)
    result["results"][0]["schemes"] = [
        {"scheme_code": 101762, "name": "HDFC Flexi Cap Fund - Growth Plan", "plan": "regular",
         "first_date": "2014-04-16", "last_date": "2016-02-22", "returns_used": 452,
         "alive": True, "last_nav_date": "2016-06-03"},
        {"scheme_code": 100001, "name": None, "plan": None, "first_date": "2014-04-16",
         "last_date": "2015-01-02", "returns_used": 1180, "alive": False,
         "last_nav_date": "2015-01-02"},
    ]  # fmt: skip
    rows = v.schemes_frame(result).to_dict("records")
    assert rows == [
        {"AMC": "HDFC", "Code": "101762", "Scheme": "HDFC Flexi Cap Fund - Growth Plan",
         "Plan": "Regular", "From": "16 Apr 2014", "To": "22 Feb 2016", "Returns used": "452",
         "Alive": "yes"},
        {"AMC": "HDFC", "Code": "100001", "Scheme": "—", "Plan": "Single plan",
         "From": "16 Apr 2014", "To": "02 Jan 2015", "Returns used": "1,180",
         "Alive": "closed 02 Jan 2015"},
    ]  # fmt: skip
