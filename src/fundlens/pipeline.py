"""Run an ingest end to end: stage every batch, then publish it all in one transaction.

Publishing merges the staged NAVs (:mod:`fundlens.store.ingest`), re-classifies the
schemes (:mod:`fundlens.schemes.build`) and re-detects data-quality events of the schemes
that got rows (:mod:`fundlens.store.quality`). Either all of it lands or none of it does:
any error rolls the transaction back and the store is as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb
import polars as pl

from fundlens.errors import InputError
from fundlens.schemes.build import build_schemes
from fundlens.schemes.coverage import CoverageReport, coverage
from fundlens.sources.amfi_parse import FileReport, parse_files
from fundlens.sources.casparser_master import load_casparser_master
from fundlens.sources.funds_db import LAYOUT as FUNDS_DB_KIND
from fundlens.sources.funds_db import (
    check_funds_db,
    file_sha256,
    funds_db_batches,
    skipped_file,
)
from fundlens.sources.inputs import RawFile, iter_raw_files, list_input_files, new_file_batches
from fundlens.sources.mfapi import mfapi_batches
from fundlens.store.failpoints import failpoint
from fundlens.store.ingest import (
    IngestResult,
    Staging,
    attributes_changed,
    merge,
    observations_of,
)
from fundlens.store.quality import detect_events
from fundlens.store.reads import latest_observations, nav_panel, nav_tail, scheme_master_frame
from fundlens.store.snapshots import writer
from fundlens.store.sql import run, run_one
from fundlens.store.writes import (
    extend_scheme_dates,
    replace_events,
    replace_scheme_master,
    replace_schemes,
)

__all__ = [
    "BATCH_BYTES",
    "Batch",
    "coverage_for_store",
    "import_funds_db",
    "import_mfapi",
    "ingest_batches",
    "ingest_paths",
    "refresh_derived",
    "set_scheme_master",
]

#: Files are parsed in batches of about this many bytes (bounded memory, vectorised work).
BATCH_BYTES = 48 * 1024 * 1024
#: Days of history before the earliest written date that event detection re-reads, and the
#: days before it whose events are re-detected (older events cannot change: every rule looks
#: at most a few observations around a day; a longer hole is seen through the last NAV
#: before the window, which :func:`nav_panel` always includes).
EVENT_LOOKBACK_DAYS = 62
EVENT_REDETECT_DAYS = 31
#: Batches parsed at the same time, in worker threads, while the caller stages (in order).
PARSE_WORKERS = 2
#: Windows up to this many days are re-read for all touched schemes in one query.
ONE_SHOT_DAYS = 400
#: Schemes per chunk when re-detecting data-quality events.
EVENT_CHUNK = 500

#: (file reports, good rows, rejects) and optionally the rows' observations (see Staging.add).
Batch = (
    tuple[list[FileReport], pl.DataFrame, pl.DataFrame]
    | tuple[list[FileReport], pl.DataFrame, pl.DataFrame, pl.DataFrame]
)
Progress = Callable[[int], None]
#: Optional per-stage wall-clock seconds (read, parse, stage, merge, classify, events,
#: commit), accumulated for benchmarks/; None costs nothing.
Timings = dict[str, float] | None


@contextlib.contextmanager
def _timed(timings: Timings, stage: str) -> Iterator[None]:
    if timings is None:
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _timed_iter(items: Iterable[RawFile], timings: Timings) -> Iterator[RawFile]:
    """``items``, with the time spent producing each (reading files) put under 'read'."""
    it = iter(items)
    while True:
        with _timed(timings, "read"):
            item = next(it, None)
        if item is None:
            return
        yield item


def _amfi_batches(
    raw_files: Iterable[RawFile],
    known: set[str],
    skipped: list[RawFile],
    progress: Progress | None,
    timings: Timings = None,
) -> Iterator[Batch]:
    """Parsed batches; the next batch is read and parsed in a worker thread while the caller
    stages the current one (Polars and DuckDB release the GIL: both cores stay busy)."""

    def parse(batch: list[RawFile]) -> Batch:
        start = time.perf_counter()
        parsed = parse_files(batch)
        obs = observations_of(parsed.rows)
        if timings is not None:
            timings["parse"] = timings.get("parse", 0.0) + time.perf_counter() - start
        return parsed.files, parsed.rows, parsed.rejects, obs

    with ThreadPoolExecutor(max_workers=PARSE_WORKERS, thread_name_prefix="fundlens-parse") as pool:
        pending: deque[Future[Batch]] = deque()
        on_file = (lambda: progress(1)) if progress else None
        files = _timed_iter(raw_files, timings)
        for batch in new_file_batches(
            files, known, skipped, batch_bytes=BATCH_BYTES, on_file=on_file
        ):
            pending.append(pool.submit(parse, batch))
            if len(pending) > PARSE_WORKERS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def ingest_paths(
    db: Path,
    paths: Iterable[Path | str],
    *,
    progress: Progress | None = None,
    total: Callable[[int], None] | None = None,
    timings: Timings = None,
) -> IngestResult:
    """Ingest AMFI files, folders, .zip and .gz into the store at ``db``.

    Files whose sha256 is already logged are skipped (and logged as skipped).
    ``total`` is told the number of input files first, ``progress`` each file read;
    ``timings``, when given, accumulates seconds per stage.
    """
    with _timed(timings, "read"):
        files = list_input_files(paths)
    if total:
        total(len(files))
    with writer(db) as con:
        known = _known_hashes(con)
        skipped: list[RawFile] = []
        batches = _amfi_batches(iter_raw_files(files), known, skipped, progress, timings)
        return ingest_batches(con, batches, kind="amfi", skipped=skipped, timings=timings)


def _known_hashes(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = run(con, "SELECT DISTINCT sha256 FROM ingest_log WHERE status IN ('loaded', 'rejected')")
    return {r[0] for r in rows}


def ingest_batches(
    con: duckdb.DuckDBPyConnection,
    batches: Iterable[Batch],
    *,
    kind: str,
    skipped: list[RawFile] | None = None,
    now: dt.datetime | None = None,
    timings: Timings = None,
) -> IngestResult:
    """Stage parsed batches from any source, then publish them in one transaction."""
    staging = Staging(con, kind=kind)
    for batch in batches:
        with _timed(timings, "stage"):
            staging.add(*batch)
    with _timed(timings, "stage"):
        staging.close()
    skipped = skipped if skipped is not None else []
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    failpoint("staged")
    con.begin()
    try:
        with _timed(timings, "merge"):
            changed = attributes_changed(con)
            result = merge(con, staging, now=now)
            _log_skipped(con, skipped, kind, now)
            result.files_skipped = len(skipped)
            touched = con.sql("SELECT DISTINCT scheme_code FROM stage_nav").pl()["scheme_code"]
        if touched.len() or staging.n_files:
            since = run_one(con, "SELECT min(date) FROM stage_nav")[0]
            refresh_derived(con, touched=touched, since=since, reclassify=changed, timings=timings)
        failpoint("merged")
        with _timed(timings, "commit"):
            con.commit()
    except BaseException:
        con.rollback()
        raise
    return result


def _log_skipped(
    con: duckdb.DuckDBPyConnection, skipped: list[RawFile], kind: str, now: dt.datetime
) -> None:
    if not skipped:
        return
    frame = pl.DataFrame(
        {"source": [s.name for s in skipped], "sha256": [s.sha256 for s in skipped]}
    )
    con.register("_skipped", frame.to_arrow())
    try:
        run(
            con,
            """INSERT INTO ingest_log SELECT
                   (SELECT coalesce(max(id), 0) FROM ingest_log) + row_number() OVER (),
                   source, sha256, ?, NULL, 'skipped', 0, 0, 0, 0,
                   'already ingested (same sha256)', ?
               FROM _skipped""",
            [kind, now],
        )
    finally:
        con.unregister("_skipped")


def refresh_derived(
    con: duckdb.DuckDBPyConnection,
    *,
    touched: pl.Series | None,
    since: dt.date | None = None,
    reclassify: bool = True,
    timings: Timings = None,
) -> None:
    """Bring ``schemes`` and ``nav_events`` up to date after a write.

    ``reclassify=False`` (no new scheme and no changed name, AMC, category, plan, option or
    ISIN) only extends the schemes' first and last NAV dates. Events of the ``touched``
    schemes (all when None) are re-detected from ``since`` (the earliest date written; the
    whole history when None); staleness is re-checked for every scheme, as the as-of date
    may have moved.
    """
    with _timed(timings, "classify"):
        if reclassify:
            schemes = build_schemes(
                latest_observations(con),
                master=scheme_master_frame(con),
                casparser=load_casparser_master(),
            )
            replace_schemes(con, schemes)
        else:
            extend_scheme_dates(con)
    with _timed(timings, "events"):
        codes = touched
        if codes is None:
            codes = con.sql("SELECT scheme_code FROM schemes ORDER BY 1").pl()["scheme_code"]
        _refresh_events(con, codes, since)


def _refresh_events(
    con: duckdb.DuckDBPyConnection, codes: pl.Series, since: dt.date | None
) -> None:
    """Re-detect the events of ``codes`` from ``since`` (all history when None), then
    staleness of every scheme."""
    as_of = run_one(con, "SELECT max(date) FROM nav")[0]  # type: ignore[index]
    if as_of is None:
        return
    keep_from = None if since is None else since - dt.timedelta(days=EVENT_REDETECT_DAYS)
    read_from = None if since is None else since - dt.timedelta(days=EVENT_LOOKBACK_DAYS)
    # a recent window is small: read it for every scheme at once (two scans of nav, not two
    # per chunk); a long one (a bulk load) goes chunk by chunk to bound memory
    recent = read_from is not None and (as_of - read_from).days <= ONE_SHOT_DAYS
    codes = codes.sort()  # chunks of neighbouring codes: each reads a narrow range of nav
    chunk_size = max(codes.len(), 1) if recent else EVENT_CHUNK
    for start in range(0, codes.len(), chunk_size):
        chunk = codes.slice(start, chunk_size)
        if recent:
            panel = nav_tail(con, chunk.to_list(), start_date=read_from)  # type: ignore[arg-type]
        else:
            panel = nav_panel(con, chunk.to_list(), start_date=read_from)
        events = detect_events(panel, as_of=as_of)
        events = events.filter(pl.col("kind") != "stale")
        if keep_from is not None:
            events = events.filter(pl.col("date") >= keep_from)
        replace_events(con, events, codes=chunk, since=keep_from)
    last = con.sql(
        """SELECT s.scheme_code, s.last_nav_date AS date, n.nav FROM schemes s
           JOIN nav n ON n.scheme_code = s.scheme_code AND n.date = s.last_nav_date"""
    ).pl()
    run(con, "DELETE FROM nav_events WHERE kind = 'stale'")
    no_codes = pl.Series("scheme_code", [], pl.Int64)
    replace_events(con, detect_events(last, as_of=as_of), codes=no_codes)


def set_scheme_master(db: Path, path: Path) -> int:
    """Import an AMFI scheme master file and re-classify; returns the rows stored."""
    from fundlens.sources.scheme_master import read_scheme_master

    master = read_scheme_master(path)
    with writer(db) as con:
        con.begin()
        try:
            replace_scheme_master(con, master)
            refresh_derived(con, touched=pl.Series("scheme_code", [], pl.Int64))
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return master.height


def coverage_for_store(con: duckdb.DuckDBPyConnection) -> CoverageReport:
    """Classification coverage of the store's schemes, and how often names alone agree with
    the AMFI scheme master (when imported) and the casparser-isin master."""
    schemes = con.sql("SELECT * FROM schemes").pl()
    return coverage(
        schemes,
        master=scheme_master_frame(con),
        casparser=load_casparser_master(),
        obs=latest_observations(con),
    )


def import_mfapi(db: Path, files: list[Path]) -> IngestResult:
    """Ingest MFAPI-style JSON files into the store at ``db`` (all or nothing); files whose
    sha256 was ingested before are skipped and logged as skipped (kind ``mfapi``).

    Raises:
        InputError: a path does not exist or is not a file.
    """
    paths = [Path(f) for f in files]
    for path in paths:
        if not path.is_file():
            raise InputError(f"no such file: {path}")
    with writer(db) as con:
        known = _known_hashes(con)
        skipped: list[RawFile] = []
        batches = mfapi_batches(paths, known, skipped)
        return ingest_batches(con, batches, kind="mfapi", skipped=skipped)


def import_funds_db(
    db: Path,
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
    timings: Timings = None,
) -> IngestResult:
    """Import a community funds.db into the store at ``db`` in one transaction.

    Skipped (and logged as skipped) when a file with the same sha256 was imported before.
    ``total`` is told the number of nav_data rows, ``progress`` the rows done per chunk.

    Raises:
        InputError: not a SQLite file, or a table or column is missing (checked before the
        store is opened).
    """
    path = Path(path)
    check_funds_db(path)
    with _timed(timings, "hash"):
        sha = file_sha256(path)
    with writer(db) as con:
        if sha in _known_hashes(con):
            skipped = [skipped_file(path, sha)]
            return ingest_batches(con, [], kind=FUNDS_DB_KIND, skipped=skipped)  # type: ignore[arg-type]
        batches = funds_db_batches(
            path, sha256=sha, progress=progress, total=total, timings=timings
        )
        return ingest_batches(con, batches, kind=FUNDS_DB_KIND, timings=timings)
