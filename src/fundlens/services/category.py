"""Category statistics from the store: peer ranks, medians, calendar-year quartiles, leaders.

The metrics come from :func:`fundlens.services.universe.universe_metrics` (the one engine:
a fund's value here equals ``fundlens metrics CODE``) computed with every NAV up to
``as_of`` (default: the store's last NAV date), so the ranks are those the store would have
shown that day. The peer maths is :mod:`fundlens.analytics.peers`: the peer group is
(sebi_category, plan), growth option, alive at ``as_of`` (a NAV in the 7 days up to it),
with enough history for the window; rank 1 = best, ties share the average rank;
percentile p = (n − rank) / (n − 1), 1 = best; quartile 1 = p ≥ 0.75 (top).

Only the schemes that can be ranked are computed (alive growth schemes of real categories,
and the fund asked about): closed schemes and IDCW options cost nothing. Calendar-year
quartiles (:mod:`fundlens.services.category_years`) use every growth scheme of the group,
closed ones included: the peer group of year Y is the one alive at 31 December Y.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from fundlens.analytics import peers
from fundlens.analytics.grid import WINDOW_DAYS
from fundlens.errors import InputError
from fundlens.schemes.categories import CATEGORY_SLUGS, category_slug_expr
from fundlens.services.category_years import calendar_quartiles, empty_years, year_returns
from fundlens.services.metrics import resolve_rf
from fundlens.services.universe import universe_metrics
from fundlens.store.meta import is_synthetic
from fundlens.store.sql import run_one
from fundlens.types import PLANS

__all__ = [
    "CategoryStats",
    "category_leaders",
    "category_report",
    "category_stats",
    "peer_metrics",
    "peer_rank",
    "resolve_as_of",
    "resolve_category",
    "scheme_frame",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CategoryStats:
    """Category statistics of a store at ``as_of``.

    ``schemes``: every scheme with NAVs up to ``as_of`` (``scheme_code``, ``name``,
    ``sebi_category``, ``category_slug``, ``plan``, ``option``, ``first_nav_date``,
    ``last_nav_date``, ``history_days``, ``excluded``: why it is in no peer group);
    ``ranks``: :func:`fundlens.analytics.peers.peer_stats`; ``summary``:
    :func:`~fundlens.analytics.peers.category_summary`; ``calendar_years``:
    :func:`~fundlens.analytics.peers.calendar_year_quartiles`."""

    as_of: dt.date
    synthetic: bool
    schemes: pl.DataFrame
    ranks: pl.DataFrame
    summary: pl.DataFrame
    calendar_years: pl.DataFrame


def resolve_as_of(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> dt.date:
    """``as_of``, or the store's last NAV date; InputError when no NAV is that old."""
    row = run_one(con, "SELECT min(date), max(date) FROM nav")
    if row is None or row[1] is None:
        raise InputError("the store has no NAVs")
    if as_of is None:
        return row[1]  # type: ignore[no-any-return]
    if as_of < row[0]:
        raise InputError(f"as-of {as_of} is before the store's first NAV ({row[0]})")
    return as_of


def resolve_category(text: str) -> str:
    """The canonical category of a slug or a name (``mid-cap``, ``Mid Cap``)."""
    wanted = text.strip().lower()
    for name, slug in CATEGORY_SLUGS.items():
        if wanted in (slug, name.lower()):
            return name
    raise InputError(f"unknown category {text!r}: give a slug such as 'flexi-cap' or a name")


def _plan(plan: str | None) -> str | None:
    if plan is not None and plan not in PLANS:
        raise InputError(f"unknown plan {plan!r}: one of {', '.join(PLANS)}")
    return plan


def scheme_frame(con: duckdb.DuckDBPyConnection, *, as_of: dt.date) -> pl.DataFrame:
    """Every scheme with NAVs up to ``as_of``, with the peer columns and why it is in no
    peer group (``excluded``, null when it is in one)."""
    frame = con.sql(
        """
        SELECT s.scheme_code, s.name, s.sebi_category, s.plan, s.option,
               n.first_nav_date, n.last_nav_date
        FROM schemes s JOIN (
            SELECT scheme_code, min(date) AS first_nav_date, max(date) AS last_nav_date
            FROM nav WHERE date <= $as_of GROUP BY scheme_code
        ) n USING (scheme_code)
        ORDER BY s.scheme_code
        """,
        params={"as_of": as_of},
    ).pl()
    frame = frame.with_columns(
        category_slug_expr(pl.col("sebi_category")).alias("category_slug"),
        (pl.col("last_nav_date") - pl.col("first_nav_date")).dt.total_days().alias("history_days"),
    )
    return frame.join(peers.exclusion(frame, as_of=as_of), on="scheme_code", how="left")


def _group(frame: pl.DataFrame, category: str | None, plan: str | None) -> pl.DataFrame:
    if category is not None:
        frame = frame.filter(pl.col("sebi_category") == category)
    if plan is not None:
        frame = frame.filter(pl.col("plan") == plan)
    return frame


def peer_metrics(
    con: duckdb.DuckDBPyConnection,
    schemes: pl.DataFrame,
    *,
    as_of: dt.date,
    rf: float | None = None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The full metric set (as of ``as_of``) of the ``schemes`` rows joined to them, and
    the reasons for its nulls (scheme_code, key, reason)."""
    if schemes.height == 0:
        return schemes, pl.DataFrame(
            schema={"scheme_code": pl.Int64, "key": pl.String, "reason": pl.String}
        )
    table = universe_metrics(
        con,
        rf=resolve_rf(con, rf),
        codes=schemes.get_column("scheme_code").to_list(),
        end_date=as_of,
        progress=progress,
    )
    values = table.values.drop("start_date", "end_date", "days")
    return schemes.join(values, on="scheme_code", how="inner"), table.reasons


def category_stats(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | None = None,
    rf: float | None = None,
    category: str | None = None,
    plan: str | None = None,
    calendar_years: bool = True,
    progress: Progress | None = None,
) -> CategoryStats:
    """Ranks, percentiles, quartiles and medians of every metric and window for every peer
    group of the store (or of one ``category`` and ``plan``), and calendar-year quartiles."""
    as_of = resolve_as_of(con, as_of)
    category = None if category is None else resolve_category(category)
    schemes = scheme_frame(con, as_of=as_of)
    chosen = _group(schemes, category, _plan(plan))
    rankable = chosen.filter(pl.col("excluded").is_null())
    metrics, _ = peer_metrics(con, rankable, as_of=as_of, rf=rf, progress=progress)
    ranks = (
        peers.peer_stats(metrics, as_of=as_of)
        if metrics.height
        else peers.peer_stats(_empty_metrics(), as_of=as_of)
    )
    years = calendar_quartiles(con, chosen, as_of=as_of) if calendar_years else None
    return CategoryStats(
        as_of=as_of,
        synthetic=is_synthetic(con),
        schemes=schemes,
        ranks=ranks,
        summary=peers.category_summary(ranks),
        calendar_years=years if years is not None else empty_years(),
    )


def _empty_metrics() -> pl.DataFrame:
    cols: dict[str, Any] = {
        "scheme_code": pl.Int64,
        "sebi_category": pl.String,
        "plan": pl.String,
        "option": pl.String,
        "last_nav_date": pl.Date,
        "history_days": pl.Int64,
    }
    cols |= dict.fromkeys(peers.peer_keys(), pl.Float64)
    return pl.DataFrame(schema=cols)


def _num(value: object) -> float | int | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value  # type: ignore[return-value]


def _standing(row: dict[str, Any] | None) -> dict[str, Any]:
    keys = ("rank", "percentile", "quartile", "peer_count", "category_median")
    return {k: None if row is None else _num(row[k]) for k in keys}


def _fund(schemes: pl.DataFrame, code: int) -> dict[str, Any]:
    hit = schemes.filter(pl.col("scheme_code") == code)
    if hit.height == 0:
        raise InputError(f"scheme {code} is not in the store or has no NAV by then")
    return hit.row(0, named=True)


def _members(schemes: pl.DataFrame, fund: dict[str, Any]) -> pl.DataFrame:
    """The fund's (sebi_category, plan) group: its growth schemes, alive or not."""
    same = pl.col("sebi_category").eq_missing(fund["sebi_category"]) & pl.col("plan").eq_missing(
        fund["plan"]
    )
    return schemes.filter(same)


def _reason(key: str, fund: dict[str, Any], value: object, reasons: dict[str, str]) -> str | None:
    """Why the fund has no rank for ``key`` (None when it has one)."""
    if fund["excluded"] is not None:
        return str(fund["excluded"])
    if value is None:
        return reasons.get(key, "no value")
    metric, window = peers.split_key(key)
    need = WINDOW_DAYS.get(window, 0)
    if fund["history_days"] < need:
        return f"history {fund['history_days']} d < window {need} d"
    if peers.better(key) is None:
        return f"{metric} has no better direction: not ranked"
    return None


def peer_rank(
    con: duckdb.DuckDBPyConnection,
    code: int,
    *,
    as_of: dt.date | None = None,
    rf: float | None = None,
) -> dict[str, Any]:
    """One fund's standing in its peer group at ``as_of`` (JSON-ready, fractions).

    ``metrics`` maps each key of :func:`fundlens.analytics.peers.peer_keys` to its
    ``value``, ``better``, ``rank``, ``percentile``, ``quartile``, ``peer_count`` and
    ``category_median`` (the group's count and median also when the fund is not ranked);
    ``calendar_years`` maps each complete year to the same for its return; ``reasons``
    says why a key has no rank (IDCW option, closed, history shorter than the window).
    """
    as_of = resolve_as_of(con, as_of)
    schemes = scheme_frame(con, as_of=as_of)
    fund = _fund(schemes, code)
    group = _members(schemes, fund)
    ranked = group.filter(pl.col("excluded").is_null() | (pl.col("scheme_code") == code))
    metrics, null_reasons = peer_metrics(con, ranked, as_of=as_of, rf=rf)
    stats = peers.peer_stats(metrics, as_of=as_of)
    summary = {r["key"]: r for r in peers.category_summary(stats).iter_rows(named=True)}
    mine = {r["key"]: r for r in stats.filter(pl.col("scheme_code") == code).iter_rows(named=True)}
    own = metrics.filter(pl.col("scheme_code") == code).row(0, named=True)
    why_null = dict(
        null_reasons.filter(pl.col("scheme_code") == code).select("key", "reason").iter_rows()
    )
    table: dict[str, dict[str, Any]] = {}
    reasons: dict[str, str] = {}
    for key in peers.peer_keys():
        metric, window = peers.split_key(key)
        group_row = summary.get(key)
        entry: dict[str, Any] = {"metric": metric, "window": window, "better": peers.better(key)}
        entry["value"] = _num(own.get(key))
        entry |= _standing(mine.get(key))
        entry["peer_count"] = None if group_row is None else group_row["peer_count"]
        entry["category_median"] = None if group_row is None else _num(group_row["median"])
        table[key] = entry
        if entry["rank"] is None:
            why = _reason(key, fund, entry["value"], why_null)
            if why:
                reasons[key] = why
    years = year_returns(con, group, as_of=as_of, also=code)
    return {
        "scheme_code": code,
        "name": fund["name"],
        "sebi_category": fund["sebi_category"],
        "category_slug": fund["category_slug"],
        "plan": fund["plan"],
        "option": fund["option"],
        "as_of": as_of.isoformat(),
        "synthetic": is_synthetic(con),
        "excluded": fund["excluded"],
        "metrics": table,
        "calendar_years": _fund_years(years, code),
        "reasons": reasons,
    }


def _fund_years(years: pl.DataFrame, code: int) -> dict[str, dict[str, Any]]:
    """Year → the fund's return and standing, with its group's peer count and median."""
    ranked = peers.calendar_year_quartiles(years)
    group = ranked.group_by("year").agg(
        pl.len().alias("peer_count"), pl.col("value").median().alias("category_median")
    )
    mine = ranked.filter(pl.col("scheme_code") == code).select(
        "year", "rank", "percentile", "quartile"
    )
    joined = (
        years.filter(pl.col("scheme_code") == code)
        .select("year", pl.col("value").alias("return"))
        .join(mine, on="year", how="left")
        .join(group, on="year", how="left")
        .sort("year")
    )
    return {
        str(r.pop("year")): {k: _num(v) for k, v in r.items()} for r in joined.iter_rows(named=True)
    }


def category_leaders(
    con: duckdb.DuckDBPyConnection,
    category_slug: str,
    *,
    metric: str,
    window: str,
    plan: str = "direct",
    limit: int = 10,
    as_of: dt.date | None = None,
    rf: float | None = None,
) -> dict[str, Any]:
    """The best ``limit`` funds of a category and plan by one metric over one window."""
    key = peers.metric_key(metric, window)
    if peers.better(key) is None:
        raise InputError(f"{metric} has no better direction: no leaders")
    if limit < 1:
        raise InputError(f"--limit {limit}: give at least 1")
    report = category_report(con, category_slug, plan=plan, key=key, as_of=as_of, rf=rf)
    report["funds"] = report["funds"][:limit]
    return report


def category_report(
    con: duckdb.DuckDBPyConnection,
    category: str,
    *,
    plan: str | None = None,
    key: str | None = None,
    as_of: dt.date | None = None,
    rf: float | None = None,
) -> dict[str, Any]:
    """A category's statistics as JSON: per plan and key the peer count, median, p25,
    p75, best and worst; with ``key``, that key's summary and every ranked fund."""
    stats = category_stats(con, as_of=as_of, rf=rf, category=category, plan=plan)
    name = resolve_category(category)
    summary = stats.summary
    if key is not None:
        summary = summary.filter(pl.col("key") == key)
    out: dict[str, Any] = {
        "category": name,
        "category_slug": CATEGORY_SLUGS[name],
        "plan": plan,
        "as_of": stats.as_of.isoformat(),
        "synthetic": stats.synthetic,
        "summary": [_row(r) for r in summary.iter_rows(named=True)],
        "calendar_years": _year_rows(stats.calendar_years),
    }
    if key is not None:
        names = stats.schemes.select("scheme_code", "name")
        funds = stats.ranks.filter(pl.col("key") == key).join(names, on="scheme_code", how="left")
        out |= {"key": key, "better": peers.better(key)}
        out["funds"] = [
            _row(r)
            for r in funds.select(
                "plan", "rank", "scheme_code", "name", "value", "percentile", "quartile"
            ).iter_rows(named=True)
        ]
    return out


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _num(v) if isinstance(v, float) else v for k, v in row.items()}


def _year_rows(years: pl.DataFrame) -> list[dict[str, Any]]:
    """Per (plan, year): peer count and the median, top-quartile and bottom-quartile
    returns of the group."""
    grouped = (
        years.group_by("plan", "year")
        .agg(
            pl.len().alias("peer_count"),
            pl.col("value").median().alias("median"),
            pl.col("value").quantile(0.25, "linear").alias("p25"),
            pl.col("value").quantile(0.75, "linear").alias("p75"),
        )
        .sort("plan", "year", nulls_last=True)
    )
    return [_row(r) for r in grouped.iter_rows(named=True)]
