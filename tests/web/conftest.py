"""Browser tests of the dashboard: real servers, Debian's Chromium, no mocks.

Fixtures:

* ``demo_web`` / ``real_web`` (session): a live API server on the demo / real store and a
  Streamlit server pointed at it; a :class:`~tests.web.server.WebServer` with ``.url``
  (the dashboard's base URL) and ``.api`` (the API's).
* ``browser`` (session): Playwright's Chromium = ``/usr/bin/chromium`` (never a downloaded
  browser), its version logged once.
* ``browser_page`` (function): a fresh page that records console errors and uncaught page
  errors; the test fails at teardown if there are any.

Helpers: :func:`open_page` (navigate and wait until Streamlit has finished running the
page's script), :func:`screenshot` (full-page PNG to ``docs/screenshots/web-<name>.png``
with ``FUNDLENS_SCREENSHOTS=1``, else to a temporary folder), :func:`api_get` and
:func:`api_post` (the API's JSON, for the expected values), :func:`text_of` (the text of a
``data-testid`` element) and :func:`table_rows` (a ``show_table`` table as a list of
{column: text}). Widget drivers are in ``tests/web/ui.py``.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, wait_idle
from tests.web.server import REPO, WebServer, web_server

__all__ = [
    "api_get",
    "api_post",
    "open_page",
    "screenshot",
    "table_rows",
    "text_of",
]

log = logging.getLogger("tests.web")

#: Read once at import: the autouse ``_clean_env`` fixture drops FUNDLENS_* during tests.
SCREENSHOTS = os.environ.get("FUNDLENS_SCREENSHOTS") == "1"
SHOT_DIR = REPO / "docs" / "screenshots"
#: Streamlit's front end probes ``<page path>/_stcore/health`` and ``.../host-config``
#: before the root ones when a page is opened at its own URL path: 404s it expects and
#: handles, which Chromium still logs as console errors. Nothing else is ignored.
_BENIGN_404 = re.compile(r"/[^/]+/_stcore/(health|host-config)$")
_BROWSER_VERSION: list[str] = []


def _chromium_launch(playwright: Any) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under Playwright; its version is logged once per session."""
    with sync_playwright() as playwright:
        chromium = _chromium_launch(playwright)
        _BROWSER_VERSION.append(chromium.version)
        log.warning("browser: %s %s", CHROMIUM, chromium.version)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def demo_web(demo_store: Path) -> Iterator[WebServer]:
    """API + dashboard on the synthetic demo store."""
    with web_server(demo_store) as server:
        yield server


@pytest.fixture(scope="session")
def real_web(real_store: Path) -> Iterator[WebServer]:
    """API + dashboard on the store of the real histories in shared/data/nav."""
    with web_server(real_store) as server:
        yield server


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[Page]:
    """A fresh page (1400×1000) that fails the test at teardown on any console error or
    uncaught page error (the few 404 probes Streamlit makes on purpose excepted)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if "404" in message.text and _BENIGN_404.search(url):
            return
        errors.append(f"console: {message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    try:
        yield page
    finally:
        context.close()
    assert not errors, "browser errors:\n" + "\n".join(errors)


def open_page(page: Page, url: str, timeout: float = 60_000) -> Page:
    """Go to ``url`` and wait until Streamlit has run the page (see :func:`wait_idle`)."""
    page.goto(url)
    wait_idle(page, timeout)
    return page


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG: ``docs/screenshots/web-<name>.png`` when FUNDLENS_SCREENSHOTS=1
    (the README shows them), else in a temporary folder. Returns the path."""
    folder = SHOT_DIR if SCREENSHOTS else Path(tempfile.gettempdir()) / "fundlens-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"web-{name}.png"
    # Streamlit scrolls inside its main container, so "full page" is one viewport: grow the
    # viewport to the content's height for the shot, then put it back
    size = page.viewport_size or {"width": 1400, "height": 1000}
    tall = page.evaluate(
        """() => Math.max(...['stMain', 'stAppViewContainer', 'stSidebarContent']
            .map(id => document.querySelector(`[data-testid="${id}"]`))
            .filter(Boolean).map(el => el.scrollHeight), document.body.scrollHeight)"""
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(tall) + 40, 12000)})
    try:
        page.wait_for_timeout(300)  # charts re-layout to the new size
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def api_get(server: WebServer, path: str, **params: Any) -> Any:
    """The API's JSON answer (what the page must show, before formatting)."""
    response = httpx.get(f"{server.api}{path}", params=params, timeout=120)
    response.raise_for_status()
    return response.json()


def api_post(server: WebServer, path: str, body: dict[str, Any]) -> Any:
    """The API's JSON answer to a POST of ``body`` (it must succeed: 200)."""
    response = httpx.post(f"{server.api}{path}", json=body, timeout=120)
    assert response.status_code == 200, response.text
    return response.json()


def text_of(page: Page, testid: str) -> str:
    """The text of the element with ``data-testid=testid`` (stripped)."""
    return page.get_by_test_id(testid).inner_text().strip()


def table_rows(page: Page, key: str) -> list[dict[str, str]]:
    """The rows of the ``show_table`` table ``key``: one {column: cell text} per row (the
    text as in the DOM: ``textContent``, so the double spaces of real AMFI names stay)."""
    return page.evaluate(
        """(key) => [...document.querySelectorAll(`[data-testid="table-${key}"] tbody tr`)]
            .map(tr => Object.fromEntries([...tr.querySelectorAll('td')]
                .map(td => [td.dataset.col, td.textContent.trim()])))""",
        key,
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the browser the web tests ran in."""
    if _BROWSER_VERSION:
        terminalreporter.write_line(f"web tests ran in {CHROMIUM} {_BROWSER_VERSION[0]}")
