"""HTTP client of the fundlens REST API: the dashboard's only source of data.

One :class:`Api` per process (:func:`api`), on a keep-alive ``httpx.Client`` to
``FUNDLENS_API_URL`` (default ``http://127.0.0.1:8001``). Errors become exceptions with one
readable sentence: :class:`ApiError` for an answer that is not 2xx (``.status``, and
``.detail`` made from the API's ``{"detail": …}``), :class:`ApiDown` when the API cannot be
reached at all (connection refused, time-out; status 0).

:func:`cached_get` and :func:`cached_post` memoise answers with ``st.cache_data``, keyed by
the request and by the store's snapshot — its as-of date and last update time, read from
``/api/v1/meta`` — so a new snapshot (a daily update) refreshes every page without a
restart. Lists in parameters go out as repeated keys (``?windows=1y&windows=3y``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import Any, Final

import httpx
import streamlit as st

from fundlens.settings import load_settings

__all__ = [
    "META_PATH",
    "SNAPSHOT_STATE",
    "TIMEOUT",
    "Api",
    "ApiDown",
    "ApiError",
    "api",
    "cached_get",
    "cached_post",
    "detail_sentence",
    "snapshot_key",
]

#: Read time-out (s): the slowest analyses on the real store take a few seconds.
TIMEOUT: Final = httpx.Timeout(120.0, connect=3.0)
#: The meta object's path (also the key of every cached answer).
META_PATH: Final = "/api/v1/meta"


class ApiError(Exception):
    """The API answered with an error: ``status`` (HTTP code) and ``detail`` (a sentence)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class ApiDown(ApiError):
    """The API cannot be reached (connection refused, time-out): status 0."""

    def __init__(self, detail: str) -> None:
        super().__init__(0, detail)


def detail_sentence(body: Any, status: int) -> str:
    """The API's ``{"detail": …}`` as one sentence: a string as is, FastAPI's list of field
    errors as ``field: message; …``.

    >>> detail_sentence({"detail": "unknown scheme code 1"}, 404)
    'unknown scheme code 1'
    >>> detail_sentence({"detail": [{"loc": ["query", "limit"], "msg": "too big"}]}, 422)
    'limit: too big'
    """
    detail = body.get("detail") if isinstance(body, Mapping) else None
    if isinstance(detail, str) and detail:
        return detail
    if isinstance(detail, list) and detail:
        parts = []
        for item in detail:
            if not isinstance(item, Mapping):
                parts.append(str(item))
                continue
            loc = [str(p) for p in item.get("loc", []) if p not in ("query", "body", "path")]
            msg = str(item.get("msg", "invalid value"))
            parts.append(f"{'.'.join(loc)}: {msg}" if loc else msg)
        return "; ".join(parts)
    return f"the API answered HTTP {status}"


def _params(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query pairs: None dropped, lists and tuples as repeated keys, booleans lowercase."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None:
                continue
            pairs.append((key, str(item).lower() if isinstance(item, bool) else str(item)))
    return pairs


class Api:
    """The REST API at ``base_url`` (default ``FUNDLENS_API_URL``)."""

    def __init__(self, base_url: str | None = None) -> None:
        self.base_url = (base_url or load_settings().api_url).rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=TIMEOUT)

    def _send(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kw)
        except httpx.TransportError as exc:
            kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "refused"
            raise ApiDown(
                f"the fundlens API at {self.base_url} is not answering ({kind}): start it with "
                "`fundlens serve` (API and dashboard) or `fundlens api`, or set FUNDLENS_API_URL"
            ) from exc
        if response.status_code >= 400:
            try:
                body = response.json()
            except ValueError:
                body = None
            raise ApiError(response.status_code, detail_sentence(body, response.status_code))
        return response

    def get(self, path: str, **params: Any) -> Any:
        """GET ``path`` with query ``params``; the JSON answer."""
        return self._send("GET", path, params=_params(params)).json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST ``body`` as JSON to ``path``; the JSON answer."""
        return self._send("POST", path, json=body).json()

    def get_bytes(self, path: str, **params: Any) -> tuple[bytes, str]:
        """GET ``path``; the raw body and its content type (CSV, HTML, Parquet)."""
        response = self._send("GET", path, params=_params(params))
        return response.content, response.headers.get("content-type", "application/octet-stream")

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()


_lock = threading.Lock()
_apis: dict[str, Api] = {}


def api() -> Api:
    """The process's :class:`Api` (one per base URL; Streamlit sessions share it)."""
    base = load_settings().api_url.rstrip("/")
    with _lock:
        client = _apis.get(base)
        if client is None:
            client = _apis[base] = Api(base)
        return client


def snapshot_key(meta: Mapping[str, Any]) -> str:
    """What identifies a snapshot in the meta object: as-of date and last update time."""
    return f"{meta.get('as_of_date')}|{meta.get('last_update_at')}"


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(base: str, snapshot: str, method: str, path: str, payload: str) -> Any:
    """One cached answer; ``base`` and ``snapshot`` are part of the key only."""
    del base, snapshot  # the key: another API or a new snapshot misses the cache
    client = api()
    if method == "GET":
        return client.get(path, **json.loads(payload))
    return client.post(path, json.loads(payload))


#: ``st.session_state`` key of the snapshot the current page run reads
#: (:func:`fundlens.web.layout.page_setup` sets it from the meta object it fetched).
SNAPSHOT_STATE: Final = "fundlens_snapshot"


def _current_snapshot() -> str:
    """The snapshot of this page run (set by ``page_setup``), else asked from the API."""
    try:
        known = st.session_state.get(SNAPSHOT_STATE)
    except Exception:  # no Streamlit session (a script or a test)
        known = None
    return str(known) if known else snapshot_key(api().get(META_PATH))


def cached_get(path: str, **params: Any) -> Any:
    """:meth:`Api.get`, memoised per snapshot (errors are not cached)."""
    grouped: dict[str, list[str]] = {}
    for key, value in _params(params):
        grouped.setdefault(key, []).append(value)
    payload = json.dumps(grouped, sort_keys=True)
    return _cached(api().base_url, _current_snapshot(), "GET", path, payload)


def cached_post(path: str, body: dict[str, Any]) -> Any:
    """:meth:`Api.post`, memoised per snapshot (errors are not cached)."""
    payload = json.dumps(body, sort_keys=True, default=str)
    return _cached(api().base_url, _current_snapshot(), "POST", path, payload)
