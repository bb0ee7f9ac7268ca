"""Driving Streamlit widgets from Playwright, for every page's browser tests: type into a
text input, pick a select box option, a radio option, add or remove a multi-select value,
type a date, find a fund with the search box of :mod:`fundlens.web.fund_search`; read a
select box's shown value, a cell's background colour, the applied theme, a chart's legend.

Every action waits for the rerun it causes: for the URL to show the state the page writes
(``expect_url``), then for Streamlit to finish the script (``browser.wait_idle``). The
browser draws the script's last elements a moment after Streamlit reports the run
finished, so reads that must see them go through :func:`eventually` (poll until the
expected value shows, up to a timeout, then return what is shown) or :func:`ready`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page

from tests.web.browser import wait_idle

__all__ = [
    "add_multi",
    "background_rgba",
    "choose",
    "eventually",
    "find_fund",
    "legend",
    "multi_values",
    "pick_radio",
    "query",
    "ready",
    "remove_multi",
    "selected",
    "settle",
    "theme_of",
    "type_date",
    "type_into",
]


T = TypeVar("T")


def eventually(read: Callable[[], T], want: T, timeout: float = 15.0) -> T:
    """``read()`` polled until it equals ``want`` or ``timeout`` seconds pass; the last
    value read (so ``assert eventually(f, want) == want`` shows the difference)."""
    deadline = time.monotonic() + timeout
    while True:
        got = read()
        if got == want or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def ready(page: Page, testid: str, timeout: float = 30_000) -> Page:
    """Wait until an element with ``data-testid=testid`` is drawn; the page."""
    page.get_by_test_id(testid).first.wait_for(state="visible", timeout=timeout)
    return page


def query(page: Page) -> dict[str, list[str]]:
    """The page URL's query parameters (repeated keys as lists)."""
    return parse_qs(urlsplit(page.url).query)


def settle(page: Page, expect_url: str | None = None) -> None:
    """Wait for the rerun an action caused: the URL to match ``expect_url`` (a regex on the
    query string), then Streamlit to be idle."""
    if expect_url is not None:
        pattern = re.compile(expect_url)
        page.wait_for_function(
            "(p) => new RegExp(p).test(window.location.search)", arg=pattern.pattern
        )
    page.wait_for_timeout(300)  # let a started rerun flip the script state first
    wait_idle(page)


def _widget(page: Page, testid: str, label: str) -> Locator:
    return page.get_by_test_id(testid).filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    )


def type_into(page: Page, label: str, text: str, *, expect_url: str | None = None) -> None:
    """Type ``text`` into the text input labelled ``label`` and press Enter."""
    box = _widget(page, "stTextInput", label).locator("input")
    box.fill(text)
    box.press("Enter")
    settle(page, expect_url)


def choose(
    page: Page, label: str, option: str | re.Pattern[str], *, expect_url: str | None = None
) -> None:
    """Pick ``option`` in the select box labelled ``label``: the option whose shown text is
    ``option``, or matches it when a compiled pattern."""
    _widget(page, "stSelectbox", label).click()
    if isinstance(option, re.Pattern):
        page.get_by_role("option", name=option).click()
    else:
        page.get_by_role("option", name=option, exact=True).click()
    settle(page, expect_url)


def selected(page: Page, label: str) -> str:
    """The shown value of the select box labelled ``label``."""
    return _widget(page, "stSelectbox", label).get_by_role("combobox").input_value()


def pick_radio(page: Page, label: str, option: str, *, expect_url: str | None = None) -> None:
    """Pick ``option`` in the radio group labelled ``label``."""
    _widget(page, "stRadio", label).get_by_text(option, exact=True).click()
    settle(page, expect_url)


def add_multi(page: Page, label: str, option: str, *, expect_url: str | None = None) -> None:
    """Add ``option`` to the multi-select labelled ``label``."""
    _widget(page, "stMultiSelect", label).locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    settle(page, expect_url)


def remove_multi(page: Page, label: str, option: str, *, expect_url: str | None = None) -> None:
    """Remove ``option`` from the multi-select labelled ``label``."""
    _widget(page, "stMultiSelect", label).get_by_role("button", name=f"Remove {option}").click()
    settle(page, expect_url)


def multi_values(page: Page, label: str) -> list[str]:
    """The values shown in the multi-select labelled ``label``, in order."""
    tags = _widget(page, "stMultiSelect", label).locator(
        "[role='combobox'] [data-tag], .react-aria-ComboBox [data-tag]"
    )
    return [t.get_attribute("aria-label") or "" for t in tags.all()]


def type_date(page: Page, label: str, text: str, *, expect_url: str | None = None) -> None:
    """Type ``text`` (DD/MM/YYYY) into the date input labelled ``label``: its day segment
    is clicked, the digits typed (the field moves from day to month to year), the calendar
    closed and the field left (the value is sent on blur)."""
    field = _widget(page, "stDateInput", label)
    field.locator("[data-type='day']").click()
    page.keyboard.type(text.replace("/", ""))
    page.keyboard.press("Escape")
    page.locator("h1").first.click()
    settle(page, expect_url)


def find_fund(page: Page, key: str, text: str, code: int, *, every: bool = False) -> None:
    """In the fund search box ``key`` (``fund_search.search_box``), tick "Every plan and
    option" when ``every``, search ``text`` and click the hit of scheme ``code``."""
    if every:
        page.locator(f".st-key-{key}-all label").click()
        wait_idle(page)
    box = page.locator(f".st-key-{key}-q input")
    box.fill(text)
    box.press("Enter")
    page.locator(f".st-key-{key}-add-{code} button").click()


def theme_of(page: Page) -> str:
    """The theme whose CSS is applied (the ``--fl-theme`` marker on :root)."""
    return str(
        page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--fl-theme').trim()"
        )
    )


def legend(page: Page) -> list[str]:
    """The names in the Plotly charts' legends, in order."""
    return [t.text_content() or "" for t in page.locator(".js-plotly-plot .legendtext").all()]


def background_rgba(cell: Locator) -> tuple[int, int, int, int]:
    """A cell's painted background as RGBA bytes (any CSS colour syntax, via a canvas)."""
    rgba = cell.evaluate(
        """(el) => { const c = document.createElement('canvas'); c.width = c.height = 1;
            const ctx = c.getContext('2d'); ctx.fillStyle = getComputedStyle(el).backgroundColor;
            ctx.fillRect(0, 0, 1, 1); return Array.from(ctx.getImageData(0, 0, 1, 1).data); }"""
    )
    return (rgba[0], rgba[1], rgba[2], rgba[3])
