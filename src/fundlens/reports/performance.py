"""The tearsheet's performance sections: cumulative, rolling, drawdowns, monthly heat map,
calendar and financial years, capture.

Each is a function of :class:`~.data.TearsheetData` returning a ``<section id=…>`` with an
``<h2>``; charts from :mod:`.charts`; sections that need a benchmark say why when there
is none.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from fundlens.analytics.rolling import downsample
from fundlens.reports import charts
from fundlens.reports.data import ROLLING_WINDOWS, TearsheetData
from fundlens.reports.html import (
    MISSING,
    esc,
    heat_colour,
    inr,
    num_cell,
    pct,
    ratio,
    section,
    table,
)
from fundlens.reports.sections import labels

__all__ = ["CHART_POINTS", "capture", "cumulative", "drawdowns", "monthly", "rolling", "yearly"]

#: Points of the cumulative-return line (about one per pixel of the page's width).
CHART_POINTS: Final = charts.POINTS

_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def cumulative(data: TearsheetData) -> str:
    """Cumulative return of the fund and the benchmark over the common window."""
    lv = data.levels
    growth = lv.fund / lv.fund[0] - 1.0
    if lv.bench is not None:
        growth = np.vstack([growth, lv.bench / lv.bench[0] - 1.0])
    dates, shown = downsample(lv.dates, growth, max_points=CHART_POINTS)
    rows = np.atleast_2d(shown)
    bench = rows[1] if lv.bench is not None else None
    chart = charts.cumulative_chart(dates, rows[0], bench, labels=labels(data))
    m = data.fund["metrics"]
    parts = [
        f"₹10,000 invested on {data.fund['window']['start_date']} became "
        f"<b>{inr(10_000 * (1 + m['cumulative_return']))}</b> in the fund"
    ]
    if data.bench is not None:
        bm = data.bench["metrics"]["cumulative_return"]
        parts.append(f" and <b>{inr(10_000 * (1 + bm))}</b> in the benchmark")
    note = "".join(parts) + f" by {data.fund['window']['end_date']}."
    return section("cumulative", "Cumulative return", chart, note=note)


_ROLL_STATS: Final = (
    ("count", "windows"),
    ("mean", "mean"),
    ("median", "median"),
    ("min", "worst"),
    ("max", "best"),
    ("std", "std dev"),
    ("beat_benchmark", "beat benchmark"),
    ("above_0", "> 0%"),
    ("above_8", "> 8%"),
    ("above_10", "> 10%"),
    ("above_12", "> 12%"),
    ("above_15", "> 15%"),
)


def _rolling_rows(data: TearsheetData, window: str) -> list[list[str]]:
    """The fund's statistics of one window, and the benchmark's from its own full set."""
    summary = data.rolling[window]["summary"]
    cells = [f"<td>Fund, {window}</td>"]
    for stat, _ in _ROLL_STATS:
        value = summary.get(stat)
        text = f"{value:,}" if stat == "count" else pct(value, 1)
        cells.append(num_cell(text, key=f"rolling_{window}_{stat}", col="fund"))
    rows = [cells]
    if data.bench is not None:
        bm, why = data.bench["metrics"], data.bench["reasons"]
        cells = [f"<td>Benchmark, {window}</td>", '<td class="num"></td>']
        cells += [
            num_cell(pct(bm[key], 1), col="benchmark", reason=why.get(key))
            if stat != "beat_benchmark"
            else '<td class="num"></td>'
            for stat, _ in _ROLL_STATS[1:]
            for key in [f"rolling_{window}_{stat}"]
        ]
        rows.append(cells)
    return rows


def rolling(data: TearsheetData) -> str:
    """Rolling 1y/3y/5y returns, and their statistics (fund; benchmark from its full set);
    a window longer than the report's says why it has none."""
    shown = [w for w in ROLLING_WINDOWS if data.rolling[w]["summary"].get("count")]
    rows = [row for w in shown for row in _rolling_rows(data, w)]
    body = charts.rolling_chart(data.rolling, labels=labels(data)) if shown else ""
    if rows:
        heads = ["Series", *(label for _, label in _ROLL_STATS)]
        body += f'<div class="wrap">{table(heads, rows)}</div>'
    reasons = data.fund["reasons"]
    body += "".join(
        f'<p class="note">{w}: {esc(reasons.get(f"rolling_{w}_mean", "no rolling window"))}</p>'
        for w in ROLLING_WINDOWS
        if w not in shown
    )
    note = (
        "Annualised return of every window that fits inside the report's window (1y = 365, "
        "3y = 1,095, 5y = 1,825 calendar days), on each NAV date; statistics from every "
        "window, the chart thinned for display."
    )
    return section("rolling", "Rolling returns", body, note=note)


def drawdowns(data: TearsheetData) -> str:
    """Underwater chart and the five deepest drawdowns."""
    under = data.risk["series"]["underwater"]
    episodes = data.risk["drawdown_episodes"]
    chart = charts.underwater_chart(
        np.asarray(under["dates"], dtype="datetime64[D]"),
        np.asarray(under["values"], dtype=float),
        episodes,
    )
    rows = []
    for rank, ep in enumerate(episodes, start=1):
        rows.append(
            [
                f"<td>{rank}</td>",
                num_cell(pct(ep["depth"]), key="depth", col=str(rank)),
                f'<td class="num">{esc(ep["peak_date"])}</td>',
                f'<td class="num">{esc(ep["trough_date"])}</td>',
                f'<td class="num">{esc(ep["recovery_date"] or "not yet")}</td>',
                num_cell(f"{ep['days_to_trough']:,}"),
                num_cell(
                    MISSING if ep["days_to_recover"] is None else f"{ep['days_to_recover']:,}"
                ),
                num_cell(f"{ep['peak_nav']:,.2f} → {ep['trough_nav']:,.2f}"),
            ]
        )
    heads = [
        "#",
        "Depth",
        "Peak",
        "Trough",
        "Recovered",
        "Days falling",
        "Days recovering",
        "NAV peak → trough",
    ]
    top = table(heads, rows, caption="Top 5 drawdowns (non-overlapping, deepest first)")
    note = (
        "Drawdown = NAV / running maximum − 1; the peak is the last date at the running "
        "maximum before the trough; recovery the first NAV back at the peak."
    )
    return section("drawdowns", "Drawdowns", chart + f'<div class="wrap">{top}</div>', note=note)


def monthly(data: TearsheetData) -> str:
    """Heat map of monthly returns: years × months, complete months only."""
    months = data.months
    fund = np.atleast_2d(data.monthly)[0]
    if months.size == 0 or not np.isfinite(fund).any():
        body = '<p class="note">No complete month in the window.</p>'
        return section("monthly", "Monthly returns", body)
    seen = np.isfinite(fund)
    months, fund = months[seen], fund[seen]
    years = months.astype("datetime64[Y]").astype(int) + 1970
    month_no = months.astype(int) % 12
    scale = float(np.nanpercentile(np.abs(fund), 95)) or 1.0
    yearly = data.fund["calendar_year_returns"]
    bench_yearly = {} if data.bench is None else data.bench["calendar_year_returns"]
    rows = []
    for year in range(int(years.min()), int(years.max()) + 1):
        cells = [f"<td><b>{year}</b></td>"]
        for m in range(12):
            hit = np.flatnonzero((years == year) & (month_no == m))
            value = float(fund[hit[0]]) if hit.size and np.isfinite(fund[hit[0]]) else None
            style = f' style="background:{heat_colour(value, scale)}"'
            cells.append(f'<td class="num"{style}>{"" if value is None else pct(value, 1)}</td>')
        cells.append(num_cell(pct(yearly.get(str(year)), 1), key="year", col=str(year)))
        if data.bench is not None:
            cells.append(num_cell(pct(bench_yearly.get(str(year)), 1)))
        rows.append(cells)
    heads = ["Year", *_MONTHS, "Year: fund"] + ([] if data.bench is None else ["benchmark"])
    note = (
        "Return of each complete calendar month (last NAV of the month over the last NAV "
        "of the month before); the current, partial month is left out."
    )
    return section(
        "monthly",
        "Monthly returns",
        f'<div class="wrap">{table(heads, rows, cls="heat")}</div>',
        note=note,
    )


def yearly(data: TearsheetData) -> str:
    """Calendar-year and financial-year (April–March) returns, fund vs benchmark."""
    names = labels(data)
    out = []
    for ident, key, title in (
        ("calendar-years", "calendar_year_returns", "Calendar-year returns"),
        ("financial-years", "financial_year_returns", "Financial-year returns (April–March)"),
    ):
        fund = data.fund[key]
        if not fund:
            out.append(f'<p class="note">{esc(title)}: no complete year in the window.</p>')
            continue
        periods = list(fund)
        bench = None if data.bench is None else [data.bench[key].get(p) for p in periods]
        out.append(
            charts.period_bars(
                periods, [fund[p] for p in periods], bench, title=title, names=names, ident=ident
            )
        )
    note = "Complete years only; FY2016 is 1 April 2015 – 31 March 2016."
    return section("yearly", "Calendar and financial years", "".join(out), note=note)


def capture(data: TearsheetData) -> str:
    """Scatter of monthly fund vs benchmark returns with the capture figures."""
    if data.bench is None:
        body = f'<p class="note">No benchmark: {esc(data.no_benchmark_reason)}.</p>'
        return section("capture", "Up- and down-market capture", body)
    both = np.atleast_2d(data.monthly)
    keep = np.isfinite(both).all(axis=0)
    fund, bench = both[0, keep], both[1, keep]
    chart = (
        charts.capture_scatter(fund, bench, labels=labels(data))
        if fund.size
        else '<p class="note">No complete month in the window: no monthly scatter.</p>'
    )
    m, reasons = data.fund["metrics"], data.fund["reasons"]
    figures = [
        ("Up-market capture, monthly (Freefincal)", "up_capture_monthly", int((bench > 0).sum())),
        ("Down-market capture, monthly", "down_capture_monthly", int((bench < 0).sum())),
        ("Up-market capture, daily (arithmetic)", "up_capture", None),
        ("Down-market capture, daily", "down_capture", None),
    ]
    rows = [
        [
            f"<td>{esc(label)}</td>",
            num_cell(pct(m[key], 1), key=key, col="fund", reason=reasons.get(key)),
            num_cell("" if n is None else f"{n:,}"),
        ]
        for label, key, n in figures
    ]
    rows.append(
        [
            "<td>Capture ratio (up / down, monthly)</td>",
            num_cell(ratio(m["capture_ratio"]), key="capture_ratio", col="fund"),
            '<td class="num"></td>',
        ]
    )
    figures_table = table(["Figure", "Value", "Months"], rows)
    note = (
        "Up capture above 100% and down capture below 100% is what an investor wants: "
        "more of the rises, less of the falls."
    )
    body = f'<div class="grid2">{chart}<div class="wrap">{figures_table}</div></div>'
    return section("capture", "Up- and down-market capture", body, note=note)
