"""Import the community ``funds.db`` (SQLite, seed 003 §5) in bulk, as Arrow record batches.

The file has three tables: ``scheme_data(scheme_code INTEGER PRIMARY KEY, scheme_name)``,
``nav_data(scheme_code, date, nav)`` (no key: duplicates are possible) and
``isin_data(scheme_code, isin_payout, isin_reinvestment)``. DuckDB's sqlite extension cannot
be downloaded here, so ``nav_data`` is streamed through the ADBC SQLite driver
(``fetch_record_batch``) and each chunk of about two million rows is turned into
:data:`~fundlens.sources.amfi_parse.ROW_SCHEMA` frames with Polars. The two small tables are
read once and joined to every chunk by ``scheme_code``.

SQLite columns are dynamically typed, and ADBC fixes a column's Arrow type from its first
rows, so the query splits each value by ``typeof()`` into a typed column and a text column,
and starts with one typed sentinel row (dropped again) that pins the Arrow types.

Rules (conventions.md, 'Ingest contract'), one reason per row in this order: ``bad_code``
(not a 1–9 digit integer), ``bad_date`` (not ``YYYY-MM-DD`` nor AMFI's ``DD-Mon-YYYY``, not a
real day, or outside 1990–2100), ``junk_nav`` (not a finite number or a plain decimal text),
``zero_nav``, ``negative_nav``. ``line_no`` is the ``nav_data`` rowid. The whole database is
one input file (kind and layout ``funds_db``) whose sha256 is logged, so importing the same
file again is skipped. ``isin_payout`` (AMFI's "ISIN Div Payout/ISIN Growth") becomes
``isin_growth``; when ``isin_data`` holds several rows for a code the last one wins.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from fundlens.errors import InputError
from fundlens.sources.amfi_parse import ROW_SCHEMA, FileReport

if TYPE_CHECKING:
    pass

__all__ = [
    "CHUNK_ROWS",
    "LAYOUT",
    "REQUIRED_COLUMNS",
    "check_funds_db",
    "file_sha256",
    "funds_db_batches",
    "iter_funds_db_chunks",
    "skipped_file",
]

#: ``ingest_log.kind`` and ``layout`` of a funds.db import.
LAYOUT = "funds_db"
#: Rows per converted chunk (ADBC batches are gathered up to this size).
CHUNK_ROWS = 2_000_000
#: Rows per ADBC record batch.
_BATCH_ROWS = 262_144
#: Tables and columns a funds.db must have (seed 003 §5.1).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "scheme_data": ("scheme_code", "scheme_name"),
    "nav_data": ("scheme_code", "date", "nav"),
    "isin_data": ("scheme_code", "isin_payout", "isin_reinvestment"),
}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MAX_ROWID = 2**32 - 1
_NUMBER = r"^-?(\d+\.?\d*|\.\d+)$"
_YEARS = (1990, 2100)
_REJECT_SCHEMA: dict[str, pl.DataType] = {
    "file_idx": pl.UInt32(),
    "line_no": pl.UInt32(),
    "raw_line": pl.String(),
    "reason": pl.String(),
}

# A typed sentinel row first (rowid -1) pins the Arrow type of every column.
_NAV_SQL = """
SELECT -1 AS rid, 0 AS code, '' AS code_text, '' AS date_text, 0.5 AS nav_num, '' AS nav_text
UNION ALL
SELECT rowid,
       CASE WHEN typeof(scheme_code) = 'integer' THEN scheme_code END,
       CASE WHEN typeof(scheme_code) = 'integer' THEN ''
            ELSE coalesce(CAST(scheme_code AS TEXT), '') END,
       coalesce(CAST(date AS TEXT), ''),
       CASE WHEN typeof(nav) IN ('real', 'integer') THEN CAST(nav AS REAL) END,
       CASE WHEN typeof(nav) IN ('real', 'integer') THEN ''
            ELSE coalesce(CAST(nav AS TEXT), '') END
FROM nav_data
"""
_SCHEMES_SQL = """
SELECT 0 AS code, '' AS name
UNION ALL
SELECT CASE WHEN typeof(scheme_code) = 'integer' THEN scheme_code END, CAST(scheme_name AS TEXT)
FROM scheme_data
"""
_ISIN_SQL = """
SELECT -1 AS rid, 0 AS code, '' AS isin_growth, '' AS isin_reinvest
UNION ALL
SELECT rowid, CASE WHEN typeof(scheme_code) = 'integer' THEN scheme_code END,
       CAST(isin_payout AS TEXT), CAST(isin_reinvestment AS TEXT)
FROM isin_data
"""

Batch = tuple[list[FileReport], pl.DataFrame, pl.DataFrame]


@dataclass(frozen=True)
class _Skipped:
    """A funds.db already imported (same sha256): logged as skipped."""

    name: str
    sha256: str


def file_sha256(path: Path, *, chunk: int = 1 << 20) -> str:
    """sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _connect(path: Path) -> Any:
    """A read-only ADBC SQLite connection, after checking the file is a funds.db."""
    import adbc_driver_sqlite.dbapi as adbc_sqlite

    if not path.is_file():
        raise InputError(f"no such file: {path}")
    with path.open("rb") as fh:
        if fh.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise InputError(f"{path} is not a SQLite database (expected a funds.db)")
    con = adbc_sqlite.connect(path.resolve().as_uri() + "?mode=ro")
    try:
        _check_tables(con, path)
    except BaseException:
        con.close()
        raise
    return con


def _fetch(con: Any, sql: str) -> list[tuple[Any, ...]]:
    cur = con.cursor()
    try:
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        cur.close()


def _check_tables(con: Any, path: Path) -> None:
    """Raise InputError naming every missing table or column."""
    try:
        tables = {r[0] for r in _fetch(con, "SELECT name FROM sqlite_master WHERE type='table'")}
    except Exception as exc:  # the driver's own error classes
        raise InputError(f"cannot read {path} as SQLite: {exc}") from exc
    missing = [t for t in REQUIRED_COLUMNS if t not in tables]
    if missing:
        raise InputError(
            f"{path} is not a funds.db: missing table(s) {', '.join(missing)} "
            f"(expected {', '.join(REQUIRED_COLUMNS)}; seed 003 §5)"
        )
    for table, columns in REQUIRED_COLUMNS.items():
        have = {r[1] for r in _fetch(con, f"PRAGMA table_info({table})")}
        lost = [c for c in columns if c not in have]
        if lost:
            raise InputError(f"{path}: table {table} has no column(s) {', '.join(lost)}")


def _table(con: Any, sql: str) -> pl.DataFrame:
    cur = con.cursor()
    try:
        cur.execute(sql)
        return pl.from_arrow(cur.fetch_arrow_table()).slice(1)  # type: ignore[return-value]
    finally:
        cur.close()


def _blank_to_null(col: str) -> pl.Expr:
    """Blank and ``-`` mean 'not given' (as in AMFI files)."""
    text = pl.col(col).str.strip_chars()
    return pl.when(text.is_in(["", "-"])).then(None).otherwise(text).alias(col)


def _scheme_frame(con: Any) -> pl.DataFrame:
    """One row per scheme_code: name, isin_growth, isin_reinvest (any may be null)."""
    names = (
        _table(con, _SCHEMES_SQL)
        .drop_nulls("code")
        .unique("code", keep="last", maintain_order=True)
        .with_columns(_blank_to_null("name"))
    )
    isins = (
        _table(con, _ISIN_SQL)
        .drop_nulls("code")
        .sort("rid")
        .unique("code", keep="last", maintain_order=True)
        .select("code", _blank_to_null("isin_growth"), _blank_to_null("isin_reinvest"))
    )
    return (
        names.join(isins, on="code", how="full", coalesce=True)
        .rename({"code": "scheme_code"})
        .cast({"scheme_code": pl.Int64})
    )


def _classify(chunk: pl.DataFrame, schemes: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Good rows (ROW_SCHEMA, ``file_idx`` 0) and rejects of one chunk of nav_data."""
    code_text = pl.col("code_text").str.strip_chars()
    code = pl.coalesce(
        pl.col("code"),
        pl.when(code_text.str.contains(r"^\d{1,9}$")).then(code_text.cast(pl.Int64, strict=False)),
    )
    date_s = pl.col("date_text").str.strip_chars()
    date = pl.coalesce(
        date_s.str.to_date("%Y-%m-%d", strict=False),
        date_s.str.to_date("%d-%b-%Y", strict=False),
    )
    nav_text = pl.col("nav_text").str.strip_chars()
    nav = pl.coalesce(
        pl.col("nav_num"),
        pl.when(nav_text.str.contains(_NUMBER)).then(nav_text.cast(pl.Float64, strict=False)),
    )
    reason = (
        pl.when(pl.col("scheme_code").is_null() | ~pl.col("scheme_code").is_between(0, 999_999_999))
        .then(pl.lit("bad_code"))
        .when(pl.col("date").is_null() | ~pl.col("date").dt.year().is_between(*_YEARS))
        .then(pl.lit("bad_date"))
        .when(pl.col("nav").is_null() | ~pl.col("nav").is_finite())
        .then(pl.lit("junk_nav"))
        .when(pl.col("nav") == 0)
        .then(pl.lit("zero_nav"))
        .when(pl.col("nav") < 0)
        .then(pl.lit("negative_nav"))
    )
    frame = chunk.with_columns(
        code.alias("scheme_code"), date.alias("date"), nav.alias("nav")
    ).with_columns(reason=reason)
    return _good_rows(frame, schemes), _reject_rows(frame)


def _good_rows(frame: pl.DataFrame, schemes: pl.DataFrame) -> pl.DataFrame:
    good = frame.filter(pl.col("reason").is_null()).select(
        pl.lit(0, dtype=pl.UInt32).alias("file_idx"),
        pl.col("rid").cast(pl.UInt32).alias("line_no"),
        "scheme_code",
        "date",
        "nav",
    )
    return (
        good.join(schemes, on="scheme_code", how="left", maintain_order="left")
        .with_columns(
            pl.lit(None, dtype=pl.String).alias(c)
            for c in ("plan_raw", "option_raw", "category_raw", "amc_raw")
        )
        .select(list(ROW_SCHEMA))
        .cast(ROW_SCHEMA)  # type: ignore[arg-type]
    )


def _reject_rows(frame: pl.DataFrame) -> pl.DataFrame:
    bad = frame.filter(pl.col("reason").is_not_null())
    raw = pl.format(
        "{};{};{}",
        pl.coalesce(pl.col("code").cast(pl.String), "code_text"),
        "date_text",
        pl.when(pl.col("nav_num").is_not_null())
        .then(pl.col("nav_num").cast(pl.String))
        .otherwise("nav_text"),
    )
    return bad.select(
        pl.lit(0, dtype=pl.UInt32).alias("file_idx"),
        pl.col("rid").cast(pl.UInt32).alias("line_no"),
        raw.alias("raw_line"),
        "reason",
    ).cast(_REJECT_SCHEMA)  # type: ignore[arg-type]


def _record_batches(con: Any) -> Iterator[pa.RecordBatch]:
    cur = con.cursor()
    try:
        cur.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(_BATCH_ROWS)})
        cur.execute(_NAV_SQL)
        yield from cur.fetch_record_batch()
    finally:
        cur.close()


def _chunks(con: Any) -> Iterator[pl.DataFrame]:
    """nav_data in frames of about :data:`CHUNK_ROWS` rows (sentinel row dropped)."""
    pending: list[pa.RecordBatch] = []
    size = 0
    for batch in _record_batches(con):
        pending.append(batch)
        size += batch.num_rows
        if size >= CHUNK_ROWS:
            yield _to_frame(pending)
            pending, size = [], 0
    if pending:
        yield _to_frame(pending)


def _to_frame(batches: list[pa.RecordBatch]) -> pl.DataFrame:
    frame = pl.from_arrow(pa.Table.from_batches(batches))
    assert isinstance(frame, pl.DataFrame)
    return frame.filter(pl.col("rid") >= 0)


def _count_rows(con: Any) -> int:
    return int(_fetch(con, "SELECT count(*) FROM nav_data")[0][0])


def iter_funds_db_chunks(
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Stream (good rows, rejects) per chunk of ``nav_data`` with ``file_idx`` 0.

    ``total`` is told the number of nav_data rows first; ``progress`` the rows of each chunk;
    ``timings``, when given, accumulates seconds under ``read`` (SQLite → Arrow) and
    ``parse`` (Arrow → checked rows).

    Raises:
        InputError: not a SQLite file, a missing table or column, an unreadable database,
            or a rowid beyond 2**32 - 1 (line numbers are 32-bit).
    """
    con = _connect(path)
    try:
        max_rowid = _fetch(con, "SELECT max(rowid) FROM nav_data")[0][0] or 0
        if max_rowid > _MAX_ROWID:
            raise InputError(f"{path}: nav_data rowid {max_rowid} is beyond 2**32 - 1")
        if total:
            total(_count_rows(con))
        schemes = _scheme_frame(con)
        chunks = _guarded(_chunks(con), path)
        while True:
            start = time.perf_counter()
            chunk = next(chunks, None)
            _add(timings, "read", start)
            if chunk is None:
                return
            start = time.perf_counter()
            parsed = _classify(chunk, schemes)
            _add(timings, "parse", start)
            yield parsed
            if progress:
                progress(chunk.height)
    finally:
        con.close()


def _add(timings: dict[str, float] | None, stage: str, start: float) -> None:
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def _guarded(chunks: Iterator[pl.DataFrame], path: Path) -> Iterator[pl.DataFrame]:
    """Re-raise driver errors met while streaming (a corrupt file) as InputError."""
    try:
        yield from chunks
    except InputError:
        raise
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    except Exception as exc:
        if type(exc).__module__.startswith("adbc_driver"):
            raise InputError(f"cannot read {path}: {exc}") from exc
        raise


def check_funds_db(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is a SQLite file with the funds.db tables."""
    _connect(Path(path)).close()


def funds_db_batches(
    path: Path,
    *,
    sha256: str,
    progress: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[Batch]:
    """Batches for :func:`fundlens.pipeline.ingest_batches`, all about one input file.

    Staging numbers files per batch (file id = files staged before + ``file_idx``), so the
    chunks go with an empty file list and the one report comes last, with no rows: every
    chunk's ``file_idx`` 0 is then that report's file id.
    """
    chunks = iter_funds_db_chunks(path, progress=progress, total=total, timings=timings)
    for rows, rejects in chunks:
        yield [], rows, rejects
    yield (
        [FileReport(str(path), sha256, LAYOUT)],
        pl.DataFrame(schema=ROW_SCHEMA),
        pl.DataFrame(schema=_REJECT_SCHEMA),
    )


def skipped_file(path: Path, sha256: str) -> _Skipped:
    """The record ``ingest_batches(skipped=...)`` logs for an already imported funds.db."""
    return _Skipped(str(path), sha256)
