"""The two registries reduced to one row per AMFI scheme code, ready to join.

* :func:`master_by_code` — the AMFI scheme master (``fundlens.sources.scheme_master``):
  ``scheme_code, m_amc, m_category, m_type, launch_date, closure_date, m_isin_growth,
  m_isin_reinvest`` (first row kept if a code repeats).
* :func:`casparser_by_code` — the casparser-isin table (``fundlens.sources.casparser_master``),
  which holds one row per (code, ISIN, name spelling): ``scheme_code, c_isin_growth,
  c_isin_reinvest, c_category``. Which ISIN is the reinvestment one is read from the row names:
  each ISIN gets the share of its rows whose name says ``REINVEST``; with two or more ISINs the
  highest share (if above 0) is the reinvestment ISIN and the lowest the growth/payout one;
  a lone ISIN is the reinvestment ISIN only if every row naming it says ``REINVEST``. The
  category is the most frequent non-null ``sebi_category`` of the code.
"""

from __future__ import annotations

import polars as pl

__all__ = ["casparser_by_code", "master_by_code"]


def master_by_code(master: pl.DataFrame) -> pl.DataFrame:
    """One row per code from a frame shaped like ``read_scheme_master``'s output."""
    return master.unique("scheme_code", keep="first", maintain_order=True).select(
        pl.col("scheme_code").cast(pl.Int64),
        pl.col("amc_name").alias("m_amc"),
        pl.col("category_raw").alias("m_category"),
        pl.col("scheme_type").alias("m_type"),
        pl.col("launch_date"),
        pl.col("closure_date"),
        pl.col("isin_growth").alias("m_isin_growth"),
        pl.col("isin_reinvest").alias("m_isin_reinvest"),
    )


def _isins(casparser: pl.DataFrame) -> pl.DataFrame:
    per_isin = (
        casparser.filter(pl.col("isin").is_not_null() & (pl.col("isin") != ""))
        .group_by("amfi_code", "isin")
        .agg(pl.col("name").str.contains(r"(?i)reinvest").mean().alias("_share"))
        .sort("amfi_code", "_share", "isin")
    )
    per_code = per_isin.group_by("amfi_code").agg(
        pl.col("isin").first().alias("_low"),
        pl.col("_share").first().alias("_low_share"),
        pl.col("isin").last().alias("_high"),
        pl.col("_share").last().alias("_high_share"),
        pl.len().alias("_n"),
    )
    many = pl.col("_n") >= 2
    return per_code.select(
        pl.col("amfi_code").alias("scheme_code"),
        pl.when(many | (pl.col("_low_share") < 1)).then(pl.col("_low")).alias("c_isin_growth"),
        pl.when((many & (pl.col("_high_share") > 0)) | (~many & (pl.col("_high_share") == 1)))
        .then(pl.col("_high"))
        .alias("c_isin_reinvest"),
    )


def _categories(casparser: pl.DataFrame) -> pl.DataFrame:
    return (
        casparser.filter(pl.col("sebi_category").is_not_null())
        .group_by("amfi_code", "sebi_category")
        .len()
        .sort("amfi_code", "len", "sebi_category", descending=[False, True, False])
        .group_by("amfi_code", maintain_order=True)
        .agg(pl.col("sebi_category").first().alias("c_category"))
        .rename({"amfi_code": "scheme_code"})
    )


def casparser_by_code(casparser: pl.DataFrame) -> pl.DataFrame:
    """One row per AMFI code: ``scheme_code, c_isin_growth, c_isin_reinvest, c_category``."""
    isins, cats = _isins(casparser), _categories(casparser)
    return isins.join(cats, on="scheme_code", how="full", coalesce=True).with_columns(
        pl.col("scheme_code").cast(pl.Int64)
    )
