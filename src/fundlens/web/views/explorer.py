"""Fund explorer (seed 003 Gen 3): up to five funds against one benchmark.

Sidebar: fund search (name, old name, ISIN or code — every plan and option, each hit saying
which), the benchmark picker (imported index series and curated index funds, with a text
filter), rolling windows and the period (5Y / 10Y / since 2006 / all / custom, relative to
the store's as-of date). Main area, three cards:

1. Rolling returns of the chosen window (tabs), annualised or absolute, with summary
   statistics from the full-resolution series (``POST /api/performance/rolling-returns``).
2. Performance and risk: outperformance of rolling windows and the spread of rolling
   returns (labelled as such), then the engine's daily-return metrics — volatility, beta,
   tracking error, information ratio, Sharpe, Sortino — and a risk-return map
   (``POST /api/v1/performance/summary``).
3. Market capture: Freefincal's monthly up/down capture and capture ratio, the
   down-market excess, the monthly scatter, the rolling excess return, and drawdowns
   (summary + ``POST /api/performance/fund-analytics``).

Everything chosen lives in the URL (``funds``, ``bench``, ``windows``, ``tab``, ``mode``,
``preset``, ``start``, ``end``), so a view can be shared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from fundlens.web import explorer_charts as charts
from fundlens.web import explorer_view as view
from fundlens.web import fmt, state
from fundlens.web.client import cached_get, cached_post
from fundlens.web.fund_search import scheme_hit
from fundlens.web.layout import call, page_setup, show_chart, show_table
from fundlens.web.periods import DATE_PRESETS, preset_range

#: Wider first columns: scheme names wrap less.
_CSS = """<style>
table.fl-table[data-testid^="table-explorer"] { font-size: 0.8rem; }
table.fl-table[data-testid^="table-explorer"] td:first-child { min-width: 12rem; }
table.fl-table[data-testid^="table-explorer"] th { white-space: normal; }
</style>"""


def _set_funds(funds: list[int]) -> None:
    state.set_params(funds=funds or None)
    st.rerun()


def fund_picker() -> list[int]:
    """Search, pick and remove funds (≤ 5); the chosen codes (also in the URL)."""
    funds: list[int] = []
    for raw in state.get_list("funds"):
        code = state.parse_int(raw, 0)
        if code > 0 and code not in funds:
            funds.append(code)
    funds = funds[: view.MAX_FUNDS]
    st.subheader("Funds")
    query = st.text_input(
        "Search by name, old name or ISIN", key="x_query", placeholder="e.g. sbi blue chip"
    ).strip()
    if len(funds) >= view.MAX_FUNDS:
        st.caption(f"{view.MAX_FUNDS} funds chosen: remove one to add another.")
    elif len(query) >= 2:
        hits = call(cached_get, "/api/schemes/search", q=query, all_variants=True, limit=30)
        rows = [h for h in (hits or {}).get("data", []) if h["scheme_code"] not in funds]
        if hits is not None and not rows:
            st.caption(f"No fund matches “{query}”.")
        if rows:
            labels = {h["scheme_code"]: view.fund_label(h) for h in rows}
            picked = st.selectbox(
                "Matches",
                list(labels),
                index=None,
                format_func=labels.__getitem__,
                placeholder=f"{len(rows)} match{'es' if len(rows) > 1 else ''}: choose one",
                key=f"x_pick_{query}_{'-'.join(map(str, funds))}",
            )
            if picked is not None:
                _set_funds([*funds, int(picked)])
    known: list[int] = []
    for code in list(funds):
        row = scheme_hit(code)
        text, remove = st.columns([3, 1], vertical_alignment="center")
        if row is None:
            text.warning(f"Scheme {code} is not in the store.")
        else:
            known.append(code)
            text.markdown(f"**{row['scheme_name']}**  \n{view.fund_label(row).split(' · ', 1)[1]}")
        if remove.button("Remove", key=f"x_remove_{code}", type="tertiary"):
            _set_funds([c for c in funds if c != code])
    return known


def benchmark_picker() -> str | None:
    """The benchmark token (imported index series or index fund), with a text filter."""
    st.subheader("Benchmark")
    funds = call(cached_get, "/api/schemes/index-funds")
    series = call(cached_get, "/api/v1/indices")
    choices = view.benchmark_choices((funds or {}).get("data", []), (series or {}).get("data", []))
    if not choices:
        st.warning("This store has no index fund or index series to use as a benchmark.")
        return None
    by_token = {c.token: c for c in choices}
    token = state.get_param("bench")
    if token not in by_token:
        token = view.default_benchmark(choices)
    text = st.text_input("Filter", key="x_bench_filter", placeholder="e.g. nifty 50, TRI, uti")
    shown = view.filter_choices(choices, text)
    if token not in {c.token for c in shown}:
        shown = [by_token[str(token)], *shown]
    tokens = [c.token for c in shown]
    chosen = st.selectbox(
        "Benchmark",
        tokens,
        index=tokens.index(str(token)),
        format_func=lambda t: by_token[t].label,
        key=f"x_bench_{text.strip().lower()}",
        label_visibility="collapsed",
    )
    st.caption(
        "Index funds stand in for their index, costs included (never TRI); imported series "
        "are labelled TRI or price index."
    )
    return str(chosen)


def period_picker(meta: dict[str, Any]) -> tuple[dt.date | None, dt.date | None, str]:
    """The period: a preset relative to the store's as-of date, or custom dates;
    returns (start, end, preset)."""
    as_of = state.parse_date(meta.get("as_of_date"), None) or dt.date.today()
    first = state.parse_date(meta.get("first_date"), None) or dt.date(1990, 1, 1)
    preset = state.get_param("preset", "all")
    preset = str(
        st.segmented_control(
            "Period",
            list(DATE_PRESETS),
            default=preset if preset in list(DATE_PRESETS) else "all",
            format_func=DATE_PRESETS.__getitem__,
            required=True,
            key="x_preset",
        )
    )
    start, end = preset_range(preset, as_of)
    if preset == "custom":
        a, b = st.columns(2)
        start = a.date_input(
            "From", value=state.get_date("start", start or first), min_value=first,
            max_value=as_of, format="DD/MM/YYYY", key="x_start",
        )  # fmt: skip
        end = b.date_input(
            "To", value=state.get_date("end", as_of), min_value=first, max_value=as_of,
            format="DD/MM/YYYY", key="x_end",
        )  # fmt: skip
    st.caption(f"{fmt.day(start) if start else 'First NAV'} – {fmt.day(end)}")
    return start, end, preset


def window_picker() -> list[str]:
    """The rolling windows asked for (at least one)."""
    wanted = [w for w in state.get_list("windows", ("1y", "3y", "5y")) if w in view.WINDOWS]
    picked = st.pills(
        "Rolling windows",
        view.WINDOWS,
        selection_mode="multi",
        default=wanted or ["1y"],
        format_func=view.window_label,
        key="x_windows",
    )
    return [w for w in view.WINDOWS if w in (picked or [])]


def rolling_card(body: dict[str, Any], windows: list[str]) -> str:
    """Card 1; returns the window tab chosen (Cards 2 and 3 follow it)."""
    st.subheader("Rolling returns")
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    tab = state.get_param("tab", windows[0])
    tab = left.segmented_control(
        "Window",
        windows,
        default=tab if tab in windows else windows[0],
        format_func=view.window_label,
        required=True,
        key=f"x_tab_{'-'.join(windows)}",
    )
    annualised = right.toggle(
        "Annualised", value=state.get_param("mode") != "absolute", key="x_annualised",
        help="On: CAGR over each window. Off: absolute return over each window.",
    )  # fmt: skip
    state.set_params(tab=tab, mode=None if annualised else "absolute")
    path = "/api/performance/rolling-returns"
    rolling = call(cached_post, path, {**body, "windows": windows, "annualised": annualised})
    if rolling is None:
        return str(tab)
    for sentence in view.lacks_history(rolling, str(tab)):
        st.warning(sentence)
    points = view.rolling_points(rolling, str(tab))
    if not points.empty:
        kind = "annualised" if annualised else "absolute"
        st.markdown(f"**Rolling {view.window_label(str(tab))} returns, {kind}**")
        show_chart(charts.rolling_figure(points, str(tab), annualised=annualised), "x-rolling")
    show_table(
        view.rolling_table(rolling, str(tab)),
        "explorer-rolling",
        caption="Statistics of every rolling window in the period (the chart shows ≤ 500). "
        "A fund's windows are those it shares with the benchmark.",
    )
    return str(tab)


def risk_card(summary: dict[str, Any], tab: str) -> None:
    """Card 2: outperformance and spread of rolling returns; daily-return metrics."""
    st.subheader("Performance and risk")
    st.markdown(
        f"**Rolling {view.window_label(tab)} windows** — how often each fund beat the "
        "benchmark, and how widely its rolling returns spread"
    )
    show_table(
        view.outperformance_table(summary, tab),
        "explorer-outperformance",
        caption="Spread: the standard deviation of the fund's rolling returns (a year) — "
        "not its volatility, which comes from daily returns below.",
    )
    rf = summary["funds"][0]["metrics"]["rf"]
    rate = fmt.pct(rf["annual_rate"]) if rf["kind"] == "flat" else "a stored series"
    st.markdown(
        "**Daily returns** — volatility, beta, tracking error, information ratio, Sharpe "
        "and Sortino from the engine, on the dates fund and benchmark share"
    )
    show_table(
        view.risk_table(summary),
        "explorer-risk",
        caption=f"Risk-free rate {rate} a year. Monday–Friday returns, annualised with 252.",
    )
    st.markdown("**Risk and return** — each fund and the benchmark over the same dates")
    show_chart(charts.risk_return_figure(summary), "x-risk-return")


def capture_card(summary: dict[str, Any], drawdowns: dict[str, Any] | None, tab: str) -> None:
    """Card 3: monthly capture, down-market excess, scatter, rolling excess, drawdowns."""
    st.subheader("Market capture")
    show_table(
        view.capture_table(summary, tab),
        "explorer-capture",
        caption="Up/down capture: the fund's CAGR over complete months when the benchmark "
        "rose (fell) divided by the benchmark's (Freefincal's method). Down-market excess: "
        "the mean fund − benchmark rolling return over the windows where the benchmark's "
        "was negative.",
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Monthly returns: fund vs benchmark**")
        show_chart(charts.capture_figure(summary), "x-capture")
    with right:
        st.markdown(f"**Rolling {view.window_label(tab)} excess return** (fund − benchmark)")
        show_chart(charts.excess_figure(summary, tab), "x-excess")
    if drawdowns is not None:
        st.markdown("**Drawdowns** — the deepest fall of each in the period, on its own NAVs")
        show_table(view.drawdown_table(drawdowns), "explorer-drawdowns")


def cards(body: dict[str, Any], windows: list[str]) -> None:
    """The three cards for the request ``body`` (funds, benchmark, dates)."""
    with st.container(border=True):
        tab = rolling_card(body, windows)
    summary = call(cached_post, "/api/v1/performance/summary", {**body, "windows": windows})
    drawdowns = call(cached_post, "/api/performance/fund-analytics", body)
    if summary is None:
        return
    with st.container(border=True):
        risk_card(summary, tab)
    with st.container(border=True):
        capture_card(summary, drawdowns, tab)


def main() -> None:
    meta = page_setup("Fund explorer")
    st.html(_CSS)
    with st.sidebar:
        funds = fund_picker()
        bench = benchmark_picker()
        st.subheader("Period")
        windows = window_picker()
        start, end, preset = period_picker(meta)
    custom = preset == "custom"
    state.set_params(
        bench=bench, windows=windows, preset=None if preset == "all" else preset,
        start=start if custom else None, end=end if custom else None,
    )  # fmt: skip
    if not funds:
        st.info(
            "Search for a fund in the sidebar and choose it — up to five; every plan and "
            "option is listed separately."
        )
        return
    if bench is None or not windows:
        st.info("Choose a benchmark and at least one rolling window.")
        return
    if start and end and start > end:
        st.error(f"The period starts ({fmt.day(start)}) after it ends ({fmt.day(end)}).")
        return
    codes = [c for c in funds if str(c) != bench]
    if len(codes) < len(funds):
        st.warning("The benchmark is also one of the funds: it is left out of the funds.")
    if codes:
        cards(
            {"scheme_codes": codes, **view.benchmark_body(bench),
             "start_date": start.isoformat() if start else None,
             "end_date": end.isoformat() if end else None},
            windows,
        )  # fmt: skip


main()
