"""Expense drag: an AMC's Direct/Regular pairs and the drag between them.

Placeholder until its page lands."""

import streamlit as st

from fundlens.web.layout import page_setup

meta = page_setup("Expense drag")
st.info("Expense drag: coming soon.")
