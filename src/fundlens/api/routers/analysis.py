"""Seed 003 Gen 2 ``POST /api/analysis/compare`` (and the alias ``/metrics``): AMCs
compared in one category.

Each AMC is an equal-weighted, daily-rebalanced portfolio of its growth-option schemes of
the category and plan, closed ones included (:func:`fundlens.services.amc.amc_comparison`),
measured against the category's index-fund benchmark — not the seed's daily average of
NAV levels against Nifty 50 for every category. This module only resolves the AMCs (an
unknown one is a 404) and converts to the seed's names and units (``api.seed_names``).
"""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import APIRouter, HTTPException

from fundlens.api.deps import Con
from fundlens.api.routers.amc import known_amc
from fundlens.api.schemas.analysis import (
    BenchmarkRef,
    ComparisonRequest,
    ComparisonResult,
    MemberScheme,
    MetricsResult,
    MetricsWindow,
)
from fundlens.api.schemas.common import ErrorBody
from fundlens.api.seed_names import SEED_NAMES, seed_reasons, seed_values, to_seed
from fundlens.api.stamp import Stamp
from fundlens.errors import InputError
from fundlens.services.amc import amc_comparison

__all__ = ["router"]

router = APIRouter(prefix="/api/analysis", tags=["analysis"])

_NAMES = SEED_NAMES["seed003.amc_metrics"]
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "An AMC of amc_names is not in the store."},
    422: {
        "model": ErrorBody,
        "description": "Bad body: no or too many AMCs, an AMC twice, an unknown category or "
        "plan, an AMC without growth schemes of the category and plan, start_date after "
        "end_date, no NAVs in the range, portfolios that share no window.",
    },
}


def _result(entry: dict[str, Any]) -> MetricsResult:
    window = entry["window"]
    return MetricsResult(
        amc=entry["amc"],
        amc_name=entry["amc_name"],
        scheme_count=entry["scheme_count"],
        window=MetricsWindow(**window),
        reasons=seed_reasons(entry["reasons"], _NAMES),
        schemes=[MemberScheme(**s) for s in entry["schemes"]],
        **seed_values(entry["metrics"], _NAMES),
    )


def _compare(
    body: ComparisonRequest, con: duckdb.DuckDBPyConnection, stamp: dict[str, Any]
) -> ComparisonResult:
    slugs = [known_amc(con, name)[0] for name in body.amc_names]
    try:
        report = amc_comparison(
            con,
            slugs,
            category=body.category,
            plan="regular" if body.plan_type == "regular" else "direct",
            start_date=body.start_date,
            end_date=body.end_date,
            rf=body.rf,
            common_window=body.common_window,
        )
    except InputError as exc:  # every remaining mistake is in the body, not a missing thing
        raise HTTPException(status_code=422, detail=str(exc)) from None
    bench = report["benchmark"]
    cumulative = report["cumulative_returns"]
    rf = report["amcs"][0]["rf"]
    return ComparisonResult(
        **stamp,
        results=[_result(e) for e in report["amcs"]],
        dates=cumulative["dates"],
        cumulative_returns={
            slug: [to_seed("cumulative_return", v) for v in values]
            for slug, values in cumulative["series"].items()
        },
        category=report["category"],
        category_slug=report["category_slug"],
        plan_type=report["plan"],
        benchmark=None
        if bench is None
        else BenchmarkRef(scheme_code=bench["code"], name=bench["name"], label=bench["label"]),
        no_benchmark_reason=report["no_benchmark_reason"],
        common_window=report["common_window"],
        start_date=report["window"]["start_date"],
        end_date=report["window"]["end_date"],
        rf_annual_rate=rf.get("annual_rate") if rf["kind"] == "flat" else None,
        method=report["method"],
    )


_DOC = """Each AMC's equal-weighted, daily-rebalanced portfolio of its growth-option schemes
in ``category`` and ``plan_type`` (closed schemes included while they had NAVs), with the
seed's metrics against the category benchmark (an index fund, incl. its costs) and the
portfolios' cumulative returns for a chart. By default over the window all portfolios
span, so their numbers cover the same days. Units: CAGR, alpha, max drawdown, volatility
and cumulative returns in percent; ratios and beta plain."""


@router.post(
    "/compare",
    response_model=ComparisonResult,
    summary="Compare AMCs in one category",
    description=_DOC,
    responses=_ERRORS,
)
def compare_amcs(body: ComparisonRequest, con: Con, stamp: Stamp) -> ComparisonResult:
    return _compare(body, con, stamp)


@router.post(
    "/metrics",
    response_model=ComparisonResult,
    summary="Compare AMCs in one category (alias of /compare)",
    description="The same request and response as `POST /api/analysis/compare` (seed 003 "
    "keeps both paths).\n\n" + _DOC,
    responses=_ERRORS,
)
def compare_amcs_metrics(body: ComparisonRequest, con: Con, stamp: Stamp) -> ComparisonResult:
    return _compare(body, con, stamp)
