"""How much of the scheme table is classified, and how well names alone agree with registries.

:func:`coverage` reports, for a ``schemes`` frame built by
:func:`fundlens.schemes.build.build_schemes`:

1. **Coverage** per field: classified / denominator. ``amc`` (amc_id known), ``plan``,
   ``option``, ``sebi_category`` (not ``unclassified``), ``sebi_category_canonical`` (not
   ``legacy`` either), ``asset_class`` (not ``other``), ``vehicle``, ``isin`` (either ISIN),
   ``launch_date`` — all over every scheme; ``tracked_index`` over index funds
   (vehicle ``index``); ``pair`` over Direct and Regular plans.
2. **Agreement** of the name-based classifier *alone* (:func:`classify_by_name` on the
   scheme name, nothing else) with each reference on the schemes that reference covers:
   master → amc, sebi_category (canonical master labels only), asset_class (only where the
   category decides it: equity/debt/hybrid categories, Gold ETF, legacy hints), vehicle
   (Index Funds → index, ETFs → etf, FoF → fof, any other canonical category → active),
   scheme_type; casparser → sebi_category, asset_class, vehicle; file (layout-B Plan/Option
   texts in ``obs``, when given) → plan, option. ``reference_total`` schemes have a reference
   value, ``compared`` of them also have a name value, ``agree`` of those match:
   ``rate = agree / compared`` (precision of the name classifier) and
   ``name_coverage = compared / reference_total`` (how often names say anything).
3. **Disagreements**: ``scheme_code, field, reference, name_value, master_value``.

The report has ``to_rows()`` (flat rows for a table or CSV) and ``to_dict()`` (JSON-ready).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import polars as pl

from fundlens.schemes.amc import amc_id_expr
from fundlens.schemes.categories import (
    ASSET_CLASS_BY_CATEGORY,
    LEGACY,
    UNCLASSIFIED,
    VEHICLE_BY_CATEGORY,
    legacy_asset_class,
    scheme_type_token,
    sebi_category,
)
from fundlens.schemes.classify import classify_by_name
from fundlens.schemes.names import option_expr, plan_expr
from fundlens.schemes.registry import casparser_by_code, master_by_code

__all__ = ["CoverageReport", "FieldAgreement", "FieldCoverage", "coverage"]


@dataclass(frozen=True)
class FieldCoverage:
    """``classified`` of ``total`` schemes have a value for ``field``."""

    field: str
    classified: int
    total: int

    @property
    def share(self) -> float:
        return self.classified / self.total if self.total else float("nan")


@dataclass(frozen=True)
class FieldAgreement:
    """Name classifier vs one reference for one field (see the module docstring)."""

    field: str
    reference: str
    reference_total: int
    compared: int
    agree: int

    @property
    def rate(self) -> float:
        return self.agree / self.compared if self.compared else float("nan")

    @property
    def name_coverage(self) -> float:
        return self.compared / self.reference_total if self.reference_total else float("nan")


@dataclass(frozen=True)
class CoverageReport:
    """Coverage, agreement and the disagreements behind it."""

    schemes: int
    fields: tuple[FieldCoverage, ...]
    agreement: tuple[FieldAgreement, ...]
    disagreements: pl.DataFrame

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat row per coverage field and per (field, reference) agreement."""
        rows: list[dict[str, Any]] = [
            {
                "kind": "coverage",
                "field": f.field,
                "reference": None,
                "numerator": f.classified,
                "denominator": f.total,
                "share": f.share,
            }
            for f in self.fields
        ]
        rows += [
            {
                "kind": "agreement",
                "field": a.field,
                "reference": a.reference,
                "numerator": a.agree,
                "denominator": a.compared,
                "share": a.rate,
                "reference_total": a.reference_total,
                "name_coverage": a.name_coverage,
            }
            for a in self.agreement
        ]
        return rows

    def to_dict(self, *, max_disagreements: int | None = None) -> dict[str, Any]:
        """JSON-ready form; ``max_disagreements`` caps the listed disagreements."""
        dis = self.disagreements
        if max_disagreements is not None:
            dis = dis.head(max_disagreements)
        return {
            "schemes": self.schemes,
            "coverage": [r for r in self.to_rows() if r["kind"] == "coverage"],
            "agreement": [r for r in self.to_rows() if r["kind"] == "agreement"],
            "disagreements": dis.to_dicts(),
            "disagreements_total": self.disagreements.height,
        }


def _count(frame: pl.DataFrame, cond: pl.Expr) -> int:
    return int(frame.select(cond.fill_null(False).sum()).item())


def _coverage_fields(s: pl.DataFrame) -> tuple[FieldCoverage, ...]:
    n = s.height
    index = pl.col("vehicle") == "index"
    paired_plans = pl.col("plan").is_in(["direct", "regular"])
    specs: list[tuple[str, pl.Expr, int]] = [
        ("amc", pl.col("amc_id").is_not_null(), n),
        ("plan", pl.col("plan").is_not_null(), n),
        ("option", pl.col("option").is_not_null(), n),
        ("sebi_category", ~pl.col("sebi_category").is_in([UNCLASSIFIED]), n),
        ("sebi_category_canonical", ~pl.col("sebi_category").is_in([UNCLASSIFIED, LEGACY]), n),
        (
            "asset_class",
            pl.col("asset_class").is_not_null() & (pl.col("asset_class") != "other"),
            n,
        ),
        ("vehicle", pl.col("vehicle").is_not_null(), n),
        ("isin", pl.col("isin_growth").is_not_null() | pl.col("isin_reinvest").is_not_null(), n),
        ("launch_date", pl.col("launch_date").is_not_null(), n),
        ("tracked_index", index & pl.col("tracked_index").is_not_null(), _count(s, index)),
        ("pair", paired_plans & pl.col("pair_code").is_not_null(), _count(s, paired_plans)),
    ]
    return tuple(FieldCoverage(f, _count(s, cond), total) for f, cond, total in specs)


def _canonical(label: pl.Expr) -> pl.Expr:
    cat = sebi_category(label)
    return pl.when(cat.is_in([LEGACY, UNCLASSIFIED])).then(None).otherwise(cat)


def _category_refs(prefix: str, label: pl.Expr) -> list[pl.Expr]:
    canonical = _canonical(label)
    asset = pl.coalesce(
        sebi_category(label).replace_strict(
            ASSET_CLASS_BY_CATEGORY, default=None, return_dtype=pl.String
        ),
        legacy_asset_class(label),
    )
    vehicle = canonical.replace_strict(
        VEHICLE_BY_CATEGORY, default="active", return_dtype=pl.String
    )
    return [
        canonical.alias(f"{prefix}:sebi_category"),
        asset.alias(f"{prefix}:asset_class"),
        pl.when(canonical.is_not_null()).then(vehicle).alias(f"{prefix}:vehicle"),
    ]


#: (field, reference, name-classifier column)
_PAIRS: Final[tuple[tuple[str, str, str], ...]] = (
    ("amc", "master", "name_amc_id"),
    ("sebi_category", "master", "name_category"),
    ("asset_class", "master", "name_asset_class"),
    ("vehicle", "master", "vehicle"),
    ("scheme_type", "master", "name_scheme_type"),
    ("sebi_category", "casparser", "name_category"),
    ("asset_class", "casparser", "name_asset_class"),
    ("vehicle", "casparser", "vehicle"),
    ("plan", "file", "plan"),
    ("option", "file", "option"),
)


def _references(
    s: pl.DataFrame,
    master: pl.DataFrame | None,
    casparser: pl.DataFrame | None,
    obs: pl.DataFrame | None,
) -> pl.DataFrame:
    frame = classify_by_name(s.select("scheme_code", "name"))
    refs: list[pl.Expr] = []
    if master is not None:
        frame = frame.join(master_by_code(master), on="scheme_code", how="left")
        refs += [
            amc_id_expr(pl.col("m_amc")).alias("master:amc"),
            scheme_type_token(pl.col("m_type")).alias("master:scheme_type"),
            *_category_refs("master", pl.col("m_category")),
        ]
    if casparser is not None:
        frame = frame.join(casparser_by_code(casparser), on="scheme_code", how="left")
        refs += _category_refs("casparser", pl.col("c_category"))
    if obs is not None and {"plan_raw", "option_raw"} <= set(obs.columns):
        raw = obs.select(pl.col("scheme_code").cast(pl.Int64), "plan_raw", "option_raw")
        frame = frame.join(raw, on="scheme_code", how="left")
        option_raw = pl.col("option_raw")
        clean_option = (
            pl.when(option_raw.str.contains(r"(?i)unclaimed")).then(None).otherwise(option_raw)
        )
        refs += [
            plan_expr(pl.col("plan_raw")).alias("file:plan"),
            option_expr(clean_option).alias("file:option"),
        ]
    return frame.with_columns(refs)


def _long(frame: pl.DataFrame) -> pl.DataFrame:
    parts = [
        frame.select(
            pl.col("scheme_code"),
            pl.lit(field).alias("field"),
            pl.lit(ref).alias("reference"),
            pl.col(name_col).cast(pl.String).alias("name_value"),
            pl.col(f"{ref}:{field}").cast(pl.String).alias("master_value"),
        ).filter(pl.col("master_value").is_not_null())
        for field, ref, name_col in _PAIRS
        if f"{ref}:{field}" in frame.columns
    ]
    if not parts:
        return pl.DataFrame(
            schema={
                "scheme_code": pl.Int64,
                "field": pl.String,
                "reference": pl.String,
                "name_value": pl.String,
                "master_value": pl.String,
            }
        )
    return pl.concat(parts)


def coverage(
    schemes: pl.DataFrame,
    *,
    master: pl.DataFrame | None,
    casparser: pl.DataFrame | None,
    obs: pl.DataFrame | None = None,
) -> CoverageReport:
    """Coverage and name-vs-registry agreement of a ``schemes`` frame (module docstring)."""
    long = _long(_references(schemes, master, casparser, obs))
    stats = long.group_by("field", "reference", maintain_order=True).agg(
        pl.len().alias("reference_total"),
        pl.col("name_value").is_not_null().sum().alias("compared"),
        (pl.col("name_value") == pl.col("master_value")).fill_null(False).sum().alias("agree"),
    )
    agreement = tuple(FieldAgreement(**row) for row in stats.iter_rows(named=True))
    disagreements = long.filter(
        pl.col("name_value").is_not_null() & (pl.col("name_value") != pl.col("master_value"))
    ).sort("field", "reference", "scheme_code")
    return CoverageReport(
        schemes=schemes.height,
        fields=_coverage_fields(schemes),
        agreement=agreement,
        disagreements=disagreements,
    )
