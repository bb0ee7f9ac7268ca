"""fundlens.web.fund_view: the fund page's API answers → tables and figures. Hand-made
answers in the API's shapes (values of scheme 103504 on the real store); every expected
string written out by hand."""

from __future__ import annotations

import pytest

from fundlens.web.fund_view import (
    benchmark_table,
    category_slug,
    drawdown_table,
    facts_table,
    metric_reasons,
    metrics_table,
    nav_figure,
    peer_table,
    returns_table,
    risk_table,
    rolling_stats_table,
    standing_table,
    year_returns_figure,
    year_returns_table,
)

WHY = "history 677 d < window 1095 d"
ANALYSIS = {
    "as_of_date": "2016-06-10", "synthetic": False, "scheme_code": 103504,
    "scheme_name": "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH", "fund_house": "SBI Mutual Fund",
    "amc_id": "sbi", "category": "Large Cap", "plan": "regular", "option": "growth",
    "inception_date": None, "first_nav_date": "2006-02-17", "last_nav_date": "2016-02-22",
    "price_return_only": False,
    "returns": {"1m": -1.98501872659, "3m": -6.50232225795, "6m": -4.41928414901,
                "1y": -8.3246965987, "3y": 16.6200597179, "5y": None, "since_inception": None,
                "since_first_nav": 10.0669860063,
                "reasons": {"5y": WHY, "since_inception": "launch date not in the store"}},
    "risk_metrics": {"volatility_1y": 15.2546694146, "volatility_3y": 14.6986912462,
                     "sharpe_ratio_1y": -0.9339910595712522, "sharpe_ratio_3y": 0.710615259515049,
                     "sortino_ratio_3y": 0.9761730143605739, "max_drawdown_1y": -14.0108035111,
                     "max_drawdown_3y": -16.9822145726, "beta": 0.8638018556727972,
                     "alpha": 8.94058350578, "information_ratio": 1.6282406675443226,
                     "reasons": {}},
    "benchmark_comparison": {
        "benchmark": "UTI Nifty 50 Index Fund - Regular Plan - Growth Option (index fund (incl. costs))",
        "benchmark_code": 100822, "fund_return_3y": 16.6200597179,
        "benchmark_return_3y": 7.86544764797, "outperformance": 8.75461206995,
        "tracking_error": 4.79454624833, "rolling_beat_rate": 0.5805860805860806,
        "start_date": "2006-02-17", "end_date": "2016-02-22", "reasons": {}},
    "portfolio_analysis": {"available": False, "reason": "no portfolio data in the store"},
    "fund_manager": {"available": False, "reason": "no fund-manager data in the store"},
    "peer_comparison": {"available": True, "reason": None, "category_rank": 2.5,
                        "category_total": 25, "percentile": 93.75, "quartile": 1,
                        "metric": "return_3y", "as_of": "2016-06-10"},
}  # fmt: skip


def as_dict(frame) -> dict:
    return {r["Metric"]: (r["Value"], r["Note"]) for r in frame.to_dict("records")}


def test_returns_in_percent_with_the_reason_beside_a_null() -> None:
    rows = as_dict(returns_table(ANALYSIS))
    assert rows["1 month"] == ("-1.99%", "")
    assert rows["3 years (CAGR)"] == ("16.62%", "")
    assert rows["5 years (CAGR)"] == ("—", WHY)
    assert rows["Since launch (CAGR)"] == ("—", "launch date not in the store")
    assert rows["Since first NAV (CAGR)"] == ("10.07%", "")


def test_risk_and_benchmark_units() -> None:
    risk = as_dict(risk_table(ANALYSIS))
    assert risk["Volatility, 3 years"] == ("14.70%", "")
    assert risk["Sharpe ratio, 3 years"] == ("0.71", "")
    assert risk["Max drawdown, 3 years"] == ("-16.98%", "")
    assert risk["Beta, 3 years"] == ("0.86", "")
    assert risk["Jensen's alpha, 3 years (a year)"] == ("8.94%", "")
    versus = as_dict(benchmark_table(ANALYSIS))
    assert versus["Benchmark, 3-year CAGR"] == ("7.87%", "")
    assert versus["Outperformance (percentage points)"] == ("8.75%", "")
    # rolling_beat_rate is a fraction in the seed response
    assert versus["Rolling 1-year windows beating the benchmark"] == ("58.06%", "")


def test_facts_and_peer_rank() -> None:
    facts = dict(facts_table(ANALYSIS).itertuples(index=False))
    assert facts["Plan"] == "Regular" and facts["Option"] == "Growth"
    assert facts["Launch date"] == "—" and facts["First NAV in the store"] == "17 Feb 2006"
    rank = dict(peer_table(ANALYSIS).itertuples(index=False))
    assert rank == {"Rank by 3-year return": "2.5 of 25", "Percentile": "94%",
                    "Quartile": "Q1 (top)", "Ranked on": "10 Jun 2016"}  # fmt: skip
    closed = ANALYSIS | {"peer_comparison": ANALYSIS["peer_comparison"] | {"available": False}}
    assert peer_table(closed) is None


def test_standing_table_from_the_leaders() -> None:
    board = {"peer_count": 3, "best": 0.144, "p75": 0.1268, "median": 0.1097, "p25": 0.1053,
             "worst": 0.101, "funds": [{"scheme_code": 1, "rank": 1.0, "quartile": 1},
                                       {"scheme_code": 103504, "rank": 2.0, "quartile": 2}]}  # fmt: skip
    empty = {"peer_count": 0, "best": None, "p75": None, "median": None, "p25": None,
             "worst": None, "funds": []}  # fmt: skip
    table = standing_table(103504, ANALYSIS, {"3y": board, "5y": empty})
    assert table.iloc[0].to_dict() == {
        "Window": "3Y", "Fund": "16.62%", "Rank": "2 of 3", "Quartile": "Q2", "Best": "14.40%",
        "Upper quartile": "12.68%", "Median": "10.97%", "Lower quartile": "10.53%",
        "Worst": "10.10%", "Peers": "3",
    }  # fmt: skip
    assert table.iloc[1].to_dict()["Rank"] == "—" and table.iloc[1].to_dict()["Median"] == "—"
    assert category_slug([{"scheme_code": 103504, "category_slug": "large-cap"}], 103504) == (
        "large-cap"
    )
    assert category_slug([], 103504) is None


REPORT = {
    "metrics": {"cagr": 0.10066986006339129, "sharpe": 0.26813342205866175,
                "sharpe_1y": -0.9339910595712522, "sharpe_3y": None, "capture_ratio": 1.0103,
                "up_capture_monthly_5y": 0.9108, "max_drawdown": -0.6145284124194493,
                "rolling_1y_median": 0.1234, "rolling_3y_beat_benchmark": 0.5},
    "drawdown": {"peak_date": "2008-01-04", "trough_date": "2009-03-09",
                 "recovery_date": "2013-05-08", "duration_days": 430, "recovery_days": 1521},
    "calendar_year_returns": {"2014": 0.47811447811447816, "2015": 0.08010630220197412},
    "financial_year_returns": {"FY2015": 0.48353371667537903},
    "reasons": {"sharpe_3y": WHY},
}  # fmt: skip


def test_metrics_table_windows_and_units() -> None:
    rows = {r["Metric"]: r for r in metrics_table(REPORT).to_dict("records")}
    assert rows["CAGR"]["Whole window"] == "10.07%" and rows["CAGR"]["1Y"] == "—"
    assert [rows["Sharpe ratio"][k] for k in ("Whole window", "1Y", "3Y")] == [
        "0.27", "-0.93", "—",
    ]  # fmt: skip
    assert rows["Capture ratio"]["Whole window"] == "1.01"
    assert rows["Up capture (monthly)"]["5Y"] == "91.08%"
    reasons = metric_reasons(REPORT)
    assert reasons.to_dict("records") == [{"Metric": "sharpe_3y", "Why it is missing": WHY}]


def test_rolling_drawdown_and_years() -> None:
    rolling = rolling_stats_table(REPORT).to_dict("records")
    assert rolling[0]["Rolling window"] == "1Y" and rolling[0]["Median"] == "12.34%"
    assert rolling[1]["Beat benchmark"] == "50.00%"
    dd = dict(drawdown_table(REPORT).itertuples(index=False))
    assert dd == {"Max drawdown": "-61.45%", "Peak": "04 Jan 2008", "Trough": "09 Mar 2009",
                  "Peak to trough": "430 days", "Recovered": "08 May 2013",
                  "Trough to recovery": "1,521 days"}  # fmt: skip
    years = year_returns_table(REPORT).to_dict("records")
    assert years == [
        {"Year": "2015", "Calendar year": "8.01%", "Financial year to March": "48.35%"},
        {"Year": "2014", "Calendar year": "47.81%", "Financial year to March": "—"},
    ]
    bars = year_returns_figure(REPORT).data[0]
    assert list(bars.x) == ["2014", "2015"] and list(bars.y) == pytest.approx(
        [47.8114, 8.0106], abs=1e-4
    )


def test_nav_figure() -> None:
    nav = {"data": [{"date": "2006-02-17", "nav": 10.01}, {"date": "2006-02-20", "nav": 10.03}]}
    fig = nav_figure(nav, log_scale=True)
    assert list(fig.data[0].y) == [10.01, 10.03]
    assert list(fig.data[0].customdata) == ["₹10.0100", "₹10.0300"]
    assert fig.layout.yaxis.type == "log"
