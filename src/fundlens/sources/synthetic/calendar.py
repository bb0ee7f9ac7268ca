"""Calendar of the synthetic universe: calendar days, trading days and AMFI date strings.

Conventions:

- Every array here is indexed by *calendar day* from ``start`` to ``end`` inclusive
  (NumPy ``datetime64[D]``); the NAV panel of a :class:`~.universe.Universe` uses the same axis.
- Trading days are Monday–Friday less a few fixed national holidays (26 Jan, 15 Aug, 2 Oct,
  25 Dec when they fall on a weekday). Equity, debt and hybrid funds publish on trading days;
  liquid and overnight funds publish on every calendar day, as AMFI's files show.
- AMFI writes dates as ``DD-Mon-YYYY`` (``03-Apr-2006``), English month abbreviations.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = [
    "FIXED_HOLIDAYS",
    "MONTH_ABBR",
    "amfi_date_strings",
    "calendar_days",
    "day_index",
    "trading_mask",
    "years_of",
]

#: (month, day) of the holidays on which equity NAVs are not published.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = ((1, 26), (8, 15), (10, 2), (12, 25))

MONTH_ABBR: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

DateArray = npt.NDArray[np.datetime64]


def calendar_days(start: date, end: date) -> DateArray:
    """Every calendar day from ``start`` to ``end`` inclusive, as ``datetime64[D]``."""
    first = np.datetime64(start, "D")
    last = np.datetime64(end, "D")
    return np.arange(first, last + np.timedelta64(1, "D"), dtype="datetime64[D]")


def _month_day(days: DateArray) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    months = days.astype("datetime64[M]")
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return month, day


def years_of(days: DateArray) -> npt.NDArray[np.int64]:
    """Calendar year of each day."""
    return days.astype("datetime64[Y]").astype(np.int64) + 1970


def trading_mask(days: DateArray) -> npt.NDArray[np.bool_]:
    """True on Monday–Friday days that are not one of :data:`FIXED_HOLIDAYS`."""
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    mask = weekday < 5
    month, day = _month_day(days)
    for hol_month, hol_day in FIXED_HOLIDAYS:
        mask &= ~((month == hol_month) & (day == hol_day))
    return mask


def day_index(days: DateArray, when: date) -> int:
    """Index of ``when`` on the calendar axis ``days`` (clipped to the axis)."""
    offset = int((np.datetime64(when, "D") - days[0]).astype(np.int64))
    return min(max(offset, 0), len(days) - 1)


def amfi_date_strings(days: DateArray) -> list[str]:
    """``DD-Mon-YYYY`` for each day (``03-Apr-2006``)."""
    return pl.Series(days).dt.strftime("%d-%b-%Y").to_list()
