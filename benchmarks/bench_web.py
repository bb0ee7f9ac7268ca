"""``web``: the dashboard's time to interactive in Debian's Chromium, on the demo store.

Servers as ``fundlens serve`` starts them (:mod:`fundlens.web.launch`): ``fundlens api``
on the demo store and ``streamlit run app.py`` pointed at it. Each load opens the page in
a fresh browser context (no browser cache, no session) and waits until Streamlit has run
the page's script and the page has stopped changing (``tests/web/browser.py``); time to
interactive is the time from the navigation's start to the page's last change — the
moment every element of the page was on screen, with the script finished.

- **cold**: the first load after the servers start (Streamlit imports the page modules,
  Plotly and pandas on that first run; the API answers its first requests). A new pair of
  servers for each cold sample.
- **warm**: later loads of the same page on the same servers (the API's response cache
  and the dashboard's ``st.cache_data`` warm, as for a user's second visit).

Pages: the Fund explorer (the first page) as a visitor first sees it (the root URL: no
fund chosen yet) and as a shared link opens it (two funds and an index-fund benchmark in
the URL: all three cards, four charts and every table drawn), and the Data status page
for comparison. Target (issue 8): the first page warm < 3 s — judged on both forms of it.
"""

from __future__ import annotations

import contextlib
import os
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.bench_api import _demo_store, _free_port, _server
from benchmarks.common import REPO, BenchError, Report, check_disk, fmt_s
from fundlens.web.launch import api_command, web_command

__all__ = ["run"]

TARGET_WARM_S = 3.0
FIRST = ("Fund explorer", "Fund explorer, 2 funds")
SAMPLES = {"quick": {"cold": 1, "warm": 3}, "full": {"cold": 3, "warm": 10}}


@contextlib.contextmanager
def _servers(store: Path, home: Path) -> Iterator[str]:
    """The API and the dashboard on free ports; yields the dashboard's URL."""
    api_port, web_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    env.update({"FUNDLENS_HOME": str(home), "FUNDLENS_OFFLINE": "1", "FUNDLENS_DB": str(store),
                "FUNDLENS_API_URL": f"http://127.0.0.1:{api_port}"})  # fmt: skip
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO / "src"), str(REPO), env.get("PYTHONPATH")])
    )
    api = api_command(store, "127.0.0.1", api_port, 1)
    web = web_command("127.0.0.1", web_port)
    with (
        _server(api, str(api_port), env, home / "api.log"),
        _server(web, str(web_port), env, home / "web.log", health="/_stcore/health") as base,
    ):
        yield base


def _load(browser: Any, url: str) -> tuple[float, str]:
    """One load in a fresh context: (seconds to interactive, the page's title)."""
    from tests.web.browser import settled_at, wait_idle

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url)
        wait_idle(page, timeout=120_000)
        return settled_at(page) / 1000, page.locator("h1").inner_text()
    finally:
        context.close()


def _pages(store: Path) -> dict[str, str]:
    """Page → URL path; the populated explorer shows the two longest-lived funds of the
    store against its longest-lived index fund."""
    from fundlens.schemes.benchmarks import index_funds
    from fundlens.store.snapshots import reader

    con = reader(store)
    try:
        schemes = con.sql("SELECT * FROM schemes").pl()
        first = con.sql(
            "SELECT scheme_code FROM nav GROUP BY 1 ORDER BY min(date), scheme_code"
        ).fetchall()
    finally:
        con.close()
    indices = set(index_funds(schemes)["scheme_code"].to_list())
    codes = [c for (c,) in first]
    bench = next(c for c in codes if c in indices)
    funds = [c for c in codes if c not in indices][:2]
    shared = "/?" + "&".join(f"funds={c}" for c in funds) + f"&bench={bench}"
    return {FIRST[0]: "/", FIRST[1]: shared, "Data status": "/status"}


def run(*, quick: bool, workdir: Path) -> Report:
    from playwright.sync_api import sync_playwright
    from tests.web.browser import CHROMIUM, CHROMIUM_ARGS

    mode = "quick" if quick else "full"
    check_disk(workdir, 1)
    if not Path(CHROMIUM).exists():
        raise BenchError(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    store, _ = _demo_store(workdir)
    pages = _pages(store)
    n = SAMPLES[mode]
    cold: dict[str, list[float]] = {name: [] for name in pages}
    warm: dict[str, list[float]] = {name: [] for name in pages}
    home = workdir / "web-home"
    home.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        try:
            for name, path in pages.items():
                for _ in range(n["cold"]):
                    with _servers(store, home) as base:
                        cold[name].append(_load(browser, base + path)[0])
                        warm[name] += [_load(browser, base + path)[0] for _ in range(n["warm"])]
        finally:
            browser.close()
    return _report(mode, store, version, pages, cold, warm)


def _report(
    mode: str,
    store: Path,
    version: str,
    pages: dict[str, str],
    cold: dict[str, list[float]],
    warm: dict[str, list[float]],
) -> Report:
    import streamlit
    from tests.web.browser import CHROMIUM

    rows = []
    for name, path in pages.items():
        w = sorted(warm[name])
        rows.append([
            f"{name} ({path})", fmt_s(statistics.median(cold[name])),
            fmt_s(statistics.median(w)), fmt_s(w[-1]), f"{len(cold[name])} + {len(w)}",
        ])  # fmt: skip
    first = max(statistics.median(warm[name]) for name in FIRST)
    verdict = "met" if first < TARGET_WARM_S else "MISSED"
    notes = [
        f"Store: {store.name} (the synthetic demo: 300 schemes). Browser: {CHROMIUM} "
        f"{version} headless, 1400×1000, a fresh context per load; Streamlit "
        f"{streamlit.__version__}; servers as `fundlens serve` starts them (1 API worker).",
        "Time to interactive: navigation start → the page's last change, with Streamlit's "
        "script finished and no spinner (measured in the page; the page counts as settled "
        "after 300 ms without a change, which is not included).",
        "Cold: the first load after the servers start (a new pair of servers per sample). "
        "Warm: the following loads on the same servers.",
        f"Target: the first page (Fund explorer, both forms) warm median < "
        f"{TARGET_WARM_S:.0f} s — {verdict}"
        + (" (quick size: smoke test only)" if mode == "quick" else ""),
    ]
    return Report(
        name=f"web ({mode})",
        title=f"web ({mode}): time to interactive in Chromium, demo store",
        columns=["page", "cold (first load)", "warm median", "warm max", "loads (cold + warm)"],
        rows=rows,
        notes=notes,
        last_line=f"web: Fund explorer warm median ≤ {first:.2f} s, cold ≤ "
        f"{max(statistics.median(cold[name]) for name in FIRST):.2f} s (target warm < "
        f"{TARGET_WARM_S:.0f} s: {verdict})",
    )
