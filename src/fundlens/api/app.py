"""The FastAPI application: routers, middleware and one error shape for every failure.

Errors are JSON ``{"detail": ...}``: a client mistake is a 4xx (unknown scheme 404, bad
parameters 422, too large 413, too many requests 429), never a 500 and never a traceback;
an unexpected failure is a 500 with a generic sentence (the traceback goes to the log).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from fundlens.api.routers import meta
from fundlens.errors import FundlensError, InputError, StoreError
from fundlens.version import __version__

__all__ = ["create_app"]

log = logging.getLogger("fundlens.api")


def _not_found(message: str) -> bool:
    return "not in the store" in message or "no NAVs" in message


def create_app() -> FastAPI:
    """Build the application (uvicorn calls this with ``--factory``)."""
    app = FastAPI(
        title="fundlens API",
        version=__version__,
        description=(
            "Every NAV of every Indian mutual fund and every analysis of the fundlens "
            "engine. Units: fractions (0.12 = 12 %) except in seed-shaped responses, "
            "which keep the seed's units; each field states its unit."
        ),
    )
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.include_router(meta.router)

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
