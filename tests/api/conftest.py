"""API tests: the schemathesis summary. The stores and live servers they use (``demo_store``,
``real_store``, ``demo_api``, ``real_api``) live in ``tests/conftest.py``, shared with the
dashboard's tests."""

from __future__ import annotations

import pytest


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
