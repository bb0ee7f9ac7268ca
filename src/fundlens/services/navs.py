"""NAV read-outs for the API and exports: one scheme's NAVs, a panel of schemes as long
rows, and that panel as CSV or Parquet bytes.

Every code is checked first: an unknown one raises ``InputError("scheme … is not in the
store")`` (the API answers 404), a bad range ``InputError`` (422).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Final, Literal

import duckdb
import polars as pl

from fundlens.errors import InputError
from fundlens.services.metrics import scheme_names
from fundlens.store.exports import nav_long
from fundlens.store.reads import nav_history

__all__ = [
    "EXPORT_FORMATS",
    "MAX_EXPORT_SCHEMES",
    "check_range",
    "export_bytes",
    "nav_export",
    "require_schemes",
    "scheme_navs",
]

#: Most schemes one export may name.
MAX_EXPORT_SCHEMES: Final = 50
#: Export formats and their media types.
EXPORT_FORMATS: Final[dict[str, str]] = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def check_range(start_date: dt.date | None, end_date: dt.date | None) -> None:
    """InputError when ``start_date`` is after ``end_date``."""
    if start_date and end_date and start_date > end_date:
        raise InputError(f"start_date {start_date} is after end_date {end_date}")


def require_schemes(con: duckdb.DuckDBPyConnection, codes: Sequence[int]) -> dict[int, str]:
    """Names of ``codes``; InputError naming the codes the store does not hold."""
    names = scheme_names(con, list(codes))
    missing = [c for c in codes if c not in names]
    if missing:
        listed = ", ".join(str(c) for c in missing)
        raise InputError(f"scheme {listed} is not in the store")
    return names


def scheme_navs(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> tuple[str, pl.DataFrame]:
    """(name, NAVs ``date``, ``nav`` ascending within the range) of one stored scheme."""
    check_range(start_date, end_date)
    name = require_schemes(con, [code])[code]
    return name, nav_history(con, code, start_date=start_date, end_date=end_date)


def nav_export(
    con: duckdb.DuckDBPyConnection,
    codes: Sequence[int],
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> pl.DataFrame:
    """Long rows ``scheme_code``, ``date``, ``nav`` of up to :data:`MAX_EXPORT_SCHEMES`
    stored schemes within the range, by scheme (in the order asked) then date."""
    wanted = list(dict.fromkeys(codes))
    if not wanted or len(wanted) > MAX_EXPORT_SCHEMES:
        raise InputError(f"export 1 to {MAX_EXPORT_SCHEMES} schemes, got {len(wanted)}")
    check_range(start_date, end_date)
    require_schemes(con, wanted)
    frame = nav_long(con, wanted, start_date=start_date, end_date=end_date)
    order = pl.DataFrame({"scheme_code": wanted, "_order": range(len(wanted))})
    return (
        frame.join(order, on="scheme_code", how="left")
        .sort("_order", "date")
        .select("scheme_code", "date", "nav")
    )


def export_bytes(frame: pl.DataFrame, fmt: Literal["csv", "parquet"]) -> bytes:
    """The frame as CSV text (header row, ISO dates) or a Parquet file (zstd)."""
    if fmt == "csv":
        return frame.write_csv().encode()
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.write_parquet(buffer, compression="zstd")
        return buffer.getvalue()
    raise InputError(f"unknown export format {fmt!r}: csv or parquet")
