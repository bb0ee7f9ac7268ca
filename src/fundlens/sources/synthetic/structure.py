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
- Arrays are vectorised over families and schemes (loops run over categories); names and
  ISIN check digits are built per scheme as strings (a few thousand, not NAV rows).
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
from fundlens.sources.synthetic.naming import family_base_names, isins, scheme_texts
from fundlens.types import SYNTHETIC_CODE_MAX, SYNTHETIC_CODE_MIN

__all__ = ["PAYOUT_KINDS", "Families", "Structure", "build_structure"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: payout rule of an option: proportional payouts lower the NAV by a rate at each date;
#: resets bring it back to its face value at each period start (liquid IDCW options).
PAYOUT_KINDS: Final[tuple[str, ...]] = (
    "none", "annual", "quarterly", "monthly", "daily_reset", "weekly_reset", "monthly_reset",
)  # fmt: skip
_MONEY_PAYOUT: Final = {"Growth": 0, "Daily IDCW": 4, "Weekly IDCW": 5, "Monthly IDCW": 6}
_P_LEGACY: Final = 0.90
_P_CLOSE: Final = 0.05
_FIXED_LIFE: Final = {"fmp": 1100, "close_elss": 3650}


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


_CAT_LIFE: Final = np.array([spec.life for spec in CATEGORIES])
_CAT_KEYS: Final = [spec.key for spec in CATEGORIES]
_FIRST_PASS: Final = (
    "large_cap", "liquid", "index_fund", "overnight", "mid_cap", "small_cap", "gilt",
    "aggressive_hybrid", "other_etf", "gold_etf", "flexi_cap", "elss", "sectoral", "arbitrage",
)  # fmt: skip


def _lifetimes(
    rng: np.random.Generator, cat: IntArray, n_days: int
) -> tuple[IntArray, IntArray, BoolArray]:
    """Launch and close day per family, and whether it was alive before the start."""
    n = len(cat)
    legacy = rng.random(n) < _P_LEGACY
    launch = np.where(legacy, 0, rng.integers(1, max(n_days - 180, 2), n))
    span_left = n_days - 1 - launch
    closing = (rng.random(n) < _P_CLOSE) & (span_left > 400)
    early = launch + 365 + (rng.random(n) * (span_left - 365)).astype(np.int64)
    close = np.where(closing, early, n_days - 1)
    for life_kind, days in _FIXED_LIFE.items():
        fixed = _CAT_LIFE[cat] == life_kind
        past = rng.integers(0, days - 60, n)  # a legacy one launched this long before the start
        end = np.where(legacy, days - past, launch + days)
        close = np.where(fixed, np.minimum(end, n_days - 1), close)
    return launch.astype(np.int64), close.astype(np.int64), legacy


def _tiled(rng: np.random.Generator, bounds: tuple[float, float], n: int) -> FloatArray:
    return bounds[0] + (bounds[1] - bounds[0]) * rng.random(n)


def _model_inputs(
    rng: np.random.Generator, cat: IntArray, variant: IntArray
) -> dict[str, FloatArray]:
    """Loadings, carry, volatility and expense inputs per family, category by category."""
    n = len(cat)
    out = {k: np.zeros(n) for k in ("carry", "idio", "expense", "direct_gap")}
    out["target_corr"] = np.full(n, np.nan)
    loadings = np.zeros((n, len(FACTOR_KEYS)))
    for ci, spec in enumerate(CATEGORIES):
        rows = np.flatnonzero(cat == ci)
        for key, bounds in spec.loadings.items():
            loadings[rows, FACTOR_KEYS.index(key)] = _tiled(rng, bounds, len(rows))
        out["carry"][rows] = _tiled(rng, spec.carry, len(rows))
        out["idio"][rows] = _tiled(rng, spec.idio, len(rows))
        out["expense"][rows] = _tiled(rng, spec.expense, len(rows))
        out["direct_gap"][rows] = _tiled(rng, spec.direct_gap, len(rows))
        if spec.target_corr is not None:
            out["target_corr"][rows] = _tiled(rng, spec.target_corr, len(rows))
        var_factor = np.array(
            [FACTOR_KEYS.index(v.factor) if v.factor else -1 for v in spec.variants]
        )
        fidx = var_factor[variant[rows]]
        has = fidx >= 0
        passive = spec.vehicle in ("index", "etf")
        weight = np.ones(int(has.sum())) if passive else _tiled(rng, (0.85, 0.95), int(has.sum()))
        loadings[rows[has], fidx[has]] = weight
        if passive:
            out["carry"][rows] = 0.0
    out["loadings"] = loadings
    return out


def _n_options(cat: IntArray) -> IntArray:
    per_cat = np.array([len(OPTION_SETS[spec.options]) for spec in CATEGORIES])
    return per_cat[cat]


def _sample_families(
    rng: np.random.Generator, n_schemes: int, n_days: int, direct_day: int
) -> tuple[Families, IntArray]:
    """Families whose codes add up to exactly ``n_schemes`` (topped up with one-code ETFs)."""
    n_cat = len(CATEGORIES)
    first = [_CAT_KEYS.index(k) for k in _FIRST_PASS]
    first += [i for i in range(n_cat) if i not in first]
    weights = np.array([spec.weight for spec in CATEGORIES])
    m = n_schemes // 2 + n_cat + 8
    cat = np.concatenate([first, rng.choice(n_cat, m - n_cat, p=weights / weights.sum())])
    launch, close, legacy = _lifetimes(rng, cat, n_days)
    single = np.array([spec.options == "single" for spec in CATEGORIES])[cat]
    direct_from = np.maximum(launch, direct_day)
    has_direct = ~single & (close - direct_from > 60)
    codes = _n_options(cat) * (1 + has_direct)
    keep = int(np.searchsorted(np.cumsum(codes), n_schemes, side="right"))
    pad = n_schemes - int(codes[:keep].sum())
    etf = _CAT_KEYS.index("other_etf")
    cat = np.concatenate([cat[:keep], np.full(pad, etf)]).astype(np.int64)
    launch = np.concatenate([launch[:keep], np.zeros(pad, np.int64)])
    close = np.concatenate([close[:keep], np.full(pad, n_days - 1)])
    legacy = np.concatenate([legacy[:keep], np.ones(pad, bool)])
    direct_from = np.where(np.concatenate([has_direct[:keep], np.zeros(pad, bool)]),
                           np.maximum(launch, direct_day), -1)  # fmt: skip
    codes = np.concatenate([codes[:keep], np.ones(pad, np.int64)])
    n_amc = int(np.clip(n_schemes // 150, 15, len(AMC_NAMES)))
    n_var = np.array([len(spec.variants) for spec in CATEGORIES])
    variant = (rng.random(len(cat)) * n_var[cat]).astype(np.int64)
    inputs = _model_inputs(rng, cat, variant)
    families = Families(
        category=cat, amc=rng.integers(0, n_amc, len(cat)), variant=variant, launch=launch,
        close=close, legacy=legacy, direct_from=direct_from, **inputs,
    )  # fmt: skip
    return families, codes


def _snap(
    t0: IntArray, t1: IntArray, weekend: BoolArray, trading: BoolArray
) -> tuple[IntArray, IntArray]:
    """Move first days forward and last days back to days the scheme publishes."""
    n = len(trading)
    idx = np.arange(n)
    nxt = np.minimum.accumulate(np.where(trading, idx, n)[::-1])[::-1]
    prv = np.maximum.accumulate(np.where(trading, idx, -1))
    first = np.where(weekend, t0, nxt[np.minimum(t0, n - 1)])
    last = np.where(weekend, t1, prv[t1])
    return np.minimum(first, n - 1), np.maximum(last, first)


def _option_tables() -> tuple[list[list[str]], IntArray]:
    labels = [list(OPTION_SETS[spec.options]) for spec in CATEGORIES]
    payout_of = {"annual": 1, "quarterly": 2, "monthly": 3}
    kinds = np.zeros((len(CATEGORIES), 4), np.int64)
    for ci, spec in enumerate(CATEGORIES):
        for oi, label in enumerate(labels[ci]):
            kinds[ci, oi] = (
                _MONEY_PAYOUT[label]
                if spec.options == "money"
                else (payout_of[spec.payout] if label == "IDCW" else 0)
            )
    return labels, kinds


def _codes(rng: np.random.Generator, order_key: IntArray) -> IntArray:
    """Codes in 900000–999999 that grow with ``order_key`` (launch), with random gaps."""
    n = len(order_key)
    span = SYNTHETIC_CODE_MAX - SYNTHETIC_CODE_MIN
    if n > span:
        raise ValueError(f"at most {span} synthetic schemes fit the reserved code range")
    max_gap = int(max(1, min(12, 2 * span // n - 1)))
    codes = SYNTHETIC_CODE_MIN + np.cumsum(rng.integers(1, max_gap + 1, n))
    codes = np.minimum(codes, SYNTHETIC_CODE_MAX - (n - 1 - np.arange(n)))  # keep them unique
    out = np.empty(n, np.int64)
    out[np.argsort(order_key, kind="stable")] = codes
    return out


def _levels(
    rng: np.random.Generator, fam: Families, fam_of: IntArray, kind: IntArray, direct: BoolArray
) -> FloatArray:
    """Starting NAV: the category's launch level, or an older fund's level for legacy ones."""
    start = np.array([spec.start_level for spec in CATEGORIES])[fam.category]
    money = start > 100
    grown = start * np.exp(np.where(money, 0.05 + 0.85 * rng.random(len(start)),
                                    0.2 + 2.1 * rng.random(len(start))))  # fmt: skip
    growth = np.where(fam.legacy, grown, start)[fam_of]
    idcw = growth * np.where(fam.legacy[fam_of], 0.35 + 0.5 * rng.random(len(fam_of)), 1.0)
    face = 1000.0 + 5.0 * rng.integers(0, 8, len(fam_of))
    level = np.where(kind >= 4, face, np.where(kind > 0, idcw, growth))
    return np.where(direct & (kind < 4), np.nan, level)


def build_structure(
    rng: np.random.Generator, *, n_schemes: int, days: npt.NDArray[np.datetime64],
    trading: BoolArray, direct_day: int,
) -> Structure:  # fmt: skip
    """Families and schemes of a universe of exactly ``n_schemes`` codes on ``days``."""
    fam, codes_per = _sample_families(rng, n_schemes, len(days), direct_day)
    fam_of = np.repeat(np.arange(len(fam)), codes_per)
    k = np.arange(n_schemes) - (np.cumsum(codes_per) - codes_per)[fam_of]
    cat = fam.category[fam_of]
    n_opt = _n_options(cat)
    direct = k >= n_opt
    opt = k % n_opt
    labels, kinds = _option_tables()
    single = np.array([spec.options == "single" for spec in CATEGORIES])[cat]
    twin = np.where(direct, np.arange(n_schemes) - n_opt, -1)
    kind = kinds[cat, opt]
    weekend = np.array([spec.weekend for spec in CATEGORIES])[cat]
    t0, t1 = _snap(np.where(direct, fam.direct_from[fam_of], fam.launch[fam_of]),
                   fam.close[fam_of], weekend, trading)  # fmt: skip
    rate = np.array([spec.payout_rate for spec in CATEGORIES])[cat]
    payout_rate = np.where(kind.astype(bool) & (kind < 4), _tiled_rows(rng, rate), 0.0)
    payout_rate = np.where(direct, payout_rate[np.maximum(twin, 0)], payout_rate)
    level0 = _levels(rng, fam, fam_of, kind, direct)
    level0 = np.where(direct & (kind >= 4), level0[np.maximum(twin, 0)], level0)
    expense = fam.expense[fam_of] - np.where(direct, fam.direct_gap[fam_of], 0.0)
    plan = pl.Series("plan", np.where(single, None, np.where(direct, "Direct", "Regular")),
                     dtype=pl.String)  # fmt: skip
    table = np.array([row + [""] * (4 - len(row)) for row in labels])
    option = pl.Series("option", table[cat, opt], dtype=pl.String).replace("", None)
    schemes = _scheme_frame(rng, fam, fam_of, plan, option, kind, t0, t1, days, twin, expense,
                            weekend)  # fmt: skip
    return Structure(
        families=fam, schemes=schemes, family=fam_of, twin=twin, t0=t0, t1=t1, level0=level0,
        payout_kind=kind, payout_rate=payout_rate, expense=np.maximum(expense, 0.0005),
        weekend=weekend,
    )  # fmt: skip


def _tiled_rows(rng: np.random.Generator, bounds: FloatArray) -> FloatArray:
    return bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random(len(bounds))


def _pairs(twin: IntArray) -> IntArray:
    """The other half of each Direct/Regular pair (row index), else -1."""
    pair = np.full(len(twin), -1)
    direct = np.flatnonzero(twin >= 0)
    pair[direct] = twin[direct]
    pair[twin[direct]] = direct
    return pair


def _scheme_frame(
    rng: np.random.Generator, fam: Families, fam_of: IntArray, plan: pl.Series,
    option: pl.Series, kind: IntArray, t0: IntArray, t1: IntArray,
    days: npt.NDArray[np.datetime64], twin: IntArray, expense: FloatArray, weekend: BoolArray,
) -> pl.DataFrame:  # fmt: skip
    """The public scheme table, one row per code, in structure (family) order."""
    n = len(fam_of)
    cat, amc = fam.category[fam_of], fam.amc[fam_of]
    base = family_base_names(fam.amc, fam.category, fam.variant)[fam_of]
    texts = scheme_texts(base, amc, plan, option)
    order = np.lexsort((np.arange(n), t0))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n)
    codes = _codes(rng, rank)
    serial = pl.DataFrame({"amc": amc}).select(pl.int_range(pl.len()).over("amc")).to_series()
    serial_np = serial.to_numpy().astype(np.int64) * 2
    pair = _pairs(twin)
    spec_col = {
        name: np.array([getattr(spec, name) for spec in CATEGORIES])[cat]
        for name in ("label", "scheme_type", "asset_class", "vehicle", "key")
    }
    width = max(len(spec.variants) for spec in CATEGORIES)
    var_factor = np.array(
        [[v.factor or "" for v in spec.variants] + [""] * (width - len(spec.variants))
         for spec in CATEGORIES]
    )[cat, fam.variant[fam_of]]  # fmt: skip
    passive = np.isin(spec_col["vehicle"], ["index", "etf"])
    tracked = pl.Series(var_factor).replace_strict(
        INDEX_NAMES, default=None, return_dtype=pl.String
    )
    tracked = tracked.set(pl.Series(~passive), None)
    return pl.DataFrame(
        {
            "scheme_code": codes,
            "name": texts["name"],
            "amc_name": np.char.add(np.array(AMC_NAMES)[amc], " Mutual Fund"),
            "category_raw": spec_col["label"],
            "scheme_type": spec_col["scheme_type"],
            "plan": plan,
            "option": option,
            "isin_growth": pl.Series(isins(amc, serial_np)).set(pl.Series(kind == 4), None),
            "isin_reinvest": pl.Series(isins(amc, serial_np + 1)).set(pl.Series(kind == 0), None),
            "first_date": days[t0],
            "last_date": days[t1],
            "pair_code": pl.Series(np.where(pair >= 0, codes[pair], 0)).set(
                pl.Series(pair < 0), None
            ),
            "tracked_index": tracked,
            "asset_class": spec_col["asset_class"],
            "vehicle": spec_col["vehicle"],
            "category_key": spec_col["key"],
            "family_id": fam_of,
            "expense_ratio": np.maximum(expense, 0.0005),
            "publishes_weekends": weekend,
            "payout": np.array(PAYOUT_KINDS)[kind],
            "amfi_plan": texts["amfi_plan"],
            "amfi_option": texts["amfi_option"],
        }
    ).with_columns(pl.col("first_date", "last_date").cast(pl.Date))
