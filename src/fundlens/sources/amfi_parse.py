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
    "CODE_PATTERN",
    "DATE_YEARS",
    "HTML_BODY",
    "LAYOUT_HEADERS",
    "REJECT_SCHEMA",
    "ROW_SCHEMA",
    "FileReport",
    "ParsedBatch",
    "detect_layout",
    "file_rejects_frame",
    "nav_value",
    "parse_files",
    "reject_reason",
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
#: Columns of :attr:`ParsedBatch.rejects`.
REJECT_SCHEMA: dict[str, pl.DataType] = {
    "file_idx": pl.UInt32(),
    "line_no": pl.UInt32(),
    "raw_line": pl.String(),
    "reason": pl.String(),
}
#: An HTML page where an AMFI file should be (an error page, a login wall).
HTML_BODY = re.compile(rb"^\s*<|<\s*(!doctype|html|head|body)\b", re.IGNORECASE)
_CATEGORY_LINE = r"(?i)\bschemes?\s*\(.*\)\s*$"
#: A scheme code: digits only.
CODE_PATTERN = r"^\d{1,9}$"
_DATE = r"^\d{1,2}-[A-Za-z]{3}-\d{4}$"
_NUMBER = r"^-?(\d+\.?\d*|\.\d+)$"
#: NAV dates outside these years are ``bad_date``.
DATE_YEARS = (1990, 2100)


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


def file_rejects_frame(reports: Sequence[FileReport]) -> pl.DataFrame:
    """One reject row (line 0) for each file rejected as a whole."""
    return pl.DataFrame(
        [
            {"file_idx": i, "line_no": 0, "raw_line": r.detail, "reason": r.file_reject}
            for i, r in enumerate(reports)
            if r.file_reject is not None
        ],
        schema=REJECT_SCHEMA,
    )


def nav_value(text: pl.Expr) -> pl.Expr:
    """The NAV of a stripped text, or null unless it is a plain decimal (``13.`` is one;
    ``#N/A``, ``N.A.``, ``-``, ``1e5``, ``inf``, ``1000(Div0.18)`` are not)."""
    return pl.when(text.str.contains(_NUMBER)).then(text.cast(pl.Float64, strict=False))


def reject_reason(
    checks: Sequence[tuple[pl.Expr, RejectReason]],
    *,
    code_ok: pl.Expr,
    date_ok: pl.Expr,
    nav: pl.Expr,
) -> pl.Expr:
    """Each row's one reject reason, or null for a good row: the first failing of
    ``checks`` (a source's shape checks), then ``bad_code``, ``bad_date``, ``junk_nav``,
    ``zero_nav``, ``negative_nav`` — the order every source uses."""
    ordered: list[tuple[pl.Expr, RejectReason]] = [
        *checks,
        (~code_ok, "bad_code"),
        (~date_ok, "bad_date"),
        (nav.is_null(), "junk_nav"),
        (nav == 0, "zero_nav"),
        (nav < 0, "negative_nav"),
    ]
    first_cond, first_reason = ordered[0]
    chain = pl.when(first_cond).then(pl.lit(first_reason))
    for cond, reason in ordered[1:]:
        chain = chain.when(cond).then(pl.lit(reason))
    return chain


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
    groups: dict[tuple[str | None, ...], list[_Body]] = {}
    for idx, raw in enumerate(files):
        report, body = _open_file(raw)
        reports.append(report)
        if report.file_reject is not None or body is None:
            continue
        fields, text, first_line_no = body
        groups.setdefault(fields, []).append((idx, text, first_line_no))
    row_parts = [pl.DataFrame(schema=ROW_SCHEMA)]
    reject_parts = [file_rejects_frame(reports)]
    for fields, members in groups.items():
        rows, rejects = _parse_group(fields, members)
        row_parts.append(rows)
        reject_parts.append(rejects)
    rows = pl.concat(row_parts, how="vertical")
    rejects = pl.concat(reject_parts, how="vertical")
    if len(groups) > 1:  # files of several layouts: back to file order
        rows = rows.sort("file_idx", "line_no")
    return ParsedBatch(files=reports, rows=rows, rejects=rejects.sort("file_idx", "line_no"))


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def _open_file(
    raw: RawFile,
) -> tuple[FileReport, tuple[tuple[str | None, ...], str, int] | None]:
    """File-level checks; for a readable file, its fields, the text after the header line
    and the line number that text starts on."""

    def reject(reason: RejectReason, detail: str) -> tuple[FileReport, None]:
        return FileReport(raw.name, raw.sha256, None, reason, detail[:500]), None

    if raw.error is not None:
        return reject("empty_body", raw.error)
    if not raw.data.strip():
        return reject("empty_body", f"empty body ({len(raw.data)} bytes)")
    if HTML_BODY.search(raw.data[:2048]):
        return reject("html_body", _decode(raw.data[:300]).strip())
    text = _decode(raw.data)
    lead = len(text) - len(text.lstrip())
    header_no = text.count("\n", 0, lead) + 1
    end = text.find("\n", lead)
    header = text[lead:] if end < 0 else text[lead:end]
    found = detect_layout(header.strip())
    if found is None:
        return reject("unknown_layout", header.strip())
    fields, layout = found
    body = "" if end < 0 else text[end + 1 :]
    return FileReport(raw.name, raw.sha256, layout), (fields, body, header_no + 1)


#: One readable file of a group: (file index, text after the header, its first line number).
_Body = tuple[int, str, int]


def _lines_frame(members: list[_Body]) -> pl.DataFrame:
    """All body lines of a group of files, split in Polars: file index, 1-based line
    number, the line, and flags for each file's first line and its unterminated (cut) last
    line. A file ending in a newline yields one empty last line, which is blank."""
    texts = pl.Series("line", [m[1] for m in members], dtype=pl.String).str.split("\n")
    counts = texts.list.len().to_numpy().astype(np.int64)
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    file_idx = np.repeat(np.array([m[0] for m in members], dtype=np.uint32), counts)
    first_no = np.repeat(np.array([m[2] for m in members], dtype=np.int64), counts)
    line_no = np.arange(total, dtype=np.int64) - np.repeat(starts, counts) + first_no
    first = np.zeros(total, dtype=bool)
    first[starts[counts > 0]] = True
    last = np.zeros(total, dtype=bool)
    cut = np.array([not m[1].endswith("\n") and m[1] != "" for m in members], dtype=bool)
    last[(np.cumsum(counts) - 1)[cut & (counts > 0)]] = True
    return pl.DataFrame(
        {
            "file_idx": file_idx,
            "line_no": line_no.astype(np.uint32),
            "line": texts.explode(),
            "first": first,
            "cut": last,
        }
    )


def _field(fields: tuple[str | None, ...], name: str) -> pl.Expr:
    if name not in fields:
        return pl.lit(None, dtype=pl.String)
    return pl.col(f"field_{fields.index(name)}").str.strip_chars()


_RESET = "\x00"  # marks a file start (and, for AMCs, a new category) in a forward fill


def _block_labels(lines: pl.DataFrame) -> pl.DataFrame:
    """Each line's current category line and AMC line.

    Only the few structure lines (non-blank, no ``;``, not a cut last line) and file starts
    are looked at: each starts a new segment, labels are forward-filled over those (a reset
    marker at every file start, and at every category line for the AMC, keeps a label from
    leaking into the next file or category), and every line takes the labels of its
    segment. Blank lines (a fifth of a file) are left out before the category pattern runs:
    they change no label, so they simply stay in the segment before them.
    """
    t = pl.col("line").str.strip_chars()
    struct = (pl.col("n_sep") == 0) & ~pl.col("cut") & (t != "")
    heads = (
        lines.with_row_index("_line")
        .filter((pl.col("n_sep") == 0) | pl.col("first"))
        .filter(pl.col("first") | struct)
    )
    is_cat = struct & t.str.contains(_CATEGORY_LINE)
    labels = heads.select(
        pl.when(is_cat).then(t).when("first").then(pl.lit(_RESET)).forward_fill().alias("cat"),
        pl.when(struct & ~is_cat)
        .then(t)
        .when(pl.col("first") | is_cat)
        .then(pl.lit(_RESET))
        .forward_fill()
        .alias("amc"),
    ).with_columns(pl.all().replace(_RESET, None))
    opens = np.zeros(lines.height, dtype=np.uint32)
    opens[heads["_line"].to_numpy()] = 1
    seg = pl.Series(np.cumsum(opens, dtype=np.uint32) - 1)  # line 0 opens: a file's first
    return lines.with_columns(
        category_raw=labels["cat"].gather(seg),
        amc_raw=labels["amc"].gather(seg),
    )


def _parse_group(
    fields: tuple[str | None, ...], members: list[_Body]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    ncols = len(fields)
    lines = _lines_frame(members).with_columns(
        n_sep=pl.col("line").str.count_matches(";", literal=True)
    )
    frame = (
        _block_labels(lines)
        .lazy()
        .filter((pl.col("n_sep") > 0) | (pl.col("cut") & (pl.col("line").str.strip_chars() != "")))
        .with_columns(pl.col("line").str.strip_chars_end("\r"))
        .with_columns(pl.col("line").str.splitn(";", ncols).alias("f"))
        .unnest("f")
    )
    code, date_s, nav_s = _field(fields, "code"), _field(fields, "date"), _field(fields, "nav")
    frame = frame.with_columns(
        _code=code,
        _date=date_s.str.strptime(pl.Date, "%d-%b-%Y", strict=False),
        _nav=nav_value(nav_s),
    )
    date_ok = pl.col("_date").dt.year().is_between(*DATE_YEARS).fill_null(False)
    shape_ok = pl.col("n_sep") == ncols - 1
    nav = pl.col("_nav")
    reason = reject_reason(
        [(pl.col("cut") & ~(shape_ok & date_ok), "truncated_row"), (~shape_ok, "malformed_row")],
        code_ok=pl.col("_code").str.contains(CODE_PATTERN),
        date_ok=date_ok,
        nav=pl.col("_nav"),
    )
    df = frame.with_columns(reason=reason).collect()
    rejects = df.filter(pl.col("reason").is_not_null()).select(
        "file_idx", "line_no", pl.col("line").alias("raw_line"), "reason"
    )
    good = df.filter(pl.col("reason").is_null()).select(
        "file_idx",
        "line_no",
        pl.col("_code").cast(pl.Int64).alias("scheme_code"),
        pl.col("_date").alias("date"),
        nav.alias("nav"),
        _field(fields, "name").alias("name"),
        *(_optional(_field(fields, c)).alias(c) for c in ("isin_growth", "isin_reinvest")),
        _optional(_field(fields, "plan")).alias("plan_raw"),
        _optional(_field(fields, "option")).alias("option_raw"),
        "category_raw",
        "amc_raw",
    )
    return good.cast(ROW_SCHEMA), rejects.cast(REJECT_SCHEMA)  # type: ignore[arg-type]


def _optional(expr: pl.Expr) -> pl.Expr:
    """Blank and ``-`` mean 'not given' (AMFI's ISIN placeholder)."""
    return pl.when(expr.is_in(["", "-"])).then(None).otherwise(expr)
