"""A fault-injecting stand-in for AMFI's download server (test-only code, stdlib only).

Run as a process (``python amfi_server.py --root DIR …``): it binds 127.0.0.1 on a free port,
prints ``LISTENING http://127.0.0.1:<port>`` on stdout and serves

* ``/DownloadNAVHistoryReport_Po.aspx?frmdt=DD-Mon-YYYY&todt=…`` from ``ROOT/YYYY/MM/DD.csv``
  (else ``DD.head.csv``), read in place; a date without a file gets AMFI's holiday answer,
  a 200 with an empty body;
* ``/spages/NAVAll.txt`` and ``/DownloadSchemeData_Po.aspx`` from ``--navall``/``--master``;
* ``HEAD`` on any path (200, no body), for probes.

Faults come from a JSON file (``--faults``), re-read whenever its content changes (which
resets every queue): ``{"2006-04-03": ["500", "500", "ok"], "/spages/NAVAll.txt": ["html"]}``,
keyed by ISO date for history requests, else by URL path. Each request consumes the next
action of its key; an empty or exhausted list means ``ok``. Actions: ``ok``; a status such as
``500``/``503``/``429`` (short text body); ``hang`` or ``hang:SECONDS`` (no answer until the
client goes away or SECONDS, default 5, pass; then close); ``empty`` (200, no body); ``html``
(200, an ASP.NET error page); ``garbage`` (200, non-AMFI text); ``headeronly`` (200, a
layout-A header and no rows); ``reset`` (headers with the full Content-Length, half the
body, then an RST); ``cut`` (the same, closed with a plain FIN: a Content-Length mismatch);
``slow:SECONDS`` (wait, then ``ok``).

Every request appends one JSON line to ``--log``: ``start``/``end`` (epoch seconds), ``path``,
``query``, ``key``, ``action``, ``status`` (None when no status line was sent) and
``in_flight`` (requests being served when this one started, itself included). ``GET
/_control/idle`` (not logged, not counted) answers once nothing is in flight, so a test can
read a complete log. :func:`start_amfi_server` starts the process for a test.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

__all__ = ["AmfiServer", "start_amfi_server"]

HISTORY = "/DownloadNAVHistoryReport_Po.aspx"
NAVALL = "/spages/NAVAll.txt"
MASTER = "/DownloadSchemeData_Po.aspx"
IDLE = "/_control/idle"
HTML_PAGE = (
    b"<!DOCTYPE html>\r\n<html><head><title>Runtime Error</title></head>\r\n"
    b"<body><h1>Server Error in '/' Application.</h1></body></html>\r\n"
)
GARBAGE = b"\x00\x01Service temporarily unavailable; please retry\r\n"
HEADER_ONLY = (
    b"Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    b"Net Asset Value;Repurchase Price;Sale Price;Date\r\n\r\n"
)
_CANNED = {"empty": b"", "html": HTML_PAGE, "garbage": GARBAGE, "headeronly": HEADER_ONLY}


# --- the server process ------------------------------------------------------------------


class _State:
    """Fault queues, in-flight count and log, shared by the handler threads."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.root: Path = args.root
        self.files = {NAVALL: args.navall, MASTER: args.master}
        self.faults_path: Path | None = args.faults
        self.log_path: Path = args.log
        self.lock = threading.Condition()
        self.in_flight = 0
        self.faults_raw: bytes | None = None
        self.queues: dict[str, list[str]] = {}

    def next_action(self, key: str) -> str:
        with self.lock:
            self._reload()
            queue = self.queues.get(key)
            return queue.pop(0) if queue else "ok"

    def _reload(self) -> None:
        if self.faults_path is None or not self.faults_path.exists():
            return
        raw = self.faults_path.read_bytes()
        if raw != self.faults_raw:
            self.faults_raw = raw
            data = json.loads(raw or b"{}")
            faults = data.get("faults", data)
            self.queues = {str(k): [str(a) for a in v] for k, v in faults.items()}

    def enter(self) -> int:
        with self.lock:
            self.in_flight += 1
            return self.in_flight

    def leave(self, record: dict[str, Any]) -> None:
        with self.lock:
            with self.log_path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(record) + "\n")
            self.in_flight -= 1
            self.lock.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self.lock:
            return self.lock.wait_for(lambda: self.in_flight == 0, timeout)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeAMFI/1.0"
    state: _State

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log (the JSON log is the record)."""

    def do_HEAD(self) -> None:
        self._reply(200, b"", "text/plain", head=True)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == IDLE:
            ok = self.state.wait_idle(10.0)
            self._reply(200 if ok else 503, b"idle" if ok else b"busy", "text/plain")
            return
        record: dict[str, Any] = {"start": time.time(), "path": parts.path, "query": parts.query}
        record["in_flight"] = self.state.enter()
        try:
            key, body = self._resolve(parts.path, parse_qs(parts.query))
            action = self.state.next_action(key) if key else "ok"
            record.update(key=key, action=action)
            record["status"] = self._act(action, body)
        finally:
            record["end"] = time.time()
            self.state.leave(record)

    def _resolve(self, path: str, query: dict[str, list[str]]) -> tuple[str, bytes | None]:
        """(fault key, body to serve; None = not found)."""
        if path == HISTORY:
            try:
                day = dt.datetime.strptime(query["frmdt"][0], "%d-%b-%Y").date()
            except (KeyError, ValueError):
                return "", None
            folder = self.state.root / f"{day:%Y}" / f"{day:%m}"
            for name in (f"{day:%d}.csv", f"{day:%d}.head.csv"):
                if (folder / name).is_file():
                    return day.isoformat(), (folder / name).read_bytes()
            return day.isoformat(), b""
        source = self.state.files.get(path)
        if source is None:
            return path, None
        return path, source.read_bytes()

    def _act(self, action: str, body: bytes | None) -> int | None:
        name, _, arg = action.partition(":")
        if name == "slow":
            time.sleep(float(arg or 0.3))
            name = "ok"
        if name == "ok":
            if body is None:
                return self._reply(404, b"not found", "text/plain")
            return self._reply(200, body, "text/plain; charset=utf-8")
        if name.isdigit():
            return self._reply(int(name), f"HTTP {name}".encode(), "text/plain")
        if name in _CANNED:
            payload = _CANNED[name]
            return self._reply(200, payload, "text/html" if name == "html" else "text/plain")
        if name == "hang":
            self._hang(float(arg or 5.0))
            return None
        if name in ("reset", "cut"):
            self._cut(body or HTML_PAGE, rst=name == "reset")
            return 200
        raise ValueError(f"unknown fault action {action!r}")

    def _reply(self, status: int, body: bytes, ctype: str, *, head: bool = False) -> int:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.wfile.flush()
        return status

    def _hang(self, seconds: float) -> None:
        """Send nothing until the client disconnects or ``seconds`` pass, then close."""
        sock = self.connection
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            readable, _, _ = select.select([sock], [], [], 0.01)
            if readable:
                with contextlib.suppress(OSError):
                    if sock.recv(1, socket.MSG_PEEK) == b"":
                        break
        self.close_connection = True

    def _cut(self, body: bytes, *, rst: bool) -> None:
        """Headers promising the full body, half of it, then a close: RST or a plain FIN."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        time.sleep(0.02)
        if rst:
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        else:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        self.connection.close()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (time-outs, the faults themselves) are not errors."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, bind a free port on 127.0.0.1, print it, serve until killed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--navall", type=Path)
    parser.add_argument("--master", type=Path)
    parser.add_argument("--faults", type=Path)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    handler = type("Handler", (_Handler,), {"state": _State(args)})
    server = _Server(("127.0.0.1", args.port), handler)
    print(f"LISTENING http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever(poll_interval=0.1)


# --- the parent side ---------------------------------------------------------------------


class AmfiServer(NamedTuple):
    """A running server: unpacks as ``(base_url, log_path, set_faults)``."""

    base_url: str
    log_path: Path
    set_faults: Callable[[dict[str, list[str]]], None]

    def read_log(self) -> list[dict[str, Any]]:
        """Every request logged so far, once the server has nothing in flight."""
        with urllib.request.urlopen(self.base_url + IDLE, timeout=15) as resp:
            resp.read()
        if not self.log_path.exists():
            return []
        lines = self.log_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]


@contextlib.contextmanager
def start_amfi_server(
    root: Path,
    workdir: Path,
    *,
    navall: Path | None = None,
    master: Path | None = None,
    faults: dict[str, list[str]] | None = None,
) -> Iterator[AmfiServer]:
    """Start the server process (files of its own under ``workdir``), yield it, stop it."""
    workdir.mkdir(parents=True, exist_ok=True)
    faults_path, log_path = workdir / "faults.json", workdir / "requests.jsonl"
    generation = iter(range(1, 1_000_000))

    def set_faults(script: dict[str, list[str]]) -> None:
        tmp = faults_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps({"generation": next(generation), "faults": script}))
        os.replace(tmp, faults_path)

    set_faults(faults or {})
    cmd = [sys.executable, "-u", str(Path(__file__).resolve()), "--root", str(root)]
    cmd += ["--faults", str(faults_path), "--log", str(log_path)]
    for flag, path in (("--navall", navall), ("--master", master)):
        if path is not None:
            cmd += [flag, str(path)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        yield AmfiServer(_read_url(proc), log_path, set_faults)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()


def _read_url(proc: subprocess.Popen[str], timeout: float = 15.0) -> str:
    """The URL the server prints on its first stdout line."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline() if ready else ""
    if not line.startswith("LISTENING "):
        proc.kill()
        raise RuntimeError(f"AMFI test server did not start (got {line!r})")
    return line.split()[1]


if __name__ == "__main__":
    main()
