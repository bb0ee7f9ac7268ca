"""Which scheme stands in as each scheme's benchmark: an index fund, labelled as such.

No index series is in the store, so a benchmark is an index fund tracking the index seed
002 §3.3 names for the category — "index fund (incl. costs)", never called TRI
(conventions.md, 'Benchmarks'). The stand-in for an index is the growth-option index fund
(or ETF) tracking it, not a factor variant, with the longest history (earliest first NAV;
ties to the lower code), so that the benchmark covers as many funds' windows as possible.

Category → index (seed 002 §3.3; where the seed's index has no fund here, the broader
market it belongs to):

* Large Cap, Focused → Nifty 50; Mid Cap → Nifty Midcap 150 (then Nifty 50);
  Small Cap → Nifty Smallcap 250 (then Nifty 50); Large & Mid Cap → Nifty LargeMidcap 250
  (then Nifty 50); Flexi Cap, Multi Cap, ELSS, Value, Contra, Dividend Yield → Nifty 500
  (then Nifty 50); Aggressive Hybrid, Balanced Advantage → Nifty 50 (seed: 65 % Nifty 50
  + 35 % CRISIL Composite Bond; no bond index exists here, so the equity leg only).
* Index funds and ETFs: the stand-in for the index they track, unless that is the
  scheme itself.
* Debt, gold and other categories: none (CRISIL indices and gold spot are not available);
  relative metrics are null with the reason ``no benchmark for <category>``.
"""

from __future__ import annotations

from typing import Final

import polars as pl

__all__ = ["BENCHMARK_INDEX", "BENCHMARK_LABEL", "category_benchmarks"]

#: Label of a stand-in benchmark wherever it is shown.
BENCHMARK_LABEL: Final = "index fund (incl. costs)"

#: SEBI category → indices to try, in order.
BENCHMARK_INDEX: Final[dict[str, tuple[str, ...]]] = {
    "Large Cap": ("Nifty 50",),
    "Focused": ("Nifty 50",),
    "Mid Cap": ("Nifty Midcap 150", "Nifty 50"),
    "Small Cap": ("Nifty Smallcap 250", "Nifty 50"),
    "Large & Mid Cap": ("Nifty LargeMidcap 250", "Nifty 50"),
    "Flexi Cap": ("Nifty 500", "Nifty 50"),
    "Multi Cap": ("Nifty 500", "Nifty 50"),
    "ELSS": ("Nifty 500", "Nifty 50"),
    "Value": ("Nifty 500", "Nifty 50"),
    "Contra": ("Nifty 500", "Nifty 50"),
    "Dividend Yield": ("Nifty 500", "Nifty 50"),
    "Aggressive Hybrid": ("Nifty 50",),
    "Dynamic Asset Allocation/Balanced Advantage": ("Nifty 50",),
}

_PASSIVE: Final = ("index", "etf")


def index_stand_ins(schemes: pl.DataFrame) -> pl.DataFrame:
    """One stand-in per tracked index: columns ``tracked_index``, ``benchmark_code``,
    ``benchmark_name``, ``benchmark_first_date``."""
    candidates = schemes.filter(
        pl.col("vehicle").is_in(_PASSIVE)
        & pl.col("tracked_index").is_not_null()
        & ~pl.col("is_factor_index").fill_null(False)
        & (pl.col("option") == "growth")
        & pl.col("first_nav_date").is_not_null()
    )
    return (
        candidates.sort("tracked_index", "first_nav_date", "scheme_code")
        .group_by("tracked_index", maintain_order=True)
        .first()
        .select(
            "tracked_index",
            pl.col("scheme_code").alias("benchmark_code"),
            pl.col("name").alias("benchmark_name"),
            pl.col("first_nav_date").alias("benchmark_first_date"),
        )
    )


def category_benchmarks(schemes: pl.DataFrame) -> pl.DataFrame:
    """Every scheme's benchmark: ``scheme_code``, ``benchmark_code`` (null when none),
    ``benchmark_name``, ``benchmark_index``.

    ``schemes`` has the ``schemes`` table's columns (at least scheme_code, name,
    sebi_category, vehicle, tracked_index, is_factor_index, option, first_nav_date).
    """
    stand_ins = index_stand_ins(schemes)
    wanted = [
        pl.DataFrame({"sebi_category": [cat], "tracked_index": [idx], "rank": [rank]})
        for cat, indices in BENCHMARK_INDEX.items()
        for rank, idx in enumerate(indices)
    ]
    by_category = (
        pl.concat(wanted)
        .join(stand_ins, on="tracked_index", how="inner")
        .sort("sebi_category", "rank")
        .group_by("sebi_category", maintain_order=True)
        .first()
        .drop("rank")
    )
    base = schemes.select("scheme_code", "sebi_category", "vehicle", "tracked_index")
    active = base.join(by_category, on="sebi_category", how="left").rename(
        {"tracked_index_right": "category_index"}
    )
    both = active.join(stand_ins, on="tracked_index", how="left", suffix="_own")
    passive = pl.col("vehicle").is_in(_PASSIVE) & pl.col("tracked_index").is_not_null()
    picked = both.select(
        "scheme_code",
        pl.when(passive)
        .then(pl.col("benchmark_code_own"))
        .otherwise(pl.col("benchmark_code"))
        .alias("benchmark_code"),
        pl.when(passive)
        .then(pl.col("benchmark_name_own"))
        .otherwise(pl.col("benchmark_name"))
        .alias("benchmark_name"),
        pl.when(passive)
        .then(pl.col("tracked_index"))
        .otherwise(pl.col("category_index"))
        .alias("benchmark_index"),
    )
    itself = pl.col("benchmark_code") == pl.col("scheme_code")
    return picked.with_columns(
        pl.when(itself).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("benchmark_code", "benchmark_name", "benchmark_index")
    ).sort("scheme_code")
