"""A category's leaders by one metric and window, fast enough for a request.

The precomputed ``fund_metrics`` rows (:mod:`fundlens.services.fund_metrics`) hold the
seed 002 keys of every live scheme as of the store's last NAV date; when the key asked for
is one of them and the latest refresh is of that date, the ranks are a
:func:`fundlens.analytics.peers.peer_stats` call on the group's rows (one indexed read, no
NAVs). Otherwise — another key, or a refresh older than the NAVs — the full set is
computed for the group (:func:`fundlens.services.category.category_stats`), as
``fundlens category leaders`` does. Both give the same ranks (the peer rule and the
values are the same; the precomputed rows used the risk-free rate of their refresh).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

import duckdb
import polars as pl

from fundlens.analytics import peers
from fundlens.errors import InputError
from fundlens.schemes.categories import CATEGORY_SLUGS
from fundlens.services.category import category_stats, resolve_as_of, resolve_category
from fundlens.services.fund_metrics import COLUMNS, FUND_METRICS_KEYS
from fundlens.services.metrics import scheme_names
from fundlens.store.fund_metrics import fund_metrics_dates, select_fund_metrics_group
from fundlens.store.meta import is_synthetic
from fundlens.types import PLANS

__all__ = ["MAX_LEADERS", "category_leaders_fast", "leader_frame"]

#: Most funds one leaders answer lists.
MAX_LEADERS: Final = 50

Source = Literal["fund_metrics", "computed"]


def leader_frame(
    con: duckdb.DuckDBPyConnection,
    category: str,
    plan: str,
    key: str,
    *,
    as_of: dt.date,
) -> tuple[pl.DataFrame, Source]:
    """:func:`~fundlens.analytics.peers.peer_stats` rows of ``key`` for one group (best
    first) and where they came from."""
    dates = fund_metrics_dates(con)
    if key in FUND_METRICS_KEYS and dates and dates[-1] == as_of:
        rows = select_fund_metrics_group(con, as_of, category, plan)
        rows = rows.select(pl.col(c).cast(t) for c, t in COLUMNS.items())
        return peers.peer_stats(rows, as_of=as_of, keys=(key,)), "fund_metrics"
    stats = category_stats(con, as_of=as_of, category=category, plan=plan, calendar_years=False)
    return stats.ranks.filter(pl.col("key") == key), "computed"


def category_leaders_fast(
    con: duckdb.DuckDBPyConnection,
    category_slug: str,
    *,
    metric: str = "return",
    window: str = "3y",
    plan: str = "direct",
    limit: int = 10,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """The best ``limit`` (1 to :data:`MAX_LEADERS`) funds of a category and plan by one
    metric over one window, with the group's peer count, median, quartiles, best and
    worst: ``{category, category_slug, plan, as_of, key, metric, window, better, source,
    peer_count, median, p25, p75, best, worst, funds: [{rank, scheme_code, name, value,
    percentile, quartile}]}`` (fractions; percentile 0–1, 1 = best)."""
    name = resolve_category(category_slug)
    key = peers.metric_key(metric, window)
    better = peers.better(key)
    if better is None:
        raise InputError(f"{metric} has no better direction: no leaders")
    if plan not in PLANS:
        raise InputError(f"unknown plan {plan!r}: one of {', '.join(PLANS)}")
    if not 1 <= limit <= MAX_LEADERS:
        raise InputError(f"limit {limit}: give 1 to {MAX_LEADERS}")
    as_of = as_of or resolve_as_of(con, None)  # the API passes its snapshot's as-of
    ranks, source = leader_frame(con, name, plan, key, as_of=as_of)
    summary = peers.category_summary(ranks) if ranks.height else None
    head = summary.row(0, named=True) if summary is not None and summary.height else {}
    top = ranks.sort("rank", "scheme_code", nulls_last=True).head(limit)
    names = scheme_names(con, top["scheme_code"].to_list())
    return {
        "category": name,
        "category_slug": CATEGORY_SLUGS[name],
        "plan": plan,
        "as_of": as_of.isoformat(),
        "key": key,
        "metric": metric,
        "window": window,
        "better": better,
        "source": source,
        "synthetic": is_synthetic(con),
        "peer_count": int(head.get("peer_count") or 0),
        **{k: _num(head.get(k)) for k in ("median", "p25", "p75", "best", "worst")},
        "funds": [
            {
                "rank": _num(r["rank"]),
                "scheme_code": int(r["scheme_code"]),
                "name": names.get(int(r["scheme_code"])),
                "value": _num(r["value"]),
                "percentile": _num(r["percentile"]),
                "quartile": None if r["quartile"] is None else int(r["quartile"]),
            }
            for r in top.iter_rows(named=True)
        ],
    }


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if number == number and abs(number) != float("inf") else None
