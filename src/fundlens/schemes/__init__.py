"""What a scheme is: AMC, plan, option, SEBI category, asset class, vehicle, index, pairs.

Entry points: :func:`build_schemes` (the ``schemes`` table from per-code observations plus
the AMFI scheme master and the casparser-isin master) and :func:`coverage` (how much is
classified, and how well names alone agree with the registries). The method, the precedence
and the category table are in ``docs/classification.md``.
"""

from fundlens.schemes.build import OBS_COLUMNS, SCHEME_COLUMNS, build_schemes
from fundlens.schemes.categories import (
    CATEGORY_SLUGS,
    LEGACY,
    SEBI_CATEGORIES,
    UNCLASSIFIED,
    category_slug,
    sebi_category,
)
from fundlens.schemes.classify import classify_by_name
from fundlens.schemes.coverage import CoverageReport, FieldAgreement, FieldCoverage, coverage

__all__ = [
    "CATEGORY_SLUGS",
    "LEGACY",
    "OBS_COLUMNS",
    "SCHEME_COLUMNS",
    "SEBI_CATEGORIES",
    "UNCLASSIFIED",
    "CoverageReport",
    "FieldAgreement",
    "FieldCoverage",
    "build_schemes",
    "category_slug",
    "classify_by_name",
    "coverage",
    "sebi_category",
]
