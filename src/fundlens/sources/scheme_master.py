"""Read AMFI's scheme master (one row per AMFI scheme code) into a typed Polars frame.

Two header forms are accepted, told apart by the header line alone:

* ``kaggle`` — the copy kept by the InertExpert2911/Mutual_Fund_Data job
  (``Scheme_Code,AMC,Scheme_Name,Scheme_Type,Scheme_Category,Scheme_NAV_Name,...,
  ISIN_Div_Payout/Growth,ISIN_Div_Reinvestment,NAV,Latest_NAV_Date``), ISO dates;
* ``amfi`` — AMFI's own SchemeData download
  (``AMC,Code,Scheme Name,Scheme Type,Scheme Category,Scheme NAV Name,Scheme Minimum Amount,
  Launch Date, Closure Date,ISIN Div Payout/ ISIN GrowthISIN Div Reinvestment``), whose last
  column holds both ISINs run together (``INF209K01157INF209K01CE5``).

Output columns (always these, this order): ``scheme_code`` (Int64), ``amc_name``,
``scheme_name``, ``scheme_type`` (as written: ``Open Ended``/``Close Ended``/``Interval Fund``),
``category_raw``, ``nav_name``, ``launch_date``, ``closure_date`` (Date; AMFI's NFO opening and
closing dates, not the allotment date), ``isin_growth`` (payout-or-growth ISIN), ``isin_reinvest``.
Text is trimmed and runs of spaces are kept as AMFI wrote them (classification normalises);
``-``, ``NA`` and blanks become null. Rows whose code is not an integer are dropped and counted
(:class:`SchemeMasterRead`); an unknown header raises :class:`~fundlens.errors.InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

import polars as pl

from fundlens.errors import InputError

__all__ = [
    "MASTER_COLUMNS",
    "MasterLayout",
    "SchemeMasterRead",
    "detect_master_layout",
    "load_scheme_master",
    "read_scheme_master",
]

MasterLayout = Literal["kaggle", "amfi"]

MASTER_COLUMNS: Final[tuple[str, ...]] = (
    "scheme_code",
    "amc_name",
    "scheme_name",
    "scheme_type",
    "category_raw",
    "nav_name",
    "launch_date",
    "closure_date",
    "isin_growth",
    "isin_reinvest",
)

# Header (normalised: lower case, spaces and underscores dropped) → output column.
_KAGGLE: Final[dict[str, str]] = {
    "schemecode": "scheme_code",
    "amc": "amc_name",
    "schemename": "scheme_name",
    "schemetype": "scheme_type",
    "schemecategory": "category_raw",
    "schemenavname": "nav_name",
    "launchdate": "launch_date",
    "closuredate": "closure_date",
    "isindivpayout/growth": "isin_growth",
    "isindivreinvestment": "isin_reinvest",
}
_AMFI: Final[dict[str, str]] = {
    "code": "scheme_code",
    "amc": "amc_name",
    "schemename": "scheme_name",
    "schemetype": "scheme_type",
    "schemecategory": "category_raw",
    "schemenavname": "nav_name",
    "launchdate": "launch_date",
    "closuredate": "closure_date",
    "isindivpayout/isingrowthisindivreinvestment": "isin_both",
}
_NULL_TOKENS: Final[tuple[str, ...]] = ("", "-", "NA", "N.A.", "nan", "null")
_ISIN: Final = r"[A-Z]{2}[A-Z0-9]{9}[0-9]"


@dataclass(frozen=True)
class SchemeMasterRead:
    """A scheme master as read: the frame, its layout and what was dropped."""

    frame: pl.DataFrame
    layout: MasterLayout
    rows_read: int
    dropped_bad_code: int


def _header_key(name: str) -> str:
    return "".join(name.lower().split()).replace("_", "")


def detect_master_layout(columns: list[str]) -> tuple[MasterLayout, dict[str, str]]:
    """Return the layout and the header → output-column mapping, or raise InputError."""
    keys = {_header_key(c): c for c in columns}
    layouts: tuple[tuple[MasterLayout, dict[str, str]], ...] = (
        ("kaggle", _KAGGLE),
        ("amfi", _AMFI),
    )
    for layout, wanted in layouts:
        if set(wanted) <= set(keys):
            return layout, {keys[k]: v for k, v in wanted.items()}
    raise InputError(f"unknown scheme-master header: {','.join(columns)!r}")


def _clean_text(col: str) -> pl.Expr:
    text = pl.col(col).str.strip_chars()
    return pl.when(text.is_in(_NULL_TOKENS)).then(None).otherwise(text).alias(col)


def _parse_date(col: str) -> pl.Expr:
    text = pl.col(col).str.strip_chars().str.to_titlecase()
    return pl.coalesce(
        text.str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        text.str.strptime(pl.Date, "%d-%b-%Y", strict=False),
        text.str.strptime(pl.Date, "%d-%m-%Y", strict=False),
        text.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        text.str.strptime(pl.Date, "%d-%b-%y", strict=False),
    ).alias(col)


def _split_isins(frame: pl.DataFrame) -> pl.DataFrame:
    """AMFI layout: one column holds the growth/payout ISIN then the reinvestment ISIN."""
    found = pl.col("isin_both").str.to_uppercase().str.extract_all(_ISIN)
    return frame.with_columns(
        isin_growth=found.list.get(0, null_on_oob=True),
        isin_reinvest=found.list.get(1, null_on_oob=True),
    ).drop("isin_both")


def load_scheme_master(path: str | Path) -> SchemeMasterRead:
    """Read a scheme master file of either header form, with the count of dropped rows."""
    try:
        raw = pl.read_csv(
            path, infer_schema=False, encoding="utf8-lossy", truncate_ragged_lines=True
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as exc:
        raise InputError(f"cannot read scheme master {path}: {exc}") from exc
    layout, mapping = detect_master_layout(raw.columns)
    frame = raw.select([pl.col(src).alias(dst) for src, dst in mapping.items()])
    frame = frame.with_columns(_clean_text(c) for c in frame.columns)
    if layout == "amfi":
        frame = _split_isins(frame)
    code = pl.col("scheme_code").cast(pl.Int64, strict=False)
    frame = frame.with_columns(code.alias("scheme_code"))
    kept = frame.filter(pl.col("scheme_code").is_not_null())
    kept = kept.with_columns(_parse_date("launch_date"), _parse_date("closure_date"))
    return SchemeMasterRead(
        frame=kept.select(MASTER_COLUMNS),
        layout=layout,
        rows_read=raw.height,
        dropped_bad_code=raw.height - kept.height,
    )


def read_scheme_master(path: str | Path) -> pl.DataFrame:
    """Read a scheme master file; see the module docstring for the columns."""
    return load_scheme_master(path).frame
