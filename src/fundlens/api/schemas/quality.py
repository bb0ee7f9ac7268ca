"""``GET /api/v1/meta/quality``: recent NAV revisions and data-quality events.

Units: NAVs in rupees per unit; ``change`` a fraction (0.025 = +2.5 %); dates ISO;
``at`` an ISO timestamp in UTC.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped
from fundlens.store.quality import EventKind

__all__ = ["QualityEvent", "QualityReport", "Revision"]


class Revision(BaseModel):
    """A NAV replaced by a later, different value for the same scheme and date."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI scheme code.", examples=[100002])
    name: str | None = Field(description="The scheme's current name.")
    date: dt.date = Field(description="NAV date revised (ISO).", examples=["2024-01-01"])
    old_nav: float = Field(description="NAV before, rupees per unit.", examples=[20.0])
    new_nav: float = Field(description="NAV after, rupees per unit.", examples=[20.5])
    change: float | None = Field(
        description="new_nav / old_nav − 1, a fraction (0.025 = +2.5 %).", examples=[0.025]
    )
    source: str = Field(description="The input file whose value replaced the old one.")
    at: str = Field(
        description="When the revision was recorded (ISO timestamp, UTC).",
        examples=["2026-10-30T18:05:09Z"],
    )


class QualityEvent(BaseModel):
    """A data-quality event kept in ``nav_events`` (docs/data-quality.md)."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI scheme code.", examples=[100001])
    name: str | None = Field(description="The scheme's current name.")
    date: dt.date = Field(description="NAV date the event is dated at (ISO).")
    kind: EventKind = Field(
        description="face_value_change, outlier (one-day spike that reverts; both left out "
        "of daily statistics), gap (> 10 calendar days between NAVs) or stale (no NAV for "
        "more than 7 days before the as-of date)."
    )
    detail: str = Field(
        description="What was seen, e.g. 'gap 23 d since 2024-01-02'.",
        examples=["gap 23 d since 2024-01-02"],
    )


class QualityReport(Stamped):
    """The latest revisions (newest recorded first) and events (latest date first), with
    totals over the whole store."""

    limit: int = Field(description="Most rows of each list asked for.", examples=[20])
    revisions_total: int = Field(description="Revisions in the store (all of them).")
    revisions: list[Revision] = Field(description="The latest revisions, at most limit.")
    events_total: int = Field(description="Data-quality events in the store.")
    events_by_kind: dict[str, int] = Field(
        description="Events per kind (every kind listed, 0 when none).",
        examples=[{"face_value_change": 0, "outlier": 1, "gap": 2, "stale": 3}],
    )
    events: list[QualityEvent] = Field(description="The latest events, at most limit.")
