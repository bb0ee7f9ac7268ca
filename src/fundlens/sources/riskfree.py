"""Risk-free rate series from a CSV file: ``date,annual_rate`` (a fraction a year).

Accepted headers (case-insensitive, any column order, extra columns ignored):

* ``date`` and ``annual_rate`` — the fundlens form, a fraction a year (``0.065``);
* ``date`` and ``yield`` (or ``rate_pct``) — a percent a year, as RBI's DBIE 91-day
  T-bill file (``Date,Yield``, ``8.998`` = 8.998 %), divided by 100 on import.

Dates are ISO (``2024-03-28``) or ``dd-mm-yyyy``. Rows with a bad date or a rate that is
not a number are rejected with a reason (``bad_date``, ``junk_rate``); so is a rate
outside −5 % … 100 % a year once in fractions (``rate_out_of_range`` — typically a percent
typed in the fraction column). A date given twice keeps its last row and is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl

from fundlens.errors import InputError

__all__ = ["RATE_RANGE", "RiskfreeFile", "read_riskfree_csv"]

#: Plausible annual rates, as fractions: below or above is a unit mistake or junk.
RATE_RANGE: Final = (-0.05, 1.0)

_FRACTION_COLUMNS: Final = ("annual_rate",)
_PERCENT_COLUMNS: Final = ("yield", "rate_pct")


@dataclass(frozen=True)
class RiskfreeFile:
    """A parsed risk-free file: ``rates`` (date, annual_rate), rejects by reason, and how
    many dates were given more than once."""

    rates: pl.DataFrame
    rejected_by_reason: dict[str, int]
    duplicate_dates: int
    percent: bool


def read_riskfree_csv(path: Path) -> RiskfreeFile:
    """Parse a risk-free CSV (see the module docstring).

    Raises:
        InputError: the file is missing, has no date or rate column, or no valid row.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"{path}: not a CSV file ({exc})") from exc
    names = {c.strip().lstrip("\ufeff").lower(): c for c in raw.columns}
    if "date" not in names:
        raise InputError(f"{path}: no 'date' column (header: {', '.join(raw.columns)})")
    rate_col = next((names[c] for c in _FRACTION_COLUMNS + _PERCENT_COLUMNS if c in names), None)
    if rate_col is None:
        raise InputError(
            f"{path}: no rate column; expected 'annual_rate' (fraction) or 'yield' (percent)"
        )
    percent = rate_col.strip().lower() in _PERCENT_COLUMNS
    text = pl.col(names["date"]).str.strip_chars()
    parsed = raw.select(
        pl.coalesce(
            text.str.to_date("%Y-%m-%d", strict=False), text.str.to_date("%d-%m-%Y", strict=False)
        ).alias("date"),
        pl.col(rate_col).str.strip_chars().cast(pl.Float64, strict=False).alias("annual_rate"),
    ).with_columns(pl.col("annual_rate") / 100.0 if percent else pl.col("annual_rate"))
    low, high = RATE_RANGE
    reason = (
        pl.when(pl.col("date").is_null())
        .then(pl.lit("bad_date"))
        .when(pl.col("annual_rate").is_null() | pl.col("annual_rate").is_nan())
        .then(pl.lit("junk_rate"))
        .when(~pl.col("annual_rate").is_between(low, high, closed="left"))
        .then(pl.lit("rate_out_of_range"))
    )
    tagged = parsed.with_columns(reason.alias("reason"))
    rejected = tagged.filter(pl.col("reason").is_not_null()).get_column("reason").value_counts()
    good = tagged.filter(pl.col("reason").is_null()).drop("reason")
    if good.height == 0:
        raise InputError(f"{path}: no valid (date, rate) row")
    rates = good.unique("date", keep="last", maintain_order=True).sort("date")
    return RiskfreeFile(
        rates=rates,
        rejected_by_reason=dict(zip(rejected["reason"], rejected["count"], strict=True)),
        duplicate_dates=good.height - rates.height,
        percent=percent,
    )
