"""The dashboard's page scripts (run by Streamlit through ``app.py``'s ``st.navigation``)."""
