"""The web dashboard (Streamlit + Plotly): a client of the REST API only.

``app.py`` is the Streamlit entry (``streamlit run src/fundlens/web/app.py``, or
``fundlens serve`` for the API and the dashboard together); each page in ``views/`` is a
script. Shared pieces: :mod:`.client` (HTTP calls to ``FUNDLENS_API_URL``, cached per
snapshot), :mod:`.fmt` (Indian number and date formats), :mod:`.theme` (the ``terminal``
and ``editorial`` themes: CSS and Plotly templates), :mod:`.state` (page state in the URL)
and :mod:`.layout` (page frame, tables, values, error display). This package never
imports the store, the analytics or the services: an import-linter contract says so.
"""

__all__: list[str] = []
