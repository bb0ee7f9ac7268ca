"""Expense drag page, pure part: API JSON → pair choices, tables and the dual-axis figure.

From ``GET /api/expense/pairs/{amc}`` and ``GET /api/expense/drag/{amc}`` (seed 003 Gen 2).
The drag is the contract's (D_t / D_0) / (R_t / R_0) − 1 from the pair's first common NAV
date — how far the Direct plan has pulled ahead of the Regular one — and its annualised
rate (1 + total)^(365 / days) − 1; the API sends both in **percent** (0.45 = 0.45 %), NAVs
in rupees per unit. IDCW pairs lose NAV at every payout, so their drag is a price-return
difference, not a cost: they are listed, flagged, and left out of the AMC's summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundlens.web import fmt

__all__ = [
    "category_frame",
    "drag_figure",
    "pair_label",
    "pair_of",
    "pairs_frame",
    "summary_values",
]


def pair_label(pair: Mapping[str, Any]) -> str:
    """How a pair reads in the picker: the Direct plan's name, its option and both codes.

    >>> pair_label({"direct_name": "UTI Nifty 50 Index Fund - Direct", "direct_code": 120716,
    ...             "regular_code": 100822, "option": "growth"})
    'UTI Nifty 50 Index Fund - Direct · Growth · 120716 / 100822'
    """
    name = pair.get("direct_name") or f"scheme {pair['direct_code']}"
    codes = f"{pair['direct_code']} / {pair['regular_code']}"
    return f"{name} · {fmt.option_label(pair.get('option'))} · {codes}"


def pair_of(drag: Mapping[str, Any], direct_code: int) -> Mapping[str, Any] | None:
    """The pair of ``GET /api/expense/drag/{amc}`` whose Direct plan is ``direct_code``."""
    return next((p for p in drag["pairs"] if p["direct_code"] == direct_code), None)


def pairs_frame(drag: Mapping[str, Any]) -> pd.DataFrame:
    """Every pair of the AMC, formatted: the Direct plan's name, category, option, total
    and annualised drag, the common dates and days, both codes (Direct / Regular; the
    Regular plan's name is the Direct one's twin, left out to keep the table narrow)."""
    rows = [
        {
            "Direct plan": p.get("direct_name") or "—",
            "Category": p.get("category") or "—",
            "Option": fmt.option_label(p.get("option"))
            + (" (price return)" if p["price_return_only"] else ""),
            "Total drag": fmt.pct_of(p["total_drag"], 2),
            "Drag a year": fmt.pct_of(p["annualised_drag"], 2),
            "From": fmt.day(p["start_date"]),
            "To": fmt.day(p["end_date"]),
            "Days": fmt.group_in(p["days"]),
            "Codes": f"{p['direct_code']} / {p['regular_code']}",
        }
        for p in drag["pairs"]
    ]
    columns = ["Direct plan", "Category", "Option", "Total drag", "Drag a year", "From", "To",
               "Days", "Codes"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def category_frame(drag: Mapping[str, Any]) -> pd.DataFrame:
    """The AMC's median annualised drag of its growth pairs per category, formatted."""
    by_category = drag["summary"]["by_category"]
    return pd.DataFrame(
        {
            "Category": list(by_category),
            "Median drag a year": [fmt.pct_of(v, 2) for v in by_category.values()],
        }
    )


def summary_values(drag: Mapping[str, Any]) -> dict[str, str]:
    """The AMC's summary as shown: growth pairs, median and mean annualised drag."""
    summary = drag["summary"]
    return {
        "growth-pairs": fmt.group_in(summary["growth_pairs"]),
        "median-drag": fmt.pct_of(summary["median_annualised"], 2),
        "mean-drag": fmt.pct_of(summary["mean_annualised"], 2),
    }


def drag_figure(pair: Mapping[str, Any], *, template: str) -> go.Figure:
    """Both NAVs (left axis, ₹) and the drag (right axis, %) over the pair's common dates."""
    series = pair["series"]
    dates = pd.to_datetime(series["dates"])
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    navs = (("Direct NAV", series["direct_nav"]), ("Regular NAV", series["regular_nav"]))
    for name, values in navs:
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=values,
                mode="lines",
                name=name,
                hovertemplate="%{x|%d %b %Y}: ₹%{y:,.2f}<extra>" + name + "</extra>",
            ),
            secondary_y=False,
        )
    fig.add_trace(
        go.Scatter(
            x=dates,
            y=series["expense_drag"],
            mode="lines",
            name="Expense drag",
            line={"dash": "dot"},
            hovertemplate="%{x|%d %b %Y}: %{y:.2f}%<extra>Expense drag</extra>",
        ),
        secondary_y=True,
    )
    fig.update_layout(
        template=template,
        title="Direct and Regular NAVs, and the drag between them",
        xaxis={"title": None, "tickformat": "%b %Y"},
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
        margin={"l": 60, "r": 60, "t": 50, "b": 40},
    )
    fig.update_yaxes(title_text="NAV (₹ per unit)", tickprefix="₹", secondary_y=False)
    fig.update_yaxes(
        title_text="Drag since start (%)",
        ticksuffix="%",
        tickformat=".2f",
        showgrid=False,
        zeroline=False,
        secondary_y=True,
    )
    return fig
