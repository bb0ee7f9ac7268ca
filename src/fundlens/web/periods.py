"""Date presets of the pages that compare over a period (Fund explorer, AMC comparison):
the last 5 or 10 years, since 2006, all, or custom — each relative to the store's as-of
date, so a shared link means the same period until the store moves on. The SIP
calculator counts its own presets back with :func:`years_before` too."""

from __future__ import annotations

import datetime as dt
from typing import Final

__all__ = ["DATE_PRESETS", "preset_range", "years_before"]

#: Date presets (URL token → label), relative to the store's as-of date.
DATE_PRESETS: Final[dict[str, str]] = {
    "5y": "5Y",
    "10y": "10Y",
    "2006": "Since 2006",
    "all": "All",
    "custom": "Custom",
}
_SINCE_2006: Final = dt.date(2006, 1, 1)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 Feb → 28 Feb).

    >>> years_before(dt.date(2024, 2, 29), 10)
    datetime.date(2014, 2, 28)
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def preset_range(
    preset: str, as_of: dt.date, start: dt.date | None = None, end: dt.date | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """(start_date, end_date) of a date preset: 5Y / 10Y back from ``as_of``, since
    1 Jan 2006, all (from the first NAV: start None), or the custom ``start``/``end``.
    Every preset but custom ends on ``as_of`` (an index series may run past the store's
    NAVs).

    >>> preset_range("5y", dt.date(2016, 6, 10))
    (datetime.date(2011, 6, 10), datetime.date(2016, 6, 10))
    >>> preset_range("2006", dt.date(2016, 6, 10))
    (datetime.date(2006, 1, 1), datetime.date(2016, 6, 10))
    >>> preset_range("all", dt.date(2016, 6, 10))
    (None, datetime.date(2016, 6, 10))

    Raises:
        ValueError: an unknown preset.
    """
    if preset in ("5y", "10y"):
        return years_before(as_of, int(preset[:-1])), as_of
    if preset == "2006":
        return _SINCE_2006, as_of
    if preset == "custom":
        return start, end
    if preset == "all":
        return None, as_of
    raise ValueError(f"unknown date preset {preset!r} (one of {', '.join(DATE_PRESETS)})")
