"""``/api/v1/funds/{code}/…``: a fund's NAVs (JSON or CSV), its full metric set and its
HTML tearsheet. Unknown scheme (or benchmark) → 404; start_date after end_date → 422."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from fundlens.api.deps import Con
from fundlens.api.schemas.funds import (
    CODE_MAX,
    CodeItem,
    IsoDate,
    NavPoint,
    NavResponse,
    RfRate,
    check_request_range,
)
from fundlens.api.schemas.metrics import FundMetricsResponse
from fundlens.api.stamp import Stamp, StoreRf
from fundlens.reports.tearsheet import tearsheet
from fundlens.services.navs import export_bytes, require_schemes, scheme_navs
from fundlens.services.report import metrics_report

__all__ = ["router", "stamp_headers"]

router = APIRouter(prefix="/api/v1/funds", tags=["funds"])

Code = Annotated[int, Path(ge=1, le=CODE_MAX, description="AMFI scheme code.", examples=[100822])]

#: Headers that carry the as-of stamp on responses that are not JSON.
STAMP_HEADERS: dict[str, Any] = {
    "X-As-Of-Date": {
        "description": "Last NAV date in the store (ISO); empty for an empty store.",
        "schema": {"type": "string"},
    },
    "X-Synthetic": {
        "description": "'true' when the store holds the generated demo universe.",
        "schema": {"type": "string", "enum": ["true", "false"]},
    },
}


def stamp_headers(stamp: dict[str, Any]) -> dict[str, str]:
    """The as-of stamp as response headers (CSV, Parquet, HTML)."""
    day = stamp["as_of_date"]
    return {
        "X-As-Of-Date": "" if day is None else str(day),
        "X-Synthetic": "true" if stamp["synthetic"] else "false",
    }


class _Range(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start_date: IsoDate | None = Field(default=None, description="First date (ISO).")
    end_date: IsoDate | None = Field(default=None, description="Last date (ISO).")

    @model_validator(mode="after")
    def _range(self) -> _Range:
        check_request_range(self.start_date, self.end_date)
        return self


class NavQuery(_Range):
    """NAVs of a date range, as JSON or CSV."""

    format: Literal["json", "csv"] = Field(
        default="json", description="json, or csv (text/csv with a header row date,nav)."
    )


BenchmarkParam = Annotated[
    CodeItem | Literal["auto", "none"],
    Field(
        description="A benchmark scheme code, 'auto' (the category's index-fund stand-in, "
        "costs included) or 'none' (absolute metrics only).",
    ),
]


class MetricsQuery(_Range):
    """The window, benchmark and risk-free rate of a full set."""

    benchmark_code: BenchmarkParam = "auto"
    rf: RfRate | None = Field(
        default=None, description="Risk-free rate, a fraction a year; default the server's."
    )


class ReportQuery(MetricsQuery):
    """A tearsheet's window, benchmark, risk-free rate and SIP."""

    sip_amount: float = Field(
        default=10_000.0, gt=0, le=1e9, description="SIP section: rupees a month."
    )
    sip_day: int = Field(default=1, ge=1, le=31, description="SIP section: day of the month.")


def _benchmark(con: Con, code: int, choice: int | str) -> int | Literal["auto"] | None:
    """The benchmark argument of the engine; 404 for a code the store lacks."""
    if choice == "none":
        return None
    if choice == "auto":
        return "auto"
    require_schemes(con, [code, int(choice)])
    return int(choice)


@router.get(
    "/{code}/nav",
    response_model=NavResponse,
    summary="A fund's NAVs (JSON or CSV)",
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}}},
            "description": "JSON, or with format=csv a CSV with the header row date,nav.",
            "headers": STAMP_HEADERS,
        },
        404: {"description": "Unknown scheme."},
    },
)
def nav(code: Code, query: Annotated[NavQuery, Query()], con: Con, stamp: Stamp) -> Any:
    """The NAVs of scheme ``code`` from start_date to end_date (both optional), as
    published (no cleaning), oldest first."""
    name, frame = scheme_navs(con, code, start_date=query.start_date, end_date=query.end_date)
    if query.format == "csv":
        return Response(
            export_bytes(frame.select("date", "nav"), "csv"),
            media_type="text/csv; charset=utf-8",
            headers=stamp_headers(stamp),
        )
    return NavResponse(
        **stamp,
        scheme_code=code,
        name=name,
        start_date=query.start_date,
        end_date=query.end_date,
        count=frame.height,
        data=[NavPoint(date=d, nav=v) for d, v in frame.iter_rows()],
    )


@router.get(
    "/{code}/metrics",
    response_model=FundMetricsResponse,
    summary="A fund's full metric set",
    responses={404: {"description": "Unknown scheme or benchmark."}},
)
def metrics(
    code: Code,
    query: Annotated[MetricsQuery, Query()],
    con: Con,
    stamp: Stamp,
    store_rf: StoreRf,
) -> FundMetricsResponse:
    """Every return, risk, risk-adjusted, relative, capture and rolling metric of one fund
    (``fundlens metrics CODE --json``): fractions, nulls with their reasons. With a
    benchmark every metric uses the dates both have a NAV."""
    require_schemes(con, [code])
    report = metrics_report(
        con,
        code,
        benchmark=_benchmark(con, code, query.benchmark_code),
        start_date=query.start_date,
        end_date=query.end_date,
        rf=store_rf if query.rf is None else query.rf,
    )
    return FundMetricsResponse(**{**report, **stamp})


@router.get(
    "/{code}/report",
    response_class=HTMLResponse,
    summary="A fund's HTML tearsheet",
    responses={
        200: {"description": "One self-contained HTML page.", "headers": STAMP_HEADERS},
        404: {"description": "Unknown scheme or benchmark, or no NAV in the window."},
    },
)
def report(
    code: Code,
    query: Annotated[ReportQuery, Query()],
    con: Con,
    stamp: Stamp,
    store_rf: StoreRf,
) -> HTMLResponse:
    """The tearsheet of ``fundlens report CODE``: metrics, charts, drawdowns, SIP and
    peer ranks on one page (the synthetic banner when the store is synthetic)."""
    require_schemes(con, [code])
    html = tearsheet(
        con,
        code,
        benchmark=_benchmark(con, code, query.benchmark_code),
        start_date=query.start_date,
        end_date=query.end_date,
        rf=store_rf if query.rf is None else query.rf,
        sip_amount=query.sip_amount,
        sip_day=query.sip_day,
    )
    return HTMLResponse(html, headers=stamp_headers(stamp))
