"""Expense drag of Direct/Regular pairs: how far the Direct plan has pulled ahead.

A Direct plan and a Regular plan hold the same portfolio; the Regular plan's NAV grows
more slowly by the difference in expense ratio (mostly the distributor's commission).
The contract (conventions.md, 'Metric conventions') measures it from the pair's **common
start** — the first date both plans have a NAV — on the dates both have a NAV (NAV levels
joined first):

    drag_t = (D_t / D_0) / (R_t / R_0) − 1

0.025 means the Direct plan has grown 2.5 % more than the Regular plan since the common
start. Its annualised rate over the window (days = calendar days from the common start to
the last common date; years = days / 365, as CAGR):

    annualised = (1 + drag_T)^(365 / days) − 1

which approximates the yearly cost gap. Seed 003 §6.5's Gen 2 API used direct_nav /
regular_nav − 1 on NAV levels, which equals this only when both plans had the same NAV on
the first day (true for pre-2013 schemes whose Direct plan began at the Regular NAV on
1 Jan 2013, false for a pair launched later at different NAVs or a window starting later).

Inputs are NAV levels on one daily calendar (:mod:`fundlens.analytics.grid`): ``(T,)`` for
one pair or ``(n, T)`` for n pairs (row i of ``direct`` pairs with row i of ``regular``),
``NaN`` on days without a NAV; levels should be cleaned of data-quality events first
(:func:`~fundlens.analytics.grid.clean_levels`). Everything is vectorised over rows.
Too little data gives NaN: no common date, or (for the annualised rate) a window shorter
than :data:`MIN_ANNUALISE_DAYS`, whose annualised rate would mostly show NAV rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import DAYS_PER_YEAR, FloatArray, as_float_array, joint_levels
from fundlens.errors import InputError

__all__ = [
    "MIN_ANNUALISE_DAYS",
    "DragSummary",
    "annualised_drag",
    "drag_summary",
    "expense_drag",
]

#: Shortest window (calendar days) whose drag is annualised.
MIN_ANNUALISE_DAYS: Final = 365

IntArray = npt.NDArray[np.int64]


def _pair(direct: object, regular: object) -> tuple[FloatArray, FloatArray]:
    d, r = as_float_array(direct), as_float_array(regular)
    if d.shape != r.shape:
        raise InputError(f"direct and regular levels differ in shape: {d.shape} vs {r.shape}")
    if d.ndim not in (1, 2):
        raise InputError(f"levels must be 1-D or 2-D, got {d.ndim}-D")
    return d, r


def _first_last(values: FloatArray) -> tuple[IntArray, IntArray]:
    """First and last finite column along the last axis (−1 when none)."""
    ok = np.isfinite(values)
    any_ = ok.any(axis=-1)
    width = values.shape[-1]
    first = np.where(any_, ok.argmax(axis=-1), -1)
    last = np.where(any_, width - 1 - ok[..., ::-1].argmax(axis=-1), -1)
    return np.asarray(first, dtype=np.int64), np.asarray(last, dtype=np.int64)


def expense_drag(direct: object, regular: object) -> FloatArray:
    """drag_t = (D_t / D_0) / (R_t / R_0) − 1 on the dates both plans have a NAV, from
    their first common date (0 there); NaN on other days. Same shape as the inputs.

    >>> d = np.array([100.0, 101.0, np.nan, 103.0])
    >>> r = np.array([100.0, 100.5, 101.0, 102.0])
    >>> expense_drag(d, r).round(6).tolist()
    [0.0, 0.004975, nan, 0.009804]
    """
    d, r = _pair(direct, regular)
    d, r = joint_levels(d, r)
    first, _ = _first_last(d)
    col = np.expand_dims(np.maximum(first, 0), -1)
    d0 = np.take_along_axis(d, col, axis=-1)
    r0 = np.take_along_axis(r, col, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (d / d0) / (r / r0) - 1.0


def annualised_drag(
    drag: object, *, days: object, min_days: int = MIN_ANNUALISE_DAYS
) -> FloatArray | float:
    """annualised = (1 + drag)^(365 / days) − 1; NaN when days < ``min_days``.

    ``drag`` is the total drag over the window (a scalar or one per pair) and ``days`` the
    window's calendar days.

    >>> round(annualised_drag(0.0210, days=730), 6)
    0.010445
    >>> annualised_drag(0.01, days=200)
    nan
    """
    total = as_float_array(drag)
    span = np.asarray(days, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.power(1.0 + total, DAYS_PER_YEAR / span) - 1.0
    out = np.where(span >= max(min_days, 1), rate, np.nan)
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class DragSummary:
    """Per pair (scalars for one pair): the common window's first and last column (−1
    when the plans have no date in common), its calendar days, the number of common NAV
    dates, the total drag at the end and its annualised rate."""

    first: IntArray
    last: IntArray
    days: IntArray
    points: IntArray
    total: FloatArray
    annualised: FloatArray


def drag_summary(drag: object, *, min_days: int = MIN_ANNUALISE_DAYS) -> DragSummary:
    """The window and end values of drag series made by :func:`expense_drag`: total =
    drag at the last common date, days = last − first common date, annualised =
    (1 + total)^(365 / days) − 1 (NaN when days < ``min_days``).

    >>> s = drag_summary(np.array([0.0, np.nan, 0.01, 0.02]))
    >>> int(s.days), int(s.points), float(s.total), float(s.annualised)  # 3 d < 365 d
    (3, 3, 0.02, nan)
    """
    series = as_float_array(drag)
    first, last = _first_last(series)
    total = np.take_along_axis(series, np.expand_dims(np.maximum(last, 0), -1), axis=-1)
    total = np.where(last >= 0, np.squeeze(total, -1), np.nan)
    days = np.where(last >= 0, last - first, 0)
    rate = annualised_drag(total, days=days, min_days=min_days)
    return DragSummary(
        first=first,
        last=last,
        days=np.asarray(days, dtype=np.int64),
        points=np.asarray(np.isfinite(series).sum(axis=-1), dtype=np.int64),
        total=np.asarray(total, dtype=np.float64),
        annualised=np.asarray(rate, dtype=np.float64),
    )
