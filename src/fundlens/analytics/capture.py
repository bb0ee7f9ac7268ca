"""Up- and down-market capture of a fund against a benchmark, daily and monthly.

Units are fractions (capture 1.05 = 105 %). Inputs are aligned return arrays of shape
``(T,)`` or ``(n, T)`` (``benchmark`` broadcasts against the fund's, so a panel can share
one benchmark row), NaN where a period is missing; a period counts only where both the
fund and the benchmark returns are finite. Functions reduce along the last axis: 1-D in,
a float out; 2-D in, one value per row.

* **Daily, arithmetic** (:func:`up_capture`, :func:`down_capture`) on daily returns from
  :func:`fundlens.analytics.grid.daily_returns` (Monday–Friday observations, the common
  window of the joined NAV levels):

  - up_capture = mean(r_f | r_b > 0) / mean(r_b | r_b > 0);
  - down_capture = mean(r_f | r_b < 0) / mean(r_b | r_b < 0).

  empyrical's ``up_capture``/``down_capture`` instead compound the selected days and
  annualise them with 252 (Π(1 + r)^(252 / n) − 1, fund over benchmark), which is the
  monthly method below with 252 in place of 12; quantstats has no capture ratio.

* **Monthly, Freefincal's method** (:func:`up_capture_monthly`,
  :func:`down_capture_monthly`) on non-overlapping returns of complete months (the last
  NAV of each month; partial months dropped by the caller):

  - over the n_up months with benchmark return > 0, up-CAGR = Π(1 + m)^(12 / n_up) − 1
    for the fund and for the benchmark; up_capture_monthly = fund / benchmark;
  - down_capture_monthly likewise over the months with benchmark return < 0;
  - computed as expm1(Σ log1p(m) · 12 / n), identical to empyrical's ``up_capture`` /
    ``down_capture`` with ``period="monthly"``.

* :func:`capture_ratio` = up capture / down capture (either kind).

A month or day with a benchmark return of exactly 0 is in neither set. Fewer than
:data:`MIN_PERIODS` periods in the set, or a zero benchmark figure, give NaN.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import FloatArray, as_float_array
from fundlens.errors import InputError

__all__ = [
    "MIN_PERIODS",
    "MONTHS_PER_YEAR",
    "capture_ratio",
    "down_capture",
    "down_capture_monthly",
    "up_capture",
    "up_capture_monthly",
]

#: Fewest up (down) periods — days or months — for a capture figure.
MIN_PERIODS: Final = 1
#: Months a year for annualising monthly up/down returns.
MONTHS_PER_YEAR: Final = 12


def _result(values: FloatArray) -> float | FloatArray:
    """A Python float for a 0-d result, the array otherwise."""
    arr = np.asarray(values, dtype=np.float64)
    return float(arr) if arr.ndim == 0 else arr


def _selected(
    returns: npt.ArrayLike, benchmark: npt.ArrayLike, *, up: bool
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """Fund and benchmark broadcast together, and the periods where both are finite and
    the benchmark is > 0 (``up``) or < 0."""
    f, b = as_float_array(returns), as_float_array(benchmark)
    try:
        f, b = np.broadcast_arrays(f, b)
    except ValueError as exc:
        raise InputError(f"benchmark of shape {b.shape} does not fit returns {f.shape}") from exc
    both = np.isfinite(f) & np.isfinite(b)
    with np.errstate(invalid="ignore"):
        side = b > 0 if up else b < 0
    return f, b, both & side


def _daily(returns: npt.ArrayLike, benchmark: npt.ArrayLike, *, up: bool) -> float | FloatArray:
    f, b, sel = _selected(returns, benchmark, up=up)
    n = sel.sum(axis=-1)
    fund = np.where(sel, f, 0.0).sum(axis=-1)
    bench = np.where(sel, b, 0.0).sum(axis=-1)
    ok = (n >= MIN_PERIODS) & (bench != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _result(np.where(ok, fund / np.where(ok, bench, 1.0), np.nan))


def _monthly(returns: npt.ArrayLike, benchmark: npt.ArrayLike, *, up: bool) -> float | FloatArray:
    f, b, sel = _selected(returns, benchmark, up=up)
    n = sel.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = MONTHS_PER_YEAR / np.where(n > 0, n, 1)
        fund = np.expm1(np.where(sel, np.log1p(f), 0.0).sum(axis=-1) * scale)
        bench = np.expm1(np.where(sel, np.log1p(b), 0.0).sum(axis=-1) * scale)
        ok = (n >= MIN_PERIODS) & (bench != 0)
        return _result(np.where(ok, fund / np.where(ok, bench, 1.0), np.nan))


def up_capture(returns: npt.ArrayLike, benchmark: npt.ArrayLike) -> float | FloatArray:
    """Up-market capture of daily returns, arithmetic.

    up_capture = mean(r_f | r_b > 0) / mean(r_b | r_b > 0) over the days both returns are
    finite; NaN when the benchmark has no up day.

    >>> up_capture([0.02, -0.01, 0.01, 0.06], [0.01, -0.02, 0.02, 0.03])  # 0.03 / 0.02
    1.5
    """
    return _daily(returns, benchmark, up=True)


def down_capture(returns: npt.ArrayLike, benchmark: npt.ArrayLike) -> float | FloatArray:
    """Down-market capture of daily returns, arithmetic.

    down_capture = mean(r_f | r_b < 0) / mean(r_b | r_b < 0) over the days both returns
    are finite; NaN when the benchmark has no down day.

    >>> round(down_capture([0.02, -0.01, -0.03], [0.01, -0.02, -0.01]), 12)  # −0.02 / −0.015
    1.333333333333
    """
    return _daily(returns, benchmark, up=False)


def up_capture_monthly(
    fund_monthly: npt.ArrayLike, benchmark_monthly: npt.ArrayLike
) -> float | FloatArray:
    """Up-market capture of complete-month returns (Freefincal's method).

    Over the n_up months with benchmark return > 0 (both finite),
    CAGR_up = Π(1 + m)^(12 / n_up) − 1 for fund and benchmark; the result is
    CAGR_up,f / CAGR_up,b. NaN without an up month.

    >>> round(up_capture_monthly([0.05, -0.02, 0.05], [0.10, -0.05, 0.10]), 9)  # 1.05¹²−1 / 1.1¹²−1
    0.372168801
    """
    return _monthly(fund_monthly, benchmark_monthly, up=True)


def down_capture_monthly(
    fund_monthly: npt.ArrayLike, benchmark_monthly: npt.ArrayLike
) -> float | FloatArray:
    """Down-market capture of complete-month returns (Freefincal's method).

    Over the n_down months with benchmark return < 0 (both finite),
    CAGR_down = Π(1 + m)^(12 / n_down) − 1 for fund and benchmark; the result is
    CAGR_down,f / CAGR_down,b. NaN without a down month.

    >>> round(down_capture_monthly([0.05, -0.025, 0.05], [0.10, -0.05, 0.10]), 9)
    0.570015021
    """
    return _monthly(fund_monthly, benchmark_monthly, up=False)


def capture_ratio(up: npt.ArrayLike, down: npt.ArrayLike) -> float | FloatArray:
    """Capture ratio = up capture / down capture, elementwise; NaN where down is 0 or NaN.

    >>> capture_ratio(1.1, 0.8)
    1.375
    """
    u, d = as_float_array(up), as_float_array(down)
    ok = np.isfinite(d) & (d != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _result(np.where(ok, u / np.where(ok, d, 1.0), np.nan))
