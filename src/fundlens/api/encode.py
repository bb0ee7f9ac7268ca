"""JSON bodies encoded once, by orjson, for the routes whose answers hold thousands of points.

FastAPI validates a route's return value against its response model and then serialises it;
for a rolling-returns answer (≈ 10,000 points) that costs more than the engine's work. The
routes that use :func:`json_response` build plain dicts in exactly the shape of their
response model (the model still documents the route in OpenAPI, and the tests validate
real answers against it), and the bytes go out as they are. NaN and ±inf become ``null``
(the contract's "missing" value); ``datetime.date`` becomes an ISO date.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response

__all__ = ["json_response"]

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def json_response(payload: dict[str, Any], status_code: int = 200) -> Response:
    """``payload`` as an ``application/json`` response, encoded once.

    >>> import datetime as dt
    >>> json_response({"day": dt.date(2024, 1, 31), "value": float("nan")}).body
    b'{"day":"2024-01-31","value":null}'
    """
    return Response(
        orjson.dumps(payload, option=_OPTIONS),
        status_code=status_code,
        media_type="application/json",
    )
