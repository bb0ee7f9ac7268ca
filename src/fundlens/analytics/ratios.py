"""Risk-adjusted ratios: Sharpe, Sortino, information ratio, Calmar, Treynor, Jensen's alpha.

Units are fractions (0.12 = 12 %); ratios are plain numbers. Two kinds of function:

* **From daily returns** (:func:`sharpe`, :func:`sortino`, :func:`information_ratio`):
  ``returns`` as made by :func:`fundlens.analytics.grid.daily_returns`, shape ``(T,)`` or
  ``(n, T)``, NaN where a day is no observation (Monday–Friday NAVs only, no return
  spanning more than 10 calendar days, no flagged day). They reduce along the last axis:
  1-D in, a float out; 2-D in, one value per row. 252 periods a year; sample standard
  deviations (ddof = 1).

  - rf is a fraction a year: a float, or a per-date array of annual rates broadcastable
    to ``returns``; the daily rate is rf_d = rf / 252. An observation is a day where both
    the return and rf_d are finite.
  - Sharpe = mean(r − rf_d)·252 / (std(r − rf_d)·√252). With a flat rf this is
    (mean(r)·252 − rf) / (std(r)·√252), empyrical's ``sharpe_ratio(r, risk_free=rf/252)``.
  - Sortino = mean(r − rf_d)·252 / DD, with the downside deviation
    DD = √(mean(min(r − rf_d, 0)²))·√252 over *all* observations (empyrical's
    ``sortino_ratio(r, required_return=rf/252)``).
  - Information ratio = mean(r_f − r_b)·252 / (std(r_f − r_b)·√252) over the days both
    returns are observations; that is empyrical's ``excess_sharpe`` and quantstats'
    ``information_ratio`` (neither annualised) times √252.
  - Fewer than :data:`MIN_OBSERVATIONS` observations, or a zero dispersion (every
    observation equal, e.g. a constant NAV), give NaN, never ±inf.

* **From precomputed annual figures** (:func:`calmar`, :func:`treynor`, :func:`alpha`,
  :func:`excess_return`): scalars or arrays, elementwise. CAGRs are calendar CAGRs
  ((NAV_end / NAV_start)^(365 / days) − 1), max drawdown ≤ 0, beta = cov / var, and rf the
  mean annual rate over the window.

  - Calmar = CAGR / |max drawdown| (empyrical's ``calmar_ratio`` uses a CAGR over
    observations / 252 years instead, so the numbers differ).
  - Treynor = (CAGR − rf) / β.
  - Jensen's alpha = CAGR_f − [rf + β·(CAGR_b − rf)] (seed 003 §14), not empyrical's
    regression alpha ((1 + mean(r − rf_d − β·(r_b − rf_d)))^252 − 1).
  - Excess return = CAGR_f − CAGR_b.
  - A zero or NaN denominator (drawdown, beta) gives NaN.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import (
    DEFAULT_RF,
    PERIODS_PER_YEAR,
    FloatArray,
    as_float_array,
    nanmean,
    nanstd,
)
from fundlens.errors import InputError

__all__ = [
    "MIN_OBSERVATIONS",
    "alpha",
    "calmar",
    "excess_return",
    "information_ratio",
    "sharpe",
    "sortino",
    "treynor",
]

#: Fewest observations for a Sharpe, Sortino or information ratio.
MIN_OBSERVATIONS: Final = 2
#: Largest |rf| accepted: a larger value is a percent typed as a fraction (6.5 for 0.065).
_MAX_ABS_RF: Final = 1.0
_SQRT_PERIODS: Final = math.sqrt(PERIODS_PER_YEAR)


def _result(values: FloatArray | float) -> float | FloatArray:
    """A Python float for a 0-d result, the array otherwise."""
    arr = np.asarray(values, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


def _annual_rf(rf: float | npt.ArrayLike) -> FloatArray:
    """rf as a float array; InputError when a finite value is outside [−1, 1]."""
    rate = as_float_array(rf)
    finite = rate[np.isfinite(rate)]
    if finite.size and np.abs(finite).max() > _MAX_ABS_RF:
        worst = float(finite[np.abs(finite).argmax()])
        raise InputError(f"rf must be a fraction a year (0.065 for 6.5 %), got {worst}")
    return rate


def _excess(returns: npt.ArrayLike, rf: float | npt.ArrayLike) -> FloatArray:
    """r − rf/252, NaN where either is missing; InputError when rf does not broadcast."""
    r = as_float_array(returns)
    daily = _annual_rf(rf) / PERIODS_PER_YEAR
    try:
        return np.asarray(r - daily, dtype=np.float64)
    except ValueError as exc:
        raise InputError(f"rf of shape {daily.shape} does not fit returns {r.shape}") from exc


def _active(returns: npt.ArrayLike, benchmark: npt.ArrayLike) -> FloatArray:
    """r_f − r_b, NaN unless both are observations; InputError on shapes that do not fit."""
    f, b = as_float_array(returns), as_float_array(benchmark)
    try:
        return np.asarray(f - b, dtype=np.float64)
    except ValueError as exc:
        raise InputError(f"benchmark of shape {b.shape} does not fit returns {f.shape}") from exc


def _flat(values: FloatArray) -> npt.NDArray[np.bool_]:
    """True where every finite value along the last axis is the same (zero dispersion).

    The two-pass standard deviation of identical values can leave a residue of about
    1e-18 when their mean is not exact; dividing by it would give a huge finite ratio.
    """
    ok = np.isfinite(values)
    high = np.where(ok, values, -np.inf).max(axis=-1, initial=-np.inf)
    low = np.where(ok, values, np.inf).min(axis=-1, initial=np.inf)
    return np.asarray(high == low)


def _mean_over_std(values: FloatArray) -> float | FloatArray:
    """mean·252 / (std·√252) of the finite values along the last axis, NaN when too few
    or flat."""
    n = np.isfinite(values).sum(axis=-1)
    mean = np.asarray(nanmean(values))
    std = np.asarray(nanstd(values, ddof=1))
    ok = (n >= MIN_OBSERVATIONS) & ~_flat(values) & (std > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(ok, mean * PERIODS_PER_YEAR / (std * _SQRT_PERIODS), np.nan)
    return _result(out)


def sharpe(returns: npt.ArrayLike, *, rf: float | npt.ArrayLike = DEFAULT_RF) -> float | FloatArray:
    """Annualised Sharpe ratio of daily returns.

    Sharpe = mean(r − rf_d)·252 / (std(r − rf_d, ddof=1)·√252), rf_d = rf / 252, over the
    finite values along the last axis; NaN with fewer than 2 observations or zero
    dispersion.

    >>> round(sharpe([0.01, 0.02, -0.01, 0.0], rf=0.0), 6)  # √37.8
    6.14817
    >>> sharpe([0.0, 0.0, 0.0])
    nan
    """
    return _mean_over_std(_excess(returns, rf))


def sortino(
    returns: npt.ArrayLike, *, rf: float | npt.ArrayLike = DEFAULT_RF
) -> float | FloatArray:
    """Annualised Sortino ratio of daily returns.

    Sortino = mean(r − rf_d)·252 / DD, DD = √(mean(min(r − rf_d, 0)²))·√252 over all
    observations, rf_d = rf / 252; NaN with fewer than 2 observations or DD = 0.

    >>> round(sortino([0.01, 0.02, -0.01, 0.0], rf=0.0), 6)  # √252
    15.874508
    >>> sortino([0.01, 0.02], rf=0.0)
    nan
    """
    x = _excess(returns, rf)
    ok = np.isfinite(x)
    n = ok.sum(axis=-1)
    mean = np.asarray(nanmean(x))
    with np.errstate(invalid="ignore", divide="ignore"):
        below = np.where(ok, np.minimum(x, 0.0) ** 2, 0.0).sum(axis=-1) / n
        dd = np.sqrt(below) * _SQRT_PERIODS
        out = np.where((n >= MIN_OBSERVATIONS) & (dd > 0), mean * PERIODS_PER_YEAR / dd, np.nan)
    return _result(out)


def information_ratio(returns: npt.ArrayLike, benchmark: npt.ArrayLike) -> float | FloatArray:
    """Annualised information ratio of daily fund returns against a benchmark.

    IR = mean(r_f − r_b)·252 / (std(r_f − r_b, ddof=1)·√252) over the days both are
    observations (``benchmark`` broadcasts against ``returns``); NaN with fewer than 2 such
    days or a zero tracking error.

    >>> round(information_ratio([0.02, 0.01, 0.0, 0.03], [0.01, 0.01, 0.01, 0.01]), 6)
    6.14817
    """
    return _mean_over_std(_active(returns, benchmark))


def _ratio(numerator: FloatArray, denominator: FloatArray) -> float | FloatArray:
    """numerator / denominator elementwise, NaN where the denominator is 0 or not finite."""
    ok = np.isfinite(denominator) & (denominator != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _result(np.where(ok, numerator / np.where(ok, denominator, 1.0), np.nan))


def calmar(cagr: npt.ArrayLike, max_drawdown: npt.ArrayLike) -> float | FloatArray:
    """Calmar ratio from a calendar CAGR and a max drawdown (≤ 0), elementwise.

    Calmar = CAGR / |max drawdown|; NaN where the drawdown is 0 or NaN.

    >>> calmar(0.12, -0.4)
    0.3
    >>> calmar(0.12, 0.0)
    nan
    """
    return _ratio(as_float_array(cagr), np.abs(as_float_array(max_drawdown)))


def treynor(
    cagr: npt.ArrayLike, beta: npt.ArrayLike, *, rf: float | npt.ArrayLike = DEFAULT_RF
) -> float | FloatArray:
    """Treynor ratio from a calendar CAGR and beta, elementwise.

    Treynor = (CAGR − rf) / β, rf the mean annual rate over the window; NaN where β is 0
    or NaN.

    >>> round(treynor(0.145, 0.8, rf=0.065), 12)
    0.1
    """
    return _ratio(as_float_array(cagr) - _annual_rf(rf), as_float_array(beta))


def alpha(
    cagr: npt.ArrayLike,
    benchmark_cagr: npt.ArrayLike,
    beta: npt.ArrayLike,
    *,
    rf: float | npt.ArrayLike = DEFAULT_RF,
) -> float | FloatArray:
    """Jensen's alpha from calendar CAGRs and beta, elementwise (seed 003 §14).

    alpha = CAGR_f − [rf + β·(CAGR_b − rf)], rf the mean annual rate over the window.

    >>> round(alpha(0.15, 0.12, 1.1, rf=0.065), 12)  # 0.15 − (0.065 + 1.1·0.055)
    0.0245
    """
    rate = _annual_rf(rf)
    out = as_float_array(cagr) - (
        rate + as_float_array(beta) * (as_float_array(benchmark_cagr) - rate)
    )
    return _result(out)


def excess_return(cagr: npt.ArrayLike, benchmark_cagr: npt.ArrayLike) -> float | FloatArray:
    """Excess return = CAGR_f − CAGR_b, elementwise.

    >>> round(excess_return(0.15, 0.12), 12)
    0.03
    """
    return _result(as_float_array(cagr) - as_float_array(benchmark_cagr))
