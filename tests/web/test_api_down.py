"""The dashboard with no API behind it: every page says so clearly (the address it tried
and how to start the API), keeps its title and sidebar, and raises no page error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.api.server import free_port
from tests.web.conftest import open_page, text_of
from tests.web.server import streamlit_server

PAGES = {"": "Fund explorer", "amc": "AMC comparison", "expense": "Expense drag",
         "sip": "SIP calculator", "fund": "Fund page", "status": "Data status"}  # fmt: skip


@pytest.fixture(scope="module")
def dead_api() -> str:
    """An address where nothing listens (a port just freed)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="module")
def orphan_web(dead_api: str) -> Iterator[str]:
    with streamlit_server(dead_api) as url:
        yield url


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_says_the_api_is_down(
    orphan_web: str, dead_api: str, browser_page: Page, path: str
) -> None:
    page = open_page(browser_page, f"{orphan_web}/{path}")
    expect(page.locator("h1")).to_have_text(PAGES[path])
    message = text_of(page, "api-down")
    assert message.startswith("API unavailable")
    assert f"the fundlens API at {dead_api} is not answering (refused)" in message
    assert "fundlens serve" in message and "FUNDLENS_API_URL" in message
    # the page stopped there: no banner, no content, no Streamlit exception box
    assert page.get_by_test_id("synthetic-banner").count() == 0
    assert page.get_by_test_id("stException").count() == 0
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Data status")
