"""Responses cached per snapshot, ETags and ``304 Not Modified`` (an ASGI middleware).

Every answer of the API is a function of the request and the store's snapshot: an update
publishes a new snapshot, and nothing else changes the data. So a successful response is

* kept in an in-process LRU (``FUNDLENS_API_CACHE``, on by default) under the key
  (snapshot, method, path, sorted query, SHA-256 of the body, ``Accept``, gzip or not),
  bounded to :data:`MAX_BYTES` per worker; entries above :data:`MAX_ENTRY` are not kept.
  A new snapshot changes the key, so it invalidates every entry at once (they are
  dropped). The stored bytes are the final ones — compressed when the client takes gzip —
  so a hit costs no computing and no compressing, for JSON, CSV, Parquet and HTML alike;
* stamped with ``ETag`` = a hash of the snapshot and the key (the response is determined
  by them, so the tag is known before the body is built) and ``Cache-Control: no-cache``
  (clients may keep it but must revalidate). A ``GET`` or ``HEAD`` whose ``If-None-Match``
  holds the current tag gets ``304 Not Modified`` without running the handler, with the
  cache on or off. A ``POST`` carries the ETag too, but conditional POSTs are not answered
  with 304 (HTTP allows 304 only for GET and HEAD).

Errors (any status but 200) are never cached and get no ETag; neither do the admin routes
nor ``/health``. Responses say ``X-Cache: hit`` or ``miss``.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fundlens.store.pool import snapshot_tag
from fundlens.store.snapshots import current_snapshot

__all__ = ["MAX_BYTES", "MAX_ENTRY", "ResponseCache", "read_body"]

#: Bytes of cached responses kept per worker process.
MAX_BYTES = 256 * 1024 * 1024
#: Largest single response kept (larger ones stream through uncached).
MAX_ENTRY = 16 * 1024 * 1024
#: Paths never cached: state-changing routes and liveness.
UNCACHED_PREFIXES = ("/api/v1/admin", "/health")
_METHODS = ("GET", "HEAD", "POST")


@dataclass(frozen=True)
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


async def read_body(receive: Receive) -> tuple[bytes, Receive]:
    """Read the whole request body; return it and a ``receive`` that replays it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            pending: Message | None = message
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            pending = None
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            if pending is not None:
                return pending
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _request_key(scope: Scope, body: bytes) -> str:
    query = urlencode(sorted(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)))
    gzip = "gzip" if "gzip" in _header(scope, b"accept-encoding") else "identity"
    digest = hashlib.sha256(body).hexdigest() if body else ""
    accept = _header(scope, b"accept")
    return "\n".join((scope["method"], scope["path"], query, digest, accept, gzip))


def _etag(tag: str, key: str) -> str:
    return '"' + hashlib.blake2b(f"{tag}\n{key}".encode(), digest_size=16).hexdigest() + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


class ResponseCache:
    """The middleware (module docstring); ``db`` is the store whose snapshot keys it."""

    def __init__(self, app: ASGIApp, *, db: Path, enabled: bool = True) -> None:
        self.app = app
        self.db = db
        self.enabled = enabled
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._bytes = 0
        self._tag: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in _METHODS
            or scope["path"].startswith(UNCACHED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        current = current_snapshot(self.db)
        if current is None:  # no store: the handlers answer 503
            await self.app(scope, receive, send)
            return
        tag = snapshot_tag(current)
        if tag != self._tag:  # a new snapshot: every entry is out of date
            self._entries.clear()
            self._bytes = 0
            self._tag = tag
        body = b""
        if scope["method"] == "POST":
            body, receive = await read_body(receive)
        key = _request_key(scope, body)
        etag = _etag(tag, key)
        if scope["method"] != "POST" and _matches(_header(scope, b"if-none-match"), etag):
            await _send_not_modified(send, etag)
            return
        entry = self._entries.get((tag, key)) if self.enabled else None
        if entry is not None:
            self._entries.move_to_end((tag, key))
            await send(
                {
                    "type": "http.response.start",
                    "status": entry.status,
                    "headers": [*entry.headers, (b"x-cache", b"hit")],
                }
            )
            body_out = b"" if scope["method"] == "HEAD" else entry.body
            await send({"type": "http.response.body", "body": body_out, "more_body": False})
            return
        await self._miss(scope, receive, send, tag=tag, key=key, etag=etag)

    async def _miss(
        self, scope: Scope, receive: Receive, send: Send, *, tag: str, key: str, etag: str
    ) -> None:
        """Run the app; stamp a 200 with the ETag and keep its bytes if they are small."""
        keep, size = False, 0
        chunks: list[bytes] = []
        start: list[tuple[bytes, bytes]] = []

        async def wrapped(message: Message) -> None:
            nonlocal keep, size
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                control = b"".join(v for k, v in headers if k.lower() == b"cache-control")
                if message["status"] == 200 and b"etag" not in names:
                    headers.append((b"etag", etag.encode()))
                    if b"cache-control" not in names:
                        headers.append((b"cache-control", b"no-cache"))
                    keep = (
                        self.enabled
                        and scope["method"] != "HEAD"
                        and b"no-store" not in control
                        and b"set-cookie" not in names
                    )
                    start.extend(headers)
                    headers.append((b"x-cache", b"miss"))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > MAX_ENTRY:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        self._store(tag, key, _Entry(200, start, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, wrapped)

    def _store(self, tag: str, key: str, entry: _Entry) -> None:
        if tag != self._tag:  # built while an update published: keyed to an old snapshot
            return
        old = self._entries.pop((tag, key), None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[(tag, key)] = entry
        self._bytes += len(entry.body)
        while self._bytes > MAX_BYTES and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)


async def _send_not_modified(send: Send, etag: str) -> None:
    headers = [
        (b"etag", etag.encode()),
        (b"cache-control", b"no-cache"),
        (b"vary", b"Accept-Encoding"),
    ]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b"", "more_body": False})
