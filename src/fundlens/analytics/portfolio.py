"""Equal-weighted portfolios of schemes, rebalanced daily, built from daily returns.

What an AMC's track record in a category is (issue 6, replacing seed 003 §6.5's Gen 2
"daily equal-weighted average NAV"): hold every scheme in equal weight, rebalance every
day, and chain the daily portfolio returns. Averaging NAV *levels* instead weights each
scheme by its NAV (a scheme at 240 moves the average twenty times more than one at 12)
and jumps whenever a scheme enters, leaves or misses a day.

Rules, per portfolio (a group of rows of an ``(n, T)`` NAV panel on one daily calendar):

* **Portfolio days**: the calendar days on which at least one member has a NAV. "The day
  before" a portfolio day d is the previous portfolio day p (a weekend, a holiday or a
  gap every member shares is skipped).
* **Members of a day**: the schemes with a NAV on both p and d; each contributes
  r_i = NAV_i(d) / NAV_i(p) − 1. A scheme that starts later joins on its second NAV;
  a scheme that closed (schemes no longer alive are included: no survivorship bias) takes
  part up to its last NAV; a scheme missing a day sits out that day and the next.
* **Portfolio return** r_d = mean of r_i over the day's members (equal weights, reset
  daily); a day with no member has no return and no level.
* **Level** = 100 on the portfolio day before the first return, then 100·Π(1 + r_d):
  a NAV-like series that goes through :func:`fundlens.analytics.metrics.compute_metrics`
  like any fund (weekday observations and the 10-day span rule apply there).
* **Flagged returns** (a face-value change, a return into or out of a one-day outlier;
  see :mod:`fundlens.analytics.grid`) are left out of a day's mean when the day has
  unflagged members; when every member's return is flagged they are kept for the level
  and the day is flagged, so daily statistics leave it out (a one-scheme portfolio then
  equals the scheme itself).

Levels should be cleaned of data-quality events first
(:func:`~fundlens.analytics.grid.clean_levels`). Vectorised over the ``(n, T)`` grid and
over portfolios (group sums are one matrix product); no loop over schemes or days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import FloatArray, as_float_array
from fundlens.errors import InputError

__all__ = ["BASE_LEVEL", "Portfolio", "equal_weight_portfolio", "portfolio_levels"]

#: Level of every portfolio on the day before its first return.
BASE_LEVEL = 100.0

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Portfolio:
    """G portfolios on the panel's calendar.

    ``groups`` (G,) the group labels in sorted order; ``levels``, ``returns`` (G, T),
    NaN off portfolio days; ``members`` (G, T) schemes in each day's mean; ``flagged``
    (G, T) days whose return came only from flagged scheme returns; ``used`` (n, T) the
    scheme-day returns that entered a mean; ``row_group`` (n,) each row's portfolio.
    """

    groups: npt.NDArray[Any]
    levels: FloatArray
    returns: FloatArray
    members: IntArray
    flagged: BoolArray
    used: BoolArray
    row_group: IntArray


def portfolio_levels(
    returns: object, *, base_day: object = None, base: float = BASE_LEVEL
) -> FloatArray:
    """Level = base on ``base_day`` (per row; default the column before the first return),
    then base·Π(1 + r) on days with a return; NaN elsewhere. ``returns`` (T,) or (G, T),
    NaN on days without one.

    >>> portfolio_levels(np.array([np.nan, np.nan, 0.10, np.nan, -0.5])).round(9).tolist()
    [nan, 100.0, 110.0, nan, 55.0]
    """
    r = as_float_array(returns)
    one = r.ndim == 1
    r = np.atleast_2d(r)
    on = np.isfinite(r)
    cum = base * np.cumprod(np.where(on, 1.0 + r, 1.0), axis=-1)
    any_ = on.any(axis=-1)
    first = np.where(any_, on.argmax(axis=-1), -1)
    start = first - 1 if base_day is None else np.broadcast_to(np.asarray(base_day), first.shape)
    start = np.where(any_ & (start >= 0), start, -1)
    shown = on | (np.arange(r.shape[-1]) == np.expand_dims(start, -1))
    out = np.where(shown, cum, np.nan)
    return out[0] if one else out


def _group_index(groups: object, n: int) -> tuple[npt.NDArray[Any], IntArray]:
    if groups is None:
        return np.array([0]), np.zeros(n, dtype=np.int64)
    labels = np.asarray(groups)
    if labels.shape != (n,):
        raise InputError(f"groups must have one label per row ({n}), got shape {labels.shape}")
    uniq, inverse = np.unique(labels, return_inverse=True)
    return uniq, inverse.astype(np.int64)


def equal_weight_portfolio(
    levels: object,
    *,
    groups: object = None,
    flagged: object = None,
    base: float = BASE_LEVEL,
) -> Portfolio:
    """Equal-weighted, daily-rebalanced portfolios of the rows of ``levels`` (n, T):
    r_d = mean over members i of (NAV_i(d) / NAV_i(p) − 1), p = the portfolio's previous
    NAV day, members = rows with a NAV on both p and d; level = 100·Π(1 + r_d).
    ``groups`` (n,) labels the portfolio of each row (one portfolio when None);
    ``flagged`` (n, T) marks scheme returns daily statistics leave out (module docstring).

    Three schemes at NAVs of different scale; the third misses day 2 and so sits out days 2
    and 3 (day 1: (+1 % + 2 % + 0 %)/3 = 1 %; day 2: (0 % − 1.96 %)/2; day 3: 0 %):

    >>> lv = np.array([[200.0, 202.0, 202.0, 202.0],
    ...                [10.0, 10.2, 10.0, 10.0],
    ...                [50.0, 50.0, np.nan, 51.0]])
    >>> p = equal_weight_portfolio(lv)
    >>> p.returns.round(5).tolist(), p.members.tolist()
    ([[nan, 0.01, -0.0098, 0.0]], [[0, 3, 2, 2]])
    >>> p.levels.round(4).tolist()
    [[100.0, 101.0, 100.0098, 100.0098]]
    """
    lv = np.atleast_2d(as_float_array(levels))
    if lv.ndim != 2:
        raise InputError(f"levels must be 1-D or 2-D, got {lv.ndim}-D")
    n, width = lv.shape
    labels, gid = _group_index(groups, n)
    onehot = np.zeros((labels.size, n))
    onehot[gid, np.arange(n)] = 1.0
    has = np.isfinite(lv)
    group_day = (onehot @ has) > 0
    seen = np.where(group_day, np.arange(width), -1)
    np.maximum.accumulate(seen, axis=-1, out=seen)
    prev_day = np.concatenate([np.full((labels.size, 1), -1), seen[:, :-1]], axis=-1)
    prev = prev_day[gid]
    prev_level = np.take_along_axis(lv, np.maximum(prev, 0), axis=-1)
    pair = has & (prev >= 0) & np.isfinite(prev_level)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(pair, lv / prev_level - 1.0, 0.0)
    use, day_flag = pair, np.zeros((labels.size, width), dtype=bool)
    if flagged is not None:
        good = pair & ~np.broadcast_to(np.asarray(flagged, dtype=bool), lv.shape)
        any_good = (onehot @ good) > 0
        use = np.where(any_good[gid], good, pair)
        day_flag = ((onehot @ pair) > 0) & ~any_good
    count = onehot @ use
    with np.errstate(invalid="ignore", divide="ignore"):
        ret = np.where(count > 0, (onehot @ np.where(use, r, 0.0)) / count, np.nan)
    first = np.where(count.any(axis=-1), (count > 0).argmax(axis=-1), 0)
    base_day = prev_day[np.arange(labels.size), first]
    return Portfolio(
        groups=labels,
        levels=portfolio_levels(ret, base_day=base_day, base=base),
        returns=ret,
        members=count.astype(np.int64),
        flagged=day_flag,
        used=use,
        row_group=gid,
    )
