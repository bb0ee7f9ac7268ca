"""Security items of the API, each through a real uvicorn server on 127.0.0.1: the admin
route (absent without FUNDLENS_API_KEY, 401 without or with a wrong key, 202 with it and
the update really running against the AMFI stand-in), CORS, the rate limit, gzip, the body
limit, and no traceback in any error body."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.api.server import free_port, live_server
from tests.api.update_world import (
    AS_OF,
    BEFORE,
    KEY,
    UPDATED,
    build_store,
    server_env,
    start_update,
    wait_for_job,
)
from tests.conftest import AMFI_DAILY
from tests.utils.amfi_server import AmfiServer, start_amfi_server

ORIGIN = "https://dashboard.example"
ADMIN = "/api/v1/admin/update"


def _no_traceback(response: httpx.Response) -> None:
    """An error body is JSON ``{"detail": ...}`` and shows no stack trace."""
    assert response.headers["content-type"].startswith("application/json"), response.text
    assert "detail" in response.json()
    assert "Traceback" not in response.text and 'File "' not in response.text


@pytest.fixture
def amfi(tmp_path: Path) -> Iterator[AmfiServer]:
    with start_amfi_server(AMFI_DAILY, tmp_path / "amfi-srv") as srv:
        yield srv


@pytest.fixture
def admin_api(tmp_path: Path, amfi: AmfiServer) -> Iterator[str]:
    """A server with an API key and a CORS origin, on a real store it can update."""
    db = build_store(tmp_path / "real.duckdb")
    env = server_env(amfi.base_url, tmp_path / "home", FUNDLENS_CORS_ORIGINS=ORIGIN)
    with live_server(db, env=env) as base:
        yield base


# --- the admin route ----------------------------------------------------------------------


def test_admin_route_does_not_exist_without_a_key(demo_api: str) -> None:
    with httpx.Client(base_url=demo_api) as c:
        for r in (
            c.post(ADMIN),
            c.post(ADMIN, headers={"X-API-Key": "anything"}, json={}),
            c.get(f"{ADMIN}/{'0' * 32}", headers={"X-API-Key": "anything"}),
        ):
            assert r.status_code == 404
            assert r.json() == {"detail": "Not Found"}
        paths = c.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/api/v1/admin")]


def test_admin_update_needs_the_key_then_runs_in_the_background(
    admin_api: str, amfi: AmfiServer
) -> None:
    with httpx.Client(base_url=admin_api, timeout=30) as c:
        assert ADMIN in c.get("/openapi.json").json()["paths"]
        for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": KEY.upper()}):
            r = c.post(ADMIN, json={"as_of": AS_OF}, headers=headers)
            assert r.status_code == 401
            assert r.json() == {"detail": "missing or wrong X-API-Key"}
            _no_traceback(r)
        assert amfi.read_log() == []  # nothing was started
        assert c.get("/api/v1/meta").json()["as_of_date"] == BEFORE

        r = start_update(c)
        assert r.status_code == 202
        job = r.json()
        assert job["state"] == "running" and job["requested_as_of"] == AS_OF
        assert job["as_of_date"] == BEFORE and job["synthetic"] is False
        assert r.headers["location"] == job["status_url"] == f"{ADMIN}/{job['job_id']}"
        assert c.get(job["status_url"]).status_code == 401  # the status needs the key too

        done = wait_for_job(c, job["status_url"])
        assert done["state"] == "succeeded" and done["exit_code"] == 0, done
        assert done["as_of_date"] == UPDATED
        summary = done["summary"]
        assert (summary["from_date"], summary["to_date"]) == ("2026-08-19", "2026-10-10")
        # the stand-in has files for 08-20 and 10-10 only: the other 51 days are holidays
        assert summary["days_fetched"] == 2 and summary["days_holiday"] == 51
        assert summary["days_failed"] == {} and summary["fund_metrics"] == "refreshed"
        assert summary["rows_loaded"] > 0
        # the server answers from the new snapshot without a restart
        assert c.get("/api/v1/meta").json()["as_of_date"] == UPDATED
        asked = {r["query"] for r in amfi.read_log() if "NAVHistory" in str(r["path"])}
        assert len(asked) == 53

        assert c.get(f"{ADMIN}/{'f' * 32}", headers={"X-API-Key": KEY}).status_code == 404
        bad = c.get(f"{ADMIN}/not-a-job", headers={"X-API-Key": KEY})
        assert bad.status_code == 422
        _no_traceback(bad)
        r = c.post(ADMIN, json={"as_of": "soon"}, headers={"X-API-Key": KEY})
        assert r.status_code == 422
        _no_traceback(r)


# --- CORS ---------------------------------------------------------------------------------


def _preflight(c: httpx.Client, origin: str) -> httpx.Response:
    return c.options(
        "/api/v1/meta",
        headers={"Origin": origin, "Access-Control-Request-Method": "GET"},
    )


def test_cors_preflight_with_a_configured_origin(admin_api: str) -> None:
    with httpx.Client(base_url=admin_api) as c:
        r = _preflight(c, ORIGIN)
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == ORIGIN
        assert "GET" in r.headers["access-control-allow-methods"]
        other = _preflight(c, "https://elsewhere.example")
        assert other.status_code == 400
        assert "access-control-allow-origin" not in other.headers
        simple = c.get("/api/v1/meta", headers={"Origin": ORIGIN})
        assert simple.headers["access-control-allow-origin"] == ORIGIN
        assert "etag" in simple.headers["access-control-expose-headers"].lower()


def test_no_cors_headers_by_default(demo_api: str) -> None:
    with httpx.Client(base_url=demo_api) as c:
        r = _preflight(c, ORIGIN)
        assert r.status_code == 405  # no CORS middleware: OPTIONS is just not a route
        assert not [h for h in r.headers if h.startswith("access-control-")]
        simple = c.get("/api/v1/meta", headers={"Origin": ORIGIN})
        assert simple.status_code == 200
        assert not [h for h in simple.headers if h.startswith("access-control-")]


# --- rate limit ---------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(demo_store: Path) -> None:
    with live_server(demo_store, env={"FUNDLENS_RATE_LIMIT": "5"}) as base:
        with httpx.Client(base_url=base) as c:
            codes = [c.get("/api/v1/meta").status_code for _ in range(5)]
            assert codes == [200] * 5
            r = c.get("/api/v1/meta")
            assert r.status_code == 429
            assert r.json()["detail"].startswith("rate limit of 5 requests a minute exceeded")
            assert 1 <= int(r.headers["retry-after"]) <= 12  # one token per 12 s
            _no_traceback(r)
            assert c.post("/api/v1/meta", json={}).status_code == 429  # every method counts
            assert c.get("/health").status_code == 200  # liveness is never limited
        # another client IP has its own bucket
        other = httpx.HTTPTransport(local_address="127.0.0.2")
        with httpx.Client(base_url=base, transport=other) as c2:
            assert c2.get("/api/v1/meta").status_code == 200


def test_rate_limit_is_documented_in_openapi(demo_api: str) -> None:
    spec = httpx.get(f"{demo_api}/openapi.json").json()
    for path, ops in spec["paths"].items():
        for op in ops.values():
            assert "429" in op["responses"], path
            assert "Retry-After" in op["responses"]["429"]["headers"]


# --- gzip, body limit ---------------------------------------------------------------------


def test_gzip_on_a_large_response(demo_api: str) -> None:
    with httpx.Client(base_url=demo_api) as c:
        plain = c.get("/openapi.json", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        raw = httpx.get(f"{demo_api}/openapi.json", headers={"Accept-Encoding": "gzip"})
        assert raw.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in raw.headers["vary"].lower()
        assert int(raw.headers["content-length"]) < len(plain.content) / 3
        # httpx decodes it; the bytes on the wire are gzip of the same document
        assert raw.json() == plain.json()
        with c.stream("GET", "/openapi.json", headers={"Accept-Encoding": "gzip"}) as s:
            wire = b"".join(s.iter_raw())
        assert json.loads(gzip.decompress(wire)) == plain.json()
        small = c.get("/api/v1/meta", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in small.headers  # under 1,000 bytes: not worth it


def test_body_over_the_limit_is_413(demo_api: str) -> None:
    big = b'{"scheme_codes": [' + b"1," * 40_000 + b"1]}"
    assert len(big) > 65536
    with httpx.Client(base_url=demo_api) as c:
        r = c.post("/api/performance/rolling-returns", content=big)
        assert r.status_code == 413
        assert r.json() == {
            "detail": "request body over the limit of 65536 bytes (FUNDLENS_MAX_BODY)"
        }

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            for i in range(0, len(big), 8192):
                yield big[i : i + 8192]

        r = c.post("/api/performance/rolling-returns", content=chunks())
        assert r.status_code == 413
        _no_traceback(r)
        under = c.post("/api/performance/rolling-returns", content=b'{"scheme_codes": []}')
        assert under.status_code != 413


def test_small_max_body_setting(demo_store: Path) -> None:
    with live_server(demo_store, env={"FUNDLENS_MAX_BODY": "100"}) as base:
        r = httpx.post(f"{base}/api/v1/sip", content=b"x" * 101)
        assert r.status_code == 413 and "100 bytes" in r.json()["detail"]


# --- no traceback, bad settings -----------------------------------------------------------


def test_no_traceback_in_any_error(demo_api: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=demo_api) as c:
        errors = [
            c.get("/no/such/route"),
            c.delete("/api/v1/meta"),
            c.post("/api/performance/rolling-returns", content=b"{not json"),
            c.post("/api/performance/rolling-returns", json={"scheme_codes": "x"}),
            c.post("/api/performance/rolling-returns", content=b"x" * 70_000),
            c.get("/api/v1/funds/999999999/metrics"),
        ]
    for r in errors:
        assert r.status_code >= 400
        _no_traceback(r)
    # no store at all: 503
    with live_server(tmp_path / "missing.duckdb") as base:
        r = httpx.get(f"{base}/api/v1/meta")
        assert r.status_code == 503 and "no store" in r.json()["detail"]
        _no_traceback(r)
    # a DuckDB file that is not a fundlens store: an unexpected failure, logged, not shown
    bad = tmp_path / "not-a-store.duckdb"
    con = duckdb.connect(str(bad))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    with live_server(bad) as base:
        r = httpx.get(f"{base}/api/v1/meta")
        assert r.status_code in (500, 503)
        _no_traceback(r)
        if r.status_code == 500:
            assert r.json() == {"detail": "internal error (logged on the server)"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FUNDLENS_RATE_LIMIT", "-1"),
        ("FUNDLENS_RATE_LIMIT", "many"),
        ("FUNDLENS_MAX_BODY", "0"),
        ("FUNDLENS_API_CACHE", "maybe"),
        ("FUNDLENS_CORS_ORIGINS", "https://dashboard.example/"),
    ],
)
def test_bad_api_settings_are_refused_at_start(name: str, value: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDLENS_")}
    env.update({"FUNDLENS_HOME": str(tmp_path), "FUNDLENS_OFFLINE": "1", name: value})
    db = str(tmp_path / "x.duckdb")  # --db and --port: no other reason to read settings
    cmd = [sys.executable, "-m", "fundlens", "api", "--db", db, "--port", str(free_port())]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert name in done.stderr and "Traceback" not in done.stderr
