"""SIP calculator: XIRR, invested vs value, up to five funds, rolling SIPs.

Placeholder until its page lands."""

import streamlit as st

from fundlens.web.layout import page_setup

meta = page_setup("SIP calculator")
st.info("SIP calculator: coming soon.")
