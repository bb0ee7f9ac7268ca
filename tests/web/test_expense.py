"""Expense drag page in Chromium against a real API: pick an AMC and a Direct/Regular pair
through the widgets; the yearly and total drag, the period, the pairs table and the AMC's
summary equal the API's answer (fetched here with httpx, formatted with ``web.fmt``); the
chart's series; the URL state round trip; an AMC without pairs, an unknown AMC, an IDCW
pair; screenshots in both themes — on the real and demo stores."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from fundlens.web import fmt
from tests.web import ui
from tests.web.conftest import api_get, open_page, screenshot, table_rows, text_of
from tests.web.server import WebServer


def label(pair: dict[str, Any]) -> str:
    """How the pair select names a pair (Direct plan's name · option · both codes)."""
    option = fmt.option_label(pair["option"])
    return f"{pair['direct_name']} · {option} · {pair['direct_code']} / {pair['regular_code']}"


def expected_pairs(drag: dict[str, Any]) -> list[dict[str, str]]:
    """``/drag``'s pairs as the pairs table must show them."""
    return [
        {
            "Direct plan": p["direct_name"], "Category": p["category"],
            "Option": fmt.option_label(p["option"]) + (" (price return)" if p["price_return_only"] else ""),
            "Total drag": fmt.pct_of(p["total_drag"], 2),
            "Drag a year": fmt.pct_of(p["annualised_drag"], 2),
            "From": fmt.day(p["start_date"]), "To": fmt.day(p["end_date"]),
            "Days": fmt.group_in(p["days"]),
            "Codes": f"{p['direct_code']} / {p['regular_code']}",
        }
        for p in drag["pairs"]
    ]  # fmt: skip


def shown_values(page: Page) -> dict[str, str]:
    keys = ["annualised-drag", "total-drag", "drag-period", "growth-pairs", "median-drag",
            "mean-drag"]  # fmt: skip
    return {key: text_of(page, f"value-{key}") for key in keys}


def expected_values(drag: dict[str, Any], pair: dict[str, Any]) -> dict[str, str]:
    summary = drag["summary"]
    return {
        "annualised-drag": fmt.pct_of(pair["annualised_drag"], 2),
        "total-drag": fmt.pct_of(pair["total_drag"], 2),
        "drag-period": f"{fmt.day(pair['start_date'])} – {fmt.day(pair['end_date'])}",
        "growth-pairs": str(summary["growth_pairs"]),
        "median-drag": fmt.pct_of(summary["median_annualised"], 2),
        "mean-drag": fmt.pct_of(summary["mean_annualised"], 2),
    }


def check_page(page: Page, server: WebServer, amc: str, direct_code: int) -> None:
    """The page shows ``amc``'s pair ``direct_code`` and the AMC's summary as the API
    answers them."""
    drag = api_get(server, f"/api/expense/drag/{amc}")
    pair = next(p for p in drag["pairs"] if p["direct_code"] == direct_code)
    ui.ready(page, "value-annualised-drag")
    want = expected_values(drag, pair)
    assert ui.eventually(lambda: shown_values(page), want) == want
    rows = expected_pairs(drag)
    assert ui.eventually(lambda: table_rows(page, "expense-pairs"), rows) == rows
    categories = [{"Category": k, "Median drag a year": fmt.pct_of(v, 2)}
                  for k, v in drag["summary"]["by_category"].items()]  # fmt: skip
    assert table_rows(page, "expense-categories") == categories
    assert ui.legend(page) == ["Direct NAV", "Regular NAV", "Expense drag"]
    assert ui.selected(page, "AMC") == drag["amc_name"]
    assert ui.selected(page, "Direct / Regular pair") == label(pair)


def test_pick_amc_and_pair_real_store(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/expense")
    # by default the AMC with most schemes (HDFC, 8) and its first growth pair
    assert ui.query(page) == {"amc": ["hdfc"], "pair": ["118955"]}
    check_page(page, real_web, "hdfc", 118955)

    ui.choose(page, "AMC", "ICICI Prudential Mutual Fund", expect_url="amc=icici-prudential")
    pairs = api_get(real_web, "/api/expense/pairs/icici-prudential")["pairs"]
    nifty_next = next(p for p in pairs if p["direct_code"] == 120684)
    ui.choose(page, "Direct / Regular pair", label(nifty_next), expect_url="pair=120684")
    check_page(page, real_web, "icici-prudential", 120684)
    # 2013-01-01 → 2016-02-22: the drag a year the API reports, 0.46 % (0.455348…)
    assert text_of(page, "value-annualised-drag") == "0.46%"

    # the URL holds the view
    shared = page.url
    page.goto("about:blank")
    open_page(page, shared)
    check_page(page, real_web, "icici-prudential", 120684)


def test_amc_without_pairs_and_unknown_amc_real_store(
    real_web: WebServer, browser_page: Page
) -> None:
    page = open_page(browser_page, f"{real_web.url}/expense?amc=dsp")
    assert api_get(real_web, "/api/expense/pairs/dsp")["pairs"] == []
    info = page.get_by_test_id("stAlertContentInfo").inner_text()
    assert info.startswith("DSP Mutual Fund has no Direct/Regular pairs in the store")
    assert page.get_by_test_id("value-annualised-drag").count() == 0

    open_page(page, f"{real_web.url}/expense?amc=nosuch&pair=1")
    warning = page.get_by_test_id("stAlertContentWarning").inner_text()
    assert warning == "No AMC 'nosuch' in the store: showing HDFC Mutual Fund."
    check_page(page, real_web, "hdfc", 118955)


def test_idcw_pair_demo_store(demo_web: WebServer, browser_page: Page) -> None:
    drag = api_get(demo_web, "/api/expense/drag/aurora")
    idcw = next(p for p in drag["pairs"] if p["price_return_only"])
    page = open_page(browser_page, f"{demo_web.url}/expense?amc=aurora&pair={idcw['direct_code']}")
    assert "synthetic data" in text_of(page, "synthetic-banner").lower()
    check_page(page, demo_web, "aurora", idcw["direct_code"])
    warning = page.get_by_test_id("stAlertContentWarning").inner_text()
    assert "IDCW option" in warning and "summary leaves it out" in warning
    # the summary counts growth pairs only
    growth = sum(not p["price_return_only"] for p in drag["pairs"])
    assert (
        text_of(page, "value-growth-pairs") == str(growth) == str(drag["summary"]["growth_pairs"])
    )


def test_pick_pair_demo_store(demo_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{demo_web.url}/expense")
    amcs = api_get(demo_web, "/api/amc/list")["amcs"]
    other = next(a for a in amcs if a["amc_id"] == "meridian-stone")
    ui.choose(page, "AMC", other["name"], expect_url="amc=meridian-stone")
    pairs = api_get(demo_web, "/api/expense/pairs/meridian-stone")["pairs"]
    last = pairs[-1]
    ui.choose(page, "Direct / Regular pair", label(last), expect_url=f"pair={last['direct_code']}")
    check_page(page, demo_web, "meridian-stone", last["direct_code"])


def test_screenshots_real_store(real_web: WebServer, browser_page: Page) -> None:
    for theme in ("terminal", "editorial"):
        page = open_page(browser_page, f"{real_web.url}/expense?amc=hdfc&pair=118989&theme={theme}")
        check_page(page, real_web, "hdfc", 118989)
        assert ui.theme_of(page) == theme
        assert screenshot(page, f"expense-{theme}").stat().st_size > 20_000
