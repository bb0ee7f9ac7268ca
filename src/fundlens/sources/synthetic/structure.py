"""Who is in the synthetic universe: fund families, their schemes, names, ISINs and lifetimes.

Conventions:

- A *family* is one fund of one AMC (``Aurora Large Cap Fund``); its schemes are its
  plan × option codes. Every family has a Regular plan (or, for ETFs, one code with no
  plan); Direct plans exist from 2013-01-01 (as in reality) or the family's launch if later,
  one per Regular option, so every Direct has a Regular twin of the same option.
- Lifetimes are calendar-day indices on the universe axis: ``t0`` first and ``t1`` last
  published day, snapped to publishing days (trading days; every day for liquid and
  overnight funds). Most families are alive at the start; the rest launch during the span
  at NAV 10 (liquid and overnight at 1000); a few close early (mergers), fixed maturity
  plans close after 1,100 days and close-ended ELSS after ten years.
- Scheme codes are in 900000–999999, increasing with launch; names follow AMFI's patterns
  (``Aurora Large Cap Fund - Direct Plan - Growth``) and end with ``(Synthetic)``.
- ISINs are ISIN-shaped (``INFZ`` + AMC + serial + a valid check digit), never real ones.
- Everything is vectorised over families and schemes; the loops run over categories only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.sources.synthetic.catalog import (
    AMC_NAMES,
    CATEGORIES,
    FACTOR_KEYS,
    INDEX_NAMES,
    OPTION_SETS,
)
from fundlens.types import SYNTHETIC_CODE_MAX, SYNTHETIC_CODE_MIN

__all__ = ["PAYOUT_KINDS", "Families", "Structure", "build_structure", "isin_check_digit"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: payout rule of an option: proportional payouts lower the NAV by a rate at each date;
#: resets bring it back to its face value at each period start (liquid IDCW options).
PAYOUT_KINDS: Final[tuple[str, ...]] = (
    "none", "annual", "quarterly", "monthly", "daily_reset", "weekly_reset", "monthly_reset",
)  # fmt: skip
_MONEY_PAYOUT: Final = {"Growth": 0, "Daily IDCW": 4, "Weekly IDCW": 5, "Monthly IDCW": 6}
_P_LEGACY: Final = 0.80
_P_CLOSE: Final = 0.05
_FIXED_LIFE: Final = {"fmp": 1100, "close_elss": 3650}
_STYLES: Final = (0, 0, 1, 2)  # AMC naming style, by AMC index modulo 4
_ROMAN: Final = ("", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X")
_B36: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, eq=False)
class Families:
    """One row per family: category, AMC, variant, lifetime and return-model inputs."""

    category: IntArray
    amc: IntArray
    variant: IntArray
    launch: IntArray  # first calendar-day index (0 for families alive at the start)
    close: IntArray  # last calendar-day index
    legacy: BoolArray  # alive before the universe starts
    direct_from: IntArray  # first day of the Direct plans; -1 = no Direct plans
    loadings: FloatArray  # (n_families, n_factors)
    carry: FloatArray  # fraction a year
    idio: FloatArray  # fraction a year (active equity: filled in from target_corr later)
    target_corr: FloatArray  # NaN unless active equity
    expense: FloatArray  # Regular plan, fraction a year
    direct_gap: FloatArray  # Direct advantage, fraction a year

    def __len__(self) -> int:
        return len(self.category)


@dataclass(frozen=True, eq=False)
class Structure:
    """Families plus one row per scheme (``schemes``) and the per-scheme arrays the NAVs need."""

    families: Families
    schemes: pl.DataFrame
    family: IntArray
    twin: IntArray  # Regular twin's row for a Direct scheme, else -1
    t0: IntArray
    t1: IntArray
    level0: FloatArray  # starting NAV (Direct: filled in from the twin later)
    payout_kind: IntArray
    payout_rate: FloatArray
    expense: FloatArray
    weekend: BoolArray


def isin_check_digit(body: str) -> str:
    """ISIN check digit of an 11-character body (letters as 10–35, then Luhn)."""
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = 0
    for pos, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if pos % 2 == 0 else 1)
        total += d // 10 + d % 10
    return str((10 - total % 10) % 10)


def _uniform(rng: np.random.Generator, ranges: FloatArray) -> FloatArray:
    """One draw per row from U(ranges[:, 0], ranges[:, 1])."""
    return ranges[:, 0] + (ranges[:, 1] - ranges[:, 0]) * rng.random(len(ranges))


def _lifetimes(
    rng: np.random.Generator, cat: IntArray, n_days: int
) -> tuple[IntArray, IntArray, BoolArray]:
    n = len(cat)
    legacy = rng.random(n) < _P_LEGACY
    launch = np.where(legacy, 0, rng.integers(1, max(n_days - 180, 2), n))
    span_left = n_days - 1 - launch
    closing = rng.random(n) < _P_CLOSE
    close = np.where(closing, launch + 365 + (rng.random(n) * (span_left - 365)).astype(np.int64),
                     n_days - 1)  # fmt: skip
    close = np.where(span_left > 400, close, n_days - 1)
    for life_kind, days in _FIXED_LIFE.items():
        fixed = np.array([CATEGORIES[c].life == life_kind for c in cat])
        past = rng.integers(0, days - 60, n)  # a legacy one launched this long before the start
        end = np.where(legacy, days - past, launch + days)
        close = np.where(fixed, np.minimum(end, n_days - 1), close)
    return launch.astype(np.int64), close.astype(np.int64), legacy


def _model_inputs(rng: np.random.Generator, cat: IntArray, variant: IntArray) -> dict[str, FloatArray]:
    n = len(cat)
    out = {k: np.zeros(n) for k in ("carry", "idio", "expense", "direct_gap")}
    out["target_corr"] = np.full(n, np.nan)
    loadings = np.zeros((n, len(FACTOR_KEYS)))
    for ci, spec in enumerate(CATEGORIES):
        rows = np.flatnonzero(cat == ci)
        if not len(rows):
            continue
        for key, (lo, hi) in spec.loadings.items():
            loadings[rows, FACTOR_KEYS.index(key)] = lo + (hi - lo) * rng.random(len(rows))
        for key, rng_ in (("carry", spec.carry), ("idio", spec.idio), ("expense", spec.expense),
                          ("direct_gap", spec.direct_gap)):  # fmt: skip
            out[key][rows] = _uniform(rng, np.tile(np.array(rng_), (len(rows), 1)))
        if spec.target_corr is not None:
            out["target_corr"][rows] = _uniform(rng, np.tile(np.array(spec.target_corr), (len(rows), 1)))
        factors = [spec.variants[v].factor for v in variant[rows]]
        for row, factor in zip(rows.tolist(), factors, strict=True):
            if factor is not None:
                passive = spec.vehicle in ("index", "etf")
                loadings[row, FACTOR_KEYS.index(factor)] = 1.0 if passive else 0.85 + 0.1 * rng.random()
        if spec.vehicle in ("index", "etf"):
            out["carry"][rows] = 0.0
    out["loadings"] = loadings
    return out
