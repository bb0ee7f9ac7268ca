"""Fund page: everything about one fund — seed 002 §6.2 analysis (returns, risk, benchmark
and peer comparison; portfolio and manager "not available" with the reason), its standing
in its category, the NAV chart, the full metric set, and downloads of the NAV CSV and the
HTML tearsheet. The fund is ``code`` in the URL; tables and figures come from
:mod:`fundlens.web.fund_view`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from fundlens.web import fmt, state
from fundlens.web.client import ApiError, api, cached_get
from fundlens.web.fund_search import scheme_hit, search_box
from fundlens.web.fund_view import (
    LEADER_WINDOWS,
    benchmark_table,
    drawdown_table,
    facts_table,
    metric_reasons,
    metrics_table,
    nav_figure,
    not_available,
    peer_table,
    returns_table,
    risk_table,
    rolling_stats_table,
    standing_table,
    year_returns_figure,
    year_returns_table,
)
from fundlens.web.layout import call, metric_value, page_setup, show_chart, show_table


def fetch_bytes(path: str, **params: Any) -> Callable[[], bytes]:
    """A download's content, fetched from the API only when the button is clicked (the
    tearsheet takes a second or two to build); a failure gives a one-line text file."""

    def get() -> bytes:
        try:
            return api().get_bytes(path, **params)[0]
        except ApiError as err:
            return f"fundlens could not fetch {path}: {err.detail}\n".encode()

    return get


def header(a: dict) -> None:
    """Name, what the fund is, and the headline numbers."""
    st.header(a["scheme_name"] or f"Scheme {a['scheme_code']}")
    st.caption(
        " · ".join(
            str(x)
            for x in (
                a.get("fund_house"), a.get("category"), fmt.plan_label(a.get("plan")),
                fmt.option_label(a.get("option")), f"AMFI code {a['scheme_code']}",
                f"NAVs {fmt.day(a.get('first_nav_date'))} – {fmt.day(a.get('last_nav_date'))}",
            )
            if x
        )
    )  # fmt: skip
    if a["price_return_only"]:
        st.warning("IDCW option: its NAV falls at every payout, so these are price returns.")
    r, risk = a["returns"], a["risk_metrics"]
    cards = [
        ("1Y return", fmt.pct_of(r["1y"]), "ret-1y"),
        ("3Y CAGR", fmt.pct_of(r["3y"]), "ret-3y"),
        ("5Y CAGR", fmt.pct_of(r["5y"]), "ret-5y"),
        ("Since first NAV", fmt.pct_of(r["since_first_nav"]), "ret-si"),
        ("Volatility 3Y", fmt.pct_of(risk["volatility_3y"]), "vol-3y"),
        ("Sharpe 3Y", fmt.ratio(risk["sharpe_ratio_3y"]), "sharpe-3y"),
        ("Max drawdown 3Y", fmt.pct_of(risk["max_drawdown_3y"]), "mdd-3y"),
    ]
    for col, (label, value, key) in zip(st.columns(len(cards)), cards, strict=True):
        with col:
            metric_value(label, value, key)


def downloads(code: int) -> None:
    """The NAV CSV and the HTML tearsheet, each fetched from the API on click."""
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(
        "Download NAV CSV", data=fetch_bytes(f"/api/v1/funds/{code}/nav", format="csv"),
        file_name=f"fundlens-{code}-nav.csv", mime="text/csv", on_click="ignore",
        key="fund-dl-nav",
    )  # fmt: skip
    c2.download_button(
        "Download HTML report", data=fetch_bytes(f"/api/v1/funds/{code}/report"),
        file_name=f"fundlens-{code}-report.html", mime="text/html", on_click="ignore",
        key="fund-dl-report",
    )  # fmt: skip


def nav_chart(code: int) -> None:
    nav = call(cached_get, f"/api/v1/funds/{code}/nav")
    if nav is None:
        return
    log = st.toggle("Log scale", key="fund-nav-log")
    show_chart(nav_figure(nav, log_scale=log), "fund-nav")


def analysis_tables(a: dict) -> None:
    """Facts, returns, risk and the benchmark comparison of the seed 002 analysis."""
    left, right = st.columns(2)
    with left:
        st.subheader("Returns")
        show_table(returns_table(a), "fund-returns", caption="CAGR from 1 year up; percent.")
    with right:
        st.subheader("Risk")
        show_table(risk_table(a), "fund-risk")
        st.subheader("Fund")
        show_table(facts_table(a), "fund-facts")
    st.subheader("Against the benchmark")
    v = a["benchmark_comparison"]
    if v["benchmark"] is None:
        st.info(f"No benchmark: {v['reasons'].get('fund_return_3y', 'none for this category')}")
    else:
        st.caption(
            f"{v['benchmark']} — common dates {fmt.day(v['start_date'])} – "
            f"{fmt.day(v['end_date'])}; 3-year figures."
        )
    show_table(benchmark_table(a), "fund-benchmark")


def peers(code: int, a: dict) -> None:
    """The analysis' peer rank (or why none) and the category's quartiles by window."""
    st.subheader("In its category")
    ranked = peer_table(a)
    if ranked is None:
        st.markdown(f"Peer rank (seed 002): {not_available(a['peer_comparison'])}")
    else:
        show_table(ranked, "fund-peer-rank")
    hit, plan = scheme_hit(code), a.get("plan")
    slug = None if hit is None else hit.get("category_slug")
    if slug is None or plan is None:
        st.caption("No peer group: the scheme's category or plan is not known.")
        return
    boards = {}
    for w in LEADER_WINDOWS:
        path = f"/api/v1/categories/{slug}/leaders"
        board = call(cached_get, path, metric="return", window=w, plan=plan, limit=50)
        if board is not None:
            boards[w] = board
    if not any(b["peer_count"] for b in boards.values()):
        st.caption(
            f"No {a.get('category')} {fmt.plan_label(plan)} fund is ranked on "
            f"{fmt.day(a.get('as_of_date'))}: a peer needs a NAV in the 7 days before that "
            "date and enough history."
        )
        return
    show_table(
        standing_table(code, a, boards), "fund-standing",
        caption=f"Trailing returns of the {a.get('category')} {fmt.plan_label(plan)} growth "
        "funds alive on the store's last date; rank 1 = best (the top 50 are listed).",
    )  # fmt: skip


def full_metrics(code: int) -> None:
    """The full metric set (``fundlens metrics``) against the category benchmark."""
    m = call(cached_get, f"/api/v1/funds/{code}/metrics")
    if m is None:
        return
    st.subheader("All metrics")
    bench = m["benchmark"]
    window = m["window"]
    st.caption(
        f"{'Against ' + bench['name'] + ' (' + bench['label'] + ')' if bench else 'No benchmark'}"
        f"; window {fmt.day(window['start_date'])} – {fmt.day(window['end_date'])}, "
        f"risk-free {fmt.pct(m['rf'].get('annual_rate'))} a year."
    )
    show_table(metrics_table(m), "fund-metrics")
    st.subheader("Rolling returns")
    show_table(rolling_stats_table(m), "fund-rolling", caption="Annualised; shares of windows.")
    left, right = st.columns(2)
    with left:
        st.subheader("Deepest fall")
        show_table(drawdown_table(m), "fund-drawdown")
    with right:
        st.subheader("Year by year")
        show_table(year_returns_table(m), "fund-years")
    if m["calendar_year_returns"]:
        show_chart(year_returns_figure(m), "fund-years-chart")
    reasons = metric_reasons(m)
    if len(reasons):
        show_table(reasons, "fund-reasons", caption="Why some values are missing.")


def main() -> None:
    page_setup("Fund page")
    code = state.get_int("code", 0)
    picked = search_box("fund", exclude=(code,))
    if picked is not None:
        state.set_params(code=str(picked))
        st.rerun()
    if code <= 0:
        st.info("Find a fund above to see its analysis, NAVs and reports.")
        return
    a = call(cached_get, f"/api/v1/funds/{code}/analysis")
    if a is None:
        return
    header(a)
    downloads(code)
    nav_chart(code)
    analysis_tables(a)
    peers(code, a)
    st.subheader("Portfolio and fund manager")
    st.markdown(f"Portfolio: {not_available(a['portfolio_analysis'])}")
    st.markdown(f"Fund manager: {not_available(a['fund_manager'])}")
    full_metrics(code)


main()
