"""The Fund explorer's Plotly figures, as pure functions of the API's JSON.

Colours come from the theme's template (``layout.show_chart`` applies it); the benchmark
is drawn dotted (a line) or as a diamond (a point) so it reads apart from the funds in
either theme. Values are shown in percent: Card 1's rolling returns arrive in percent
(seed-shaped), the summary's fractions are multiplied by 100 here, for display only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go

from fundlens.web.explorer_view import benchmark_refs, rolling_block, window_label

__all__ = ["capture_figure", "excess_figure", "risk_return_figure", "rolling_figure"]

_HEIGHT: Final = 380
_HOVER_RISK: Final = "Volatility %{x:.2f}%<br>CAGR %{y:.2f}%<extra>%{fullData.name}</extra>"
_LEGEND: Final = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}


def _frame(fig: go.Figure, *, x: str, y: str) -> go.Figure:
    """Size, axis titles and the legend above the plot (no figure title: the page heads
    each chart; a legend outside the plot area pushes the margin as it needs)."""
    fig.update_layout(
        margin={"t": 24},
        height=_HEIGHT,
        legend=_LEGEND,
        hovermode="closest",
        xaxis_title=x,
        yaxis_title=y,
    )
    return fig


def rolling_figure(points: pd.DataFrame, window: str, *, annualised: bool) -> go.Figure:
    """Card 1: the rolling returns of ``window`` (``explorer_view.rolling_points``),
    one line per fund, the benchmark dotted."""
    fig = go.Figure()
    for name, part in points.groupby("series", sort=False):
        bench = (part["role"] == "benchmark").all()
        fig.add_trace(
            go.Scatter(
                x=part["date"],
                y=part["value"],
                name=str(name),
                mode="lines",
                line={"width": 1.4, "dash": "dot" if bench else "solid"},
                hovertemplate="%{x|%d %b %Y}: %{y:.2f}%<extra>%{fullData.name}</extra>",
            )
        )
    fig.add_hline(y=0, line_width=1, opacity=0.5)
    kind = "% a year" if annualised else "%"
    return _frame(
        fig,
        x="Window ending",
        y=f"Rolling {window_label(window)} return ({kind})",
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else value * 100


def risk_return_figure(summary: Mapping[str, Any]) -> go.Figure:
    """Card 2: each fund's volatility (x) and CAGR (y) on its common window with the
    benchmark, and the benchmark over the same dates (diamonds; with the years when the
    funds' windows differ)."""
    fig = go.Figure()
    for fund in summary["funds"]:
        m = fund["metrics"]["metrics"]
        fig.add_trace(
            go.Scatter(
                x=[_pct(m["volatility"])],
                y=[_pct(m["cagr"])],
                name=str(fund["name"]),
                mode="markers",
                marker={"size": 13},
                hovertemplate=_HOVER_RISK,
            )
        )
    refs = benchmark_refs(summary)
    for ref in refs:
        m, window = ref["metrics"], ref["window"]
        years = f" ({window['start_date'][:4]}–{window['end_date'][:4]})" if len(refs) > 1 else ""
        fig.add_trace(
            go.Scatter(
                x=[_pct(m["volatility"])],
                y=[_pct(m["cagr"])],
                name=f"Benchmark: {ref['name']}{years}",
                mode="markers",
                marker={"size": 13, "symbol": "diamond-open", "line": {"width": 2}},
                hovertemplate=_HOVER_RISK,
            )
        )
    return _frame(
        fig,
        x="Volatility (daily returns, % a year)",
        y="CAGR (% a year)",
    )


def capture_figure(summary: Mapping[str, Any]) -> go.Figure:
    """Card 3: every complete month, the benchmark's return (x) against each fund's
    (y), with the line y = x (a point above it beat the benchmark that month)."""
    fig = go.Figure()
    lo, hi = 0.0, 0.0
    for fund in summary["funds"]:
        months = fund["scatter"]
        x = [p["benchmark"] * 100 for p in months]
        y = [p["fund"] * 100 for p in months]
        lo, hi = min([lo, *x, *y]), max([hi, *x, *y])
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                text=[p["month"] for p in months],
                name=str(fund["name"]),
                mode="markers",
                marker={"size": 6, "opacity": 0.75},
                hovertemplate="%{text}: benchmark %{x:.2f}%, fund %{y:.2f}%<extra>"
                "%{fullData.name}</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[lo, hi],
            y=[lo, hi],
            name="Fund = benchmark",
            mode="lines",
            line={"width": 1, "dash": "dot"},
            hoverinfo="skip",
        )
    )
    return _frame(
        fig,
        x="Benchmark's monthly return (%)",
        y="Fund's monthly return (%)",
    )


def excess_figure(summary: Mapping[str, Any], window: str) -> go.Figure:
    """Card 3: each fund's rolling excess return of ``window`` (fund − benchmark rolling
    return; seed 003's "alpha" chart, not Jensen's alpha)."""
    fig = go.Figure()
    for fund in summary["funds"]:
        block = rolling_block(fund, window)
        if not block or block.get("excess") is None:
            continue
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(block["dates"]),
                y=[v * 100 for v in block["excess"]],
                name=str(fund["name"]),
                mode="lines",
                line={"width": 1.4},
                hovertemplate="%{x|%d %b %Y}: %{y:.2f}%<extra>%{fullData.name}</extra>",
            )
        )
    fig.add_hline(y=0, line_width=1, opacity=0.5)
    return _frame(
        fig,
        x="Window ending",
        y=f"Fund − benchmark, rolling {window_label(window)} (% a year)",
    )
