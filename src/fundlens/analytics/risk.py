"""Return-based risk: volatility, downside deviation, beta, tracking error, VaR, CVaR,
skew, correlation, best and worst period.

Inputs are daily returns as :func:`fundlens.analytics.grid.daily_returns` makes them,
shape ``(T,)`` or ``(n, T)``, ``NaN`` where a day is not an observation. Every function
works along the last axis: 1-D in, a Python float out; 2-D in, one value per row.
Relative functions take ``(returns, benchmark)`` of one shape and use only the
observations where both are finite.

Formulas (fractions; 252 periods a year; standard deviations sample, ddof = 1)
    * volatility = std(r)·√252 (empyrical ``annual_volatility``).
    * downside deviation = √(mean(min(r − rf_d, 0)²))·√252 over *all* observations,
      rf_d = rf / 252 (empyrical ``downside_risk`` with ``required_return = rf/252``).
    * beta = cov(r_f, r_b) / var(r_b) over common observations, one ddof in both
      (empyrical ``beta``); NaN when var(r_b) is 0.
    * tracking error = std(r_f − r_b)·√252 over common observations.
    * value at risk (historical) = the (1 − level) quantile of the returns, linear
      interpolation between order statistics as ``numpy.percentile`` (empyrical
      ``value_at_risk(r, cutoff=1 − level)``); negative = a loss.
    * conditional value at risk = mean of the k smallest returns, k = ⌊(N − 1)(1 −
      level)⌋ + 1: the order statistics at or below the VaR's interpolation point
      (empyrical ``conditional_value_at_risk``). With tied returns this is not the mean
      of *every* return ≤ VaR (quantstats' ``method="historical"``): NAVs rounded to 2
      decimals tie often, and counting the k order statistics keeps the tail size fixed.
    * skew = adjusted Fisher–Pearson G1 = √(N(N − 1)) / (N − 2) · m3 / m2^{3/2}, m_k
      the k-th central moment (pandas ``Series.skew``, which quantstats uses; scipy
      ``skew(bias=False)``); NaN for a constant series, as pandas.
    * correlation matrix = pairwise Pearson over the observations each pair shares
      (pandas ``DataFrame.corr``, pairwise-complete).
    * best / worst period = max / min of the finite period returns (monthly, yearly).

Too little data gives NaN (never an exception); the minimum counts are the
``MIN_OBSERVATIONS*`` constants below.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from fundlens.analytics.grid import (
    DEFAULT_RF,
    PERIODS_PER_YEAR,
    FloatArray,
    as_float_array,
    nanstd,
)
from fundlens.errors import InputError

__all__ = [
    "MIN_OBSERVATIONS",
    "MIN_OBSERVATIONS_CORRELATION",
    "MIN_OBSERVATIONS_QUANTILE",
    "MIN_OBSERVATIONS_SKEW",
    "best_period",
    "beta",
    "conditional_value_at_risk",
    "correlation_matrix",
    "downside_deviation",
    "skew",
    "tail_risk",
    "tracking_error",
    "value_at_risk",
    "volatility",
    "worst_period",
]

#: Observations needed for a dispersion (volatility, downside deviation, beta, TE).
MIN_OBSERVATIONS: Final = 2
#: Observations needed for the skew (G1 divides by N − 2).
MIN_OBSERVATIONS_SKEW: Final = 3
#: Common observations a pair needs for a correlation.
MIN_OBSERVATIONS_CORRELATION: Final = 3
#: Observations needed for VaR and CVaR (a quantile of one value is that value).
MIN_OBSERVATIONS_QUANTILE: Final = 1

_SQRT_YEAR: Final = float(np.sqrt(PERIODS_PER_YEAR))


def _out(values: FloatArray) -> FloatArray | float:
    """A 0-d result as a Python float, anything else as an array."""
    return float(values) if np.ndim(values) == 0 else np.asarray(values, dtype=np.float64)


def _pair(returns: object, benchmark: object) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Both series as arrays of one shape, NaN where either is not an observation,
    and the finite mask."""
    r, b = as_float_array(returns), as_float_array(benchmark)
    if r.shape != b.shape:
        raise InputError(f"returns {r.shape} and benchmark {b.shape} differ in shape")
    both = np.isfinite(r) & np.isfinite(b)
    return np.where(both, r, np.nan), np.where(both, b, np.nan), both


def _check_level(level: float) -> float:
    """The tail fraction 1 − level; rounded so that 1 − 0.95 is the double 0.05 (the
    reference libraries take the cutoff 0.05 itself; the floor of (N − 1)·cutoff must
    not move by one ulp)."""
    if not 0.0 < level < 1.0:
        raise InputError(f"confidence level {level} is outside (0, 1)")
    return round(1.0 - level, 12)


def volatility(returns: FloatArray) -> FloatArray | float:
    """Annualised volatility std(r)·√252, ddof = 1, over the finite returns.

    >>> volatility(np.array([0.01, -0.01, np.nan, 0.01, -0.01]))  # std = 0.011547
    0.18330302779823363
    """
    return _out(np.asarray(nanstd(as_float_array(returns), ddof=1)) * _SQRT_YEAR)


def downside_deviation(
    returns: FloatArray, *, rf: float | FloatArray = DEFAULT_RF
) -> FloatArray | float:
    """√(mean(min(r − rf/252, 0)²))·√252 over all observations (calm days count as 0).

    ``rf`` is a fraction a year, a float or an array broadcastable to ``returns``.

    >>> downside_deviation(np.array([0.02, -0.02, 0.0, 0.0]), rf=0.0)  # √(0.0004/4)·√252
    0.15874507866387544
    """
    r = as_float_array(returns)
    excess = r - np.asarray(rf, dtype=np.float64) / PERIODS_PER_YEAR
    ok = np.isfinite(excess)
    n = ok.sum(axis=-1)
    below = np.where(ok, np.minimum(excess, 0.0), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n >= MIN_OBSERVATIONS, np.sqrt((below * below).sum(axis=-1) / n), np.nan)
    return _out(out * _SQRT_YEAR)


def beta(returns: FloatArray, benchmark: FloatArray) -> FloatArray | float:
    """cov(r_f, r_b) / var(r_b) over the observations both have (ddof = 1 in both).

    >>> beta(np.array([0.02, -0.02, 0.04]), np.array([0.01, -0.01, 0.02]))
    2.0
    """
    r, b, both = _pair(returns, benchmark)
    n = both.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        db = np.where(both, b - np.expand_dims(np.nansum(b, axis=-1) / n, -1), 0.0)
        dr = np.where(both, r - np.expand_dims(np.nansum(r, axis=-1) / n, -1), 0.0)
        var_b = (db * db).sum(axis=-1)
        out = np.where(
            (n >= MIN_OBSERVATIONS) & (var_b > 0), (db * dr).sum(axis=-1) / var_b, np.nan
        )
    return _out(out)


def tracking_error(returns: FloatArray, benchmark: FloatArray) -> FloatArray | float:
    """std(r_f − r_b)·√252, ddof = 1, over the observations both have.

    >>> round(tracking_error(np.array([0.02, 0.0, 0.01]), np.array([0.01, 0.01, 0.01])), 6)
    0.158745
    """
    r, b, _ = _pair(returns, benchmark)
    return _out(np.asarray(nanstd(r - b, ddof=1)) * _SQRT_YEAR)


def _sorted_tail(r: FloatArray, cutoff: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Ascending sort (NaN last), the count of observations and the 0-based fractional
    position (N − 1)·cutoff of the quantile."""
    ordered = np.sort(r, axis=-1)
    n = np.isfinite(r).sum(axis=-1)
    return ordered, n, np.maximum(n - 1, 0) * cutoff


def value_at_risk(returns: FloatArray, *, level: float = 0.95) -> FloatArray | float:
    """Historical VaR: the (1 − level) quantile of the returns, linear interpolation
    (``numpy.percentile``); a negative number is a loss.

    >>> value_at_risk(np.array([-0.05, -0.01, 0.0, 0.02, 0.03]), level=0.9)  # −0.05 + 0.4·0.04
    -0.034
    """
    r = as_float_array(returns)
    return _out(_var(*_sorted_tail(r, _check_level(level))))


def _var(ordered: FloatArray, n: FloatArray, pos: FloatArray) -> FloatArray:
    if ordered.shape[-1] == 0:
        return np.full(ordered.shape[:-1], np.nan)
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, np.maximum(n - 1, 0))
    low = np.take_along_axis(ordered, np.expand_dims(lo, -1), axis=-1)[..., 0]
    high = np.take_along_axis(ordered, np.expand_dims(hi, -1), axis=-1)[..., 0]
    frac = pos - lo
    return np.where(n >= MIN_OBSERVATIONS_QUANTILE, low + (high - low) * frac, np.nan)


def conditional_value_at_risk(returns: FloatArray, *, level: float = 0.95) -> FloatArray | float:
    """Historical CVaR: mean of the k smallest returns, k = ⌊(N − 1)(1 − level)⌋ + 1
    (empyrical's definition; see the module docstring on ties).

    >>> conditional_value_at_risk(np.array([-0.05, -0.01, 0.0, 0.02, 0.03]), level=0.5)
    -0.02
    """
    r = as_float_array(returns)
    return _out(_cvar(*_sorted_tail(r, _check_level(level))))


def _cvar(ordered: FloatArray, n: FloatArray, pos: FloatArray) -> FloatArray:
    k = np.floor(pos).astype(np.intp) + 1
    tail = np.arange(ordered.shape[-1]) < np.expand_dims(k, -1)
    with np.errstate(invalid="ignore"):
        mean = np.sum(ordered, axis=-1, where=tail) / k
    return np.where(n >= MIN_OBSERVATIONS_QUANTILE, mean, np.nan)


def tail_risk(
    returns: FloatArray, *, level: float = 0.95
) -> tuple[FloatArray | float, FloatArray | float]:
    """(VaR, CVaR) from one sort: :func:`value_at_risk` and
    :func:`conditional_value_at_risk` of the same returns (VaR = the (1 − level)
    quantile; CVaR = mean of the ⌊(N − 1)(1 − level)⌋ + 1 smallest).

    >>> tail_risk(np.array([-0.05, -0.01, 0.0, 0.02, 0.03]), level=0.5)
    (0.0, -0.02)
    """
    tail = _sorted_tail(as_float_array(returns), _check_level(level))
    return _out(_var(*tail)), _out(_cvar(*tail))


def skew(returns: FloatArray) -> FloatArray | float:
    """Adjusted Fisher–Pearson skew √(N(N − 1))/(N − 2)·m3/m2^{3/2} (pandas ``skew``).

    >>> round(skew(np.array([0.0, 0.0, 0.03])), 6)  # m2 = 2e-4, m3 = 2e-6: √6·√2
    1.732051
    """
    r = as_float_array(returns)
    ok = np.isfinite(r)
    n = ok.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, r, 0.0).sum(axis=-1) / n
        dev = np.where(ok, r - np.expand_dims(mean, -1), 0.0)
        m2 = (dev * dev).sum(axis=-1) / n
        m3 = (dev * dev * dev).sum(axis=-1) / n
        g1 = np.sqrt(n * (n - 1.0)) / (n - 2.0) * m3 / m2**1.5
    return _out(np.where((n >= MIN_OBSERVATIONS_SKEW) & (m2 > 0), g1, np.nan))


def correlation_matrix(returns: FloatArray) -> FloatArray:
    """Pairwise Pearson correlations of the rows of an ``(n, T)`` panel, each pair over
    the observations both rows have; NaN with fewer than 3 common observations or a
    constant row. Masked matrix products, no loop over pairs.

    ρ_ij = cov(r_i, r_j) / (σ_i·σ_j), all three over the common observations of i and j.

    >>> correlation_matrix(np.array([[0.01, 0.02, 0.03, np.nan], [0.03, 0.01, 0.02, 0.04]]))
    array([[ 1. , -0.5],
           [-0.5,  1. ]])
    """
    r = as_float_array(returns)
    if r.ndim != 2:
        raise InputError(f"correlation_matrix needs an (n, T) panel, got shape {r.shape}")
    ok = np.isfinite(r)
    m = ok.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        centre = np.where(ok, r, 0.0).sum(axis=-1, keepdims=True) / ok.sum(axis=-1, keepdims=True)
        x = np.where(ok, r - centre, 0.0)  # shift-invariant: centring keeps sums small
        n = m @ m.T
        sx = x @ m.T  # sx[i, j] = Σ x_i over days both i and j observe
        sxx = (x * x) @ m.T
        sxy = x @ x.T
        cov = sxy - sx * sx.T / n
        var_i = sxx - sx * sx / n
        corr = cov / np.sqrt(var_i * var_i.T)
    corr = np.clip(corr, -1.0, 1.0)
    corr[(n < MIN_OBSERVATIONS_CORRELATION) | ~(var_i > 0) | ~(var_i.T > 0)] = np.nan
    diagonal = np.diagonal(corr).copy()
    np.fill_diagonal(corr, np.where(np.isfinite(diagonal), 1.0, np.nan))
    return corr


def _extreme(values: object, ufunc: np.ufunc) -> FloatArray | float:
    v = as_float_array(values)
    if v.shape[-1] == 0:
        return _out(np.full(v.shape[:-1], np.nan))
    return _out(ufunc.reduce(np.where(np.isfinite(v), v, np.nan), axis=-1))


def best_period(period_returns: FloatArray) -> FloatArray | float:
    """Largest finite period return (monthly, yearly) along the last axis; NaN if none.

    best = max(r_p) over the finite period returns r_p.

    >>> best_period(np.array([0.02, np.nan, -0.05, 0.04]))
    0.04
    """
    return _extreme(period_returns, np.fmax)


def worst_period(period_returns: FloatArray) -> FloatArray | float:
    """Smallest finite period return along the last axis; NaN if none.

    worst = min(r_p) over the finite period returns r_p.

    >>> worst_period(np.array([0.02, np.nan, -0.05, 0.04]))
    -0.05
    """
    return _extreme(period_returns, np.fmin)
