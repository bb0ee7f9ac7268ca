"""AMC comparison: AMCs side by side, metrics table and cumulative returns.

Placeholder until its page lands."""

import streamlit as st

from fundlens.web.layout import page_setup

meta = page_setup("AMC comparison")
st.info("AMC comparison: coming soon.")
