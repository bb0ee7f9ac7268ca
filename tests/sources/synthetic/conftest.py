"""Fixtures: small synthetic universes (fast) and the demo universe (once per module)."""

from __future__ import annotations

from datetime import date

import pytest

from fundlens.sources.synthetic import Universe, demo_universe, generate_universe


@pytest.fixture(scope="session")
def small_universe() -> Universe:
    """120 schemes over 2006-04-03 .. 2026-10-30 (every era of the files)."""
    return generate_universe(n_schemes=120, start=date(2006, 4, 3), end=date(2026, 10, 30), seed=5)


@pytest.fixture(scope="session")
def recent_universe() -> Universe:
    """60 schemes over the last 15 months: layout A without prices, then layout B."""
    return generate_universe(n_schemes=60, start=date(2025, 8, 1), end=date(2026, 10, 30), seed=11)


@pytest.fixture(scope="module")
def demo() -> Universe:
    return demo_universe()
