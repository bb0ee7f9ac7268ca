"""SIPs, lump sums and rolling SIP returns of stored funds, as JSON-ready dicts.

Thin I/O around :mod:`fundlens.analytics.sip`: the fund's cleaned levels
(:func:`fundlens.services.metrics.fund_levels`: face-value changes chain-linked, one-day
outliers dropped) go to the analytics functions; numbers come back as fractions and
rupees, dates ISO, NaN as ``null`` with a reason. One fund per call; the API compares up
to :data:`MAX_FUNDS` funds with :func:`sip_comparison`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import duckdb
import numpy as np

from fundlens.analytics.rolling import DISPLAY_POINTS, downsample
from fundlens.analytics.sip import LumpSum, RollingSip, SipResult, lump_sum, rolling_sip, sip
from fundlens.errors import InputError
from fundlens.services.metrics import fund_levels
from fundlens.store.meta import is_synthetic

__all__ = ["MAX_FUNDS", "ROLLING_SIP_YEARS", "rolling_sip_report", "sip_comparison", "sip_report"]

#: Most funds :func:`sip_comparison` takes in one request.
MAX_FUNDS: Final = 5
#: Rolling SIP durations offered by default (years).
ROLLING_SIP_YEARS: Final = (1, 3, 5)


def _num(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _iso(day: np.datetime64) -> str:
    return str(np.datetime64(day, "D"))


def _name(con: duckdb.DuckDBPyConnection, code: int) -> str:
    frame = con.sql("SELECT name FROM schemes WHERE scheme_code = $c", params={"c": code}).pl()
    if frame.height == 0:
        raise InputError(f"scheme {code} is not in the store")
    return str(frame["name"][0])


def _thin(dates: np.ndarray, rows: np.ndarray, max_points: int | None) -> tuple[list[str], Any]:
    if max_points is not None:
        dates, rows = downsample(dates, rows, max_points=max_points)
    return [_iso(d) for d in dates], np.atleast_2d(rows).tolist()


def _sip_json(s: SipResult, max_points: int | None) -> dict[str, Any]:
    days, (invested, units, value) = _thin(
        s.path_dates, np.vstack([s.path_invested, s.path_units, s.path_value]), max_points
    )
    return {
        "summary": {
            "first_instalment": _iso(s.dates[0]),
            "last_instalment": _iso(s.dates[-1]),
            "valuation_date": _iso(s.valuation_date),
            "valuation_nav": s.valuation_nav,
            "instalments": int(s.amounts.size),
            "invested": s.invested,
            "units": s.units_held,
            "value": s.value,
            "gain": s.gain,
            "absolute_return": s.absolute_return,
            "xirr": _num(s.xirr),
        },
        "instalments": [
            {
                "scheduled": _iso(a),
                "date": _iso(b),
                "nav": float(n),
                "amount": float(m),
                "units": float(u),
            }
            for a, b, n, m, u in zip(s.scheduled, s.dates, s.nav, s.amounts, s.units, strict=True)
        ],
        "path": {"dates": days, "invested": invested, "units": units, "value": value},
    }


def _lump_json(ls: LumpSum, max_points: int | None) -> dict[str, Any]:
    days, (value,) = _thin(ls.path_dates, ls.path_value, max_points)
    return {
        "amount": ls.amount,
        "date": _iso(ls.date),
        "nav": ls.nav,
        "units": ls.units,
        "valuation_date": _iso(ls.valuation_date),
        "value": ls.value,
        "gain": ls.value - ls.amount,
        "absolute_return": ls.absolute_return,
        "cagr": _num(ls.cagr),
        "path": {"dates": days, "value": value},
    }


def sip_report(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    amount: float,
    day: int,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    step_up: float = 0.0,
    max_points: int | None = DISPLAY_POINTS,
) -> dict[str, Any]:
    """A monthly SIP in stored fund ``code`` and the lump sum of the same total invested
    at the first instalment's NAV, both valued on the same date.

    Shape: ``{"scheme_code", "name", "synthetic", "plan": {amount, day, start_date,
    end_date, step_up}, "summary": {first_instalment, last_instalment, valuation_date,
    valuation_nav, instalments, invested, units, value, gain, absolute_return, xirr},
    "instalments": [{scheduled, date, nav, amount, units}], "path": {dates, invested,
    units, value}, "lump_sum": {amount, date, nav, units, valuation_date, value, gain,
    absolute_return, cagr, path}, "notes": [...], "reasons": {"xirr": ...}}``. Paths are
    thinned to ``max_points`` for display (None keeps every NAV day)."""
    if start_date and end_date and start_date > end_date:
        raise InputError(f"--from {start_date} is after --to {end_date}")
    name = _name(con, code)
    start, levels, _ = fund_levels(con, code, None)
    s = sip(
        levels,
        start,
        amount=amount,
        day=day,
        start_date=start_date,
        end_date=end_date,
        step_up=step_up,
    )
    ls = lump_sum(levels, start, amount=s.invested, start_date=s.dates[0], end_date=end_date)
    plan = {
        "amount": float(amount),
        "day": day,
        "start_date": None if start_date is None else start_date.isoformat(),
        "end_date": None if end_date is None else end_date.isoformat(),
        "step_up": float(step_up),
    }
    return {
        "scheme_code": code,
        "name": name,
        "synthetic": is_synthetic(con),
        "plan": plan,
        **_sip_json(s, max_points),
        "lump_sum": _lump_json(ls, max_points),
        "notes": list(s.notes),
        "reasons": {} if s.xirr_reason is None else {"xirr": s.xirr_reason},
    }


def _rolling_json(r: RollingSip) -> dict[str, Any]:
    dist = {k: (v if k == "count" else _num(float(v))) for k, v in r.distribution.items()}
    return {
        "years": r.years,
        "distribution": dist,
        "reason": r.reason,
        "starts": [_iso(d) for d in r.starts],
        "ends": [_iso(d) for d in r.ends],
        "xirr": [_num(float(x)) for x in r.xirr],
    }


def rolling_sip_report(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    years: tuple[int, ...] = ROLLING_SIP_YEARS,
    amount: float = 10_000.0,
    day: int = 1,
    step_up: float = 0.0,
) -> dict[str, Any]:
    """XIRR of every N-year SIP of stored fund ``code`` started in each month of its
    history, per N in ``years``, with the distribution.

    Shape: ``{"scheme_code", "name", "synthetic", "amount", "day", "step_up", "windows":
    {"3y": {years, distribution: {count, min, p10, p25, median, mean, p75, p90, max, std,
    below_0, above_0, above_8, above_10, above_12, above_15}, reason, starts, ends,
    xirr}}}``; ``reason`` says why a window has no SIP (fund younger than N years)."""
    if not years:
        raise InputError("give at least one rolling SIP duration in years")
    name = _name(con, code)
    start, levels, _ = fund_levels(con, code, None)
    windows = {
        f"{n}y": _rolling_json(
            rolling_sip(levels, start, years=n, amount=amount, day=day, step_up=step_up)
        )
        for n in dict.fromkeys(years)
    }
    return {
        "scheme_code": code,
        "name": name,
        "synthetic": is_synthetic(con),
        "amount": float(amount),
        "day": day,
        "step_up": float(step_up),
        "windows": windows,
    }


def sip_comparison(
    con: duckdb.DuckDBPyConnection,
    codes: list[int],
    *,
    amount: float,
    day: int,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    step_up: float = 0.0,
    max_points: int | None = DISPLAY_POINTS,
) -> list[dict[str, Any]]:
    """:func:`sip_report` of the same plan in each of up to :data:`MAX_FUNDS` funds."""
    if not codes or len(codes) > MAX_FUNDS:
        raise InputError(f"compare 1 to {MAX_FUNDS} funds, got {len(codes)}")
    if len(set(codes)) != len(codes):
        raise InputError("a fund is named twice")
    return [
        sip_report(
            con,
            c,
            amount=amount,
            day=day,
            start_date=start_date,
            end_date=end_date,
            step_up=step_up,
            max_points=max_points,
        )
        for c in codes
    ]
