"""``/health`` and ``/api/v1/meta`` through a real server."""

from __future__ import annotations

import httpx

from fundlens.store.meta import meta_object
from fundlens.store.snapshots import reader


def test_health_and_meta_on_the_real_store(real_api: str, real_store) -> None:
    health = httpx.get(f"{real_api}/health").json()
    assert health["status"] == "ok" and health["snapshot"].endswith(".duckdb")
    meta = httpx.get(f"{real_api}/api/v1/meta").json()
    con = reader(real_store)
    try:
        expected = meta_object(con)
    finally:
        con.close()
    assert meta == expected
    assert meta["synthetic"] is False
    # 32 real histories (shared/data/nav/README.md); 24-11-2014 repeats in every file
    assert meta["schemes"] == 32


def test_demo_store_says_synthetic(demo_api: str) -> None:
    assert httpx.get(f"{demo_api}/api/v1/meta").json()["synthetic"] is True


def test_unknown_route_is_a_json_404(real_api: str) -> None:
    r = httpx.get(f"{real_api}/api/v1/nope")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}
