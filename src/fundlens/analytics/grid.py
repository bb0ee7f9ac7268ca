"""NAV panels on a daily calendar, the observation rules, and NaN-aware reductions.

A :class:`NavGrid` holds n schemes × T calendar days of NAV levels (``NaN`` where a
scheme has no NAV that day). Every analytics function takes either these levels or the
daily returns :func:`daily_returns` makes from them, so one fund and the whole universe
go through the same code: a single fund is a ``(T,)`` row, a panel ``(n, T)``.

Observation rules for daily statistics (conventions.md, 'Metric conventions'):

* only Monday–Friday NAVs are observations (overnight and liquid funds publish every
  calendar day; annualising 365 returns a year with 252 understates risk);
* a return is NAV_t / NAV_prev − 1 between consecutive *observations*, dated at t;
* it is left out (NaN) when it spans more than :data:`MAX_SPAN_DAYS` calendar days, or
  when t is flagged (a face-value change, or a day into or out of a one-day outlier).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.errors import InputError
from fundlens.types import Window

__all__ = [
    "DAYS_PER_YEAR",
    "DEFAULT_RF",
    "MAX_SPAN_DAYS",
    "PERIODS_PER_YEAR",
    "ROLLING_WINDOWS",
    "TRAILING_WINDOWS",
    "WINDOW_DAYS",
    "FloatArray",
    "NavGrid",
    "as_float_array",
    "clean_levels",
    "daily_returns",
    "day_index",
    "joint_levels",
    "nan_count",
    "nanmean",
    "nanstd",
    "nav_grid",
    "weekday_mask",
]

FloatArray = npt.NDArray[np.float64]

#: Trading periods a year for annualising daily statistics.
PERIODS_PER_YEAR: Final = 252
#: Calendar days a year for CAGR and annualised rolling returns.
DAYS_PER_YEAR: Final = 365
#: A return spanning more than this many calendar days is not a daily observation.
MAX_SPAN_DAYS: Final = 10
#: Risk-free rate, a fraction a year (seed 002 App. C, seed 003 §12).
DEFAULT_RF: Final = 0.065

#: Window token → calendar days. Rolling windows are seed 003 §7.5's; trailing windows
#: below a year use the same day count logic (1m = 30 d, 3m = 91 d, 6m = 182 d).
WINDOW_DAYS: Final[dict[str, int]] = {
    "1m": 30,
    "3m": 91,
    "6m": 182,
    "1y": 365,
    "3y": 1095,
    "5y": 1825,
    "10y": 3650,
}
TRAILING_WINDOWS: Final[tuple[Window, ...]] = ("1m", "3m", "6m", "1y", "3y", "5y", "10y", "si")
ROLLING_WINDOWS: Final[tuple[Window, ...]] = ("1y", "3y", "5y", "10y")

_DAY: Final = np.timedelta64(1, "D")


@dataclass(frozen=True)
class NavGrid:
    """NAV levels of n schemes on the contiguous daily calendar ``start … start+T−1``.

    ``values`` is float64 ``(n, T)``, NaN where a scheme has no NAV; ``codes`` is int64
    ``(n,)``. Optional bool ``(n, T)`` masks from the store's data-quality events:
    ``flagged`` marks days whose return daily statistics leave out
    (:func:`fundlens.store.quality.flagged_return_days`), ``face_value`` the first NAV on
    a new face value, ``spikes`` one-day outlier NAVs (see :func:`clean_levels`).
    """

    codes: npt.NDArray[np.int64]
    start: np.datetime64
    values: FloatArray
    flagged: npt.NDArray[np.bool_] | None = None
    face_value: npt.NDArray[np.bool_] | None = None
    spikes: npt.NDArray[np.bool_] | None = None

    @property
    def dates(self) -> npt.NDArray[np.datetime64]:
        """The calendar, ``datetime64[D]`` of length T."""
        return self.start + np.arange(self.values.shape[-1]) * _DAY

    def row(self, code: int) -> int:
        """Row index of ``code``; InputError when it is not in the grid."""
        hits = np.flatnonzero(self.codes == code)
        if hits.size == 0:
            raise InputError(f"scheme {code} is not in the panel")
        return int(hits[0])


def as_float_array(values: object) -> FloatArray:
    """A float64 NumPy array from a NumPy array, list, Polars or pandas Series."""
    if isinstance(values, pl.Series):
        return values.cast(pl.Float64).to_numpy().astype(np.float64, copy=False)
    return np.asarray(values, dtype=np.float64)


def day_index(start: np.datetime64, when: dt.date | np.datetime64) -> int:
    """Column of ``when`` on a calendar that begins at ``start``."""
    return int((np.datetime64(when, "D") - start) // _DAY)


def nav_grid(
    frame: pl.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    flagged: pl.DataFrame | None = None,
    face_value: pl.DataFrame | None = None,
    spikes: pl.DataFrame | None = None,
) -> NavGrid:
    """Scatter a long frame (``scheme_code``, ``date``, ``nav``) onto a daily grid.

    Rows are the distinct codes in ascending order; the calendar runs from ``start``
    (default: the first date) to ``end`` (default: the last date); rows outside are
    dropped. ``flagged``, ``face_value`` and ``spikes`` (``scheme_code``, ``date``) become
    the grid's event masks. Vectorised: one scatter, no loop over schemes or days.

    >>> f = pl.DataFrame({"scheme_code": [7, 7], "nav": [10.0, 11.0],
    ...     "date": [dt.date(2024, 1, 1), dt.date(2024, 1, 3)]})
    >>> nav_grid(f).values.tolist()
    [[10.0, nan, 11.0]]
    """
    missing = {"scheme_code", "date", "nav"} - set(frame.columns)
    if missing:
        raise InputError(f"NAV frame lacks column(s): {', '.join(sorted(missing))}")
    frame = frame.select(
        pl.col("scheme_code").cast(pl.Int64),
        pl.col("date").cast(pl.Date),
        pl.col("nav").cast(pl.Float64),
    ).drop_nulls()
    if frame.height == 0:
        raise InputError("no NAVs to analyse")
    first = start or frame.get_column("date").min()
    last = end or frame.get_column("date").max()
    if first > last:  # type: ignore[operator]
        raise InputError(f"start {first} is after end {last}")
    frame = frame.filter(pl.col("date").is_between(first, last))
    codes = np.unique(frame.get_column("scheme_code").to_numpy())
    origin = np.datetime64(first, "D")
    width = day_index(origin, np.datetime64(last, "D")) + 1
    values = np.full((codes.size, width), np.nan)
    rows, cols = _positions(frame, codes, origin)
    values[rows, cols] = frame.get_column("nav").to_numpy()

    def mask(days: pl.DataFrame | None) -> npt.NDArray[np.bool_] | None:
        if days is None or days.height == 0:
            return None
        keep = days.select(pl.col("scheme_code").cast(pl.Int64), pl.col("date").cast(pl.Date))
        keep = keep.filter(
            pl.col("scheme_code").is_in(pl.Series(codes).implode())
            & pl.col("date").is_between(first, last)
        )
        out = np.zeros(values.shape, dtype=bool)
        r, c = _positions(keep, codes, origin)
        out[r, c] = True
        return out

    return NavGrid(
        codes=codes.astype(np.int64),
        start=origin,
        values=values,
        flagged=mask(flagged),
        face_value=mask(face_value),
        spikes=mask(spikes),
    )


def _positions(
    frame: pl.DataFrame, codes: npt.NDArray[np.int64], origin: np.datetime64
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    rows = np.searchsorted(codes, frame.get_column("scheme_code").to_numpy())
    days = frame.get_column("date").to_numpy().astype("datetime64[D]")
    return rows, ((days - origin) // _DAY).astype(np.intp)


def clean_levels(
    levels: FloatArray,
    *,
    face_value: npt.NDArray[np.bool_] | None = None,
    spikes: npt.NDArray[np.bool_] | None = None,
) -> FloatArray:
    """NAV levels fit for level metrics (CAGR, drawdown, trailing and rolling returns).

    A one-day outlier NAV (``spikes``) is dropped. A face-value change (``face_value``
    marks the first NAV on the new face value) is chain-linked: every earlier NAV is
    multiplied by NAV_t / NAV_prev, so the series is continuous and the change day counts
    as a zero return (that day's return is already left out of daily statistics).

    >>> lv = np.array([10.0, 10.5, 1050.0, 1060.0])
    >>> clean_levels(lv, face_value=np.array([False, False, True, False])).tolist()
    [1000.0, 1050.0, 1050.0, 1060.0]
    """
    lv = np.array(levels, dtype=np.float64, copy=True)
    if spikes is not None:
        lv[np.broadcast_to(spikes, lv.shape)] = np.nan
    if face_value is None or not np.any(face_value):
        return lv
    width = lv.shape[-1]
    cols = np.arange(width)
    seen = np.where(np.isfinite(lv), cols, -1)
    np.maximum.accumulate(seen, axis=-1, out=seen)
    prev = np.concatenate([np.full((*seen.shape[:-1], 1), -1), seen[..., :-1]], axis=-1)
    before = np.take_along_axis(lv, np.maximum(prev, 0), axis=-1)
    step = np.where(
        np.broadcast_to(face_value, lv.shape) & (prev >= 0) & np.isfinite(lv), lv / before, 1.0
    )
    step = np.where(np.isfinite(step), step, 1.0)
    # factor[t] = product of the steps strictly after t (a reversed cumulative product).
    after = np.cumprod(step[..., ::-1], axis=-1)[..., ::-1]
    factor = np.concatenate([after[..., 1:], np.ones((*after.shape[:-1], 1))], axis=-1)
    return lv * factor


def weekday_mask(start: np.datetime64, width: int) -> npt.NDArray[np.bool_]:
    """True on the Mondays–Fridays of the calendar ``start … start+width−1``."""
    days = start + np.arange(width) * _DAY
    return np.is_busday(days)


def joint_levels(fund: FloatArray, benchmark: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Both NAV level arrays kept only on dates where both have a NAV (the common window)."""
    both = np.isfinite(fund) & np.isfinite(benchmark)
    return np.where(both, fund, np.nan), np.where(both, benchmark, np.nan)


def daily_returns(
    levels: FloatArray,
    start: np.datetime64,
    *,
    flagged: npt.NDArray[np.bool_] | None = None,
    weekdays_only: bool = True,
    max_span_days: int = MAX_SPAN_DAYS,
) -> FloatArray:
    """Daily returns of NAV levels on a calendar grid, NaN where a day is no observation.

    r_t = NAV_t / NAV_p − 1 where p is the previous observation (a weekday with a NAV
    when ``weekdays_only``); NaN when t − p > ``max_span_days`` or ``flagged[t]``.

    >>> lv = np.array([100.0, 101.0, np.nan, np.nan, 99.99])  # Thu 2024-01-04 … Mon
    >>> daily_returns(lv, np.datetime64("2024-01-04")).round(4).tolist()
    [nan, 0.01, nan, nan, -0.01]
    """
    lv = np.asarray(levels, dtype=np.float64)
    width = lv.shape[-1]
    observed = np.isfinite(lv)
    if weekdays_only:
        observed &= weekday_mask(start, width)
    cols = np.arange(width)
    last_seen = np.where(observed, cols, -1)
    np.maximum.accumulate(last_seen, axis=-1, out=last_seen)
    prev = np.empty_like(last_seen)
    prev[..., 0] = -1
    prev[..., 1:] = last_seen[..., :-1]
    has_prev = observed & (prev >= 0)
    prev_level = np.take_along_axis(lv, np.maximum(prev, 0), axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(has_prev, lv / prev_level - 1.0, np.nan)
    out[has_prev & (cols - prev > max_span_days)] = np.nan
    if flagged is not None:
        out[np.asarray(flagged, dtype=bool)] = np.nan
    return out


def nan_count(values: FloatArray) -> npt.NDArray[np.int64] | int:
    """Number of finite values along the last axis."""
    counts = np.isfinite(values).sum(axis=-1)
    return int(counts) if np.ndim(counts) == 0 else counts


def nanmean(values: FloatArray, *, min_count: int = 1) -> FloatArray | float:
    """Mean of the finite values along the last axis; NaN with fewer than ``min_count``."""
    v = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(v)
    n = ok.sum(axis=-1)
    total = np.sum(v, axis=-1, where=ok)  # a masked reduction: no copy of the array
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n >= max(min_count, 1), total / n, np.nan)
    return float(out) if np.ndim(out) == 0 else out


def nanstd(values: FloatArray, *, ddof: int = 1) -> FloatArray | float:
    """Sample standard deviation (``ddof`` = 1) of the finite values along the last axis;
    NaN with ``ddof`` or fewer values. Two-pass (mean first) for accuracy."""
    v = np.asarray(values, dtype=np.float64)
    ok = np.isfinite(v)
    n = ok.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.sum(v, axis=-1, where=ok) / n
        dev = v - np.expand_dims(mean, -1)
        np.square(dev, out=dev)
        out = np.where(n > ddof, np.sqrt(np.sum(dev, axis=-1, where=ok) / (n - ddof)), np.nan)
    return float(out) if np.ndim(out) == 0 else out
