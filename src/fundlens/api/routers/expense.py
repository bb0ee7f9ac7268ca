"""Seed 003 Gen 2 ``/api/expense``: an AMC's Direct/Regular pairs and their expense drag.

Pairs come from the store (same scheme and option, a Direct and a Regular plan — never an
institutional or retail plan; :mod:`fundlens.services.expense`), not from name similarity
as in the seed. The drag is the contract's (D_t / D_0) / (R_t / R_0) − 1, in percent as
the seed shows it. An AMC in a path is its slug; an unknown one is a 404.
"""

from __future__ import annotations

from fastapi import APIRouter

from fundlens.api.deps import Con
from fundlens.api.routers.amc import AMC_404, AmcSlug, known_amc
from fundlens.api.schemas.expense import (
    DragSeries,
    ExpenseDragResult,
    ExpensePair,
    ExpenseSummary,
    PairDrag,
    PairList,
)
from fundlens.api.seed_names import to_seed
from fundlens.api.stamp import Stamp
from fundlens.services.expense import amc_expense_summary, expense_pairs

__all__ = ["router"]

router = APIRouter(prefix="/api/expense", tags=["expense"])

_KEY = "expense_drag"


def _pct(value: float | None) -> float | None:
    return to_seed(_KEY, value)


@router.get(
    "/pairs/{amc}",
    response_model=PairList,
    summary="The Direct/Regular pairs of one AMC",
    responses=AMC_404,
)
def list_expense_pairs(amc: AmcSlug, con: Con, stamp: Stamp) -> PairList:
    """Every Direct/Regular pair of the AMC (same scheme, same option), closed ones
    included, with the dates both plans have NAVs."""
    slug, name = known_amc(con, amc)
    frame = expense_pairs(con, slug)
    pairs = [
        ExpensePair(
            direct_code=r["direct_code"],
            direct_name=r["direct_name"],
            regular_code=r["regular_code"],
            regular_name=r["regular_name"],
            category=r["sebi_category"],
            option=r["option"],
            price_return_only=r["price_return_only"],
            overlap_start=r["overlap_start"],
            overlap_end=r["overlap_end"],
        )
        for r in frame.iter_rows(named=True)
    ]
    return PairList(**stamp, amc_id=slug, amc_name=name, pairs=pairs, count=len(pairs))


@router.get(
    "/drag/{amc}",
    response_model=ExpenseDragResult,
    summary="Expense drag of each pair of one AMC, and its summary",
    responses=AMC_404,
)
def expense_drag_of_amc(amc: AmcSlug, con: Con, stamp: Stamp) -> ExpenseDragResult:
    """For each Direct/Regular pair of the AMC, over the dates both plans have a NAV: the
    seed's series (``dates``, ``direct_nav``, ``regular_nav``, ``expense_drag`` — ≤ 500
    points each, for display), the total and annualised drag (from every point); and the
    AMC's median and mean annualised drag over its growth pairs. Percent throughout."""
    slug, _ = known_amc(con, amc)
    report = amc_expense_summary(con, slug)
    pairs = []
    for p in report["pairs"]:
        s = report["series"][str(p["direct_code"])]
        pairs.append(
            PairDrag(
                direct_code=p["direct_code"],
                direct_name=p["direct_name"],
                regular_code=p["regular_code"],
                category=p["sebi_category"],
                option=p["option"],
                price_return_only=p["price_return_only"],
                start_date=p["start_date"],
                end_date=p["end_date"],
                days=p["days"],
                total_drag=_pct(p["drag"]),
                annualised_drag=_pct(p["annualised"]),
                reason=p["reason"],
                series=DragSeries(
                    dates=s["dates"],
                    direct_nav=s["direct_nav"],
                    regular_nav=s["regular_nav"],
                    expense_drag=[_pct(v) for v in s["drag"]],
                ),
            )
        )
    summary = ExpenseSummary(
        growth_pairs=report["growth_pairs"],
        median_annualised=_pct(report["median_annualised"]),
        mean_annualised=_pct(report["mean_annualised"]),
        by_category={k: v for k, v in ((k, _pct(v)) for k, v in report["by_category"].items())
                     if v is not None},
    )  # fmt: skip
    return ExpenseDragResult(
        **stamp, amc_id=slug, amc_name=report["amc_name"], pairs=pairs, summary=summary
    )
