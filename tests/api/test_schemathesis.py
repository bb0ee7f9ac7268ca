"""schemathesis against the real server, from its own ``/openapi.json``, every check.

The equivalent of ``schemathesis run URL --checks all``: the schemathesis engine (the one its
CLI drives) runs its phases — the OpenAPI examples, the coverage cases (boundaries, missing
and malformed parameters), fuzzing with valid and invalid data — and every built-in check on
each response: ``not_a_server_error``, ``status_code_conformance``,
``content_type_conformance``, ``response_schema_conformance``,
``response_headers_conformance``, ``positive_data_acceptance``, ``negative_data_rejection``,
``missing_required_header``, ``unsupported_method``, ``allow_header_conformance``,
``ignored_auth`` and the stateful ones where links exist. A run passes when no check fails
and at least ``MIN_REQUESTS`` requests were sent; the requests per operation are printed at
the end of the pytest run (``pytest_terminal_summary`` in ``tests/api/conftest.py``).

Left out, on purpose: ``POST /api/v1/admin/update`` — it starts a store update and exists
only when ``FUNDLENS_API_KEY`` is set; its 401/404 behaviour has its own tests
(``tests/api/test_security.py``).

``FUNDLENS_SCHEMATHESIS_SEED`` picks another seed (the default is fixed, so CI is
reproducible); ``FUNDLENS_SCHEMATHESIS_REQUESTS`` raises the request budget for a longer
run by hand.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.api.server import live_server

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.engine import Status, from_schema  # noqa: E402
from schemathesis.engine import events as ev  # noqa: E402

MIN_REQUESTS = 1_000
#: Fuzzing examples per operation: the request budget spread over the operations.
BUDGET = int(os.environ.get("FUNDLENS_SCHEMATHESIS_REQUESTS", "1100"))
SEED = int(os.environ.get("FUNDLENS_SCHEMATHESIS_SEED", "20240607"))
POSITIVE_OK = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
EXCLUDED = {
    "POST /api/v1/admin/update": "starts a store update; API-key guard tested in test_security",
}


@dataclass
class Run:
    """What one schemathesis run did: requests per operation, failures, errors."""

    requests: Counter[str] = field(default_factory=Counter)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.requests.values())


def _operations(spec: dict) -> list[str]:
    methods = {"get", "post", "put", "patch", "delete"}
    return [
        f"{m.upper()} {path}"
        for path, item in spec["paths"].items()
        for m in item
        if m in methods and f"{m.upper()} {path}" not in EXCLUDED
    ]


def _config(base_url: str, n_operations: int) -> SchemathesisConfig:
    per_operation = max(20, min(150, math.ceil(BUDGET / max(n_operations, 1))))
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "base-url": base_url,
            "request-timeout": 60.0,
            "suppress-health-check": ["all"],
            "generation": {"max-examples": per_operation, "mode": "all"},
            "checks": {
                "enabled": True,
                # 422 for schema-valid data whose fields contradict each other or name
                # nothing in the store (start_date after end_date, a window given twice, a
                # metric a window lacks, an unknown AMC slug): the contract, which
                # JSON Schema cannot state. 5xx is never accepted (not_a_server_error).
                "positive_data_acceptance": {"expected-statuses": POSITIVE_OK},
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True},
            },
            "operations": [{"include-name": name, "enabled": False} for name in EXCLUDED],
        }
    )


def _describe(label: str, recorder: object) -> list[str]:
    out = []
    for case_id, nodes in recorder.checks.items():  # type: ignore[attr-defined]
        for node in nodes:
            if node.status != Status.FAILURE or node.failure_info is None:
                continue
            failure = node.failure_info.failure
            response = recorder.interactions.get(case_id)  # type: ignore[attr-defined]
            status = response.response.status_code if response and response.response else "-"
            body = ""
            if response and response.response is not None:
                body = response.response.content[:300].decode("utf-8", "replace")
            out.append(
                f"{label} — {node.name}: {failure.title}\n  {failure.message.strip()}\n"
                f"  status {status}; body {body!r}\n  {node.failure_info.code_sample}"
            )
    return out


def run_schemathesis(base_url: str) -> Run:
    """Run every phase and check of schemathesis against the server at ``base_url``."""
    spec = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    operations = _operations(spec)
    schema = schemathesis.openapi.from_url(
        f"{base_url}/openapi.json", config=_config(base_url, len(operations))
    )
    run = Run()
    seen_failures: set[str] = set()
    for event in from_schema(schema).execute():
        if isinstance(event, ev.ScenarioFinished):
            recorder = event.recorder
            label = recorder.label
            run.requests[label] += len(recorder.interactions)
            codes = run.statuses.setdefault(label, Counter())
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    codes[interaction.response.status_code] += 1
            if event.status == Status.FAILURE:
                for text in _describe(label, recorder):
                    key = text.split("\n", 1)[0]
                    if key not in seen_failures:
                        seen_failures.add(key)
                        run.failures.append(text)
        elif isinstance(event, ev.NonFatalError):
            run.errors.append(f"{event.label}: {event.info.title}: {event.info.message}")
        elif isinstance(event, ev.FatalError):
            run.errors.append(f"fatal: {event.exception!r}")
        elif isinstance(event, ev.EngineFinished):
            run.seconds = event.running_time
    for name in operations:  # operations that sent nothing still show in the table
        run.requests.setdefault(name, 0)
    return run


def _summary_rows(run: Run) -> list[list[str]]:
    rows = []
    for label in sorted(run.requests):
        codes = run.statuses.get(label, Counter())
        shown = " ".join(f"{code}×{n}" for code, n in sorted(codes.items()))
        rows.append([label, str(run.requests[label]), shown])
    return rows


def _check(run: Run, store: str, request: pytest.FixtureRequest) -> None:
    request.node.user_properties.append(
        ("schemathesis", {"store": store, "rows": _summary_rows(run), "total": run.total,
                          "seconds": round(run.seconds, 1), "seed": SEED})
    )  # fmt: skip
    problems = run.failures + run.errors
    assert not problems, f"{len(problems)} schemathesis problem(s):\n\n" + "\n\n".join(problems)
    assert run.total >= MIN_REQUESTS, f"only {run.total} requests (need {MIN_REQUESTS})"
    server_errors = {k: v for k, c in run.statuses.items() for s, v in c.items() if s >= 500}
    assert not server_errors, f"5xx responses: {server_errors}"


#: The server as configured by default, except the rate limit: > 1,000 requests a minute
#: from one client would otherwise be answered 429 (the limiter has its own tests).
SERVER_ENV = {"FUNDLENS_RATE_LIMIT": "0"}


def test_schemathesis_demo_store(demo_store: Path, request: pytest.FixtureRequest) -> None:
    """Every operation on the synthetic demo store: no check fails, ≥ 1,000 requests."""
    with live_server(demo_store, env=SERVER_ENV) as base:
        _check(run_schemathesis(base), "demo", request)


@pytest.mark.slow
def test_schemathesis_real_store(real_store: Path, request: pytest.FixtureRequest) -> None:
    """The same on the store of the 32 real histories (real names, gaps, closed schemes)."""
    with live_server(real_store, env=SERVER_ENV) as base:
        _check(run_schemathesis(base), "real", request)
