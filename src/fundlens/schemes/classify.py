"""Run every name-based classifier over a frame at once (no registry, no file headers).

:func:`classify_by_name` adds the ``NAME_FIELDS`` columns to a frame that has a name column
(and, optionally, layout-B ``Plan``/``Option`` text columns):

* ``name_amc_id`` — house guessed from the first words (:mod:`fundlens.schemes.amc`);
* ``plan``, ``option``, ``idcw_frequency``, ``vehicle``, ``name_scheme_type`` —
  :mod:`fundlens.schemes.names`;
* ``tracked_index_raw`` (any name), ``tracked_index`` (index funds and ETFs only),
  ``is_factor_index``, ``is_index_fund`` —
  :mod:`fundlens.schemes.indices`; ``is_index_fund`` is true for an index fund, or an ETF
  whose tracked index is known (passive schemes that stand in for an index);
* ``name_category`` — :mod:`fundlens.schemes.name_category`;
* ``name_asset_class`` — :func:`fundlens.schemes.categories.asset_class_expr` fed with the
  name's category (null instead of ``other``: the name said nothing).

This is what "names alone" means in the coverage report.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from fundlens.schemes.amc import amc_from_scheme_name
from fundlens.schemes.categories import asset_class_expr
from fundlens.schemes.indices import is_factor_index_expr, tracked_index_expr
from fundlens.schemes.name_category import name_category_expr
from fundlens.schemes.names import (
    idcw_frequency_expr,
    option_expr,
    plan_expr,
    scheme_type_from_name,
    vehicle_expr,
)

__all__ = ["NAME_FIELDS", "classify_by_name", "index_fields"]

NAME_FIELDS: Final[tuple[str, ...]] = (
    "tracked_index_raw",
    "name_amc_id",
    "plan",
    "option",
    "idcw_frequency",
    "vehicle",
    "name_scheme_type",
    "tracked_index",
    "is_factor_index",
    "is_index_fund",
    "name_category",
    "name_asset_class",
)


def index_fields(tracked_raw: pl.Expr, vehicle: pl.Expr) -> list[pl.Expr]:
    """``tracked_index``, ``is_factor_index``, ``is_index_fund`` for a given vehicle.

    ``tracked_raw`` is :func:`tracked_index_expr` of the name (column ``tracked_index_raw``);
    it is kept only for index funds and ETFs.
    """
    passive = vehicle.is_in(["index", "etf"])
    tracked = pl.when(passive).then(tracked_raw).otherwise(None)
    return [
        tracked.alias("tracked_index"),
        is_factor_index_expr(tracked).alias("is_factor_index"),
        ((vehicle == "index") | ((vehicle == "etf") & tracked.is_not_null()))
        .fill_null(False)
        .alias("is_index_fund"),
    ]


def classify_by_name(
    frame: pl.DataFrame,
    *,
    name_col: str = "name",
    plan_col: str | None = None,
    option_col: str | None = None,
) -> pl.DataFrame:
    """Return ``frame`` with the :data:`NAME_FIELDS` columns added (see the module docstring)."""
    name = pl.col(name_col)
    plan_raw = pl.col(plan_col) if plan_col else None
    option_raw = pl.col(option_col) if option_col else None
    out = frame.with_columns(
        tracked_index_expr(name).alias("tracked_index_raw"),
        amc_from_scheme_name(name).alias("name_amc_id"),
        plan_expr(name, plan_raw).alias("plan"),
        option_expr(name, option_raw).alias("option"),
        vehicle_expr(name).alias("vehicle"),
        scheme_type_from_name(name).alias("name_scheme_type"),
    )
    out = out.with_columns(
        idcw_frequency_expr(name, pl.col("option"), option_raw).alias("idcw_frequency"),
        name_category_expr(name, pl.col("vehicle")).alias("name_category"),
        *index_fields(pl.col("tracked_index_raw"), pl.col("vehicle")),
    )
    guess = asset_class_expr(pl.col("name_category"), pl.lit(None, dtype=pl.String), name)
    return out.with_columns(
        pl.when(guess == "other").then(None).otherwise(guess).alias("name_asset_class")
    )
