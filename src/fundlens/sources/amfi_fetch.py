"""Download AMFI's NAV files: one history file per day, the latest NAVAll.txt, the scheme master.

URLs, relative to :attr:`FetchConfig.base_url` (``FUNDLENS_AMFI_URL``, default
``https://portal.amfiindia.com``):

* a day's history: ``DownloadNAVHistoryReport_Po.aspx?frmdt=03-Apr-2006&todt=03-Apr-2006``
  (English month abbreviations whatever the locale), saved as ``dest/YYYY/MM/DD.csv``;
* the latest NAVs: ``spages/NAVAll.txt``, saved as ``dest/NAVAll.txt``;
* the scheme master: ``DownloadSchemeData_Po.aspx?mf=0``, saved as ``dest/SchemeData.csv``.

Rules:

* **What is data.** A body is data only if its first non-blank line is an AMFI header
  (:func:`~fundlens.sources.amfi_parse.detect_layout`) and a data row (``<digits>;``) follows.
  An HTML page or any other text with status 200 is a failure: retried, then reported, and
  nothing is written. The scheme master must instead be CSV whose header has a ``Code`` or
  ``Scheme_Code`` column.
* **Holidays.** A history answer with a valid header and no data rows is a holiday at once;
  an empty 200 body is retried ``empty_retries`` times and, if it stays empty, is a holiday.
  A holiday writes an empty marker ``dest/YYYY/MM/DD.holiday`` (never over a held ``DD.csv``).
* **Retries** (at most ``retries`` after the first attempt) with exponential backoff and
  jitter — ``min(backoff_max, backoff_base·2^(n−1))``, then a uniform draw in its upper half,
  at least ``Retry-After`` (capped at ``backoff_max``) — on HTTP 5xx, 408, 425 and 429,
  connection errors and resets, protocol errors (a body cut short of its Content-Length),
  time-outs and non-data 200 bodies. Other statuses (404, 403, …) fail at once.
* **Time-outs** per attempt: ``connect_timeout`` to connect, ``read_timeout`` for each wait
  on the socket (so a hang fails after it), and ``total_timeout`` for the whole body,
  checked as it arrives: an attempt lasts at most about ``total_timeout + read_timeout``.
* **Resumable.** A date already held (``DD.csv`` or ``DD.holiday``) is skipped unless it is in
  ``refetch``; failed dates write nothing, so the next run tries them again.
* **Atomic writes.** Each file is written to a temporary ``.DD.csv.*.tmp`` in the same folder,
  fsynced and renamed over the final name: a kill at any moment never leaves a half file
  under a final name (at worst a stray ``.tmp``, which ingest ignores).
* **Politeness.** At most ``concurrency`` requests at once (a thread pool sharing one
  ``httpx.Client``), and request starts, retries included, at least ``min_interval`` apart.
  After ``abort_after`` failed dates in a row the run stops and raises :class:`FetchError`.
* Nothing touches the network when there is nothing to fetch, or when ``offline`` is set
  (then asking for a download raises :class:`FetchError`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import httpx

from fundlens.errors import FundlensError, SettingsError
from fundlens.settings import Settings
from fundlens.sources.amfi_parse import HTML_BODY, detect_layout
from fundlens.version import __version__

__all__ = [
    "HISTORY_PATH",
    "HOLIDAY_SUFFIX",
    "NAVALL_NAME",
    "NAVALL_PATH",
    "SCHEME_MASTER_NAME",
    "SCHEME_MASTER_PATH",
    "FetchConfig",
    "FetchError",
    "FetchEvent",
    "FetchReport",
    "FetchStatus",
    "RateLimiter",
    "estimate",
    "fetch_history",
    "fetch_navall",
    "fetch_scheme_master",
    "history_path",
    "history_url",
    "pending_dates",
    "probe",
]

HISTORY_PATH = "DownloadNAVHistoryReport_Po.aspx"
NAVALL_PATH = "spages/NAVAll.txt"
SCHEME_MASTER_PATH = "DownloadSchemeData_Po.aspx?mf=0"
NAVALL_NAME = "NAVAll.txt"
SCHEME_MASTER_NAME = "SchemeData.csv"
HOLIDAY_SUFFIX = ".holiday"

FetchStatus = Literal["fetched", "skipped", "holiday", "failed"]

_log = logging.getLogger(__name__)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RETRY_STATUSES = frozenset({408, 425, 429})
_DATA_ROW = re.compile(rb"^[ \t]*\d+[ \t]*;", re.MULTILINE)


class FetchError(FundlensError):
    """A whole download failed (offline, NAVAll/master unusable, run aborted).

    ``report`` holds what a history run had done before it stopped, when there was one.
    """

    def __init__(self, message: str, report: FetchReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class FetchConfig:
    """Every network knob of a download; times in seconds. ``retries`` counts re-tries."""

    base_url: str = "https://portal.amfiindia.com"
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    total_timeout: float = 300.0
    retries: int = 4
    empty_retries: int = 1
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    concurrency: int = 4
    min_interval: float = 0.2
    abort_after: int = 20
    user_agent: str = f"fundlens/{__version__} (AMFI NAV archive; python-httpx)"
    offline: bool = False

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise SettingsError(f"AMFI base URL {self.base_url!r} is not an http(s) URL")
        times = (self.connect_timeout, self.read_timeout, self.total_timeout)
        if min(times) <= 0:
            raise SettingsError("fetch time-outs must be > 0 seconds")
        if min(self.backoff_base, self.backoff_max, self.min_interval) < 0:
            raise SettingsError("backoff and min_interval must be >= 0 seconds")
        if self.concurrency < 1 or min(self.retries, self.empty_retries, self.abort_after) < 0:
            raise SettingsError("concurrency must be >= 1; retries, abort_after >= 0")

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> FetchConfig:
        """Config from fundlens settings (``amfi_url``, ``offline`` and the ``fetch_*``
        time-outs, retries, backoff, concurrency and interval) plus explicit overrides."""
        base = cls(
            base_url=settings.amfi_url,
            offline=settings.offline,
            connect_timeout=min(settings.fetch_timeout, cls.connect_timeout),
            read_timeout=settings.fetch_timeout,
            total_timeout=max(settings.fetch_timeout * 5, settings.fetch_timeout + 1),
            retries=settings.fetch_retries,
            backoff_base=settings.fetch_backoff,
            backoff_max=max(settings.fetch_backoff_max, settings.fetch_backoff),
            concurrency=settings.fetch_concurrency,
            min_interval=settings.fetch_interval,
        )
        return replace(base, **overrides)


@dataclass(frozen=True)
class FetchEvent:
    """One finished date of a history run (sent to ``progress``): ``done`` of ``total``."""

    day: date
    status: FetchStatus
    attempts: int
    nbytes: int
    reason: str | None
    done: int
    total: int


@dataclass(frozen=True)
class FetchReport:
    """What a history run did; ``requests`` counts every HTTP attempt, retries included."""

    fetched: tuple[date, ...] = ()
    skipped: tuple[date, ...] = ()
    holidays: tuple[date, ...] = ()
    failed: Mapping[date, str] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0
    requests: int = 0

    @property
    def ok(self) -> bool:
        """True when no date failed."""
        return not self.failed

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO dates) for ``--json`` output."""
        return {
            "fetched": [d.isoformat() for d in self.fetched],
            "skipped": [d.isoformat() for d in self.skipped],
            "holidays": [d.isoformat() for d in self.holidays],
            "failed": {d.isoformat(): r for d, r in sorted(self.failed.items())},
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
        }


class RateLimiter:
    """Spaces calls to :meth:`wait` at least ``min_interval`` seconds apart, across threads."""

    def __init__(self, min_interval: float) -> None:
        self._interval = min_interval
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until this caller's slot; return its ``time.monotonic()`` start."""
        with self._lock:
            slot = max(time.monotonic(), self._next)
            self._next = slot + self._interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return slot


def history_url(day: date, base_url: str) -> str:
    """The history URL of one day: ``…/DownloadNAVHistoryReport_Po.aspx?frmdt=03-Apr-2006…``."""
    stamp = f"{day.day:02d}-{_MONTHS[day.month - 1]}-{day.year:04d}"
    return _url(base_url, f"{HISTORY_PATH}?frmdt={stamp}&todt={stamp}")


def history_path(dest: Path, day: date) -> Path:
    """Where a day's file lives: ``dest/YYYY/MM/DD.csv`` (its marker: ``DD.holiday``)."""
    return dest / f"{day.year:04d}" / f"{day.month:02d}" / f"{day.day:02d}.csv"


def pending_dates(
    dates: Iterable[date], *, dest: Path, refetch: Collection[date] = ()
) -> list[date]:
    """The sorted distinct dates not held under ``dest`` (no file, no marker) or in ``refetch``."""
    again = set(refetch)
    return sorted(d for d in set(dates) if d in again or not _held(dest, d))


def estimate(
    dates: Collection[date],
    *,
    config: FetchConfig = FetchConfig(),
    avg_bytes: int = 900_000,
    seconds_per_file: float = 2.0,
) -> tuple[int, float]:
    """(bytes, seconds) to download ``dates`` (pass :func:`pending_dates` to leave held out).

    ``concurrency`` downloads overlap, but starts are ``min_interval`` apart, so each file
    costs ``max(min_interval, seconds_per_file / concurrency)`` seconds of wall clock.

    >>> estimate([date(2024, 7, 15), date(2024, 7, 16)], config=FetchConfig(concurrency=4))
    (1800000, 1.0)
    """
    count = len(set(dates))
    per_file = max(config.min_interval, seconds_per_file / config.concurrency)
    return count * avg_bytes, count * per_file


def probe(base_url: str, *, timeout: float = 3.0) -> bool:
    """True if anything answers an HTTP HEAD at ``base_url`` within ``timeout`` seconds total.

    Any status counts as an answer; the call returns within ``timeout`` even if name
    resolution hangs (the request runs in a daemon thread).
    """
    answered = threading.Event()

    def attempt() -> None:
        with contextlib.suppress(httpx.HTTPError, OSError, ValueError):
            httpx.head(base_url, timeout=timeout, follow_redirects=False)
            answered.set()

    worker = threading.Thread(target=attempt, name="amfi-probe", daemon=True)
    worker.start()
    worker.join(timeout)
    return answered.is_set()


def fetch_history(
    dates: Sequence[date],
    *,
    dest: Path,
    config: FetchConfig,
    refetch: Collection[date] = (),
    progress: Callable[[FetchEvent], None] | None = None,
) -> FetchReport:
    """Download each day's history file to ``dest/YYYY/MM/DD.csv`` (rules: module docstring).

    Held dates are skipped unless in ``refetch``; ``progress`` gets one :class:`FetchEvent`
    per date (skipped ones first), from the calling thread. Per-date failures are reported,
    not raised.

    Raises:
        FetchError: offline with dates to fetch, or ``abort_after`` dates failed in a row
            (``exc.report`` holds the partial report).
    """
    started = time.monotonic()
    wanted = sorted(set(dates))
    todo = pending_dates(wanted, dest=dest, refetch=refetch)
    tally = _Tally(len(wanted), progress)
    todo_set = set(todo)
    for day in wanted:
        if day not in todo_set:
            tally.add(day, _Outcome("skipped", 0))
    if todo:
        _run_pool(todo, dest, config, tally)
    report = tally.report(time.monotonic() - started)
    if tally.aborted:
        raise FetchError(
            f"AMFI download stopped after {config.abort_after} failed dates in a row "
            f"(last: {tally.last_reason})",
            report,
        )
    return report


def fetch_navall(*, dest: Path, config: FetchConfig) -> Path:
    """Download the latest NAVs to ``dest/NAVAll.txt``; it must carry an AMFI header and rows.

    Raises:
        FetchError: offline, or no valid body after every retry (nothing is written).
    """
    return _fetch_one(NAVALL_PATH, dest / NAVALL_NAME, config, _check_navall)


def fetch_scheme_master(*, dest: Path, config: FetchConfig) -> Path:
    """Download AMFI's scheme master to ``dest/SchemeData.csv`` (CSV with a ``Code`` column).

    Raises:
        FetchError: offline, or no valid body after every retry (nothing is written).
    """
    return _fetch_one(SCHEME_MASTER_PATH, dest / SCHEME_MASTER_NAME, config, _check_master)


# --- internals ---------------------------------------------------------------------------


class _Retry(Exception):
    """A failed attempt worth retrying; ``reason`` says what went wrong."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Empty(_Retry):
    """An empty 200 history body: retried ``empty_retries`` times, then a holiday."""


class _Fatal(Exception):
    """A failed attempt not worth retrying (e.g. HTTP 404)."""


@dataclass(frozen=True)
class _Outcome:
    kind: FetchStatus
    attempts: int
    body: bytes = b""  # dropped (nbytes kept) once written, so a run never holds many bodies
    reason: str | None = None
    nbytes: int = 0


Check = Callable[[bytes], Literal["fetched", "holiday"]]


class _Context:
    """One run's shared client, rate limiter and stop flag (a context manager)."""

    def __init__(self, config: FetchConfig) -> None:
        if config.offline:
            raise FetchError("offline (FUNDLENS_OFFLINE=1): not downloading from AMFI")
        self.config = config
        self.limiter = RateLimiter(config.min_interval)
        self.stop = threading.Event()
        self.client = httpx.Client(
            timeout=httpx.Timeout(
                config.read_timeout, connect=config.connect_timeout, pool=config.total_timeout
            ),
            limits=httpx.Limits(
                max_connections=config.concurrency, max_keepalive_connections=config.concurrency
            ),
            headers={"User-Agent": config.user_agent, "Accept": "text/plain, text/csv, */*"},
            follow_redirects=True,
            max_redirects=5,
        )

    def __enter__(self) -> _Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()


class _Tally:
    """Collects per-date outcomes on the calling thread and forwards progress events."""

    def __init__(self, total: int, progress: Callable[[FetchEvent], None] | None) -> None:
        self.total, self.progress = total, progress
        self.lists: dict[FetchStatus, list[date]] = {"fetched": [], "skipped": [], "holiday": []}
        self.failed: dict[date, str] = {}
        self.nbytes = self.requests = self.done = self.in_a_row = 0
        self.aborted = False
        self.last_reason = ""

    def add(self, day: date, out: _Outcome) -> None:
        self.done += 1
        self.requests += out.attempts
        self.nbytes += out.nbytes
        if out.kind == "failed":
            self.failed[day] = out.reason or "failed"
            if out.attempts:
                self.in_a_row += 1
            self.last_reason = self.failed[day]
        else:
            self.lists[out.kind].append(day)
            self.in_a_row = 0
        if self.progress is not None:
            self.progress(
                FetchEvent(
                    day, out.kind, out.attempts, out.nbytes, out.reason, self.done, self.total
                )
            )

    def report(self, seconds: float) -> FetchReport:
        return FetchReport(
            fetched=tuple(sorted(self.lists["fetched"])),
            skipped=tuple(sorted(self.lists["skipped"])),
            holidays=tuple(sorted(self.lists["holiday"])),
            failed=dict(sorted(self.failed.items())),
            bytes=self.nbytes,
            seconds=seconds,
            requests=self.requests,
        )


def _run_pool(todo: list[date], dest: Path, config: FetchConfig, tally: _Tally) -> None:
    """Fetch ``todo`` on ``concurrency`` threads; outcomes are tallied as they finish."""
    with (
        _Context(config) as ctx,
        ThreadPoolExecutor(config.concurrency, thread_name_prefix="amfi-fetch") as pool,
    ):
        futures = {pool.submit(_fetch_day, ctx, day, dest): day for day in todo}
        try:
            for future in as_completed(futures):
                tally.add(futures[future], future.result())
                if config.abort_after and tally.in_a_row >= config.abort_after:
                    tally.aborted = True
                    ctx.stop.set()
        except BaseException:
            ctx.stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _fetch_day(ctx: _Context, day: date, dest: Path) -> _Outcome:
    """Download one day and store it (file or holiday marker); write errors become failures."""
    if ctx.stop.is_set():
        return _Outcome("failed", 0, reason="not attempted: run stopped")
    out = _download(ctx, history_url(day, ctx.config.base_url), _check_history)
    target = history_path(dest, day)
    marker = target.with_suffix(HOLIDAY_SUFFIX)
    try:
        if out.kind == "fetched":
            _atomic_write(target, out.body)
            marker.unlink(missing_ok=True)
        elif out.kind == "holiday" and not target.exists():
            _atomic_write(marker, b"")
    except OSError as exc:
        return _Outcome("failed", out.attempts, reason=f"write failed: {exc}")
    return replace(out, body=b"", nbytes=len(out.body))


def _fetch_one(rel: str, target: Path, config: FetchConfig, check: Check) -> Path:
    url = _url(config.base_url, rel)
    with _Context(config) as ctx:
        out = _download(ctx, url, check)
    if out.kind != "fetched":
        raise FetchError(f"download of {url} failed: {out.reason}")
    try:
        _atomic_write(target, out.body)
    except OSError as exc:
        raise FetchError(f"cannot write {target}: {exc}") from exc
    return target


def _download(ctx: _Context, url: str, check: Check) -> _Outcome:
    """GET ``url`` until ``check`` accepts the body, with retries and backoff."""
    cfg = ctx.config
    empties, reason, retry_after = 0, "", None
    for attempt in range(1, cfg.retries + 2):
        if attempt > 1 and ctx.stop.wait(_backoff(cfg, attempt - 1, retry_after)):
            return _Outcome("failed", attempt - 1, reason=f"run stopped after: {reason}")
        ctx.limiter.wait()
        try:
            body = _get(ctx.client, url, cfg.total_timeout)
            kind = check(body)
            return _Outcome(kind, attempt, body if kind == "fetched" else b"")
        except _Empty as exc:
            empties += 1
            if empties > cfg.empty_retries:
                return _Outcome("holiday", attempt, reason=exc.reason)
            reason, retry_after = exc.reason, None
        except _Retry as exc:
            reason, retry_after = exc.reason, exc.retry_after
        except _Fatal as exc:
            return _Outcome("failed", attempt, reason=str(exc))
        _log.debug("attempt %d of %s failed: %s", attempt, url, reason)
    return _Outcome("failed", cfg.retries + 1, reason=f"{reason} ({cfg.retries + 1} attempts)")


def _get(client: httpx.Client, url: str, total_timeout: float) -> bytes:
    """One GET: the 200 body, or :class:`_Retry`/:class:`_Fatal` with the reason."""
    deadline = time.monotonic() + total_timeout
    try:
        with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                _raise_for_status(resp)
            chunks = []
            for chunk in resp.iter_bytes():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _Retry(f"timeout: body not complete within {total_timeout:g} s")
            return b"".join(chunks)
    except httpx.TimeoutException as exc:
        raise _Retry(f"timeout ({type(exc).__name__})") from exc
    except httpx.TooManyRedirects as exc:
        raise _Fatal(f"too many redirects: {exc}") from exc
    except httpx.RemoteProtocolError as exc:
        raise _Retry(f"protocol error: {exc}") from exc
    except httpx.HTTPError as exc:
        raise _Retry(f"connection error ({type(exc).__name__}): {exc}") from exc


def _raise_for_status(resp: httpx.Response) -> None:
    code = resp.status_code
    if code >= 500 or code in _RETRY_STATUSES:
        raise _Retry(f"HTTP {code}", _retry_after(resp.headers.get("Retry-After")))
    raise _Fatal(f"HTTP {code} (not retried)")


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: fall back to the backoff


def _backoff(cfg: FetchConfig, retry: int, retry_after: float | None) -> float:
    """Exponential backoff with "equal jitter", at least Retry-After (capped)."""
    ceiling = min(cfg.backoff_max, cfg.backoff_base * 2 ** (retry - 1))
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
    if retry_after is not None:
        delay = max(delay, min(retry_after, cfg.backoff_max))
    return delay


def _first_line(body: bytes) -> tuple[str, bytes]:
    """The first non-blank line (decoded, stripped) and the bytes after it."""
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    head, _, rest = text.partition(b"\n")
    return head.decode("utf-8", errors="replace").strip(), rest


def _check_amfi(body: bytes) -> tuple[bool, bytes]:
    """Raise :class:`_Retry` unless ``body`` starts with an AMFI header; return (rows?, rest)."""
    if HTML_BODY.search(body[:2048]):
        raise _Retry("HTML page instead of data")
    header, rest = _first_line(body)
    if detect_layout(header) is None:
        raise _Retry(f"not an AMFI file: first line {header[:80]!r}")
    return _DATA_ROW.search(rest) is not None, rest


def _check_history(body: bytes) -> Literal["fetched", "holiday"]:
    if not body.strip():
        raise _Empty(f"empty body ({len(body)} bytes)")
    has_rows, _ = _check_amfi(body)
    return "fetched" if has_rows else "holiday"


def _check_navall(body: bytes) -> Literal["fetched", "holiday"]:
    if not body.strip():
        raise _Retry(f"empty body ({len(body)} bytes)")
    has_rows, _ = _check_amfi(body)
    if not has_rows:
        raise _Retry("AMFI header without data rows")
    return "fetched"


def _check_master(body: bytes) -> Literal["fetched", "holiday"]:
    if not body.strip():
        raise _Retry(f"empty body ({len(body)} bytes)")
    if HTML_BODY.search(body[:2048]):
        raise _Retry("HTML page instead of data")
    header, rest = _first_line(body)
    keys = {re.sub(r"[\s_]+", "", col).lower() for col in header.split(",")}
    if len(keys) < 3 or not keys & {"code", "schemecode"}:
        raise _Retry(f"not a scheme master: first line {header[:80]!r}")
    if not rest.strip():
        raise _Retry("scheme master header without rows")
    return "fetched"


def _held(dest: Path, day: date) -> bool:
    target = history_path(dest, day)
    return target.exists() or target.with_suffix(HOLIDAY_SUFFIX).exists()


def _url(base_url: str, rel: str) -> str:
    return f"{base_url.rstrip('/')}/{rel}"


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder + fsync + ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), 0o644)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
