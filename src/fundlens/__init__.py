"""fundlens: Indian mutual fund data platform.

The package reads like the data flow: ``sources`` (AMFI files, MFAPI JSON, funds.db,
synthetic data) → ``store`` (the DuckDB store) → ``schemes`` (classification) →
analytics and interfaces, with ``cli`` on top.
"""

from fundlens.version import __version__

__all__ = ["Metrics", "Store", "__version__", "metrics", "open"]

_LAZY = {"Metrics", "Store", "metrics", "open"}


def __getattr__(name: str) -> object:
    """``fundlens.open``, ``fundlens.metrics``, ``Store``, ``Metrics`` from
    :mod:`fundlens.library`, imported on first use so ``import fundlens`` stays light."""
    if name not in _LAZY:
        raise AttributeError(f"module 'fundlens' has no attribute {name!r}")
    from fundlens import library

    return library.open_store if name == "open" else getattr(library, name)
