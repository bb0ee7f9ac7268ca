"""The investor's sections of the tearsheet: SIP (path and rolling SIPs) and peer rank.

Peer rank: rank 1 = best in the direction each metric is better; percentile = the share
of the other peers the fund beats (1 = best); quartile 1 = top (percentile ≥ 0.75); the
peer group is the fund's SEBI category and plan, growth option, alive at the window's
last date, with enough history for the window.

Numbers come from :mod:`fundlens.services.sip` and :mod:`fundlens.services.category`
through :class:`~.data.TearsheetData`; rupees are shown with Indian digit grouping.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from fundlens.reports import charts
from fundlens.reports.data import TearsheetData
from fundlens.reports.html import MISSING, esc, inr, num_cell, pct, ratio, section, table

__all__ = ["PEER_METRICS", "category_medians", "peers", "sip"]

#: (key, label, format) of the peer-rank table: the main metrics an investor compares.
PEER_METRICS: Final[tuple[tuple[str, str, str], ...]] = (
    ("return_1y", "Return, 1 year", "pct"),
    ("return_3y", "Return, 3 years (CAGR)", "pct"),
    ("return_5y", "Return, 5 years (CAGR)", "pct"),
    ("return_10y", "Return, 10 years (CAGR)", "pct"),
    ("volatility_3y", "Volatility, 3 years", "pct"),
    ("max_drawdown_3y", "Maximum drawdown, 3 years", "pct"),
    ("sharpe_3y", "Sharpe ratio, 3 years", "ratio"),
    ("sortino_3y", "Sortino ratio, 3 years", "ratio"),
    ("alpha_3y", "Jensen's alpha, 3 years", "pct"),
    ("information_ratio_3y", "Information ratio, 3 years", "ratio"),
    ("up_capture_monthly_3y", "Up-market capture, 3 years", "pct"),
    ("down_capture_monthly_3y", "Down-market capture, 3 years", "pct"),
    ("rolling_3y_mean", "Mean 3-year rolling return", "pct"),
    ("rolling_3y_beat_benchmark", "3-year windows beating the benchmark", "pct"),
)
_QUARTILE_COLOUR: Final = {1: "#dcfce7", 2: "#ecfccb", 3: "#fef3c7", 4: "#fee2e2"}

_DIST: Final = (
    ("count", "SIPs"),
    ("min", "worst"),
    ("p10", "10th pct"),
    ("p25", "25th pct"),
    ("median", "median"),
    ("mean", "mean"),
    ("p75", "75th pct"),
    ("p90", "90th pct"),
    ("max", "best"),
    ("below_0", "< 0%"),
    ("above_8", "> 8%"),
    ("above_12", "> 12%"),
    ("above_15", "> 15%"),
)


def _kpi(label: str, text: str, key: str = "") -> str:
    attr = f' data-key="{esc(key)}"' if key else ""
    return f'<div class="kpi"><b{attr}>{esc(text)}</b><span>{esc(label)}</span></div>'


def _sip_path(s: dict[str, Any]) -> str:
    summary, plan, lump = s["summary"], s["plan"], s["lump_sum"]
    xirr = pct(summary["xirr"])
    kpis = "".join(
        [
            _kpi("invested", inr(summary["invested"]), "sip_invested"),
            _kpi("value", inr(summary["value"]), "sip_value"),
            _kpi("gain", inr(summary["gain"]), "sip_gain"),
            _kpi("SIP XIRR", xirr, "sip_xirr"),
            _kpi("lump sum of the same total", inr(lump["value"]), "lump_value"),
            _kpi("lump-sum CAGR", pct(lump["cagr"]), "lump_cagr"),
        ]
    )
    path = s["path"]
    chart = charts.sip_chart(
        np.asarray(path["dates"], dtype="datetime64[D]"),
        np.asarray(path["invested"], dtype=float),
        np.asarray(path["value"], dtype=float),
    )
    lead = (
        f"{inr(plan['amount'])} a month on day {plan['day']} "
        f"({summary['instalments']:,} instalments, {summary['first_instalment']} → "
        f"{summary['last_instalment']}; a holiday or a missing day buys on the next NAV "
        f"date), valued at the NAV of {summary['valuation_date']} "
        f"({summary['valuation_nav']:,.4g}). The lump sum invests the same total on the "
        f"first instalment's date."
    )
    reasons = "".join(f'<p class="note">XIRR: {esc(r)}</p>' for r in s["reasons"].values())
    notes = "".join(f'<p class="note">{esc(n)}</p>' for n in s["notes"])
    return f'<p>{esc(lead)}</p><div class="kpis">{kpis}</div>{reasons}{notes}{chart}'


def _rolling(r: dict[str, Any]) -> str:
    windows = r["windows"]
    rows = []
    for label, w in windows.items():
        if not w["distribution"].get("count"):
            continue
        d = w["distribution"]
        cells = [f"<td>{esc(label)} SIPs</td>"]
        for key, _ in _DIST:
            value = d.get(key)
            text = (f"{value:,}" if value else MISSING) if key == "count" else pct(value, 1)
            cells.append(
                num_cell(text, key=f"rolling_sip_{label}_{key}", col="fund", reason=w.get("reason"))
            )
        rows.append(cells)
    dist = {
        label: np.array([np.nan if x is None else x for x in w["xirr"]], dtype=float)
        for label, w in windows.items()
    }
    chart = (
        charts.rolling_sip_chart(dist) if any(np.isfinite(v).any() for v in dist.values()) else ""
    )
    why = "".join(
        f'<p class="note">{esc(label)}: {esc(w["reason"])}</p>'
        for label, w in windows.items()
        if w.get("reason")
    )
    stats = table(["Duration", *(name for _, name in _DIST)], rows) if rows else ""
    return (
        f"<h3>Rolling SIPs: the XIRR of a SIP started in every month</h3>{chart}{why}"
        f'<div class="wrap">{stats}</div>'
    )


def sip(data: TearsheetData) -> str:
    """SIP path (value against invested, XIRR, the lump sum beside it) and the
    distribution of rolling SIP XIRRs."""
    path = (
        _sip_path(data.sip)
        if data.sip is not None
        else f'<p class="note">No SIP in the window: {esc(data.sip_reason)}.</p>'
    )
    note = (
        "A monthly SIP over the report's window. Rolling SIPs: every 1-, 3- and 5-year SIP "
        "that starts and ends inside the window, one per start month; XIRR a year."
    )
    return section("sip", "SIP", path + _rolling(data.rolling_sip), note=note)


def category_medians(data: TearsheetData) -> dict[str, float | None]:
    """Category median of every key the peer service ranks (for the key-metrics table)."""
    return {key: entry["category_median"] for key, entry in data.peers["metrics"].items()}


def _rank_text(rank: float | None, count: int | None) -> str:
    if rank is None:
        return MISSING
    shown = f"{rank:g}"
    return f"{shown} of {count:,}" if count else shown


def _quartile_cell(quartile: int | None, *, key: str, reason: str | None = None) -> str:
    if quartile is None:
        return num_cell(MISSING, key=key, col="quartile", reason=reason)
    colour = _QUARTILE_COLOUR.get(int(quartile), "transparent")
    return (
        f'<td class="num" data-key="{esc(key)}" data-col="quartile" '
        f'style="background:{colour}">Q{int(quartile)}</td>'
    )


def _metric_rows(p: dict[str, Any]) -> list[list[str]]:
    rows = []
    for key, label, kind in PEER_METRICS:
        entry = p["metrics"].get(key)
        if entry is None:
            continue
        why = p["reasons"].get(key)
        fmt = pct if kind == "pct" else ratio
        rows.append(
            [
                f"<td>{esc(label)}</td>",
                num_cell(fmt(entry["value"]), key=key, col="value"),
                num_cell(
                    _rank_text(entry["rank"], entry["peer_count"]), key=key, col="rank", reason=why
                ),
                num_cell(pct(entry["percentile"], 0), key=key, col="percentile", reason=why),
                _quartile_cell(entry["quartile"], key=key, reason=why),
                num_cell(fmt(entry["category_median"]), key=key, col="median"),
                f"<td>{esc('higher' if entry['better'] == 'higher' else 'lower')} is better</td>",
            ]
        )
    return rows


def _year_rows(p: dict[str, Any]) -> list[list[str]]:
    rows = []
    for year, e in p["calendar_years"].items():
        rows.append(
            [
                f"<td>{esc(year)}</td>",
                num_cell(pct(e["return"], 1), key=f"year_{year}", col="value"),
                num_cell(_rank_text(e["rank"], e["peer_count"]), key=f"year_{year}", col="rank"),
                _quartile_cell(
                    e["quartile"], key=f"year_{year}", reason="fewer than 2 peers that year"
                ),
                num_cell(pct(e["category_median"], 1), key=f"year_{year}", col="median"),
            ]
        )
    return rows


def peers(data: TearsheetData) -> str:
    """Rank, percentile and quartile of the main metrics in the fund's category, and its
    calendar-year quartiles."""
    p = data.peers
    group = f"{p['sebi_category'] or 'unclassified'} · {p['plan'] or 'plan unknown'} plan"
    lead = f"<p>Peers: <b>{esc(group)}</b>, growth option, alive on {esc(p['as_of'])}.</p>"
    if p["excluded"]:
        lead += f'<p class="note">Not ranked: {esc(p["excluded"])}.</p>'
    heads = ["Metric", "Fund", "Rank", "Percentile", "Quartile", "Category median", "Direction"]
    body = lead + f'<div class="wrap">{table(heads, _metric_rows(p))}</div>'
    years = _year_rows(p)
    if years:
        yheads = ["Calendar year", "Return", "Rank", "Quartile", "Category median"]
        body += (
            "<h3>Calendar-year quartiles (peers of each year, closed funds included)</h3>"
            f'<div class="wrap">{table(yheads, years)}</div>'
        )
    note = (
        "Rank 1 = best; percentile = share of the other peers the fund beats; Q1 = top "
        "quarter. A peer needs a NAV in the 7 days to the date and enough history for the "
        "window; IDCW options are left out (price returns). Hover over — for the reason."
    )
    return section("peers", "Peer rank", body, note=note)
