"""Finding funds for the SIP calculator and the fund page: a search box over
``GET /api/schemes/search`` with one button per hit.

The search folds case and punctuation and matches current names, past names, ISINs and
codes (docs/api.md); by default it lists one row per fund (its Direct growth plan where
one exists), so each hit's label names its plan and option. The page keeps what was picked
in the URL; this module only draws the box and says which hit was clicked.

Widget keys (``<key>-q``, ``<key>-all``, ``<key>-add-<code>``) are the CSS classes
``st-key-…`` browser tests click.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, Final

import streamlit as st

from fundlens.web import fmt
from fundlens.web.client import ApiError, cached_get

__all__ = ["HITS", "hit_label", "scheme_hit", "search_box"]

#: Hits listed under the search box.
HITS: Final = 8
SEARCH: Final = "/api/schemes/search"


def hit_label(hit: Mapping[str, Any]) -> str:
    """'SBI Blue Chip Fund · Regular · Growth (103504)': name, plan, option, code.

    >>> hit_label({"scheme_name": "X Fund", "plan": "direct", "option": "growth",
    ...            "scheme_code": 7})
    'X Fund · Direct · Growth (7)'
    """
    plan, option = fmt.plan_label(hit.get("plan")), fmt.option_label(hit.get("option"))
    return f"{hit['scheme_name']} · {plan} · {option} ({hit['scheme_code']})"


def scheme_hit(code: int) -> dict[str, Any] | None:
    """The search row of scheme ``code`` (name, plan, option, category), whatever its plan
    and option; None when the store lacks it or the API cannot answer.

    The query is the code itself over every plan and option (``all_variants``: by default
    the API lists growth options only). A code equal to the query ranks first among the
    matches (docs/api.md), so a short page holds it."""
    try:
        rows = cached_get(SEARCH, q=str(code), all_variants=True, limit=5)["data"]
    except ApiError:
        return None
    return next((r for r in rows if r["scheme_code"] == code), None)


def search_box(key: str, *, exclude: Collection[int] = (), disabled: bool = False) -> int | None:
    """A search input and a button per hit (funds in ``exclude`` left out); returns the
    code of the hit clicked in this run, else None. "Every plan and option" lists Regular
    plans and IDCW options too (the API's ``all_variants``). A query the API refuses shows
    the API's sentence."""
    box, toggle = st.columns([4, 1], vertical_alignment="bottom")
    query = box.text_input(
        "Find a fund",
        key=f"{key}-q",
        placeholder="Name, old name, ISIN or AMFI code — e.g. blue chip, 103504",
        disabled=disabled,
    ).strip()
    every = toggle.checkbox(
        "Every plan and option",
        key=f"{key}-all",
        disabled=disabled,
        help="By default one row per fund: its Direct growth plan where there is one.",
    )
    if disabled or len(query) < 2:
        if query:
            st.caption("Type at least 2 letters or digits.")
        return None
    try:
        with st.spinner("Searching…"):
            found = cached_get(SEARCH, q=query, limit=HITS, all_variants=every)
    except ApiError as err:
        st.error(err.detail)
        return None
    hits = [h for h in found["data"] if h["scheme_code"] not in exclude]
    if not hits:
        st.caption(f"No fund matches “{query}”.")
        return None
    if found["total"] > found["count"]:
        st.caption(f"{found['total']} funds match; the first {found['count']} are listed.")
    picked = None
    for hit in hits:
        if st.button(hit_label(hit), key=f"{key}-add-{hit['scheme_code']}", width="stretch"):
            picked = int(hit["scheme_code"])
    return picked
