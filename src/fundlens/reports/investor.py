"""The investor's sections of the tearsheet: SIP (path and rolling SIPs) and peer rank.

Numbers come from :mod:`fundlens.services.sip` and :mod:`fundlens.services.category`
through :class:`~.data.TearsheetData`; rupees are shown with Indian digit grouping.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np

from fundlens.reports import charts
from fundlens.reports.data import TearsheetData
from fundlens.reports.html import MISSING, esc, inr, num_cell, pct, section, table

__all__ = ["sip"]

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
    stats = table(["Duration", *(name for _, name in _DIST)], rows)
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
