"""The response cache per snapshot, ETags and 304s, through real servers on 127.0.0.1: hits
for GET and POST, JSON, CSV, Parquet and HTML; gzip and identity kept apart; errors never
cached; the cache off still gives ETags; a new snapshot invalidates everything without a
restart."""

from __future__ import annotations

import asyncio
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import polars as pl
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fundlens.api import cache
from fundlens.cli import main
from tests.api.server import live_server
from tests.conftest import NAV_JSON

NAV = "/api/v1/funds/100822/nav"
ROLLING = "/api/performance/rolling-returns"
BODY = {"scheme_codes": [103504], "benchmark_code": 100822, "windows": ["1y", "3y"]}


def _import(db: Path, *codes: int) -> None:
    files = [str(NAV_JSON / f"{c}.json") for c in codes]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0


@pytest.fixture(scope="module")
def two_funds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """UTI Nifty 50 Index Fund (100822) and SBI Blue Chip (103504): as of 2016-02-22."""
    db = tmp_path_factory.mktemp("cache") / "real.duckdb"
    _import(db, 100822, 103504)
    return db


@pytest.fixture(scope="module")
def api(two_funds: Path) -> Iterator[str]:
    with live_server(two_funds) as base:
        yield base


@pytest.fixture
def client(api: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api, timeout=60) as c:
        yield c


def test_get_is_computed_once_then_served_with_an_etag(client: httpx.Client) -> None:
    query = {"start_date": "2008-01-01", "end_date": "2008-12-31"}
    first = client.get(NAV, params=query)
    assert first.status_code == 200 and first.headers["x-cache"] == "miss"
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) == 34
    assert first.headers["cache-control"] == "no-cache"
    # the same request with its query in another order is the same request
    again = client.get(f"{NAV}?end_date=2008-12-31&start_date=2008-01-01")
    assert again.headers["x-cache"] == "hit" and again.headers["etag"] == etag
    assert again.content == first.content
    assert again.json()["count"] == first.json()["count"] > 200
    for match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        r = client.get(NAV, params=query, headers={"If-None-Match": match})
        assert r.status_code == 304 and r.content == b"", match
        assert r.headers["etag"] == etag
    r = client.get(NAV, params=query, headers={"If-None-Match": '"other"'})
    assert r.status_code == 200 and r.headers["x-cache"] == "hit"
    other = client.get(NAV, params={"start_date": "2009-01-01"})
    assert other.headers["etag"] != etag and other.headers["x-cache"] == "miss"


def test_post_is_cached_by_its_body(client: httpx.Client) -> None:
    first = client.post(ROLLING, json=BODY)
    assert first.status_code == 200 and first.headers["x-cache"] == "miss"
    again = client.post(ROLLING, json=BODY)
    assert again.headers["x-cache"] == "hit" and again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    changed = client.post(ROLLING, json={**BODY, "windows": ["1y"]})
    assert changed.headers["x-cache"] == "miss"
    assert changed.headers["etag"] != first.headers["etag"]
    # a conditional POST is answered in full (HTTP's 304 is for GET and HEAD only)
    r = client.post(ROLLING, json=BODY, headers={"If-None-Match": first.headers["etag"]})
    assert r.status_code == 200 and r.content == first.content


def test_csv_parquet_and_html_are_cached_as_bytes(client: httpx.Client) -> None:
    hits = {}
    for path, params, kind in (
        (NAV, {"format": "csv"}, "text/csv"),
        ("/api/v1/export/nav", {"codes": "100822,103504", "format": "parquet"}, "parquet"),
        ("/api/v1/funds/103504/report", {"benchmark_code": "100822"}, "text/html"),
    ):
        first = client.get(path, params=params)
        assert first.status_code == 200, first.text
        again = client.get(path, params=params)
        assert (first.headers["x-cache"], again.headers["x-cache"]) == ("miss", "hit")
        assert again.content == first.content
        assert kind in again.headers["content-type"]
        assert again.headers["content-type"] == first.headers["content-type"]
        hits[kind] = again
    assert hits["text/csv"].text.startswith("date,nav")
    frame = pl.read_parquet(io.BytesIO(hits["parquet"].content))
    assert set(frame["scheme_code"].unique().to_list()) == {100822, 103504}
    assert "<html" in hits["text/html"].text.lower()


def test_gzip_and_identity_are_cached_apart(api: str) -> None:
    with httpx.Client(base_url=api) as c:
        zipped = c.get(NAV, headers={"Accept-Encoding": "gzip"})
        plain = c.get(NAV, headers={"Accept-Encoding": "identity"})
        assert zipped.headers["content-encoding"] == "gzip"
        assert "content-encoding" not in plain.headers
        assert zipped.headers["etag"] != plain.headers["etag"]
        with c.stream("GET", NAV, headers={"Accept-Encoding": "gzip"}) as hit:
            wire = b"".join(hit.iter_raw())
            assert hit.headers["x-cache"] == "hit"
            assert hit.headers["content-encoding"] == "gzip"
        assert gzip.decompress(wire) == plain.content
        assert c.get(NAV, headers={"Accept-Encoding": "identity"}).headers["x-cache"] == "hit"


def test_errors_are_never_cached(client: httpx.Client) -> None:
    for path in ("/api/v1/funds/999999/nav", "/api/v1/funds/100822/nav?start_date=x"):
        for _ in range(2):
            r = client.get(path)
            assert r.status_code in (404, 422)
            assert "etag" not in r.headers and "x-cache" not in r.headers
    r = client.post(ROLLING, json={**BODY, "scheme_codes": [999999]})
    assert r.status_code == 404 and "etag" not in r.headers


def test_cache_off_still_gives_etags_and_304(two_funds: Path, api: str) -> None:
    cached = httpx.get(f"{api}{NAV}").headers["etag"]
    off = {"FUNDLENS_API_CACHE": "0"}
    with live_server(two_funds, env=off) as base, httpx.Client(base_url=base) as c:
        states = [c.get(NAV).headers["x-cache"] for _ in range(3)]
        assert states == ["miss"] * 3
        r = c.get(NAV)
        # another process on the same snapshot gives the same tag: workers agree
        assert r.headers["etag"] == cached
        assert c.get(NAV, headers={"If-None-Match": cached}).status_code == 304


def test_a_new_snapshot_invalidates_every_entry(tmp_path: Path) -> None:
    db = tmp_path / "real.duckdb"
    _import(db, 100822, 103504)
    with live_server(db) as base, httpx.Client(base_url=base, timeout=60) as c:
        meta = c.get("/api/v1/meta")
        assert (meta.json()["as_of_date"], meta.json()["schemes"]) == ("2016-02-22", 2)
        nav = c.get(NAV)
        rolling = c.post(ROLLING, json=BODY)
        assert c.get("/api/v1/meta").headers["x-cache"] == "hit"
        etags = {r.url.path: r.headers["etag"] for r in (meta, nav, rolling)}

        _import(db, 100484)  # Franklin India Index Fund, NAVs to 2016-06-10: a new snapshot

        after = c.get("/api/v1/meta", headers={"If-None-Match": etags["/api/v1/meta"]})
        assert after.status_code == 200 and after.headers["x-cache"] == "miss"
        assert (after.json()["as_of_date"], after.json()["schemes"]) == ("2016-06-10", 3)
        nav2 = c.get(NAV, headers={"If-None-Match": etags[NAV]})
        assert nav2.status_code == 200 and nav2.headers["x-cache"] == "miss"
        assert nav2.json()["as_of_date"] == "2016-06-10"
        assert nav2.json()["data"] == nav.json()["data"]  # same NAVs, new stamp
        rolling2 = c.post(ROLLING, json=BODY)
        assert rolling2.headers["x-cache"] == "miss"
        assert rolling2.json()["as_of_date"] == "2016-06-10"
        assert rolling2.headers["etag"] != etags[ROLLING]
        assert c.post(ROLLING, json=BODY).headers["x-cache"] == "hit"


def test_the_cache_is_bounded_in_bytes(two_funds: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process (the bound is not visible from outside): the least recently used entries
    go first once MAX_BYTES is passed; a response over MAX_ENTRY streams through uncached."""
    monkeypatch.setattr(cache, "MAX_BYTES", 3000)
    monkeypatch.setattr(cache, "MAX_ENTRY", 1500)

    async def sized(request: Request) -> Response:
        return Response(b"x" * int(request.path_params["n"]), media_type="text/plain")

    app = cache.ResponseCache(Starlette(routes=[Route("/{n:int}/{k}", sized)]), db=two_funds)

    async def states(paths: list[str]) -> list[str]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return [(await c.get(p)).headers["x-cache"] for p in paths]

    # three 1,000-byte entries fit, and /a is used again; a fourth entry (/d) pushes out
    # the least recently used, /b — not /a
    assert asyncio.run(states(["/1000/a", "/1000/b", "/1000/c", "/1000/a"])) == [
        "miss", "miss", "miss", "hit",
    ]  # fmt: skip
    assert asyncio.run(states(["/1000/d", "/1000/b", "/1000/a"])) == ["miss", "miss", "hit"]
    assert asyncio.run(states(["/2000/big", "/2000/big"])) == ["miss", "miss"]
    assert app._bytes <= 3000
