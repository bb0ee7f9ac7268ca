"""The Fund explorer in Chromium, on the demo store, the real histories and a real store
with an imported NIFTY 50 TRI: funds and a benchmark picked through the UI, windows,
tabs, the annualised toggle and date presets; every number shown equals the API's answer
to the same request (fetched here with httpx) formatted with fundlens.web.fmt; the real
anchor of 100822's drawdown (conventions.md); the URL round trip; the message for a fund
without enough history; screenshots in both themes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from fundlens.cli import main
from fundlens.web import fmt
from tests.conftest import NAV_JSON, SHARED
from tests.web import ui
from tests.web.conftest import api_get, api_post, open_page, screenshot, table_rows
from tests.web.server import WebServer, web_server

SEARCH = "Search by name, old name or ISIN"
ROLLING, OUTPERF, RISK, CAPTURE, DRAWDOWNS = (
    "explorer-rolling", "explorer-outperformance", "explorer-risk", "explorer-capture",
    "explorer-drawdowns",
)  # fmt: skip
TABLES = (ROLLING, OUTPERF, RISK, CAPTURE, DRAWDOWNS)
TRI_CSV = SHARED / "data" / "meta" / "index" / "NIFTY Total Returns Historical Data.csv"


# ---- driving the page ---------------------------------------------------------------


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def main_area(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def add_fund(page: Page, query: str, code: int) -> None:
    ui.type_into(page, SEARCH, query)
    ui.choose(page, "Matches", re.compile(rf"· {code}$"), expect_url=rf"[?&]funds={code}(&|$)")


def window_pill(page: Page, name: str) -> Locator:
    """A rolling-window pill in the sidebar (a toggle button: aria-pressed)."""
    return sidebar(page).get_by_role("button", name=name, exact=True)


def preset(page: Page, name: str) -> Locator:
    """A period preset in the sidebar (a segmented control: radios)."""
    return sidebar(page).get_by_role("radio", name=name, exact=True)


def window_tab(page: Page, name: str) -> Locator:
    """Card 1's window tab (a segmented control: radios)."""
    return main_area(page).get_by_role("radio", name=name, exact=True)


def tables(page: Page) -> dict[str, list[dict[str, str]]]:
    return {key: table_rows(page, key) for key in TABLES}


# ---- what the page must show: the API's answer, formatted here ------------------------


def expected_rolling(response: dict[str, Any], window: str) -> list[dict[str, str]]:
    rows = []
    for s in response["series"]:
        if s["window"] != window:
            continue
        st = s["summary"]
        who = s["scheme_name"]
        if s["role"] == "benchmark":
            who = f"Benchmark: {who} ({s['label']})"
        rows.append(
            {"Scheme": who,
             "Latest": fmt.pct_of(s["data"][-1]["value"]) if s["data"] else "—",
             "Mean": fmt.pct_of(st["mean"]), "Median": fmt.pct_of(st["median"]),
             "Min": fmt.pct_of(st["min"]), "Max": fmt.pct_of(st["max"]),
             "Std dev": fmt.pct_of(st["std"]), "Beat benchmark": fmt.pct(st["beat_benchmark"]),
             "Windows": fmt.group_in(st["count"])}
        )  # fmt: skip
    return rows


def block(fund: dict[str, Any], window: str) -> dict[str, Any]:
    return next(b for b in fund["rolling"] if b["window"] == window)


def check_cards(page: Page, web: WebServer, body: dict[str, Any], window: str) -> None:
    """Every card's numbers equal the three endpoints' answers to ``body``."""
    annualised = body.get("annualised", True)
    rolling = api_post(web, "/api/performance/rolling-returns", body)
    assert table_rows(page, ROLLING) == expected_rolling(rolling, window)
    common = {k: v for k, v in body.items() if k != "annualised"}
    summary = api_post(web, "/api/v1/performance/summary", common)
    funds = summary["funds"]
    shown = table_rows(page, RISK)
    risk = {r["Scheme"]: r for r in shown}
    for fund in funds:
        m, row = fund["metrics"]["metrics"], risk[fund["name"]]
        assert row["Sharpe"] == fmt.ratio(m["sharpe"])
        assert row["Sortino"] == fmt.ratio(m["sortino"])
        assert row["Volatility"] == fmt.pct(m["volatility"])
        assert row["Beta"] == fmt.ratio(m["beta"])
        assert row["Tracking error"] == fmt.pct(m["tracking_error"])
        assert row["Information ratio"] == fmt.ratio(m["information_ratio"])
        assert row["CAGR"] == fmt.pct(m["cagr"])
        assert row["From"] == fmt.day(fund["metrics"]["window"]["start_date"])
    for fund in funds:  # the benchmark over each fund's window (From/To say which)
        ref = fund["benchmark_metrics"]
        span = (fmt.day(ref["window"]["start_date"]), fmt.day(ref["window"]["end_date"]))
        row = next(
            r for r in shown
            if r["Scheme"] == f"Benchmark: {ref['name']}" and (r["From"], r["To"]) == span
        )  # fmt: skip
        assert row["Sharpe"] == fmt.ratio(ref["metrics"]["sharpe"])
        assert row["Sortino"] == fmt.ratio(ref["metrics"]["sortino"])
        assert row["Volatility"] == fmt.pct(ref["metrics"]["volatility"])
        assert row["Beta"] == "—"
    outperf = {r["Fund"]: r for r in table_rows(page, OUTPERF)}
    capture = {r["Fund"]: r for r in table_rows(page, CAPTURE)}
    for fund in funds:
        b, cap = block(fund, window), fund["capture"]
        row = outperf[fund["name"]]
        assert row["Beat benchmark"] == fmt.pct(b["summary"]["beat_benchmark"])
        assert row["Windows"] == fmt.group_in(b["summary"]["count"])
        assert row["Spread (std dev)"] == fmt.pct(b["summary"]["std"])
        row = capture[fund["name"]]
        assert row["Up capture"] == fmt.pct(cap["up_capture_monthly"])
        assert row["Down capture"] == fmt.pct(cap["down_capture_monthly"])
        assert row["Capture ratio"] == fmt.ratio(cap["capture_ratio"])
        assert row["Up months"] == fmt.group_in(cap["up_months"])
        assert row[f"Down-market excess ({window.upper()})"] == fmt.pct(b["down_market_excess"])
    ranged = {k: v for k, v in common.items() if k != "windows"}
    drawdowns = api_post(web, "/api/performance/fund-analytics", ranged)["drawdown_stats"]
    shown = table_rows(page, DRAWDOWNS)
    assert [r["Max drawdown"] for r in shown] == [fmt.pct_of(d["max_drawdown"]) for d in drawdowns]
    assert [r["Peak"] for r in shown] == [fmt.day(d["peak_date"]) for d in drawdowns]
    assert [r["Trough"] for r in shown] == [fmt.day(d["trough_date"]) for d in drawdowns]
    assert annualised == (page.get_by_role("switch", name="Annualised").is_checked())


# ---- tests ------------------------------------------------------------------------------


def test_pick_compare_toggle_and_share_on_the_real_store(
    real_web: WebServer, browser_page: Page
) -> None:
    page = open_page(browser_page, f"{real_web.url}/")
    assert page.locator("h1").inner_text() == "Fund explorer"
    expect(main_area(page).get_by_text("Search for a fund in the sidebar")).to_be_visible()
    add_fund(page, "sbi blue chip", 103504)  # the Regular plan, listed beside the Direct
    add_fund(page, "hdfc flexi", 101762)
    chips = sidebar(page).inner_text()
    assert "Regular · Growth · 103504" in chips and "Regular · Growth · 101762" in chips
    ui.type_into(page, "Filter", "hdfc index")
    ui.choose(
        page, "Benchmark", re.compile(r"\(Regular, 101525\)"), expect_url=r"[?&]bench=101525(&|$)"
    )
    window_pill(page, "10Y").click()  # add the 10-year window to 1Y, 3Y, 5Y
    ui.settle(page, r"windows=10y")
    window_tab(page, "5Y").click()
    ui.settle(page, r"[?&]tab=5y(&|$)")
    meta = api_get(real_web, "/api/v1/meta")
    body = {"scheme_codes": [103504, 101762], "benchmark_code": 101525,
            "start_date": None, "end_date": meta["as_of_date"],
            "windows": ["1y", "3y", "5y", "10y"]}  # fmt: skip
    check_cards(page, real_web, body, "5y")

    page.get_by_text("Annualised", exact=True).click()  # absolute returns over each window
    ui.settle(page, r"[?&]mode=absolute(&|$)")
    check_cards(page, real_web, body | {"annualised": False}, "5y")

    shared, before = page.url, tables(page)
    page = open_page(browser_page, shared)
    assert tables(page) == before
    assert page.url == shared
    assert "101525" in page.get_by_label("Benchmark", exact=True).input_value()
    assert window_tab(page, "5Y").get_attribute("aria-checked") == "true"
    assert window_pill(page, "10Y").get_attribute("aria-pressed") == "true"
    assert not page.get_by_role("switch", name="Annualised").is_checked()

    sidebar(page).get_by_role("button", name="Remove").first.click()  # drop 103504
    page.wait_for_url(lambda url: "funds=103504" not in url)
    ui.settle(page)
    assert [r["Fund"] for r in table_rows(page, CAPTURE)] == ["HDFC Flexi Cap Fund - Growth Plan"]


def test_a_shared_link_with_custom_dates_and_the_100822_anchor(
    real_web: WebServer, browser_page: Page
) -> None:
    url = (f"{real_web.url}/?funds=103504&bench=100822&windows=1y&windows=3y&tab=3y"
           "&preset=custom&start=2007-01-01&end=2014-12-31")  # fmt: skip
    page = open_page(browser_page, url)
    body = {"scheme_codes": [103504], "benchmark_code": 100822, "start_date": "2007-01-01",
            "end_date": "2014-12-31", "windows": ["1y", "3y"]}  # fmt: skip
    check_cards(page, real_web, body, "3y")
    assert preset(page, "Custom").get_attribute("aria-checked") == "true"
    expect(sidebar(page).get_by_text("01 Jan 2007 – 31 Dec 2014")).to_be_visible()
    # conventions.md's real anchor: 100822 falls 59.66 % from 08 Jan 2008 to 27 Oct 2008
    # and is back on 09 Dec 2013
    anchor = table_rows(page, DRAWDOWNS)[-1]
    assert anchor == {
        "Scheme": "Benchmark: UTI Nifty 50 Index Fund - Regular Plan - Growth Option",
        "Max drawdown": "-59.66%", "Peak": "08 Jan 2008", "Trough": "27 Oct 2008",
        "Days falling": "293", "Recovery": "09 Dec 2013", "Days to recover": "1,869",
    }  # fmt: skip

    preset(page, "5Y").click()  # 5 years back from the store's as-of date
    ui.settle(page, r"[?&]preset=5y(&|$)")
    assert "start=" not in page.url and "end=" not in page.url
    check_cards(page, real_web, body | {"start_date": "2011-06-10", "end_date": "2016-06-10"}, "3y")
    expect(sidebar(page).get_by_text("10 Jun 2011 – 10 Jun 2016")).to_be_visible()


def test_a_fund_without_enough_history_says_so(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/?funds=122639&bench=100822&windows=3y")
    body = {"scheme_codes": [122639], "benchmark_code": 100822, "end_date": "2016-06-10",
            "windows": ["3y"]}  # fmt: skip
    series = api_post(real_web, "/api/performance/rolling-returns", body)["series"][0]
    assert series["data"] == [] and series["reason"]
    name = "Parag Parikh Flexi Cap Fund - Direct Plan - Growth"
    message = main_area(page).get_by_test_id("stAlert").filter(has_text="lacks history")
    expect(message).to_have_text(
        re.compile(re.escape(f"{name} lacks history for the 3Y window: {series['reason']}."))
    )
    assert table_rows(page, ROLLING)[0]["Windows"] == "0"
    assert table_rows(page, OUTPERF)[0]["Beat benchmark"] == "—"


def test_demo_store_funds_preset_and_banner(demo_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{demo_web.url}/")
    expect(page.get_by_test_id("synthetic-banner")).to_be_visible()
    add_fund(page, "falconridge flexi regular", 900803)
    add_fund(page, "juniper vale flexi direct", 901719)
    # the demo's Nifty 50 index fund with the longest history is the default benchmark
    assert "901000" in page.get_by_label("Benchmark", exact=True).input_value()
    window_pill(page, "10Y").click()  # the windows: 1Y, 3Y, 5Y, 10Y
    ui.settle(page, r"windows=10y")
    preset(page, "10Y").click()  # the period: 10 years to the as-of date
    ui.settle(page, r"[?&]preset=10y(&|$)")
    meta = api_get(demo_web, "/api/v1/meta")
    assert meta["as_of_date"] == "2026-10-30"
    body = {"scheme_codes": [900803, 901719], "benchmark_code": 901000,
            "start_date": "2016-10-30", "end_date": "2026-10-30",
            "windows": ["1y", "3y", "5y", "10y"]}  # fmt: skip
    check_cards(page, demo_web, body, "1y")
    window_tab(page, "10Y").click()
    ui.settle(page, r"[?&]tab=10y(&|$)")
    check_cards(page, demo_web, body, "10y")


@pytest.fixture(scope="module")
def tri_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    """A real store (103504, 100822) with the NIFTY 50 TRI imported (investing.com)."""
    db = tmp_path_factory.mktemp("explorer-tri") / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in (103504, 100822)]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    assert main(["index", "import", "NIFTY 50 TRI", str(TRI_CSV), "--db", str(db)]) == 0
    with web_server(db) as server:
        yield server


def test_an_imported_tri_as_the_benchmark(tri_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{tri_web.url}/?funds=103504&windows=1y")
    # a TRI, when imported, is the default benchmark, labelled TRI
    assert "NIFTY 50 TRI · TRI" in page.get_by_label("Benchmark", exact=True).input_value()
    ui.type_into(page, "Filter", "uti")
    ui.choose(
        page, "Benchmark", re.compile(r"\(Regular, 100822\)"), expect_url=r"[?&]bench=100822(&|$)"
    )
    ui.type_into(page, "Filter", "tri")
    tri = r"[?&]bench=index%3ANIFTY(\+|%20)50(\+|%20)TRI(&|$)"
    ui.choose(page, "Benchmark", re.compile(r"^NIFTY 50 TRI"), expect_url=tri)
    body = {"scheme_codes": [103504], "benchmark_index": "NIFTY 50 TRI", "start_date": None,
            "end_date": "2016-02-22", "windows": ["1y"]}  # fmt: skip
    check_cards(page, tri_web, body, "1y")
    rows = table_rows(page, ROLLING)
    assert rows[-1]["Scheme"] == "Benchmark: NIFTY 50 TRI (TRI)"


@pytest.mark.parametrize("theme", ["terminal", "editorial"])
def test_screenshots(real_web: WebServer, browser_page: Page, theme: str) -> None:
    url = (f"{real_web.url}/?funds=103504&funds=101762&funds=118989&bench=100822"
           f"&windows=1y&windows=3y&windows=5y&tab=3y&theme={theme}")  # fmt: skip
    page = open_page(browser_page, url)
    # three funds, and the benchmark over each one's window (they differ)
    assert len(table_rows(page, RISK)) == 6
    assert page.locator(".js-plotly-plot").count() == 4
    path = screenshot(page, f"explorer-{theme}")
    assert path.stat().st_size > 50_000


def test_odd_links_are_explained(real_web: WebServer, browser_page: Page) -> None:
    """A link naming the benchmark among the funds, or a code the store lacks."""
    page = open_page(browser_page, f"{real_web.url}/?funds=103504&funds=100822&bench=100822")
    expect(main_area(page).get_by_text("The benchmark is also one of the funds")).to_be_visible()
    assert [r["Fund"] for r in table_rows(page, CAPTURE)] == [
        "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH"
    ]
    page = open_page(browser_page, f"{real_web.url}/?funds=999999&funds=103504&bench=100822")
    expect(sidebar(page).get_by_text("Scheme 999999 is not in the store.")).to_be_visible()
    assert [r["Fund"] for r in table_rows(page, CAPTURE)] == [
        "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH"
    ]
