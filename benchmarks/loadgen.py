"""A wrk-like HTTP load generator in one process of its own (asyncio, raw HTTP/1.1).

``python -m benchmarks.loadgen URL REQUESTS.json --connections N --duration S --out R.json``

``REQUESTS.json`` is a list of ``{"method", "path", "body"}`` (``body`` any JSON value, or
null). Each of the N connections is a keep-alive HTTP/1.1 connection that sends a request,
reads the whole response, and sends the next one (a closed loop, as wrk does); connection k
sends requests k, k + N, k + 2N, … round-robin, so the distinct bodies are spread evenly
and each stays on the connection (and so the server worker) it was warmed up on. Before the
timed run a warm-up is sent and not counted: by default every distinct request once
(``--warmup N``: the first N). The client parses no
JSON: it reads the status line, the headers and exactly the body (``Content-Length`` or
chunked), which keeps its own cost small — the server, not the client, is measured.

An error is a response other than 2xx, a connection reset or a time-out; the run records
every request's latency (from writing the request to the last byte of the response).
``--accept-encoding`` (default ``gzip``, what browsers and httpx send) asks the server to
compress, as real clients do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["LoadResult", "build_requests", "main", "run_load"]


@dataclass
class LoadResult:
    """Latencies (ms) of the timed requests, status counts, errors, bytes and the duration."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    bytes_read: int = 0
    seconds: float = 0.0
    reconnects: int = 0

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)
        n = len(lat)

        def pct(q: float) -> float | None:
            return lat[min(n - 1, max(0, round(q / 100 * n + 0.5) - 1))] if n else None

        ok = sum(v for k, v in self.statuses.items() if 200 <= k < 300)
        return {
            "requests": n,
            "ok": ok,
            "errors": n - ok,
            "reconnects": self.reconnects,
            "error_kinds": dict(self.errors),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "seconds": self.seconds,
            "rps": n / self.seconds if self.seconds else 0.0,
            "p50_ms": pct(50),
            "p90_ms": pct(90),
            "p99_ms": pct(99),
            "max_ms": lat[-1] if n else None,
            "mean_ms": sum(lat) / n if n else None,
            "bytes_per_response": self.bytes_read / n if n else 0,
        }


def build_requests(
    host: str, specs: list[dict[str, Any]], *, accept_encoding: str | None
) -> list[bytes]:
    """The raw HTTP/1.1 bytes of each request (keep-alive)."""
    out = []
    for spec in specs:
        body = b"" if spec.get("body") is None else json.dumps(spec["body"]).encode()
        lines = [f"{spec['method']} {spec['path']} HTTP/1.1", f"Host: {host}", "Accept: */*"]
        if accept_encoding:
            lines.append(f"Accept-Encoding: {accept_encoding}")
        if body:
            lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
        out.append(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    return out


class _IdleClosed(ConnectionResetError):
    """The server closed the connection before sending any byte of the answer."""


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int]:
    """(status, body bytes) of one response; raises on a closed or malformed stream."""
    try:
        status_line = await reader.readline()
    except ConnectionResetError as exc:
        raise _IdleClosed("reset before the answer") from exc
    if not status_line:
        raise _IdleClosed("closed by the server before the answer")
    status = int(status_line.split(b" ", 2)[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key == b"content-length":
            length = int(value.strip())
        elif key == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif key == b"connection" and b"close" in value.lower():
            close = True
    size = 0
    if chunked:
        while True:
            n = int((await reader.readline()).split(b";")[0].strip(), 16)
            if n == 0:
                await reader.readline()
                break
            await reader.readexactly(n + 2)
            size += n
    elif length is not None:
        await reader.readexactly(length)
        size = length
    if close:
        raise ConnectionResetError("connection: close")
    return status, size


class _Client:
    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.reconnects = 0

    async def send(self, raw: bytes) -> tuple[int, int]:
        """One request and its response. A reused connection the server closed while it
        was idle (before any byte of the answer) is reopened and the request sent again
        once, as HTTP clients do; that is a reconnect, not an error."""
        reused = self.writer is not None
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        try:
            self.writer.write(raw)
            await self.writer.drain()
        except (BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
        else:
            try:
                return await asyncio.wait_for(_read_response(self.reader), self.timeout)
            except _IdleClosed:
                if not reused:
                    raise
        self.drop()
        self.reconnects += 1
        return await self.send(raw)

    def drop(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _worker(
    client: _Client, own: list[bytes], until: float, out: LoadResult | None, limit: int = 0
) -> None:
    """Send ``own`` round-robin until ``until``; for a warm-up (``out`` None) only the
    first ``limit`` of them, uncounted."""
    i = 0
    while time.perf_counter() < until:
        if out is None and i >= limit:
            return
        raw = own[i % len(own)]
        i += 1
        start = time.perf_counter()
        try:
            status, size = await client.send(raw)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            client.drop()
            if out is not None:
                out.latencies_ms.append((time.perf_counter() - start) * 1000)
                out.errors[type(exc).__name__] += 1
            continue
        if out is not None:
            out.latencies_ms.append((time.perf_counter() - start) * 1000)
            out.statuses[status] += 1
            out.bytes_read += size


async def run_load(
    url: str,
    specs: list[dict[str, Any]],
    *,
    connections: int,
    duration: float,
    timeout: float = 30.0,
    accept_encoding: str | None = "gzip",
    warmup: int = -1,
) -> LoadResult:
    """Warm up (``warmup`` requests; -1: every distinct request once), then ``duration``
    seconds of closed-loop load.

    Connection k owns requests k, k + N, k + 2N, … (N connections) in the warm-up and in
    the timed run alike: a keep-alive connection stays with one server worker, so a
    request warmed up (e.g. cached) on a worker is timed on that same worker."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    raws = build_requests(f"{host}:{port}", specs, accept_encoding=accept_encoding)
    clients = [_Client(host, port, timeout) for _ in range(connections)]
    owned = [raws[k::connections] or [raws[k % len(raws)]] for k in range(connections)]
    total = len(raws) if warmup < 0 else warmup
    if total:
        far = time.perf_counter() + 600
        per = [len(own) if warmup < 0 else -(-total // connections) for own in owned]
        await asyncio.gather(
            *(_worker(c, own, far, None, n) for c, own, n in zip(clients, owned, per, strict=True))
        )
    for c in clients:
        c.reconnects = 0  # count the timed run's only
    result = LoadResult()
    start = time.perf_counter()
    until = start + duration
    await asyncio.gather(
        *(_worker(c, own, until, result) for c, own in zip(clients, owned, strict=True))
    )
    result.seconds = time.perf_counter() - start
    result.reconnects = sum(c.reconnects for c in clients)
    for c in clients:
        c.drop()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="base URL, e.g. http://127.0.0.1:8001")
    parser.add_argument("requests", type=Path, help="JSON list of {method, path, body}")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--accept-encoding", default="gzip", help="'' for none")
    parser.add_argument(
        "--warmup", type=int, default=-1, help="requests before timing (-1: each distinct once)"
    )
    parser.add_argument("--out", type=Path, required=True, help="where to write the summary")
    args = parser.parse_args(argv)
    specs = json.loads(args.requests.read_text())
    result = asyncio.run(
        run_load(
            args.url,
            specs,
            connections=args.connections,
            duration=args.duration,
            timeout=args.timeout,
            accept_encoding=args.accept_encoding or None,
            warmup=args.warmup,
        )
    )
    args.out.write_text(json.dumps(result.summary() | {"distinct": len(specs)}))


if __name__ == "__main__":
    main()
