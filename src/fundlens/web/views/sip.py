"""SIP calculator: one monthly plan (amount, day, period, yearly step-up) in up to five funds,
each beside the same money invested at once, and every rolling N-year SIP of their
histories (``POST /api/v1/sip``). The plan lives in the URL (``funds``, ``amount``, ``day``,
``period``, ``start``, ``end``, ``step_up`` in percent, ``rolling`` in years), so a view can
be shared; tables and figures come from :mod:`fundlens.web.sip_view`."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from fundlens.web import fmt, state
from fundlens.web.client import cached_post
from fundlens.web.fund_search import hit_label, scheme_hit, search_box
from fundlens.web.layout import call, metric_value, page_setup, show_chart, show_table
from fundlens.web.sip_view import (
    MAX_AMOUNT,
    MAX_FUNDS,
    MIN_AMOUNT,
    PERIODS,
    ROLLING_CHOICES,
    SipPlan,
    has_rolling,
    instalments_table,
    lump_sum_table,
    rolling_figure,
    rolling_table,
    short_name,
    sip_body,
    summary_table,
    value_figure,
)

_PERIOD_LABELS = {"3y": "3Y", "5y": "5Y", "10y": "10Y", "15y": "15Y", "all": "All",
                  "custom": "Custom"}  # fmt: skip
_EARLIEST = dt.date(1990, 1, 1)


def _iso(value: str | None) -> dt.date | None:
    try:
        return None if not value else dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _float(value: str | None, default: float) -> float:
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


def _shown(day: dt.date | None, as_of: dt.date | None) -> dt.date | None:
    """A date the date input can show (within its bounds; the request keeps the URL's)."""
    if day is None:
        return None
    day = max(day, _EARLIEST)
    return day if as_of is None else min(day, as_of)


def plan_from_url() -> SipPlan:
    """The plan in the URL, with anything the API would refuse replaced by a default."""
    codes = []
    for item in state.get_list("funds"):
        try:
            codes.append(int(item))
        except ValueError:
            continue
    defaults = SipPlan()
    return SipPlan(
        funds=tuple(codes),
        amount=_float(state.get_param("amount", None), defaults.amount),
        day=state.get_int("day", defaults.day),
        period=str(state.get_param("period", defaults.period)),
        start=_iso(state.get_param("start", None)),
        end=_iso(state.get_param("end", None)),
        step_up_pct=_float(state.get_param("step_up", None), defaults.step_up_pct),
        rolling=state.get_int("rolling", defaults.rolling),
    ).cleaned()


def save(plan: SipPlan) -> None:
    """Write the plan into the URL."""
    state.set_params(**plan.params())


def fund_list(plan: SipPlan) -> None:
    """The funds picked, each with a Remove button, then the search box to add one."""
    st.subheader(f"Funds ({len(plan.funds)} of {MAX_FUNDS})")
    for code in plan.funds:
        hit = scheme_hit(code)
        left, right = st.columns([6, 1], vertical_alignment="center")
        left.markdown(hit_label(hit) if hit else f"Scheme {code} (not found in the store)")
        if right.button("Remove", key=f"sip-remove-{code}"):
            save(replace(plan, funds=tuple(c for c in plan.funds if c != code)))
            st.rerun()
    full = len(plan.funds) >= MAX_FUNDS
    picked = search_box("sip", exclude=plan.funds, disabled=full)
    if full:
        st.caption(f"{MAX_FUNDS} funds is the most one comparison takes: remove one to add.")
    if picked is not None:
        save(replace(plan, funds=(*plan.funds, picked)))
        st.rerun()


def plan_form(plan: SipPlan, as_of: dt.date | None) -> SipPlan:
    """The plan's inputs; on "Compute SIP" the new plan (also written to the URL)."""
    with st.form("sip-plan"):
        c1, c2, c3, c4 = st.columns(4)
        amount = c1.number_input(
            "Monthly amount (₹)", min_value=MIN_AMOUNT, max_value=MAX_AMOUNT, value=plan.amount,
            step=500.0, format="%.0f", key="sip-amount",
        )  # fmt: skip
        day = c2.number_input(
            "Day of month", min_value=1, max_value=31, value=plan.day, step=1, key="sip-day",
            help="A holiday buys on the next NAV date; 29-31 in a shorter month: its last day.",
        )  # fmt: skip
        step_up = c3.number_input(
            "Yearly step-up (%)", min_value=0.0, max_value=100.0, value=plan.step_up_pct,
            step=5.0, key="sip-step-up", help="The instalment rises by this much every 12 months.",
        )  # fmt: skip
        rolling = c4.selectbox(
            "Rolling SIP length (years)", ROLLING_CHOICES,
            index=ROLLING_CHOICES.index(plan.rolling), key="sip-rolling",
        )  # fmt: skip
        period = st.radio(
            "Period", list(PERIODS), index=list(PERIODS).index(plan.period),
            format_func=_PERIOD_LABELS.__getitem__, horizontal=True, key="sip-period",
            help="Presets count back from the store's last date and value each SIP at the "
            "fund's last NAV; Custom uses the dates below.",
        )  # fmt: skip
        d1, d2 = st.columns(2)
        start = d1.date_input(
            "From (custom period)", value=_shown(plan.start, as_of), min_value=_EARLIEST,
            max_value=as_of,
            format="DD/MM/YYYY", key="sip-start",
        )  # fmt: skip
        end = d2.date_input(
            "To (custom period)", value=_shown(plan.end, as_of), min_value=_EARLIEST,
            max_value=as_of,
            format="DD/MM/YYYY", key="sip-end",
        )  # fmt: skip
        submitted = st.form_submit_button("Compute SIP", type="primary")
    if not submitted:
        return plan
    new = replace(
        plan, amount=float(amount), day=int(day), step_up_pct=float(step_up),
        rolling=int(rolling), period=str(period), start=start or None, end=end or None,
    ).cleaned()  # fmt: skip
    save(new)
    return new


def fund_cards(funds: list[dict]) -> None:
    """Per fund one row: its name and dates, then SIP XIRR, invested, value and the lump
    sum's CAGR (testids carry the code: ``value-xirr-103504``)."""
    for f in funds:
        code, s = f["scheme_code"], f["summary"]
        name, *cells = st.columns([1.7, 1, 1.3, 1.3, 1], vertical_alignment="center")
        name.markdown(f"**{f['name']}** ({code})")
        name.caption(
            f"{s['instalments']} instalments, {fmt.day(s['first_instalment'])} – "
            f"{fmt.day(s['last_instalment'])}; valued {fmt.day(s['valuation_date'])}"
        )
        for note in f["notes"]:
            name.caption(f"Note: {note}")
        for key, why in f["reasons"].items():
            name.caption(f"No {key.upper()}: {why}")
        values = [
            ("SIP XIRR", fmt.pct(s["xirr"]), "xirr"),
            ("Invested", fmt.inr(s["invested"]), "invested"),
            ("Value", fmt.inr(s["value"]), "value"),
            ("Lump sum CAGR", fmt.pct(f["lump_sum"]["cagr"]), "lump-cagr"),
        ]
        for cell, (label, text, key) in zip(cells, values, strict=True):
            with cell:
                metric_value(label, text, f"{key}-{code}")


def results(plan: SipPlan, answer: dict) -> None:
    """Cards, the invested-vs-value chart, the comparison, rolling SIPs and instalments."""
    funds = answer["funds"]
    fund_cards(funds)
    show_chart(value_figure(funds), "sip-value-chart")
    show_table(summary_table(funds), "sip-summary", caption="The SIP in each fund; XIRR: % a year.")
    show_table(
        lump_sum_table(funds), "sip-lump-sum",
        caption="The same total invested at once on the first instalment's date, valued on "
        "the same day; CAGR: % a year.",
    )  # fmt: skip
    st.subheader(f"Rolling {plan.rolling}-year SIPs")
    if has_rolling(funds, plan.rolling):
        show_chart(rolling_figure(funds, plan.rolling), "sip-rolling-chart")
    show_table(
        rolling_table(funds, plan.rolling), "sip-rolling",
        caption=f"XIRR of every {plan.rolling}-year SIP (same amount, day and step-up) "
        "started in each month of the fund's whole history; P25 and P75 are quartiles.",
    )  # fmt: skip
    st.subheader("Instalments")
    tabs = st.tabs([short_name(f["name"], 30) for f in funds])
    for tab, f in zip(tabs, funds, strict=True):
        with tab:
            show_table(instalments_table(f), f"sip-instalments-{f['scheme_code']}")


def main() -> None:
    meta = page_setup("SIP calculator")
    as_of = _iso(meta.get("as_of_date"))
    plan = plan_from_url()
    fund_list(plan)
    plan = plan_form(plan, as_of)
    if not plan.funds:
        st.info("Find up to five funds above, set the plan and press **Compute SIP**.")
        return
    answer = call(cached_post, "/api/v1/sip", sip_body(plan, as_of))
    if answer is not None:
        results(plan, answer)


main()
