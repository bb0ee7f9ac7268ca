"""``GET /api/v1/categories/{slug}/leaders`` through a real server.

Two paths: the demo store as built has no ``fund_metrics`` rows, so the leaders are
computed (``source: computed``); a copy with the table refreshed serves the seed 002 keys
from it (``source: fund_metrics``). Both are asserted against
``services.category.category_leaders`` (the CLI's engine) on the same store, and the order
against a pandas sort of the ``fund_metrics`` frame. Latency is measured on the demo store
with the response cache off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pandas as pd
import pytest

from fundlens.analytics.peers import PRICE_RETURN_OPTIONS
from fundlens.services.category import category_leaders
from fundlens.services.fund_metrics import read_fund_metrics, refresh_fund_metrics
from fundlens.store.snapshots import current_snapshot, reader
from tests.api.server import live_server

URL = "/api/v1/categories/{slug}/leaders"
FIELDS = ("rank", "scheme_code", "name", "value", "percentile", "quartile")


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="module")
def fm_store(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store copied (a plain file becomes snapshot 1) with fund_metrics refreshed."""
    db = tmp_path_factory.mktemp("api-fm") / "fm.duckdb"
    source = current_snapshot(demo_store)
    assert source is not None
    shutil.copyfile(source, db)
    summary = refresh_fund_metrics(db, rf=0.065)
    assert summary.rows > 0
    return db


@pytest.fixture(scope="module")
def fm_api(fm_store: Path) -> Iterator[str]:
    env = {"FUNDLENS_API_CACHE": "0", "FUNDLENS_RATE_LIMIT": "0"}
    with live_server(fm_store, env=env) as base:
        yield base


def leaders(api: str, slug: str, **params: object) -> httpx.Response:
    return httpx.get(f"{api}{URL.format(slug=slug)}", params=params, timeout=60)


def assert_same(body: dict, expected: dict) -> None:
    """The API's leaders equal category_leaders' (values to 1e-12)."""
    got = [tuple(f[k] for k in FIELDS) for f in body["funds"]]
    want = [tuple(f[k] for k in FIELDS) for f in expected["funds"]]
    assert [g[:3] for g in got] == [w[:3] for w in want]  # rank, code, name: exact
    for g, w in zip(got, want, strict=True):
        assert g[3:5] == pytest.approx(w[3:5], rel=1e-12, abs=1e-15)
        assert g[5] == w[5]
    summary = expected["summary"][0] if expected["summary"] else None
    assert body["peer_count"] == (summary["peer_count"] if summary else 0)
    for key in ("median", "p25", "p75", "best", "worst"):
        assert body[key] == pytest.approx(summary[key] if summary else None, rel=1e-12)
    assert body["key"] == expected["key"] and body["better"] == expected["better"]


CASES = [
    ("flexi-cap", "return", "3y", "direct"),
    ("flexi-cap", "sharpe", "1y", "regular"),
    ("flexi-cap", "volatility", "3y", "direct"),
    ("corporate-bond", "max_drawdown", "1y", "direct"),
    ("large-cap", "rolling_beat_benchmark", "3y", "direct"),
    ("elss", "alpha", "3y", "regular"),
]


@pytest.mark.parametrize(("slug", "metric", "window", "plan"), CASES)
def test_fund_metrics_path_equals_the_engine(
    fm_api: str, fm_store: Path, slug: str, metric: str, window: str, plan: str
) -> None:
    r = leaders(fm_api, slug, metric=metric, window=window, plan=plan, limit=50)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "fund_metrics"
    assert body["synthetic"] is True and body["as_of"] == body["as_of_date"]
    with engine(fm_store) as con:
        expected = category_leaders(con, slug, metric=metric, window=window, plan=plan, limit=50)
    assert body["funds"], "a peer group with funds"
    assert_same(body, expected)


@pytest.mark.parametrize(("slug", "metric", "window", "plan"), CASES[:3])
def test_computed_path_on_a_store_without_the_table(
    demo_api: str, demo_store: Path, slug: str, metric: str, window: str, plan: str
) -> None:
    body = leaders(demo_api, slug, metric=metric, window=window, plan=plan, limit=50).json()
    assert body["source"] == "computed"
    with engine(demo_store) as con:
        expected = category_leaders(con, slug, metric=metric, window=window, plan=plan, limit=50)
    assert_same(body, expected)


def test_a_key_outside_fund_metrics_is_computed(fm_api: str, fm_store: Path) -> None:
    body = leaders(fm_api, "flexi-cap", metric="calmar", window="3y").json()
    assert body["source"] == "computed" and body["key"] == "calmar_3y"
    with engine(fm_store) as con:
        expected = category_leaders(con, "flexi-cap", metric="calmar", window="3y", limit=10)
    assert_same(body, expected)


@pytest.mark.parametrize(
    ("metric", "key"), [("return", "return_3y"), ("volatility", "volatility_3y")]
)
def test_order_is_a_pandas_sort_of_the_frame(
    fm_api: str, fm_store: Path, metric: str, key: str
) -> None:
    body = leaders(fm_api, "flexi-cap", metric=metric, window="3y", limit=50).json()
    with engine(fm_store) as con:
        frame = read_fund_metrics(con).to_pandas()
    as_of = dt.date.fromisoformat(body["as_of"])
    peers = frame[
        (frame["sebi_category"] == "Flexi Cap")
        & (frame["plan"] == "direct")
        & ~frame["option"].isin(PRICE_RETURN_OPTIONS)
        & (frame["last_nav_date"] >= pd.Timestamp(as_of - dt.timedelta(days=7)))
        & (frame["history_days"] >= 1095)
        & frame[key].notna()
    ]
    lower_better = body["better"] == "lower"
    assert lower_better == (metric == "volatility")
    ordered = peers.sort_values(key, ascending=lower_better)
    assert [f["scheme_code"] for f in body["funds"]] == ordered["scheme_code"].tolist()
    ranks = ordered[key].rank(method="average", ascending=lower_better).tolist()
    assert [f["rank"] for f in body["funds"]] == ranks
    assert [f["value"] for f in body["funds"]] == pytest.approx(ordered[key].tolist(), rel=1e-12)
    assert body["peer_count"] == len(ordered)
    assert body["median"] == pytest.approx(ordered[key].median(), rel=1e-12)


def test_limit_keeps_the_best(fm_api: str) -> None:
    every = leaders(fm_api, "flexi-cap", limit=50).json()
    two = leaders(fm_api, "flexi-cap", limit=2).json()
    assert two["funds"] == every["funds"][:2] and two["peer_count"] == every["peer_count"] > 2
    assert [f["rank"] for f in two["funds"]] == [1.0, 2.0]
    assert two["funds"][0]["percentile"] == 1.0 and two["funds"][0]["quartile"] == 1


def test_a_bucket_that_is_no_peer_group_has_no_leaders(fm_api: str) -> None:
    body = leaders(fm_api, "legacy", plan="regular").json()
    assert body["peer_count"] == 0 and body["funds"] == [] and body["median"] is None


def test_latency_on_the_demo_store(fm_api: str, demo_api: str) -> None:
    """Both paths, cache off on the fund_metrics server: median and worst of 20 requests
    (different windows so that no two are alike); printed, bounded loosely."""
    windows = ["1m", "3m", "6m", "1y", "3y"]
    timings: dict[str, list[float]] = {"fund_metrics": [], "computed": []}
    for i in range(20):
        params = {
            "metric": "return",
            "window": windows[i % 5],
            "plan": ("direct", "regular")[i % 2],
        }
        start = time.perf_counter()
        body = leaders(fm_api, "flexi-cap", **params).json()
        timings[body["source"]].append(time.perf_counter() - start)
    for i in range(5):
        params = {"metric": "calmar", "window": ("1y", "3y", "5y")[i % 3], "limit": 5 + i}
        start = time.perf_counter()
        body = leaders(fm_api, "mid-cap", **params).json()
        timings[body["source"]].append(time.perf_counter() - start)
    fast, slow = timings["fund_metrics"], timings["computed"]
    print(
        f"\nleaders on the demo store: fund_metrics median {statistics.median(fast) * 1e3:.1f} ms "
        f"(max {max(fast) * 1e3:.1f}), computed median {statistics.median(slow) * 1e3:.1f} ms "
        f"(max {max(slow) * 1e3:.1f})"
    )
    assert len(fast) == 20 and len(slow) == 5
    assert statistics.median(fast) < 0.25  # measured ≈ 10 ms; loose for a busy CI machine


@pytest.mark.parametrize(
    ("slug", "params", "status", "detail"),
    [
        ("nope", {}, 404, "unknown category slug 'nope'"),
        ("Flexi Cap", {}, 404, "unknown category slug 'Flexi Cap'"),
        ("flexi-cap", {"metric": "cagr", "window": "3y"}, 422, "no metric 'cagr' over window '3y'"),
    ],
)
def test_errors_with_a_sentence(
    fm_api: str, slug: str, params: dict, status: int, detail: str
) -> None:
    r = leaders(fm_api, slug, **params)
    assert r.status_code == status and r.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"metric": "beta"}, "metric"),  # no better direction: not offered
        ({"metric": "nav"}, "metric"),
        ({"window": "2y"}, "window"),
        ({"plan": "gold"}, "plan"),
        ({"limit": 0}, "limit"),
        ({"limit": 51}, "limit"),
    ],
)
def test_bad_parameters_are_422(fm_api: str, params: dict, field: str) -> None:
    r = leaders(fm_api, "flexi-cap", **params)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", field]
