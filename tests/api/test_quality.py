"""``GET /api/v1/meta/quality`` through a real server: on a store built by hand from two
AMFI files (every expected row written down from those files), and on the demo store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fundlens import pipeline
from tests.api.server import live_server

HEADER_A = (
    "Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Repurchase Price;Sale Price;Date"
)


def _amfi(folder: Path, rows: list[str]) -> Path:
    """A hand-made AMFI layout-A file (CRLF, one AMC, one category)."""
    path = folder / "2024" / "01" / "25.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [HEADER_A, "", "Open Ended Schemes ( Equity Scheme - Large Cap Fund )", "", "",
             "Test Mutual Fund", *rows, ""]  # fmt: skip
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def build_quality_store(tmp: Path) -> Path:
    """Alpha: NAVs on 01, 02 and 25 Jan 2024 (a 23-day gap). Beta: one NAV on 01 Jan,
    restated twice by a second file (20.00 → 20.50 → 20.75), none after: stale on 25 Jan.
    (Also the dashboard's Data status test store.)"""
    db = tmp / "q.duckdb"
    first = _amfi(tmp / "a", [
        "100001;Alpha Fund - Growth;;;10.0000;;;01-Jan-2024",
        "100002;Beta Fund - Growth;;;20.0000;;;01-Jan-2024",
    ])  # fmt: skip
    second = _amfi(tmp / "b", [
        "100001;Alpha Fund - Growth;;;10.1000;;;02-Jan-2024",
        "100002;Beta Fund - Growth;;;20.5000;;;01-Jan-2024",
        "100002;Beta Fund - Growth;;;20.7500;;;01-Jan-2024",
        "100001;Alpha Fund - Growth;;;10.3000;;;25-Jan-2024",
    ])  # fmt: skip
    pipeline.ingest_paths(db, [first])
    pipeline.ingest_paths(db, [second])
    return db


@pytest.fixture(scope="module")
def quality_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(build_quality_store(tmp_path_factory.mktemp("quality"))) as base:
        yield base


def test_revisions_and_events_of_a_hand_built_store(quality_api: str) -> None:
    body = httpx.get(f"{quality_api}/api/v1/meta/quality").json()
    assert body["as_of_date"] == "2024-01-25" and body["synthetic"] is False
    assert body["limit"] == 20
    assert body["revisions_total"] == 2
    revs = sorted(body["revisions"], key=lambda r: r["new_nav"])
    assert [(r["scheme_code"], r["name"], r["date"], r["old_nav"], r["new_nav"]) for r in revs] == [
        (100002, "Beta Fund - Growth", "2024-01-01", 20.0, 20.5),
        (100002, "Beta Fund - Growth", "2024-01-01", 20.5, 20.75),
    ]
    assert revs[0]["change"] == pytest.approx(0.025)  # 20.5 / 20 − 1
    assert revs[1]["change"] == pytest.approx(0.25 / 20.5)
    assert all(r["source"].endswith("25.csv") and r["at"].endswith("Z") for r in revs)
    assert body["events_total"] == 2
    assert body["events_by_kind"] == {"face_value_change": 0, "outlier": 0, "gap": 1, "stale": 1}
    assert [(e["scheme_code"], e["name"], e["date"], e["kind"]) for e in body["events"]] == [
        (100001, "Alpha Fund - Growth", "2024-01-25", "gap"),  # latest date first
        (100002, "Beta Fund - Growth", "2024-01-01", "stale"),
    ]
    assert body["events"][0]["detail"] == "gap 23 d since 2024-01-02"
    assert body["events"][1]["detail"] == "no NAV for 24 d before 2024-01-25"


def test_limit_cuts_the_lists_not_the_totals(quality_api: str) -> None:
    body = httpx.get(f"{quality_api}/api/v1/meta/quality", params={"limit": 1}).json()
    assert (len(body["revisions"]), len(body["events"])) == (1, 1)
    assert (body["revisions_total"], body["events_total"]) == (2, 2)
    assert body["events"][0]["kind"] == "gap"
    for bad in (0, 501, "x"):
        r = httpx.get(f"{quality_api}/api/v1/meta/quality", params={"limit": bad})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "limit"]


def test_demo_store(demo_api: str) -> None:
    """The demo holds no revisions and 24 stale schemes (its generator retires 24)."""
    r = httpx.get(f"{demo_api}/api/v1/meta/quality", params={"limit": 50})
    assert r.status_code == 200 and r.headers["X-Cache"] in ("hit", "miss")
    body = r.json()
    assert body["synthetic"] is True
    assert (body["revisions_total"], body["revisions"]) == (0, [])
    assert body["events_by_kind"] == {"face_value_change": 0, "outlier": 0, "gap": 0, "stale": 24}
    assert body["events_total"] == len(body["events"]) == 24
    assert all(e["name"].endswith("(Synthetic)") for e in body["events"])
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates, reverse=True)
    again = httpx.get(f"{demo_api}/api/v1/meta/quality", params={"limit": 50})
    assert again.headers["X-Cache"] == "hit" and again.json() == body


def test_documented_in_openapi(demo_api: str) -> None:
    spec = httpx.get(f"{demo_api}/openapi.json").json()
    op = spec["paths"]["/api/v1/meta/quality"]["get"]
    assert op["operationId"] == "meta-quality"
    props = spec["components"]["schemas"]["Revision"]["properties"]
    assert "fraction" in props["change"]["description"]
    assert "rupees" in props["old_nav"]["description"]
