"""The Streamlit entry: ``streamlit run src/fundlens/web/app.py`` (or ``fundlens serve``).

Six pages, each a script in ``views/`` served at its own URL path; the Fund explorer is the
default (the root URL). The sidebar's theme switch is drawn here, in the entry script, so
Streamlit keeps its URL parameter (``?theme=editorial``) from page to page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from fundlens.web.theme import theme_switch

#: Not ``pages/``: Streamlit takes a folder of that name beside the entry script for its
#: older multipage mode, which skips this script on a deep link until it has run once.
PAGES = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="fundlens", layout="wide", initial_sidebar_state="expanded")
navigation = st.navigation(
    [
        st.Page(PAGES / "explorer.py", title="Fund explorer", url_path="explorer", default=True),
        st.Page(PAGES / "amc.py", title="AMC comparison", url_path="amc"),
        st.Page(PAGES / "expense.py", title="Expense drag", url_path="expense"),
        st.Page(PAGES / "sip.py", title="SIP calculator", url_path="sip"),
        st.Page(PAGES / "fund.py", title="Fund page", url_path="fund"),
        st.Page(PAGES / "status.py", title="Data status", url_path="status"),
    ]
)
theme_switch()
navigation.run()
