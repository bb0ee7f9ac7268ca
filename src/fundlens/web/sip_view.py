"""SIP calculator: the plan → the request of ``POST /api/v1/sip``, and its answer → tables
and Plotly figures.

Pure functions (no Streamlit, no HTTP): the page (``views/sip.py``) reads the plan from the
URL, builds the body with :func:`sip_body`, sends it and hands the JSON answer here. The
API speaks rupees and fractions (0.12 = 12 %); every table cell is a string formatted the
dashboard's way (:mod:`fundlens.web.fmt`: ₹ with lakh grouping, percent, ``01 Jan 2024``),
so a browser test reads exactly what :mod:`fmt` makes of the API's number.

Periods are presets counted back from the store's as-of date (``3y`` = the three years
before it, the SIP valued at each fund's last NAV) or a custom start and end; the rolling
SIPs always cover each fund's whole history (the API's rule).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from fundlens.web import fmt
from fundlens.web.periods import years_before

__all__ = [
    "DEFAULT_AMOUNT",
    "DEFAULT_DAY",
    "DEFAULT_PERIOD",
    "DEFAULT_ROLLING",
    "MAX_AMOUNT",
    "MAX_FUNDS",
    "MIN_AMOUNT",
    "PERIODS",
    "ROLLING_CHOICES",
    "SipPlan",
    "has_rolling",
    "instalments_table",
    "lump_sum_table",
    "money_ticks",
    "period_range",
    "rolling_figure",
    "rolling_table",
    "short_name",
    "sip_body",
    "summary_table",
    "value_figure",
]

#: Most funds one SIP request compares (the API's limit).
MAX_FUNDS: Final = 5
#: Period presets: years before the store's as-of date; ``all`` = each fund's whole
#: history, ``custom`` = the start and end the user gives.
PERIODS: Final[dict[str, int | None]] = {
    "3y": 3, "5y": 5, "10y": 10, "15y": 15, "all": None, "custom": None,
}  # fmt: skip
#: Rolling SIP lengths offered (years).
ROLLING_CHOICES: Final = (1, 3, 5, 7, 10)
DEFAULT_AMOUNT: Final = 10_000.0
DEFAULT_DAY: Final = 5
DEFAULT_PERIOD: Final = "10y"
DEFAULT_ROLLING: Final = 3
#: Instalment bounds of the form (rupees; the API takes 0 < amount ≤ 1e9).
MIN_AMOUNT: Final = 1.0
MAX_AMOUNT: Final = 1e9


@dataclass(frozen=True)
class SipPlan:
    """One SIP plan as the page keeps it in the URL (step-up in percent, as typed)."""

    funds: tuple[int, ...] = ()
    amount: float = DEFAULT_AMOUNT
    day: int = DEFAULT_DAY
    period: str = DEFAULT_PERIOD
    start: dt.date | None = None
    end: dt.date | None = None
    step_up_pct: float = 0.0
    rolling: int = DEFAULT_ROLLING

    def cleaned(self) -> SipPlan:
        """The plan with values the API would refuse put back to the defaults (a URL may
        hold anything): ≤ 5 distinct funds, 0 < amount ≤ 1e9, day 1-31, a known period, a
        step-up of 0-100 %, a rolling length offered (amounts below ₹1 too: the form's
        lower bound)."""
        funds = tuple(dict.fromkeys(c for c in self.funds if c > 0))[:MAX_FUNDS]
        ok_amount = math.isfinite(self.amount) and MIN_AMOUNT <= self.amount <= MAX_AMOUNT
        ok_step = math.isfinite(self.step_up_pct) and 0 <= self.step_up_pct <= 100
        start, end = self.start, self.end
        if start is not None and end is not None and start > end:
            start, end = end, start
        return SipPlan(
            funds=funds,
            amount=self.amount if ok_amount else DEFAULT_AMOUNT,
            day=self.day if 1 <= self.day <= 31 else DEFAULT_DAY,
            period=self.period if self.period in PERIODS else DEFAULT_PERIOD,
            start=start,
            end=end,
            step_up_pct=self.step_up_pct if ok_step else 0.0,
            rolling=self.rolling if self.rolling in ROLLING_CHOICES else DEFAULT_ROLLING,
        )

    def params(self) -> dict[str, Any]:
        """The URL query parameters of this plan (None drops a key)."""
        custom = self.period == "custom"
        return {
            "funds": [str(c) for c in self.funds] or None,
            "amount": _number(self.amount),
            "day": str(self.day),
            "period": self.period,
            "start": self.start.isoformat() if custom and self.start else None,
            "end": self.end.isoformat() if custom and self.end else None,
            "step_up": _number(self.step_up_pct),
            "rolling": str(self.rolling),
        }


def _number(x: float) -> str:
    """1000.0 → '1000', 2.5 → '2.5' (a short URL value)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def period_range(plan: SipPlan, as_of: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """Start and end dates of the request: a preset counts back from the as-of date and
    ends at each fund's last NAV (None); ``all`` is (None, None); ``custom`` the plan's.

    >>> period_range(SipPlan(period="5y"), dt.date(2016, 6, 10))
    (datetime.date(2011, 6, 10), None)
    """
    if plan.period == "custom":
        return plan.start, plan.end
    years = PERIODS.get(plan.period)
    if years is None or as_of is None:
        return None, None
    return years_before(as_of, years), None


def sip_body(plan: SipPlan, as_of: dt.date | None) -> dict[str, Any]:
    """The JSON body of ``POST /api/v1/sip`` for ``plan`` (step-up as a fraction).

    >>> sip_body(SipPlan(funds=(103504,), step_up_pct=10, period="all"), None)["step_up"]
    0.1
    """
    start, end = period_range(plan, as_of)
    return {
        "scheme_codes": list(plan.funds),
        "amount": plan.amount,
        "day": plan.day,
        "start_date": None if start is None else start.isoformat(),
        "end_date": None if end is None else end.isoformat(),
        "step_up": plan.step_up_pct / 100,
        "rolling_years": [plan.rolling],
    }


def short_name(name: str, width: int = 44) -> str:
    """A scheme name cut to ``width`` characters for legends ('…' marks the cut).

    >>> short_name("UTI Nifty 50 Index Fund - Regular Plan - Growth Option", 20)
    'UTI Nifty 50 Index…'
    """
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


def _fund_cell(fund: dict[str, Any]) -> str:
    return f"{short_name(fund['name'], 40)} ({fund['scheme_code']})"


def summary_table(funds: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per fund: the SIP's outcome on its valuation date (the instalment dates are
    on the page's cards and in the instalments table)."""
    rows = []
    for f in funds:
        s = f["summary"]
        rows.append(
            {
                "Fund": _fund_cell(f),
                "Instalments": fmt.group_in(s["instalments"]),
                "Invested": fmt.inr(s["invested"]),
                "Value": fmt.inr(s["value"]),
                "Gain": fmt.inr(s["gain"]),
                "Absolute return": fmt.pct(s["absolute_return"]),
                "XIRR": fmt.pct(s["xirr"]),
                "Valued on": fmt.day(s["valuation_date"]),
            }
        )
    return pd.DataFrame(rows)


def lump_sum_table(funds: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """One row per fund: the SIP's total invested at once on the first instalment's date,
    valued on the same day as the SIP."""
    rows = []
    for f in funds:
        ls = f["lump_sum"]
        rows.append(
            {
                "Fund": _fund_cell(f),
                "Invested": fmt.inr(ls["amount"]),
                "On": fmt.day(ls["date"]),
                "NAV (₹)": fmt.group_in(ls["nav"], 4),
                "Value": fmt.inr(ls["value"]),
                "Gain": fmt.inr(ls["gain"]),
                "Absolute return": fmt.pct(ls["absolute_return"]),
                "CAGR": fmt.pct(ls["cagr"]),
            }
        )
    return pd.DataFrame(rows)


def instalments_table(fund: dict[str, Any]) -> pd.DataFrame:
    """Every purchase of one fund's SIP, oldest first."""
    return pd.DataFrame(
        [
            {
                "Scheduled": fmt.day(i["scheduled"]),
                "Bought on": fmt.day(i["date"]),
                "NAV (₹)": fmt.group_in(i["nav"], 4),
                "Amount": fmt.inr(i["amount"], 2),
                "Units": fmt.group_in(i["units"], 3),
            }
            for i in fund["instalments"]
        ],
        columns=["Scheduled", "Bought on", "NAV (₹)", "Amount", "Units"],
    )


def _rolling_of(fund: dict[str, Any], years: int) -> dict[str, Any] | None:
    return next((r for r in fund.get("rolling", []) if r["years"] == years), None)


def has_rolling(funds: Sequence[dict[str, Any]], years: int) -> bool:
    """Whether any fund has at least one ``years``-year SIP in its history."""
    return any((r := _rolling_of(f, years)) is not None and r["xirr"] for f in funds)


def rolling_table(funds: Sequence[dict[str, Any]], years: int) -> pd.DataFrame:
    """Per fund, the distribution of the XIRRs of every ``years``-year SIP of its history
    (one per start month); a fund with none says why."""
    rows = []
    for f in funds:
        r = _rolling_of(f, years)
        d = {} if r is None else r["distribution"]
        rows.append(
            {
                "Fund": _fund_cell(f),
                "SIPs": fmt.group_in(d.get("count")),
                "Min": fmt.pct(d.get("min")),
                "P25": fmt.pct(d.get("p25")),
                "Median": fmt.pct(d.get("median")),
                "P75": fmt.pct(d.get("p75")),
                "Max": fmt.pct(d.get("max")),
                "XIRR < 0": fmt.pct(d.get("below_0"), 1),
                "XIRR > 8 %": fmt.pct(d.get("above_8"), 1),
                "XIRR > 12 %": fmt.pct(d.get("above_12"), 1),
                "Note": "" if r is None else (r["reason"] or ""),
            }
        )
    table = pd.DataFrame(rows)
    return table if table["Note"].any() else table.drop(columns="Note")


def money_ticks(top: float, *, count: int = 5) -> tuple[list[float], list[str]]:
    """About ``count`` round tick values from 0 to ``top`` rupees, labelled with lakh
    grouping (Plotly itself groups by thousands).

    >>> money_ticks(1_420_035)
    ([0.0, 500000.0, 1000000.0, 1500000.0], ['₹0', '₹5,00,000', '₹10,00,000', '₹15,00,000'])
    """
    if not math.isfinite(top) or top <= 0:
        return [0.0], [fmt.inr(0)]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(top / step)
    values = [float(k * step) for k in range(n + 1)]
    return values, [fmt.inr(v) for v in values]


def _money_trace(name: str, dates: list[str], values: list[float], **style: Any) -> go.Scatter:
    """A rupee series whose hover shows the lakh-grouped amount."""
    return go.Scatter(
        x=dates,
        y=values,
        name=name,
        mode="lines",
        customdata=[fmt.inr(v) for v in values],
        hovertemplate="%{x|%d %b %Y}: %{customdata}<extra>%{fullData.name}</extra>",
        **style,
    )


def value_figure(funds: Sequence[dict[str, Any]]) -> go.Figure:
    """Invested to date and the SIP's value over time, one colour per fund; the same
    money as a lump sum dotted (hidden until clicked in the legend). One "Invested" line
    when every fund bought the same amounts on the same dates."""
    fig = go.Figure()
    bought = [[(i["date"], i["amount"]) for i in f["instalments"]] for f in funds]
    same_invested = all(b == bought[0] for b in bought)
    if funds and same_invested:
        first = funds[0]["path"]
        fig.add_trace(
            _money_trace(
                "Invested", first["dates"], first["invested"],
                line={"dash": "dash", "shape": "hv", "color": "#888888"},
            )
        )  # fmt: skip
    top = 0.0
    for k, f in enumerate(funds):
        name, group = short_name(f["name"]), str(f["scheme_code"])
        color = _PALETTE[k % len(_PALETTE)]
        path, lump = f["path"], f["lump_sum"]["path"]
        fig.add_trace(
            _money_trace(
                f"{name}: SIP value", path["dates"], path["value"],
                line={"color": color}, legendgroup=group,
            )
        )  # fmt: skip
        if not same_invested:
            fig.add_trace(
                _money_trace(
                    f"{name}: invested", path["dates"], path["invested"],
                    line={"color": color, "dash": "dash", "shape": "hv"}, legendgroup=group,
                )
            )  # fmt: skip
        fig.add_trace(
            _money_trace(
                f"{name}: lump sum", lump["dates"], lump["value"],
                line={"color": color, "dash": "dot"}, legendgroup=group, visible="legendonly",
            )
        )  # fmt: skip
        top = max([top, *path["value"], *path["invested"]])
    ticks, labels = money_ticks(top)
    fig.update_layout(
        title="Invested vs value",
        yaxis={"tickvals": ticks, "ticktext": labels, "title": None, "automargin": True},
        xaxis={"title": None},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12},
        hovermode="x unified",
        margin={"t": 48, "r": 16},
    )
    return fig


#: Series colours, distinct in the dark and the light theme (Plotly's qualitative D3).
_PALETTE: Final = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")


def rolling_figure(funds: Sequence[dict[str, Any]], years: int) -> go.Figure:
    """The XIRRs of every ``years``-year SIP of each fund: a histogram (share of start
    months per 2 %-point bin) above a box plot (median, quartiles, whiskers, each SIP a
    dot). Percent on the x axis."""
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.62, 0.38], vertical_spacing=0.06
    )
    for k, f in enumerate(funds):
        r = _rolling_of(f, years)
        xs = [] if r is None else [100 * x for x in r["xirr"] if x is not None]
        if not xs:
            continue
        name, color = short_name(f["name"]), _PALETTE[k % len(_PALETTE)]
        group = str(f["scheme_code"])
        fig.add_trace(
            go.Histogram(
                x=xs, name=name, legendgroup=group, marker={"color": color},
                opacity=0.55, histnorm="percent", xbins={"size": 2},
                hovertemplate="%{x}%: %{y:.1f}% of SIPs<extra>%{fullData.name}</extra>",
            ),
            row=1, col=1,
        )  # fmt: skip
        fig.add_trace(
            go.Box(
                x=xs, name=name, legendgroup=group, showlegend=False,
                marker={"color": color, "size": 4}, boxpoints="all", jitter=0.4,
                hovertemplate="%{x:.2f}%<extra>%{fullData.name}</extra>",
            ),
            row=2, col=1,
        )  # fmt: skip
    fig.update_layout(
        title=f"Rolling {years}-year SIP XIRR (every start month of each fund's history)",
        barmode="overlay",
        legend={"orientation": "h", "yanchor": "top", "y": -0.15},
        margin={"t": 48, "r": 16},
    )
    fig.update_xaxes(ticksuffix="%", row=2, col=1, title="XIRR, % a year")
    fig.update_yaxes(title="% of SIPs", row=1, col=1)
    fig.update_yaxes(showticklabels=False, row=2, col=1)
    return fig
