"""Parse MFAPI-style JSON NAV histories into the same good rows and rejects as AMFI files.

A body looks like ``{"meta": {"scheme_code": 100822, "scheme_name": …, "fund_house": …,
"scheme_type": …, "scheme_category": …}, "data": [{"date": "dd-mm-yyyy", "nav": "…"}]}``
with the newest row first; the same date may appear more than once. ``json.loads`` reads
the body; the ``data`` array is then handled as one Polars frame (no Python loop over rows).

Mapping to :data:`~fundlens.sources.amfi_parse.ROW_SCHEMA`: ``scheme_name`` → ``name``,
``fund_house`` → ``amc_raw``, ``"<scheme_type> ( <scheme_category> )"`` → ``category_raw``
(shaped like AMFI's category line; the bare category when there is no scheme type),
``isin_growth`` / ``isin_div_reinvestment`` → ``isin_growth`` / ``isin_reinvest``;
``line_no`` is the 1-based index of the row in ``data``.

Rejects use the fixed vocabulary (conventions.md, 'Ingest contract'), one reason per row,
checked in this order: ``malformed_row`` (an element of ``data`` that is not an object),
``bad_code`` (``meta.scheme_code`` missing or not an integer: every row of the file),
``bad_date`` (not ``dd-mm-yyyy``, not a real day, or outside 1990–2100), ``junk_nav`` (not a
plain decimal), ``zero_nav``, ``negative_nav``. A whole body is rejected once (line 0) as
``empty_body``, ``html_body`` or ``unknown_layout`` (not JSON, or no ``meta`` object and
``data`` array).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from fundlens.sources.amfi_parse import (
    DATE_YEARS,
    HTML_BODY,
    REJECT_SCHEMA,
    ROW_SCHEMA,
    FileReport,
    ParsedBatch,
    file_rejects_frame,
    nav_value,
    reject_reason,
)
from fundlens.sources.inputs import RawFile, new_file_batches
from fundlens.types import RejectReason

if TYPE_CHECKING:
    pass

__all__ = ["LAYOUT", "mfapi_batches", "parse_mfapi"]

#: The ``layout`` recorded in ``ingest_log`` for a readable MFAPI body.
LAYOUT = "mfapi"
#: Bodies are parsed in batches of about this many bytes.
_BATCH_BYTES = 32 * 1024 * 1024

_ITEM = pl.Struct({"date": pl.String, "nav": pl.String})
_CODE = re.compile(r"^\d{1,9}$")
_DATE = r"^\d{1,2}-\d{1,2}-\d{4}$"


def parse_mfapi(files: Sequence[RawFile]) -> ParsedBatch:
    """Parse MFAPI-style JSON bodies; every element of ``data`` is kept or rejected."""
    reports: list[FileReport] = []
    parts: list[pl.DataFrame] = []
    for idx, raw in enumerate(files):
        report, body = _open_body(raw)
        reports.append(report)
        if body is None:
            continue
        parts.append(_items_frame(idx, body))
    rows, rejects = _classify(pl.concat(parts, how="vertical") if parts else None)
    rejects = pl.concat([file_rejects_frame(reports), rejects], how="vertical")
    return ParsedBatch(
        files=reports,
        rows=rows.sort("file_idx", "line_no"),
        rejects=rejects.sort("file_idx", "line_no"),
    )


def _open_body(raw: RawFile) -> tuple[FileReport, dict[str, Any] | None]:
    """File-level checks; returns the decoded JSON object of a readable body."""

    def reject(reason: RejectReason, detail: str) -> tuple[FileReport, None]:
        return FileReport(raw.name, raw.sha256, None, reason, detail[:500]), None

    if raw.error is not None:
        return reject("empty_body", raw.error)
    if not raw.data.strip():
        return reject("empty_body", f"empty body ({len(raw.data)} bytes)")
    if HTML_BODY.search(raw.data[:2048]):
        return reject("html_body", raw.data[:300].decode("utf-8", "replace").strip())
    try:
        body = json.loads(raw.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return reject("unknown_layout", f"not JSON: {exc}")
    if not (
        isinstance(body, dict)
        and isinstance(body.get("meta"), dict)
        and isinstance(body.get("data"), list)
    ):
        keys = sorted(body) if isinstance(body, dict) else type(body).__name__
        return reject("unknown_layout", f"JSON without a 'meta' object and 'data' array: {keys}")
    return FileReport(raw.name, raw.sha256, LAYOUT), body


def _text(value: object) -> str | None:
    """A meta string, stripped; anything else (or blank) is None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _scheme_code(value: object) -> int | None:
    """``meta.scheme_code`` as an int, or None when missing or not a 1–9 digit integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 999_999_999 else None
    if isinstance(value, str) and _CODE.match(value.strip()):
        return int(value.strip())
    return None


def _category(meta: dict[str, Any]) -> str | None:
    category, scheme_type = _text(meta.get("scheme_category")), _text(meta.get("scheme_type"))
    if category and scheme_type:
        return f"{scheme_type} ( {category} )"
    return category


def _items_frame(idx: int, body: dict[str, Any]) -> pl.DataFrame:
    """One file's ``data`` as columns file_idx, line_no, item, malformed, raw plus the
    file's meta values repeated on every row."""
    meta, items = body["meta"], body["data"]
    frame = _items_series(items)
    code = _scheme_code(meta.get("scheme_code"))
    return frame.with_columns(
        pl.lit(idx, dtype=pl.UInt32).alias("file_idx"),
        pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).alias("line_no"),
        pl.lit(code, dtype=pl.Int64).alias("scheme_code"),
        pl.lit(str(meta.get("scheme_code")), dtype=pl.String).alias("code_raw"),
        pl.lit(_text(meta.get("scheme_name")), dtype=pl.String).alias("name"),
        pl.lit(_text(meta.get("isin_growth")), dtype=pl.String).alias("isin_growth"),
        pl.lit(_text(meta.get("isin_div_reinvestment")), dtype=pl.String).alias("isin_reinvest"),
        pl.lit(_category(meta), dtype=pl.String).alias("category_raw"),
        pl.lit(_text(meta.get("fund_house")), dtype=pl.String).alias("amc_raw"),
    )


def _items_series(items: list[Any]) -> pl.DataFrame:
    """``data`` as a frame (item struct, malformed flag, raw text of malformed elements).

    The fast path builds the struct column in one call; numbers become their decimal text.
    Only a body with non-object elements or nested values takes the slow path, which
    looks at each element once to say which ones are malformed.
    """
    try:
        item = pl.Series("item", items, dtype=_ITEM, strict=False)
    except (TypeError, ValueError, pl.exceptions.PolarsError):
        return _items_slow(items)
    return pl.DataFrame({"item": item}).with_columns(
        pl.lit(False).alias("malformed"), pl.lit(None, dtype=pl.String).alias("raw")
    )


def _scalar(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value)


def _items_slow(items: list[Any]) -> pl.DataFrame:
    dicts = [isinstance(it, dict) for it in items]
    return pl.DataFrame(
        {
            "item": pl.Series(
                "item",
                [
                    {"date": _scalar(it.get("date")), "nav": _scalar(it.get("nav"))}
                    if ok
                    else {"date": None, "nav": None}
                    for it, ok in zip(items, dicts, strict=True)
                ],
                dtype=_ITEM,
            ),
            "malformed": [not ok for ok in dicts],
            "raw": [None if ok else json.dumps(it) for it, ok in zip(items, dicts, strict=True)],
        },
        schema={"item": _ITEM, "malformed": pl.Boolean, "raw": pl.String},
    )


def _classify(frame: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split the stacked item rows of all files into good rows and row rejects."""
    if frame is None or frame.height == 0:
        return pl.DataFrame(schema=ROW_SCHEMA), pl.DataFrame(schema=REJECT_SCHEMA)
    date_s = pl.col("item").struct.field("date").str.strip_chars()
    nav_s = pl.col("item").struct.field("nav").str.strip_chars()
    date = date_s.str.strptime(pl.Date, "%d-%m-%Y", strict=False)
    date_ok = (date_s.str.contains(_DATE) & date.dt.year().is_between(*DATE_YEARS)).fill_null(False)
    nav = nav_value(nav_s)
    reason = reject_reason(
        [(pl.col("malformed"), "malformed_row")],
        code_ok=pl.col("scheme_code").is_not_null(),
        date_ok=date_ok,
        nav=nav,
    )
    frame = frame.with_columns(reason=reason)
    rejects = frame.filter(pl.col("reason").is_not_null()).select(
        "file_idx",
        "line_no",
        pl.coalesce(
            "raw",
            pl.format("code {}: {}", "code_raw", pl.col("item").struct.json_encode()),
        ).alias("raw_line"),
        "reason",
    )
    good = frame.filter(pl.col("reason").is_null()).select(
        "file_idx",
        "line_no",
        "scheme_code",
        date.alias("date"),
        nav.alias("nav"),
        "name",
        "isin_growth",
        "isin_reinvest",
        pl.lit(None, dtype=pl.String).alias("plan_raw"),
        pl.lit(None, dtype=pl.String).alias("option_raw"),
        "category_raw",
        "amc_raw",
    )
    return good.cast(ROW_SCHEMA), rejects.cast(REJECT_SCHEMA)  # type: ignore[arg-type]


def mfapi_batches(
    paths: list[Path], known: set[str], skipped: list[RawFile]
) -> Iterator[tuple[list[FileReport], pl.DataFrame, pl.DataFrame]]:
    """Batches for :func:`fundlens.pipeline.ingest_batches`: the files are read lazily,
    those whose sha256 is in ``known`` are appended to ``skipped`` instead, the rest
    parsed in batches of about 32 MiB."""
    raws = (RawFile(str(path), path.read_bytes()) for path in paths)
    for batch in new_file_batches(raws, known, skipped, batch_bytes=_BATCH_BYTES):
        parsed = parse_mfapi(batch)
        yield parsed.files, parsed.rows, parsed.rejects
