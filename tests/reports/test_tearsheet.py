"""``fundlens report``: the tearsheet file of real and demo stores, opened and read back.

Numbers asserted are hand calculations on the NAVs of ``../shared/data/nav/`` (written
out as literals), pyxirr on the SIP's own cash flows, or the values of the services the
page promises to show (``metrics_report``, ``sip_report``, ``peer_rank``).
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import pyxirr

import fundlens
from fundlens.cli import main
from fundlens.reports.html import inr, pct
from fundlens.reports.tearsheet import SECTION_IDS
from fundlens.services.report import metrics_report
from fundlens.services.sip import sip_report
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON, SHARED

#: SBI Blue Chip Regular, UTI Nifty 50 Regular (its benchmark), Mirae Large Cap Regular
#: (its one Large Cap regular peer; "Growth Plan" is known to be Regular from its Direct
#: twin 118825), SBI Blue Chip Direct, UTI Nifty 50 Direct, SBI Gilt.
CODES = (103504, 100822, 107578, 118825, 119598, 120716, 101001)
NIFTY_PR = SHARED / "data" / "meta" / "index" / "NIFTY 50_Historical_PR_12112004to12112024.csv"


class Page(HTMLParser):
    """What a test needs from a tearsheet: sections and their headings, every src/href,
    the tags used, the cells marked with data-key/data-col, and the text (a section's
    heading is its ``<h1>`` or ``<h2>``)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, str] = {}
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.cells: dict[tuple[str, str], str] = {}
        self.ids: set[str] = set()
        self._section: str | None = None
        self._in_h2 = False
        self._cell: tuple[str, str] | None = None
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "srcset", "action") and value:
                self.links.append(value)
        if tag == "section":
            self._section = a.get("id")
            if self._section:
                self.sections[self._section] = ""
        elif tag in ("h1", "h2"):
            self._in_h2 = True
        elif tag == "td" and a.get("data-key") and a.get("data-col"):
            self._cell = (str(a["data-key"]), str(a["data-col"]))
            self.cells[self._cell] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2"):
            self._in_h2 = False
        elif tag == "td":
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2 and self._section:
            self.sections[self._section] += data
        if self._cell:
            self.cells[self._cell] += data


def _report(db: Path, out: Path, code: int, *args: str) -> tuple[str, Page]:
    assert main(["report", str(code), "-o", str(out), "--db", str(db), *args]) == 0
    text = out.read_text(encoding="utf-8")
    return text, Page(text)


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("report") / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return db


@pytest.fixture(scope="module")
def real_page(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Page]:
    out = tmp_path_factory.mktemp("html") / "report.html"
    return _report(real_db, out, 103504, "--benchmark", "100822")


def test_every_section_with_its_heading(real_page: tuple[str, Page]) -> None:
    _, page = real_page
    assert list(page.sections) == list(SECTION_IDS)
    assert all(heading.strip() for heading in page.sections.values()), page.sections
    assert page.sections["header"] == "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH"  # the <h1>
    assert page.sections["drawdowns"] == "Drawdowns"
    assert page.sections["peers"] == "Peer rank"


def test_self_contained_and_sane_size(real_page: tuple[str, Page]) -> None:
    text, page = real_page
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert "<script" not in text.lower()
    assert not [u for u in page.links if "http" in u.lower()], page.links
    assert all(u.startswith("#") for u in page.links)  # only in-page SVG references
    assert "@import" not in text and "url(http" not in text
    assert text.count("<svg") == 8  # every chart inline
    assert 100_000 < len(text.encode()) < 1_500_000


def test_key_numbers_are_those_of_the_metric_set(
    real_db: Path, real_page: tuple[str, Page]
) -> None:
    _, page = real_page
    # by hand: NAV 10.01 on 2006-02-17 → 26.17 on 2016-02-22, 3,657 days
    assert page.cells[("cagr", "fund")] == "10.07%"  # (26.17/10.01)^(365/3657) − 1 = 0.10067
    # 17.07 on 2008-01-04 → 6.58 on 2009-03-09 (the existing anchor of 103504)
    assert page.cells[("max_drawdown", "fund")] == "-61.45%"  # 6.58/17.07 − 1 = −0.61453
    # the benchmark's own column over the same dates: 18.94 → 45.72
    assert page.cells[("cagr", "benchmark")] == "9.19%"  # (45.72/18.94)^(365/3657) − 1
    assert "₹26,144" in "".join(page.text)  # 10,000 × 26.17 / 10.01 = 26,143.86
    with reader(real_db) as con:
        report = metrics_report(con, 103504, benchmark=100822, rf=0.065)
    for key in ("cagr", "max_drawdown", "volatility", "return_3y", "alpha", "tracking_error"):
        assert page.cells[(key, "fund")] == pct(report["metrics"][key]), key
    assert page.cells[("beta", "fund")] == f"{report['metrics']['beta']:.2f}"
    # the top drawdown of the table is the max drawdown of the key metrics
    assert page.cells[("depth", "1")] == "-61.45%"


def test_header_names_the_benchmark_window_and_rf(real_page: tuple[str, Page]) -> None:
    _, page = real_page
    text = " ".join(page.text)
    assert "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH" in text
    assert "100822 UTI Nifty 50 Index Fund - Regular Plan - Growth Option" in text
    assert "index fund (incl. costs)" in text
    assert "2006-02-17 → 2016-02-22" in text
    assert "6.50% a year" in text
    assert "Store as of" in text and "2016-02-22" in text  # the store's last NAV
    assert "synthetic-banner" not in page.ids and "SYNTHETIC" not in text
    assert "idcw-note" not in page.ids


def test_sip_section_matches_pyxirr(real_db: Path, real_page: tuple[str, Page]) -> None:
    _, page = real_page
    with reader(real_db) as con:
        sip = sip_report(
            con, 103504, amount=10_000, day=1, start_date=dt.date(2006, 2, 17),
            end_date=dt.date(2016, 2, 22), max_points=None,
        )  # fmt: skip
    texts = " ".join(page.text)
    # 1 March 2006 … 1 February 2016: 120 instalments of ₹10,000, by hand
    assert "₹12,00,000" in texts and sip["summary"]["instalments"] == 120
    flows = [-i["amount"] for i in sip["instalments"]] + [sip["summary"]["value"]]
    days = [dt.date.fromisoformat(i["date"]) for i in sip["instalments"]]
    rate = pyxirr.xirr([*days, dt.date.fromisoformat(sip["summary"]["valuation_date"])], flows)
    assert pct(rate) in texts
    assert inr(sip["summary"]["value"]) in texts


def test_peer_rank_among_two_large_cap_regular_funds(
    real_db: Path, real_page: tuple[str, Page]
) -> None:
    _, page = real_page
    with reader(real_db) as con:
        mine = metrics_report(con, 103504, benchmark=100822, rf=0.065)["metrics"]["return_3y"]
        peer = metrics_report(con, 107578, benchmark=100822, rf=0.065)["metrics"]["return_3y"]
    # two peers alive on 2016-02-22 (103504 and 107578): the better 3-year return ranks 1
    assert page.cells[("return_3y", "rank")] == ("1 of 2" if mine > peer else "2 of 2")
    assert page.cells[("return_3y", "median")] == pct((mine + peer) / 2)
    assert page.cells[("return_3y", "category")] == pct((mine + peer) / 2)  # key metrics
    assert page.cells[("return_3y", "quartile")] in ("Q1", "Q4")


def test_window_and_no_benchmark(real_db: Path, tmp_path: Path) -> None:
    _, page = _report(
        real_db, tmp_path / "w.html", 103504, "--benchmark", "none",
        "--from", "2009-01-01", "--to", "2012-12-31",
    )  # fmt: skip
    text = " ".join(page.text)
    assert "2009-01-01 → 2012-12-31" in text
    # 16.67 on 2010-11-09 → 11.83 on 2011-12-20, inside the window, by hand
    assert page.cells[("depth", "1")] == pct(11.83 / 16.67 - 1)
    assert "No benchmark: no benchmark given" in text
    assert ("cagr", "benchmark") not in page.cells
    assert list(page.sections) == list(SECTION_IDS)


def test_debt_fund_without_a_category_benchmark(real_db: Path, tmp_path: Path) -> None:
    _, page = _report(real_db, tmp_path / "gilt.html", 101001)
    text = " ".join(page.text)
    assert "no benchmark for Gilt" in text
    assert list(page.sections) == list(SECTION_IDS)


def test_an_index_series_as_benchmark_is_labelled(real_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "index.duckdb"
    db.write_bytes(real_db.read_bytes())
    assert main(["index", "import", "NIFTY 50", str(NIFTY_PR), "--price", "--db", str(db)]) == 0
    _, page = _report(db, tmp_path / "i.html", 103504, "--benchmark", "index:NIFTY 50")
    text = " ".join(page.text)
    assert "NIFTY 50 — price index" in text
    # Nifty 50 closes 2981.50 on 2006-02-17 → 7234.55 on 2016-02-22 (NSE's file), by hand
    assert page.cells[("cagr", "benchmark")] == pct((7234.55 / 2981.50) ** (365 / 3657) - 1)
    assert page.cells[("cagr", "fund")] == "10.07%"


def test_demo_store_says_synthetic_and_idcw(demo_store: Path, tmp_path: Path) -> None:
    text, page = _report(demo_store, tmp_path / "demo.html", 900128)
    assert "synthetic-banner" in page.ids
    assert text.index("synthetic-banner") < text.index('<section id="header"')  # at the top
    assert "SYNTHETIC DATA" in text
    assert list(page.sections) == list(SECTION_IDS)
    _, idcw = _report(demo_store, tmp_path / "idcw.html", 900136)
    assert "idcw-note" in idcw.ids
    assert "IDCW: price return only" in " ".join(idcw.text)


def test_library_gives_the_same_page(real_db: Path) -> None:
    with fundlens.open(real_db) as store:
        text = store.report(103504, benchmark=100822)
    page = Page(text)
    assert list(page.sections) == list(SECTION_IDS)
    assert page.cells[("cagr", "fund")] == "10.07%"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "123"], "scheme 123 is not in the store"),
        (["report", "103504", "--sip-day", "0"], "day 1–31"),
        (["report", "103504", "--benchmark", "x"], "give a scheme code"),
        (["report", "103504", "-o", "/nonexistent/dir/r.html"], "does not exist"),
    ],
)
def test_errors_are_one_red_line(
    real_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    capsys.readouterr()
    assert main([*argv, "--db", str(real_db)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_default_output_name(real_db: Path, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "120716", "--db", str(real_db)]) == 0
    assert (tmp_path / "tearsheet-120716.html").stat().st_size > 100_000


def test_a_window_of_seven_weeks_says_what_it_cannot_show(real_db: Path, tmp_path: Path) -> None:
    text, page = _report(
        real_db, tmp_path / "short.html", 103504, "--from", "2015-12-01", "--to", "2016-01-20"
    )
    words = " ".join(page.text)
    assert list(page.sections) == list(SECTION_IDS)
    # 2015-12-01 → 2016-01-20 is 50 days: no rolling return, month, year or rolling SIP
    assert "1y: history 50 d < window 365 d" in words
    assert "No complete month in the window" in words
    assert "no complete 1y SIP fits in the window" in words
    assert "<svg" in text and ("rolling_1y_mean", "fund") not in page.cells
