"""``GET /api/v1/export/nav``: the NAVs of up to 50 schemes as one long table
(scheme_code, date, nav), CSV or Parquet."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from fundlens.api.deps import Con
from fundlens.api.routers.funds import STAMP_HEADERS, stamp_headers
from fundlens.api.schemas.funds import CodeItem, IsoDate, check_request_range
from fundlens.api.stamp import Stamp
from fundlens.services.navs import EXPORT_FORMATS, MAX_EXPORT_SCHEMES, export_bytes, nav_export

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/export", tags=["export"])


def _split(value: object) -> object:
    """``codes=1,2&codes=3`` → [1, 2, 3] (commas or repeated parameters)."""
    items = value if isinstance(value, list) else [value]
    out: list[object] = []
    for item in items:
        if isinstance(item, str):
            out.extend(part.strip() for part in item.split(",") if part.strip())
        else:
            out.append(item)
    return out


class ExportQuery(BaseModel):
    """Schemes, date range and format of an export."""

    model_config = ConfigDict(extra="ignore")

    codes: Annotated[list[CodeItem], BeforeValidator(_split)] = Field(
        min_length=1,
        max_length=MAX_EXPORT_SCHEMES,
        description="1 to 50 scheme codes: repeated (codes=100822&codes=118825) or "
        "comma-separated (codes=100822,118825).",
        examples=[[100822, 118825]],
    )
    start_date: IsoDate | None = Field(default=None, description="First date (ISO).")
    end_date: IsoDate | None = Field(default=None, description="Last date (ISO).")
    format: Literal["csv", "parquet"] = Field(
        default="csv", description="csv (text/csv) or parquet (application/vnd.apache.parquet)."
    )

    @model_validator(mode="after")
    def _range(self) -> ExportQuery:
        check_request_range(self.start_date, self.end_date)
        return self


@router.get(
    "/nav",
    response_class=Response,
    summary="NAVs of up to 50 schemes as CSV or Parquet",
    responses={
        200: {
            "description": "Long format: one row per scheme and date, columns scheme_code "
            "(integer), date (ISO date), nav (rupees per unit); by scheme in the order asked, "
            "then date.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
            "headers": STAMP_HEADERS,
        },
        404: {"description": "A scheme is not in the store."},
    },
)
def export_nav(query: Annotated[ExportQuery, Query()], con: Con, stamp: Stamp) -> Response:
    """NAVs of the chosen schemes within start_date … end_date (both optional), as
    published. Parquet is written by Polars (zstd)."""
    frame = nav_export(con, query.codes, start_date=query.start_date, end_date=query.end_date)
    suffix = "csv" if query.format == "csv" else "parquet"
    headers = stamp_headers(stamp) | {
        "Content-Disposition": f'attachment; filename="fundlens-nav.{suffix}"'
    }
    return Response(
        export_bytes(frame, query.format), media_type=EXPORT_FORMATS[query.format], headers=headers
    )
