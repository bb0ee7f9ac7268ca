"""Fund page: everything about one fund, its category rank and peer quartiles.

Placeholder until its page lands."""

import streamlit as st

from fundlens.web.layout import page_setup

meta = page_setup("Fund page")
st.info("Fund page: coming soon.")
