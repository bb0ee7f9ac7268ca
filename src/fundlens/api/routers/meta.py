"""``GET /health`` and ``GET /api/v1/meta`` (the contract's meta object)."""

from __future__ import annotations

from fastapi import APIRouter

from fundlens.api.deps import Con, SettingsDep, snapshot_id, snapshot_of
from fundlens.api.schemas.common import Health, Meta
from fundlens.api.stamp import meta_of

__all__ = ["router"]

router = APIRouter(tags=["meta"])


@router.get("/health", response_model=Health, summary="Liveness")
def health(settings: SettingsDep) -> Health:
    """The server runs; ``snapshot`` names the store file it reads."""
    snap = snapshot_id(settings)
    return Health(status="ok" if snap != "none" else "no-store", snapshot=snap)


@router.get("/api/v1/meta", response_model=Meta, summary="The store's meta object")
def meta(con: Con, settings: SettingsDep) -> Meta:
    """As ``fundlens db stats --json``: dates, counts, rejects by reason, synthetic."""
    return Meta(**meta_of(con, snapshot_of(con, settings)))
