"""AMC comparison page in Chromium against a real API: a comparison run through the
widgets, its metrics table equal to the API's answer to the same request (fetched here with
httpx, formatted with ``web.fmt``), sorting, colour coding, the chart, the URL state
round trip, readable errors, and screenshots in both themes — on the real and demo stores.

Expected values are the API's; the column → formatter table below is written out here, not
imported from the page's code.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from fundlens.web import fmt
from tests.web import ui
from tests.web.conftest import api_post, open_page, screenshot, table_rows, text_of
from tests.web.server import WebServer

AMCS = "AMCs (up to 10)"
# column → (API field, how the page must show it): percent fields as sent, Treynor a
# fraction, ratios with two decimals
COLUMNS: dict[str, tuple[str, Any]] = {
    "CAGR": ("cagr", fmt.pct_of), "Sharpe": ("sharpe", fmt.ratio),
    "Sortino": ("sortino", fmt.ratio), "Calmar": ("calmar", fmt.ratio),
    "Treynor": ("treynor", fmt.pct), "Info ratio": ("info_ratio", fmt.ratio),
    "Beta": ("beta", fmt.ratio), "Alpha": ("alpha", fmt.pct_of),
    "Max drawdown": ("max_drawdown", fmt.pct_of), "Volatility": ("volatility", fmt.pct_of),
}  # fmt: skip


def short(name: str) -> str:
    return name.removesuffix(" Mutual Fund")


def compare(server: WebServer, body: dict[str, Any]) -> dict[str, Any]:
    return api_post(server, "/api/analysis/compare", body)


def expected_rows(answer: dict[str, Any], sort: str, *, descending: bool) -> list[dict[str, str]]:
    """The API's results as the table must show them, sorted by API field ``sort`` (nulls
    last, ties in request order)."""
    items = answer["results"]
    present = [r for r in items if r[sort] is not None]
    missing = [r for r in items if r[sort] is None]
    ordered = sorted(present, key=lambda r: r[sort], reverse=descending) + missing
    rows = []
    for item in ordered:
        # the table drops the " Mutual Fund" every AMC's name ends with
        row = {"AMC": short(item["amc_name"]), "Schemes": str(item["scheme_count"])}
        row |= {label: show(item[key]) for label, (key, show) in COLUMNS.items()}
        rows.append(row)
    return rows


def rows(page: Page, want: list[dict[str, str]]) -> list[dict[str, str]]:
    """The metrics table's rows once they show ``want`` (or what shows after a timeout)."""
    ui.ready(page, "table-amc-metrics")
    return ui.eventually(lambda: table_rows(page, "amc-metrics"), want)


def cell(page: Page, row: int, column: str) -> Any:
    return page.locator(
        f'[data-testid="table-amc-metrics"] tbody tr:nth-child({row}) td[data-col="{column}"]'
    )


def test_comparison_through_the_ui_real_store(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/amc")
    ui.choose(page, "Category", "Flexi Cap (3 AMCs)", expect_url="category=flexi-cap")
    ui.pick_radio(page, "Plan", "Regular", expect_url="plan=regular")
    # the default Index Funds AMCs that also run Flexi Cap funds stay picked
    kept = ["HDFC Mutual Fund", "UTI Mutual Fund"]
    assert ui.eventually(lambda: ui.multi_values(page, AMCS), kept) == kept
    for name in kept:  # make the pick HDFC, UTI, PPFAS in that order
        ui.remove_multi(page, AMCS, name)
    assert ui.eventually(lambda: ui.multi_values(page, AMCS), []) == []
    page.get_by_text("Choose one or more AMCs with Flexi Cap schemes").wait_for()
    for name, slug in [("HDFC Mutual Fund", "hdfc"), ("UTI Mutual Fund", "uti"),
                       ("PPFAS Mutual Fund", "ppfas")]:  # fmt: skip
        ui.add_multi(page, AMCS, name, expect_url=f"amc={slug}")
    ui.pick_radio(page, "Dates", "10Y", expect_url="preset=10y")
    assert ui.query(page)["amc"] == ["hdfc", "uti", "ppfas"]

    # the store's as-of date is 10 Jun 2016: 10Y is 10 Jun 2006 to 10 Jun 2016
    body = {"amc_names": ["hdfc", "uti", "ppfas"], "category": "flexi-cap",
            "plan_type": "regular", "start_date": "2006-06-10", "end_date": "2016-06-10"}  # fmt: skip
    answer = compare(real_web, body)
    want = expected_rows(answer, "cagr", descending=True)
    assert rows(page, want) == want
    caption = page.locator('[data-testid="table-amc-metrics"] caption').inner_text()
    assert f"{fmt.day(answer['start_date'])} – {fmt.day(answer['end_date'])}" in caption
    assert answer["benchmark"]["name"] in caption
    # colour coding: the best CAGR is green, the worst red (the theme's colours)
    best, worst = (
        ui.background_rgba(cell(page, 1, "CAGR")),
        ui.background_rgba(cell(page, 3, "CAGR")),
    )
    assert best[1] > best[0] and best[3] > 0
    assert worst[0] > worst[1] and worst[3] > 0
    assert ui.background_rgba(cell(page, 1, "Beta"))[3] == 0  # beta has no better side
    assert ui.legend(page) == ["HDFC", "UTI", "PPFAS"]

    # sorting: by volatility, lowest first
    ui.choose(page, "Sort by", "Volatility", expect_url="sort=volatility")
    ui.pick_radio(page, "Order", "Ascending", expect_url="order=asc")
    want = expected_rows(answer, "volatility", descending=False)
    assert rows(page, want) == want
    assert (
        ui.background_rgba(cell(page, 1, "Volatility"))[1]
        > ui.background_rgba(cell(page, 1, "Volatility"))[0]
    )  # the lowest volatility is the best: green

    # the URL holds the view: opened afresh it shows the same selections and numbers
    shared = page.url
    page.goto("about:blank")
    open_page(page, shared)
    assert ui.selected(page, "Category") == "Flexi Cap (3 AMCs)"
    assert ui.selected(page, "Sort by") == "Volatility"
    three = ["HDFC Mutual Fund", "UTI Mutual Fund", "PPFAS Mutual Fund"]
    assert ui.eventually(lambda: ui.multi_values(page, AMCS), three) == three
    assert page.get_by_role("radio", name="Regular").is_checked()
    assert page.get_by_role("radio", name="10Y").is_checked()
    assert page.get_by_role("radio", name="Ascending").is_checked()
    assert rows(page, want) == want


def test_custom_dates_real_store(real_web: WebServer, browser_page: Page) -> None:
    url = f"{real_web.url}/amc?category=flexi-cap&plan=regular&amc=hdfc&amc=ppfas&preset=custom"
    page = open_page(browser_page, url)
    ui.type_date(page, "From", "01/06/2014", expect_url="start=2014-06-01")
    ui.type_date(page, "To", "31/12/2015", expect_url="end=2015-12-31")
    body = {"amc_names": ["hdfc", "ppfas"], "category": "flexi-cap", "plan_type": "regular",
            "start_date": "2014-06-01", "end_date": "2015-12-31"}  # fmt: skip
    want = expected_rows(compare(real_web, body), "cagr", descending=True)
    assert rows(page, want) == want
    # round trip of custom dates
    shared = page.url
    page.goto("about:blank")
    open_page(page, shared)
    assert rows(page, want) == want
    assert ui.query(page)["start"] == ["2014-06-01"]

    # dates out of order: said, nothing asked of the API
    base = f"{real_web.url}/amc?category=flexi-cap&plan=regular&amc=hdfc&preset=custom"
    open_page(page, f"{base}&start=2015-12-31&end=2014-06-01")
    alert = page.get_by_test_id("stAlertContentError").inner_text().strip()
    assert alert == "The start date 31 Dec 2015 is after the end date 01 Jun 2014."
    # a start before the store's first NAV (30 Jun 1992) is moved up to it
    open_page(page, f"{base}&start=1980-01-01&end=2014-06-01")
    assert ui.eventually(lambda: ui.query(page).get("start"), ["1992-06-30"]) == ["1992-06-30"]
    ui.ready(page, "table-amc-metrics")


@pytest.mark.parametrize(
    ("query", "body"),
    [
        # UTI has only a Regular Flexi Cap scheme in the files
        ("category=flexi-cap&plan=direct&amc=uti&amc=hdfc&preset=all",
         {"amc_names": ["uti", "hdfc"], "category": "flexi-cap", "plan_type": "direct",
          "end_date": "2016-06-10"}),
        # too little history: PPFAS has no NAVs after 22 Feb 2016
        ("category=flexi-cap&plan=regular&amc=hdfc&amc=ppfas&preset=custom&start=2016-06-01"
         "&end=2016-06-10",
         {"amc_names": ["hdfc", "ppfas"], "category": "flexi-cap", "plan_type": "regular",
          "start_date": "2016-06-01", "end_date": "2016-06-10"}),
    ],
)  # fmt: skip
def test_api_errors_are_readable(
    real_web: WebServer, browser_page: Page, query: str, body: dict[str, Any]
) -> None:
    response = httpx.post(f"{real_web.api}/api/analysis/compare", json=body, timeout=60)
    assert response.status_code == 422
    detail = response.json()["detail"]
    page = open_page(browser_page, f"{real_web.url}/amc?{query}")
    alert = page.get_by_test_id("stAlertContentError").inner_text().strip()
    assert alert == detail[0].upper() + detail[1:]
    assert page.get_by_test_id("table-amc-metrics").count() == 0


def test_unknown_amc_in_the_url(real_web: WebServer, browser_page: Page) -> None:
    url = f"{real_web.url}/amc?category=flexi-cap&plan=regular&amc=nosuch&amc=sbi&amc=hdfc"
    page = open_page(browser_page, url)
    warning = page.get_by_test_id("stAlertContentWarning").inner_text()
    assert "no AMC 'nosuch' in the store" in warning
    assert "SBI Mutual Fund: no Flexi Cap schemes" in warning
    only = ["HDFC Mutual Fund"]
    assert ui.eventually(lambda: ui.multi_values(page, AMCS), only) == only
    # preset All: from each portfolio's first NAV to the as-of date
    answer = compare(real_web, {"amc_names": ["hdfc"], "category": "flexi-cap",
                                "plan_type": "regular", "end_date": "2016-06-10"})  # fmt: skip
    want = expected_rows(answer, "cagr", descending=True)
    assert rows(page, want) == want


def test_demo_store(demo_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{demo_web.url}/amc?category=flexi-cap&preset=5y")
    assert "synthetic data" in text_of(page, "synthetic-banner").lower()
    # by default the category's AMCs, most schemes first (Nilgiri Heights runs two funds)
    chosen = ui.query(page)["amc"]
    assert chosen[0] == "nilgiri-heights" and len(chosen) == 5
    ui.choose(page, "Sort by", "AMC", expect_url="sort=name")
    ui.pick_radio(page, "Order", "Ascending", expect_url="order=asc")
    # the demo's as-of date is 30 Oct 2026: 5Y is 30 Oct 2021 to 30 Oct 2026
    body = {"amc_names": chosen, "category": "flexi-cap", "plan_type": "direct",
            "start_date": "2021-10-30", "end_date": "2026-10-30"}  # fmt: skip
    answer = compare(demo_web, body)
    want = expected_rows(answer, "amc_name", descending=False)
    assert [r["AMC"] for r in want] == sorted(r["AMC"] for r in want)
    assert rows(page, want) == want
    page.get_by_text("Schemes in each AMC's portfolio").click()  # open the expander
    ui.ready(page, "table-amc-schemes")
    schemes = table_rows(page, "amc-schemes")  # each portfolio's schemes
    assert [r["Code"] for r in schemes] == [
        str(s["scheme_code"]) for r in answer["results"] for s in r["schemes"]
    ]
    assert ui.legend(page) == [short(r["amc_name"]) for r in answer["results"]]


@pytest.mark.parametrize("theme", ["terminal", "editorial"])
def test_screenshots_real_store(real_web: WebServer, browser_page: Page, theme: str) -> None:
    query = ("category=flexi-cap&plan=regular&amc=hdfc&amc=uti&amc=ppfas&preset=10y"
             f"&sort=sharpe&order=desc&theme={theme}")  # fmt: skip
    page = open_page(browser_page, f"{real_web.url}/amc?{query}")
    assert ui.theme_of(page) == theme
    ui.ready(page, "table-amc-metrics")
    assert ui.eventually(lambda: len(table_rows(page, "amc-metrics")), 3) == 3
    page.locator(".js-plotly-plot").first.wait_for()
    assert screenshot(page, f"amc-{theme}").stat().st_size > 20_000
