"""Fund explorer: fund search, benchmark, rolling returns, risk and capture cards.

Placeholder until its page lands."""

import streamlit as st

from fundlens.web.layout import page_setup

meta = page_setup("Fund explorer")
st.info("Fund explorer: coming soon.")
