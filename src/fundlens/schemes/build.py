"""Build the ``schemes`` table: one row per scheme code seen in NAV files, every field sourced.

Input ``obs`` (one row per code): ``scheme_code`` (Int64), ``name`` (latest name seen),
``amc_raw`` (latest AMC line), ``category_raw`` (latest category line as printed),
``plan_raw``, ``option_raw`` (layout-B texts), ``isin_growth``, ``isin_reinvest``,
``first_nav_date``, ``last_nav_date``. Nullable columns may be absent (read as null).

Precedence, field by field (sources ``master | file | casparser | name | none``):

* AMC: AMFI scheme master company name → the file's AMC line → the scheme name's first
  words. ``amc_source`` says which.
* SEBI category: master ``Scheme_Category`` → file category line → casparser
  ``sebi_category`` → name guess. A registry answer that is ``legacy`` or ``unclassified``
  yields to a canonical answer from a later *registry* (never to a name guess); with nothing
  at all the category is ``unclassified`` and ``category_source`` is ``none``.
  ``sebi_category_raw`` is the label used, as that source wrote it (null for a name guess).
* Plan, option, IDCW frequency: layout-B Plan/Option texts → name. A scheme with no plan
  word that pairs with a Direct plan is ``regular`` (its pre-2013 single plan became the
  Regular plan).
* ISINs: the first source that has any ISIN, as a pair — master → file → casparser.
* Scheme type: master → the file's category line → name (``open_ended | close_ended |
  interval``). Launch and closure dates: master only (AMFI's NFO open/close dates).
* Vehicle: Index Funds / ETFs / Gold ETF / FoF categories decide; otherwise the name
  (so an ELSS index fund stays ``index``). Asset class, tracked index and pairs are then
  derived from the final category, vehicle, AMC and plan/option.

Schemes in the master but not in ``obs`` are not added: the store lists schemes with NAVs.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from fundlens.errors import InputError
from fundlens.schemes.amc import AMC_HOUSES, amc_display_expr, amc_id_expr
from fundlens.schemes.categories import (
    LEGACY,
    UNCLASSIFIED,
    VEHICLE_BY_CATEGORY,
    asset_class_expr,
    scheme_type_from_line,
    scheme_type_token,
    sebi_category,
)
from fundlens.schemes.classify import classify_by_name, index_fields
from fundlens.schemes.pairs import pair_codes
from fundlens.schemes.registry import casparser_by_code, master_by_code

__all__ = ["OBS_COLUMNS", "SCHEME_COLUMNS", "build_schemes"]

OBS_COLUMNS: Final[dict[str, pl.DataType]] = {
    "scheme_code": pl.Int64(),
    "name": pl.String(),
    "amc_raw": pl.String(),
    "category_raw": pl.String(),
    "plan_raw": pl.String(),
    "option_raw": pl.String(),
    "isin_growth": pl.String(),
    "isin_reinvest": pl.String(),
    "first_nav_date": pl.Date(),
    "last_nav_date": pl.Date(),
}
_REQUIRED: Final = ("scheme_code", "name")

SCHEME_COLUMNS: Final[tuple[str, ...]] = (
    "scheme_code",
    "name",
    "amc_id",
    "amc_name",
    "plan",
    "option",
    "idcw_frequency",
    "sebi_category",
    "sebi_category_raw",
    "asset_class",
    "vehicle",
    "scheme_type",
    "isin_growth",
    "isin_reinvest",
    "launch_date",
    "closure_date",
    "first_nav_date",
    "last_nav_date",
    "is_index_fund",
    "tracked_index",
    "is_factor_index",
    "pair_code",
    "amc_source",
    "category_source",
)
_HOUSE_DISPLAY: Final[dict[str, str]] = {h.slug: h.display for h in AMC_HOUSES}


def _normalise_obs(obs: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in _REQUIRED if c not in obs.columns]
    if missing:
        raise InputError(f"obs lacks required columns: {', '.join(missing)}")
    extra = [pl.lit(None, dtype=t).alias(c) for c, t in OBS_COLUMNS.items() if c not in obs.columns]
    frame = obs.with_columns(extra) if extra else obs
    frame = frame.select([pl.col(c).cast(t) for c, t in OBS_COLUMNS.items()])
    if frame["scheme_code"].is_duplicated().any():
        raise InputError("obs must hold one row per scheme_code")
    return frame


def _empty_master() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "scheme_code": pl.Int64,
            "m_amc": pl.String,
            "m_category": pl.String,
            "m_type": pl.String,
            "launch_date": pl.Date,
            "closure_date": pl.Date,
            "m_isin_growth": pl.String,
            "m_isin_reinvest": pl.String,
        }
    )


def _empty_casparser() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "scheme_code": pl.Int64,
            "c_isin_growth": pl.String,
            "c_isin_reinvest": pl.String,
            "c_category": pl.String,
        }
    )


def _amc_fields() -> list[pl.Expr]:
    m_id, f_id = amc_id_expr(pl.col("m_amc")), amc_id_expr(pl.col("amc_raw"))
    n_id = pl.col("name_amc_id")
    source = (
        pl.when(m_id.is_not_null())
        .then(pl.lit("master"))
        .when(f_id.is_not_null())
        .then(pl.lit("file"))
        .when(n_id.is_not_null())
        .then(pl.lit("name"))
        .otherwise(pl.lit("none"))
    )
    name_display = n_id.replace_strict(_HOUSE_DISPLAY, default=None, return_dtype=pl.String)
    display = (
        pl.when(m_id.is_not_null())
        .then(amc_display_expr(pl.col("m_amc")))
        .when(f_id.is_not_null())
        .then(amc_display_expr(pl.col("amc_raw")))
        .otherwise(name_display)
    )
    return [
        pl.coalesce(m_id, f_id, n_id).alias("amc_id"),
        display.alias("amc_name"),
        source.alias("amc_source"),
    ]


_REGISTRY: Final[tuple[tuple[str, str], ...]] = (
    ("master", "m_category"),
    ("file", "category_raw"),
    ("casparser", "c_category"),
)


def _category_fields() -> list[pl.Expr]:
    cats = {src: sebi_category(pl.col(col)) for src, col in _REGISTRY}
    canonical = {s: c.is_not_null() & ~c.is_in([LEGACY, UNCLASSIFIED]) for s, c in cats.items()}
    category: pl.Expr = (
        pl.when(pl.col("name_category").is_not_null())
        .then(pl.lit("name"))
        .otherwise(pl.lit("none"))
    )
    for src, _ in reversed(_REGISTRY):  # any registry answer beats a name guess
        category = pl.when(cats[src].is_not_null()).then(pl.lit(src)).otherwise(category)
    for src, _ in reversed(_REGISTRY):  # a canonical registry answer beats everything
        category = pl.when(canonical[src]).then(pl.lit(src)).otherwise(category)
    source = category
    value = pl.when(source == "name").then(pl.col("name_category")).otherwise(pl.lit(UNCLASSIFIED))
    raw: pl.Expr = pl.lit(None, dtype=pl.String)
    for src, col in _REGISTRY:
        value = pl.when(source == src).then(cats[src]).otherwise(value)
        raw = pl.when(source == src).then(pl.col(col)).otherwise(raw)
    return [
        value.alias("sebi_category"),
        raw.alias("sebi_category_raw"),
        source.alias("category_source"),
    ]


def _isin_fields() -> list[pl.Expr]:
    has_m = pl.col("m_isin_growth").is_not_null() | pl.col("m_isin_reinvest").is_not_null()
    has_f = pl.col("isin_growth").is_not_null() | pl.col("isin_reinvest").is_not_null()
    out = []
    for kind in ("growth", "reinvest"):
        out.append(
            pl.when(has_m)
            .then(pl.col(f"m_isin_{kind}"))
            .when(has_f)
            .then(pl.col(f"isin_{kind}"))
            .otherwise(pl.col(f"c_isin_{kind}"))
            .alias(f"isin_{kind}")
        )
    return out


def _scheme_type() -> pl.Expr:
    return pl.coalesce(
        scheme_type_token(pl.col("m_type")),
        scheme_type_from_line(pl.col("category_raw")),
        pl.col("name_scheme_type"),
    ).alias("scheme_type")


def _vehicle() -> pl.Expr:
    by_category = pl.col("sebi_category").replace_strict(
        VEHICLE_BY_CATEGORY, default=None, return_dtype=pl.String
    )
    return pl.coalesce(by_category, pl.col("vehicle")).alias("vehicle")


def _with_pairs(frame: pl.DataFrame) -> pl.DataFrame:
    pairs = pair_codes(frame)
    frame = frame.join(pairs, on="scheme_code", how="left")
    partner = frame.select(
        pl.col("scheme_code").alias("pair_code"), pl.col("plan").alias("_partner_plan")
    )
    frame = frame.join(partner, on="pair_code", how="left")
    implied = pl.col("plan").is_null() & (pl.col("_partner_plan") == "direct")
    return frame.with_columns(
        pl.when(implied).then(pl.lit("regular")).otherwise(pl.col("plan")).alias("plan")
    ).drop("_partner_plan")


def build_schemes(
    obs: pl.DataFrame,
    *,
    master: pl.DataFrame | None,
    casparser: pl.DataFrame | None,
) -> pl.DataFrame:
    """Classify every scheme of ``obs``; columns :data:`SCHEME_COLUMNS`, sorted by code."""
    frame = _normalise_obs(obs)
    m = master_by_code(master) if master is not None else _empty_master()
    c = casparser_by_code(casparser) if casparser is not None else _empty_casparser()
    frame = classify_by_name(frame, name_col="name", plan_col="plan_raw", option_col="option_raw")
    frame = frame.join(m, on="scheme_code", how="left").join(c, on="scheme_code", how="left")
    frame = frame.with_columns(*_amc_fields(), *_category_fields(), *_isin_fields(), _scheme_type())
    frame = frame.with_columns(_vehicle())
    frame = frame.with_columns(
        asset_class_expr(
            pl.col("sebi_category"), pl.col("sebi_category_raw"), pl.col("name")
        ).alias("asset_class"),
        *index_fields(pl.col("tracked_index_raw"), pl.col("vehicle")),
    )
    frame = _with_pairs(frame)
    return frame.select(SCHEME_COLUMNS).sort("scheme_code")
