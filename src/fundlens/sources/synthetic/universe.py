"""The synthetic universe: a scheme table and a NAV panel (calendar days × schemes).

Conventions:

- ``Universe.nav[i, j]`` is scheme ``schemes[j]``'s NAV on ``dates[i]`` (a calendar day),
  rounded to 4 decimals, NaN where the scheme publishes nothing (not yet launched, closed,
  or a weekend/holiday for a fund that publishes on trading days only). Liquid and
  overnight funds publish every calendar day, as in AMFI's files.
- Returns are built in log space per calendar day. A family (one fund, all its plans and
  options) earns ``loadings · factors + carry / 365 + idiosyncratic noise`` (noise on
  trading days, daily sd = annual / √252); each scheme then pays its own expense ratio,
  ``expense / 365`` every calendar day, so a Direct plan beats its Regular twin by exactly
  the expense difference. Active equity funds get the idiosyncratic volatility that puts
  their daily-return correlation with the market at a drawn target (0.84–0.93).
- IDCW options: proportional payouts (annual 20 Mar, quarterly 20 Mar/Jun/Sep/Dec, monthly
  on the 25th) cut the NAV by a fixed rate; liquid/overnight Daily IDCW stays at its face
  value, Weekly and Monthly IDCW go back to face value every Monday / 1st of the month.
- A Direct plan starts at its Regular twin's NAV on its first day (the same portfolio).
- Deterministic: the seed fixes everything (three NumPy streams: factors, structure, noise).
  Work is vectorised over days; Python loops run over blocks of 256–512 schemes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.errors import InputError
from fundlens.sources.synthetic.calendar import calendar_days, day_index, trading_mask
from fundlens.sources.synthetic.catalog import CATEGORIES, INDEX_NAMES, MARKET_FACTOR
from fundlens.sources.synthetic.factors import FactorPaths, generate_factors
from fundlens.sources.synthetic.structure import Structure, build_structure
from fundlens.types import SYNTHETIC_CODE_MAX, SYNTHETIC_CODE_MIN

__all__ = ["DIRECT_PLANS_FROM", "MARKET_INDEX", "Universe", "generate_universe"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Direct plans exist from this day (SEBI's 2013 rule).
DIRECT_PLANS_FROM: Final = date(2013, 1, 1)
#: The name of the market factor in ``Universe.indices`` (a Nifty-50 total-return proxy).
MARKET_INDEX: Final = INDEX_NAMES[MARKET_FACTOR]
_TD: Final = 252.0
_FAMILY_BLOCK: Final = 256
_SCHEME_BLOCK: Final = 512


@dataclass(frozen=True, eq=False)
class Universe:
    """Schemes (one row per code, aligned with the NAV columns) and their NAV panel."""

    schemes: pl.DataFrame
    dates: npt.NDArray[np.datetime64]
    trading: npt.NDArray[np.bool_]
    nav: FloatArray
    indices: dict[str, FloatArray]
    seed: int

    @property
    def start(self) -> date:
        """First calendar day of the panel."""
        return date.fromisoformat(str(self.dates[0]))

    @property
    def end(self) -> date:
        """Last calendar day of the panel."""
        return date.fromisoformat(str(self.dates[-1]))

    @property
    def nav_rows(self) -> int:
        """Number of published (scheme, day) NAVs."""
        return int(np.count_nonzero(~np.isnan(self.nav)))

    @property
    def market(self) -> FloatArray:
        """Level of the Nifty-50 proxy on every calendar day (flat on non-trading days)."""
        return self.indices[MARKET_INDEX]


def _idio_daily(factors: FactorPaths, st: Structure, trading: npt.NDArray[np.bool_]) -> FloatArray:
    """Daily idiosyncratic sd per family; active equity solved from its target correlation."""
    fam = st.families
    sd = fam.idio / np.sqrt(_TD)
    sigma = np.cov(factors.log_returns[trading], rowvar=False)
    m = factors.keys.index(MARKET_FACTOR)
    w = fam.loadings
    var_s = np.einsum("ij,jk,ik->i", w, sigma, w)
    cov_sm = (w @ sigma)[:, m]
    target = fam.target_corr
    solved = cov_sm**2 / (np.nan_to_num(target, nan=1.0) ** 2 * sigma[m, m]) - var_s
    return np.where(np.isnan(target), sd, np.sqrt(np.maximum(solved, 0.0)))


def _family_paths(
    factors: FactorPaths, st: Structure, trading: npt.NDArray[np.bool_], rng: np.random.Generator
) -> FloatArray:
    """Cumulative gross log return per calendar day and family (before expenses)."""
    fam = st.families
    n_days, n_fam = len(trading), len(fam)
    sd = _idio_daily(factors, st, trading)
    asset = np.array([spec.asset_class for spec in CATEGORIES])[fam.category]
    vehicle = np.array([spec.vehicle for spec in CATEGORIES])[fam.category]
    regime = np.isin(asset, ["equity", "hybrid"]) & np.isin(vehicle, ["active", "fof"])
    trade_idx = np.flatnonzero(trading)
    vol_scale = factors.vol_scale[trade_idx][:, None]
    out = np.empty((n_days, n_fam))
    for lo in range(0, n_fam, _FAMILY_BLOCK):
        block = slice(lo, min(lo + _FAMILY_BLOCK, n_fam))
        daily = factors.log_returns @ fam.loadings[block].T + fam.carry[block] / 365.0
        noise = rng.standard_normal((len(trade_idx), block.stop - lo)) * sd[block]
        daily[trade_idx] += noise * np.where(regime[block], vol_scale, 1.0)
        out[:, block] = np.cumsum(daily, axis=0)
    return out


def _payout_counts(days: npt.NDArray[np.datetime64]) -> IntArray:
    """Payouts so far per day, columns = payout kind 0–3 (none, annual, quarterly, monthly)."""
    months = days.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    dom = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    quarter_end = (month % 3 == 0) & (dom == 20)
    events = [np.zeros(len(days), bool), (month == 3) & (dom == 20), quarter_end, dom == 25]
    return np.column_stack([np.cumsum(e) for e in events]).astype(np.int64)


def _reset_days(days: npt.NDArray[np.datetime64]) -> tuple[IntArray, IntArray]:
    """Index of the last Monday and of the last 1st of the month on or before each day."""
    t = np.arange(len(days))
    weekday = (days.astype(np.int64) + 3) % 7
    months = days.astype("datetime64[M]")
    dom0 = (days - months.astype("datetime64[D]")).astype(np.int64)
    return t - weekday, t - dom0


def _direct_levels(st: Structure, paths: FloatArray, payouts: IntArray) -> FloatArray:
    """Direct plans start at their Regular twin's (unrounded) NAV on their first day."""
    level = st.level0.copy()
    rows = np.flatnonzero(np.isnan(level))
    twin = st.twin[rows]
    fam = st.family[rows]
    t_d, t_r = st.t0[rows], st.t0[twin]
    drift = st.expense[twin] / 365.0
    growth = (paths[t_d, fam] - drift * t_d) - (paths[t_r, fam] - drift * t_r)
    kind = st.payout_kind[twin]
    paid = payouts[t_d, kind] - payouts[t_r, kind]
    level[rows] = level[twin] * np.exp(growth) * (1.0 - st.payout_rate[twin]) ** paid
    return level


def _panel(
    st: Structure, paths: FloatArray, days: npt.NDArray[np.datetime64],
    trading: npt.NDArray[np.bool_],
) -> FloatArray:  # fmt: skip
    """NAV per calendar day and scheme, NaN where nothing is published."""
    n_days, n = len(days), len(st.family)
    t = np.arange(n_days)[:, None]
    payouts = _payout_counts(days)
    monday, first_of_month = _reset_days(days)
    level0 = _direct_levels(st, paths, payouts)
    nav = np.empty((n_days, n))
    for lo in range(0, n, _SCHEME_BLOCK):
        b = slice(lo, min(lo + _SCHEME_BLOCK, n))
        t0, t1, kind = st.t0[b], st.t1[b], st.payout_kind[b]
        cum = paths[:, st.family[b]] - st.expense[b] / 365.0 * t
        anchor = np.where(kind == 4, t, np.broadcast_to(t0, cum.shape))
        anchor = np.where(kind == 5, np.maximum(monday[:, None], t0), anchor)
        anchor = np.where(kind == 6, np.maximum(first_of_month[:, None], t0), anchor)
        log_nav = np.log(level0[b]) + cum - np.take_along_axis(cum, anchor, axis=0)
        paid = payouts[:, np.minimum(kind, 3)] - payouts[t0, np.minimum(kind, 3)]
        log_nav += np.where(kind < 4, paid, 0) * np.log1p(-st.payout_rate[b])
        hidden = (t < t0) | (t > t1) | ~(trading[:, None] | st.weekend[b])
        nav[:, b] = np.where(hidden, np.nan, np.round(np.exp(log_nav), 4))
    return nav


def _validate(n_schemes: int, start: date, end: date) -> None:
    if not 1 <= n_schemes <= SYNTHETIC_CODE_MAX - SYNTHETIC_CODE_MIN:
        raise InputError(f"n_schemes must be 1–{SYNTHETIC_CODE_MAX - SYNTHETIC_CODE_MIN}")
    if (end - start).days < 365:
        raise InputError(f"the span {start}..{end} must be at least a year")


def generate_universe(*, n_schemes: int, start: date, end: date, seed: int) -> Universe:
    """A synthetic universe of exactly ``n_schemes`` codes on the calendar ``start``–``end``."""
    _validate(n_schemes, start, end)
    days = calendar_days(start, end)
    trading = trading_mask(days)
    factors = generate_factors(days, trading, np.random.default_rng([seed, 1]))
    direct_day = day_index(days, DIRECT_PLANS_FROM) if start < DIRECT_PLANS_FROM else 0
    st = build_structure(
        np.random.default_rng([seed, 2]), n_schemes=n_schemes, days=days, trading=trading,
        direct_day=direct_day,
    )  # fmt: skip
    paths = _family_paths(factors, st, trading, np.random.default_rng([seed, 3]))
    nav = _panel(st, paths, days, trading)
    indices = {name: factors.level(key) for key, name in INDEX_NAMES.items()}
    return Universe(st.schemes, days, trading, nav, indices, seed)
