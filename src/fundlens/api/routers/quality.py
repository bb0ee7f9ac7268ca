"""``GET /api/v1/meta/quality``: the store's recent NAV revisions and data-quality events
(the data-status page's lists; the meta object has only their counts)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from fundlens.api.deps import Con
from fundlens.api.schemas.quality import QualityReport
from fundlens.api.stamp import Stamp
from fundlens.services.quality import MAX_QUALITY_ROWS, recent_quality

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/meta", tags=["meta"])


@router.get(
    "/quality",
    response_model=QualityReport,
    summary="Recent NAV revisions and data-quality events",
)
def quality(
    con: Con,
    stamp: Stamp,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_QUALITY_ROWS,
            description=f"Most rows of each list (1-{MAX_QUALITY_ROWS}).",
            examples=[20],
        ),
    ] = 20,
) -> QualityReport:
    """The latest ``limit`` NAV revisions (newest recorded first: scheme, date, old and
    new NAV, change as a fraction, source file, time) and data-quality events (latest
    date first: face-value changes, one-day outliers, gaps, staleness), each with the
    scheme's name, plus totals over the whole store and events per kind."""
    return QualityReport(**{**recent_quality(con, limit=limit), **stamp})
