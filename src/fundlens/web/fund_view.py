"""Fund page: the answers of ``/api/v1/funds/{code}/analysis``, ``…/metrics``, ``…/nav`` and
``/api/v1/categories/{slug}/leaders`` → tables and Plotly figures.

Pure functions (no Streamlit, no HTTP). Units as the API sends them: the seed 002 §6.2
analysis is in the seed's units (percent for returns, volatility, drawdowns, alpha and
tracking error → :func:`fmt.pct_of`; ``rolling_beat_rate`` a fraction; ``percentile``
0–100), the metric set and the leaders in the contract's fractions (→ :func:`fmt.pct`).
Every cell is a string formatted by :mod:`fundlens.web.fmt`, and a value the API could not
compute shows "—" with the API's reason beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go

from fundlens.web import fmt

__all__ = [
    "LEADER_WINDOWS",
    "benchmark_table",
    "category_slug",
    "drawdown_table",
    "facts_table",
    "metric_reasons",
    "metrics_table",
    "nav_figure",
    "not_available",
    "peer_table",
    "returns_table",
    "risk_table",
    "rolling_stats_table",
    "standing_table",
    "year_returns_figure",
    "year_returns_table",
]

#: Windows of the category standing (trailing returns ranked by the leaders endpoint).
LEADER_WINDOWS: Final = ("1y", "3y", "5y")


def not_available(block: Mapping[str, Any]) -> str:
    """The sentence of a block the store has no data for.

    >>> not_available({"available": False, "reason": "no fund-manager data in the store"})
    'Not available: no fund-manager data in the store'
    """
    return f"Not available: {block.get('reason') or 'no data'}"


def _rows(
    block: Mapping[str, Any], spec: Sequence[tuple[str, str, Callable[[Any], str]]]
) -> pd.DataFrame:
    """Rows (label, formatted value, the reason when null) of a seed block."""
    reasons = block.get("reasons", {})
    return pd.DataFrame(
        [
            {
                "Metric": label,
                "Value": show(block.get(name)),
                "Note": reasons.get(name, "") if block.get(name) is None else "",
            }
            for name, label, show in spec
        ],
        columns=["Metric", "Value", "Note"],
    )


def facts_table(analysis: Mapping[str, Any]) -> pd.DataFrame:
    """What the fund is: AMC, category, plan, option and its dates in the store."""
    a = analysis
    facts = [
        ("Scheme code", str(a["scheme_code"])),
        ("Fund house", a.get("fund_house") or "—"),
        ("Category", a.get("category") or "—"),
        ("Plan", fmt.plan_label(a.get("plan"))),
        ("Option", fmt.option_label(a.get("option"))),
        ("Launch date", fmt.day(a.get("inception_date"))),
        ("First NAV in the store", fmt.day(a.get("first_nav_date"))),
        ("Last NAV", fmt.day(a.get("last_nav_date"))),
    ]
    return pd.DataFrame(facts, columns=["Fact", "Value"])


_RETURNS: Final = (
    ("1m", "1 month"), ("3m", "3 months"), ("6m", "6 months"), ("1y", "1 year"),
    ("3y", "3 years (CAGR)"), ("5y", "5 years (CAGR)"),
    ("since_inception", "Since launch (CAGR)"), ("since_first_nav", "Since first NAV (CAGR)"),
)  # fmt: skip


def returns_table(analysis: Mapping[str, Any]) -> pd.DataFrame:
    """Trailing returns (percent in the API), each null with its reason."""
    spec = [(name, label, fmt.pct_of) for name, label in _RETURNS]
    return _rows(analysis["returns"], spec)


_RISK: Final = (
    ("volatility_1y", "Volatility, 1 year", fmt.pct_of),
    ("volatility_3y", "Volatility, 3 years", fmt.pct_of),
    ("sharpe_ratio_1y", "Sharpe ratio, 1 year", fmt.ratio),
    ("sharpe_ratio_3y", "Sharpe ratio, 3 years", fmt.ratio),
    ("sortino_ratio_3y", "Sortino ratio, 3 years", fmt.ratio),
    ("max_drawdown_1y", "Max drawdown, 1 year", fmt.pct_of),
    ("max_drawdown_3y", "Max drawdown, 3 years", fmt.pct_of),
    ("beta", "Beta, 3 years", fmt.ratio),
    ("alpha", "Jensen's alpha, 3 years (a year)", fmt.pct_of),
    ("information_ratio", "Information ratio, 3 years", fmt.ratio),
)


def risk_table(analysis: Mapping[str, Any]) -> pd.DataFrame:
    """Risk and risk-adjusted returns of the analysis (seed 002 names, 3-year relative)."""
    return _rows(analysis["risk_metrics"], _RISK)


_VERSUS: Final = (
    ("fund_return_3y", "Fund, 3-year CAGR", fmt.pct_of),
    ("benchmark_return_3y", "Benchmark, 3-year CAGR", fmt.pct_of),
    ("outperformance", "Outperformance (percentage points)", fmt.pct_of),
    ("tracking_error", "Tracking error, 3 years", fmt.pct_of),
    ("rolling_beat_rate", "Rolling 1-year windows beating the benchmark", fmt.pct),
)


def benchmark_table(analysis: Mapping[str, Any]) -> pd.DataFrame:
    """The fund against its category benchmark, on the dates both have a NAV."""
    return _rows(analysis["benchmark_comparison"], _VERSUS)


def _quartile(q: int | None) -> str:
    names = {1: "Q1 (top)", 2: "Q2", 3: "Q3", 4: "Q4 (bottom)"}
    return "—" if q is None else names.get(int(q), str(q))


def _rank(rank: float | None) -> str:
    """1.0 → '1'; a shared rank 2.5 stays '2.5'."""
    if rank is None:
        return "—"
    return str(int(rank)) if float(rank).is_integer() else fmt.ratio(rank, 1)


def peer_table(analysis: Mapping[str, Any]) -> pd.DataFrame | None:
    """The analysis' rank in the category (by 3-year return); None when not available."""
    p = analysis["peer_comparison"]
    if not p["available"]:
        return None
    rows = [
        ("Rank by 3-year return", f"{_rank(p['category_rank'])} of {p['category_total']}"),
        ("Percentile", fmt.pct_of(p["percentile"], 0)),
        ("Quartile", _quartile(p["quartile"])),
        ("Ranked on", fmt.day(p["as_of"])),
    ]
    return pd.DataFrame(rows, columns=["Metric", "Value"])


def category_slug(hits: Sequence[Mapping[str, Any]], code: int) -> str | None:
    """The category slug of scheme ``code`` among search hits (``/api/schemes/search``).

    >>> category_slug([{"scheme_code": 1, "category_slug": "large-cap"}], 1)
    'large-cap'
    """
    return next((h.get("category_slug") for h in hits if h["scheme_code"] == code), None)


def standing_table(
    code: int,
    analysis: Mapping[str, Any],
    leaders: Mapping[str, Mapping[str, Any]],
) -> pd.DataFrame:
    """Per window, the fund's trailing return beside its peer group's quartiles (best, upper
    quartile, median, lower quartile, worst) and its rank, from the leaders of its
    category and plan (``leaders[window]``, at most 50 funds listed: a fund further down
    has no rank shown)."""
    rows = []
    for window, board in leaders.items():
        mine = next((f for f in board["funds"] if f["scheme_code"] == code), None)
        count = board["peer_count"]
        rows.append(
            {
                "Window": window.upper(),
                "Fund": fmt.pct_of(analysis["returns"].get(window)),
                "Rank": "—" if mine is None else f"{_rank(mine['rank'])} of {count}",
                "Quartile": "—" if mine is None else _quartile(mine["quartile"]),
                "Best": fmt.pct(board["best"]),
                "Upper quartile": fmt.pct(board["p75"]),
                "Median": fmt.pct(board["median"]),
                "Lower quartile": fmt.pct(board["p25"]),
                "Worst": fmt.pct(board["worst"]),
                "Peers": fmt.group_in(count),
            }
        )
    return pd.DataFrame(rows)


#: Base metric → (label, unit kind) for the full metric set ("pct" fraction or "ratio").
_METRICS: Final = (
    ("cumulative_return", "Cumulative return", "pct"),
    ("cagr", "CAGR", "pct"),
    ("volatility", "Volatility", "pct"),
    ("downside_deviation", "Downside deviation", "pct"),
    ("max_drawdown", "Max drawdown", "pct"),
    ("var_95", "VaR 95 % (a day)", "pct"),
    ("cvar_95", "CVaR 95 % (a day)", "pct"),
    ("skew", "Skew", "ratio"),
    ("ulcer_index", "Ulcer index", "ratio"),
    ("best_month", "Best month", "pct"),
    ("worst_month", "Worst month", "pct"),
    ("best_year", "Best year", "pct"),
    ("worst_year", "Worst year", "pct"),
    ("sharpe", "Sharpe ratio", "ratio"),
    ("sortino", "Sortino ratio", "ratio"),
    ("calmar", "Calmar ratio", "ratio"),
    ("beta", "Beta", "ratio"),
    ("tracking_error", "Tracking error", "pct"),
    ("information_ratio", "Information ratio", "ratio"),
    ("alpha", "Jensen's alpha", "pct"),
    ("treynor", "Treynor ratio", "pct"),
    ("excess_return", "Excess return (CAGR − benchmark's)", "pct"),
    ("up_capture", "Up capture (daily)", "pct"),
    ("down_capture", "Down capture (daily)", "pct"),
    ("up_capture_monthly", "Up capture (monthly)", "pct"),
    ("down_capture_monthly", "Down capture (monthly)", "pct"),
    ("capture_ratio", "Capture ratio", "ratio"),
    ("down_market_excess", "Down-market excess (1y rolling)", "pct"),
)
_WINDOWS: Final = ("1y", "3y", "5y")


def _show(kind: str, value: float | None) -> str:
    return fmt.ratio(value) if kind == "ratio" else fmt.pct(value)


def metrics_table(report: Mapping[str, Any]) -> pd.DataFrame:
    """The full metric set (fractions in the API): one row per metric, the whole window
    and the trailing 1, 3 and 5 years; "—" where the key does not exist or is null."""
    m = report["metrics"]
    rows = []
    for key, label, kind in _METRICS:
        row = {"Metric": label, "Whole window": _show(kind, m.get(key))}
        for w in _WINDOWS:
            row[w.upper()] = _show(kind, m.get(f"{key}_{w}"))
        rows.append(row)
    return pd.DataFrame(rows)


def metric_reasons(report: Mapping[str, Any]) -> pd.DataFrame:
    """Metric key → why its value is null (empty when every value was computed)."""
    items = sorted(report.get("reasons", {}).items())
    return pd.DataFrame(items, columns=["Metric", "Why it is missing"])


_ROLLING: Final = (
    ("mean", "Mean"), ("median", "Median"), ("min", "Min"), ("max", "Max"), ("std", "Std"),
    ("beat_benchmark", "Beat benchmark"), ("above_0", "> 0 %"), ("above_8", "> 8 %"),
    ("above_12", "> 12 %"), ("above_15", "> 15 %"),
)  # fmt: skip


def rolling_stats_table(report: Mapping[str, Any]) -> pd.DataFrame:
    """Annualised rolling returns over 1, 3 and 5 years: their spread and the share of
    windows above each rate or beating the benchmark (fractions in the API)."""
    m = report["metrics"]
    rows = []
    for w in _WINDOWS:
        row = {"Rolling window": w.upper()}
        for stat, label in _ROLLING:
            row[label] = fmt.pct(m.get(f"rolling_{w}_{stat}"))
        rows.append(row)
    return pd.DataFrame(rows)


def drawdown_table(report: Mapping[str, Any]) -> pd.DataFrame:
    """The window's deepest fall: depth, peak, trough, recovery and their day counts."""
    d = report["drawdown"]

    def count(n: int | None) -> str:
        return "—" if n is None else f"{fmt.group_in(n)} days"

    rows = [
        ("Max drawdown", fmt.pct(report["metrics"].get("max_drawdown"))),
        ("Peak", fmt.day(d["peak_date"])),
        ("Trough", fmt.day(d["trough_date"])),
        ("Peak to trough", count(d["duration_days"])),
        ("Recovered", fmt.day(d["recovery_date"]) if d["recovery_date"] else "not yet"),
        ("Trough to recovery", count(d["recovery_days"])),
    ]
    return pd.DataFrame(rows, columns=["Drawdown", "Value"])


def year_returns_table(report: Mapping[str, Any]) -> pd.DataFrame:
    """Complete calendar years beside the Indian financial year ending in March of that
    year (FY2024 = Apr 2023 – Mar 2024), newest first (fractions in the API)."""
    cal = report.get("calendar_year_returns", {})
    fy = report.get("financial_year_returns", {})
    years = sorted({int(y) for y in cal} | {int(f.removeprefix("FY")) for f in fy}, reverse=True)
    return pd.DataFrame(
        [
            {
                "Year": str(y),
                "Calendar year": fmt.pct(cal.get(str(y))),
                "Financial year to March": fmt.pct(fy.get(f"FY{y}")),
            }
            for y in years
        ],
        columns=["Year", "Calendar year", "Financial year to March"],
    )


def year_returns_figure(report: Mapping[str, Any]) -> go.Figure:
    """Calendar-year returns as bars (percent), green up and red down."""
    cal = report.get("calendar_year_returns", {})
    years = sorted(cal)
    values = [100 * cal[y] for y in years]
    fig = go.Figure(
        go.Bar(
            x=years,
            y=values,
            marker={"color": ["#2ca02c" if v >= 0 else "#d62728" for v in values]},
            customdata=[fmt.pct(cal[y]) for y in years],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(
        title="Calendar-year returns", yaxis={"ticksuffix": "%"}, margin={"t": 48, "r": 16}
    )
    return fig


def nav_figure(nav: Mapping[str, Any], *, log_scale: bool = False) -> go.Figure:
    """The NAV history as published, with 1Y/3Y/5Y/10Y/all range buttons."""
    dates = [p["date"] for p in nav["data"]]
    values = [p["nav"] for p in nav["data"]]
    fig = go.Figure(
        go.Scatter(
            x=dates,
            y=values,
            mode="lines",
            name="NAV",
            customdata=[fmt.inr(v, 4) for v in values],
            hovertemplate="%{x|%d %b %Y}: %{customdata}<extra></extra>",
        )
    )
    buttons = [{"count": n, "label": f"{n}Y", "step": "year", "stepmode": "backward"}
               for n in (1, 3, 5, 10)] + [{"step": "all", "label": "All"}]  # fmt: skip
    fig.update_layout(
        title="NAV (₹ per unit)",
        xaxis={
            "rangeselector": {"buttons": buttons, "font": {"color": "#1f2937"}},
            "type": "date",
        },
        yaxis={"type": "log" if log_scale else "linear", "tickprefix": "₹"},
        margin={"t": 64, "r": 16},
        showlegend=False,
    )
    return fig
