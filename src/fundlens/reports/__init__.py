"""Reports: the self-contained HTML tearsheet of one fund (``fundlens report``).

Reports read the store only through :mod:`fundlens.services` (and the pure maths of
:mod:`fundlens.analytics`); the CLI and the library call them.
"""
