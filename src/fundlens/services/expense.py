"""Expense drag of stored Direct/Regular pairs: one pair, or every pair of an AMC.

Pairs come from the ``schemes`` table's ``pair_code`` (:mod:`fundlens.schemes.pairs`:
the same scheme and option, a Direct plan and a Regular plan, never institutional or
retail). The drag is :func:`fundlens.analytics.expense.expense_drag` on cleaned levels:
drag_t = (D_t / D_0) / (R_t / R_0) − 1 from the pair's first common NAV date, on the dates
both have a NAV, and its annualised rate (1 + drag_T)^(365 / days) − 1 (null under
365 days). Fractions throughout. IDCW pairs are listed with ``price_return_only``: their
NAVs drop at each payout, by different amounts in the two plans, so their drag is not a
cost measure and the AMC summary's median and mean use growth pairs only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.expense import MIN_ANNUALISE_DAYS, drag_summary
from fundlens.analytics.expense import expense_drag as drag_series
from fundlens.analytics.rolling import DISPLAY_POINTS, downsample
from fundlens.errors import InputError
from fundlens.services.amc import resolve_amc
from fundlens.services.metrics import IDCW_OPTIONS
from fundlens.services.panels import stored_levels
from fundlens.store.meta import is_synthetic

__all__ = ["amc_expense_summary", "expense_drag", "expense_pairs"]

_DAY = np.timedelta64(1, "D")


def expense_pairs(con: duckdb.DuckDBPyConnection, amc: str | None = None) -> pl.DataFrame:
    """Every Direct/Regular pair (of one AMC when ``amc`` is given, a slug or a name):
    ``direct_code, direct_name, regular_code, regular_name, amc_id, amc_name,
    sebi_category, option, price_return_only, overlap_start, overlap_end`` (the later
    first NAV and the earlier last NAV of the two), sorted by AMC, category and name."""
    slug = None if amc is None else resolve_amc(con, amc)[0]
    frame = con.sql(
        """
        SELECT d.scheme_code AS direct_code, d.name AS direct_name,
               r.scheme_code AS regular_code, r.name AS regular_name,
               coalesce(d.amc_id, r.amc_id) AS amc_id, coalesce(d.amc_name, r.amc_name) AS amc_name,
               coalesce(d.sebi_category, r.sebi_category) AS sebi_category,
               coalesce(d.option, r.option) AS option,
               greatest(d.first_nav_date, r.first_nav_date) AS overlap_start,
               least(d.last_nav_date, r.last_nav_date) AS overlap_end
        FROM schemes d JOIN schemes r ON r.scheme_code = d.pair_code
        WHERE d.plan = 'direct' AND ($amc IS NULL OR coalesce(d.amc_id, r.amc_id) = $amc)
        ORDER BY amc_id, sebi_category, direct_name, direct_code
        """,
        params={"amc": slug},
    ).pl()
    return frame.with_columns(
        pl.col("option").is_in(list(IDCW_OPTIONS)).fill_null(False).alias("price_return_only")
    ).select(
        "direct_code", "direct_name", "regular_code", "regular_name", "amc_id", "amc_name",
        "sebi_category", "option", "price_return_only", "overlap_start", "overlap_end",
    )  # fmt: skip


def _scheme(con: duckdb.DuckDBPyConnection, code: int) -> dict[str, Any]:
    frame = con.sql("SELECT * FROM schemes WHERE scheme_code = $c", params={"c": code}).pl()
    if frame.height == 0:
        raise InputError(f"scheme {code} is not in the store")
    return frame.row(0, named=True)


def _check_pair(direct: dict[str, Any], regular: dict[str, Any]) -> None:
    if direct["plan"] != "direct":
        raise InputError(f"scheme {direct['scheme_code']} is not a Direct plan")
    if regular["plan"] not in ("regular", None):
        raise InputError(
            f"scheme {regular['scheme_code']} is a {regular['plan']} plan, not a Regular plan"
        )
    options = {direct["option"], regular["option"]} - {None}
    if len(options) > 1:
        raise InputError(f"the plans' options differ ({' vs '.join(sorted(options))})")
    amcs = {direct["amc_id"], regular["amc_id"]} - {None}
    if len(amcs) > 1:
        raise InputError(f"the plans belong to different AMCs ({' vs '.join(sorted(amcs))})")


def _why(summary_days: int, points: int) -> dict[str, str]:
    if points == 0:
        return {"drag": "no date on which both plans have a NAV", "annualised": "no common date"}
    if summary_days < MIN_ANNUALISE_DAYS:
        return {"annualised": f"history {summary_days} d < {MIN_ANNUALISE_DAYS} d"}
    return {}


def _num(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def expense_drag(
    con: duckdb.DuckDBPyConnection,
    direct_code: int,
    regular_code: int,
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    max_points: int | None = DISPLAY_POINTS,
) -> dict[str, Any]:
    """The drag of one pair: ``{"direct", "regular", "amc_id", "amc_name", "sebi_category",
    "option", "paired", "price_return_only", "synthetic", "window": {start_date, end_date,
    days, points}, "drag", "annualised", "reasons", "series": {dates, drag, direct_nav,
    regular_nav}}``. ``paired`` says whether the store pairs the two schemes; any Direct
    plan and Regular (or plan-less) scheme of the same AMC and option may be compared.
    The series is thinned to ``max_points`` for display (None keeps every point); the
    drag and its rate come from the full series."""
    direct, regular = _scheme(con, direct_code), _scheme(con, regular_code)
    _check_pair(direct, regular)
    grid = stored_levels(con, [direct_code, regular_code], start_date=start_date, end_date=end_date)
    drag = drag_series(grid.values[0], grid.values[1])
    summary = drag_summary(drag)
    days, points = int(summary.days), int(summary.points)
    dates = grid.dates
    ok = np.isfinite(drag)
    stack = np.where(ok, np.vstack([drag, grid.values[0], grid.values[1]]), np.nan)
    shown, values = _thin(dates, stack, max_points)
    option = direct["option"] or regular["option"]
    first = None if points == 0 else str(dates[int(summary.first)])
    last = None if points == 0 else str(dates[int(summary.last)])
    return {
        "direct": {"scheme_code": direct_code, "name": direct["name"]},
        "regular": {"scheme_code": regular_code, "name": regular["name"]},
        "amc_id": direct["amc_id"] or regular["amc_id"],
        "amc_name": direct["amc_name"] or regular["amc_name"],
        "sebi_category": direct["sebi_category"] or regular["sebi_category"],
        "option": option,
        "paired": direct["pair_code"] == regular_code,
        "price_return_only": option in IDCW_OPTIONS,
        "synthetic": is_synthetic(con),
        "window": {"start_date": first, "end_date": last, "days": days, "points": points},
        "drag": _num(float(summary.total)),
        "annualised": _num(float(summary.annualised)),
        "reasons": _why(days, points),
        "series": {
            "dates": [str(d) for d in shown],
            "drag": values[0].tolist(),
            "direct_nav": values[1].tolist(),
            "regular_nav": values[2].tolist(),
        },
    }


def _thin(
    dates: np.ndarray, values: np.ndarray, max_points: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Points where the first row is finite, thinned to ``max_points`` (None: all)."""
    ok = np.isfinite(values[0])
    if max_points is None:
        return dates[ok], values[:, ok]
    return downsample(dates[ok], values[:, ok], max_points=max_points)


def amc_expense_summary(
    con: duckdb.DuckDBPyConnection,
    amc: str,
    *,
    max_points: int | None = DISPLAY_POINTS,
    with_series: bool = True,
) -> dict[str, Any]:
    """Every pair of one AMC, each over its own common window: ``{"amc_id", "amc_name",
    "synthetic", "pairs": [{direct_code, regular_code, direct_name, sebi_category, option,
    price_return_only, start_date, end_date, days, drag, annualised, reason}],
    "growth_pairs", "median_annualised", "mean_annualised", "by_category": {category:
    median}, "series": {direct_code: {dates, drag, direct_nav, regular_nav}}}`` (the NAVs
    on the drag's dates, as :func:`expense_drag` gives them). Median and mean are over growth
    pairs with an annualised rate (null when there is none). One grid, vectorised over
    pairs."""
    slug, name = resolve_amc(con, amc)
    pairs = expense_pairs(con, slug)
    out: dict[str, Any] = {"amc_id": slug, "amc_name": name, "synthetic": is_synthetic(con)}
    if pairs.height == 0:
        return out | {"pairs": [], "growth_pairs": 0, "median_annualised": None,
                      "mean_annualised": None, "by_category": {}, "series": {}}  # fmt: skip
    direct = pairs["direct_code"].to_list()
    regular = pairs["regular_code"].to_list()
    grid = stored_levels(con, direct + regular)
    n = len(direct)
    drag = drag_series(grid.values[:n], grid.values[n:])
    summary = drag_summary(drag)
    dates = grid.dates
    has = pl.Series(summary.points > 0)
    rows = pairs.with_columns(
        pl.when(has).then(pl.Series(dates[np.maximum(summary.first, 0)])).alias("start_date"),
        pl.when(has).then(pl.Series(dates[np.maximum(summary.last, 0)])).alias("end_date"),
        pl.Series("days", summary.days),
        pl.Series("drag", summary.total).fill_nan(None),
        pl.Series("annualised", summary.annualised).fill_nan(None),
        pl.Series(
            "reason",
            [
                _why(int(d), int(p)).get("annualised")
                for d, p in zip(summary.days, summary.points, strict=True)
            ],
            dtype=pl.String,
        ),
    )
    growth = rows.filter(~pl.col("price_return_only") & pl.col("annualised").is_not_null())
    by_cat = (
        growth.group_by("sebi_category").agg(pl.col("annualised").median()).sort("sebi_category")
    )
    out |= {
        "pairs": rows.drop("overlap_start", "overlap_end", "regular_name", "amc_id", "amc_name")
        .with_columns(pl.col("start_date", "end_date").cast(pl.String))
        .to_dicts(),
        "growth_pairs": growth.height,
        "median_annualised": growth["annualised"].median() if growth.height else None,
        "mean_annualised": growth["annualised"].mean() if growth.height else None,
        "by_category": dict(zip(by_cat["sebi_category"], by_cat["annualised"], strict=True)),
        "series": {},
    }
    if with_series:
        for i, code in enumerate(direct):  # one small slice per pair of the request
            ok = np.isfinite(drag[i])
            stack = np.where(ok, np.vstack([drag[i], grid.values[i], grid.values[n + i]]), np.nan)
            shown, values = _thin(dates, stack, max_points)
            out["series"][str(code)] = {
                "dates": [str(d) for d in shown],
                "drag": values[0].tolist(),
                "direct_nav": values[1].tolist(),
                "regular_nav": values[2].tolist(),
            }
    return out
