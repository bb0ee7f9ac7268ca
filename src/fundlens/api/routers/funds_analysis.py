"""Seed 002 §6.2 ``GET /api/v1/funds/{scheme_code}/analysis``: one fund's returns, risk,
benchmark comparison and peer standing, in the seed's names and units.

The engine gathers the facts (:func:`fundlens.services.fund_analysis.fund_analysis`: the
full metric set of ``fundlens metrics``, the benchmark's returns on the same dates, the
category rank from the precomputed ``fund_metrics``); this module renames and converts
them through the one table of :mod:`fundlens.api.seed_names`. Per request it reads one
fund, its benchmark and a few rows of small tables — no universe-wide work.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path

from fundlens.api.deps import Con
from fundlens.api.schemas.common import ErrorBody
from fundlens.api.schemas.fund_analysis import (
    BenchmarkComparison,
    FundAnalysis,
    NotAvailable,
    PeerComparison,
    Returns,
    RiskMetrics,
)
from fundlens.api.seed_names import SEED_NAMES, seed_reasons, seed_values
from fundlens.api.stamp import Stamp, StoreRf
from fundlens.services.fund_analysis import fund_analysis

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/funds", tags=["funds"])

_RETURNS = SEED_NAMES["seed002.returns"]
_RISK = SEED_NAMES["seed002.risk_metrics"]
_VERSUS = SEED_NAMES["seed002.benchmark_comparison"]
_PEERS = SEED_NAMES["seed002.peer_comparison"]
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "The scheme is not in the store."},
    422: {"model": ErrorBody, "description": "The scheme code is not a positive integer."},
}

SchemeCode = Annotated[
    int,
    Path(ge=1, le=999_999_999, description="AMFI scheme code.", examples=[103504]),
]


def _returns(metrics: dict[str, Any], reasons: dict[str, str], inception: str | None) -> Returns:
    """The seed's returns; ``since_inception`` only when return_si starts at the launch."""
    values = seed_values(metrics, _RETURNS)
    why = seed_reasons(reasons, _RETURNS)
    since_first = values["since_inception"]
    if "since_inception" in why:
        why["since_first_nav"] = why["since_inception"]
    if inception is not None:
        values["since_inception"] = None
        why["since_inception"] = inception
    return Returns(**values, since_first_nav=since_first, reasons=why)


def _versus(report: dict[str, Any], bench_returns: dict[str, float | None]) -> BenchmarkComparison:
    metrics = dict(report["metrics"]) | {"benchmark_return_3y": bench_returns["return_3y"]}
    values = seed_values(metrics, _VERSUS)
    why = seed_reasons(report["reasons"], _VERSUS)
    bench = report["benchmark"]
    if bench is None:
        missing = report["reasons"].get("beta", "no benchmark")
        why |= {name: missing for name, v in values.items() if v is None and name not in why}
    elif values["benchmark_return_3y"] is None and "benchmark_return_3y" not in why:
        why["benchmark_return_3y"] = why.get("fund_return_3y", "no 3-year window in common")
    window = report["window"]
    return BenchmarkComparison(
        benchmark=None if bench is None else f"{bench['name']} ({bench['label']})",
        benchmark_code=None if bench is None else bench["code"],
        start_date=window["start_date"],
        end_date=window["end_date"],
        reasons=why,
        **values,
    )


def _peers(peers: dict[str, Any]) -> PeerComparison:
    values = seed_values(peers, _PEERS)
    return PeerComparison(
        available=peers["available"],
        reason=peers["reason"],
        category_rank=values["category_rank"],
        category_total=None if peers["category_peers"] is None else int(peers["category_peers"]),
        percentile=values["percentile"],
        quartile=peers["category_quartile"],
        metric=peers["metric"],
        as_of=peers["as_of"],
    )


@router.get(
    "/{scheme_code}/analysis",
    response_model=FundAnalysis,
    summary="Fund analysis (seed 002 §6.2)",
    responses=_ERRORS,
)
def fund_analysis_of(
    scheme_code: SchemeCode, con: Con, stamp: Stamp, store_rf: StoreRf
) -> FundAnalysis:
    """Seed 002 §6.2: trailing returns, risk metrics, the comparison with the category
    benchmark (an index fund standing in for the index, incl. its costs) and the rank in
    the category by 3-year return — percent for returns, volatility, drawdowns, alpha and
    tracking error; ``rolling_beat_rate`` a fraction; ``percentile`` 0–100.

    ``portfolio_analysis`` and ``fund_manager`` are ``{"available": false, "reason"}``:
    the store holds NAVs only. ``peer_comparison`` comes from the precomputed
    ``fund_metrics`` of the store's as-of date (``fundlens refresh-metrics``; ``fundlens
    update`` runs it); without it, ``available`` is false and the reason says so."""
    as_of = stamp["as_of_date"]
    facts = fund_analysis(
        con,
        scheme_code,
        rf=store_rf,
        as_of=None if as_of is None else dt.date.fromisoformat(str(as_of)),
    )
    scheme, report = facts["scheme"], facts["report"]
    metrics, reasons = report["metrics"], report["reasons"]
    return FundAnalysis(
        **stamp,
        scheme_code=scheme_code,
        scheme_name=scheme["name"],
        fund_house=scheme["amc_name"],
        amc_id=scheme["amc_id"],
        category=scheme["sebi_category"],
        plan=scheme["plan"],
        option=scheme["option"],
        inception_date=scheme["launch_date"],
        first_nav_date=scheme["first_nav_date"],
        last_nav_date=scheme["last_nav_date"],
        price_return_only=report["price_return_only"],
        returns=_returns(metrics, reasons, facts["since_inception_reason"]),
        risk_metrics=RiskMetrics(
            **seed_values(metrics, _RISK), reasons=seed_reasons(reasons, _RISK)
        ),
        benchmark_comparison=_versus(report, facts["benchmark_returns"]),
        portfolio_analysis=NotAvailable(available=False, reason=facts["portfolio_reason"]),
        fund_manager=NotAvailable(available=False, reason=facts["manager_reason"]),
        peer_comparison=_peers(facts["peers"]),
    )
