"""Parse AMFI NAV files of every layout and era into good rows and counted rejects.

AMFI publishes ``;``-separated text with CRLF line endings and no quoting: a header line,
then blocks of a category line (``Open Ended Schemes ( Income )``), blank lines, an AMC
line (``ABN  AMRO Mutual Fund``) and data rows. Four header forms are known (columns are
always taken from the header line, never from position or date):

* history layout A (2006 → Aug 2026): ``Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;
  ISIN Div Reinvestment;Net Asset Value;Repurchase Price;Sale Price;Date``
* history layout B (Aug 2026 →): ``Scheme Code;NAV Name;Plan;Option;ISIN Div Payout/ISIN
  Growth;ISIN Div Reinvestment;Net Asset Value;Date``
* ``NAVAll.txt`` with 6 columns (``Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div
  Reinvestment;Scheme Name;Net Asset Value;Date``) and with 8 (``Plan;Option`` before the NAV).

Rules (conventions.md, 'Ingest contract'): only the code, the NAV and the date decide whether
a row is kept; junk in the price columns never rejects a row. Each rejected line gets exactly
one reason, checked in this order: ``malformed_row`` (wrong number of fields) or
``truncated_row`` (the unterminated last line of a cut file that is not a complete row),
``bad_code``, ``bad_date`` (not ``DD-Mon-YYYY``, not a real day, or outside 1990–2100),
``junk_nav`` (not a plain decimal: ``#N/A``, ``N.A.``, ``B.C.``, ``-``, blank,
``1000(Div0.18)``), ``zero_nav``, ``negative_nav``. A whole file can be rejected as
``empty_body``, ``html_body`` or ``unknown_layout`` (one reject, line 0).
Category and AMC lines are kept as each row's raw category and AMC. The work is vectorised
with Polars over all lines of all files of a batch at once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from fundlens.sources.inputs import RawFile
from fundlens.types import RejectReason

__all__ = [
    "LAYOUT_HEADERS",
    "ROW_SCHEMA",
    "FileReport",
    "ParsedBatch",
    "detect_layout",
    "parse_files",
]

#: Canonical header field per normalised header token (lower case, no white space).
_HEADER_TOKENS: dict[str, str | None] = {
    "schemecode": "code",
    "schemename": "name",
    "navname": "name",
    "isindivpayout/isingrowth": "isin_growth",
    "isindivreinvestment": "isin_reinvest",
    "netassetvalue": "nav",
    "repurchaseprice": None,
    "saleprice": None,
    "plan": "plan",
    "option": "option",
    "date": "date",
}
_REQUIRED = ("code", "name", "nav", "date")

#: Known layouts by their canonical field tuple (``None`` = a column that is read past).
LAYOUT_HEADERS: dict[tuple[str | None, ...], str] = {
    ("code", "name", "isin_growth", "isin_reinvest", "nav", None, None, "date"): "A",
    ("code", "name", "plan", "option", "isin_growth", "isin_reinvest", "nav", "date"): "B",
    ("code", "isin_growth", "isin_reinvest", "name", "nav", "date"): "navall6",
    ("code", "isin_growth", "isin_reinvest", "name", "plan", "option", "nav", "date"): "navall8",
}

#: Columns of :attr:`ParsedBatch.rows`.
ROW_SCHEMA: dict[str, pl.DataType] = {
    "file_idx": pl.UInt32(),
    "line_no": pl.UInt32(),
    "scheme_code": pl.Int64(),
    "date": pl.Date(),
    "nav": pl.Float64(),
    "name": pl.String(),
    "isin_growth": pl.String(),
    "isin_reinvest": pl.String(),
    "plan_raw": pl.String(),
    "option_raw": pl.String(),
    "category_raw": pl.String(),
    "amc_raw": pl.String(),
}
_REJECT_SCHEMA: dict[str, pl.DataType] = {
    "file_idx": pl.UInt32(),
    "line_no": pl.UInt32(),
    "raw_line": pl.String(),
    "reason": pl.String(),
}
_HTML = re.compile(rb"^\s*<|<\s*(!doctype|html|head|body)\b", re.IGNORECASE)
_CATEGORY_LINE = r"(?i)\bschemes?\s*\(.*\)\s*$"
_CODE = r"^\d{1,9}$"
_DATE = r"^\d{1,2}-[A-Za-z]{3}-\d{4}$"
_NUMBER = r"^-?(\d+\.?\d*|\.\d+)$"
_YEARS = (1990, 2100)


@dataclass(frozen=True)
class FileReport:
    """What parsing one file found: its layout (or why it was rejected whole)."""

    name: str
    sha256: str
    layout: str | None
    file_reject: RejectReason | None = None
    detail: str = ""


@dataclass(frozen=True)
class ParsedBatch:
    """Good rows and rejects of a batch of files; ``file_idx`` indexes ``files``."""

    files: list[FileReport]
    rows: pl.DataFrame
    rejects: pl.DataFrame


def detect_layout(header_line: str) -> tuple[tuple[str | None, ...], str] | None:
    """Map a header line to (canonical fields, layout name), or None if not an AMFI header.

    >>> detect_layout("Scheme Code;NAV Name;Plan;Option;ISIN Div Payout/ISIN Growth;"
    ...               "ISIN Div Reinvestment;Net Asset Value;Date")[1]
    'B'
    """
    fields: list[str | None] = []
    for token in header_line.split(";"):
        key = re.sub(r"\s+", "", token).lower()
        if key not in _HEADER_TOKENS:
            return None
        fields.append(_HEADER_TOKENS[key])
    canon = tuple(fields)
    if not all(f in canon for f in _REQUIRED):
        return None
    return canon, LAYOUT_HEADERS.get(canon, "other")


def parse_files(files: Sequence[RawFile]) -> ParsedBatch:
    """Parse a batch of raw files; every line ends up kept, skipped as structure, or rejected."""
    reports: list[FileReport] = []
    groups: dict[tuple[str | None, ...], list[tuple[int, list[str], int, bool]]] = {}
    file_rejects: list[dict[str, object]] = []
    for idx, raw in enumerate(files):
        report, body = _open_file(raw)
        reports.append(report)
        if report.file_reject is not None or body is None:
            file_rejects.append(
                {
                    "file_idx": idx,
                    "line_no": 0,
                    "raw_line": report.detail,
                    "reason": report.file_reject,
                }
            )
            continue
        fields, lines, first_line_no, unterminated = body
        groups.setdefault(fields, []).append((idx, lines, first_line_no, unterminated))
    row_parts = [pl.DataFrame(schema=ROW_SCHEMA)]
    reject_parts = [pl.DataFrame(file_rejects, schema=_REJECT_SCHEMA)]
    for fields, members in groups.items():
        rows, rejects = _parse_group(fields, members)
        row_parts.append(rows)
        reject_parts.append(rejects)
    return ParsedBatch(
        files=reports,
        rows=pl.concat(row_parts, how="vertical").sort("file_idx", "line_no"),
        rejects=pl.concat(reject_parts, how="vertical").sort("file_idx", "line_no"),
    )


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def _open_file(
    raw: RawFile,
) -> tuple[FileReport, tuple[tuple[str | None, ...], list[str], int, bool] | None]:
    """File-level checks; returns the lines after the header for a readable file."""

    def reject(reason: RejectReason, detail: str) -> tuple[FileReport, None]:
        return FileReport(raw.name, raw.sha256, None, reason, detail[:500]), None

    if raw.error is not None:
        return reject("empty_body", raw.error)
    if not raw.data.strip():
        return reject("empty_body", f"empty body ({len(raw.data)} bytes)")
    if _HTML.search(raw.data[:2048]):
        return reject("html_body", _decode(raw.data[:300]).strip())
    text = _decode(raw.data)
    lines = text.split("\n")
    unterminated = not text.endswith("\n")
    header_idx = next(i for i, line in enumerate(lines) if line.strip())
    found = detect_layout(lines[header_idx].strip())
    if found is None:
        return reject("unknown_layout", lines[header_idx].strip())
    fields, layout = found
    body = lines[header_idx + 1 :]
    if not unterminated:
        body = body[:-1]  # the empty string after the final newline
    return FileReport(raw.name, raw.sha256, layout), (fields, body, header_idx + 2, unterminated)


def _lines_frame(members: list[tuple[int, list[str], int, bool]]) -> pl.DataFrame:
    """All body lines of a group of files, with file index, 1-based line number and a flag
    for each file's unterminated last line."""
    counts = np.array([len(m[1]) for m in members], dtype=np.int64)
    total = int(counts.sum())
    file_idx = np.repeat(np.array([m[0] for m in members], dtype=np.uint32), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    first_no = np.repeat(np.array([m[2] for m in members], dtype=np.int64), counts)
    line_no = (np.arange(total, dtype=np.int64) - starts + first_no).astype(np.uint32)
    last = np.zeros(total, dtype=bool)
    ends = np.cumsum(counts) - 1
    cut = np.array([m[3] for m in members], dtype=bool) & (counts > 0)
    last[ends[cut]] = True
    text: list[str] = []
    for m in members:
        text.extend(m[1])
    return pl.DataFrame(
        {"file_idx": file_idx, "line_no": line_no, "line": text, "cut": last},
        schema={"file_idx": pl.UInt32, "line_no": pl.UInt32, "line": pl.String, "cut": pl.Boolean},
    ).with_columns(pl.col("line").str.strip_chars_end("\r\n"))


def _field(fields: tuple[str | None, ...], name: str) -> pl.Expr:
    if name not in fields:
        return pl.lit(None, dtype=pl.String)
    return pl.col(f"field_{fields.index(name)}").str.strip_chars()


def _parse_group(
    fields: tuple[str | None, ...], members: list[tuple[int, list[str], int, bool]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    ncols = len(fields)
    df = _lines_frame(members)
    t = pl.col("line").str.strip_chars()
    df = (
        df.with_columns(
            blank=t == "",
            n_sep=pl.col("line").str.count_matches(";", literal=True),
        )
        .with_columns(
            is_cat=~pl.col("blank")
            & (pl.col("n_sep") == 0)
            & ~pl.col("cut")
            & t.str.contains(_CATEGORY_LINE),
        )
        .with_columns(
            is_amc=~pl.col("blank") & (pl.col("n_sep") == 0) & ~pl.col("cut") & ~pl.col("is_cat"),
            block=pl.col("is_cat").cum_sum().over("file_idx"),
        )
        .with_columns(
            category_raw=pl.when("is_cat").then(t).forward_fill().over("file_idx"),
            amc_raw=pl.when("is_amc").then(t).forward_fill().over("file_idx", "block"),
        )
        .filter(~pl.col("blank") & ((pl.col("n_sep") > 0) | pl.col("cut")))
    )
    df = df.with_columns(pl.col("line").str.split_exact(";", ncols - 1).alias("f")).unnest("f")
    code, date_s, nav_s = _field(fields, "code"), _field(fields, "date"), _field(fields, "nav")
    date = date_s.str.strptime(pl.Date, "%d-%b-%Y", strict=False)
    date_ok = date_s.str.contains(_DATE) & date.dt.year().is_between(*_YEARS)
    nav = pl.when(nav_s.str.contains(_NUMBER)).then(nav_s.cast(pl.Float64, strict=False))
    shape_ok = pl.col("n_sep") == ncols - 1
    reason = (
        pl.when(pl.col("cut") & ~(shape_ok & date_ok.fill_null(False)))
        .then(pl.lit("truncated_row"))
        .when(~shape_ok)
        .then(pl.lit("malformed_row"))
        .when(~code.str.contains(_CODE))
        .then(pl.lit("bad_code"))
        .when(~date_ok.fill_null(False))
        .then(pl.lit("bad_date"))
        .when(nav.is_null())
        .then(pl.lit("junk_nav"))
        .when(nav == 0)
        .then(pl.lit("zero_nav"))
        .when(nav < 0)
        .then(pl.lit("negative_nav"))
    )
    df = df.with_columns(reason=reason)
    rejects = df.filter(pl.col("reason").is_not_null()).select(
        "file_idx", "line_no", pl.col("line").alias("raw_line"), "reason"
    )
    good = df.filter(pl.col("reason").is_null()).select(
        "file_idx",
        "line_no",
        code.cast(pl.Int64).alias("scheme_code"),
        date.alias("date"),
        nav.alias("nav"),
        _field(fields, "name").alias("name"),
        *(_optional(_field(fields, c)).alias(c) for c in ("isin_growth", "isin_reinvest")),
        _optional(_field(fields, "plan")).alias("plan_raw"),
        _optional(_field(fields, "option")).alias("option_raw"),
        "category_raw",
        "amc_raw",
    )
    return good.cast(ROW_SCHEMA), rejects.cast(_REJECT_SCHEMA)  # type: ignore[arg-type]


def _optional(expr: pl.Expr) -> pl.Expr:
    """Blank and ``-`` mean 'not given' (AMFI's ISIN placeholder)."""
    return pl.when(expr.is_in(["", "-"])).then(None).otherwise(expr)
