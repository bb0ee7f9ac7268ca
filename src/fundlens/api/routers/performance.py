"""Seed 003 §7.5 ``/api/performance``: rolling returns and drawdown statistics of up to
five funds against one benchmark. The engine computes (``services.performance``); this
module only converts to the seed's units (``api.seed_names``) and shapes the response."""

from __future__ import annotations

from typing import Any

import numpy as np
from fastapi import APIRouter
from fastapi.responses import Response

from fundlens.api.deps import Con
from fundlens.api.encode import json_response
from fundlens.api.schemas.common import ErrorBody
from fundlens.api.schemas.performance import (
    DrawdownStats,
    FundAnalyticsRequest,
    FundAnalyticsResponse,
    RollingReturnRequest,
    RollingReturnResponse,
    RollingSummary,
)
from fundlens.api.seed_names import to_seed, unit_of
from fundlens.api.stamp import Stamp
from fundlens.services.index_benchmark import choice, code_of
from fundlens.services.performance import drawdown_stats, rolling_comparison

__all__ = ["router"]

router = APIRouter(prefix="/api/performance", tags=["performance"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "A scheme or index series is not in the store."},
    422: {
        "model": ErrorBody,
        "description": "Bad body: more than 5 schemes, a repeated code, the benchmark among "
        "the funds, an unknown window, start_date after end_date.",
    },
}
#: Decimals kept of a percent value in a series (1e-8 as a fraction).
_DECIMALS = 6


def _points(dates: list[str], values: list[float], key: str) -> list[dict[str, Any]]:
    """Points ``{date, value}`` in the seed's unit of ``key`` (one vectorised conversion)."""
    scaled = np.round(np.asarray(values, dtype=np.float64) * unit_of(key).scale, _DECIMALS)
    return [{"date": d, "value": v} for d, v in zip(dates, scaled.tolist(), strict=True)]


def _summary(window: str, summary: dict[str, Any]) -> dict[str, Any]:
    """The engine's summary (fractions) in seed units: statistics of returns in percent,
    shares of windows as fractions."""
    values = {
        key: (value if key == "count" else to_seed(f"rolling_{window}_{key}", value))
        for key, value in summary.items()
    }
    values.setdefault("beat_benchmark", None)
    return RollingSummary(**values).model_dump()


@router.post(
    "/rolling-returns",
    response_model=RollingReturnResponse,
    summary="Rolling returns of up to 5 funds and a benchmark",
    responses=_ERRORS,
)
def rolling_returns(body: RollingReturnRequest, con: Con, stamp: Stamp) -> Response:
    """Seed 003 §7.5 rolling returns, per fund and window and for the benchmark, plus
    non-overlapping monthly returns of each — in percent.

    NAVs are re-indexed to the calendar and forward-filled (never past a scheme's last
    NAV); a window's return is NAV_t / NAV_(t − days) − 1 on each NAV day t, annualised
    unless ``annualised`` is false. A fund is joined with the benchmark on the days both
    have a NAV (its points and its summary use their common windows); the benchmark's own
    series uses all its NAVs. The summary comes from the full-resolution series in the
    range; ``data`` is thinned to ≤ ``max_points`` evenly spaced points for display only.
    Unlike the seed, funds are not inner-joined with each other (a young fund does not
    cut the others' history). The body is encoded once (``api.encode``): ~10,000 points
    validated twice by Pydantic cost more than the engine.
    """
    windows = tuple(body.windows)
    result = rolling_comparison(
        con,
        body.scheme_codes,
        choice(body.benchmark_code, body.benchmark_index),
        windows=windows,
        start_date=body.start_date,
        end_date=body.end_date,
        annualise=body.annualised,
        max_points=body.max_points,
    )
    names = result["names"]
    series = [
        {
            "scheme_code": code_of(s["scheme_code"]),
            "scheme_name": names[s["scheme_code"]],
            "window": s["window"],
            "role": s["role"],
            "annualised": body.annualised,
            "label": result["benchmark_label"] if s["role"] == "benchmark" else None,
            "data": _points(s["dates"], s["values"], "rolling_return"),
            "summary": _summary(s["window"], s["summary"]),
            "reason": s["reason"],
        }
        for s in result["series"]
    ]
    monthly = [
        {
            "scheme_code": code_of(m["scheme_code"]),
            "scheme_name": names[m["scheme_code"]],
            "role": m["role"],
            "data": _points(m["dates"], m["values"], "return"),
        }
        for m in result["monthly"]
    ]
    return json_response(
        {
            **stamp,
            "benchmark_code": body.benchmark_code,
            "benchmark_index": body.benchmark_index,
            "annualised": body.annualised,
            "series": series,
            "monthly_returns": monthly,
        }
    )


def _days(value: float | None) -> int | None:
    return None if value is None else int(value)


@router.post(
    "/fund-analytics",
    response_model=FundAnalyticsResponse,
    summary="Max drawdown of up to 5 funds and a benchmark",
    responses=_ERRORS,
)
def fund_analytics(body: FundAnalyticsRequest, con: Con, stamp: Stamp) -> FundAnalyticsResponse:
    """Seed 003 §7.5 drawdown statistics of each fund and the benchmark on its own NAVs in
    the range: max drawdown (percent), the peak (the last running high on or before the
    trough — seed 003's ``idxmax`` returns the first and is wrong), the trough, the first
    recovery to the peak NAV, and the days between."""
    result = drawdown_stats(
        con,
        body.scheme_codes,
        choice(body.benchmark_code, body.benchmark_index),
        start_date=body.start_date,
        end_date=body.end_date,
    )
    names = result["names"]
    rows = [
        DrawdownStats(
            scheme_code=code_of(r["scheme_code"]),
            scheme_name=names[r["scheme_code"]],
            role=r["role"],
            max_drawdown=to_seed("max_drawdown", r["max_drawdown"]),
            peak_date=r["peak_date"],
            trough_date=r["trough_date"],
            drawdown_duration_days=_days(r["duration_days"]),
            recovery_date=r["recovery_date"],
            recovery_days=_days(r["recovery_days"]),
            peak_nav=r["peak_nav"],
            trough_nav=r["trough_nav"],
            first_date=r["first_date"],
            last_date=r["last_date"],
            navs=r["navs"],
            reasons={
                ("drawdown_duration_days" if k == "duration_days" else k): v
                for k, v in r["reasons"].items()
            },
        )
        for r in result["rows"]
    ]
    return FundAnalyticsResponse(
        **stamp,
        benchmark_code=body.benchmark_code,
        benchmark_index=body.benchmark_index,
        drawdown_stats=rows,
    )
