"""The Fund explorer's pure functions (fundlens.web.explorer_view, explorer_charts) on
small hand-written API answers — labelled as such, shaped as the API's schemas: presets,
benchmark choices, request bodies, tables (units: percent from /api/performance, fractions
from the summary) and figures. The page itself is tested in Chromium (test_explorer.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fundlens.web import explorer_charts as charts
from fundlens.web import explorer_view as view

AS_OF = dt.date(2016, 6, 10)

# hand-written: one index series and two index funds, as GET /api/v1/indices and
# GET /api/schemes/index-funds answer
SERIES = [{"name": "NIFTY 50 TRI", "kind": "tri", "label": "TRI", "first_date": "2007-01-02",
           "last_date": "2025-05-02"}]  # fmt: skip
FUNDS = [
    {"scheme_code": 120716, "scheme_name": "UTI Nifty 50 Index Fund - Direct", "plan": "direct",
     "index_name": "Nifty 50", "group": "Nifty 50", "label": "index fund (incl. costs)",
     "first_nav_date": "2013-01-01"},
    {"scheme_code": 100822, "scheme_name": "UTI Nifty 50 Index Fund - Regular",
     "plan": "regular", "index_name": "Nifty 50", "group": "Nifty 50",
     "label": "index fund (incl. costs)", "first_nav_date": "2000-03-27"},
]  # fmt: skip


def test_benchmark_choices_filter_and_default() -> None:
    choices = view.benchmark_choices(FUNDS, SERIES)
    assert [c.token for c in choices] == ["index:NIFTY 50 TRI", "120716", "100822"]
    assert choices[0].label == "NIFTY 50 TRI · TRI · 02 Jan 2007 – 02 May 2025"
    assert choices[2].label == (
        "Nifty 50 · UTI Nifty 50 Index Fund - Regular (Regular, 100822) · "
        "index fund (incl. costs) · from 27 Mar 2000"
    )
    assert [c.token for c in view.filter_choices(choices, "regular UTI")] == ["100822"]
    assert len(view.filter_choices(choices, "  ")) == 3
    assert view.default_benchmark(choices) == "index:NIFTY 50 TRI"  # an imported TRI first
    # without it, the Nifty 50 index fund with the longest history
    assert view.default_benchmark(view.benchmark_choices(FUNDS, [])) == "100822"
    assert view.default_benchmark([]) is None


def test_benchmark_body_and_fund_label() -> None:
    assert view.benchmark_body("100822") == {"benchmark_code": 100822}
    assert view.benchmark_body("index:NIFTY 50 TRI") == {"benchmark_index": "NIFTY 50 TRI"}
    row = {"scheme_code": 900811, "scheme_name": "X Fund (Synthetic)", "plan": "regular",
           "option": "idcw"}  # fmt: skip
    assert view.fund_label(row) == "X Fund (Synthetic) · Regular · IDCW · 900811"
    assert view.fund_label(row | {"plan": None, "option": None}) == (
        "X Fund (Synthetic) · plan not stated · option not stated · 900811"
    )


# hand-written: a rolling-returns answer (percent) with a fund lacking 3y history
_EMPTY = {"count": 0, "mean": None, "median": None, "min": None, "max": None, "std": None,
          "beat_benchmark": None, "above_0": None, "above_8": None, "above_10": None,
          "above_12": None, "above_15": None}  # fmt: skip
_STATS = _EMPTY | {"count": 1234, "mean": 12.345, "median": 11.0, "min": -50.0, "max": 105.5,
                   "std": 20.0, "beat_benchmark": 0.5805, "above_0": 0.75}  # fmt: skip
ROLLING: dict[str, Any] = {
    "series": [
        {"scheme_code": 103504, "scheme_name": "SBI Blue Chip", "window": "3y", "role": "fund",
         "label": None, "data": [{"date": "2016-02-22", "value": 16.62}], "summary": _STATS,
         "reason": None},
        {"scheme_code": 122639, "scheme_name": "Parag Parikh", "window": "3y", "role": "fund",
         "label": None, "data": [], "summary": _EMPTY, "reason": "no 3y window ends in the range"},
        {"scheme_code": None, "scheme_name": "NIFTY 50 TRI", "window": "3y", "role": "benchmark",
         "label": "TRI", "data": [{"date": "2016-06-10", "value": 7.5}],
         "summary": _STATS | {"beat_benchmark": None}, "reason": None},
    ]
}  # fmt: skip


def test_rolling_table_points_and_missing_history() -> None:
    table = view.rolling_table(ROLLING, "3y")
    assert table.to_dict("records") == [
        {"Scheme": "SBI Blue Chip", "Latest": "16.62%", "Mean": "12.35%", "Median": "11.00%",
         "Min": "-50.00%", "Max": "105.50%", "Std dev": "20.00%", "Beat benchmark": "58.05%",
         "Windows": "1,234"},
        {"Scheme": "Parag Parikh", "Latest": "—", "Mean": "—", "Median": "—", "Min": "—",
         "Max": "—", "Std dev": "—", "Beat benchmark": "—", "Windows": "0"},
        {"Scheme": "Benchmark: NIFTY 50 TRI (TRI)", "Latest": "7.50%", "Mean": "12.35%",
         "Median": "11.00%", "Min": "-50.00%", "Max": "105.50%", "Std dev": "20.00%",
         "Beat benchmark": "—", "Windows": "1,234"},
    ]  # fmt: skip
    assert view.lacks_history(ROLLING, "3y") == [
        "Parag Parikh lacks history for the 3Y window: no 3y window ends in the range."
    ]
    points = view.rolling_points(ROLLING, "3y")
    assert list(points["series"]) == ["SBI Blue Chip", "Benchmark: NIFTY 50 TRI (TRI)"]
    assert view.rolling_points(ROLLING, "1y").empty
    fig = charts.rolling_figure(points, "3y", annualised=False)
    assert [t.name for t in fig.data] == ["SBI Blue Chip", "Benchmark: NIFTY 50 TRI (TRI)"]
    assert fig.data[1].line.dash == "dot"
    assert fig.layout.yaxis.title.text == "Rolling 3Y return (%)"


def _report(start: str, **metrics: float | None) -> dict[str, Any]:
    keys = ("cagr", "volatility", "beta", "tracking_error", "information_ratio", "sharpe",
            "sortino")  # fmt: skip
    return {"metrics": {k: metrics.get(k) for k in keys},
            "window": {"start_date": start, "end_date": "2016-02-22"}}  # fmt: skip


# hand-written: a summary answer (fractions) for two funds of different ages
SUMMARY: dict[str, Any] = {
    "funds": [
        {"name": "Old fund", "metrics": _report("2006-02-17", cagr=0.1007, volatility=0.2192,
         beta=0.8549, tracking_error=0.0647, information_ratio=0.0214, sharpe=0.2681,
         sortino=0.3802),
         "benchmark_metrics": {"name": "UTI Nifty", **_report("2006-02-17", cagr=0.0919,
                               volatility=0.2485, sharpe=0.2273, sortino=0.32)},
         "capture": {"up_capture_monthly": 0.9108, "down_capture_monthly": 0.9015,
                     "capture_ratio": 1.0103, "up_months": 70, "down_months": 49},
         "rolling": [{"window": "1y", "summary": {"count": 2184, "beat_benchmark": 0.5806,
                      "std": 0.2942}, "excess_summary": {"mean": 0.0229},
                      "down_market_excess": 0.0139, "down_market_windows": 564,
                      "dates": ["2016-02-22"], "excess": [0.01]}],
         "scatter": [{"month": "2008-10", "fund": -0.25, "benchmark": -0.27}]},
        {"name": "Young fund", "metrics": _report("2014-04-16", cagr=0.15),
         "benchmark_metrics": {"name": "UTI Nifty", **_report("2014-04-16", cagr=0.05)},
         "capture": {"up_capture_monthly": None, "down_capture_monthly": None,
                     "capture_ratio": None, "up_months": 13, "down_months": 8},
         "rolling": [{"window": "1y", "summary": {"count": 0, "beat_benchmark": None,
                      "std": None}, "excess_summary": None, "down_market_excess": None,
                      "down_market_windows": None, "dates": [], "excess": None}],
         "scatter": []},
    ]
}  # fmt: skip


def test_card_2_tables() -> None:
    out = view.outperformance_table(SUMMARY, "1y").to_dict("records")
    assert out[0] == {"Fund": "Old fund", "Beat benchmark": "58.06%", "Windows beaten": "1,268",
                      "Windows": "2,184", "Mean excess": "2.29%",
                      "Spread (std dev)": "29.42%"}  # fmt: skip
    assert out[1]["Beat benchmark"] == "—" and out[1]["Windows beaten"] == "—"
    risk = view.risk_table(SUMMARY).to_dict("records")
    assert [r["Scheme"] for r in risk] == [
        "Old fund", "Young fund", "Benchmark: UTI Nifty", "Benchmark: UTI Nifty"
    ]  # fmt: skip
    assert risk[0] | {"Scheme": ""} == {
        "Scheme": "", "CAGR": "10.07%", "Volatility": "21.92%", "Beta": "0.85",
        "Tracking error": "6.47%", "Information ratio": "0.02", "Sharpe": "0.27",
        "Sortino": "0.38", "From": "17 Feb 2006", "To": "22 Feb 2016",
    }  # fmt: skip
    assert (risk[2]["Beta"], risk[2]["Sharpe"], risk[3]["From"]) == ("—", "0.23", "16 Apr 2014")
    fig = charts.risk_return_figure(SUMMARY)
    assert [t.name for t in fig.data][2:] == [
        "Benchmark: UTI Nifty (2006–2016)", "Benchmark: UTI Nifty (2014–2016)"
    ]  # fmt: skip
    assert (fig.data[0].x[0], fig.data[0].y[0]) == (21.92, 10.07)


def test_card_3_tables_and_figures() -> None:
    cap = view.capture_table(SUMMARY, "1y").to_dict("records")
    assert cap[0] == {"Fund": "Old fund", "Up capture": "91.08%", "Down capture": "90.15%",
                      "Capture ratio": "1.01", "Up months": "70", "Down months": "49",
                      "Down-market excess (1Y)": "1.39%",
                      "Down-market windows": "564"}  # fmt: skip
    assert cap[1]["Capture ratio"] == "—"
    fig = charts.capture_figure(SUMMARY)
    assert (fig.data[0].x[0], fig.data[0].y[0]) == (-27.0, -25.0)
    assert fig.data[-1].name == "Fund = benchmark"
    assert [t.name for t in charts.excess_figure(SUMMARY, "1y").data] == ["Old fund"]
    # hand-written: a fund-analytics answer (percent), one not recovered
    drawdowns = {"drawdown_stats": [
        {"scheme_name": "UTI Nifty", "role": "benchmark", "max_drawdown": -59.6579,
         "peak_date": "2008-01-08", "trough_date": "2008-10-27", "drawdown_duration_days": 293,
         "recovery_date": "2013-12-09", "recovery_days": 1869},
        {"scheme_name": "Young fund", "role": "fund", "max_drawdown": -12.5,
         "peak_date": "2015-03-03", "trough_date": "2016-02-12", "drawdown_duration_days": 346,
         "recovery_date": None, "recovery_days": None},
    ]}  # fmt: skip
    rows = view.drawdown_table(drawdowns).to_dict("records")
    assert rows[0] == {"Scheme": "Benchmark: UTI Nifty", "Max drawdown": "-59.66%",
                       "Peak": "08 Jan 2008", "Trough": "27 Oct 2008", "Days falling": "293",
                       "Recovery": "09 Dec 2013", "Days to recover": "1,869"}  # fmt: skip
    assert (rows[1]["Recovery"], rows[1]["Days to recover"]) == ("not yet", "—")
