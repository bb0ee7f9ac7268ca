"""The risk-free rate on a calendar: flat, or a user series forward-filled to every day.

A series (``date``, ``annual_rate``; fractions a year, e.g. RBI's weekly 91-day T-bill
cut-off yields) is carried forward from each published date to the next; days before its
first date take its first rate. Daily statistics use annual / 252 per day; metrics built on
CAGRs (Treynor, Jensen's alpha) use :func:`mean_rate` over the window's days.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import polars as pl

from fundlens.analytics.grid import DEFAULT_RF, FloatArray
from fundlens.errors import InputError

__all__ = ["RiskFree", "mean_rate", "rf_on_calendar"]

#: A flat annual rate, or a series with columns ``date`` and ``annual_rate``.
RiskFree: TypeAlias = float | pl.DataFrame

_DAY = np.timedelta64(1, "D")


def rf_on_calendar(rf: RiskFree | None, start: np.datetime64, width: int) -> float | FloatArray:
    """The annual rate on each day ``start … start+width−1``: the float itself when flat,
    else a ``(width,)`` array forward-filled from the series.

    >>> import datetime as dt
    >>> s = pl.DataFrame({"date": [dt.date(2024, 1, 2)], "annual_rate": [0.07]})
    >>> rf_on_calendar(s, np.datetime64("2024-01-01"), 3).tolist()
    [0.07, 0.07, 0.07]
    """
    if rf is None:
        return DEFAULT_RF
    if not isinstance(rf, pl.DataFrame):
        rate = float(rf)
        if not 0.0 <= rate <= 1.0:
            raise InputError(f"rf={rate} is not a fraction a year (6.5 % is 0.065)")
        return rate
    series = rf.select(pl.col("date").cast(pl.Date), pl.col("annual_rate").cast(pl.Float64))
    series = series.drop_nulls().sort("date")
    if series.height == 0:
        raise InputError("the risk-free series is empty")
    days = series.get_column("date").to_numpy().astype("datetime64[D]")
    rates = series.get_column("annual_rate").to_numpy()
    calendar = start + np.arange(width) * _DAY
    at = np.searchsorted(days, calendar, side="right") - 1
    return rates[np.maximum(at, 0)]


def mean_rate(rf: float | FloatArray, observed: FloatArray) -> float | FloatArray:
    """Mean annual rate over the days where ``observed`` is finite (per row for 2-D), or
    the flat rate itself."""
    if np.ndim(rf) == 0:
        return float(rf)  # type: ignore[arg-type]
    ok = np.isfinite(observed)
    weights = np.where(ok, np.broadcast_to(rf, np.shape(observed)), 0.0)
    n = ok.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = weights.sum(axis=-1) / n
    return float(out) if np.ndim(out) == 0 else out
