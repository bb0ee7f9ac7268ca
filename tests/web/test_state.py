"""URL state helpers (fundlens.web.state) that need no browser: parsing and encoding.
Reading and writing ``st.query_params`` itself is covered by the browser tests."""

from __future__ import annotations

import datetime as dt

from fundlens.web import state


def test_parse_list() -> None:
    assert state.parse_list([]) == []
    assert state.parse_list(["100822"]) == ["100822"]
    assert state.parse_list(["100822", "118989"]) == ["100822", "118989"]  # repeated keys
    assert state.parse_list(["100822,118989"]) == ["100822", "118989"]  # comma-joined
    assert state.parse_list(["1y, 3y", "", " ,5y"]) == ["1y", "3y", "5y"]


def test_parse_int_and_date() -> None:
    assert state.parse_int("5000", 0) == 5000
    assert state.parse_int(" -3 ", 0) == -3
    assert state.parse_int("5k", 7) == 7
    assert state.parse_int(None, 7) == 7
    assert state.parse_int("2.5", 1) == 1
    assert state.parse_date("2006-04-01", None) == dt.date(2006, 4, 1)
    assert state.parse_date("2006-02-30", dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    assert state.parse_date(None, None) is None


def test_encode() -> None:
    assert state.encode(None) is None
    assert state.encode([]) == []
    assert state.encode([100822, None, 118989]) == ["100822", "118989"]
    assert state.encode(("1y", "3y")) == ["1y", "3y"]
    assert state.encode(dt.date(2024, 1, 5)) == "2024-01-05"
    assert state.encode(False) == "false"
    assert state.encode(5000) == "5000"
    assert state.encode("editorial") == "editorial"
