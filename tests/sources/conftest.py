"""Fixtures for source tests: a fault-injecting AMFI server process on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import AMFI_DAILY, REPO
from tests.utils.amfi_server import AmfiServer, start_amfi_server

FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture
def amfi_server(tmp_path: Path) -> Iterator[AmfiServer]:
    """A fresh server over the real daily files (read in place), NAVAll and master fixtures.

    Yields an :class:`AmfiServer`, which unpacks as ``(base_url, log_path, set_faults)``
    and has ``read_log()``.
    """
    with start_amfi_server(
        AMFI_DAILY,
        tmp_path / "amfi-server",
        navall=FIXTURES / "navall6.txt",
        master=FIXTURES / "amfi_schemedata_handwritten.csv",
    ) as server:
        yield server
