"""The fund page in a real browser (Debian's Chromium) against real servers.

Every number shown equals the API's (``/api/v1/funds/{code}/analysis`` in the seed's
percent, ``…/metrics`` in fractions, ``/api/v1/categories/{slug}/leaders``) formatted by
:mod:`fundlens.web.fmt`; the download buttons deliver the API's NAV CSV (its first rows
checked against the JSON NAVs and by hand against ``103504.json``: 17-02-2006 10.01) and
its HTML tearsheet; the fund picked by search lands in the URL and a fresh page on that URL
shows it again; an unknown code and a history too short for a window give readable
messages; the browser logs no error (``browser_page``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from playwright.sync_api import Page, expect

from fundlens.web import fmt
from tests.web import ui
from tests.web.browser import wait_idle
from tests.web.conftest import api_get, open_page, screenshot, table_rows, text_of
from tests.web.server import WebServer

expect.set_options(timeout=30_000)  # a rerun on a busy 2-core machine

SBI = 103504
SBI_NAME = "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH"


def by_metric(page: Page, key: str) -> dict[str, tuple[str, str]]:
    """A Metric | Value | Note table as {metric: (value, note)}."""
    return {r["Metric"]: (r["Value"], r["Note"]) for r in table_rows(page, key)}


def assert_analysis(page: Page, a: dict[str, Any]) -> None:
    """Cards and the seed 002 tables show the analysis' numbers (percent → pct_of)."""
    r, risk, versus = a["returns"], a["risk_metrics"], a["benchmark_comparison"]
    cards = {"ret-1y": fmt.pct_of(r["1y"]), "ret-3y": fmt.pct_of(r["3y"]),
             "ret-5y": fmt.pct_of(r["5y"]), "ret-si": fmt.pct_of(r["since_first_nav"]),
             "vol-3y": fmt.pct_of(risk["volatility_3y"]),
             "sharpe-3y": fmt.ratio(risk["sharpe_ratio_3y"]),
             "mdd-3y": fmt.pct_of(risk["max_drawdown_3y"])}  # fmt: skip
    for key, want in cards.items():
        assert text_of(page, f"value-{key}") == want, key
    returns = by_metric(page, "fund-returns")
    assert returns["1 month"][0] == fmt.pct_of(r["1m"])
    assert returns["3 years (CAGR)"][0] == fmt.pct_of(r["3y"])
    assert returns["Since first NAV (CAGR)"][0] == fmt.pct_of(r["since_first_nav"])
    assert returns["Since launch (CAGR)"] == ("—", r["reasons"]["since_inception"])
    shown = by_metric(page, "fund-risk")
    assert shown["Volatility, 1 year"][0] == fmt.pct_of(risk["volatility_1y"])
    assert shown["Sortino ratio, 3 years"][0] == fmt.ratio(risk["sortino_ratio_3y"])
    assert shown["Beta, 3 years"][0] == fmt.ratio(risk["beta"])
    assert shown["Jensen's alpha, 3 years (a year)"][0] == fmt.pct_of(risk["alpha"])
    assert shown["Information ratio, 3 years"][0] == fmt.ratio(risk["information_ratio"])
    bench = by_metric(page, "fund-benchmark")
    assert bench["Benchmark, 3-year CAGR"][0] == fmt.pct_of(versus["benchmark_return_3y"])
    assert bench["Outperformance (percentage points)"][0] == fmt.pct_of(versus["outperformance"])
    assert bench["Tracking error, 3 years"][0] == fmt.pct_of(versus["tracking_error"])
    beat = bench["Rolling 1-year windows beating the benchmark"][0]
    assert beat == fmt.pct(versus["rolling_beat_rate"])  # a fraction in the seed response
    for block in ("portfolio_analysis", "fund_manager"):
        assert a[block]["available"] is False
        expect(page.get_by_text(f"Not available: {a[block]['reason']}")).to_be_visible()


def test_fund_page_shows_the_apis_numbers(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/fund?code={SBI}")
    a = api_get(real_web, f"/api/v1/funds/{SBI}/analysis")
    assert page.locator("h2", has_text=SBI_NAME).count() == 1
    assert_analysis(page, a)
    # by hand (103504.json, 100822.json): 3-year CAGRs 16.62 % and 7.87 %
    assert text_of(page, "value-ret-3y") == "16.62%"
    assert by_metric(page, "fund-benchmark")["Benchmark, 3-year CAGR"][0] == "7.87%"
    # the real store has no fund_metrics: the peer block says why, in the API's words
    peers = a["peer_comparison"]
    assert peers["available"] is False
    expect(page.get_by_text(f"Not available: {peers['reason']}")).to_be_visible()
    # the full metric set
    m = api_get(real_web, f"/api/v1/funds/{SBI}/metrics")
    rows = {r["Metric"]: r for r in table_rows(page, "fund-metrics")}
    assert rows["CAGR"]["Whole window"] == fmt.pct(m["metrics"]["cagr"])
    assert rows["Sharpe ratio"]["Whole window"] == fmt.ratio(m["metrics"]["sharpe"])
    assert rows["Sharpe ratio"]["5Y"] == fmt.ratio(m["metrics"]["sharpe_5y"])
    assert rows["Max drawdown"]["3Y"] == fmt.pct(m["metrics"]["max_drawdown_3y"])
    assert rows["Up capture (monthly)"]["1Y"] == fmt.pct(m["metrics"]["up_capture_monthly_1y"])
    rolling = {r["Rolling window"]: r for r in table_rows(page, "fund-rolling")}
    assert rolling["3Y"]["Median"] == fmt.pct(m["metrics"]["rolling_3y_median"])
    fall = {r["Drawdown"]: r["Value"] for r in table_rows(page, "fund-drawdown")}
    assert fall["Max drawdown"] == fmt.pct(m["metrics"]["max_drawdown"])
    assert (fall["Peak"], fall["Trough"], fall["Recovered"]) == (
        fmt.day(m["drawdown"]["peak_date"]), fmt.day(m["drawdown"]["trough_date"]),
        fmt.day(m["drawdown"]["recovery_date"]),
    )  # fmt: skip
    years = {r["Year"]: r for r in table_rows(page, "fund-years")}
    assert years["2008"]["Calendar year"] == fmt.pct(m["calendar_year_returns"]["2008"])
    assert years["2015"]["Financial year to March"] == fmt.pct(
        m["financial_year_returns"]["FY2015"]
    )
    screenshot(page, "fund-terminal")
    open_page(page, f"{real_web.url}/fund?code={SBI}&theme=editorial")
    assert_analysis(page, a)
    screenshot(page, "fund-editorial")


def download(page: Page, label: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def test_downloads_deliver_the_csv_and_the_report(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/fund?code={SBI}")
    csv = download(page, "Download NAV CSV").decode()
    lines = csv.splitlines()
    nav = api_get(real_web, f"/api/v1/funds/{SBI}/nav")["data"]
    assert lines[0] == "date,nav"
    assert lines[1] == "2006-02-17,10.01"  # 103504.json: 17-02-2006 10.01
    for line, point in zip(lines[1:6], nav[:5], strict=True):
        day, value = line.split(",")
        assert (day, float(value)) == (point["date"], point["nav"])
    assert len(lines) - 1 == len(nav)
    api_csv = httpx.get(f"{real_web.api}/api/v1/funds/{SBI}/nav", params={"format": "csv"})
    assert csv == api_csv.text
    html = download(page, "Download HTML report").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert f"<title>{SBI_NAME} ({SBI}) — fundlens tearsheet</title>" in html
    api_html = httpx.get(f"{real_web.api}/api/v1/funds/{SBI}/report", timeout=120).text
    assert html == api_html


def test_search_puts_the_fund_in_the_url(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/fund")
    ui.find_fund(page, "fund", "blue chip", SBI, every=True)
    expect(page.locator("h2", has_text=SBI_NAME)).to_be_visible()
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query) == {"code": [str(SBI)]}
    shared = page.url
    open_page(page, shared)
    expect(page.locator("h2", has_text=SBI_NAME)).to_be_visible()
    assert text_of(page, "value-ret-3y") == "16.62%"


def test_unknown_fund_says_so(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/fund?code=42")
    expect(page.get_by_test_id("stAlert")).to_contain_text("Scheme 42 is not in the store")
    expect(page.get_by_test_id("table-fund-returns")).to_have_count(0)


def test_too_little_history_says_why(real_web: WebServer, browser_page: Page) -> None:
    # PPFAS Flexi Cap Direct (122639): 677 days of NAVs in the files
    page = open_page(browser_page, f"{real_web.url}/fund?code=122639")
    returns = by_metric(page, "fund-returns")
    assert returns["3 years (CAGR)"] == ("—", "history 677 d < window 1095 d")
    assert by_metric(page, "fund-risk")["Beta, 3 years"] == ("—", "history 677 d < window 1095 d")
    assert text_of(page, "value-ret-3y") == "—"
    a = api_get(real_web, "/api/v1/funds/122639/analysis")
    assert text_of(page, "value-ret-1y") == fmt.pct_of(a["returns"]["1y"])


def test_demo_fund_with_its_category_standing(demo_web: WebServer, browser_page: Page) -> None:
    code = 901015  # Cedarwood Large Cap Direct (Synthetic)
    page = open_page(browser_page, f"{demo_web.url}/fund?code={code}")
    expect(page.get_by_test_id("synthetic-banner")).to_contain_text(
        "synthetic data", ignore_case=True
    )
    a = api_get(demo_web, f"/api/v1/funds/{code}/analysis")
    assert_analysis(page, a)
    rows = {r["Window"]: r for r in table_rows(page, "fund-standing")}
    assert set(rows) == {"1Y", "3Y", "5Y"}
    for window, row in rows.items():
        board = api_get(demo_web, "/api/v1/categories/large-cap/leaders", metric="return",
                        window=window.lower(), plan="direct", limit=50)  # fmt: skip
        mine = next(f for f in board["funds"] if f["scheme_code"] == code)
        assert row["Rank"] == f"{int(mine['rank'])} of {board['peer_count']}"
        assert row["Quartile"].startswith(f"Q{mine['quartile']}")
        assert (row["Best"], row["Upper quartile"], row["Median"], row["Lower quartile"],
                row["Worst"]) == tuple(fmt.pct(board[k]) for k in
                                       ("best", "p75", "median", "p25", "worst"))  # fmt: skip
        assert row["Fund"] == fmt.pct_of(a["returns"][window.lower()])
        # the fund's own return is the value the leaders rank (fraction vs percent)
        assert row["Fund"] == fmt.pct(mine["value"])
