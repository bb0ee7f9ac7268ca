"""Seed 003 Gen 2 ``/api/amc``: the AMCs, one AMC's schemes, the SEBI categories.

AMCs and categories come from the store's ``schemes`` table (AMFI's AMC lines, the
canonical category map) through :mod:`fundlens.services.amc` — not from regexes on scheme
names as in the seed. An AMC in a path is its slug (``hdfc``); an unknown one is a 404.
"""

from __future__ import annotations

from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, HTTPException, Path

from fundlens.api.deps import Con
from fundlens.api.schemas.amc import (
    AMC,
    AMCCategory,
    AMCList,
    Category,
    CategoryList,
    Scheme,
    SchemeList,
)
from fundlens.api.schemas.common import ErrorBody
from fundlens.api.stamp import Stamp
from fundlens.errors import InputError
from fundlens.services.amc import amc_categories, amc_list, amc_schemes, resolve_amc

__all__ = ["AMC_404", "AmcSlug", "known_amc", "router"]

router = APIRouter(prefix="/api/amc", tags=["amc"])

#: An AMC in a path: its slug (case folded).
AmcSlug = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$",
        description="AMC slug, as `amc_id` in `GET /api/amc/list` ('hdfc').",
        examples=["hdfc"],
    ),
]
AMC_404: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "No AMC of that slug in the store."},
    422: {"model": ErrorBody, "description": "The slug is malformed."},
}


def known_amc(con: duckdb.DuckDBPyConnection, text: str) -> tuple[str, str]:
    """(slug, display name) of an AMC given by slug (or name); a 404 when the store has
    no scheme of it."""
    try:
        return resolve_amc(con, text)
    except InputError:
        raise HTTPException(
            status_code=404, detail=f"no AMC {text!r} in the store (GET /api/amc/list lists them)"
        ) from None


@router.get("/list", response_model=AMCList, summary="Every AMC with its scheme counts")
def list_amcs(con: Con, stamp: Stamp) -> AMCList:
    """Every AMC with schemes in the store: slug, display name, schemes (closed ones
    included) and how many are alive, NAV dates, and its categories."""
    frame = amc_list(con)
    amcs = [
        AMC(
            amc_id=row["amc_id"],
            name=row["amc_name"] or row["amc_id"],
            scheme_count=row["schemes"],
            alive_count=row["alive"],
            first_nav_date=row["first_nav_date"],
            last_nav_date=row["last_nav_date"],
            categories=[AMCCategory(**c) for c in row["categories"] or []],
        )
        for row in frame.iter_rows(named=True)
    ]
    return AMCList(**stamp, amcs=amcs, count=len(amcs))


@router.get("/categories", response_model=CategoryList, summary="The SEBI categories with counts")
def list_categories(con: Con, stamp: Stamp) -> CategoryList:
    """SEBI's 2017 categories (and ``legacy``, ``unclassified``) with their slugs and how
    many schemes and AMCs the store has in each — every category, 0 when none."""
    rows = amc_categories(con).iter_rows(named=True)
    categories = [
        Category(name=r["category"], slug=r["slug"], schemes=r["schemes"], amcs=r["amcs"])
        for r in rows
    ]
    return CategoryList(**stamp, categories=categories, count=len(categories))


@router.get(
    "/{amc}/schemes",
    response_model=SchemeList,
    summary="The schemes of one AMC",
    responses=AMC_404,
)
def list_amc_schemes(amc: AmcSlug, con: Con, stamp: Stamp) -> SchemeList:
    """Every scheme of the AMC, closed ones included, by category and name: code, name,
    category, plan, option, vehicle, NAV dates, alive, Direct/Regular partner."""
    slug, name = known_amc(con, amc)
    frame = amc_schemes(con, slug)
    schemes = [
        Scheme(
            scheme_code=r["scheme_code"],
            scheme_name=r["name"],
            category=r["sebi_category"],
            plan_type=r["plan"],
            option=r["option"],
            vehicle=r["vehicle"],
            first_nav_date=r["first_nav_date"],
            last_nav_date=r["last_nav_date"],
            alive=bool(r["alive"]),
            pair_code=r["pair_code"],
        )
        for r in frame.iter_rows(named=True)
    ]
    return SchemeList(**stamp, amc_id=slug, name=name, schemes=schemes, count=len(schemes))
