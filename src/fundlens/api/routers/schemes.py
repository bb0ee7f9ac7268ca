"""Seed 003 §7.5 ``/api/schemes``: scheme search and the curated index funds."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from fundlens.api.deps import Con
from fundlens.api.schemas.common import ErrorBody
from fundlens.api.schemas.schemes import IndexFund, IndexFundList, SchemeSearch, SchemeSearchPage
from fundlens.api.stamp import Stamp
from fundlens.services.indices import curated_index_funds
from fundlens.services.search import search, search_index
from fundlens.types import Option, Plan

__all__ = ["router"]

router = APIRouter(prefix="/api/schemes", tags=["schemes"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "Bad query: too short, unknown filter value."},
}


@router.get(
    "/search",
    response_model=SchemeSearchPage,
    summary="Search schemes by name, past name, ISIN or code",
    responses=_ERRORS,
)
def search_schemes(
    con: Con,
    stamp: Stamp,
    q: Annotated[
        str,
        Query(
            min_length=2,
            max_length=100,
            description="Text to find (≥ 2 letters or digits): folded for case, ’ vs ' "
            "and & vs 'and'; every word must occur in a current name, a past name, an ISIN "
            "or the code.",
            examples=["hdfc flexi"],
        ),
    ],
    plan: Annotated[
        Plan | None,
        Query(description="Only this plan (turns off the one-row-per-fund collapse)."),
    ] = None,
    option: Annotated[
        Option | None,
        Query(description="Only this option (default: growth, or an option not read)."),
    ] = None,
    category: Annotated[
        str | None,
        Query(
            max_length=80,
            description="SEBI category, slug or name ('flexi-cap' or 'Flexi Cap').",
            examples=["flexi-cap"],
        ),
    ] = None,
    amc: Annotated[
        str | None,
        Query(max_length=80, description="AMC slug ('hdfc').", examples=["hdfc"]),
    ] = None,
    all_variants: Annotated[
        bool,
        Query(description="Every plan and option of each fund, not one row per fund."),
    ] = False,
    limit: Annotated[int, Query(ge=1, le=100, description="Most hits to return.")] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000, description="Hits to skip.")] = 0,
) -> SchemeSearchPage:
    """Schemes whose current name, past name (renames), ISIN or code holds every word of
    ``q`` — prefix matches before substring matches, then by name.

    By default one row per fund: its Direct growth plan where one exists, else the
    Regular (or plan-less) one; a hit on the Regular plan or its old name shows the Direct
    scheme with ``matched_on``/``matched_text`` saying what matched. ``plan`` or
    ``all_variants`` lists plans separately; ``option`` or ``all_variants`` lists other
    options. Works on an in-memory table built once per store snapshot (never reads NAVs).
    """
    result = search(
        search_index(con),
        q,
        plan=plan,
        option=option,
        category=category,
        amc=amc,
        all_variants=all_variants,
        limit=limit,
        offset=offset,
    )
    rows = [
        SchemeSearch(
            scheme_code=r["scheme_code"],
            scheme_name=r["name"],
            amc=r["amc_name"],
            amc_slug=r["amc_id"],
            category=r["sebi_category"],
            category_slug=r["category_slug"],
            plan=r["plan"],
            option=r["option"],
            last_nav_date=r["last_nav_date"],
            matched_on=r["matched_on"],
            matched_text=r["matched_text"],
            rank=r["rank"],
        )
        for r in result.rows.iter_rows(named=True)
    ]
    return SchemeSearchPage(
        **stamp, data=rows, count=len(rows), total=result.total, limit=limit, offset=offset
    )


@router.get(
    "/index-funds",
    response_model=IndexFundList,
    summary="Curated index funds to use as benchmarks",
)
def index_funds(con: Con, stamp: Stamp) -> IndexFundList:
    """Growth-option index funds and ETFs tracking Nifty 50, Nifty Next 50, Nifty Midcap
    150, Nifty Smallcap 250, Nifty 500 or a G-Sec/gilt index — factor variants (momentum,
    value, quality, alpha, low volatility) left out. Each is labelled "index fund (incl.
    costs)": its returns are after the fund's costs, not a total-return index."""
    frame = curated_index_funds(con)
    rows = [
        IndexFund(
            scheme_code=r["scheme_code"],
            scheme_name=r["name"],
            index_name=r["index"],
            fund_house=r["amc"],
            group=r["group"],
            plan=r["plan"],
            vehicle=r["vehicle"],
            first_nav_date=r["first_nav_date"],
            last_nav_date=r["last_nav_date"],
            label=r["label"],
        )
        for r in frame.iter_rows(named=True)
    ]
    return IndexFundList(**stamp, data=rows, count=len(rows), total=len(rows))
