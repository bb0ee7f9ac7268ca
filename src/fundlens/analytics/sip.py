"""Monthly SIPs, lump sums and rolling SIP returns on a NAV level series.

Input: NAV **levels** ``(T,)`` on the contiguous daily calendar that begins at ``start``
(:mod:`fundlens.analytics.grid`), NaN on days without a NAV — one fund. Amounts are in
rupees, returns fractions (0.12 = 12 %), years 365 days.

Rules
    * **Schedule**: one instalment a month on day ``day`` (1–31). In a month without that
      day (31 in April, 29–31 in February) the scheduled date is the month's last day.
      The first instalment is the first scheduled date on or after ``start_date`` (and on
      or after the fund's first NAV: a plan cannot buy before the fund exists); the last
      is the last scheduled date on or before ``end_date``.
    * **Buy date**: the first NAV date on or after the scheduled date, so a holiday, a
      weekend or a data hole moves the instalment to the next NAV (day 31 in a 30-day
      month: the first NAV on or after the 30th). An instalment whose buy date falls after
      the valuation date is not made (it would need a NAV after the end).
    * **Step-up**: instalment k (0, 1, 2, … in schedule order) is
      amount × (1 + step_up)^⌊k / 12⌋ (+10 % every 12 instalments for 0.10); no rounding.
    * units_k = amount_k / NAV_buy; no rounding of units (registrars round to 3 places).
    * **Valuation**: the last NAV on or before ``end_date`` (default: the last NAV);
      value = units held × NAV. Paths (invested, units, value) are given on every NAV day
      from the first buy to the valuation date.
    * **XIRR** (:mod:`fundlens.analytics.xirr`): each instalment −amount_k on its buy
      date, the value +V on the valuation date; Σ c_i·(1 + r)^(−(d_i − d_0)/365) = 0.
    * **Lump sum**: ``amount`` bought at the first NAV on or after ``start_date``, valued
      like the SIP; absolute return = NAV_end / NAV_buy − 1, CAGR from
      :func:`fundlens.analytics.returns.cagr` ((NAV_end / NAV_buy)^(365 / days) − 1).
    * **Rolling SIP** of N years started in month m: the SIP with ``start_date`` = m's
      scheduled date and ``end_date`` = the day before the scheduled date 12·N months
      later — 12·N instalments, valued at the last NAV on or before that end. Every month
      whose scheduled date is on or after the first NAV and whose end is on or before the
      last NAV is a start; all starts form one (starts × 12·N) matrix and their XIRRs are
      solved together.

The NAVs are whatever levels are given: the services pass cleaned levels (a face-value
change chain-linked, so units are in the latest face value; one-day outliers dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from fundlens.analytics.grid import FloatArray, as_float_array, day_index
from fundlens.analytics.returns import DateLike, cagr
from fundlens.analytics.rolling import rolling_summary
from fundlens.analytics.xirr import solve_xirr
from fundlens.errors import InputError

__all__ = [
    "DISTRIBUTION_KEYS",
    "LumpSum",
    "RollingSip",
    "SipResult",
    "lump_sum",
    "rolling_sip",
    "sip",
    "sip_distribution",
    "sip_schedule",
]

IntArray = npt.NDArray[np.intp]
DateArray = npt.NDArray[np.datetime64]
_DAY: Final = np.timedelta64(1, "D")
#: Keys of :func:`sip_distribution`, in display order.
DISTRIBUTION_KEYS: Final = (
    "count", "min", "p10", "p25", "median", "mean", "p75", "p90", "max", "std",
    "below_0", "above_0", "above_8", "above_10", "above_12", "above_15",
)  # fmt: skip
_PERCENTILES: Final = {"p10": 10.0, "p25": 25.0, "p75": 75.0, "p90": 90.0}


@dataclass(frozen=True)
class SipResult:
    """One SIP: per instalment (``scheduled``, ``dates`` bought, ``nav``, ``amounts``,
    ``units``), totals at ``valuation_date``, the XIRR (NaN + ``xirr_reason``), the daily
    paths on NAV days and ``notes`` (e.g. a start moved to the first NAV)."""

    scheduled: DateArray
    dates: DateArray
    nav: FloatArray
    amounts: FloatArray
    units: FloatArray
    valuation_date: np.datetime64
    valuation_nav: float
    invested: float
    units_held: float
    value: float
    xirr: float
    xirr_reason: str | None
    path_dates: DateArray
    path_invested: FloatArray
    path_units: FloatArray
    path_value: FloatArray
    notes: tuple[str, ...] = ()

    @property
    def gain(self) -> float:
        """value − invested."""
        return self.value - self.invested

    @property
    def absolute_return(self) -> float:
        """value / invested − 1."""
        return self.value / self.invested - 1.0


@dataclass(frozen=True)
class LumpSum:
    """``amount`` bought on ``date`` at ``nav``, valued on ``valuation_date``."""

    amount: float
    date: np.datetime64
    nav: float
    units: float
    valuation_date: np.datetime64
    value: float
    absolute_return: float
    cagr: float
    path_dates: DateArray
    path_value: FloatArray


@dataclass(frozen=True)
class RollingSip:
    """The XIRR of every ``years``-year SIP by start month (``starts`` = first scheduled
    date, ``ends`` = valuation date), its ``distribution``, and ``reason`` when empty."""

    years: int
    starts: DateArray
    ends: DateArray
    xirr: FloatArray
    invested: FloatArray
    value: FloatArray
    distribution: dict[str, float | int]
    reason: str | None = None
    reasons: list[str | None] = field(default_factory=list)


def _check_plan(amount: float, day: int, step_up: float) -> None:
    if not np.isfinite(amount) or amount <= 0:
        raise InputError(f"amount must be a positive number of rupees, got {amount}")
    if not 1 <= day <= 31:
        raise InputError(f"day must be a day of the month, 1–31, got {day}")
    if not 0.0 <= step_up <= 1.0:
        raise InputError(f"step-up must be a fraction 0–1 (0.1 = +10 % a year), got {step_up}")


def _scheduled(months: npt.NDArray[np.datetime64], day: int) -> DateArray:
    """The scheduled date of each month: day ``day``, or the month's last day."""
    first = months.astype("datetime64[D]")
    length = ((months + 1).astype("datetime64[D]") - first) // _DAY
    return first + (np.minimum(day, length) - 1) * _DAY


def sip_schedule(start_date: DateLike, end_date: DateLike, *, day: int) -> DateArray:
    """Scheduled dates of a monthly SIP: day ``day`` of each month (the month's last day
    when it has fewer days), those with ``start_date`` ≤ date ≤ ``end_date``.

    >>> days = sip_schedule(np.datetime64("2024-01-15"), np.datetime64("2024-05-31"), day=31)
    >>> days.astype(str).tolist()
    ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']
    """
    _check_plan(1.0, day, 0.0)
    lo, hi = np.datetime64(start_date, "D"), np.datetime64(end_date, "D")
    months = np.arange(lo.astype("datetime64[M]"), hi.astype("datetime64[M]") + 1)
    dates = _scheduled(months, day)
    return dates[(dates >= lo) & (dates <= hi)]


def _next_nav(lv: FloatArray) -> IntArray:
    """Column of the first NAV on or after each column; T where there is none."""
    width = lv.shape[-1]
    nxt = np.where(np.isfinite(lv), np.arange(width), width)
    return np.minimum.accumulate(nxt[::-1])[::-1]


def _last_nav(lv: FloatArray) -> IntArray:
    """Column of the last NAV on or before each column; −1 where there is none."""
    seen = np.where(np.isfinite(lv), np.arange(lv.shape[-1]), -1)
    return np.maximum.accumulate(seen)


def _series(levels: FloatArray) -> FloatArray:
    lv = as_float_array(levels)
    if lv.ndim != 1:
        raise InputError(f"SIP levels must be one fund's 1-D series, got {lv.ndim}-D")
    if not np.isfinite(lv).any():
        raise InputError("no NAVs to invest in")
    return lv


def _window(
    lv: FloatArray, start: np.datetime64, start_date: DateLike | None, end_date: DateLike | None
) -> tuple[int, int, list[str]]:
    """(first column an instalment may be scheduled on, valuation column, notes)."""
    finite = np.flatnonzero(np.isfinite(lv))
    first, last = int(finite[0]), int(finite[-1])
    when = start + np.array([first, last]) * _DAY
    lo = first if start_date is None else day_index(start, start_date)
    hi = last if end_date is None else day_index(start, end_date)
    if start_date is not None and end_date is not None and lo > hi:
        raise InputError(f"start {start_date} is after end {end_date}")
    if hi < first:
        raise InputError(f"end {end_date} is before the fund's first NAV ({when[0]})")
    if lo > last:
        raise InputError(f"start {start_date} is after the fund's last NAV ({when[1]})")
    notes = []
    if lo < first:
        notes.append(f"the fund's first NAV is {when[0]}: the plan starts there")
    if hi > last:
        notes.append(f"the fund's last NAV is {when[1]}: valued there")
    lo, val = max(lo, first), int(_last_nav(lv)[min(hi, last)])
    if val < lo:
        raise InputError(f"no NAV between {start + lo * _DAY} and {start + min(hi, last) * _DAY}")
    return lo, val, notes


def _paths(
    lv: FloatArray, buy: IntArray, amounts: FloatArray, units: FloatArray, val: int
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """(NAV-day columns from the first buy to ``val``, invested, units, value on them)."""
    lo = int(buy[0])
    span = val - lo + 1
    invested = np.cumsum(np.bincount(buy - lo, weights=amounts, minlength=span))
    held = np.cumsum(np.bincount(buy - lo, weights=units, minlength=span))
    cols = lo + np.flatnonzero(np.isfinite(lv[lo : val + 1]))
    return cols, invested[cols - lo], held[cols - lo], held[cols - lo] * lv[cols]


def sip(
    levels: FloatArray,
    start: DateLike,
    *,
    amount: float,
    day: int,
    start_date: DateLike | None = None,
    end_date: DateLike | None = None,
    step_up: float = 0.0,
) -> SipResult:
    """A monthly SIP (module rules): units_k = amount·(1 + step_up)^⌊k/12⌋ / NAV_buy,
    value = Σ units_k × NAV_end, XIRR of −amount_k on the buy dates and +value at the end.

    >>> lv = np.full(70, np.nan); lv[[4, 35, 66, 69]] = [10.0, 12.5, 8.0, 10.0]
    >>> s = sip(lv, np.datetime64("2024-01-01"), amount=1000.0, day=5)  # 5 Jan, Feb, Mar
    >>> s.units.round(2).tolist(), s.invested, round(s.value, 2), round(s.xirr, 4)
    ([100.0, 80.0, 125.0], 3000.0, 3050.0, 0.1932)
    """
    _check_plan(amount, day, step_up)
    lv = _series(levels)
    origin = np.datetime64(start, "D")
    lo, val, notes = _window(lv, origin, start_date, end_date)
    scheduled = sip_schedule(origin + lo * _DAY, origin + val * _DAY, day=day)
    k = np.arange(scheduled.size)
    amounts = amount * (1.0 + step_up) ** (k // 12)
    buy = _next_nav(lv)[(scheduled - origin) // _DAY]
    made = buy <= val
    if not made.any():
        raise InputError(
            f"no instalment on day {day} between {origin + lo * _DAY} and "
            f"{origin + val * _DAY} (the last NAV on or before the end)"
        )
    if not made.all():
        notes.append(f"{int((~made).sum())} instalment(s) have no NAV by the end: not made")
    scheduled, buy, amounts = scheduled[made], buy[made], amounts[made]
    nav = lv[buy]
    units = amounts / nav
    held = float(units.sum())
    value = held * float(lv[val])
    solved = solve_xirr(np.append(-amounts, value), np.append(buy, val))
    cols, invested, path_units, path_value = _paths(lv, buy, amounts, units, val)
    return SipResult(
        scheduled=scheduled,
        dates=origin + buy * _DAY,
        nav=nav,
        amounts=amounts,
        units=units,
        valuation_date=origin + val * _DAY,
        valuation_nav=float(lv[val]),
        invested=float(amounts.sum()),
        units_held=held,
        value=value,
        xirr=float(solved.rate[0]),
        xirr_reason=solved.reasons[0],
        path_dates=origin + cols * _DAY,
        path_invested=invested,
        path_units=path_units,
        path_value=path_value,
        notes=tuple(notes),
    )


def lump_sum(
    levels: FloatArray,
    start: DateLike,
    *,
    amount: float,
    start_date: DateLike | None = None,
    end_date: DateLike | None = None,
) -> LumpSum:
    """``amount`` invested at the first NAV on or after ``start_date``: value_t = amount ×
    NAV_t / NAV_buy; absolute return = NAV_end / NAV_buy − 1; CAGR = returns.cagr.

    >>> lv = np.full(731, np.nan); lv[[0, 365, 730]] = [100.0, 90.0, 121.0]
    >>> ls = lump_sum(lv, np.datetime64("2021-01-01"), amount=5000.0)
    >>> ls.value, round(ls.absolute_return, 4), round(ls.cagr, 6)
    (6050.0, 0.21, 0.1)
    """
    _check_plan(amount, 1, 0.0)
    lv = _series(levels)
    origin = np.datetime64(start, "D")
    lo, val, _ = _window(lv, origin, start_date, end_date)
    buy = int(_next_nav(lv)[lo])  # ≤ val: _window found a NAV in lo … val
    held = lv[buy : val + 1]
    cols = buy + np.flatnonzero(np.isfinite(held))
    growth = float(lv[val] / lv[buy])
    return LumpSum(
        amount=float(amount),
        date=origin + buy * _DAY,
        nav=float(lv[buy]),
        units=float(amount / lv[buy]),
        valuation_date=origin + val * _DAY,
        value=amount * growth,
        absolute_return=growth - 1.0,
        cagr=float(cagr(held, origin + buy * _DAY)),
        path_dates=origin + cols * _DAY,
        path_value=amount * lv[cols] / lv[buy],
    )


def sip_distribution(rates: FloatArray) -> dict[str, float | int]:
    """Distribution of SIP XIRRs (NaN ignored): count, min, max, mean, median, std
    (ddof = 1) and above_0 … above_15 (share > 0, 8, 10, 12, 15 %) from
    :func:`~fundlens.analytics.rolling.rolling_summary`; percentiles p10, p25, p75, p90
    (linear interpolation); below_0 = share < 0. NaN values when there are none.

    >>> d = sip_distribution(np.array([-0.02, 0.05, 0.09, 0.11, np.nan, 0.20]))
    >>> d["count"], d["median"], round(d["p25"], 4), d["below_0"], d["above_10"]
    (5, 0.09, 0.05, 0.2, 0.4)
    """
    x = as_float_array(rates).ravel()
    summary = rolling_summary(x)
    ok = x[np.isfinite(x)]
    out: dict[str, float | int] = {}
    for key in DISTRIBUTION_KEYS:
        if key in _PERCENTILES:
            out[key] = float(np.percentile(ok, _PERCENTILES[key])) if ok.size else np.nan
        elif key == "below_0":
            out[key] = float((ok < 0).mean()) if ok.size else np.nan
        else:
            value: Any = summary[key]
            out[key] = int(value) if key == "count" else float(value)
    return out


def _starts(lv: FloatArray, origin: np.datetime64, day: int, years: int) -> npt.NDArray[Any]:
    """Start months whose whole N-year SIP lies within the first … last NAV."""
    finite = np.flatnonzero(np.isfinite(lv))
    first, last = origin + finite[0] * _DAY, origin + finite[-1] * _DAY
    months = np.arange(first.astype("datetime64[M]"), last.astype("datetime64[M]") + 1)
    ends = _scheduled(months + 12 * years, day) - _DAY
    return months[(_scheduled(months, day) >= first) & (ends <= last)]


def rolling_sip(
    levels: FloatArray,
    start: DateLike,
    *,
    years: int,
    amount: float = 10_000.0,
    day: int = 1,
    step_up: float = 0.0,
) -> RollingSip:
    """XIRR of every ``years``-year SIP started in each month (module rules): instalments
    at months m … m + 12·N − 1, valued at the last NAV on or before the day before month
    m + 12·N's scheduled date; all starts solved at once; :func:`sip_distribution`.

    >>> lv = 100.0 * 1.1 ** (np.arange(1100) / 365)   # +10 % a year, a NAV every day
    >>> r = rolling_sip(lv, np.datetime64("2020-01-01"), years=1)
    >>> r.xirr.size, round(r.distribution["min"], 6), round(r.distribution["max"], 6)
    (25, 0.1, 0.1)
    """
    _check_plan(amount, day, step_up)
    if not isinstance(years, int | np.integer) or years < 1:
        raise InputError(f"rolling SIP years must be a whole number ≥ 1, got {years}")
    lv = _series(levels)
    origin = np.datetime64(start, "D")
    months = _starts(lv, origin, day, years)
    k = 12 * years
    nat = np.array([], dtype="datetime64[D]")
    if months.size == 0:
        days = int(np.ptp(np.flatnonzero(np.isfinite(lv))))
        empty = np.array([])
        return RollingSip(
            years=years, starts=nat, ends=nat, xirr=empty, invested=empty, value=empty,
            distribution=sip_distribution(empty),
            reason=f"history {days} d: no complete {years}y SIP ({k} instalments) fits",
        )  # fmt: skip
    grid = months[:, None] + np.arange(k)  # (starts, instalments) months
    sched = (_scheduled(grid, day) - origin) // _DAY
    ends = _scheduled(months + k, day) - _DAY
    val = _last_nav(lv)[(ends - origin) // _DAY]
    buy = _next_nav(lv)[sched]
    made = buy <= val[:, None]
    amounts = np.where(made, amount * (1.0 + step_up) ** (np.arange(k) // 12), 0.0)
    units = amounts / lv[np.where(made, buy, val[:, None])]
    value = units.sum(axis=-1) * lv[val]
    flows = np.concatenate([-amounts, value[:, None]], axis=-1)
    solved = solve_xirr(flows, np.concatenate([buy, val[:, None]], axis=-1))
    return RollingSip(
        years=years,
        starts=origin + sched[:, 0] * _DAY,
        ends=origin + val * _DAY,
        xirr=solved.rate,
        invested=amounts.sum(axis=-1),
        value=value,
        distribution=sip_distribution(solved.rate),
        reasons=solved.reasons,
    )
