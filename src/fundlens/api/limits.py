"""Per-client rate limiting (429) and the request-body limit (413), as ASGI middlewares.

Rate limit: a token bucket per client IP in each worker's memory — ``FUNDLENS_RATE_LIMIT``
requests a minute (default 600; ``0`` turns it off, as the benchmarks do), refilled
continuously, with bursts up to one minute's allowance. Over the limit a request gets
``429`` with ``Retry-After`` (whole seconds until the next token) and a JSON ``detail``.
Each worker process keeps its own buckets, so ``--workers N`` lets a client through up to
N times the limit; behind a proxy the client IP is what uvicorn reports (its
``--forwarded-allow-ips`` decides whether ``X-Forwarded-For`` is believed). ``/health``
is not limited.

Body limit: a body above ``FUNDLENS_MAX_BODY`` bytes (default 64 KiB; the largest valid
request, 5 schemes with every window, is well under 1 KiB) is refused with ``413`` — at
once when ``Content-Length`` says so, else once the bytes read pass the limit.
"""

from __future__ import annotations

import json
import math
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "RateLimit", "send_error"]

#: Buckets kept before idle (full) ones are dropped (full buckets carry no state).
MAX_CLIENTS = 10_000
_EXEMPT = ("/health",)


async def send_error(
    send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer with the API's error shape ``{"detail": ...}`` (no handler involved)."""
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


class RateLimit:
    """Token bucket per client IP: ``per_minute`` requests a minute, bursts of as many."""

    def __init__(self, app: ASGIApp, *, per_minute: int) -> None:
        self.app = app
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens a second
        self._buckets: dict[str, tuple[float, float]] = {}  # ip -> (tokens, at)
        self._prune_at = MAX_CLIENTS

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0 or scope["path"] in _EXEMPT:
            await self.app(scope, receive, send)
            return
        wait = self._take(scope["client"][0] if scope.get("client") else "unknown")
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            await send_error(
                send,
                429,
                f"rate limit of {int(self.capacity)} requests a minute exceeded; "
                f"retry in {seconds} s",
                [(b"retry-after", str(seconds).encode())],
            )
            return
        await self.app(scope, receive, send)

    def _take(self, client: str) -> float:
        """Spend one token of ``client``; 0, or the seconds until one is available."""
        now = time.monotonic()
        tokens, at = self._buckets.get(client, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - at) * self.rate)
        if tokens < 1.0:
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens - 1.0, now)
        if len(self._buckets) > self._prune_at:
            self._prune(now)
        return 0.0

    def _prune(self, now: float) -> None:
        full = [
            c
            for c, (tokens, at) in self._buckets.items()
            if tokens + (now - at) * self.rate >= self.capacity
        ]
        for client in full:
            del self._buckets[client]
        # many clients active at once: prune again only when their number has doubled
        self._prune_at = max(MAX_CLIENTS, 2 * len(self._buckets))


class BodyLimit:
    """Refuse request bodies above ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope["headers"]) if scope["type"] == "http" else {}
        declared = headers.get(b"content-length")
        if declared is None and b"transfer-encoding" not in headers:  # no body
            await self.app(scope, receive, send)
            return
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:  # read it all (it is small) before the app sees any of it
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        await send_error(
            send,
            413,
            f"request body over the limit of {self.max_bytes} bytes (FUNDLENS_MAX_BODY)",
            [(b"connection", b"close")],
        )
