"""``GET /api/v1/categories/{slug}/leaders``: a category's best funds by one metric and
window. Unknown slug → 404; a metric without that window (cagr_3y) → 422."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.deps import Con
from fundlens.api.schemas.categories import (
    LeaderMetric,
    LeadersResponse,
    LeaderWindow,
    PlanName,
)
from fundlens.api.stamp import Stamp
from fundlens.schemes.categories import CATEGORY_SLUGS
from fundlens.services.leaders import MAX_LEADERS, category_leaders_fast

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/categories", tags=["categories"])


class LeadersQuery(BaseModel):
    """Which metric, window, plan and how many."""

    model_config = ConfigDict(extra="ignore")

    metric: LeaderMetric = Field(
        default="return",
        description="Metric to rank by (contract name; 'return' = trailing return, "
        "'rolling_mean' = mean rolling return, …). Each has a better direction.",
    )
    window: LeaderWindow = Field(
        default="3y",
        description="Window: trailing 1m … 10y, rolling 1y/3y/5y for rolling_* metrics, "
        "or 'si' for a whole-history metric (cagr, volatility, …).",
    )
    plan: PlanName = Field(default="direct", description="Plan of the peer group.")
    limit: int = Field(default=10, ge=1, le=MAX_LEADERS, description="How many funds, 1-50.")


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@router.get(
    "/{slug}/leaders",
    response_model=LeadersResponse,
    summary="Top funds of a category by a metric and window",
    responses={
        404: {"description": "Unknown category slug."},
        422: {"description": "Metric not defined over that window."},
    },
)
def leaders(
    slug: Annotated[
        str,
        Path(
            max_length=80,
            description="Category slug (flexi-cap, mid-cap, …).",
            examples=["flexi-cap"],
        ),
    ],
    query: Annotated[LeadersQuery, Query()],
    con: Con,
    stamp: Stamp,
) -> LeadersResponse:
    """The best funds of the (category, plan) peer group by ``metric`` over ``window``, as
    of the store's last NAV date: growth options alive then with enough history; rank 1 =
    best, ties share the average rank; percentile 0-1. Served from the precomputed
    ``fund_metrics`` table when it holds the key for that date, else computed."""
    if slug not in CATEGORY_SLUGS.values():
        raise HTTPException(status_code=404, detail=f"unknown category slug {slug!r}")
    result = category_leaders_fast(
        con,
        slug,
        metric=query.metric,
        window=query.window,
        plan=query.plan,
        limit=query.limit,
        as_of=_day(stamp["as_of_date"]),
    )
    return LeadersResponse(**{**result, **stamp})
