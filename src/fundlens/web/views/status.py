"""Data status: the store's meta object (as-of date, schemes and rows, last update,
rejected rows by reason), the latest NAV revisions and data-quality events.

Reads ``/api/v1/meta`` (through ``page_setup``) and ``/api/v1/meta/quality``. URL state:
``rows`` (how many revisions and events to list; 10, 20, 50 or 100).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from fundlens.web import fmt
from fundlens.web.client import cached_get
from fundlens.web.layout import call, metric_value, page_setup, show_chart, show_table
from fundlens.web.state import get_int, set_params

ROW_CHOICES = (10, 20, 50, 100)


def _metrics(meta: dict[str, Any]) -> None:
    cells = [
        ("As of", fmt.day(meta["as_of_date"]), "as-of"),
        ("First NAV", fmt.day(meta["first_date"]), "first-date"),
        ("Schemes", fmt.group_in(meta["schemes"]), "schemes"),
        ("NAV rows", fmt.group_in(meta["nav_rows"]), "nav-rows"),
        ("Rejected rows", fmt.group_in(meta["rejected_rows"]), "rejected-rows"),
        ("Duplicates dropped", fmt.group_in(meta["duplicates"]), "duplicates"),
        ("Revisions", fmt.group_in(meta["revisions"]), "revisions"),
        ("Last update", fmt.day_time(meta["last_update_at"]), "last-update"),
    ]
    for row in (cells[:4], cells[4:]):
        for column, (label, value, key) in zip(st.columns(4), row, strict=True):
            with column:
                metric_value(label, value, key)
    st.caption(
        f"Store schema {meta['schema_version']} · fundlens {meta['version']} · "
        f"{'synthetic demo data' if meta['synthetic'] else 'real NAV data'}"
    )


def rejects_frame(meta: dict[str, Any]) -> pd.DataFrame:
    """Rejected rows per reason (every reason of the contract), with its share."""
    total = meta["rejected_rows"]
    rows = [
        {"Reason": reason, "Rows": fmt.group_in(count),
         "Share": fmt.pct(count / total) if total else fmt.MISSING}
        for reason, count in meta["rejected_by_reason"].items()
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["Reason", "Rows", "Share"])


def revisions_frame(report: dict[str, Any]) -> pd.DataFrame:
    """The latest revisions: NAVs to 4 decimals (as AMFI publishes), change in percent."""
    rows = [
        {"Date": fmt.day(r["date"]), "Code": str(r["scheme_code"]), "Scheme": r["name"] or "",
         "Old NAV": fmt.inr(r["old_nav"], 4), "New NAV": fmt.inr(r["new_nav"], 4),
         "Change": fmt.pct(r["change"]), "Source": PurePath(r["source"]).name,
         "Recorded": fmt.day_time(r["at"])}
        for r in report["revisions"]
    ]  # fmt: skip
    columns = ["Date", "Code", "Scheme", "Old NAV", "New NAV", "Change", "Source", "Recorded"]
    return pd.DataFrame(rows, columns=columns)


def events_frame(report: dict[str, Any]) -> pd.DataFrame:
    """The latest data-quality events."""
    rows = [
        {"Date": fmt.day(e["date"]), "Code": str(e["scheme_code"]), "Scheme": e["name"] or "",
         "Kind": e["kind"].replace("_", " "), "Detail": e["detail"]}
        for e in report["events"]
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["Date", "Code", "Scheme", "Kind", "Detail"])


def kinds_frame(report: dict[str, Any]) -> pd.DataFrame:
    """Events per kind."""
    rows = [
        {"Kind": kind.replace("_", " "), "Events": fmt.group_in(count)}
        for kind, count in report["events_by_kind"].items()
    ]
    return pd.DataFrame(rows, columns=["Kind", "Events"])


def kinds_chart(report: dict[str, Any]) -> go.Figure:
    """Events per kind as horizontal bars."""
    kinds = list(report["events_by_kind"])
    fig = go.Figure(
        go.Bar(
            x=[report["events_by_kind"][k] for k in kinds],
            y=[k.replace("_", " ") for k in kinds],
            orientation="h",
            hovertemplate="%{y}: %{x:,} events<extra></extra>",
        )
    )
    fig.update_layout(height=220, title="Events per kind", xaxis_title="events")
    return fig


meta = page_setup("Data status")
_metrics(meta)

st.subheader("Rejected rows by reason")
show_table(rejects_frame(meta), "rejects")

wanted = get_int("rows", 20)
rows = st.selectbox(
    "Rows listed", ROW_CHOICES, index=ROW_CHOICES.index(wanted) if wanted in ROW_CHOICES else 1
)
set_params(rows=None if rows == 20 else rows)
report = call(cached_get, "/api/v1/meta/quality", limit=rows)
if report is not None:
    st.subheader("Recent NAV revisions")
    metric_value("Revisions in the store", fmt.group_in(report["revisions_total"]),
                 "revisions-total")  # fmt: skip
    if report["revisions"]:
        show_table(revisions_frame(report), "revisions")
    else:
        st.caption("No NAV has been revised: every restated file repeated the same values.")
    st.subheader("Data-quality events")
    metric_value("Events in the store", fmt.group_in(report["events_total"]), "events-total")
    left, right = st.columns([2, 3])
    with left:
        show_table(kinds_frame(report), "event-kinds")
    with right:
        show_chart(kinds_chart(report), "event-kinds-chart")
    if report["events"]:
        show_table(events_frame(report), "events")
    else:
        st.caption("No data-quality event: no face-value change, outlier, gap or stale scheme.")
