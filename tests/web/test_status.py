"""The Data status page in Chromium on both stores: every number equals the API's meta
object formatted by fundlens.web.fmt; the rejected-by-reason, revisions and events tables
equal ``/api/v1/meta/quality``; the synthetic banner; URL state (``rows``, ``theme``)."""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from fundlens.web import fmt
from tests.api.test_quality import build_quality_store
from tests.web import ui
from tests.web.browser import wait_idle
from tests.web.conftest import api_get, open_page, screenshot, table_rows, text_of
from tests.web.server import WebServer, web_server

STORES = ["demo_web", "real_web"]


@pytest.fixture(params=STORES)
def web(request: pytest.FixtureRequest) -> WebServer:
    return request.getfixturevalue(request.param)


def expected_revisions(report: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"Date": fmt.day(r["date"]), "Code": str(r["scheme_code"]), "Scheme": r["name"] or "",
         "Old NAV": fmt.inr(r["old_nav"], 4), "New NAV": fmt.inr(r["new_nav"], 4),
         "Change": fmt.pct(r["change"]), "Source": PurePath(r["source"]).name,
         "Recorded": fmt.day_time(r["at"])}
        for r in report["revisions"]
    ]  # fmt: skip


def expected_events(report: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"Date": fmt.day(e["date"]), "Code": str(e["scheme_code"]), "Scheme": e["name"] or "",
         "Kind": e["kind"].replace("_", " "), "Detail": e["detail"]}
        for e in report["events"]
    ]  # fmt: skip


def test_status_page_shows_the_meta_object(web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{web.url}/status")
    meta = api_get(web, "/api/v1/meta")
    assert page.locator("h1").inner_text() == "Data status"
    shown = {
        "as-of": fmt.day(meta["as_of_date"]),
        "first-date": fmt.day(meta["first_date"]),
        "schemes": fmt.group_in(meta["schemes"]),
        "nav-rows": fmt.group_in(meta["nav_rows"]),
        "rejected-rows": fmt.group_in(meta["rejected_rows"]),
        "duplicates": fmt.group_in(meta["duplicates"]),
        "revisions": fmt.group_in(meta["revisions"]),
        "last-update": fmt.day_time(meta["last_update_at"]),
    }
    assert {key: text_of(page, f"value-{key}") for key in shown} == shown
    total = meta["rejected_rows"]
    assert table_rows(page, "rejects") == [
        {"Reason": reason, "Rows": fmt.group_in(n), "Share": fmt.pct(n / total) if total else "—"}
        for reason, n in meta["rejected_by_reason"].items()
    ]
    assert len(meta["rejected_by_reason"]) == 10  # the contract's fixed list of reasons

    report = api_get(web, "/api/v1/meta/quality", limit=20)
    assert text_of(page, "value-revisions-total") == fmt.group_in(report["revisions_total"])
    assert text_of(page, "value-events-total") == fmt.group_in(report["events_total"])
    if report["revisions"]:
        assert table_rows(page, "revisions") == expected_revisions(report)
    else:
        assert page.get_by_test_id("table-revisions").count() == 0
        expect(page.get_by_text("No NAV has been revised")).to_be_visible()
    assert table_rows(page, "event-kinds") == [
        {"Kind": k.replace("_", " "), "Events": fmt.group_in(n)}
        for k, n in report["events_by_kind"].items()
    ]
    assert table_rows(page, "events") == expected_events(report)


def test_known_values_of_each_store(
    demo_web: WebServer, real_web: WebServer, browser_page: Page
) -> None:
    """Anchors written down independently of the API: the demo universe has 300 schemes
    and 24 retired (stale) ones; the real store 32 histories (shared/data/nav/README.md)."""
    page = open_page(browser_page, f"{demo_web.url}/status")
    assert text_of(page, "value-schemes") == "300"
    assert text_of(page, "value-events-total") == "24"
    assert {r["Kind"] for r in table_rows(page, "events")} == {"stale"}
    page = open_page(browser_page, f"{real_web.url}/status")
    assert text_of(page, "value-schemes") == "32"


def test_synthetic_banner_on_demo_only(
    demo_web: WebServer, real_web: WebServer, browser_page: Page
) -> None:
    page = open_page(browser_page, f"{demo_web.url}/status")
    banner = page.get_by_test_id("synthetic-banner")
    expect(banner).to_be_visible()
    assert "synthetic data" in banner.inner_text().lower()
    page = open_page(browser_page, f"{real_web.url}/status")
    assert page.get_by_test_id("synthetic-banner").count() == 0
    page = open_page(browser_page, f"{demo_web.url}/sip")  # every page, not just this one
    expect(page.get_by_test_id("synthetic-banner")).to_be_visible()


def test_rows_listed_round_trip_through_the_url(real_web: WebServer, browser_page: Page) -> None:
    report = api_get(real_web, "/api/v1/meta/quality", limit=10)
    page = open_page(browser_page, f"{real_web.url}/status?rows=10")
    assert table_rows(page, "events") == expected_events(report)
    assert len(report["events"]) == min(10, report["events_total"])
    ui.choose(page, "Rows listed", "50", expect_url=r"[?&]rows=50")
    report50 = api_get(real_web, "/api/v1/meta/quality", limit=50)
    assert table_rows(page, "events") == expected_events(report50)
    shared = page.url  # a shared link opens the same view
    page = open_page(browser_page, shared)
    assert table_rows(page, "events") == expected_events(report50)


def chart_background(page: Page) -> str:
    """The Plotly chart's paper colour (its template's ``paper_bgcolor``)."""
    return page.evaluate(
        "getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).backgroundColor"
    )


def test_theme_round_trip_through_the_url(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/status?theme=editorial")
    assert ui.theme_of(page) == "editorial"
    expect(page.get_by_role("radio", name="editorial")).to_be_checked()
    assert chart_background(page) == "rgb(251, 248, 241)"  # editorial paper #fbf8f1
    screenshot(page, "status-editorial")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSidebarNav").get_by_text("AMC comparison").click()
    page.wait_for_url(lambda url: "/amc" in url and "theme=editorial" in url)
    expect(page.locator("h1")).to_have_text("AMC comparison")
    wait_idle(page)
    assert ui.theme_of(page) == "editorial"
    sidebar.get_by_text("terminal", exact=True).click()
    # the default theme leaves the URL (the AMC page keeps its own selections there)
    page.wait_for_url(lambda url: "/amc" in url and "theme=" not in url)
    expect(page.locator("html")).to_have_css("--fl-theme", "terminal")
    sidebar.get_by_test_id("stSidebarNav").get_by_text("Data status").click()
    page.wait_for_url(re.compile(r"/status$"))
    expect(page.locator("h1")).to_have_text("Data status")
    wait_idle(page)
    assert ui.theme_of(page) == "terminal"
    assert chart_background(page) == "rgb(11, 15, 20)"  # terminal background #0b0f14
    screenshot(page, "status-terminal")


def test_revisions_and_events_of_a_hand_built_store(tmp_path: Path, browser_page: Page) -> None:
    """Rows written down from the two hand-made AMFI files of tests/api/test_quality.py:
    Beta's NAV of 01 Jan 2024 revised 20.00 → 20.50 → 20.75, Alpha's 23-day gap, Beta stale."""
    with web_server(build_quality_store(tmp_path)) as web:
        page = open_page(browser_page, f"{web.url}/status")
        assert text_of(page, "value-revisions") == "2"
        assert text_of(page, "value-schemes") == "2"
        assert text_of(page, "value-nav-rows") == "4"
        assert text_of(page, "value-as-of") == "25 Jan 2024"
        rows = sorted(table_rows(page, "revisions"), key=lambda r: r["New NAV"])
        assert [(r["Date"], r["Code"], r["Scheme"], r["Old NAV"], r["New NAV"], r["Change"],
                 r["Source"]) for r in rows] == [
            ("01 Jan 2024", "100002", "Beta Fund - Growth", "₹20.0000", "₹20.5000", "2.50%",
             "25.csv"),
            ("01 Jan 2024", "100002", "Beta Fund - Growth", "₹20.5000", "₹20.7500", "1.22%",
             "25.csv"),
        ]  # fmt: skip
        assert table_rows(page, "events") == [
            {"Date": "25 Jan 2024", "Code": "100001", "Scheme": "Alpha Fund - Growth",
             "Kind": "gap", "Detail": "gap 23 d since 2024-01-02"},
            {"Date": "01 Jan 2024", "Code": "100002", "Scheme": "Beta Fund - Growth",
             "Kind": "stale", "Detail": "no NAV for 24 d before 2024-01-25"},
        ]  # fmt: skip
        assert page.get_by_test_id("synthetic-banner").count() == 0
        page.goto("about:blank")  # leave before this server stops (no reconnect attempts)
