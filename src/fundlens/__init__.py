"""fundlens: Indian mutual fund data platform.

The package reads like the data flow: ``sources`` (AMFI files, MFAPI JSON, funds.db,
synthetic data) → ``store`` (the DuckDB store) → ``schemes`` (classification) →
analytics and interfaces, with ``cli`` on top.
"""

import os

# Polars allocates through its own jemalloc, whose default gives freed pages back to the OS
# almost at once. A bulk ingest frees and re-allocates gigabytes batch after batch, so the
# kernel kept zero-filling the same pages again: a third of the parse time was page faults
# (system time). Keeping freed pages for a few seconds lets jemalloc reuse them; peak RSS
# does not grow (the pages are reused, not added). Set before Polars is first imported; a
# value already in the environment wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:10000,muzzy_decay_ms:10000")

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
