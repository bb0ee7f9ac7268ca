"""fundlens: Indian mutual fund data platform.

The package reads like the data flow: ``sources`` (AMFI files, MFAPI JSON, funds.db,
synthetic data) → ``store`` (the DuckDB store) → ``schemes`` (classification) →
analytics and interfaces, with ``cli`` on top.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fundlens")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
