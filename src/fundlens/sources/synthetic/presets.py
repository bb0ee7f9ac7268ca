"""Fixed parameters of the two published synthetic datasets (the demo and the full scale).

Both end on the fixed date :data:`END_DATE` so that every run, on any day, writes the same
files. The demo starts on 2006-04-03 (the first AMFI file of the real archive); the full
scale spans ``years`` whole years back from :data:`END_DATE`.
"""

from __future__ import annotations

from datetime import date
from typing import Final

__all__ = [
    "DEMO_N_SCHEMES",
    "DEMO_SEED",
    "DEMO_START",
    "END_DATE",
    "FULL_JUNK_RATE",
    "FULL_N_SCHEMES",
    "FULL_SEED",
    "FULL_YEARS",
    "full_scale_start",
]

END_DATE: Final = date(2026, 10, 30)
DEMO_START: Final = date(2006, 4, 3)
DEMO_N_SCHEMES: Final = 300
DEMO_SEED: Final = 42
FULL_N_SCHEMES: Final = 8200
FULL_YEARS: Final = 20
FULL_SEED: Final = 7
#: Fraction of full-scale rows turned into junk (about 1 row in 10,000).
FULL_JUNK_RATE: Final = 1e-4


def full_scale_start(years: int) -> date:
    """First day of a full-scale dataset of ``years`` years ending on :data:`END_DATE`."""
    return END_DATE.replace(year=END_DATE.year - years)
