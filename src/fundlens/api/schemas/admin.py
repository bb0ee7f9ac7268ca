"""Models of the admin routes (``/api/v1/admin``): the update job, request and response."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped

__all__ = ["UpdateJob", "UpdateRequest", "UpdateSummary"]

JobState = Literal["running", "succeeded", "failed", "lost"]


class UpdateRequest(BaseModel):
    """Options of ``fundlens update`` (all optional: an empty body is an ordinary update)."""

    model_config = ConfigDict(extra="forbid")

    as_of: dt.date | None = Field(
        default=None,
        description=(
            "Take this day as today (ISO date), as `fundlens update --as-of` (replays); "
            "null = the server's today."
        ),
        examples=["2026-10-11"],
    )


class UpdateSummary(BaseModel):
    """What the update did (from `fundlens update --json`)."""

    from_date: dt.date | None = Field(description="First AMFI day asked for (ISO date).")
    to_date: dt.date | None = Field(description="Last AMFI day asked for (ISO date).")
    days_fetched: int = Field(description="Days downloaded (count).")
    days_holiday: int = Field(description="Days AMFI had no file for (count).")
    days_failed: dict[str, str] = Field(description="Days whose download failed → reason.")
    navall: str | None = Field(description="Today's NAVAll.txt: 'fetched' or why not.")
    files: int = Field(description="Files ingested (count).")
    rows_loaded: int = Field(description="NAV rows added or changed (count).")
    revisions: int = Field(description="NAVs replaced by a different value (count).")
    fund_metrics: str | None = Field(
        description="fund_metrics refresh: 'refreshed', 'skipped' or 'failed'."
    )

    @classmethod
    def from_report(cls, report: dict[str, Any]) -> UpdateSummary:
        """Fold the CLI's JSON report into this summary."""
        fetch, ingest = report.get("fetch") or {}, report.get("ingest") or {}
        return cls(
            from_date=report.get("from"),
            to_date=report.get("to"),
            days_fetched=len(fetch.get("fetched", [])),
            days_holiday=len(fetch.get("holidays", [])),
            days_failed=dict(fetch.get("failed", {})),
            navall=report.get("navall"),
            files=int(ingest.get("files", 0)),
            rows_loaded=int(ingest.get("rows_loaded", 0)),
            revisions=int(ingest.get("revisions", 0)),
            fund_metrics=(report.get("fund_metrics") or {}).get("status"),
        )


class UpdateJob(Stamped):
    """One background update; ``as_of_date`` is the store's at the time of this answer."""

    job_id: str = Field(description="The job's id (32 hex digits).")
    state: JobState = Field(
        description=(
            "running | succeeded | failed | lost (the worker that started it stopped "
            "before recording its end)."
        )
    )
    requested_as_of: dt.date | None = Field(
        description="The `as_of` the update ran with (ISO date); null = the server's today."
    )
    started_at: dt.datetime = Field(description="When the job started (UTC, ISO-8601).")
    finished_at: dt.datetime | None = Field(description="When it ended (UTC); null if running.")
    exit_code: int | None = Field(description="`fundlens update`'s exit code; null if running.")
    summary: UpdateSummary | None = Field(description="What it did; null until it ends.")
    error: str | None = Field(description="The end of its error output when it failed.")
    status_url: str = Field(description="Path of this job's status (GET, with the API key).")
