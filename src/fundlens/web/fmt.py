"""Display formats for Indian users: ₹ with lakh/crore grouping, percents, dates, and the
API's plan and option tokens as words.

Every number the dashboard shows goes through here, so a browser test can format the
API's value the same way and compare strings. Grouping follows the Indian system: the
last three digits, then groups of two (``12,34,567``; ``1,23,45,679``). Rounding is half
away from zero on the decimal value (``0.125`` → ``0.13``). A missing value — ``None``,
NaN, ±inf or anything that is not a number — prints as an em dash ``"—"``.

>>> group_in(1234567), inr(-1234.4), pct(0.12345), day("2024-01-01")
('12,34,567', '-₹1,234', '12.35%', '01 Jan 2024')
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

__all__ = [
    "MISSING",
    "day",
    "day_time",
    "group_in",
    "inr",
    "is_missing",
    "option_label",
    "pct",
    "pct_of",
    "plan_label",
    "ratio",
]

#: What a missing value prints as.
MISSING: Final = "—"
#: The API's plan and option tokens (``schemes.plan`` / ``schemes.option``) as shown.
_PLANS: Final = {"direct": "Direct", "regular": "Regular", "institutional": "Institutional",
                 "retail": "Retail", "other": "Other plan"}  # fmt: skip
_OPTIONS: Final = {"growth": "Growth", "idcw": "IDCW", "idcw_payout": "IDCW payout",
                   "idcw_reinvest": "IDCW reinvestment", "bonus": "Bonus"}  # fmt: skip


def is_missing(x: Any) -> bool:
    """True for ``None``, NaN, ±inf, pandas/NumPy missing values and non-numbers."""
    if x is None or isinstance(x, bool):
        return x is None
    try:
        value = float(x)
    except (TypeError, ValueError):
        return True
    return not math.isfinite(value)


def _group(digits: str) -> str:
    """Indian grouping of a string of digits: ``1234567`` → ``12,34,567``."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join([*groups, tail])


def _grouped(x: Any, decimals: int) -> tuple[bool, str]:
    """(negative, grouped absolute value rounded to ``decimals``)."""
    quantum = Decimal(1).scaleb(-decimals)
    value = Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP)
    negative = value < 0 and value != 0
    whole, _, frac = f"{abs(value):f}".partition(".")
    text = _group(whole) + (f".{frac}" if decimals > 0 else "")
    return negative, text


def group_in(x: Any, decimals: int = 0) -> str:
    """A number with Indian grouping: ``12345678.9`` → ``1,23,45,679``; ``-1234`` → ``-1,234``.

    >>> group_in(123), group_in(12345678.9), group_in(-0.004, 2), group_in(None)
    ('123', '1,23,45,679', '0.00', '—')
    """
    if is_missing(x):
        return MISSING
    negative, text = _grouped(x, decimals)
    return f"-{text}" if negative else text


def inr(x: Any, decimals: int = 0) -> str:
    """Rupees with Indian grouping: ``1234567`` → ``₹12,34,567``; ``-1234`` → ``-₹1,234``.

    >>> inr(1234567), inr(-1234), inr(10.5, 2)
    ('₹12,34,567', '-₹1,234', '₹10.50')
    """
    if is_missing(x):
        return MISSING
    negative, text = _grouped(x, decimals)
    return f"-₹{text}" if negative else f"₹{text}"


def pct(fraction: Any, decimals: int = 2) -> str:
    """A fraction as a percent: ``0.1234`` → ``12.34%`` (fractions: the contract's unit).

    >>> pct(0.1234), pct(-0.05), pct(1.05, 1), pct(float("nan"))
    ('12.34%', '-5.00%', '105.0%', '—')
    """
    if is_missing(fraction):
        return MISSING
    return pct_of(Decimal(repr(float(fraction))) * 100, decimals)


def pct_of(percent_value: Any, decimals: int = 2) -> str:
    """A value already in percent (seed-shaped responses): ``12.34`` → ``12.34%``.

    >>> pct_of(12.345), pct_of(-59.66)
    ('12.35%', '-59.66%')
    """
    if is_missing(percent_value):
        return MISSING
    return f"{group_in(percent_value, decimals)}%"


def ratio(x: Any, decimals: int = 2) -> str:
    """A plain ratio (Sharpe, beta, capture as a ratio): ``1.2345`` → ``1.23``.

    >>> ratio(1.2345), ratio(-0.5), ratio(None)
    ('1.23', '-0.50', '—')
    """
    return group_in(x, decimals)


def _as_date(value: Any) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.date):  # datetime is a date too
        return value
    if isinstance(value, str) and value:
        text = value.strip().removesuffix("Z")
        try:
            return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


def day(value: Any) -> str:
    """A date as ``01 Jan 2024``, from a ``date``, ``datetime`` or ISO string.

    >>> day(dt.date(2008, 10, 27)), day("2013-12-09"), day("2024-03-05T10:00:00Z"), day(None)
    ('27 Oct 2008', '09 Dec 2013', '05 Mar 2024', '—')
    """
    parsed = _as_date(value)
    return MISSING if parsed is None else parsed.strftime("%d %b %Y")


def day_time(value: Any) -> str:
    """A timestamp as ``05 Mar 2024 10:00 UTC`` (ISO strings ending ``Z`` are UTC, as the
    meta object's ``last_update_at``); a plain date prints as :func:`day`.

    >>> day_time("2024-03-05T10:00:07Z"), day_time("2024-03-05")
    ('05 Mar 2024 10:00 UTC', '05 Mar 2024')
    """
    parsed = _as_date(value)
    if parsed is None:
        return MISSING
    if not isinstance(parsed, dt.datetime):
        return day(parsed)
    return parsed.strftime("%d %b %Y %H:%M") + " UTC"


def plan_label(plan: str | None, *, missing: str = MISSING) -> str:
    """A plan token as shown: ``"direct"`` → ``"Direct"``; ``missing`` when there is none;
    a token outside the API's vocabulary title-cased, spaces for underscores.

    >>> plan_label("regular"), plan_label("other"), plan_label(None)
    ('Regular', 'Other plan', '—')
    """
    if not plan:
        return missing
    return _PLANS.get(plan, plan.replace("_", " ").title())


def option_label(option: str | None, *, missing: str = MISSING) -> str:
    """An option token as shown: ``"idcw_payout"`` → ``"IDCW payout"``; ``missing`` when
    there is none; a token outside the API's vocabulary with spaces for underscores.

    >>> option_label("idcw_reinvest"), option_label(None, missing="option not stated")
    ('IDCW reinvestment', 'option not stated')
    """
    if not option:
        return missing
    return _OPTIONS.get(option, option.replace("_", " "))
