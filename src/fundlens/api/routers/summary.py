"""``POST /api/v1/performance/summary``: seed 003's client-side Card 2 (performance and
risk) and Card 3 (market capture) computed by the engine, for up to five funds."""

from __future__ import annotations

from fastapi import APIRouter

from fundlens.api.deps import Con
from fundlens.api.schemas.summary import SummaryRequest, SummaryResponse
from fundlens.api.stamp import Stamp, StoreRf
from fundlens.services.index_benchmark import choice
from fundlens.services.summary import performance_summary

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/performance", tags=["performance"])


@router.post(
    "/summary",
    response_model=SummaryResponse,
    summary="Performance, risk and capture of up to 5 funds against a benchmark",
    responses={404: {"description": "Unknown scheme, benchmark or index series."}},
)
def summary(body: SummaryRequest, con: Con, stamp: Stamp, store_rf: StoreRf) -> SummaryResponse:
    """Per fund: the full metric set and the benchmark's over the same dates, Freefincal's
    monthly capture, the rolling returns and rolling excess return per window (≤ 500
    points each for display; statistics and the down-market excess from the full series)
    and the monthly fund-vs-benchmark returns for the capture scatter. Fractions.

    ``benchmark_code``: one scheme code for every fund, or ``"auto"`` — each fund against
    its own category stand-in (an index fund, costs included; a fund whose category has
    none gets its absolute metrics and a reason). ``benchmark_index``: a stored index
    series instead."""
    index = body.benchmark_index
    result = performance_summary(
        con,
        body.scheme_codes,
        benchmark=body.benchmark_code if index is None else choice(None, index),
        start_date=body.start_date,
        end_date=body.end_date,
        rf=store_rf if body.rf is None else body.rf,
        windows=tuple(body.windows),
    )
    result |= {"benchmark_code": body.benchmark_code, "benchmark_index": index}
    return SummaryResponse(**{**result, **stamp})
