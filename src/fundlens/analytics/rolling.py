"""Rolling returns (seed 003 §7.5, corrected), their summary, and one rolling helper.

Rolling returns take NAV **levels** on a contiguous daily calendar
(:mod:`fundlens.analytics.grid`), shape ``(T,)`` or ``(n, T)``, and use every NAV in
calendar time:

* each row is forward-filled over the calendar (weekends and holidays carry the last
  NAV) but never past that row's last NAV;
* the window is ``grid.WINDOW_DAYS`` of a token in ``grid.ROLLING_WINDOWS``:
  1y = 365, 3y = 1095, 5y = 1825, 10y = 3650 days;
* x_t = NAV_t / ffill(NAV)_(t − days) − 1, defined only on days t where the row has an
  actual NAV and the forward-filled NAV at t − days exists (the row's first NAV is on or
  before t − days); NaN elsewhere — so a fund younger than the window is all NaN and a
  fund that closed has nothing after its last NAV;
* annualised: (1 + x)^(365 / days) − 1 (365-day years), else absolute.

Statistics come from this full-resolution series; :func:`downsample` thins it for
display only. :func:`rolling_summary`, :func:`rolling_excess_return` and
:func:`down_market_excess` take rolling series (fractions; the ``above_*`` thresholds are
a year, so pass annualised series), fund and benchmark on the same shape; with a
benchmark only the common windows (both finite) count. ``down_market_excess`` is the
mean of fund − benchmark over windows where the benchmark's rolling return is < 0;
neither it nor the excess series is called alpha. Standard deviations are sample
(ddof = 1).

:func:`rolling_apply` turns any scalar kernel on daily **returns**
(``grid.daily_returns`` observations, 252 a year) into a rolling series over a fixed
number of consecutive observations, so each formula exists once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from fundlens.analytics.grid import (
    DAYS_PER_YEAR,
    PERIODS_PER_YEAR,
    ROLLING_WINDOWS,
    WINDOW_DAYS,
    FloatArray,
    as_float_array,
    nanmean,
    nanstd,
)
from fundlens.analytics.returns import DateLike
from fundlens.errors import InputError
from fundlens.types import Window

__all__ = [
    "ABOVE_THRESHOLDS",
    "DISPLAY_POINTS",
    "down_market_excess",
    "downsample",
    "rolling_apply",
    "rolling_excess_return",
    "rolling_returns",
    "rolling_returns_by_window",
    "rolling_summary",
]

#: Keys of :func:`rolling_summary`'s "share of windows above" and their annual rates.
ABOVE_THRESHOLDS: Final[dict[str, float]] = {
    "above_0": 0.0,
    "above_8": 0.08,
    "above_10": 0.10,
    "above_12": 0.12,
    "above_15": 0.15,
}
#: Most points :func:`downsample` keeps (seed 003 §7.5).
DISPLAY_POINTS: Final = 500

Stat = float | int | npt.NDArray[Any]


def _array(values: object, what: str) -> FloatArray:
    arr = as_float_array(values)
    if arr.ndim not in (1, 2):
        raise InputError(f"{what} must be 1-D or 2-D, got {arr.ndim}-D")
    return arr


def rolling_returns(
    levels: FloatArray, start: DateLike, *, window: Window, annualise: bool = True
) -> FloatArray:
    """Rolling return over ``window`` on every NAV day, same shape as ``levels``.

    x_t = NAV_t / ffill(NAV)_(t − days) − 1 where the row has a NAV at t and one on or
    before t − days; annualised (1 + x)^(365 / days) − 1 when ``annualise``. ``start``
    (the calendar's first day) does not change the arithmetic; it is taken for the
    common level signature.

    >>> lv = np.full(368, np.nan); lv[[0, 365, 367]] = [100.0, 112.0, 115.0]
    >>> rolling_returns(lv, np.datetime64("2021-01-01"), window="1y")[365:].round(4).tolist()
    [0.12, nan, 0.15]
    """
    return rolling_returns_by_window(levels, start, windows=(window,), annualise=annualise)[window]


def rolling_returns_by_window(
    levels: FloatArray,
    start: DateLike,
    *,
    windows: tuple[Window, ...] = ROLLING_WINDOWS,
    annualise: bool = True,
) -> dict[str, FloatArray]:
    """:func:`rolling_returns` for several windows at once (the forward fill is shared):
    x_t = NAV_t / ffill(NAV)_(t − days) − 1 per window, annualised (1 + x)^(365 / days) − 1.

    >>> lv = np.full(368, np.nan); lv[[0, 365, 367]] = [100.0, 112.0, 115.0]
    >>> out = rolling_returns_by_window(lv, np.datetime64("2021-01-01"), windows=("1y",))
    >>> out["1y"][365:].round(4).tolist()
    [0.12, nan, 0.15]
    """
    unknown = [w for w in windows if w not in ROLLING_WINDOWS]
    if unknown:
        raise InputError(f"unknown rolling window {unknown[0]!r}; use {', '.join(ROLLING_WINDOWS)}")
    lv = _array(levels, "levels")
    width = lv.shape[-1]
    seen = np.where(np.isfinite(lv), np.arange(width), -1)
    np.maximum.accumulate(seen, axis=-1, out=seen)
    return {w: _rolling(lv, seen, WINDOW_DAYS[w], annualise=annualise) for w in windows}


def _rolling(
    lv: FloatArray, seen: npt.NDArray[np.int64], days: int, *, annualise: bool
) -> FloatArray:
    """One window's rolling returns given the last-NAV positions ``seen``."""
    out = np.full(lv.shape, np.nan)
    width = lv.shape[-1]
    if width <= days:
        return out
    base_at = seen[..., : width - days]  # last NAV on or before t − days
    base = np.where(base_at >= 0, np.take_along_axis(lv, np.maximum(base_at, 0), axis=-1), np.nan)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        growth = lv[..., days:] / base  # NaN unless the row has a NAV at t
        if annualise and days != DAYS_PER_YEAR:
            np.power(growth, DAYS_PER_YEAR / days, out=growth)
    out[..., days:] = growth - 1.0
    return out


def _common(
    rolling: object, benchmark: object | None
) -> tuple[FloatArray, FloatArray | None, npt.NDArray[np.bool_]]:
    """Fund, benchmark, and the windows where both are finite."""
    fund = _array(rolling, "rolling")
    ok = np.isfinite(fund)
    if benchmark is None:
        return fund, None, ok
    bench = _array(benchmark, "benchmark")
    try:
        ok = ok & np.isfinite(bench)
    except ValueError as err:
        raise InputError(f"benchmark shape {bench.shape} ≠ fund shape {fund.shape}") from err
    return fund, bench, ok


def _out(values: npt.NDArray[Any]) -> Stat:
    return values.item() if values.ndim == 0 else values


def _share(hit: npt.NDArray[np.bool_], count: npt.NDArray[np.int64]) -> Stat:
    with np.errstate(invalid="ignore", divide="ignore"):
        return _out(np.where(count > 0, hit.sum(axis=-1) / count, np.nan))


def _median(values: FloatArray, count: npt.NDArray[np.int64]) -> Stat:
    """Median of the finite values (NaN sort last), no warning on empty rows."""
    ordered = np.sort(values, axis=-1)
    lo = np.expand_dims(np.maximum(count - 1, 0) // 2, -1)
    hi = np.expand_dims(count // 2, -1)
    pick = np.take_along_axis(ordered, lo, -1) + np.take_along_axis(ordered, hi, -1)
    return _out(np.where(count > 0, pick[..., 0] / 2.0, np.nan))


def rolling_summary(rolling: FloatArray, benchmark: FloatArray | None = None) -> dict[str, Stat]:
    """Summary of a rolling-return series (along the last axis).

    ``count``, ``mean``, ``median``, ``min``, ``max``, ``std`` (ddof = 1) and
    ``above_0`` … ``above_15`` (share of windows with a return > 0 %, 8 %, 10 %, 12 %,
    15 %). With a benchmark rolling series of the same shape, every statistic uses the
    common windows (both finite) and ``beat_benchmark`` = share where fund > benchmark.
    NaN when there are no windows (std needs two).

    >>> s = rolling_summary(np.array([0.05, np.nan, 0.12, -0.02, 0.20]))
    >>> s["count"], round(s["mean"], 6), round(s["median"], 6), s["above_0"], s["above_12"]
    (4, 0.0875, 0.085, 0.75, 0.25)
    """
    fund, bench, ok = _common(rolling, benchmark)
    if fund.shape[-1] == 0:  # one empty window column keeps the reductions defined
        fund, ok = np.full((*fund.shape[:-1], 1), np.nan), np.zeros((*ok.shape[:-1], 1), bool)
        bench = None if bench is None else np.full(fund.shape, np.nan)
    values = np.where(ok, fund, np.nan)
    count = ok.sum(axis=-1)
    empty = count == 0
    out: dict[str, Stat] = {
        "count": _out(count),
        "mean": nanmean(values),
        "median": _median(values, count),
        "min": _out(np.where(empty, np.nan, np.where(ok, fund, np.inf).min(axis=-1))),
        "max": _out(np.where(empty, np.nan, np.where(ok, fund, -np.inf).max(axis=-1))),
        "std": nanstd(values),
    }
    if bench is not None:
        out["beat_benchmark"] = _share(ok & (fund > bench), count)
    for key, rate in ABOVE_THRESHOLDS.items():
        out[key] = _share(ok & (fund > rate), count)
    return out


def rolling_excess_return(rolling: FloatArray, benchmark: FloatArray) -> FloatArray:
    """Fund − benchmark rolling return on the common windows, NaN elsewhere.

    >>> rolling_excess_return(np.array([0.10, np.nan, 0.02]), np.array([0.07, 0.05, 0.04]))
    array([ 0.03,   nan, -0.02])
    """
    fund, bench, ok = _common(rolling, benchmark)
    assert bench is not None
    with np.errstate(invalid="ignore"):
        return np.where(ok, fund - bench, np.nan)


def down_market_excess(rolling: FloatArray, benchmark: FloatArray) -> FloatArray | float:
    """Mean of (fund − benchmark) over the common windows where the benchmark's rolling
    return is < 0; NaN when there are none.

    >>> round(down_market_excess(np.array([-0.02, 0.1, -0.1]), np.array([-0.05, 0.2, -0.09])), 6)
    0.01
    """
    fund, bench, ok = _common(rolling, benchmark)
    assert bench is not None
    with np.errstate(invalid="ignore"):
        down = ok & (bench < 0)
        return nanmean(np.where(down, fund - bench, np.nan))


def rolling_apply(
    func: Callable[..., npt.ArrayLike],
    returns: FloatArray,
    benchmark: FloatArray | None = None,
    *,
    window: int = PERIODS_PER_YEAR,
    min_obs: int | None = None,
    **kwargs: Any,
) -> FloatArray:
    """A rolling series of a scalar kernel over ``window`` consecutive observations.

    1-D input only (one fund; loop over a panel's rows, or use the kernel directly for a
    single window). Observation days are the finite returns (with a benchmark: both
    finite). The windows, a ``(k, window)`` matrix made with ``sliding_window_view``, go
    to ``func(windows[, benchmark_windows], **kwargs)`` in one call, which must return
    ``k`` values; each is placed on the date of its window's last observation (NaN
    elsewhere, same shape as ``returns``). ``min_obs`` (default ``window``) also gives
    the leading windows with ``min_obs`` … ``window − 1`` observations, padded at the
    front with NaN (as pandas' ``min_periods``; the kernel must ignore NaN, as the
    ``grid`` reductions and every analytics kernel do). ``kwargs`` go to ``func`` as they
    are (a per-date ``rf`` array is not windowed: pass a float).

    >>> from fundlens.analytics.grid import nanmean
    >>> rolling_apply(nanmean, np.array([0.01, np.nan, 0.03, 0.02, 0.04]), window=2).tolist()
    [nan, nan, 0.02, 0.025, 0.03]
    """
    r = as_float_array(returns)
    if r.ndim != 1:
        raise InputError(f"rolling_apply takes 1-D returns, got {r.ndim}-D")
    need = window if min_obs is None else min_obs
    if window < 1 or not 1 <= need <= window:
        raise InputError(f"need 1 ≤ min_obs ≤ window, got window={window}, min_obs={min_obs}")
    ok = np.isfinite(r)
    bench = None
    if benchmark is not None:
        bench = as_float_array(benchmark)
        if bench.shape != r.shape:
            raise InputError(f"benchmark shape {bench.shape} ≠ returns shape {r.shape}")
        ok &= np.isfinite(bench)
    at = np.flatnonzero(ok)
    out = np.full(r.shape, np.nan)
    if at.size < need:
        return out
    pad = np.full(window - need, np.nan)
    args = [sliding_window_view(np.concatenate([pad, r[at]]), window)]
    if bench is not None:
        args.append(sliding_window_view(np.concatenate([pad, bench[at]]), window))
    out[at[need - 1 :]] = np.asarray(func(*args, **kwargs), dtype=np.float64)
    return out


def downsample(
    dates: npt.ArrayLike, values: FloatArray, *, max_points: int = DISPLAY_POINTS
) -> tuple[npt.NDArray[Any], FloatArray]:
    """At most ``max_points`` evenly spaced points of a series, for display only.

    Days where every row is NaN are dropped first (seed 003 §7.5 keeps trading days);
    then, when more remain, ``numpy.linspace(0, N − 1, max_points)`` (floored) picks
    the indices, first and last included. ``values`` is ``(T,)`` or ``(n, T)`` on
    ``dates`` ``(T,)``. Statistics never use this.

    >>> d, v = downsample(np.arange(10), np.arange(10.0), max_points=4)
    >>> d.tolist(), v.tolist()
    ([0, 3, 6, 9], [0.0, 3.0, 6.0, 9.0])
    """
    if max_points < 1:
        raise InputError(f"max_points must be ≥ 1, got {max_points}")
    days = np.asarray(dates)
    v = _array(values, "values")
    if v.shape[-1] != days.shape[0]:
        raise InputError(f"{days.shape[0]} dates for {v.shape[-1]} values")
    finite = np.isfinite(v)
    keep = np.flatnonzero(finite if v.ndim == 1 else finite.any(axis=0))
    if keep.size > max_points:
        keep = keep[np.linspace(0, keep.size - 1, max_points).astype(np.intp)]
    return days[keep], v[..., keep]
