"""Shared test fixtures: paths to the real reference data, clean settings per test, and the
stores and live API servers used by the API and dashboard tests (session scope: built once):
``demo_store`` (the synthetic demo), ``real_store`` (every real MFAPI history in
shared/data/nav), ``demo_api`` / ``real_api`` (a uvicorn server on each; its base URL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fundlens.settings import get_settings
from tests.api.server import live_server

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
AMFI_DAILY = SHARED / "data" / "amfi" / "daily"
NAV_JSON = SHARED / "data" / "nav"
SCHEME_MASTER = SHARED / "data" / "meta" / "inception" / "amfi-scheme-master_2025-05-06.csv"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No FUNDLENS_* from the developer's shell; offline; a store in tmp_path."""
    import os

    for key in list(os.environ):
        if key.startswith("FUNDLENS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("FUNDLENS_OFFLINE", "1")
    monkeypatch.setenv("FUNDLENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FUNDLENS_DB", str(tmp_path / "home" / "fundlens.duckdb"))
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every real MFAPI history in shared/data/nav, imported into one store."""
    from fundlens.cli import main

    db = tmp_path_factory.mktemp("api-real") / "real.duckdb"
    files = sorted(str(p) for p in NAV_JSON.glob("*.json"))
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return db


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The synthetic demo store (``fundlens init --demo``)."""
    from fundlens.cli import main

    home = tmp_path_factory.mktemp("api-demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDLENS_HOME", str(home / "home"))
        mp.setenv("FUNDLENS_OFFLINE", "1")
        get_settings.cache_clear()
        db = home / "demo.duckdb"
        assert main(["init", "--demo", "--db", str(db)]) == 0
    get_settings.cache_clear()
    yield db


@pytest.fixture(scope="session")
def real_api(real_store: Path) -> Iterator[str]:
    """A live API server on ``real_store``; its base URL."""
    with live_server(real_store) as base:
        yield base


@pytest.fixture(scope="session")
def demo_api(demo_store: Path) -> Iterator[str]:
    """A live API server on ``demo_store``; its base URL."""
    with live_server(demo_store) as base:
        yield base
