"""Driving the dashboard in Debian's Chromium: launch flags and the "page has finished"
wait, shared by the browser tests (``tests/web/conftest.py``) and the web benchmark."""

from __future__ import annotations

from typing import Final

from playwright.sync_api import Page

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "IDLE_MS", "settled_at", "wait_idle"]

CHROMIUM: Final = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
#: How long the main area's DOM must stay unchanged for the page to count as rendered.
IDLE_MS: Final = 300


def wait_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished the current script run (``stApp`` says
    ``notRunning``), no spinner or skeleton is shown, the page has its title (``h1``),
    and the main area's DOM has stopped changing for :data:`IDLE_MS` (some elements, ``st.html``
    among them, are rendered by lazily loaded code after the run has ended)."""
    page.evaluate("window.__flIdle = null")
    page.wait_for_function(
        """(idleMs) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const main = document.querySelector('[data-testid="stMain"]');
            const busy = app === null || main === null
                || app.getAttribute('data-test-script-state') !== 'notRunning'
                || document.querySelector('h1') === null
                || document.querySelector('[data-testid="stSpinner"]') !== null
                || document.querySelector('[data-testid="stSkeleton"]') !== null;
            const size = busy ? -1 : main.innerHTML.length;
            const now = performance.now();
            const last = window.__flIdle;
            if (!last || last.size !== size) {
                window.__flIdle = {size: size, since: now};
                return false;
            }
            return size >= 0 && now - last.since >= idleMs;
        }""",
        arg=IDLE_MS,
        timeout=timeout,
        polling=50,
    )


def settled_at(page: Page) -> float:
    """Milliseconds from the navigation's start to the moment the page reached the state
    :func:`wait_idle` accepted (its last DOM change while Streamlit was idle)."""
    return float(page.evaluate("window.__flIdle.since"))
