"""The frame every page shares: theme, data banner, API errors, tables, values, charts.

A page script starts with ``meta = page_setup("Title")`` and draws its content with
:func:`show_table` (cell values in the DOM, with a CSV download), :func:`metric_value`
(one labelled number), :func:`show_chart` (a Plotly figure in the theme) and :func:`call`
(an API call inside a spinner whose error becomes a readable message). Browser tests find
elements by ``data-testid``: ``synthetic-banner``, ``api-down``, ``table-<key>``,
``value-<key>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any, Final, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from fundlens.web import fmt
from fundlens.web.client import META_PATH, SNAPSHOT_STATE, ApiDown, ApiError, api, snapshot_key
from fundlens.web.theme import apply_theme, style_figure

__all__ = [
    "SYNTHETIC_TEXT",
    "call",
    "metric_value",
    "page_setup",
    "show_chart",
    "show_error",
    "show_table",
    "table_html",
]

T = TypeVar("T")

#: The synthetic banner's text (tests look for "synthetic data").
SYNTHETIC_TEXT: Final = (
    "Synthetic data: this store holds the generated demo universe (scheme codes 900000+, "
    "names ending in (Synthetic)), not real NAVs."
)
_NUMERIC: Final = re.compile(r"^[-+]?[₹]?[\d,]+(\.\d+)?%?$|^—$")
_DATE: Final = re.compile(r"^\d{2} [A-Z][a-z]{2} \d{4}( \d{2}:\d{2} UTC)?$|^—$")


def show_error(exc: ApiError) -> None:
    """An API failure as a message: the API is down, or its sentence (404, 422, …)."""
    if isinstance(exc, ApiDown):
        st.html(
            '<div data-testid="api-down" class="fl-banner" style="background: var(--fl-neg)">'
            f"API unavailable — {html.escape(exc.detail)}.</div>"
        )
    else:
        st.error(exc.detail[:1].upper() + exc.detail[1:], icon=None)


def page_setup(title: str) -> dict[str, Any]:
    """Apply the theme, draw the page title, fetch the meta object, show the synthetic
    banner on a synthetic store; when the API is down (or has no store) show why and stop
    the page. Returns the meta object (``/api/v1/meta``)."""
    apply_theme()
    st.title(title)
    try:
        meta: dict[str, Any] = api().get(META_PATH)
    except ApiError as exc:
        show_error(exc)
        st.stop()
    st.session_state[SNAPSHOT_STATE] = snapshot_key(meta)
    if meta.get("synthetic"):
        st.html(
            f'<div data-testid="synthetic-banner" class="fl-banner">{html.escape(SYNTHETIC_TEXT)}'
            "</div>"
        )
    st.caption(f"Data as of {fmt.day(meta.get('as_of_date'))}")
    return meta


def _is_number(text: str) -> bool:
    return bool(_NUMERIC.match(text))


def table_html(df: pd.DataFrame, key: str, *, caption: str | None = None) -> str:
    """``df`` as an escaped HTML table with ``data-testid="table-<key>"``; each cell has
    ``data-col`` (its column name); columns whose cells all look like numbers (``—``
    allowed) are right-aligned in a monospace font, date columns do not wrap."""
    texts = [
        [fmt.MISSING if fmt.is_missing(v) and not isinstance(v, str) else str(v) for v in row]
        for row in df.itertuples(index=False, name=None)
    ]

    def kind(i: int) -> str:
        if texts and all(_is_number(row[i]) for row in texts):
            return ' class="num"'
        if texts and all(_DATE.match(row[i]) for row in texts):
            return ' class="date"'
        return ""

    names = [html.escape(str(c)) for c in df.columns]
    classes = [kind(i) for i in range(len(df.columns))]
    head = "".join(f'<th data-col="{n}"{c}>{n}</th>' for n, c in zip(names, classes, strict=True))
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-col="{n}"{c}>{html.escape(text)}</td>'
            for n, c, text in zip(names, classes, row, strict=True)
        )
        + "</tr>"
        for row in texts
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="fl-table-wrap"><table class="fl-table" data-testid="table-{key}">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def show_table(df: pd.DataFrame, key: str, *, caption: str | None = None) -> None:
    """Draw ``df`` (values preformatted with :mod:`fundlens.web.fmt`) as an HTML table
    whose cells are in the DOM, and a "Download CSV" button with the same rows."""
    st.html(table_html(df, key, caption=caption))
    st.download_button(
        "Download CSV",
        df.to_csv(index=False).encode("utf-8"),
        file_name=f"{key}.csv",
        mime="text/csv",
        key=f"csv-{key}",
        on_click="ignore",
    )


def metric_value(label: str, value_str: str, key: str) -> None:
    """A labelled number; the value carries ``data-testid="value-<key>"``."""
    st.html(
        f'<div class="fl-metric"><div class="fl-metric-label">{html.escape(label)}</div>'
        f'<div class="fl-metric-value" data-testid="value-{key}">{html.escape(value_str)}'
        "</div></div>"
    )


def show_chart(fig: go.Figure, key: str) -> None:
    """Draw a Plotly figure in the current theme's template (Streamlit's chart theme off)."""
    st.plotly_chart(style_figure(fig), theme=None, key=key, width="stretch")


def call(fn: Callable[..., T], *args: Any, **kw: Any) -> T | None:
    """Run ``fn(*args, **kw)`` (an API call) inside a spinner; on an API error show its
    sentence (unknown scheme, a fund lacking history for a window, API down) and return
    None."""
    try:
        with st.spinner("Loading…"):
            return fn(*args, **kw)
    except ApiError as exc:
        show_error(exc)
        return None
