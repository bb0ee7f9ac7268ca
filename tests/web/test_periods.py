"""Date presets shared by the Fund explorer and the AMC comparison (hand-counted dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from fundlens.web.periods import preset_range


def test_presets_relative_to_the_as_of_date() -> None:
    as_of = dt.date(2016, 6, 10)
    assert preset_range("5y", as_of) == (dt.date(2011, 6, 10), as_of)
    assert preset_range("10y", as_of) == (dt.date(2006, 6, 10), as_of)
    assert preset_range("2006", as_of) == (dt.date(2006, 1, 1), as_of)
    assert preset_range("all", as_of) == (None, as_of)
    custom = preset_range("custom", as_of, start=dt.date(2014, 1, 1), end=dt.date(2015, 1, 1))
    assert custom == (dt.date(2014, 1, 1), dt.date(2015, 1, 1))
    # a leap day five years back is 28 Feb
    assert preset_range("5y", dt.date(2016, 2, 29))[0] == dt.date(2011, 2, 28)
    with pytest.raises(ValueError, match="unknown date preset 'ytd'"):
        preset_range("ytd", as_of)
