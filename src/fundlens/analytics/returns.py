"""Point-to-point returns of NAV levels: cumulative, CAGR, trailing, monthly, yearly.

Input: NAV **levels** on a contiguous daily calendar (:mod:`fundlens.analytics.grid`),
shape ``(T,)`` or ``(n, T)``, NaN on days without a NAV, and ``start``, the calendar's
first day. Every NAV counts (weekends too, when a fund publishes them); time is calendar
time. Results are fractions (0.12 = 12 %); 1-D input gives a float, 2-D one value per row.
Vectorised along the last axis; no loop over rows or days.

Formulas (conventions.md, 'Metric conventions')
    * cumulative return = NAV_last / NAV_first − 1 over the finite NAVs.
    * CAGR = (NAV_end / NAV_start)^(365 / days) − 1, days = calendar days between the two
      NAV dates (empyrical's ``cagr`` counts observations / 252 instead).
    * Trailing return for a window of d days (``grid.WINDOW_DAYS``; 1m = 30, 3m = 91,
      6m = 182, 1y = 365, 3y = 1095, 5y = 1825, 10y = 3650): end NAV = last NAV on or
      before the end date; start NAV = last NAV on or before end date − d; NaN when the
      fund has no NAV on or before that start date. Absolute (NAV_end / NAV_start − 1)
      below one year, CAGR with the actual days between the two NAV dates from 1y up.
      ``si`` (since the first NAV held): absolute when that span is < 365 days, else CAGR.
    * Period returns (month, calendar year, financial year April–March): last NAV of the
      period / last NAV of the previous period − 1, both NAVs *inside* their periods.
      Only complete periods count: the series must have a NAV on or after the period's
      last calendar day (so the current month is left out) and a NAV in the previous
      period (so the first period of a series, and the period after a hole of a whole
      period, are NaN). Labels cover the calendar's periods that have a predecessor on
      the calendar and end on it; a row's incomplete periods are NaN, so ``np.nanmax`` /
      ``np.nanmin`` give the best and worst.

Too little data (fewer than :data:`MIN_NAVS` NAVs, zero days) gives NaN, never an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import (
    DAYS_PER_YEAR,
    TRAILING_WINDOWS,
    WINDOW_DAYS,
    FloatArray,
    as_float_array,
    day_index,
)
from fundlens.errors import InputError
from fundlens.types import Window

__all__ = [
    "MIN_NAVS",
    "DateLike",
    "cagr",
    "calendar_year_returns",
    "cumulative_return",
    "financial_year_returns",
    "monthly_returns",
    "trailing_return",
    "trailing_returns",
]

#: Fewest NAVs a point-to-point return needs.
MIN_NAVS: Final = 2

DateLike = dt.date | np.datetime64
IntArray = npt.NDArray[np.intp]
_DAY: Final = np.timedelta64(1, "D")


def _levels(levels: object) -> tuple[FloatArray, bool]:
    """(n, T) float levels (T ≥ 1: an empty calendar becomes one NaN day) and 'was 1-D'."""
    lv = as_float_array(levels)
    if lv.ndim not in (1, 2):
        raise InputError(f"levels must be 1-D or 2-D, got {lv.ndim}-D")
    one = lv.ndim == 1
    lv = lv.reshape(1, -1) if one else lv
    if lv.shape[-1] == 0:
        lv = np.full((lv.shape[0], 1), np.nan)
    return lv, one


def _result(values: FloatArray, one: bool) -> FloatArray | float:
    return float(values[0]) if one else values


def _last_seen(lv: FloatArray) -> IntArray:
    """Column of the last NAV on or before each column, −1 before the first NAV."""
    seen = np.where(np.isfinite(lv), np.arange(lv.shape[-1]), -1)
    np.maximum.accumulate(seen, axis=-1, out=seen)
    return seen


def _seen_at(seen: IntArray, cols: IntArray) -> IntArray:
    """Last-NAV column on or before ``cols`` (per row, (n, k)); −1 when ``cols`` < 0."""
    cols = np.broadcast_to(cols, (*seen.shape[:-1], np.shape(cols)[-1]))
    got = np.take_along_axis(seen, np.clip(cols, 0, seen.shape[-1] - 1), axis=-1)
    return np.where(cols >= 0, got, -1)


def _nav_at(lv: FloatArray, idx: IntArray) -> FloatArray:
    """NAV at column ``idx`` per row, NaN where ``idx`` < 0."""
    got = np.take_along_axis(lv, np.maximum(idx, 0), axis=-1)
    return np.where(idx >= 0, got, np.nan)


def _growth(lv: FloatArray, first: IntArray, last: IntArray, annual: npt.ArrayLike) -> FloatArray:
    """NAV_last / NAV_first − 1, or its 365-day CAGR where ``annual``; NaN if no span."""
    days = last - first
    ok = (first >= 0) & (last >= 0) & (days > 0)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ratio = _nav_at(lv, np.where(ok, last, -1)) / _nav_at(lv, np.where(ok, first, -1))
        out = np.where(annual, ratio ** (DAYS_PER_YEAR / np.where(ok, days, 1)), ratio)
    return np.where(ok, out - 1.0, np.nan)


def _span(lv: FloatArray) -> tuple[IntArray, IntArray]:
    """(first, last) NAV column per row, both −1 when a row has fewer than MIN_NAVS."""
    finite = np.isfinite(lv)
    enough = finite.sum(axis=-1) >= MIN_NAVS
    first = np.argmax(finite, axis=-1)
    last = lv.shape[-1] - 1 - np.argmax(finite[:, ::-1], axis=-1)
    return np.where(enough, first, -1), np.where(enough, last, -1)


def cumulative_return(levels: FloatArray) -> FloatArray | float:
    """Last NAV / first NAV − 1 over the finite NAVs; NaN with fewer than 2 NAVs.

    >>> round(cumulative_return(np.array([100.0, np.nan, 110.0, 121.0])), 12)
    0.21
    """
    lv, one = _levels(levels)
    first, last = _span(lv)
    return _result(_growth(lv, first[:, None], last[:, None], False)[:, 0], one)


def cagr(levels: FloatArray, start: DateLike) -> FloatArray | float:
    """(NAV_end / NAV_start)^(365 / days) − 1 between the first and last finite NAV.

    ``days`` are calendar days (columns) between the two NAVs, so ``start`` does not
    change the value; it is taken for the common level signature. NaN with fewer than
    2 NAVs.

    >>> lv = np.full(731, np.nan); lv[0], lv[730] = 100.0, 121.0  # 2 × 365 d apart
    >>> round(cagr(lv, np.datetime64("2021-01-01")), 12)
    0.1
    """
    lv, one = _levels(levels)
    first, last = _span(lv)
    return _result(_growth(lv, first[:, None], last[:, None], True)[:, 0], one)


def _window_days(window: str) -> int | None:
    if window not in TRAILING_WINDOWS:
        raise InputError(f"unknown window {window!r}; use one of {', '.join(TRAILING_WINDOWS)}")
    return None if window == "si" else WINDOW_DAYS[window]


def _end_columns(
    lv: FloatArray, seen: IntArray, start: DateLike, end: DateLike | IntArray | None
) -> IntArray:
    """End-date column per row, (n, 1); may lie outside the calendar."""
    n = lv.shape[0]
    if end is None:
        return seen[:, -1:]
    if isinstance(end, np.ndarray) and np.issubdtype(end.dtype, np.integer):
        if end.shape != (n,):
            raise InputError(f"per-row end columns need shape ({n},), got {end.shape}")
        return end.astype(np.intp).reshape(n, 1)
    col = day_index(np.datetime64(start, "D"), end)  # type: ignore[arg-type]
    return np.full((n, 1), col, dtype=np.intp)


def _trailing(lv: FloatArray, seen: IntArray, end_col: IntArray, window: str) -> FloatArray:
    days = _window_days(window)
    last = _seen_at(seen, end_col)
    if days is None:
        finite = np.isfinite(lv)
        first = np.where(finite.any(axis=-1), np.argmax(finite, axis=-1), -1)[:, None]
        first = np.where(first <= last, first, -1)
        annual: npt.ArrayLike = (last - first) >= DAYS_PER_YEAR
    else:
        first = _seen_at(seen, end_col - days)
        annual = days >= DAYS_PER_YEAR
    return _growth(lv, first, last, annual)[:, 0]


def trailing_return(
    levels: FloatArray,
    start: DateLike,
    *,
    window: Window,
    end: DateLike | IntArray | None = None,
) -> FloatArray | float:
    """Trailing return over ``window`` ending at ``end``.

    End NAV = last NAV on or before ``end`` (a date; for 2-D input also an int array of
    per-row end columns; default each row's last NAV). Start NAV = last NAV on or before
    end date − ``WINDOW_DAYS[window]``; NaN if there is none (fund younger than the
    window). Absolute below 1y; CAGR (actual days between the two NAVs, 365-day years)
    from 1y up. ``si``: from the first NAV, absolute if < 365 days apart, else CAGR.

    >>> lv = np.full(400, np.nan); lv[[0, 30, 399]] = [100.0, 104.0, 125.0]
    >>> # start date = day 34 → last NAV on or before is day 30: (125 / 104)^(365/369) − 1
    >>> round(trailing_return(lv, np.datetime64("2024-01-01"), window="1y"), 6)
    0.199529
    """
    lv, one = _levels(levels)
    seen = _last_seen(lv)
    return _result(_trailing(lv, seen, _end_columns(lv, seen, start, end), window), one)


def trailing_returns(
    levels: FloatArray,
    start: DateLike,
    *,
    windows: tuple[Window, ...] = TRAILING_WINDOWS,
    end: DateLike | IntArray | None = None,
) -> dict[str, FloatArray | float]:
    """:func:`trailing_return` for each window, keyed ``return_<window>``.

    >>> lv = np.full(400, np.nan); lv[[0, 30, 399]] = [100.0, 104.0, 125.0]
    >>> out = trailing_returns(lv, np.datetime64("2024-01-01"), windows=("1m", "3y", "si"))
    >>> {k: round(v, 4) for k, v in out.items()}
    {'return_1m': 0.2019, 'return_3y': nan, 'return_si': 0.2265}
    """
    lv, one = _levels(levels)
    seen = _last_seen(lv)
    end_col = _end_columns(lv, seen, start, end)
    return {f"return_{w}": _result(_trailing(lv, seen, end_col, w), one) for w in windows}


def _period_returns(
    lv: FloatArray, start: np.datetime64, bounds: npt.NDArray[np.datetime64]
) -> tuple[npt.NDArray[np.bool_], FloatArray]:
    """Returns of the periods [bounds[p], bounds[p+1]) that have a predecessor on the
    calendar and end on it: (which periods are kept, values (n, kept))."""
    width = lv.shape[-1]
    begin = ((bounds - start) // _DAY).astype(np.intp)  # first column of each period
    stop = begin[1:] - 1  # last column of each period
    keep = (begin[:-1] >= 1) & (stop <= width - 1)
    p = np.flatnonzero(keep)
    seen = _last_seen(lv)
    now = _seen_at(seen, stop[p])
    before = _seen_at(seen, begin[p] - 1)
    now = np.where(now >= begin[p], now, -1)  # the period's last NAV must be in it
    before = np.where(before >= begin[p - 1], before, -1)
    complete = seen[:, -1:] >= stop[p]  # a NAV on or after the period's last day
    with np.errstate(invalid="ignore", divide="ignore"):
        out = _nav_at(lv, now) / _nav_at(lv, before) - 1.0
    return keep, np.where(complete, out, np.nan)


def _calendar(lv: FloatArray, start: DateLike) -> tuple[np.datetime64, np.datetime64]:
    first = np.datetime64(start, "D")
    return first, first + (lv.shape[-1] - 1) * _DAY


def monthly_returns(
    levels: FloatArray, start: DateLike
) -> tuple[npt.NDArray[np.datetime64], FloatArray]:
    """Returns of complete calendar months: (months ``datetime64[M]``, values).

    r_m = last NAV of month m / last NAV of month m−1 − 1; non-overlapping. Values are
    ``(M,)`` for 1-D levels, ``(n, M)`` for 2-D, NaN for a row's incomplete months.

    >>> lv = np.full(91, np.nan); lv[[0, 30, 59, 90]] = [100.0, 110.0, 99.0, 120.0]
    >>> months, values = monthly_returns(lv, np.datetime64("2024-01-01"))  # Jan–Mar
    >>> months.tolist(), values.round(4).tolist()
    ([datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)], [-0.1, 0.2121])
    """
    lv, one = _levels(levels)
    first, last = _calendar(lv, start)
    months = np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 2)
    keep, values = _period_returns(lv, first, months.astype("datetime64[D]"))
    return months[:-1][keep], values[0] if one else values


def calendar_year_returns(
    levels: FloatArray, start: DateLike
) -> tuple[npt.NDArray[np.datetime64], FloatArray]:
    """Returns of complete calendar years: (years ``datetime64[Y]``, values).

    r_y = last NAV of year y / last NAV of year y−1 − 1 (complete years only, as
    :func:`monthly_returns`).

    >>> lv = np.full(1095, np.nan); lv[[0, 364, 729, 1094]] = [90.0, 100.0, 120.0, 114.0]
    >>> years, values = calendar_year_returns(lv, np.datetime64("2021-01-01"))
    >>> years.astype(str).tolist(), values.round(4).tolist()
    (['2022', '2023'], [0.2, -0.05])
    """
    lv, one = _levels(levels)
    first, last = _calendar(lv, start)
    years = np.arange(first.astype("datetime64[Y]"), last.astype("datetime64[Y]") + 2)
    keep, values = _period_returns(lv, first, years.astype("datetime64[D]"))
    return years[:-1][keep], values[0] if one else values


def financial_year_returns(
    levels: FloatArray, start: DateLike
) -> tuple[npt.NDArray[np.str_], FloatArray]:
    """Returns of complete Indian financial years (April–March): (labels, values).

    A label names the year in which the financial year *ends*: ``'FY2016'`` is
    1 April 2015 – 31 March 2016. r = last NAV of the FY / last NAV of the previous FY − 1
    (complete years only, as :func:`monthly_returns`).

    >>> lv = np.full(731, np.nan); lv[[0, 365, 730]] = [100.0, 110.0, 99.0]  # 31 Mar
    >>> labels, values = financial_year_returns(lv, np.datetime64("2021-03-31"))
    >>> labels.tolist(), values.round(4).tolist()
    (['FY2022', 'FY2023'], [0.1, -0.1])
    """
    lv, one = _levels(levels)
    first, last = _calendar(lv, start)
    april = np.timedelta64(3, "M")
    y0 = (first.astype("datetime64[M]") - april).astype("datetime64[Y]")
    y1 = (last.astype("datetime64[M]") - april).astype("datetime64[Y]")
    years = np.arange(y0, y1 + 2)
    bounds = (years.astype("datetime64[M]") + april).astype("datetime64[D]")
    keep, values = _period_returns(lv, first, bounds)
    ending = years[:-1][keep].astype(np.int64) + 1970 + 1
    labels = np.char.add("FY", ending.astype(np.str_))
    return labels, values[0] if one else values
