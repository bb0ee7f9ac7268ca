"""The tearsheet's first sections: the header and the key-metrics table.

Every section is a function of :class:`~.data.TearsheetData` returning a
``<section id=…>`` with an ``<h2>`` (:mod:`.performance` and :mod:`.investor` hold the
others); values are formatted by :mod:`.html`. Missing values show ``—`` with the reason
as a tooltip.
"""

from __future__ import annotations

from typing import Any, Final

from fundlens.reports.data import TearsheetData
from fundlens.reports.html import (
    esc,
    inr,
    num_cell,
    pct,
    ratio,
    section,
    table,
)

__all__ = ["KEY_METRICS", "SYNTHETIC_TEXT", "header", "key_metrics", "labels"]

SYNTHETIC_TEXT: Final = "SYNTHETIC DATA — generated demo universe, not real NAVs"

#: (group, [(key, label, format)]) of the key-metrics table; format "pct" or "ratio".
KEY_METRICS: Final[tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]] = (
    (
        "Returns",
        (
            ("cagr", "CAGR (whole window)", "pct"),
            ("cumulative_return", "Cumulative return", "pct"),
            ("return_1m", "1 month", "pct"),
            ("return_3m", "3 months", "pct"),
            ("return_6m", "6 months", "pct"),
            ("return_1y", "1 year", "pct"),
            ("return_3y", "3 years (CAGR)", "pct"),
            ("return_5y", "5 years (CAGR)", "pct"),
            ("return_10y", "10 years (CAGR)", "pct"),
        ),
    ),
    (
        "Risk",
        (
            ("volatility", "Volatility (annualised)", "pct"),
            ("downside_deviation", "Downside deviation", "pct"),
            ("max_drawdown", "Maximum drawdown", "pct"),
            ("ulcer_index", "Ulcer index", "pct"),
            ("var_95", "Daily VaR 95%", "pct"),
            ("cvar_95", "Daily CVaR 95%", "pct"),
            ("skew", "Skew (daily)", "ratio"),
            ("best_month", "Best month", "pct"),
            ("worst_month", "Worst month", "pct"),
            ("best_year", "Best calendar year", "pct"),
            ("worst_year", "Worst calendar year", "pct"),
        ),
    ),
    (
        "Risk-adjusted",
        (
            ("sharpe", "Sharpe ratio", "ratio"),
            ("sortino", "Sortino ratio", "ratio"),
            ("calmar", "Calmar ratio", "ratio"),
            ("sharpe_3y", "Sharpe ratio, 3 years", "ratio"),
            ("volatility_3y", "Volatility, 3 years", "pct"),
            ("max_drawdown_3y", "Maximum drawdown, 3 years", "pct"),
        ),
    ),
    (
        "Against the benchmark",
        (
            ("excess_return", "Excess return (CAGR over benchmark)", "pct"),
            ("alpha", "Jensen's alpha", "pct"),
            ("beta", "Beta", "ratio"),
            ("tracking_error", "Tracking error", "pct"),
            ("information_ratio", "Information ratio", "ratio"),
            ("treynor", "Treynor ratio", "ratio"),
            ("up_capture_monthly", "Up-market capture (monthly)", "pct"),
            ("down_capture_monthly", "Down-market capture (monthly)", "pct"),
            ("capture_ratio", "Capture ratio", "ratio"),
            ("down_market_excess", "Down-market excess (1y rolling)", "pct"),
        ),
    ),
)

_RELATIVE: Final = frozenset(key for key, _, _ in KEY_METRICS[3][1])


def labels(data: TearsheetData) -> tuple[str, str]:
    """Legend names: ``Fund (code)`` and ``Benchmark (code)`` (the header names them)."""
    bench = data.fund["benchmark"]
    return f"Fund ({data.fund['scheme_code']})", f"Benchmark ({bench['code']})" if bench else ""


def _fmt(value: object, kind: str) -> str:
    return pct(value) if kind == "pct" else ratio(value)


def _plan_option(scheme: dict[str, Any]) -> str:
    parts = [str(scheme.get("plan") or "plan unknown").title()]
    option = scheme.get("option") or "option unknown"
    parts.append(str(option).replace("_", " ").replace("idcw", "IDCW").capitalize())
    if scheme.get("idcw_frequency"):
        parts.append(str(scheme["idcw_frequency"]))
    return " · ".join(parts)


def _rf_text(rf: dict[str, Any]) -> str:
    if rf["kind"] == "flat":
        return f"{pct(rf['annual_rate'])} a year (flat)"
    return f"imported series, {rf['first_date']} → {rf['last_date']} ({rf['points']:,} rates)"


def _kpi(label: str, text: str, value: float | None = None) -> str:
    tone = "" if value is None else (" pos" if value >= 0 else " neg")
    return (
        f'<div class="kpi"><b class="{tone.strip()}">{esc(text)}</b><span>{esc(label)}</span></div>'
    )


def header(data: TearsheetData) -> str:
    """Identity, benchmark and its label, window, risk-free, as-of date; headline KPIs."""
    f, s, w = data.fund, data.scheme, data.fund["window"]
    bench = f["benchmark"]
    bench_text = (
        f"{bench['code']} {bench['name']} — {bench['label']}"
        if bench
        else f"none ({data.no_benchmark_reason or 'no benchmark given'})"
    )
    facts = {
        "Scheme code": str(f["scheme_code"]),
        "AMC": s.get("amc_name") or s.get("amc_id") or "unknown",
        "Category": s.get("sebi_category") or "unclassified",
        "Plan · option": _plan_option(s),
        "Benchmark": bench_text,
        "Window": f"{w['start_date']} → {w['end_date']} ({w['days']:,} days, "
        f"{w['observations']:,} daily observations)",
        "Risk-free rate": _rf_text(f["rf"]),
        "Store as of": data.as_of or "—",
    }
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts.items())
    m = f["metrics"]
    growth = None if m["cumulative_return"] is None else 10_000 * (1 + m["cumulative_return"])
    kpis = "".join(
        [
            _kpi("CAGR", pct(m["cagr"]), m["cagr"]),
            _kpi("Cumulative return", pct(m["cumulative_return"]), m["cumulative_return"]),
            _kpi("Max drawdown", pct(m["max_drawdown"]), m["max_drawdown"]),
            _kpi("Volatility", pct(m["volatility"])),
            _kpi("Sharpe", ratio(m["sharpe"])),
            _kpi("₹10,000 became", inr(growth)),
        ]
    )
    banner = (
        f'<div class="banner synthetic-banner" id="synthetic-banner">{SYNTHETIC_TEXT}</div>'
        if data.synthetic
        else ""
    )
    idcw = (
        '<p><span class="flag" id="idcw-note">IDCW: price return only</span> payouts lower '
        "the NAV, so these returns understate what an investor earned.</p>"
        if f["price_return_only"]
        else ""
    )
    body = (
        f'<p class="sub">{esc(s.get("amc_name") or "")} · {esc(s.get("sebi_category") or "")}'
        f' · {esc(_plan_option(s))}</p>{idcw}<dl class="facts">{dl}</dl>'
        f'<div class="kpis">{kpis}</div>'
    )
    return banner + (
        f'<section id="header"><p class="note">fundlens tearsheet</p>'
        f"<h1>{esc(f['name'])}</h1>{body}</section>"
    )


def _metric_rows(
    data: TearsheetData, medians: dict[str, float | None], groups: tuple[Any, ...]
) -> list[list[str]]:
    f, b = data.fund, data.bench
    rows: list[list[str]] = []
    for group, items in groups:
        rows.append([f'<td colspan="4">{esc(group)}</td>'])
        for key, label, kind in items:
            bench_cell = (
                '<td class="num"></td>'
                if b is None or key in _RELATIVE
                else num_cell(
                    _fmt(b["metrics"][key], kind),
                    key=key,
                    col="benchmark",
                    reason=b["reasons"].get(key),
                )
            )
            rows.append(
                [
                    f"<td>{esc(label)}</td>",
                    num_cell(
                        _fmt(f["metrics"][key], kind),
                        key=key,
                        col="fund",
                        reason=f["reasons"].get(key),
                    ),
                    bench_cell,
                    num_cell(_fmt(medians.get(key), kind), key=key, col="category")
                    if key in medians
                    else '<td class="num"></td>',
                ]
            )
    return rows


def key_metrics(data: TearsheetData, medians: dict[str, float | None]) -> str:
    """Fund vs benchmark vs category median, grouped in two tables side by side; missing
    values carry their reason as a tooltip."""
    heads = ["Metric", "Fund", "Benchmark", "Category median"]
    halves = []
    for groups in (KEY_METRICS[:2], KEY_METRICS[2:]):
        html = table(heads, _metric_rows(data, medians, groups), cls="metrics")
        halves.append(html.replace('<tr><td colspan="4">', '<tr class="group"><td colspan="4">'))
    note = (
        "Percentages are of the whole window unless a period is named; ratios are plain "
        "numbers. Benchmark: its own metrics over the same dates. Category median: the "
        "fund's peers (same SEBI category and plan, growth option). Hover over — to see why "
        "a value is missing."
    )
    body = f'<div class="grid2">{"".join(f"<div class=wrap>{h}</div>" for h in halves)}</div>'
    return section("key-metrics", "Key metrics", body, note=note)
