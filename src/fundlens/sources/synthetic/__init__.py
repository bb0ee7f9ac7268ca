"""Synthetic data: a realistic, deterministic universe of fictional funds and its AMFI files.

Two datasets, both ending on the fixed date 2026-10-30 so that every run writes the same
bytes:

- the **demo** (:func:`write_demo_files`): 300 schemes of every asset class and main
  category from 2006-04-03, seed 42, no junk — what ``fundlens init --demo`` ingests;
- the **full scale** (:func:`write_full_scale`): 8,200 schemes over 20 years, seed 7, with
  junk at one row in 10,000 — the benchmark data.

Conventions (``conventions.md``, "Real and synthetic"): scheme codes in 900000–999999,
names ending in ``(Synthetic)``, fictional AMCs, AMFI's real category labels. Details in
:mod:`.universe` (return model), :mod:`.structure` (schemes and lifetimes),
:mod:`.amfi_files` (file format) and :mod:`.checks` (realism table); ``docs/synthetic.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundlens.sources.synthetic.amfi_files import (
    JUNK_KINDS,
    JUNK_REASONS,
    LAYOUT_B_FROM,
    Progress,
    Summary,
    write_universe,
)
from fundlens.sources.synthetic.presets import (
    DEMO_N_SCHEMES,
    DEMO_SEED,
    DEMO_START,
    END_DATE,
    FULL_JUNK_RATE,
    FULL_N_SCHEMES,
    FULL_SEED,
    FULL_YEARS,
    full_scale_start,
)
from fundlens.sources.synthetic.universe import MARKET_INDEX, Universe, generate_universe

if TYPE_CHECKING:  # imported lazily so that `python -m ...checks` runs cleanly
    from fundlens.sources.synthetic.checks import Check, format_table, realism_checks

__all__ = [
    "END_DATE",
    "JUNK_KINDS",
    "JUNK_REASONS",
    "LAYOUT_B_FROM",
    "MARKET_INDEX",
    "Check",
    "Progress",
    "Summary",
    "Universe",
    "demo_universe",
    "format_table",
    "generate_universe",
    "realism_checks",
    "write_demo_files",
    "write_full_scale",
    "write_universe",
]

_LAZY = ("Check", "format_table", "realism_checks")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from fundlens.sources.synthetic import checks

        return getattr(checks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def demo_universe(*, seed: int = DEMO_SEED) -> Universe:
    """The demo universe: 300 schemes, 2006-04-03 to 2026-10-30."""
    return generate_universe(n_schemes=DEMO_N_SCHEMES, start=DEMO_START, end=END_DATE, seed=seed)


def write_demo_files(out_dir: Path, *, seed: int = DEMO_SEED) -> Summary:
    """Write the demo universe's AMFI files (no junk) under ``out_dir``."""
    return write_universe(demo_universe(seed=seed), Path(out_dir))


def write_full_scale(
    out_dir: Path,
    *,
    n_schemes: int = FULL_N_SCHEMES,
    years: int = FULL_YEARS,
    seed: int = FULL_SEED,
    junk: bool = True,
    progress: Progress | None = None,
) -> Summary:
    """Write ``n_schemes`` schemes over ``years`` years to 2026-10-30 as AMFI files.

    ``progress(files_written, files_total)`` is called after each year. With ``junk`` one
    row in 10,000 is junk (counted by kind in the summary).
    """
    universe = generate_universe(
        n_schemes=n_schemes, start=full_scale_start(years), end=END_DATE, seed=seed
    )
    rate = FULL_JUNK_RATE if junk else 0.0
    return write_universe(universe, Path(out_dir), junk_rate=rate, seed=seed, progress=progress)
