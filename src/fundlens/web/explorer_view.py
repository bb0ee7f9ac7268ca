"""The Fund explorer's inputs and tables, as pure functions of the API's JSON.

Inputs: the date presets (relative to the store's as-of date), the benchmark choices
(curated index funds from ``GET /api/schemes/index-funds`` and imported index series from
``GET /api/v1/indices``, each a *token*: ``"120716"`` or ``"index:NIFTY 50 TRI"``), the
request bodies. Tables: every number preformatted with :mod:`fundlens.web.fmt`, in the
unit its endpoint sends — ``/api/performance/*`` is seed-shaped (returns and drawdowns in
percent, shares of windows 0-1), ``/api/v1/performance/summary`` uses fractions.
Figures are in :mod:`fundlens.web.explorer_charts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from fundlens.web import fmt

__all__ = [
    "INDEX_PREFIX",
    "MAX_FUNDS",
    "WINDOWS",
    "BenchmarkChoice",
    "benchmark_body",
    "benchmark_choices",
    "benchmark_refs",
    "capture_table",
    "default_benchmark",
    "drawdown_table",
    "filter_choices",
    "fund_label",
    "lacks_history",
    "outperformance_table",
    "risk_table",
    "rolling_block",
    "rolling_points",
    "rolling_table",
    "window_label",
]

#: Rolling windows the page offers (the API's tokens).
WINDOWS: Final = ("1y", "3y", "5y", "10y")
#: Funds compared at once (the API's limit).
MAX_FUNDS: Final = 5
#: Token prefix of an imported index series.
INDEX_PREFIX: Final = "index:"


def window_label(window: str) -> str:
    """``"3y"`` → ``"3Y"`` (the UI's spelling of a window token)."""
    return window.upper()


def fund_label(row: Mapping[str, Any]) -> str:
    """A search hit or chosen fund as one line: name · plan · option · code.

    >>> fund_label({"scheme_code": 103504, "scheme_name": "SBI BLUE CHIP FUND-REGULAR PLAN "
    ...             "GROWTH", "plan": "regular", "option": "growth"})
    'SBI BLUE CHIP FUND-REGULAR PLAN GROWTH · Regular · Growth · 103504'
    """
    plan = fmt.plan_label(row.get("plan"), missing="plan not stated")
    option = fmt.option_label(row.get("option"), missing="option not stated")
    return f"{row.get('scheme_name')} · {plan} · {option} · {row.get('scheme_code')}"


@dataclass(frozen=True)
class BenchmarkChoice:
    """One benchmark the picker offers."""

    token: str  #: "120716" (an index fund) or "index:NIFTY 50 TRI" (an imported series)
    label: str  #: the line the picker shows
    group: str  #: the index it stands for ("Nifty 50"), or the series' name
    first_date: str | None  #: first value (ISO), to pick the longest history
    kind: str  #: "index fund (incl. costs)", "TRI" or "price index"


def benchmark_choices(
    index_funds: Iterable[Mapping[str, Any]], indices: Iterable[Mapping[str, Any]]
) -> list[BenchmarkChoice]:
    """The picker's choices: imported index series first (a TRI is the real benchmark),
    then the curated index funds (labelled "index fund (incl. costs)", never TRI)."""
    out = [
        BenchmarkChoice(
            token=f"{INDEX_PREFIX}{s['name']}",
            label=f"{s['name']} · {s['label']} · {fmt.day(s['first_date'])} – "
            f"{fmt.day(s['last_date'])}",
            group=str(s["name"]),
            first_date=s.get("first_date"),
            kind=str(s["label"]),
        )
        for s in indices
    ]
    for f in index_funds:
        plan = fmt.plan_label(f.get("plan"), missing="")
        out.append(
            BenchmarkChoice(
                token=str(f["scheme_code"]),
                label=f"{f['index_name']} · {f['scheme_name']} ({plan}, {f['scheme_code']}) · "
                f"{f['label']} · from {fmt.day(f.get('first_nav_date'))}",
                group=str(f["group"]),
                first_date=f.get("first_nav_date"),
                kind=str(f["label"]),
            )
        )
    return out


def filter_choices(choices: Sequence[BenchmarkChoice], text: str) -> list[BenchmarkChoice]:
    """The choices whose label holds every word of ``text`` (any case); all when blank."""
    words = text.lower().split()
    return [c for c in choices if all(w in c.label.lower() for w in words)]


def default_benchmark(choices: Sequence[BenchmarkChoice]) -> str | None:
    """The Nifty 50 TRI when imported, else the Nifty 50 index fund with the longest
    history, else the first choice (None when there is none)."""
    for c in choices:
        if c.kind == "TRI" and "nifty 50" in c.group.lower() and "next" not in c.group.lower():
            return c.token
    nifty = [c for c in choices if c.group == "Nifty 50" and c.first_date]
    if nifty:
        return min(nifty, key=lambda c: str(c.first_date)).token
    return choices[0].token if choices else None


def benchmark_body(token: str) -> dict[str, Any]:
    """The request field of a benchmark token.

    >>> benchmark_body("120716"), benchmark_body("index:NIFTY 50 TRI")
    ({'benchmark_code': 120716}, {'benchmark_index': 'NIFTY 50 TRI'})
    """
    if token.startswith(INDEX_PREFIX):
        return {"benchmark_index": token[len(INDEX_PREFIX) :]}
    return {"benchmark_code": int(token)}


# ---- Card 1: rolling returns (/api/performance/rolling-returns, percent) ---------------


def _series(response: Mapping[str, Any], window: str) -> list[Mapping[str, Any]]:
    return [s for s in response["series"] if s["window"] == window]


def _who(series: Mapping[str, Any]) -> str:
    if series["role"] == "benchmark":
        return f"Benchmark: {series['scheme_name']} ({series['label']})"
    return str(series["scheme_name"])


def rolling_points(response: Mapping[str, Any], window: str) -> pd.DataFrame:
    """Long table of the display points of ``window``: date, value (percent), series
    (the legend's name), role."""
    frames = [
        pd.DataFrame(
            {
                "date": pd.to_datetime([p["date"] for p in s["data"]]),
                "value": [p["value"] for p in s["data"]],
                "series": _who(s),
                "role": s["role"],
            }
        )
        for s in _series(response, window)
        if s["data"]
    ]
    if not frames:
        return pd.DataFrame(columns=["date", "value", "series", "role"])
    return pd.concat(frames, ignore_index=True)


def rolling_table(response: Mapping[str, Any], window: str) -> pd.DataFrame:
    """Card 1's summary statistics of ``window``: latest, mean, median, min, max, std of
    the rolling returns, the share of windows that beat the benchmark and the number of
    windows — from the full-resolution series."""
    rows = []
    for s in _series(response, window):
        stats = s["summary"]
        rows.append(
            {
                "Scheme": _who(s),
                "Latest": fmt.pct_of(s["data"][-1]["value"]) if s["data"] else fmt.MISSING,
                "Mean": fmt.pct_of(stats["mean"]),
                "Median": fmt.pct_of(stats["median"]),
                "Min": fmt.pct_of(stats["min"]),
                "Max": fmt.pct_of(stats["max"]),
                "Std dev": fmt.pct_of(stats["std"]),
                "Beat benchmark": fmt.pct(stats["beat_benchmark"]),
                "Windows": fmt.group_in(stats["count"]),
            }
        )
    return pd.DataFrame(rows)


def lacks_history(response: Mapping[str, Any], window: str) -> list[str]:
    """One sentence per fund (or benchmark) with no rolling window of ``window`` in the
    range, with the API's reason."""
    return [
        f"{s['scheme_name']} lacks history for the {window_label(window)} window: {s['reason']}."
        for s in _series(response, window)
        if not s["data"]
    ]


# ---- Card 2 and 3: the performance summary (/api/v1/performance/summary, fractions) ----


def rolling_block(fund: Mapping[str, Any], window: str) -> Mapping[str, Any] | None:
    """The fund's rolling block of ``window`` in the summary, or None."""
    return next((b for b in fund["rolling"] if b["window"] == window), None)


def outperformance_table(summary: Mapping[str, Any], window: str) -> pd.DataFrame:
    """Card 2's rolling-return view of ``window``: share of windows that beat the
    benchmark, windows beaten of windows, mean rolling excess, and the spread of the
    fund's rolling returns (their standard deviation — not the daily volatility, which
    the risk table shows)."""
    rows = []
    for fund in summary["funds"]:
        block = rolling_block(fund, window) or {}
        stats = block.get("summary") or {}
        excess = block.get("excess_summary") or {}
        count, beat = stats.get("count"), stats.get("beat_benchmark")
        beaten = None if beat is None or count is None else round(beat * count)
        rows.append(
            {
                "Fund": fund["name"],
                "Beat benchmark": fmt.pct(beat),
                "Windows beaten": fmt.group_in(beaten),
                "Windows": fmt.group_in(count),
                "Mean excess": fmt.pct(excess.get("mean")),
                "Spread (std dev)": fmt.pct(stats.get("std")),
            }
        )
    return pd.DataFrame(rows)


def _risk_row(who: str, report: Mapping[str, Any]) -> dict[str, str]:
    m, window = report["metrics"], report["window"]
    return {
        "Scheme": who,
        "CAGR": fmt.pct(m["cagr"]),
        "Volatility": fmt.pct(m["volatility"]),
        "Beta": fmt.ratio(m["beta"]),
        "Tracking error": fmt.pct(m["tracking_error"]),
        "Information ratio": fmt.ratio(m["information_ratio"]),
        "Sharpe": fmt.ratio(m["sharpe"]),
        "Sortino": fmt.ratio(m["sortino"]),
        "From": fmt.day(window["start_date"]),
        "To": fmt.day(window["end_date"]),
    }


def benchmark_refs(summary: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The benchmark's own full sets (``benchmark_metrics``), one per distinct window
    (each fund's common window with the benchmark; funds of different ages differ)."""
    refs: dict[tuple[Any, Any], Mapping[str, Any]] = {}
    for f in summary["funds"]:
        ref = f.get("benchmark_metrics")
        if ref is not None:
            refs.setdefault((ref["window"]["start_date"], ref["window"]["end_date"]), ref)
    return list(refs.values())


def risk_table(summary: Mapping[str, Any]) -> pd.DataFrame:
    """Card 2's daily-return metrics of each fund on its common window with the
    benchmark (volatility, beta, tracking error, information ratio, Sharpe, Sortino), then
    the benchmark's own over each distinct window (its From/To say which; beta, TE and IR
    do not apply to it)."""
    rows = [_risk_row(str(f["name"]), f["metrics"]) for f in summary["funds"]]
    rows += [_risk_row(f"Benchmark: {ref['name']}", ref) for ref in benchmark_refs(summary)]
    return pd.DataFrame(rows)


def capture_table(summary: Mapping[str, Any], window: str) -> pd.DataFrame:
    """Card 3's monthly capture (Freefincal: up- and down-month CAGRs of fund over
    benchmark), their ratio, and the down-market excess of ``window`` (mean fund −
    benchmark rolling return over the windows where the benchmark's is negative)."""
    rows = []
    for fund in summary["funds"]:
        cap = fund["capture"]
        block = rolling_block(fund, window) or {}
        rows.append(
            {
                "Fund": fund["name"],
                "Up capture": fmt.pct(cap["up_capture_monthly"]),
                "Down capture": fmt.pct(cap["down_capture_monthly"]),
                "Capture ratio": fmt.ratio(cap["capture_ratio"]),
                "Up months": fmt.group_in(cap["up_months"]),
                "Down months": fmt.group_in(cap["down_months"]),
                f"Down-market excess ({window_label(window)})": fmt.pct(
                    block.get("down_market_excess")
                ),
                "Down-market windows": fmt.group_in(block.get("down_market_windows")),
            }
        )
    return pd.DataFrame(rows)


def drawdown_table(response: Mapping[str, Any]) -> pd.DataFrame:
    """Card 3's drawdown statistics (/api/performance/fund-analytics, percent): depth,
    peak, trough, days falling, recovery and days to recover."""
    rows = []
    for r in response["drawdown_stats"]:
        recovered = r["recovery_date"] is not None or r["peak_date"] is None
        rows.append(
            {
                "Scheme": r["scheme_name"] if r["role"] == "fund"
                else f"Benchmark: {r['scheme_name']}",
                "Max drawdown": fmt.pct_of(r["max_drawdown"]),
                "Peak": fmt.day(r["peak_date"]),
                "Trough": fmt.day(r["trough_date"]),
                "Days falling": fmt.group_in(r["drawdown_duration_days"]),
                "Recovery": fmt.day(r["recovery_date"]) if recovered else "not yet",
                "Days to recover": fmt.group_in(r["recovery_days"]),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)
