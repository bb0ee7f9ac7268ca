"""Expense drag: an AMC's Direct/Regular pairs → both NAVs, the drag and its yearly rate.

From ``GET /api/expense/pairs/{amc}`` and ``GET /api/expense/drag/{amc}``. The drag is how
far the Direct plan has pulled ahead of the Regular one since their first common NAV date,
(D_t / D_0) / (R_t / R_0) − 1. State in the URL: ``amc`` (slug) and ``pair`` (the Direct
plan's scheme code).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from fundlens.web import expense_view as v
from fundlens.web import fmt, state, theme
from fundlens.web.client import cached_get
from fundlens.web.layout import call, metric_value, page_setup, show_chart, show_table


def _amc(amcs: list[dict[str, Any]]) -> str:
    """The AMC select: from the URL, else the AMC with most schemes."""
    slugs = [a["amc_id"] for a in amcs]
    names = {a["amc_id"]: a["name"] for a in amcs}
    largest = max(range(len(amcs)), key=lambda i: (amcs[i]["scheme_count"], -i), default=0)
    wanted = state.get_param("amc", None)
    if wanted is not None and wanted not in slugs:
        st.warning(f"No AMC {wanted!r} in the store: showing {names[slugs[largest]]}.")
    return st.selectbox(
        "AMC",
        slugs,
        index=slugs.index(wanted) if wanted in slugs else largest,
        format_func=names.__getitem__,
        key="expense-amc",
    )


def _pair(pairs: list[dict[str, Any]], amc: str) -> int:
    """The pair select (a new widget per AMC): from the URL, else the first growth pair."""
    codes = [p["direct_code"] for p in pairs]
    labels = {p["direct_code"]: v.pair_label(p) for p in pairs}
    wanted = state.get_int("pair", 0)
    if wanted and wanted not in codes and state.get_param("amc", None) == amc:
        st.warning(f"No Direct/Regular pair of this AMC has Direct plan {wanted}.")
    growth = next((i for i, p in enumerate(pairs) if not p["price_return_only"]), 0)
    return st.selectbox(
        "Direct / Regular pair",
        codes,
        index=codes.index(wanted) if wanted in codes else growth,
        format_func=labels.__getitem__,
        key=f"expense-pair-{amc}",
    )


def _pair_view(pair: dict[str, Any]) -> None:
    cols = st.columns([1, 1, 2])
    with cols[0]:
        metric_value("Drag a year", fmt.pct_of(pair["annualised_drag"], 2), "annualised-drag")
    with cols[1]:
        metric_value("Total drag", fmt.pct_of(pair["total_drag"], 2), "total-drag")
    with cols[2]:
        span = f"{fmt.day(pair['start_date'])} – {fmt.day(pair['end_date'])}"
        metric_value(f"Common history ({fmt.group_in(pair['days'])} days)", span, "drag-period")
    if pair["annualised_drag"] is None:
        st.warning(f"Too little common history for a yearly rate: {pair['reason']}.")
    if pair["price_return_only"]:
        st.warning(
            "An IDCW option: both NAVs drop at every payout, so this drag is a difference of "
            "price returns, not a measure of cost. The AMC's summary leaves it out."
        )
    show_chart(v.drag_figure(pair, template=theme.plotly_template()), "expense-chart")


def _summary(drag: dict[str, Any]) -> None:
    st.subheader(f"{drag['amc_name']}: every pair")
    values = v.summary_values(drag)
    cols = st.columns(3)
    labels = {
        "growth-pairs": "Growth pairs",
        "median-drag": "Median drag a year",
        "mean-drag": "Mean drag a year",
    }
    for col, (key, label) in zip(cols, labels.items(), strict=True):
        with col:
            metric_value(label, values[key], key)
    show_table(v.pairs_frame(drag), "expense-pairs")
    by_category = v.category_frame(drag)
    if not by_category.empty:
        show_table(by_category, "expense-categories", caption="Growth pairs only.")


meta = page_setup("Expense drag")
st.caption(
    "How far an AMC's Direct plans have pulled ahead of their Regular twins — the cost of "
    "the Regular plan's higher expense ratio — since both first had a NAV."
)
amc_list = call(cached_get, "/api/amc/list")
if amc_list is None:
    st.stop()
amc = _amc(amc_list["amcs"])
listed = call(cached_get, f"/api/expense/pairs/{amc}")
if listed is None:
    st.stop()
if not listed["pairs"]:
    state.set_params(amc=amc, pair=None)
    st.info(
        f"{listed['amc_name']} has no Direct/Regular pairs in the store: its schemes have "
        "only one plan here. Choose another AMC."
    )
    st.stop()
direct_code = _pair(listed["pairs"], amc)
state.set_params(amc=amc, pair=direct_code)
drag = call(cached_get, f"/api/expense/drag/{amc}")
if drag is None:
    st.stop()
chosen = v.pair_of(drag, direct_code)
if chosen is None:
    st.error(f"The API's drag answer has no pair with Direct plan {direct_code}.")
    st.stop()
_pair_view(dict(chosen))
_summary(drag)
