"""AMC comparison (seed 003 Gen 2): AMCs, category, plan and dates → metrics and chart.

Each AMC is the API's equal-weighted portfolio of its growth schemes in the category and
plan (``POST /api/analysis/compare``). State in the URL: ``amc`` (repeated slugs),
``category`` (slug), ``plan``, ``preset`` (``5y 10y 2006 all custom``), ``start``/``end``
(custom dates, ISO), ``sort`` (a metric key or ``name``) and ``order`` (``desc``/``asc``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from fundlens.web import amc_view as v
from fundlens.web import fmt, state, theme
from fundlens.web.client import cached_get, cached_post
from fundlens.web.layout import call, page_setup, show_chart, show_table
from fundlens.web.periods import DATE_PRESETS, preset_range
from fundlens.web.tables import show_toned_table

_MAX_AMCS = 10
_DEFAULT_AMCS = 5
_ORDERS = {"desc": "Descending", "asc": "Ascending"}


def _index(options: list[str], value: str | None, default: int = 0) -> int:
    return options.index(value) if value in options else default


def _category(categories: list[dict[str, Any]]) -> str:
    """The category select: those with schemes, the one with most AMCs by default."""
    usable = [c for c in categories if c["schemes"] > 0]
    slugs = [c["slug"] for c in usable]
    labels = {c["slug"]: f"{c['name']} ({c['amcs']} AMC{'s' * (c['amcs'] != 1)})" for c in usable}
    busiest = max(range(len(usable)), key=lambda i: (usable[i]["amcs"], -i), default=0)
    wanted = state.get_param("category", None)
    if wanted is not None and wanted not in slugs:
        st.warning(f"No schemes of a category {wanted!r} in the store: showing another.")
    return st.selectbox(
        "Category",
        slugs,
        index=_index(slugs, wanted, busiest),
        format_func=labels.__getitem__,
        key="amc-category",
    )


def _amcs(amcs: list[dict[str, Any]], category: str, name: str) -> list[str]:
    """The AMC multi-select: AMCs with a scheme in the category (a new widget per
    category, so stale picks drop); from the URL, else the category's largest few."""
    having = sorted(
        ((a, c["schemes"]) for a in amcs for c in a["categories"] if c["category"] == name),
        key=lambda pair: -pair[1],
    )
    slugs = [a["amc_id"] for a, _ in having]
    names = {a["amc_id"]: a["name"] for a in amcs}
    asked = state.get_list("amc")
    wanted = [s for s in asked if s in slugs]
    unknown = [f"no AMC {s!r} in the store" for s in asked if s not in names]
    elsewhere = [names[s] for s in asked if s in names and s not in slugs]
    if elsewhere:
        unknown.append(f"{', '.join(elsewhere)}: no {name} schemes")
    if unknown and state.get_param("category", category) == category:  # not after a switch
        st.warning(f"Left out of the comparison — {'; '.join(unknown)}.")
    return st.multiselect(
        f"AMCs (up to {_MAX_AMCS})",
        slugs,
        default=wanted or slugs[:_DEFAULT_AMCS],
        format_func=names.__getitem__,
        max_selections=_MAX_AMCS,
        key=f"amc-amcs-{category}",
        placeholder="Choose AMCs",
    )


def _dates(meta: dict[str, Any]) -> tuple[str, dt.date | None, dt.date | None]:
    """Preset radio, and two date inputs when it is Custom."""
    as_of = dt.date.fromisoformat(meta["as_of_date"])
    first = state.parse_date(meta.get("first_date"), None) or dt.date(1990, 1, 1)
    presets = list(DATE_PRESETS)
    preset = st.radio(
        "Dates",
        presets,
        index=_index(presets, state.get_param("preset", None), presets.index("all")),
        format_func=DATE_PRESETS.__getitem__,
        horizontal=True,
        key="amc-preset",
    )
    if preset != "custom":
        return preset, *preset_range(preset, as_of)

    def clamp(day: dt.date | None) -> dt.date | None:  # a date input refuses out-of-range
        return None if day is None else min(max(day, first), as_of)

    left, right = st.columns(2)
    start = left.date_input(
        "From",
        value=clamp(state.get_date("start", preset_range("5y", as_of)[0])),
        min_value=first,
        max_value=as_of,
        format="DD/MM/YYYY",
        key="amc-start",
    )
    end = right.date_input(
        "To",
        value=clamp(state.get_date("end", as_of)),
        min_value=first,
        max_value=as_of,
        format="DD/MM/YYYY",
        key="amc-end",
    )
    return preset, start, end


def _sorting() -> tuple[str, bool]:
    keys = ["name", *(m.key for m in v.METRICS)]
    labels = {"name": "AMC", **{m.key: m.label for m in v.METRICS}}
    left, right = st.columns([2, 1])
    by = left.selectbox(
        "Sort by",
        keys,
        index=_index(keys, state.get_param("sort", None), keys.index("cagr")),
        format_func=labels.__getitem__,
        key="amc-sort",
    )
    orders = list(_ORDERS)
    order = right.radio(
        "Order",
        orders,
        index=_index(orders, state.get_param("order", None)),
        format_func=_ORDERS.__getitem__,
        horizontal=True,
        key="amc-order",
    )
    return by, order == "desc"


def _results(result: dict[str, Any], by: str, descending: bool) -> None:
    frame = v.sort_frame(v.metric_frame(result), by, descending=descending)
    show_toned_table(
        v.display_frame(frame), "amc-metrics", v.tones(frame), caption=v.window_note(result)
    )
    for line in v.null_reasons(result):
        st.caption(f"Not computed: {line}.")
    show_chart(v.cumulative_figure(result, template=theme.plotly_template()), "amc-cumulative")
    with st.expander("Schemes in each AMC's portfolio"):
        show_table(v.schemes_frame(result), "amc-schemes")


meta = page_setup("AMC comparison")
amc_list = call(cached_get, "/api/amc/list")
categories = call(cached_get, "/api/amc/categories")
if amc_list is None or categories is None:
    st.stop()
st.caption(
    "Each AMC is an equal-weighted portfolio of its growth-option schemes in one category "
    "and plan, closed schemes included, measured against the category's index fund."
)
top = st.columns([2, 1])
with top[0]:
    category = _category(categories["categories"])
cat_name = next(c["name"] for c in categories["categories"] if c["slug"] == category)
with top[1]:
    plans = list(v.PLANS)
    plan = st.radio(
        "Plan",
        plans,
        index=_index(plans, state.get_param("plan", None)),
        format_func=v.PLANS.__getitem__,
        horizontal=True,
        key="amc-plan",
    )
chosen = _amcs(amc_list["amcs"], category, cat_name)
preset, start, end = _dates(meta)
sort_by, descending = _sorting()
state.set_params(
    amc=chosen or None,
    category=category,
    plan=plan,
    preset=preset,
    start=start.isoformat() if preset == "custom" and start else None,
    end=end.isoformat() if preset == "custom" and end else None,
    sort=sort_by,
    order="desc" if descending else "asc",
)
if not chosen:
    st.info(f"Choose one or more AMCs with {cat_name} schemes to compare them.")
    st.stop()
if start and end and start > end:
    st.error(f"The start date {fmt.day(start)} is after the end date {fmt.day(end)}.")
    st.stop()
body = v.compare_body(chosen, category, plan, start, end)
comparison = call(cached_post, "/api/analysis/compare", body)
if comparison is not None:
    _results(comparison, sort_by, descending)
