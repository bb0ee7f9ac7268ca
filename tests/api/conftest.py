"""Stores and live servers shared by the API tests: the demo store and a store of the real
histories in ../shared/data/nav (module scope: built once per test module)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fundlens.cli import main
from fundlens.settings import get_settings
from tests.api.server import live_server
from tests.conftest import NAV_JSON


@pytest.fixture(scope="session")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every real MFAPI history in shared/data/nav, imported into one store."""
    db = tmp_path_factory.mktemp("api-real") / "real.duckdb"
    files = sorted(str(p) for p in NAV_JSON.glob("*.json"))
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return db


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
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
    with live_server(real_store) as base:
        yield base


@pytest.fixture(scope="session")
def demo_api(demo_store: Path) -> Iterator[str]:
    with live_server(demo_store) as base:
        yield base


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Requests per operation of each schemathesis run (test_schemathesis.py), also under
    xdist: the table travels in the test report's ``user_properties``."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        if getattr(report, "when", "call") != "call":
            continue
        for name, value in getattr(report, "user_properties", []):
            if name != "schemathesis":
                continue
            tr = terminalreporter
            tr.write_sep("-", f"schemathesis requests per operation ({value['store']} store)")
            width = max((len(r[0]) for r in value["rows"]), default=10)
            for label, count, statuses in value["rows"]:
                tr.write_line(f"{label:<{width}}  {count:>5}  {statuses}")
            tr.write_line(
                f"{'total':<{width}}  {value['total']:>5}  in {value['seconds']} s "
                f"(seed {value['seed']})"
            )
