"""``POST /api/v1/admin/update`` and its job status: a `fundlens update` in the background.

Mounted only when ``FUNDLENS_API_KEY`` is set (otherwise the routes do not exist: 404, and
they are not in the OpenAPI schema); every call needs the header ``X-API-Key`` equal to it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Response

from fundlens.api.deps import ApiKey, SettingsDep, reader_pool, snapshot_of
from fundlens.api.jobs import job_status, start_update
from fundlens.api.schemas.admin import UpdateJob, UpdateRequest, UpdateSummary
from fundlens.api.schemas.common import ErrorBody
from fundlens.api.stamp import meta_of
from fundlens.errors import StoreError
from fundlens.settings import Settings

__all__ = ["router"]

PREFIX = "/api/v1/admin"

router = APIRouter(
    prefix=PREFIX,
    tags=["admin"],
    dependencies=[ApiKey],
    responses={401: {"model": ErrorBody, "description": "Missing or wrong `X-API-Key`."}},
)

JobId = Annotated[str, Path(pattern="^[0-9a-f]{32}$", description="The job's id (32 hex digits).")]


def _stamp(settings: Settings) -> dict[str, Any]:
    """The current snapshot's as-of stamp; null date on a store not built yet (an update
    may be what builds it)."""
    pool = reader_pool(settings.db)
    try:
        con = pool.acquire()
    except StoreError:
        return {"as_of_date": None, "synthetic": False}
    try:
        meta = meta_of(con, snapshot_of(con, settings))
    finally:
        pool.release(con)
    return {"as_of_date": meta["as_of_date"], "synthetic": bool(meta["synthetic"])}


def _job(status: dict[str, Any], settings: Settings) -> UpdateJob:
    report = status.get("report")
    return UpdateJob(
        **_stamp(settings),
        job_id=status["job_id"],
        state=status["state"],
        requested_as_of=status.get("as_of"),
        started_at=status["started_at"],
        finished_at=status.get("finished_at"),
        exit_code=status.get("exit_code"),
        summary=UpdateSummary.from_report(report) if isinstance(report, dict) else None,
        error=status.get("error"),
        status_url=f"{PREFIX}/update/{status['job_id']}",
    )


@router.post(
    "/update",
    status_code=202,
    response_model=UpdateJob,
    summary="Run `fundlens update` in the background",
)
def update(
    settings: SettingsDep, response: Response, body: UpdateRequest | None = None
) -> UpdateJob:
    """Starts `fundlens update` (download what is missing from AMFI, ingest, refresh
    fund_metrics) and answers at once with 202 and the job; poll `status_url`. Every worker
    serves the new snapshot as soon as the update publishes it, without a restart."""
    status = start_update(settings.db, as_of=body.as_of if body is not None else None)
    job = _job(status, settings)
    response.headers["Location"] = job.status_url
    return job


@router.get(
    "/update/{job_id}",
    response_model=UpdateJob,
    summary="Status of a background update",
    responses={404: {"model": ErrorBody, "description": "No job with this id."}},
)
def update_status(job_id: JobId, settings: SettingsDep) -> UpdateJob:
    """The job's state; once it has ended, its exit code and what it did."""
    status = job_status(settings.db, job_id)
    if status is None:
        raise HTTPException(status_code=404, detail=f"no update job {job_id}")
    return _job(status, settings)
