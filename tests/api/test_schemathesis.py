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

Random scheme codes, AMC and category slugs almost never exist, so every answer would be a
404 and the success paths (their response schemas above all) would go untested: for valid
(positive) fuzzed cases, a hook (``flatmap_case``) offers, beside the generated case, the
same case with codes, slugs and benchmarks that exist in the store under test and with
``start_date``/``end_date`` in order. Invalid (negative) cases are left as generated.

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

from hypothesis import strategies as st  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402
from schemathesis.engine import Status, from_schema  # noqa: E402
from schemathesis.engine import events as ev  # noqa: E402

MIN_REQUESTS = 1_000
#: Fuzzing examples per operation: the request budget spread over the operations.
BUDGET = int(os.environ.get("FUNDLENS_SCHEMATHESIS_REQUESTS", "1100"))
SEED = int(os.environ.get("FUNDLENS_SCHEMATHESIS_SEED", "20240607"))
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


@dataclass(frozen=True)
class Known:
    """Values that exist in the store under test."""

    codes: list[int]
    index_codes: list[int]
    amcs: list[str]
    categories: list[str]


def known_values(store: Path) -> Known:
    import polars as pl

    from fundlens.schemes.benchmarks import index_funds
    from fundlens.schemes.categories import category_slug
    from fundlens.store.snapshots import reader

    con = reader(store)
    try:
        schemes = con.sql(
            "SELECT * FROM schemes WHERE scheme_code IN (SELECT DISTINCT scheme_code FROM nav)"
        ).pl()
    finally:
        con.close()
    cats = schemes["sebi_category"].drop_nulls().unique().sort().to_list()
    return Known(
        codes=sorted(schemes["scheme_code"].to_list()),
        index_codes=sorted(index_funds(schemes)["scheme_code"].to_list()),
        amcs=schemes.filter(pl.col("amc_id").is_not_null())["amc_id"].unique().sort().to_list(),
        categories=sorted({category_slug(c) for c in cats}),
    )


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _codes_like(value: object, pool: list[int]) -> st.SearchStrategy | None:
    """Codes from ``pool`` shaped like ``value`` (an int, or a list of ints, same length)."""
    if not pool:
        return None
    if _number(value):
        return st.sampled_from(pool)
    if isinstance(value, list) and value and all(_number(v) for v in value):
        n = len(value)
        if n <= len(pool):
            return st.lists(st.sampled_from(pool), min_size=n, max_size=n, unique=True)
    return None


def _slugs_like(value: object, pool: list[str]) -> st.SearchStrategy | None:
    if not pool:
        return None
    if isinstance(value, str):
        return st.sampled_from(pool)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        n = len(value)
        if n <= len(pool):
            return st.lists(st.sampled_from(pool), min_size=n, max_size=n, unique=True)
    return None


def _patches(container: object, known: Known, names: dict[str, str]) -> dict[str, object]:
    """Strategies for the keys of ``container`` that name store objects."""
    if not isinstance(container, dict):
        return {}
    pools = {"code": known.codes, "index": known.index_codes}
    slugs = {"amc": known.amcs, "category": known.categories}
    out: dict[str, object] = {}
    for key, kind in names.items():
        if key not in container:
            continue
        value = container[key]
        strat = (
            _codes_like(value, pools[kind]) if kind in pools else _slugs_like(value, slugs[kind])
        )
        if strat is not None:
            out[key] = strat
    return out


def _ordered_dates(container: object) -> None:
    if isinstance(container, dict):
        a, b = container.get("start_date"), container.get("end_date")
        if isinstance(a, str) and isinstance(b, str) and a > b:
            container["start_date"], container["end_date"] = b, a


PATH_KEYS = {"code": "code", "scheme_code": "code", "amc": "amc", "slug": "category"}
QUERY_KEYS = {"codes": "code", "benchmark_code": "index", "amc": "amc", "category": "category"}
BODY_KEYS = {"scheme_codes": "code", "benchmark_code": "index", "amc_names": "amc"}


def _rule_of_the_engine(response: object) -> bool:
    """A 422 whose every reason is a rule the schema cannot state: the engine's sentence
    (a string ``detail``: an unknown AMC slug, a metric a window lacks) or a cross-field
    check of a request model (``value_error``: start_date after end_date, a window given
    twice). A type, range or missing-field error would mean the schema and the validator
    disagree — that stays a failure."""
    if getattr(response, "status_code", None) != 422:
        return False
    try:
        detail = response.json()["detail"]  # type: ignore[attr-defined]
    except (ValueError, KeyError, TypeError):
        return False
    if isinstance(detail, str):
        return True
    return isinstance(detail, list) and all(
        isinstance(e, dict) and e.get("type") == "value_error" for e in detail
    )


def allow_engine_rules(schema: object) -> None:
    """``positive_data_acceptance``: schema-valid data refused with 422 by a rule of the
    engine is the issue's contract ("bad window or range 422"), not a schema mismatch."""

    def filter_failure(_: object, failure: object, case: object, response: object) -> bool:
        rejected = type(failure).__name__ == "RejectedPositiveData"
        return not (rejected and _rule_of_the_engine(response))

    schema.hook(filter_failure)  # type: ignore[attr-defined]


def add_known_values(schema: object, known: Known) -> None:
    """Register the ``flatmap_case`` hook described in the module docstring."""

    def flatmap_case(_: object, case: schemathesis.Case) -> st.SearchStrategy:
        meta = case.meta
        if meta is None or not meta.generation.mode.is_positive:
            return st.just(case)
        parts = {
            "path": _patches(case.path_parameters, known, PATH_KEYS),
            "query": _patches(case.query, known, QUERY_KEYS),
            "body": _patches(case.body, known, BODY_KEYS),
        }
        parts = {k: st.fixed_dictionaries(v) for k, v in parts.items() if v}
        if not parts:
            return st.just(case)

        def apply(drawn: dict[str, dict[str, object]]) -> schemathesis.Case:
            for where, values in drawn.items():
                target = {"path": case.path_parameters, "query": case.query}.get(where)
                if where == "body":
                    case.body = {**case.body, **values}
                else:
                    target.update(values)  # type: ignore[union-attr]
            _ordered_dates(case.query)
            _ordered_dates(case.body)
            return case

        return st.one_of(st.just(case), st.fixed_dictionaries(parts).map(apply))

    schema.hook(flatmap_case)  # type: ignore[attr-defined]


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


def run_schemathesis(base_url: str, known: Known) -> Run:
    """Run every phase and check of schemathesis against the server at ``base_url``."""
    spec = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    operations = _operations(spec)
    schema = schemathesis.openapi.from_url(
        f"{base_url}/openapi.json", config=_config(base_url, len(operations))
    )
    add_known_values(schema, known)
    allow_engine_rules(schema)
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
        _check(run_schemathesis(base, known_values(demo_store)), "demo", request)


@pytest.mark.slow
def test_schemathesis_real_store(real_store: Path, request: pytest.FixtureRequest) -> None:
    """The same on the store of the 32 real histories (real names, gaps, closed schemes)."""
    with live_server(real_store, env=SERVER_ENV) as base:
        _check(run_schemathesis(base, known_values(real_store)), "real", request)
