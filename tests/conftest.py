"""Shared test fixtures: paths to the real reference data, clean settings per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundlens.settings import get_settings

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
