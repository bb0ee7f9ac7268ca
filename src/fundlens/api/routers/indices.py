"""``GET /api/v1/indices``: the stored index series, the benchmarks a request can name
with ``benchmark_index`` (rolling returns, fund analytics, the performance summary)."""

from __future__ import annotations

from fastapi import APIRouter

from fundlens.api.deps import Con
from fundlens.api.schemas.indices import IndexSeries, IndexSeriesList
from fundlens.api.stamp import Stamp
from fundlens.services.indices import index_series_list

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["indices"])


@router.get("/indices", response_model=IndexSeriesList, summary="Stored index series")
def indices(con: Con, stamp: Stamp) -> IndexSeriesList:
    """Every index series imported with ``fundlens index import`` (none on a store
    without them): name, kind and label (a TRI is labelled TRI, a price index "price
    index"), dates and values."""
    rows = [IndexSeries(**row) for row in index_series_list(con)]
    return IndexSeriesList(**stamp, data=rows, count=len(rows), total=len(rows))
