"""Factor paths of the synthetic universe: equity indices, gold, the overnight rate and bonds.

Conventions:

- Every path is a *log return per calendar day* (``log(level_t / level_{t-1})``); equity,
  gold and bond factors move on trading days only (0 on weekends and holidays), the overnight
  rate accrues every calendar day (``y / 365``).
- The market factor (``nifty50``, a Nifty-50 total-return proxy) follows a stylised path
  through fixed anchor levels loosely shaped like the Nifty 50's history (the 2008 fall,
  the 2020 fall, the long rise), times a 1.3 %/yr dividend uplift: about 12 %/yr over
  2006–2026. Between anchors the path is a Brownian bridge (seeded), so anchor levels are
  hit exactly and the noise cannot drift the crises out of shape. Beyond the anchors the
  path continues at 12 %/yr.
- Other equity indices are ``beta * market + drift + own noise``; all equity noise is
  scaled by one regime volatility multiplier ``vol_scale`` (mean square 1 over trading
  days), so correlations stay stable through calm and crisis regimes.
- Annual figures are fractions; daily = annual / 252 on trading days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from fundlens.sources.synthetic.catalog import EQUITY_FACTORS, FACTOR_KEYS, MARKET_FACTOR

__all__ = ["CRISES", "MARKET_ANCHORS", "RATE_ANCHORS", "FactorPaths", "generate_factors"]

FloatArray = npt.NDArray[np.float64]
_TD: Final = 252.0
_TRI_UPLIFT: Final = 0.013
_DRIFT_BEYOND: Final = 0.12
_CRISIS_MARGIN: Final = 0.005

#: (year, lowest, highest) peak-to-trough fall of the market within that year.
CRISES: Final[tuple[tuple[int, float, float], ...]] = ((2008, -0.65, -0.50), (2020, -0.40, -0.30))

#: (date, price-index level, annual volatility of the segment that starts there).
MARKET_ANCHORS: Final[tuple[tuple[str, float, float], ...]] = (
    ("2003-01-01", 1100, 0.18), ("2004-01-01", 1900, 0.24), ("2004-05-17", 1450, 0.18),
    ("2005-01-03", 2100, 0.15), ("2006-01-02", 2850, 0.20), ("2006-05-11", 3750, 0.32),
    ("2006-06-14", 2700, 0.20), ("2007-01-01", 3950, 0.22), ("2007-12-31", 6140, 0.25),
    ("2008-01-08", 6290, 0.40), ("2008-03-17", 4600, 0.34), ("2008-05-02", 5200, 0.32),
    ("2008-07-15", 3900, 0.36), ("2008-08-12", 4500, 0.45), ("2008-10-27", 2900, 0.40),
    ("2008-12-31", 3000, 0.34), ("2009-03-06", 2650, 0.32), ("2009-05-18", 4300, 0.24),
    ("2009-12-31", 5200, 0.18), ("2010-11-05", 6300, 0.20), ("2011-12-20", 4550, 0.18),
    ("2012-12-31", 5900, 0.15), ("2013-08-28", 5300, 0.18), ("2014-05-16", 7200, 0.14),
    ("2015-03-03", 8950, 0.17), ("2016-02-29", 7000, 0.14), ("2017-12-29", 10530, 0.13),
    ("2018-08-28", 11740, 0.16), ("2018-10-26", 10030, 0.14), ("2019-12-31", 12170, 0.12),
    ("2020-01-14", 12360, 0.40), ("2020-03-23", 8600, 0.26), ("2020-12-31", 13980, 0.16),
    ("2021-10-18", 18480, 0.17), ("2022-06-17", 15290, 0.16), ("2022-12-01", 18810, 0.12),
    ("2023-03-20", 16990, 0.11), ("2023-12-29", 21730, 0.12), ("2024-09-26", 26220, 0.14),
    ("2025-03-03", 22120, 0.14), ("2025-06-30", 25520, 0.11), ("2025-12-31", 26100, 0.12),
    ("2026-10-30", 27600, 0.14),
)  # fmt: skip

#: (date, overnight rate as a fraction a year); linear in between, flat beyond.
RATE_ANCHORS: Final[tuple[tuple[str, float], ...]] = (
    ("2003-01-01", 0.055), ("2006-01-01", 0.0625), ("2007-03-31", 0.075), ("2008-08-01", 0.09),
    ("2008-12-01", 0.065), ("2009-04-21", 0.035), ("2010-03-01", 0.04), ("2011-10-25", 0.085),
    ("2012-04-17", 0.08), ("2013-05-03", 0.0725), ("2013-08-01", 0.095), ("2013-11-01", 0.08),
    ("2015-01-15", 0.0775), ("2016-04-05", 0.065), ("2017-08-02", 0.06), ("2019-02-07", 0.0625),
    ("2019-10-04", 0.0515), ("2020-05-22", 0.035), ("2022-05-04", 0.04), ("2022-09-30", 0.059),
    ("2023-02-08", 0.065), ("2025-02-07", 0.0625), ("2025-06-06", 0.055), ("2026-10-30", 0.055),
)  # fmt: skip

#: equity factor -> (beta to the market, extra drift a year, own volatility a year).
_STYLE: Final[dict[str, tuple[float, float, float]]] = {
    "next50": (1.05, 0.010, 0.08),
    "midcap150": (1.10, 0.020, 0.08),
    "smallcap250": (1.20, 0.000, 0.10),
    "bank": (1.15, 0.000, 0.10),
    "it": (0.85, 0.030, 0.10),
    "pharma": (0.75, 0.030, 0.09),
    "infra": (1.20, -0.030, 0.10),
    "consumption": (0.85, 0.030, 0.08),
}
_GOLD: Final = (0.11, 0.15)  # drift, volatility a year
_BOND_SD, _BOND_PHI, _BOND_SHORT_BETA = 0.006, 0.998, 0.5


@dataclass(frozen=True, eq=False)
class FactorPaths:
    """Log returns per calendar day of every factor in :data:`FACTOR_KEYS`."""

    keys: tuple[str, ...]
    log_returns: FloatArray  # (n_days, n_factors)
    vol_scale: FloatArray  # (n_days,) regime volatility multiplier, 0 off trading days
    market_base: float  # market level on the first day

    def column(self, key: str) -> FloatArray:
        """Log returns per calendar day of factor ``key``."""
        return self.log_returns[:, self.keys.index(key)]

    def level(self, key: str, *, base: float = 1000.0) -> FloatArray:
        """Index level per calendar day, ``base`` on the first day (market: its anchor level)."""
        start = self.market_base if key == MARKET_FACTOR else base
        return start * np.exp(np.cumsum(self.column(key)))


def _days_since_epoch(when: str) -> float:
    return float(np.datetime64(date.fromisoformat(when), "D").astype(np.int64))


def _market_log_level(t: FloatArray) -> FloatArray:
    """Anchor log level (with dividend uplift) at day numbers ``t``; 12 %/yr beyond anchors."""
    at = np.array([_days_since_epoch(d) for d, _, _ in MARKET_ANCHORS])
    lv = np.log([lvl for _, lvl, _ in MARKET_ANCHORS])
    out = np.interp(t, at, lv)
    out = np.where(t < at[0], lv[0] + _DRIFT_BEYOND * (t - at[0]) / 365.0, out)
    out = np.where(t > at[-1], lv[-1] + _DRIFT_BEYOND * (t - at[-1]) / 365.0, out)
    return out + _TRI_UPLIFT * (t - at[0]) / 365.0


def _segments(t_trade: FloatArray) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Knot positions (anchors on the trading axis) and the segment of every trading day."""
    at = np.array([_days_since_epoch(d) for d, _, _ in MARKET_ANCHORS])
    inside = np.searchsorted(t_trade, at[(at > t_trade[0]) & (at < t_trade[-1])])
    knots = np.unique(np.concatenate(([0], inside, [len(t_trade) - 1])))
    seg = np.searchsorted(knots, np.arange(len(t_trade)), side="right") - 1
    return knots, np.clip(seg, 0, len(knots) - 2)


def _drawdown(log_level: FloatArray) -> float:
    return float(np.exp(np.min(log_level - np.maximum.accumulate(log_level))) - 1.0)


def _tame_crises(
    t_trade: FloatArray, seg: npt.NDArray[np.int64], trend: FloatArray, bridge: FloatArray
) -> FloatArray:
    """Noise multiplier per segment: 1, or less where a crisis year's fall leaves its range."""
    mult = np.ones(int(seg.max()) + 1)
    years = (t_trade.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)) + 1970
    for year, low, high in CRISES:
        in_year = years == year
        if not (in_year.any() and years[0] < year < years[-1]):
            continue
        segs = np.unique(seg[in_year])
        for m in (1.0, 0.75, 0.5, 0.25, 0.0):
            mult[segs] = m
            fall = _drawdown((trend + bridge * mult[seg])[in_year])
            if low + _CRISIS_MARGIN <= fall <= high - _CRISIS_MARGIN:
                break
    return mult


def _market(t_trade: FloatArray, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """Market log level and volatility on trading days: anchors joined by Brownian bridges."""
    at = np.array([_days_since_epoch(d) for d, _, _ in MARKET_ANCHORS])
    vols = np.array([v for _, _, v in MARKET_ANCHORS])
    knots, seg = _segments(t_trade)
    first_anchor = np.searchsorted(at, t_trade[knots[:-1]], side="right") - 1
    sigma = vols[np.clip(first_anchor, 0, len(at) - 1)][seg]
    walk = np.concatenate(([0.0], np.cumsum(sigma[1:] * rng.standard_normal(len(t_trade) - 1))))
    walk /= np.sqrt(_TD)
    a, b = knots[seg], knots[seg + 1]
    frac = (np.arange(len(t_trade)) - a) / np.maximum(b - a, 1)
    bridge = walk - walk[a] - frac * (walk[b] - walk[a])
    base = _market_log_level(t_trade[knots])
    trend = base[seg] + frac * (base[seg + 1] - base[seg])
    mult = _tame_crises(t_trade, seg, trend, bridge)[seg]
    return trend + bridge * mult, sigma * np.maximum(mult, 0.25)


def _on_calendar(n_days: int, trade_idx: npt.NDArray[np.int64], daily: FloatArray) -> FloatArray:
    out = np.zeros(n_days)
    out[trade_idx] = daily
    return out


def _short_rate(t: FloatArray) -> FloatArray:
    at = np.array([_days_since_epoch(d) for d, _ in RATE_ANCHORS])
    return np.interp(t, at, np.array([r for _, r in RATE_ANCHORS]))


def _ar1(innov: FloatArray, phi: float) -> FloatArray:
    """``x_t = phi * x_{t-1} + innov_t`` (x_{-1} = 0), vectorised in blocks of 2,048 steps."""
    out = np.empty_like(innov)
    state = 0.0
    for start in range(0, len(innov), 2048):
        block = innov[start : start + 2048]
        k = np.arange(len(block), dtype=np.float64)
        part = np.cumsum(block * phi**-k) * phi**k + state * phi ** (k + 1)
        out[start : start + len(block)] = part
        state = float(part[-1])
    return out


def _bond(t_trade: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Price return per unit duration on trading days: minus the change of a long yield."""
    innov = _BOND_SD * np.sqrt(1.0 - _BOND_PHI**2) * rng.standard_normal(len(t_trade))
    long_yield = _BOND_SHORT_BETA * _short_rate(t_trade) + _ar1(innov, _BOND_PHI)
    return -np.diff(long_yield, prepend=long_yield[0])


def generate_factors(
    days: npt.NDArray[np.datetime64], trading: npt.NDArray[np.bool_], rng: np.random.Generator
) -> FactorPaths:
    """Every factor's log returns on the calendar ``days`` (``trading`` marks trading days)."""
    n_days = len(days)
    t_all = days.astype(np.int64).astype(np.float64)
    trade_idx = np.flatnonzero(trading)
    t_trade = t_all[trade_idx]
    log_level, sigma = _market(t_trade, rng)
    vol_scale_t = sigma / np.sqrt(np.mean(sigma**2))
    market = np.diff(log_level, prepend=log_level[0])
    cols: dict[str, FloatArray] = {MARKET_FACTOR: _on_calendar(n_days, trade_idx, market)}
    for key in EQUITY_FACTORS[1:]:
        beta, drift, vol = _STYLE[key]
        noise = vol * vol_scale_t * rng.standard_normal(len(trade_idx)) / np.sqrt(_TD)
        cols[key] = _on_calendar(n_days, trade_idx, beta * market + drift / _TD + noise)
    gold = _GOLD[0] / _TD + _GOLD[1] * rng.standard_normal(len(trade_idx)) / np.sqrt(_TD)
    cols["gold"] = _on_calendar(n_days, trade_idx, gold)
    cols["rate"] = np.log1p(_short_rate(t_all) / 365.0)
    cols["bond"] = _on_calendar(n_days, trade_idx, _bond(t_trade, rng))
    matrix = np.column_stack([cols[key] for key in FACTOR_KEYS])
    return FactorPaths(
        keys=FACTOR_KEYS,
        log_returns=matrix,
        vol_scale=_on_calendar(n_days, trade_idx, vol_scale_t),
        market_base=float(np.exp(log_level[0])),
    )
