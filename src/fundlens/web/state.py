"""Page state in the URL query string, so a view can be shared or bookmarked.

A page reads its inputs with :func:`get_param` / :func:`get_list` / :func:`get_int` /
:func:`get_date` (defaults when absent or malformed) and writes them back with
:func:`set_params` after the user changes them. Lists travel as repeated keys
(``?code=100822&code=118989``); a comma-joined value (``?code=100822,118989``) reads the
same. ``theme`` belongs to the sidebar switch (a widget bound to the URL): it is never
written here, so it is always kept. Streamlit clears a page's other parameters when the
user moves to another page; links that should carry state use ``st.page_link(...,
query_params=...)``.

The parsing helpers (:func:`parse_list`, :func:`parse_int`, :func:`parse_date`,
:func:`encode`) are pure functions, tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import streamlit as st

from fundlens.web.theme import THEME_KEY

__all__ = [
    "encode",
    "get_date",
    "get_int",
    "get_list",
    "get_param",
    "parse_date",
    "parse_int",
    "parse_list",
    "set_params",
]


def parse_list(values: Iterable[str]) -> list[str]:
    """Repeated values, each possibly comma-joined, as one list (blanks dropped).

    >>> parse_list(["100822,118989", "120716", " "])
    ['100822', '118989', '120716']
    """
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def parse_int(raw: str | None, default: int) -> int:
    """``raw`` as an integer, else ``default``.

    >>> parse_int("12", 0), parse_int("x", 3), parse_int(None, 5)
    (12, 3, 5)
    """
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return default


def parse_date(raw: str | None, default: dt.date | None) -> dt.date | None:
    """An ISO date, else ``default``.

    >>> parse_date("2024-01-31", None), parse_date("31/01/2024", None)
    (datetime.date(2024, 1, 31), None)
    """
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except (TypeError, ValueError):
        return default


def encode(value: Any) -> str | list[str] | None:
    """A value as the URL carries it: None stays None (remove), a list or tuple becomes a
    list of strings (repeated keys), a date its ISO form, a bool ``true``/``false``.

    >>> encode([100822, 118989]), encode(dt.date(2024, 1, 5)), encode(True), encode(None)
    (['100822', '118989'], '2024-01-05', 'true', None)
    """
    if value is None:
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return [str(encode(v)) for v in value if v is not None]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def get_param(key: str, default: str | None = None) -> str | None:
    """The URL's ``key`` (the last one when repeated), else ``default``."""
    values = st.query_params.get_all(key)
    return values[-1] if values else default


def get_list(key: str, default: Sequence[str] = ()) -> list[str]:
    """Every value of ``key`` (repeated or comma-joined), else ``default``."""
    values = parse_list(st.query_params.get_all(key))
    return values if values else list(default)


def get_int(key: str, default: int) -> int:
    """The URL's ``key`` as an integer, else ``default``."""
    return parse_int(get_param(key), default)


def get_date(key: str, default: dt.date | None = None) -> dt.date | None:
    """The URL's ``key`` as an ISO date, else ``default``."""
    return parse_date(get_param(key), default)


def set_params(**values: Any) -> None:
    """Write ``values`` to the URL: lists as repeated keys, None removes the key. Keys not
    named are kept, and so is ``theme`` (the sidebar switch owns it). Unchanged keys are
    not rewritten (no needless browser history entries)."""
    for key, value in values.items():
        if key == THEME_KEY:
            continue
        wanted = encode(value)
        current = st.query_params.get_all(key)
        if wanted is None or wanted == []:
            if current:
                del st.query_params[key]
            continue
        as_list = wanted if isinstance(wanted, list) else [wanted]
        if current != as_list:
            st.query_params[key] = wanted
