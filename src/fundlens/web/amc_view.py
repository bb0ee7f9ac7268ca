"""AMC comparison page, pure part: API JSON → request bodies, tables, colours, figures.

The page (``web/views/amc.py``) reads its widgets and the URL; everything it shows is
shaped here from ``POST /api/analysis/compare`` (seed 003 Gen 2), so it is unit-tested
without Streamlit. Units as the API sends them: CAGR, alpha, max drawdown, volatility and
cumulative returns in **percent**; Sharpe, Sortino, Calmar, information ratio and beta
plain; Treynor a fraction of return per unit of beta (shown as a percent).

Colour coding: in each metric column the AMCs are ranked (best = 1, worst = 0, ties share
the average); a cell's background is green above the middle and red below, stronger
further from it. With one AMC there is nothing to rank: a metric whose sign means
something (CAGR, alpha, the ratios) is green when positive and red when negative. Beta has
no better direction and is never coloured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd
import plotly.graph_objects as go

from fundlens.web import fmt

__all__ = [
    "METRICS",
    "PLANS",
    "Metric",
    "compare_body",
    "cumulative_figure",
    "display_frame",
    "metric_frame",
    "null_reasons",
    "schemes_frame",
    "short_name",
    "sort_frame",
    "tones",
    "window_note",
]

Preset = Literal["5y", "10y", "2006", "all", "custom"]

#: Plans the comparison takes (URL token → label).
PLANS: Final[dict[str, str]] = {"direct": "Direct", "regular": "Regular"}


@dataclass(frozen=True)
class Metric:
    """A column of the metrics table: the API field, its label, how it is shown, and which
    way is better (+1 higher, −1 lower, 0 neither) and whether its sign means good/bad."""

    key: str
    label: str
    show: Callable[[float | None], str]
    better: int
    signed: bool


def _pct_of(value: float | None) -> str:
    return fmt.pct_of(value, 2)


def _fraction_pct(value: float | None) -> str:
    return fmt.pct(value, 2)


def _ratio(value: float | None) -> str:
    return fmt.ratio(value, 2)


#: The table's metric columns in seed 003 §8.2's order (after the AMC name).
METRICS: Final[tuple[Metric, ...]] = (
    Metric("cagr", "CAGR", _pct_of, +1, True),
    Metric("sharpe", "Sharpe", _ratio, +1, True),
    Metric("sortino", "Sortino", _ratio, +1, True),
    Metric("calmar", "Calmar", _ratio, +1, True),
    Metric("treynor", "Treynor", _fraction_pct, +1, True),
    Metric("info_ratio", "Info ratio", _ratio, +1, True),
    Metric("beta", "Beta", _ratio, 0, False),
    Metric("alpha", "Alpha", _pct_of, +1, True),
    Metric("max_drawdown", "Max drawdown", _pct_of, +1, False),
    Metric("volatility", "Volatility", _pct_of, -1, False),
)
_BY_KEY: Final = {m.key: m for m in METRICS}


def short_name(name: str) -> str:
    """An AMC's name without the " Mutual Fund" every one of them ends with (tables and
    legends are narrower; the column says "AMC").

    >>> short_name("PPFAS Mutual Fund"), short_name("Quant Money Managers")
    ('PPFAS', 'Quant Money Managers')
    """
    return name.removesuffix(" Mutual Fund") or name


def compare_body(
    amcs: Sequence[str],
    category: str,
    plan: str,
    start: dt.date | None,
    end: dt.date | None,
) -> dict[str, Any]:
    """The ``POST /api/analysis/compare`` body (dates left out when None).

    >>> compare_body(["hdfc"], "flexi-cap", "direct", None, dt.date(2016, 1, 1))["end_date"]
    '2016-01-01'
    """
    body: dict[str, Any] = {"amc_names": list(amcs), "category": category, "plan_type": plan}
    if start is not None:
        body["start_date"] = start.isoformat()
    if end is not None:
        body["end_date"] = end.isoformat()
    return body


def metric_frame(result: Mapping[str, Any]) -> pd.DataFrame:
    """One row per AMC (request order): ``amc``, ``name``, ``schemes``, the window and every
    metric of :data:`METRICS` as a float (NaN for null)."""
    rows = []
    for item in result["results"]:
        window = item["window"]
        row: dict[str, Any] = {
            "amc": item["amc"],
            "name": short_name(item["amc_name"]),
            "schemes": item["scheme_count"],
            "start": window["start_date"],
            "end": window["end_date"],
        }
        for metric in METRICS:
            value = item[metric.key]
            row[metric.key] = float("nan") if value is None else float(value)
        rows.append(row)
    columns = ["amc", "name", "schemes", "start", "end", *(m.key for m in METRICS)]
    return pd.DataFrame(rows, columns=columns)


def sort_frame(frame: pd.DataFrame, by: str, *, descending: bool) -> pd.DataFrame:
    """Rows sorted by a metric (or ``name``), nulls last; ties keep the request's order."""
    if by not in frame.columns:
        raise ValueError(f"cannot sort by {by!r}")
    ordered = frame.sort_values(by, ascending=not descending, na_position="last", kind="stable")
    return ordered.reset_index(drop=True)


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as users read it: AMC, schemes, then each metric formatted (``fmt``)."""
    shown = pd.DataFrame({"AMC": frame["name"], "Schemes": frame["schemes"].map(fmt.group_in)})
    for metric in METRICS:
        shown[metric.label] = [metric.show(_none(v)) for v in frame[metric.key]]
    return shown


def _none(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _rank_scores(values: pd.Series, better: int) -> pd.Series:
    """Each value's place from worst (0) to best (1); NaN stays NaN; ties share."""
    valid = values.dropna()
    if len(valid) < 2:
        return pd.Series(float("nan"), index=values.index)
    ranks = values.rank(method="average", ascending=better > 0)
    return (ranks - 1) / (len(valid) - 1)


def tones(frame: pd.DataFrame) -> pd.DataFrame:
    """Per metric cell, a signed strength in [−1, 1] (+ good, − bad, 0 or NaN: no colour),
    columns labelled as in :func:`display_frame`."""
    out = pd.DataFrame(index=frame.index)
    for metric in METRICS:
        values = frame[metric.key].astype(float)
        if metric.better == 0:
            out[metric.label] = float("nan")
            continue
        scores = _rank_scores(values, metric.better)
        if scores.notna().any():
            out[metric.label] = 2 * scores - 1
        elif metric.signed:
            out[metric.label] = values.map(lambda v: float("nan") if pd.isna(v) else _sign(v))
        else:
            out[metric.label] = float("nan")
    return out


def _sign(value: float) -> float:
    return 1.0 if value > 0 else (-1.0 if value < 0 else 0.0)


def window_note(result: Mapping[str, Any]) -> str:
    """One line under the table: the dates, the benchmark, the risk-free rate; and, for a
    window shorter than a year, that CAGR (and the ratios built on it) annualise a short
    return.

    >>> window_note({"start_date": "2016-01-01", "end_date": "2016-02-22",
    ...              "common_window": False, "benchmark": None}).split(". ")[1]
    'Under a year (52 days): CAGR, Calmar, Treynor and alpha annualise a short return.'
    """
    span = f"{fmt.day(result['start_date'])} – {fmt.day(result['end_date'])}"
    if result["common_window"]:
        span = f"Common window {span}"
    bench = result.get("benchmark")
    if bench:
        against = f"benchmark {bench['name']} ({bench['label']})"
    else:
        against = result.get("no_benchmark_reason") or "no benchmark"
    parts = [span, against]
    if result.get("rf_annual_rate") is not None:
        parts.append(f"risk-free {fmt.pct(result['rf_annual_rate'], 2)} a year")
    note = "; ".join(parts) + "."
    days = (
        dt.date.fromisoformat(str(result["end_date"]))
        - dt.date.fromisoformat(str(result["start_date"]))
    ).days
    if days < 365:
        note += (
            f" Under a year ({days} days): CAGR, Calmar, Treynor and alpha annualise a short "
            "return."
        )
    return note


def null_reasons(result: Mapping[str, Any]) -> list[str]:
    """Why values are missing: one line per reason and set of metrics, naming the AMCs
    ("all AMCs" when it is every one) — "Beta, Alpha for UTI Mutual Fund: no benchmark …"."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for item in result["results"]:
        by_reason: dict[str, list[str]] = {}
        for key, reason in item["reasons"].items():
            by_reason.setdefault(reason, []).append(_BY_KEY[key].label if key in _BY_KEY else key)
        for reason, labels in by_reason.items():
            groups.setdefault((reason, tuple(labels)), []).append(item["amc_name"])
    everyone = len(result["results"])
    lines = []
    for (reason, labels), names in groups.items():
        who = "all AMCs" if len(names) == everyone > 1 else ", ".join(names)
        lines.append(f"{', '.join(labels)} for {who}: {reason}")
    return lines


def schemes_frame(result: Mapping[str, Any]) -> pd.DataFrame:
    """Each AMC's member schemes, formatted: code, name, plan, dates in the window, daily
    returns used, and whether the scheme is alive at the store's as-of date."""
    rows = [
        {
            "AMC": short_name(item["amc_name"]),
            "Code": str(s["scheme_code"]),
            "Scheme": s.get("name") or "—",
            "Plan": (s.get("plan") or "single plan").capitalize(),
            "From": fmt.day(s.get("first_date")),
            "To": fmt.day(s.get("last_date")),
            "Returns used": fmt.group_in(s["returns_used"]),
            "Alive": "yes" if s["alive"] else f"closed {fmt.day(s.get('last_nav_date'))}",
        }
        for item in result["results"]
        for s in item.get("schemes", [])
    ]
    columns = ["AMC", "Code", "Scheme", "Plan", "From", "To", "Returns used", "Alive"]
    return pd.DataFrame(rows, columns=columns)


def cumulative_figure(result: Mapping[str, Any], *, template: str) -> go.Figure:
    """One line per AMC: its portfolio's cumulative return (percent) on the API's dates."""
    dates = pd.to_datetime(result["dates"])
    names = {item["amc"]: short_name(item["amc_name"]) for item in result["results"]}
    fig = go.Figure()
    for slug, values in result["cumulative_returns"].items():
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=[None if v is None else v for v in values],
                mode="lines",
                name=names.get(slug, slug),
                connectgaps=False,
                hovertemplate="%{x|%d %b %Y}: %{y:.2f}%<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        template=template,
        title="Cumulative return of each AMC's portfolio",
        yaxis={"title": "Cumulative return (%)", "ticksuffix": "%"},
        xaxis={"title": None, "tickformat": "%b %Y"},
        legend={"orientation": "h", "y": -0.15},
        hovermode="x unified",
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
    )
    return fig
