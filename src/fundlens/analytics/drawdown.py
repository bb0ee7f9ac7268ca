"""Drawdowns of NAV levels: the underwater series, max drawdown with its dates, the
deepest episodes of one fund, and the Ulcer index.

Inputs are NAV levels on a contiguous daily calendar, shape ``(T,)`` or ``(n, T)``,
``NaN`` on days without a NAV, plus ``start`` (the calendar's first day,
``datetime64[D]``) where dates matter. Every NAV counts (calendar time, weekends
included where a fund publishes them); days without a NAV are skipped, never filled.

Definitions (fractions; conventions.md, 'Metric conventions')
    * drawdown_t = NAV_t / max(NAV_s, s ≤ t) − 1 on NAV days (≤ 0), NaN elsewhere.
    * max drawdown = min_t drawdown_t (≤ 0; 0 for a series that never falls; NaN with
      fewer than 2 NAVs); empyrical's ``max_drawdown`` of the NAVs' simple returns.
    * trough = the first day the max drawdown is reached; **peak** = the *last* day on or
      before the trough where NAV equals its running max (seed 003 §7.5's
      ``drawdown[:trough].idxmax()`` returns the first such day, often the series
      start, and is wrong); **recovery** = the first day after the trough with NAV ≥ the
      peak NAV, NaT while still under water. duration = trough − peak and recovery days =
      recovery − trough, in calendar days.
    * an **episode** runs from a day at a new running max (NAV = running max) to the
      next such day (its recovery); its depth is its lowest drawdown. Episodes do not
      overlap, and the deepest one is the max drawdown with the dates above.
    * Ulcer index (Peter Martin, 1987) = √(mean_t drawdown_t²) over NAV days, in
      fractions (Martin used percent: multiply by 100). quantstats' ``ulcer_index``
      divides the sum of squares by N − 1 instead of N.

No loops over rows or days: running maxima with ``np.fmax.accumulate``, last/first
positions with masked ``maximum.accumulate`` and ``argmax``, episodes by a cumulative
sum of "at a new high" flags grouped in Polars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.analytics.grid import FloatArray, as_float_array
from fundlens.errors import InputError

__all__ = [
    "MIN_NAVS",
    "DrawdownDetails",
    "drawdown_details",
    "drawdown_episodes",
    "drawdown_series",
    "max_drawdown",
    "ulcer_index",
]

#: NAVs needed for a drawdown statistic (one NAV cannot fall).
MIN_NAVS: Final = 2

_DAY: Final = np.timedelta64(1, "D")
_NAT: Final = np.datetime64("NaT", "D")

DateOut = np.datetime64 | npt.NDArray[np.datetime64]


@dataclass(frozen=True)
class DrawdownDetails:
    """The max drawdown and its dates; scalars for one fund, arrays (one per row) for a
    panel. Dates are ``datetime64[D]`` (NaT when undefined: too few NAVs, no drawdown at
    all, or not yet recovered); day counts are floats (NaN when undefined)."""

    max_drawdown: FloatArray | float
    peak_date: DateOut
    trough_date: DateOut
    recovery_date: DateOut
    peak_nav: FloatArray | float
    trough_nav: FloatArray | float
    duration_days: FloatArray | float
    recovery_days: FloatArray | float


def _levels(levels: object) -> FloatArray:
    lv = as_float_array(levels)
    if lv.ndim not in (1, 2):
        raise InputError(f"NAV levels must be (T,) or (n, T), got shape {lv.shape}")
    return lv


def _out(values: FloatArray) -> FloatArray | float:
    return float(values) if np.ndim(values) == 0 else np.asarray(values, dtype=np.float64)


def _underwater(lv: FloatArray) -> FloatArray:
    running = np.fmax.accumulate(lv, axis=-1) if lv.shape[-1] else lv
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.isfinite(lv), lv / running - 1.0, np.nan)


def drawdown_series(levels: FloatArray) -> FloatArray:
    """NAV / running max − 1 on NAV days, NaN on days without a NAV (the running max
    is over the NAVs seen so far).

    >>> drawdown_series(np.array([100.0, np.nan, 80.0, 120.0, 90.0])).tolist()
    [0.0, nan, -0.19999999999999996, 0.0, -0.25]
    """
    return _underwater(_levels(levels))


def max_drawdown(levels: FloatArray) -> FloatArray | float:
    """min(NAV / running max − 1) ≤ 0; 0 when NAV never falls; NaN with < 2 NAVs.

    >>> max_drawdown(np.array([100.0, np.nan, 80.0, 120.0, 90.0]))
    -0.25
    """
    lv = _levels(levels)
    dd = _underwater(lv)
    n = np.isfinite(lv).sum(axis=-1)
    worst = np.fmin.reduce(dd, axis=-1) if lv.shape[-1] else np.full(lv.shape[:-1], np.nan)
    return _out(np.where(n >= MIN_NAVS, worst, np.nan))


def _pick(values: FloatArray, idx: npt.NDArray[np.intp]) -> FloatArray:
    """values[..., idx] row by row."""
    return np.take_along_axis(values, np.expand_dims(idx, -1), axis=-1)[..., 0]


def drawdown_details(levels: FloatArray, start: np.datetime64) -> DrawdownDetails:
    """The max drawdown with its peak, trough and recovery dates, every row at once.

    Peak = last day on or before the trough with NAV = running max; recovery = first
    day after the trough with NAV ≥ peak NAV (NaT while under water).

    >>> d = drawdown_details(np.array([100.0, 90.0, 100.0, 80.0, 101.0]),
    ...                      np.datetime64("2024-01-01"))
    >>> round(d.max_drawdown, 4), str(d.peak_date), str(d.trough_date), str(d.recovery_date)
    (-0.2, '2024-01-03', '2024-01-04', '2024-01-05')
    """
    lv = _levels(levels)
    width = lv.shape[-1]
    row_shape = lv.shape[:-1]
    if width == 0:
        nan, nat = np.full(row_shape, np.nan), np.full(row_shape, _NAT)
        return _details(nan, nat, nat, nat, nan, nan, nan, nan)
    finite = np.isfinite(lv)
    dd = _underwater(lv)
    cols = np.arange(width)
    trough = np.argmin(np.where(finite, dd, np.inf), axis=-1)
    depth = _pick(dd, trough)
    ok = (finite.sum(axis=-1) >= MIN_NAVS) & (depth < 0)
    high = np.where(finite & (dd == 0.0), cols, -1)
    peak = _pick(np.maximum.accumulate(high, axis=-1), trough)
    peak_nav = _pick(lv, np.maximum(peak, 0))
    back = finite & (cols > np.expand_dims(trough, -1)) & (lv >= np.expand_dims(peak_nav, -1))
    recovered = ok & back.any(axis=-1)
    recovery = np.argmax(back, axis=-1)

    def day(idx: npt.NDArray[np.intp], valid: npt.NDArray[np.bool_]) -> npt.NDArray[np.datetime64]:
        return np.where(valid, np.datetime64(start, "D") + idx * _DAY, _NAT)

    no_dd = (finite.sum(axis=-1) >= MIN_NAVS) & (depth == 0)
    return _details(
        np.where(ok | no_dd, depth, np.nan),
        day(peak, ok),
        day(trough, ok),
        day(recovery, recovered),
        np.where(ok, peak_nav, np.nan),
        np.where(ok, _pick(lv, trough), np.nan),
        np.where(ok, trough - peak, np.where(no_dd, 0.0, np.nan)),
        np.where(recovered, recovery - trough, np.nan),
    )


def _details(*fields: npt.NDArray[np.generic]) -> DrawdownDetails:
    """The dataclass with 0-d fields unwrapped to a float or a ``datetime64``."""

    def unwrap(a: npt.NDArray[np.generic]) -> object:
        if np.ndim(a) != 0:
            return a
        return a[()] if a.dtype.kind == "M" else float(a)

    return DrawdownDetails(*(unwrap(np.asarray(f)) for f in fields))  # type: ignore[arg-type]


_EPISODE_SCHEMA: Final = {
    "peak_date": pl.Date,
    "trough_date": pl.Date,
    "recovery_date": pl.Date,
    "peak_nav": pl.Float64,
    "trough_nav": pl.Float64,
    "depth": pl.Float64,
    "days_to_trough": pl.Int64,
    "days_to_recover": pl.Int64,
}


def drawdown_episodes(levels: FloatArray, start: np.datetime64, *, top: int = 5) -> pl.DataFrame:
    """The ``top`` deepest non-overlapping drawdown episodes of ONE fund, deepest first.

    An episode starts on a day at a new running max (its peak: the last such day before
    the fall) and ends on the next such day (its recovery; null while under water).
    Columns: ``peak_date``, ``trough_date``, ``recovery_date``, ``peak_nav``,
    ``trough_nav``, ``depth`` (≤ 0), ``days_to_trough``, ``days_to_recover``.

    >>> lv = np.array([100.0, 90.0, 100.0, 101.0, 95.0, 102.0, 70.0])
    >>> drawdown_episodes(lv, np.datetime64("2024-01-01"))["depth"].round(4).to_list()
    [-0.3137, -0.1, -0.0594]
    """
    lv = _levels(levels)
    if lv.ndim != 1:
        raise InputError("drawdown_episodes takes one fund's levels, shape (T,)")
    if top < 1:
        raise InputError(f"top must be at least 1, got {top}")
    on = np.flatnonzero(np.isfinite(lv))
    dd = _underwater(lv)[on]
    days = pl.Series("date", np.datetime64(start, "D") + on * _DAY).cast(pl.Date)
    frame = pl.DataFrame({"date": days, "nav": lv[on], "dd": dd})
    groups = (
        frame.with_columns(episode=(pl.col("dd") == 0.0).cum_sum())
        .group_by("episode", maintain_order=True)
        .agg(
            peak_date=pl.col("date").first(),
            peak_nav=pl.col("nav").first(),
            trough_date=pl.col("date").get(pl.col("dd").arg_min()),
            trough_nav=pl.col("nav").get(pl.col("dd").arg_min()),
            depth=pl.col("dd").min(),
        )
        .with_columns(recovery_date=pl.col("peak_date").shift(-1))
        .filter(pl.col("depth") < 0)
    )
    return (
        groups.with_columns(
            days_to_trough=(pl.col("trough_date") - pl.col("peak_date")).dt.total_days(),
            days_to_recover=(pl.col("recovery_date") - pl.col("trough_date")).dt.total_days(),
        )
        .sort(["depth", "peak_date"])
        .head(top)
        .select([pl.col(name).cast(dtype) for name, dtype in _EPISODE_SCHEMA.items()])
    )


def ulcer_index(levels: FloatArray) -> FloatArray | float:
    """√(mean(drawdown²)) over NAV days, in fractions (Martin's Ulcer index / 100);
    NaN with < 2 NAVs.

    >>> round(ulcer_index(np.array([100.0, 90.0, 100.0])), 6)  # √(0.01 / 3)
    0.057735
    """
    lv = _levels(levels)
    dd = _underwater(lv)
    ok = np.isfinite(dd)
    n = ok.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.sqrt(np.where(ok, dd * dd, 0.0).sum(axis=-1) / n)
    return _out(np.where(n >= MIN_NAVS, out, np.nan))
