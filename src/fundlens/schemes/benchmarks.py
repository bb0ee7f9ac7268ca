"""Which scheme stands in as each scheme's benchmark: an index fund, labelled as such.

No index series is in the store, so a benchmark is an index fund tracking the index seed
002 §3.3 names for the category — "index fund (incl. costs)", never called TRI
(conventions.md, 'Benchmarks'). The stand-in for an index is the growth-option index fund
(or ETF) tracking it, not a factor variant, with the longest history (earliest first NAV;
ties to the lower code) of each plan kind, so that the benchmark covers as many funds'
windows as possible.

Category → index (seed 002 §3.3; where the seed's index has no fund here, the broader
market it belongs to):

* Large Cap, Focused → Nifty 50; Mid Cap → Nifty Midcap 150 (then Nifty 50);
  Small Cap → Nifty Smallcap 250 (then Nifty 50); Large & Mid Cap → Nifty LargeMidcap 250
  (then Nifty 50); Flexi Cap, Multi Cap, ELSS, Value, Contra, Dividend Yield → Nifty 500
  (then Nifty 50); Aggressive Hybrid, Balanced Advantage → Nifty 50 (seed: 65 % Nifty 50
  + 35 % CRISIL Composite Bond; no bond index exists here, so the equity leg only).
* Index funds and ETFs: the stand-in for the index they track, unless that is the
  scheme itself.
* A Direct-plan fund is compared with the Direct stand-in of its index when there is one
  (same cost basis), a Regular or other plan with the Regular one; else the other kind.
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
_PLAN_KEY: Final = pl.when(pl.col("plan") == "direct").then(pl.lit("direct")).otherwise(
    pl.lit("regular")
)


def index_stand_ins(schemes: pl.DataFrame) -> pl.DataFrame:
    """One stand-in per tracked index and plan kind (``direct`` / ``regular``): columns
    ``tracked_index``, ``plan_key``, ``benchmark_code``, ``benchmark_name``."""
    candidates = schemes.filter(
        pl.col("vehicle").is_in(_PASSIVE)
        & pl.col("tracked_index").is_not_null()
        & ~pl.col("is_factor_index").fill_null(False)
        & (pl.col("option") == "growth")
        & pl.col("first_nav_date").is_not_null()
    ).with_columns(_PLAN_KEY.alias("plan_key"))
    return (
        candidates.sort("tracked_index", "plan_key", "first_nav_date", "scheme_code")
        .group_by("tracked_index", "plan_key", maintain_order=True)
        .first()
        .select(
            "tracked_index",
            "plan_key",
            pl.col("scheme_code").alias("benchmark_code"),
            pl.col("name").alias("benchmark_name"),
        )
    )


def _index_of(schemes: pl.DataFrame, stand_ins: pl.DataFrame) -> pl.DataFrame:
    """Each scheme's benchmark index: its own for passive schemes, else the first index
    of its category (:data:`BENCHMARK_INDEX`) that has a stand-in."""
    available = set(stand_ins.get_column("tracked_index").to_list())
    first_available = {
        category: next((i for i in indices if i in available), None)
        for category, indices in BENCHMARK_INDEX.items()
    }
    passive = pl.col("vehicle").is_in(_PASSIVE) & pl.col("tracked_index").is_not_null()
    by_category = pl.col("sebi_category").replace_strict(
        first_available, default=None, return_dtype=pl.String
    )
    return schemes.select(
        "scheme_code",
        "sebi_category",
        _PLAN_KEY.alias("plan_key"),
        pl.when(passive).then(pl.col("tracked_index")).otherwise(by_category).alias("index"),
    )


def category_benchmarks(schemes: pl.DataFrame) -> pl.DataFrame:
    """Every scheme's benchmark: ``scheme_code``, ``benchmark_code`` (null when none),
    ``benchmark_name``, ``benchmark_index`` and ``no_benchmark_reason`` (null when there
    is a benchmark).

    The stand-in is of the scheme's own plan kind when one exists (a Direct fund against
    a Direct index fund: the same cost basis), else of the other kind. ``schemes`` has the
    ``schemes`` table's columns (at least scheme_code, name, plan, sebi_category, vehicle,
    tracked_index, is_factor_index, option, first_nav_date).
    """
    stand_ins = index_stand_ins(schemes)
    wanted = _index_of(schemes, stand_ins)
    same = wanted.join(
        stand_ins.rename({"tracked_index": "index"}), on=["index", "plan_key"], how="left"
    )
    any_plan = stand_ins.sort("plan_key", descending=True).group_by("tracked_index").first()
    other = any_plan.select(
        pl.col("tracked_index").alias("index"),
        pl.col("benchmark_code").alias("code_any"),
        pl.col("benchmark_name").alias("name_any"),
    )
    picked = same.join(other, on="index", how="left").with_columns(
        pl.coalesce("benchmark_code", "code_any").alias("benchmark_code"),
        pl.coalesce("benchmark_name", "name_any").alias("benchmark_name"),
    )
    itself = pl.col("benchmark_code") == pl.col("scheme_code")
    reason = (
        pl.when(itself)
        .then(pl.format("the scheme is the {} stand-in itself", pl.col("index")))
        .when(pl.col("benchmark_code").is_null())
        .then(
            pl.format(
                "no benchmark for {}", pl.col("sebi_category").fill_null("an unclassified scheme")
            )
        )
    )
    return (
        picked.with_columns(reason.alias("no_benchmark_reason"))
        .select(
            "scheme_code",
            pl.when(itself).then(None).otherwise(pl.col("benchmark_code")).alias("benchmark_code"),
            pl.when(itself).then(None).otherwise(pl.col("benchmark_name")).alias("benchmark_name"),
            pl.when(itself | pl.col("benchmark_code").is_null())
            .then(None)
            .otherwise(pl.col("index"))
            .alias("benchmark_index"),
            "no_benchmark_reason",
        )
        .sort("scheme_code")
    )
