"""The SIP calculator page in a real browser (Debian's Chromium) against real servers.

A SIP is computed through the UI — funds found with the search box, amount, day, step-up
and a custom period typed into the form, "Compute SIP" pressed — and every number shown
must equal the API's answer to the same request (``POST /api/v1/sip`` fetched here with
httpx) formatted by :mod:`fundlens.web.fmt`. By hand: 72 monthly instalments of ₹10,000
rising 10 % every 12 months invest 12 × 10,000 × (1 + 1.1 + 1.21 + 1.331 + 1.4641 +
1.61051) = ₹9,25,873.2; on the demo store a plan without step-up invests amount ×
instalments. The URL holds the plan (round trip), the unknown fund and a plan outside the
history give the API's sentence, and the browser logs no error (``browser_page``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from fundlens.web import fmt
from tests.web import ui
from tests.web.browser import wait_idle
from tests.web.conftest import api_get, api_post, open_page, screenshot, table_rows, text_of
from tests.web.server import WebServer

expect.set_options(timeout=30_000)  # a rerun on a busy 2-core machine

SBI, UTI = 103504, 100822
PLAN = {
    "scheme_codes": [SBI, UTI], "amount": 10000.0, "day": 5, "start_date": "2010-01-01",
    "end_date": "2015-12-31", "step_up": 0.1, "rolling_years": [3],
}  # fmt: skip


def sip_api(server: WebServer, body: dict[str, Any]) -> dict[str, Any]:
    """The API's answer to the request the page sends."""
    return api_post(server, "/api/v1/sip", body)


def add_fund(page: Page, query: str, code: int, *, every: bool = False) -> None:
    """Search ``query`` (with "Every plan and option" when ``every``), click the hit of
    scheme ``code``, wait for it in the fund list."""
    ui.find_fund(page, "sip", query, code, every=every)
    page.locator(f".st-key-sip-remove-{code}").wait_for()
    wait_idle(page)


def assert_shows(page: Page, answer: dict[str, Any]) -> None:
    """The cards and the comparison table show the API's numbers, formatted by fmt."""
    for fund in answer["funds"]:
        code, s = fund["scheme_code"], fund["summary"]
        expect(page.get_by_test_id(f"value-xirr-{code}")).to_have_text(fmt.pct(s["xirr"]))
        expect(page.get_by_test_id(f"value-invested-{code}")).to_have_text(fmt.inr(s["invested"]))
        expect(page.get_by_test_id(f"value-value-{code}")).to_have_text(fmt.inr(s["value"]))
        lump = fmt.pct(fund["lump_sum"]["cagr"])
        expect(page.get_by_test_id(f"value-lump-cagr-{code}")).to_have_text(lump)
    wait_idle(page)  # the run that drew these cards has drawn the tables too
    rows = table_rows(page, "sip-summary")
    assert len(rows) == len(answer["funds"])
    for row, fund in zip(rows, answer["funds"], strict=True):
        s = fund["summary"]
        assert row == {
            "Fund": row["Fund"], "Instalments": fmt.group_in(s["instalments"]),
            "Invested": fmt.inr(s["invested"]), "Value": fmt.inr(s["value"]),
            "Gain": fmt.inr(s["gain"]), "Absolute return": fmt.pct(s["absolute_return"]),
            "XIRR": fmt.pct(s["xirr"]), "Valued on": fmt.day(s["valuation_date"]),
        }  # fmt: skip
        assert row["Fund"].endswith(f"({fund['scheme_code']})")
    lump = table_rows(page, "sip-lump-sum")
    for row, fund in zip(lump, answer["funds"], strict=True):
        ls = fund["lump_sum"]
        assert row == {
            "Fund": row["Fund"], "Invested": fmt.inr(ls["amount"]), "On": fmt.day(ls["date"]),
            "NAV (₹)": fmt.group_in(ls["nav"], 4), "Value": fmt.inr(ls["value"]),
            "Gain": fmt.inr(ls["gain"]), "Absolute return": fmt.pct(ls["absolute_return"]),
            "CAGR": fmt.pct(ls["cagr"]),
        }  # fmt: skip
        # the lump sum is the SIP's total, invested on the first instalment's date
        assert row["Invested"] == fmt.inr(fund["summary"]["invested"])


def test_compute_a_sip_through_the_ui(real_web: WebServer, browser_page: Page) -> None:
    page = open_page(browser_page, f"{real_web.url}/sip")
    add_fund(page, "blue chip", SBI, every=True)  # a Regular plan: not the default row
    add_fund(page, str(UTI), UTI)
    page.locator(".st-key-sip-amount input").fill("10000")
    page.locator(".st-key-sip-day input").fill("5")
    page.locator(".st-key-sip-step-up input").fill("10")
    page.locator(".st-key-sip-period").get_by_text("Custom", exact=True).click()
    ui.type_date(page, "From (custom period)", "01/01/2010")
    ui.type_date(page, "To (custom period)", "31/12/2015")
    page.get_by_role("button", name="Compute SIP").click()

    answer = sip_api(real_web, PLAN)
    assert_shows(page, answer)
    wait_idle(page)
    # by hand: 72 instalments (Jan 2010 - Dec 2015), 10,000 a month +10 % a year
    for code in (SBI, UTI):
        assert text_of(page, f"value-invested-{code}") == "₹9,25,873"
    assert [r["Instalments"] for r in table_rows(page, "sip-summary")] == ["72", "72"]
    instalments = table_rows(page, f"sip-instalments-{SBI}")
    bought = answer["funds"][0]["instalments"]
    assert instalments == [
        {"Scheduled": fmt.day(i["scheduled"]), "Bought on": fmt.day(i["date"]),
         "NAV (₹)": fmt.group_in(i["nav"], 4), "Amount": fmt.inr(i["amount"], 2),
         "Units": fmt.group_in(i["units"], 3)}
        for i in bought
    ]  # fmt: skip
    assert len(instalments) == 72
    assert instalments[0]["NAV (₹)"] == "14.4000"  # 103504.json: 05-01-2010 14.40
    assert [instalments[k]["Amount"] for k in (0, 12, 71)] == [
        "₹10,000.00", "₹11,000.00", "₹16,105.10",
    ]  # fmt: skip
    # the rolling 3-year SIPs: every start month of each fund's history
    rolling = table_rows(page, "sip-rolling")
    for row, fund in zip(rolling, answer["funds"], strict=True):
        d = fund["rolling"][0]["distribution"]
        assert (row["SIPs"], row["Median"], row["P25"], row["P75"]) == (
            fmt.group_in(d["count"]), fmt.pct(d["median"]), fmt.pct(d["p25"]), fmt.pct(d["p75"]),
        )  # fmt: skip
    # the plan is in the URL ...
    query = parse_qs(urlparse(page.url).query)
    assert query == {
        "funds": [str(SBI), str(UTI)], "amount": ["10000"], "day": ["5"], "period": ["custom"],
        "start": ["2010-01-01"], "end": ["2015-12-31"], "step_up": ["10"], "rolling": ["3"],
    }  # fmt: skip
    screenshot(page, "sip-terminal")
    # ... and a fresh page on that URL shows the same plan and the same numbers
    shared = page.url
    open_page(page, shared)
    assert_shows(page, answer)
    assert page.locator(".st-key-sip-amount input").input_value() == "10000"
    assert page.locator(".st-key-sip-step-up input").input_value() == "10.00"
    open_page(page, f"{shared}&theme=editorial")
    assert_shows(page, answer)
    screenshot(page, "sip-editorial")


def test_remove_a_fund(real_web: WebServer, browser_page: Page) -> None:
    url = f"{real_web.url}/sip?funds={SBI}&funds={UTI}&period=all&amount=2500"
    page = open_page(browser_page, url)
    page.locator(f".st-key-sip-remove-{UTI} button").click()
    expect(page.get_by_test_id(f"value-xirr-{UTI}")).to_have_count(0)
    wait_idle(page)
    assert parse_qs(urlparse(page.url).query)["funds"] == [str(SBI)]
    body = {"scheme_codes": [SBI], "amount": 2500.0, "day": 5, "start_date": None,
            "end_date": None, "step_up": 0.0, "rolling_years": [3]}  # fmt: skip
    assert_shows(page, sip_api(real_web, body))


def test_demo_store_plain_sip_invests_amount_times_instalments(
    demo_web: WebServer, browser_page: Page
) -> None:
    page = open_page(browser_page, f"{demo_web.url}/sip?funds=900010&amount=5000&day=1&period=3y")
    banner = page.get_by_test_id("synthetic-banner")
    expect(banner).to_contain_text("synthetic data", ignore_case=True)
    meta = api_get(demo_web, "/api/v1/meta")
    assert meta["as_of_date"] == "2026-10-30"  # the demo universe's fixed end date
    body = {"scheme_codes": [900010], "amount": 5000.0, "day": 1, "start_date": "2023-10-30",
            "end_date": None, "step_up": 0.0, "rolling_years": [3]}  # fmt: skip
    assert_shows(page, sip_api(demo_web, body))
    # by hand: the 3Y preset starts 30 Oct 2023, so day 1 of Nov 2023 … Oct 2026 = 36
    # instalments of ₹5,000 = ₹1,80,000
    [row] = table_rows(page, "sip-summary")
    assert (row["Instalments"], row["Invested"]) == ("36", "₹1,80,000")
    first = table_rows(page, "sip-instalments-900010")[0]
    assert first["Scheduled"] == "01 Nov 2023"
    assert text_of(page, "value-invested-900010") == "₹1,80,000"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("funds=42", "Scheme 42 is not in the store"),
        (f"funds={UTI}&period=custom&start=2016-03-01",
         "Start 2016-03-01 is after the fund's last NAV (2016-02-22)"),
        # a start beyond the store's last date: the date input shows its bound, the
        # request keeps the URL's date and the API says why
        (f"funds={UTI}&period=custom&start=2030-01-01&amount=0.5",
         "Start 2030-01-01 is after the fund's last NAV (2016-02-22)"),
    ],
)  # fmt: skip
def test_unknown_fund_and_a_plan_outside_the_history(
    real_web: WebServer, browser_page: Page, query: str, message: str
) -> None:
    page = open_page(browser_page, f"{real_web.url}/sip?{query}")
    expect(page.get_by_test_id("stAlert")).to_contain_text(message)
    expect(page.get_by_test_id("table-sip-summary")).to_have_count(0)
