"""Index and total-return-index (TRI) series from the files NSE and others publish.

One reader, :func:`read_index_file`, for every layout met so far; the layout is detected
from the header (case-insensitive, a UTF-8 BOM and quotes ignored):

==================  ==============================================  ==================
layout              header                                          dates
==================  ==============================================  ==================
``nse_dashboard``   ``Date,Close`` (NSE TRI dashboard exports)      ``2016-07-08``
``nse_historical``  ``Index Name,Date,Open,High,Low,Close`` (NSE    ``11 Nov 2024``
                    ``*_Historical_PR_*`` / ``_TRI_`` exports;
                    ``Total Returns Index`` for the close too)
``investing``       ``Date,Price,Open,High,Low,Vol.,Change %``      ``05/02/2025``
                    (investing.com; ``"36,293.51"``)                (MM/DD/YYYY)
``plain``           ``date,value`` (or ``close``, ``price``,        ISO or dd-mm-yyyy
                    ``nav``, ``tri``)
``wide``            ``Date,<index>,<index>,…`` (one column per      as ``plain``
                    index, e.g. ``nifty_tri_2026-06.csv``): the
                    column is ``column=`` or the series name
``json``            ``[{"date": "2015-12-28", "close": 7925.15}]``  as ``plain``
                    (also ``value``/``nav`` keys, or ``{"data": […]}``)
==================  ==============================================  ==================

Only the date and the value column decide whether a row is kept (``"-"`` in NSE's early
Open/High/Low never rejects a row). Thousands separators are dropped (``36,293.51``). Rows
are rejected with a reason: ``bad_date``, ``junk_value`` (not a finite number),
``zero_value``, ``negative_value``, ``conflicting_date`` (one date given twice with
different values: every row of that date). A date given twice with the same value is a
duplicate, dropped and counted. The series comes back ascending by date whatever the
file's order (NSE and investing.com write newest first).

Kind: ``tri`` when the caller says so (``kind="tri"``, the CLI's ``--tri``) or when the
series name, the file name or the value column says total return (a ``TRI`` word or
``Total Return``); else ``price``. A name that says TRI beside a file that says price
return (NSE's ``_Historical_PR_``) is refused unless the caller states the kind: a price
index must never be labelled TRI.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import polars as pl

from fundlens.errors import InputError

__all__ = [
    "INDEX_REJECT_REASONS",
    "IndexFile",
    "IndexKind",
    "detect_kind",
    "read_index_file",
]

IndexKind = Literal["tri", "price"]
Layout = Literal["nse_dashboard", "nse_historical", "investing", "plain", "wide", "json"]

#: Why a row of an index file is rejected.
INDEX_REJECT_REASONS: Final = (
    "bad_date",
    "junk_value",
    "zero_value",
    "negative_value",
    "conflicting_date",
)

#: Value-column headers understood without ``column=`` (lower case), in preference order.
_VALUE_NAMES: Final = (
    "close",
    "closing index value",
    "total returns index",
    "total return index",
    "tri",
    "value",
    "price",
    "nav",
)
_TRI_WORDS: Final = re.compile(r"(?i)(?:^|[^a-z])tri(?:[^a-z]|$)|total[\s_-]*returns?")
_PRICE_WORDS: Final = re.compile(r"(?i)_historical_pr_|price[\s_-]*returns?")
_DAY_FIRST: Final = ("%Y-%m-%d", "%d %b %Y", "%d-%b-%Y", "%d-%m-%Y", "%d/%m/%Y", "%d %B %Y")
_MONTH_FIRST: Final = ("%m/%d/%Y",)


@dataclass(frozen=True)
class IndexFile:
    """A parsed index file: ``series`` (date, value) ascending, the layout and value
    column read, the kind and why, rows read, rejects by reason and dropped duplicates."""

    series: pl.DataFrame
    layout: Layout
    column: str
    kind: IndexKind
    kind_reason: str
    rows: int
    rejected_by_reason: dict[str, int]
    duplicates: int


def detect_kind(
    *, name: str, path: Path, column: str, kind: IndexKind | None = None
) -> tuple[IndexKind, str]:
    """(kind, why) of a series: the caller's ``kind`` first, then TRI words in the name,
    the file name or the value column, else price (see the module docstring).

    >>> detect_kind(name="NIFTY 50", path=Path("TRI_NIFTY_50_nsedashboard.csv"), column="Close")
    ('tri', 'file name says total return')
    >>> detect_kind(name="NIFTY 50", path=Path("nifty50-close.json"), column="close")
    ('price', 'not marked as total return')
    """
    if kind is not None:
        if kind not in ("tri", "price"):
            raise InputError(f"index kind {kind!r}: 'tri' or 'price'")
        return kind, f"--{kind}"
    marks = {
        "name": bool(_TRI_WORDS.search(name)),
        "file name": bool(_TRI_WORDS.search(path.name)),
        "column": bool(_TRI_WORDS.search(column)),
    }
    said = [where for where, hit in marks.items() if hit]
    if _PRICE_WORDS.search(path.name):
        if said:
            raise InputError(
                f"{path.name}: the {said[0]} says total return but the file is a price-return "
                "export; pass --tri or --price to say which it is"
            )
        return "price", "file name says price return"
    if said:
        return "tri", f"{said[0]} says total return"
    return "price", "not marked as total return"


def _norm(header: str) -> str:
    return header.strip().lstrip("\ufeff").strip('"').strip().lower()


def _read_csv(path: Path) -> pl.DataFrame:
    try:
        return pl.read_csv(
            path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{path}: not a CSV file ({exc})") from exc


def _read_json(path: Path) -> pl.DataFrame:
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a JSON file ({exc})") from exc
    if isinstance(payload, dict):
        payload = payload.get("data")
    if not isinstance(payload, list) or not payload or not isinstance(payload[0], dict):
        raise InputError(f"{path}: expected a JSON list of {{date, close}} objects")
    try:
        frame = pl.DataFrame(payload, infer_schema_length=None)
    except (pl.exceptions.PolarsError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: JSON rows of mixed shape ({exc})") from exc
    return frame.select(pl.all().cast(pl.String))


def _value_column(names: dict[str, str]) -> str | None:
    return next((names[v] for v in _VALUE_NAMES if v in names), None)


def _layout(
    raw: pl.DataFrame, path: Path, *, name: str, column: str | None, json_file: bool
) -> tuple[Layout, str, str]:
    """(layout, date column, value column) from the header."""
    names = {_norm(c): c for c in raw.columns}
    if "date" not in names:
        raise InputError(
            f"{path}: unknown layout, no 'Date' column (header: {', '.join(raw.columns)})"
        )
    date_col = names["date"]
    if column is not None:
        picked = names.get(_norm(column))
        if picked is None:
            raise InputError(f"{path}: no column {column!r} (header: {_preview(raw.columns)})")
        return ("json" if json_file else "wide"), date_col, picked
    value = _value_column(names)
    if json_file:
        if value is None:
            raise InputError(f"{path}: JSON rows have no close/value/nav field")
        return "json", date_col, value
    if "index name" in names and value is not None:
        return "nse_historical", date_col, value
    if "price" in names and "change %" in names:
        return "investing", date_col, names["price"]
    if len(raw.columns) == 2 and value is not None:
        return ("nse_dashboard" if _norm(value) == "close" else "plain"), date_col, value
    wanted = _norm(_TRI_WORDS.sub(" ", name)).strip()
    by_name = names.get(_norm(name)) or names.get(re.sub(r"\s+", " ", wanted))
    if by_name is None or by_name == date_col:
        raise InputError(
            f"{path}: a table of {len(raw.columns) - 1} value columns and none is named "
            f"{name!r}; pass --column (columns: {_preview(raw.columns)})"
        )
    return "wide", date_col, by_name


def _preview(columns: list[str], limit: int = 8) -> str:
    shown = ", ".join(columns[:limit])
    return shown + (f", … ({len(columns)} columns)" if len(columns) > limit else "")


def _dates(text: pl.Expr, layout: Layout) -> pl.Expr:
    formats = _MONTH_FIRST if layout == "investing" else _DAY_FIRST
    clean = text.str.strip_chars().str.strip_chars('"')
    return pl.coalesce(*(clean.str.to_date(f, strict=False) for f in formats))


def _values(text: pl.Expr) -> pl.Expr:
    clean = text.str.strip_chars().str.strip_chars('"').str.replace_all(",", "")
    return clean.cast(pl.Float64, strict=False)


def read_index_file(
    path: Path,
    *,
    name: str,
    kind: IndexKind | None = None,
    column: str | None = None,
) -> IndexFile:
    """Parse an index file (see the module docstring) for the series called ``name``.

    Raises:
        InputError: the file is missing or unreadable, its header is of no known layout,
            the value column is not found, or no row is valid.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    json_file = path.suffix.lower() == ".json"
    raw = _read_json(path) if json_file else _read_csv(path)
    layout, date_col, value_col = _layout(raw, path, name=name, column=column, json_file=json_file)
    kind, why = detect_kind(name=name, path=path, column=value_col, kind=kind)
    parsed = raw.select(
        _dates(pl.col(date_col), layout).alias("date"), _values(pl.col(value_col)).alias("value")
    )
    reason = (
        pl.when(pl.col("date").is_null())
        .then(pl.lit("bad_date"))
        .when(pl.col("value").is_null() | ~pl.col("value").is_finite())
        .then(pl.lit("junk_value"))
        .when(pl.col("value") == 0)
        .then(pl.lit("zero_value"))
        .when(pl.col("value") < 0)
        .then(pl.lit("negative_value"))
    )
    tagged = parsed.with_columns(reason.alias("reason"))
    good = tagged.filter(pl.col("reason").is_null()).drop("reason")
    distinct = good.unique(maintain_order=True)
    conflicting = distinct.filter(pl.col("date").is_duplicated())
    series = distinct.filter(~pl.col("date").is_duplicated()).sort("date")
    counts = tagged.filter(pl.col("reason").is_not_null()).get_column("reason").value_counts()
    rejected = dict(zip(counts["reason"], counts["count"], strict=True))
    lost = good.height - distinct.height
    n_conflict = good.filter(pl.col("date").is_in(conflicting["date"].implode())).height
    if n_conflict:
        rejected["conflicting_date"] = n_conflict
    if series.height == 0:
        raise InputError(
            f"{path}: no valid (date, value) row in column {value_col!r}"
            + (f" (rejected: {_reasons(rejected)})" if rejected else "")
        )
    return IndexFile(
        series=series,
        layout=layout,
        column=value_col,
        kind=kind,
        kind_reason=why,
        rows=raw.height,
        rejected_by_reason={k: int(v) for k, v in sorted(rejected.items())},
        duplicates=lost - _lost_in_conflicts(good, conflicting),
    )


def _lost_in_conflicts(good: pl.DataFrame, conflicting: pl.DataFrame) -> int:
    """Identical repeats among the conflicting dates' rows (already counted as rejects)."""
    rows = good.filter(pl.col("date").is_in(conflicting["date"].implode()))
    return rows.height - rows.unique().height


def _reasons(rejected: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(rejected.items()))
