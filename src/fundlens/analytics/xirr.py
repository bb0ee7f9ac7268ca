"""XIRR of many irregular cash-flow sets at once: a vectorised, bracketed Newton solver.

For one set of cash flows c_i on dates d_i the XIRR is the rate r with

    NPV(r) = Σ c_i · (1 + r)^(−t_i) = 0,   t_i = (d_i − d_0) / 365   (d_0 = earliest date)

(actual/365 fixed, as Excel's ``XIRR`` and ``pyxirr.xirr``). The solver works in
v = ln(1 + r), where NPV(v) = Σ c_i · e^(−v·t_i) is smooth for every v, so r ∈ (−1, ∞)
has no singular edge. Every row of a ``(m, k)`` matrix is solved in the same NumPy pass:

1. **Checks** per row: at least one negative and one positive amount (else no rate
   exists), and not all on one date.
2. **Bracket** v ∈ [−50, 700] (r from −100 % + 2·10⁻²² to 10³⁰⁴). When NPV has the same
   sign at both ends (an even number of roots, e.g. −100, +230, −132 has 10 % and 20 %),
   a grid of v (0.005 apart for r ≈ −95 % … +1,900 %) picks the sign change nearest the
   guess; with none, the row has no rate (reason given). Conventional flows (all
   instalments, then one value: every SIP) have exactly one root (Descartes' rule).
3. **Safeguarded Newton** (Numerical Recipes' ``rtsafe``): from r = 10 %, take the Newton
   step v − NPV / NPV′ when it lands inside the current bracket and at least halves the
   step before last, else bisect; shrink the bracket by the sign of NPV at each new point.
   Each row stops when its step is below 10⁻¹³ in v; bisection alone needs ≤ 63 steps.

Overflow is impossible: each row's terms are scaled by e^(−max(−v·t_i)), a positive
factor that changes neither the sign of NPV nor the ratio NPV / NPV′.

Amounts that are NaN or 0 are no cash flow (padding for ragged sets); their dates are
ignored. Rates are fractions a year (0.12 = 12 %); rows without a rate are NaN, with a
reason in :class:`XirrResult`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import DAYS_PER_YEAR, FloatArray, as_float_array
from fundlens.errors import InputError

__all__ = ["XIRR_BOUNDS", "XirrResult", "solve_xirr", "xirr"]

#: The solver's range of v = ln(1 + r).
XIRR_BOUNDS: Final = (-50.0, 700.0)
_TOL: Final = 1e-13
_MAX_ITER: Final = 200

_NO_SIGN: Final = "cash flows need a negative and a positive amount"
_ONE_DATE: Final = "all cash flows are on one date"
_NO_ROOT: Final = "no rate between −100 % and 1e304 sets the NPV to 0"
_NO_CONV: Final = "the solver did not converge"


@dataclass(frozen=True)
class XirrResult:
    """Rates (fractions a year, NaN where none) and, per row, None or why there is none."""

    rate: FloatArray
    reasons: list[str | None]


def _days(dates: npt.ArrayLike) -> npt.NDArray[np.int64]:
    arr = np.asarray(dates)
    if np.issubdtype(arr.dtype, np.datetime64):
        return arr.astype("datetime64[D]").astype(np.int64)
    if not np.issubdtype(arr.dtype, np.integer):
        raise InputError(f"dates must be datetime64 or integer day numbers, got {arr.dtype}")
    return arr.astype(np.int64)


def _prepare(
    cash_flows: npt.ArrayLike, dates: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, bool]:
    """(amounts (m, k) with 0 for no flow, years since each row's first flow, was 1-D)."""
    c = as_float_array(cash_flows)
    if c.ndim not in (1, 2):
        raise InputError(f"cash flows must be 1-D or 2-D, got {c.ndim}-D")
    one = c.ndim == 1
    c = np.atleast_2d(c)
    try:
        d = np.broadcast_to(_days(dates), c.shape)
    except ValueError as exc:
        raise InputError(f"dates of shape {np.shape(dates)} do not fit flows {c.shape}") from exc
    live = np.isfinite(c) & (c != 0)
    c = np.where(live, c, 0.0)
    big = np.iinfo(np.int64).max
    origin = np.where(live, d, big).min(axis=-1, keepdims=True)
    years = np.where(live, (d - np.minimum(origin, d)) / DAYS_PER_YEAR, 0.0)
    return c, years, one


def _npv(v: FloatArray, c: FloatArray, t: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Scaled NPV(v) and NPV′(v) per row (a common positive factor per row)."""
    expo = -v[:, None] * t
    expo = np.where(c != 0, expo, -np.inf)
    weight = np.exp(expo - expo.max(axis=-1, keepdims=True))
    term = c * weight
    return term.sum(axis=-1), -(term * t).sum(axis=-1)


def _rtsafe(
    c: FloatArray, t: FloatArray, lo: FloatArray, hi: FloatArray, guess: float
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Rows whose NPV(lo) < 0 < NPV(hi) (oriented): (root v, converged)."""
    v = np.clip(np.full(lo.shape, np.log1p(guess)), np.minimum(lo, hi), np.maximum(lo, hi))
    dx_old = np.abs(hi - lo)
    dx = dx_old.copy()
    done = np.zeros(lo.shape, dtype=bool)
    f, df = _npv(v, c, t)
    lo = np.where(f < 0, v, lo)
    hi = np.where(f < 0, hi, v)
    for _ in range(_MAX_ITER):
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            outside = ((v - hi) * df - f) * ((v - lo) * df - f) > 0
            slow = np.abs(2.0 * f) > np.abs(dx_old * df)
            newton = v - f / df
        bisect = outside | slow | ~np.isfinite(newton)
        step = np.where(bisect, 0.5 * (hi - lo), f / np.where(df == 0, 1.0, df))
        new = np.where(bisect, lo + 0.5 * (hi - lo), newton)
        move = ~done
        dx_old = np.where(move, dx, dx_old)
        dx = np.where(move, step, dx)
        v = np.where(move, new, v)
        done |= move & ((np.abs(step) < _TOL) | (f == 0))
        if done.all():
            break
        f, df = _npv(v, c, t)
        below = f < 0
        lo = np.where(move & below, v, lo)
        hi = np.where(move & ~below, v, hi)
    return v, done


def _why(solved: bool, signs: bool, spread: bool, bracket: bool) -> str | None:
    if solved:
        return None
    if not signs:
        return _NO_SIGN
    if not spread:
        return _ONE_DATE
    return _NO_ROOT if not bracket else _NO_CONV


def _scan(c: FloatArray, t: FloatArray, guess: float) -> tuple[FloatArray, FloatArray]:
    """A bracket (lo, hi) per row from NPV's sign changes on a grid of v: the change
    nearest ln(1 + guess); NaN where NPV never changes sign on the grid."""
    v = _SCAN_GRID
    f = np.stack([_npv(np.full(c.shape[0], x), c, t)[0] for x in v], axis=-1)
    change = np.sign(f[:, :-1]) * np.sign(f[:, 1:]) <= 0
    distance = np.where(change, np.abs(v[:-1] - np.log1p(guess)), np.inf)
    at = distance.argmin(axis=-1)
    found = np.isfinite(distance.min(axis=-1))
    return np.where(found, v[at], np.nan), np.where(found, v[at + 1], np.nan)


#: v grid for :func:`_scan`: 0.005 apart for r in about −95 % … +1,900 %, coarser outside.
_SCAN_GRID: Final = np.unique(
    np.concatenate([np.linspace(-50, -3, 48), np.linspace(-3, 3, 1201), np.linspace(3, 50, 48)])
)


def solve_xirr(
    cash_flows: npt.ArrayLike, dates: npt.ArrayLike, *, guess: float = 0.1
) -> XirrResult:
    """XIRR per row: the r with Σ c_i·(1 + r)^(−(d_i − d_0)/365) = 0, and why not where
    there is none (see the module docstring for the method).

    ``cash_flows`` is ``(k,)`` or ``(m, k)`` (NaN or 0 = no flow); ``dates`` the same
    shape or broadcastable to it, ``datetime64`` or integer day numbers.

    >>> res = solve_xirr([[-100.0, 110.0], [-100.0, -5.0]],
    ...                  np.array(["2023-01-01", "2024-01-01"], dtype="datetime64[D]"))
    >>> round(float(res.rate[0]), 12), res.reasons
    (0.1, [None, 'cash flows need a negative and a positive amount'])
    """
    if not guess > -1.0:
        raise InputError(f"guess must be > −1, got {guess}")
    c, t, _ = _prepare(cash_flows, dates)
    m = c.shape[0]
    signs = (c < 0).any(axis=-1) & (c > 0).any(axis=-1)
    spread = t.max(axis=-1) > 0
    lo = np.full(m, XIRR_BOUNDS[0])
    hi = np.full(m, XIRR_BOUNDS[1])
    ends = np.sign(_npv(lo, c, t)[0]) * np.sign(_npv(hi, c, t)[0]) <= 0
    rescan = np.flatnonzero(signs & spread & ~ends)  # an even number of roots, or none
    if rescan.size:
        lo[rescan], hi[rescan] = _scan(c[rescan], t[rescan], guess)
    bracket = signs & spread & np.isfinite(lo)
    rate = np.full(m, np.nan)
    rows = np.flatnonzero(bracket)
    if rows.size:
        up = _npv(lo[rows], c[rows], t[rows])[0] > 0  # orient: NPV(lo) < 0 < NPV(hi)
        a = np.where(up, hi[rows], lo[rows])
        b = np.where(up, lo[rows], hi[rows])
        root, ok = _rtsafe(c[rows], t[rows], a, b, guess)
        rate[rows] = np.where(ok, np.expm1(root), np.nan)
    reasons = [
        _why(bool(f), bool(sg), bool(sp), bool(br))
        for f, sg, sp, br in zip(np.isfinite(rate), signs, spread, bracket, strict=True)
    ]
    return XirrResult(rate=rate, reasons=reasons)


def xirr(
    cash_flows: npt.ArrayLike, dates: npt.ArrayLike, *, guess: float = 0.1
) -> FloatArray | float:
    """XIRR r solving Σ c_i·(1 + r)^(−(d_i − d_0)/365) = 0: a float for 1-D flows, one
    rate per row for 2-D; NaN where no rate exists (:func:`solve_xirr` says why).

    >>> days = np.array(["2024-01-05", "2024-02-05", "2024-03-05", "2024-04-05"],
    ...                 dtype="datetime64[D]")
    >>> round(xirr([-1000.0, -1000.0, -1000.0, 3100.0], days), 6)
    0.217445
    """
    result = solve_xirr(cash_flows, dates, guess=guess)
    one = np.ndim(as_float_array(cash_flows)) == 1
    return float(result.rate[0]) if one else result.rate
