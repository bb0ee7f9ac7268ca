"""AMCs: who they are, what they run, and how their schemes in a category did together.

Replaces seed 003 §6.5–6.6's Gen 2 AMC track-record API (``/api/amc/list``,
``/{amc}/schemes``, ``/categories``, ``/api/analysis/compare``) with these corrections:

* AMCs and categories come from the ``schemes`` table (AMFI's AMC lines and categories,
  :mod:`fundlens.schemes.amc`, :mod:`fundlens.schemes.categories`), not from regexes on
  scheme names; ids are slugs (``hdfc``, ``large-cap``).
* The AMC's track record is an **equal-weighted portfolio rebalanced daily, built from
  daily returns** (:func:`fundlens.analytics.portfolio.equal_weight_portfolio`), not a
  daily average of NAV levels (which weights schemes by their NAV and jumps when one
  enters, leaves or misses a day). Its members: the AMC's growth-option schemes of the
  category and plan, **closed ones included** while they had NAVs (no survivorship bias).
  ``plan="regular"`` also takes schemes without a plan: a pre-2013 scheme's single plan,
  which became the Regular plan (e.g. a scheme closed before 2013).
* The portfolio's level series goes through
  :func:`fundlens.analytics.metrics.compute_metrics` like a fund — the same keys as
  ``fundlens metrics`` — against the **category** benchmark (the index-fund stand-in of
  :mod:`fundlens.schemes.benchmarks` for that category and plan kind), not Nifty 50 for
  every category.
* By default the AMCs are compared over their **common window** (from the latest start to
  the earliest end of their portfolios), so that their numbers cover the same days;
  ``common_window=False`` gives each AMC its whole history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final, Literal

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.grid import NavGrid
from fundlens.analytics.metrics import MetricsTable, compute_metrics
from fundlens.analytics.portfolio import BASE_LEVEL, Portfolio, equal_weight_portfolio
from fundlens.analytics.rolling import DISPLAY_POINTS, downsample
from fundlens.errors import InputError
from fundlens.schemes.amc import amc_id
from fundlens.schemes.benchmarks import BENCHMARK_LABEL, category_benchmarks
from fundlens.schemes.categories import CATEGORY_SLUGS
from fundlens.services.metrics import resolve_rf
from fundlens.services.panels import stored_levels
from fundlens.services.report import build_report
from fundlens.store.meta import is_synthetic

__all__ = [
    "ALIVE_DAYS",
    "amc_categories",
    "amc_comparison",
    "amc_list",
    "amc_schemes",
    "category_benchmark",
    "resolve_amc",
    "resolve_category",
]

#: A scheme is alive when its last NAV is at most this many days before the store's last.
ALIVE_DAYS: Final = 7
PlanKind = Literal["direct", "regular"]
METHOD: Final = (
    "equal-weighted portfolio of the AMC's growth-option schemes in the category and plan, "
    "closed schemes included; rebalanced daily over the schemes with a NAV on both the day "
    "and the previous portfolio day; level 100 · Π(1 + mean daily return)"
)


def resolve_amc(con: duckdb.DuckDBPyConnection, text: str) -> tuple[str, str]:
    """(slug, display name) of an AMC given by slug (``hdfc``) or name (``HDFC Mutual
    Fund``); InputError when the store has no scheme of it."""
    wanted = text.strip().lower()
    slug = wanted if wanted else None
    found = con.sql(
        "SELECT amc_id, any_value(amc_name) FROM schemes WHERE amc_id = $a GROUP BY amc_id",
        params={"a": slug},
    ).fetchall()
    if not found and wanted:
        guess = amc_id(text)
        found = con.sql(
            "SELECT amc_id, any_value(amc_name) FROM schemes WHERE amc_id = $a GROUP BY amc_id",
            params={"a": guess},
        ).fetchall()
    if not found:
        raise InputError(f"no AMC {text!r} in the store (see `fundlens amc list`)")
    return str(found[0][0]), str(found[0][1] or found[0][0])


def resolve_category(text: str) -> str:
    """The canonical category of a name (``Large Cap``, any case) or slug (``large-cap``)."""
    wanted = text.strip().lower()
    for name, slug in CATEGORY_SLUGS.items():
        if wanted in (name.lower(), slug):
            return name
    raise InputError(f"unknown category {text!r} (see `fundlens amc categories`)")


def _as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    value = con.sql("SELECT max(last_nav_date) FROM schemes").fetchall()[0][0]
    return value if isinstance(value, dt.date) else None


def _alive_expr(as_of: dt.date | None) -> pl.Expr:
    if as_of is None:
        return pl.lit(False)
    return pl.col("last_nav_date") >= as_of - dt.timedelta(days=ALIVE_DAYS)


def amc_list(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per AMC: ``amc_id, amc_name, schemes, alive, first_nav_date,
    last_nav_date, categories`` (a list of {category, schemes}, most schemes first)."""
    schemes = con.sql(
        "SELECT amc_id, amc_name, sebi_category, first_nav_date, last_nav_date FROM schemes "
        "WHERE amc_id IS NOT NULL"
    ).pl()
    schemes = schemes.with_columns(_alive_expr(_as_of(con)).alias("alive"))
    cats = (
        schemes.group_by("amc_id", "sebi_category")
        .len("schemes")
        .sort("schemes", "sebi_category", descending=[True, False])
        .group_by("amc_id", maintain_order=True)
        .agg(pl.struct(pl.col("sebi_category").alias("category"), "schemes").alias("categories"))
    )
    return (
        schemes.group_by("amc_id")
        .agg(
            pl.col("amc_name").drop_nulls().first(),
            pl.len().alias("schemes"),
            pl.col("alive").sum().alias("alive"),
            pl.col("first_nav_date").min(),
            pl.col("last_nav_date").max(),
        )
        .join(cats, on="amc_id", how="left")
        .sort("amc_id")
    )


def amc_schemes(con: duckdb.DuckDBPyConnection, amc: str) -> pl.DataFrame:
    """The schemes of one AMC: code, name, category, plan, option, vehicle, first and last
    NAV dates, alive, pair code; by category and name."""
    slug, _ = resolve_amc(con, amc)
    frame = con.sql(
        "SELECT scheme_code, name, sebi_category, plan, option, vehicle, first_nav_date, "
        "last_nav_date, pair_code FROM schemes WHERE amc_id = $a ORDER BY sebi_category, name",
        params={"a": slug},
    ).pl()
    return frame.with_columns(_alive_expr(_as_of(con)).alias("alive"))


def amc_categories(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every canonical category (plus legacy and unclassified) with its slug and how many
    schemes and AMCs the store has in it (0 when none), in SEBI's order."""
    counts = con.sql(
        "SELECT sebi_category AS category, count(*) AS schemes, count(DISTINCT amc_id) AS amcs "
        "FROM schemes GROUP BY sebi_category"
    ).pl()
    names = pl.DataFrame({"category": list(CATEGORY_SLUGS), "slug": list(CATEGORY_SLUGS.values())})
    return names.join(counts, on="category", how="left").with_columns(
        pl.col("schemes", "amcs").fill_null(0).cast(pl.Int64)
    )


def category_benchmark(
    con: duckdb.DuckDBPyConnection, category: str, plan: PlanKind
) -> tuple[int | None, str | None, str | None]:
    """(code, name, reason when none) of the category's stand-in benchmark for ``plan``:
    what :func:`fundlens.schemes.benchmarks.category_benchmarks` gives an active scheme of
    that category and plan (computed for a probe row, so the rule exists once)."""
    schemes = con.sql("SELECT * FROM schemes").pl()
    probe = pl.DataFrame(
        {"scheme_code": [-1], "name": ["probe"], "plan": [plan], "sebi_category": [category],
         "vehicle": ["active"], "option": ["growth"], "is_factor_index": [False]}
    )  # fmt: skip
    picked = category_benchmarks(pl.concat([schemes, probe], how="diagonal_relaxed")).filter(
        pl.col("scheme_code") == -1
    )
    code, name, reason = picked.select(
        "benchmark_code", "benchmark_name", "no_benchmark_reason"
    ).row(0)
    return (None if code is None else int(code)), name, reason


def _members(
    con: duckdb.DuckDBPyConnection, slugs: list[str], category: str, plan: str
) -> pl.DataFrame:
    """Growth-option schemes of the AMCs in the category and plan (closed ones included);
    a scheme without an option counts when its Direct/Regular partner is growth."""
    return con.sql(
        """
        SELECT s.scheme_code, s.name, s.amc_id, s.plan, s.first_nav_date, s.last_nav_date
        FROM schemes s LEFT JOIN schemes p ON p.scheme_code = s.pair_code
        WHERE list_contains($amcs, s.amc_id) AND s.sebi_category = $cat
          AND (s.option = 'growth' OR (s.option IS NULL AND p.option = 'growth'))
          AND (s.plan = $plan OR ($plan = 'regular' AND s.plan IS NULL))
        ORDER BY s.amc_id, s.scheme_code
        """,
        params={"amcs": slugs, "cat": category, "plan": plan},
    ).pl()


def _span(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last column with a level per row (−1 when none)."""
    ok = np.isfinite(levels)
    any_ = ok.any(axis=-1)
    first = np.where(any_, ok.argmax(axis=-1), -1)
    last = np.where(any_, levels.shape[-1] - 1 - ok[:, ::-1].argmax(axis=-1), -1)
    return first, last


def _common_cut(levels: np.ndarray, dates: np.ndarray, slugs: list[str]) -> tuple[int, int]:
    """Columns [lo, hi] every portfolio spans; InputError when they share no days."""
    first, last = _span(levels)
    lo, hi = int(first.max()), int(last.min())
    if lo >= hi:
        spans = ", ".join(
            f"{s} {dates[f]} → {dates[t]}" for s, f, t in zip(slugs, first, last, strict=True)
        )
        raise InputError(
            f"the AMCs' portfolios share no window ({spans}); compare each over its own "
            "window (--own-windows / common_window=False)"
        )
    return lo, hi


def _filled(levels: np.ndarray) -> np.ndarray:
    """Levels forward-filled between each row's first and last level (display only)."""
    ok = np.isfinite(levels)
    seen = np.where(ok, np.arange(levels.shape[-1]), -1)
    np.maximum.accumulate(seen, axis=-1, out=seen)
    filled = np.take_along_axis(levels, np.maximum(seen, 0), axis=-1)
    _, last = _span(levels)
    inside = (seen >= 0) & (np.arange(levels.shape[-1]) <= last[:, None])
    return np.where(inside, filled, np.nan)


def _scheme_rows(
    members: pl.DataFrame, levels: np.ndarray, used: np.ndarray, dates: np.ndarray, as_of: Any
) -> list[dict[str, Any]]:
    first, last = _span(levels)
    rows = members.with_columns(
        pl.Series("first_date", [str(dates[f]) if f >= 0 else None for f in first]),
        pl.Series("last_date", [str(dates[t]) if t >= 0 else None for t in last]),
        pl.Series("returns_used", used.sum(axis=-1).astype(np.int64)),
        _alive_expr(as_of).alias("alive"),
    )
    return rows.select(
        "scheme_code", "name", "plan", "first_date", "last_date", "returns_used", "alive",
        pl.col("last_nav_date").cast(pl.String),
    ).to_dicts()  # fmt: skip


def amc_comparison(
    con: duckdb.DuckDBPyConnection,
    amcs: list[str],
    *,
    category: str,
    plan: PlanKind = "direct",
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    rf: float | None = None,
    common_window: bool = True,
    max_points: int | None = DISPLAY_POINTS,
) -> dict[str, Any]:
    """Each AMC's equal-weighted, daily-rebalanced portfolio of its growth-option schemes
    in ``category`` and ``plan`` (module docstring), with the full metric set against the
    category benchmark.

    Returns ``{"category", "category_slug", "plan", "benchmark" ({code, name, label} or
    null), "no_benchmark_reason", "common_window", "window", "method", "synthetic",
    "amcs": [{"amc", "amc_name", "scheme_count", "window", "rf", "metrics" (the keys of
    ``fundlens metrics``), "drawdown", "calendar_year_returns", "financial_year_returns",
    "reasons", "schemes": [{scheme_code, name, plan, first_date, last_date, returns_used,
    alive, last_nav_date}]}], "cumulative_returns": {"dates", "series": {amc: [...]}}}``.
    The cumulative series is thinned to ``max_points`` for display (None: every day);
    every statistic uses the full daily series.
    """
    cat, named, members = _request(con, amcs, category, plan)
    slugs = [s for s, _ in named]
    bench, bench_name, no_bench = category_benchmark(con, cat, plan)
    built = _build(con, members, slugs, bench, (start_date, end_date), common_window)
    port, size = built.port, len(slugs)
    rate = resolve_rf(con, rf)
    table = compute_metrics(
        NavGrid(codes=np.arange(size), start=built.start, values=port.levels, flagged=port.flagged),
        benchmark=built.bench,
        benchmark_codes=np.full(size, bench or 0, dtype=np.int64),
        benchmark_missing=[None if bench is not None else no_bench] * size,
        rf=rate,
    )
    synthetic = is_synthetic(con)
    names = {i: name for i, (_, name) in enumerate(named)} | (
        {} if bench is None else {bench: bench_name or ""}
    )
    as_of = _as_of(con)
    entries = []
    for i, slug in enumerate(slugs):  # one entry per AMC of the request
        one = MetricsTable(
            values=table.values[i : i + 1],
            reasons=table.reasons.filter(pl.col("scheme_code") == i),
        )
        level = NavGrid(codes=np.array([i]), start=built.start, values=port.levels[i : i + 1])
        report = build_report(one, level, names=names, rf=rate, synthetic=synthetic)
        rows = np.flatnonzero(built.group == i)
        entries.append(
            {"amc": slug, "amc_name": names[i], "scheme_count": int(rows.size)}
            | {k: report[k] for k in _REPORT_KEYS}
            | {"schemes": _scheme_rows(members[rows], built.levels[rows], port.used[rows],
                                       built.dates, as_of)}
        )  # fmt: skip
    first, last = _span(port.levels)
    return {
        "category": cat,
        "category_slug": CATEGORY_SLUGS[cat],
        "plan": plan,
        "benchmark": None
        if bench is None
        else {"code": bench, "name": bench_name, "label": BENCHMARK_LABEL},
        "no_benchmark_reason": no_bench,
        "common_window": common_window,
        "window": {
            "start_date": str(built.dates[int(first.min())]),
            "end_date": str(built.dates[int(last.max())]),
        },
        "method": METHOD,
        "synthetic": synthetic,
        "amcs": entries,
        "cumulative_returns": _cumulative(port.levels, built.dates, slugs, max_points),
    }


#: Parts of :func:`fundlens.services.report.build_report` each AMC entry carries.
_REPORT_KEYS: Final = (
    "window", "rf", "metrics", "drawdown", "calendar_year_returns", "financial_year_returns",
    "reasons",
)  # fmt: skip


def _request(
    con: duckdb.DuckDBPyConnection, amcs: list[str], category: str, plan: str
) -> tuple[str, list[tuple[str, str]], pl.DataFrame]:
    """(canonical category, [(slug, name)], member schemes) of a comparison request, or
    InputError."""
    if plan not in ("direct", "regular"):
        raise InputError(f"plan must be 'direct' or 'regular', got {plan!r}")
    if not amcs:
        raise InputError("give at least one AMC")
    cat = resolve_category(category)
    named = [resolve_amc(con, a) for a in amcs]
    slugs = [s for s, _ in named]
    if len(set(slugs)) < len(slugs):
        raise InputError(f"an AMC is given twice: {', '.join(slugs)}")
    members = _members(con, slugs, cat, plan)
    found = set(members["amc_id"])
    for slug in slugs:
        if slug not in found:
            raise InputError(f"{slug} has no growth-option {cat} schemes of the {plan} plan")
    return cat, named, members


@dataclass(frozen=True)
class _Built:
    """The members' cleaned levels (cut to the common window), their AMC index, the
    portfolios, and the benchmark's levels broadcast to one row per AMC."""

    start: np.datetime64
    dates: np.ndarray
    levels: np.ndarray
    group: np.ndarray
    port: Portfolio
    bench: np.ndarray | None


def _build(
    con: duckdb.DuckDBPyConnection,
    members: pl.DataFrame,
    slugs: list[str],
    bench: int | None,
    window: tuple[dt.date | None, dt.date | None],
    common_window: bool,
) -> _Built:
    codes = members["scheme_code"].to_list()
    read = codes + ([bench] if bench is not None and bench not in codes else [])
    grid = stored_levels(con, read, start_date=window[0], end_date=window[1])
    levels = grid.values[: len(codes)].copy()
    flagged = None if grid.flagged is None else grid.flagged[: len(codes)]
    group = np.array([slugs.index(a) for a in members["amc_id"]], dtype=np.int64)
    port = equal_weight_portfolio(levels, groups=group, flagged=flagged)
    empty = [slugs[g] for g in np.flatnonzero(~np.isfinite(port.levels).any(axis=-1))]
    if empty:
        raise InputError(f"no two consecutive NAV days in the window for: {', '.join(empty)}")
    if common_window:
        lo, hi = _common_cut(port.levels, grid.dates, slugs)
        levels[:, :lo] = np.nan
        levels[:, hi + 1 :] = np.nan
        port = equal_weight_portfolio(levels, groups=group, flagged=flagged)
    bench_levels = None
    if bench is not None:
        bench_levels = np.broadcast_to(grid.values[read.index(bench)], port.levels.shape).copy()
    return _Built(grid.start, grid.dates, levels, group, port, bench_levels)


def _cumulative(
    levels: np.ndarray, dates: np.ndarray, slugs: list[str], max_points: int | None
) -> dict[str, Any]:
    """Cumulative returns (level / 100 − 1) on the days any portfolio has a level, each
    carried over the others' days; thinned to ``max_points`` (display only)."""
    keep = np.isfinite(levels).any(axis=0)
    days, values = dates[keep], _filled(levels[:, keep]) / BASE_LEVEL - 1.0
    if max_points is not None:
        days, values = downsample(days, values, max_points=max_points)
    return {
        "dates": [str(d) for d in days],
        "series": {
            slug: [None if not np.isfinite(v) else float(v) for v in values[i]]
            for i, slug in enumerate(slugs)
        },
    }
