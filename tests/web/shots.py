"""Whole-page screenshots of Streamlit pages (the SIP and fund page tests).

Streamlit scrolls its main block (``stMain``) inside a viewport-high frame, so Playwright's
``full_page`` captures only the viewport: :func:`shoot` first makes the viewport as tall
as ``stMain``'s content, then calls the shared :func:`tests.web.conftest.screenshot`.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.web.conftest import screenshot, wait_idle

__all__ = ["shoot"]


def shoot(page: Page, name: str) -> Path:
    """A PNG of the whole page ``web-<name>.png`` (see :func:`screenshot`); the viewport
    is put back afterwards."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(800)  # Plotly redraws for the new size
    wait_idle(page)
    try:
        return screenshot(page, name)
    finally:
        page.set_viewport_size(size)
