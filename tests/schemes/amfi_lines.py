"""Test helper: read a real AMFI daily file (either layout) into one row per scheme line.

Vectorised with Polars: every line is typed (header, category line, AMC line, data row), the
category and AMC lines are forward-filled onto the data rows that follow them. Truncated
``.head.csv`` copies may end mid-line; a last line with too few fields is dropped.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

__all__ = ["AMFI_DAILY", "amfi_obs", "read_amfi_lines"]

AMFI_DAILY = Path(__file__).resolve().parents[3] / "shared" / "data" / "amfi" / "daily"


def read_amfi_lines(path: Path) -> pl.DataFrame:
    """Data rows of one file with ``amc_raw`` and ``category_raw`` filled in."""
    text = path.read_bytes().decode("utf-8")
    lines = pl.DataFrame({"line": text.split("\r\n")}).with_columns(
        pl.col("line").str.strip_chars_end()
    )
    layout_b = lines["line"][0].startswith("Scheme Code;NAV Name")
    line = pl.col("line")
    is_data = line.str.contains(r"^\d+;") & (line.str.count_matches(";") == 7)
    is_category = ~is_data & line.str.contains(r"Schemes?\s*\(")
    is_amc = ~is_data & ~is_category & (line != "") & ~line.str.starts_with("Scheme Code")
    lines = lines.with_columns(
        pl.when(is_category).then(line).forward_fill().alias("category_raw"),
        pl.when(is_category)
        .then(pl.lit(""))
        .when(is_amc)
        .then(line)
        .forward_fill()
        .alias("amc_raw"),
    ).filter(is_data)
    fields = pl.col("line").str.split(";")
    names = ["code", "name", "plan_raw", "option_raw", "isin_growth", "isin_reinvest"]
    if not layout_b:
        names = ["code", "name", "isin_growth", "isin_reinvest"]
    out = lines.with_columns(
        [fields.list.get(i).str.strip_chars().alias(n) for i, n in enumerate(names)]
    )
    if not layout_b:
        out = out.with_columns(
            pl.lit(None, dtype=pl.String).alias("plan_raw"),
            pl.lit(None, dtype=pl.String).alias("option_raw"),
        )
    blank = {
        c: pl.when(pl.col(c).is_in(["", "-"])).then(None).otherwise(pl.col(c))
        for c in ("amc_raw", "plan_raw", "option_raw", "isin_growth", "isin_reinvest")
    }
    return out.with_columns(**blank).select(
        pl.col("code").cast(pl.Int64).alias("scheme_code"),
        "name",
        "amc_raw",
        "category_raw",
        "plan_raw",
        "option_raw",
        "isin_growth",
        "isin_reinvest",
    )


def amfi_obs(paths: list[Path]) -> pl.DataFrame:
    """One row per scheme code over several files (the last file read wins)."""
    frames = [read_amfi_lines(p) for p in paths]
    return pl.concat(frames).unique("scheme_code", keep="last", maintain_order=True)
