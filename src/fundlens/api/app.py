"""The FastAPI application: routers, middleware and one error shape for every failure.

Errors are JSON ``{"detail": ...}``: a client mistake is a 4xx (unknown scheme 404, bad
parameters 422, too large 413, too many requests 429), never a 500 and never a traceback;
an unexpected failure is a 500 with a generic sentence (the traceback goes to the log).

Middleware, outermost first: CORS (only when ``FUNDLENS_CORS_ORIGINS`` is set), the
per-client rate limit (429), the body limit (413), the response cache with ETags
(:mod:`fundlens.api.cache`), gzip. The admin routes exist only when ``FUNDLENS_API_KEY``
is set.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from fundlens.api.cache import ResponseCache
from fundlens.api.deps import api_settings
from fundlens.api.limits import BodyLimit, RateLimit
from fundlens.api.routers import (
    admin,
    amc,
    analysis,
    categories,
    expense,
    export,
    funds,
    funds_analysis,
    meta,
    performance,
    quality,
    schemes,
    sip,
    summary,
)
from fundlens.api.schemas.common import ErrorBody
from fundlens.errors import FundlensError, InputError, StoreError
from fundlens.version import __version__

__all__ = ["create_app"]

log = logging.getLogger("fundlens.api")


def _not_found(message: str) -> bool:
    return "not in the store" in message or "no NAVs" in message


def _error(description: str, **extra: Any) -> dict[str, Any]:
    """An error answer in OpenAPI: JSON ``ErrorBody`` — stated as ``application/json`` too,
    since FastAPI files a response ``model`` under the route's own media type (text/html
    for the tearsheet, text/csv for exports) while errors are always JSON."""
    json_body = {"schema": {"$ref": "#/components/schemas/ErrorBody"}}
    return {"model": ErrorBody, "description": description,
            "content": {"application/json": json_body}, **extra}  # fmt: skip


#: Answers any route may give besides its own (OpenAPI).
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("The request body cannot be parsed (not UTF-8)."),
    413: _error("Request body over `FUNDLENS_MAX_BODY` bytes."),
    422: _error(
        "A bad request: FastAPI's list of field errors, or a sentence for a rule across "
        "fields or against the store (e.g. a scheme as its own benchmark)."
    ),
    429: _error(
        "Rate limit exceeded (`FUNDLENS_RATE_LIMIT` a minute per client IP).",
        headers={
            "Retry-After": {
                "description": "Seconds until a request is accepted again.",
                "schema": {"type": "integer"},
            }
        },
    ),
    503: _error("The store cannot be read (none built yet)."),
}


def _operation_id(route: APIRoute) -> str:
    """Operation ids from tag + function name (stable for generated clients)."""
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def create_app() -> FastAPI:
    """Build the application (uvicorn calls this with ``--factory``)."""
    settings = api_settings()
    app = FastAPI(
        generate_unique_id_function=_operation_id,
        responses=COMMON_RESPONSES,
        title="fundlens API",
        version=__version__,
        description=(
            "Every NAV of every Indian mutual fund and every analysis of the fundlens "
            "engine. Units: fractions (0.12 = 12 %) except in seed-shaped responses, "
            "which keep the seed's units; each field states its unit."
        ),
    )
    # add_middleware wraps: the last added is the outermost
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    app.add_middleware(ResponseCache, db=settings.db, enabled=settings.api_cache)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)
    app.add_middleware(RateLimit, per_minute=settings.rate_limit)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "If-None-Match", "X-API-Key"],
            expose_headers=["ETag", "Retry-After", "X-Cache", "X-As-Of-Date", "X-Synthetic"],
            max_age=600,
        )
    app.include_router(meta.router)
    app.include_router(quality.router)
    app.include_router(schemes.router)
    app.include_router(performance.router)
    app.include_router(funds.router)
    app.include_router(summary.router)
    app.include_router(sip.router)
    app.include_router(categories.router)
    app.include_router(export.router)
    app.include_router(amc.router)
    app.include_router(analysis.router)
    app.include_router(expense.router)
    app.include_router(funds_analysis.router)
    if settings.api_key:
        app.include_router(admin.router)

    @app.exception_handler(InputError)
    async def input_error(_: Request, exc: InputError) -> JSONResponse:
        status = 404 if _not_found(str(exc)) else 422
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(FundlensError)
    async def fundlens_error(_: Request, exc: FundlensError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse({"detail": "internal error (logged on the server)"}, status_code=500)

    return app
