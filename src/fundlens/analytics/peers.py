"""Category statistics: each fund's rank, percentile and quartile among its peers.

Pure Polars on a metrics frame (one row per scheme: the keys of
:func:`fundlens.analytics.keys.all_keys`, as :func:`~fundlens.analytics.metrics.
compute_metrics` gives them) with the scheme columns ``sebi_category``, ``plan``,
``option``, ``last_nav_date`` and ``history_days`` (calendar days from the first to the
last NAV). Vectorised with window functions over (sebi_category, plan, key): no loop over
funds, groups or keys.

Peer group (conventions.md, 'Category ranks'), for a key of window W at the date ``as_of``
    * the same ``sebi_category`` and ``plan`` (a null plan is a group of its own); the
      buckets ``legacy`` and ``unclassified`` (and a null category) are not peer groups;
    * growth option: IDCW and bonus options (price returns only) are left out; a scheme
      whose option is unknown counts as growth (growth is the default);
    * alive at ``as_of``: a NAV in the :data:`ALIVE_DAYS` days up to it,
      0 ≤ as_of − last NAV ≤ 7 days;
    * enough history for W: history_days ≥ W's days (1m = 30 … 10y = 3650; rolling
      statistics use their rolling window), and a value for the key (null = not ranked).

Whole-history keys (``cagr``, ``volatility``, ``return_si``, VaR, skew, …: window ``si``)
cover a different span for every fund, so :data:`PEER_WINDOWS` leaves them out unless a
caller asks for ``si``. Rolling statistics (``rolling_3y_beat_benchmark``) span each
fund's whole history too, but over windows of one length: they are ranked, as seed 002
ranks consistency.

Definitions (n = the peers with a value for the key)
    * rank: 1 = best in the direction :data:`BETTER` gives; ties share the average of
      the ranks they span (pandas ``rank(method="average")``): values 9, 7, 7, 5 (higher
      better) rank 1, 2.5, 2.5, 4.
    * percentile p = (n − rank) / (n − 1): the share of the *other* peers the fund beats,
      a tie counting half; 1 = best, 0 = worst, null when n = 1 (no other peer).
    * quartile (1 = top): 1 when p ≥ 0.75, 2 when 0.5 ≤ p < 0.75, 3 when
      0.25 ≤ p < 0.5, 4 when p < 0.25; null when p is.
    * category median: the median of the n values (mean of the two middle ones when n is
      even).

A key without a direction (``beta``, ``skew``) gets a peer count and a median but no rank.

>>> import datetime as dt
>>> f = pl.DataFrame({"scheme_code": [1, 2, 3, 4], "sebi_category": ["Mid Cap"] * 4,
...     "plan": ["direct"] * 4, "option": ["growth"] * 4,
...     "last_nav_date": [dt.date(2024, 6, 28)] * 4, "history_days": [2000] * 4,
...     "sharpe_3y": [0.9, 0.7, 0.7, 0.5]})
>>> s = peer_stats(f, as_of=dt.date(2024, 6, 30), keys=("sharpe_3y",))
>>> s.select("rank", "percentile", "quartile", "category_median").rows()
[(1.0, 1.0, 1, 0.7), (2.5, 0.5, 2, 0.7), (2.5, 0.5, 2, 0.7), (4.0, 0.0, 4, 0.7)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final, Literal

import polars as pl

from fundlens.analytics.grid import WINDOW_DAYS
from fundlens.analytics.keys import METRIC_WINDOWS, ROLLING_STATS, all_keys
from fundlens.errors import InputError

__all__ = [
    "ALIVE_DAYS",
    "BETTER",
    "GROUP",
    "NOT_PEER_GROUPS",
    "PEER_WINDOWS",
    "PRICE_RETURN_OPTIONS",
    "Direction",
    "better",
    "calendar_year_quartiles",
    "category_summary",
    "exclusion",
    "metric_key",
    "peer_keys",
    "peer_stats",
    "split_key",
]

Direction = Literal["higher", "lower"]

#: A scheme is alive at ``as_of`` when its last NAV is at most this many days before it.
ALIVE_DAYS: Final = 7
#: The columns a peer group is formed over.
GROUP: Final[tuple[str, ...]] = ("sebi_category", "plan")
#: Category buckets that are not peer groups (pre-2018 labels of every kind; none).
NOT_PEER_GROUPS: Final[tuple[str, ...]] = ("legacy", "unclassified")
#: Options whose NAV falls at each payout: price returns only, never ranked.
PRICE_RETURN_OPTIONS: Final[tuple[str, ...]] = ("idcw_payout", "idcw_reinvest", "idcw", "bonus")
#: Windows ranked by default: every window of a fixed length.
PEER_WINDOWS: Final[tuple[str, ...]] = ("1m", "3m", "6m", "1y", "3y", "5y", "10y")

_HIGHER: Final = "higher"
_LOWER: Final = "lower"
#: Which way is better, per metric (the key without its window: ``sharpe_3y`` → ``sharpe``,
#: ``return_1y`` → ``return``, ``rolling_3y_mean`` → ``rolling_mean``). None: no direction
#: (beta is exposure, not quality; skew likewise), so no rank.
BETTER: Final[dict[str, Direction | None]] = {
    # returns: higher is better
    "cumulative_return": _HIGHER,
    "cagr": _HIGHER,
    "return": _HIGHER,
    "excess_return": _HIGHER,
    "best_month": _HIGHER,
    "worst_month": _HIGHER,
    "best_year": _HIGHER,
    "worst_year": _HIGHER,
    # risk: lower is better; drawdown, VaR and CVaR are negative, so higher is better
    "volatility": _LOWER,
    "downside_deviation": _LOWER,
    "ulcer_index": _LOWER,
    "tracking_error": _LOWER,
    "max_drawdown": _HIGHER,
    "var_95": _HIGHER,
    "cvar_95": _HIGHER,
    # risk-adjusted and relative: higher is better
    "sharpe": _HIGHER,
    "sortino": _HIGHER,
    "calmar": _HIGHER,
    "treynor": _HIGHER,
    "alpha": _HIGHER,
    "information_ratio": _HIGHER,
    "down_market_excess": _HIGHER,
    # capture: more of the up-moves, less of the down-moves
    "up_capture": _HIGHER,
    "up_capture_monthly": _HIGHER,
    "capture_ratio": _HIGHER,
    "down_capture": _LOWER,
    "down_capture_monthly": _LOWER,
    # no direction
    "beta": None,
    "skew": None,
    # rolling-return statistics: higher is better, except their spread
    **{f"rolling_{stat}": _HIGHER for stat in ROLLING_STATS if stat != "std"},
    "rolling_std": _LOWER,
}


def split_key(key: str) -> tuple[str, str]:
    """(metric, window) of a key: ``sharpe_3y`` → (``sharpe``, ``3y``), ``return_1m`` →
    (``return``, ``1m``), ``rolling_3y_mean`` → (``rolling_mean``, ``3y``), ``cagr`` →
    (``cagr``, ``si``): whole-history keys have window ``si``.

    >>> split_key("rolling_3y_beat_benchmark"), split_key("max_drawdown_1y")
    (('rolling_beat_benchmark', '3y'), ('max_drawdown', '1y'))
    """
    if key not in _KEYS:
        raise InputError(f"unknown metric key {key!r}")
    if key.startswith("rolling_"):
        _, window, stat = key.split("_", 2)
        return f"rolling_{stat}", window
    if key.startswith("return_"):
        return "return", key.removeprefix("return_")
    base, _, window = key.rpartition("_")
    if window in METRIC_WINDOWS and base:
        return base, window
    return key, "si"


def metric_key(metric: str, window: str) -> str:
    """The key of a metric over a window (the inverse of :func:`split_key`).

    >>> metric_key("return", "3y"), metric_key("rolling_beat_benchmark", "1y")
    ('return_3y', 'rolling_1y_beat_benchmark')
    """
    if metric.startswith("rolling_"):
        key = f"rolling_{window}_{metric.removeprefix('rolling_')}"
    elif window == "si" and metric != "return":
        key = metric
    else:
        key = f"{metric}_{window}"
    if key not in _KEYS:
        raise InputError(f"no metric {metric!r} over window {window!r}")
    return key


def better(key: str) -> Direction | None:
    """Which way is better for ``key`` (:data:`BETTER` of its metric); None: no rank.

    >>> better("volatility_3y"), better("max_drawdown_1y"), better("beta_3y")
    ('lower', 'higher', None)
    """
    return BETTER[split_key(key)[0]]


def peer_keys(*, windows: Sequence[str] = PEER_WINDOWS) -> tuple[str, ...]:
    """The keys of :func:`~fundlens.analytics.keys.all_keys` whose window is in
    ``windows`` (all print order)."""
    return tuple(k for k in all_keys() if split_key(k)[1] in windows)


_KEYS: Final = frozenset(all_keys())
_REQUIRED: Final = ("scheme_code", *GROUP, "option", "last_nav_date", "history_days")


def _check(frame: pl.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"peer frame lacks column(s): {', '.join(missing)}")


def _in_category() -> pl.Expr:
    return pl.col("sebi_category").is_not_null() & ~pl.col("sebi_category").is_in(
        list(NOT_PEER_GROUPS)
    )


def _growth() -> pl.Expr:
    return ~pl.col("option").is_in(list(PRICE_RETURN_OPTIONS)).fill_null(False)


def _alive(as_of: dt.date, last: pl.Expr) -> pl.Expr:
    gap = (pl.lit(as_of) - last).dt.total_days()
    return gap.is_between(0, ALIVE_DAYS).fill_null(False)


def exclusion(frame: pl.DataFrame, *, as_of: dt.date) -> pl.DataFrame:
    """(scheme_code, excluded): why a scheme is in no peer group at ``as_of`` (null when
    it is in one; a key may still leave it out for too short a history)."""
    _check(frame, _REQUIRED)
    last = pl.col("last_nav_date")
    why = (
        pl.when(~_in_category())
        .then(pl.format("category {} is not a peer group", pl.col("sebi_category").fill_null("?")))
        .when(~_growth())
        .then(pl.format("{} option: price returns, left out of category ranks", pl.col("option")))
        .when(~_alive(as_of, last))
        .then(pl.format("no NAV in the {} days to {} (last {})", ALIVE_DAYS, pl.lit(as_of), last))
    )
    return frame.select("scheme_code", why.alias("excluded"))


def _ranked(frame: pl.DataFrame, over: list[str]) -> pl.DataFrame:
    """Rank, percentile, quartile, peer count and median of ``value`` within ``over``;
    ``higher`` (bool, null = no direction) says which way is better."""
    higher = pl.col("higher")
    score = pl.when(higher).then(pl.col("value")).when(~higher).then(-pl.col("value"))
    rank = score.rank("average", descending=True).over(over)
    n = pl.len().over(over).cast(pl.Int64)
    frame = frame.with_columns(rank.alias("rank"), n.alias("peer_count"))
    # p = (n − r) / (n − 1); quartile edges compared exactly: 4(n − r) ≥ k(n − 1)
    r, n = pl.col("rank"), pl.col("peer_count")
    above = 4 * (n - r)
    quartile = (
        pl.when(r.is_null() | (n < 2))
        .then(None)
        .when(above >= 3 * (n - 1))
        .then(1)
        .when(above >= 2 * (n - 1))
        .then(2)
        .when(above >= n - 1)
        .then(3)
        .otherwise(4)
    )
    return frame.with_columns(
        pl.when(n > 1).then((n - r) / (n - 1)).alias("percentile"),
        quartile.cast(pl.Int8).alias("quartile"),
        pl.col("value").median().over(over).alias("category_median"),
    )


def peer_stats(
    metrics: pl.DataFrame,
    *,
    as_of: dt.date,
    keys: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every fund's standing in its peer group for each key (see the module docstring).

    One row per (ranked fund, key) with a value: ``scheme_code``, ``sebi_category``,
    ``plan``, ``key``, ``metric``, ``window``, ``better``, ``value``, ``rank``,
    ``percentile``, ``quartile``, ``peer_count``, ``category_median``. ``keys`` defaults
    to :func:`peer_keys` (fixed windows); funds outside every peer group have no rows.
    """
    keys = tuple(keys) if keys is not None else peer_keys()
    _check(metrics, (*_REQUIRED, *keys))
    info = pl.DataFrame(
        {
            "key": keys,
            "metric": [split_key(k)[0] for k in keys],
            "window": [split_key(k)[1] for k in keys],
            "better": [better(k) for k in keys],
            "min_days": [WINDOW_DAYS.get(split_key(k)[1], 0) for k in keys],
        },
        schema_overrides={"better": pl.String},
    )
    base = metrics.filter(_in_category() & _growth() & _alive(as_of, pl.col("last_nav_date")))
    long = (
        base.select(
            "scheme_code", *GROUP, "history_days", *(pl.col(k).cast(pl.Float64) for k in keys)
        )
        .unpivot(index=["scheme_code", *GROUP, "history_days"], variable_name="key")
        .with_columns(pl.col("value").fill_nan(None))
        .join(info, on="key", how="left")
        .filter(pl.col("value").is_not_null() & (pl.col("history_days") >= pl.col("min_days")))
        .with_columns(
            pl.when(pl.col("better").is_not_null())
            .then(pl.col("better") == _HIGHER)
            .alias("higher")
        )
    )
    ranked = _ranked(long, [*GROUP, "key"])
    return ranked.select(
        "scheme_code", *GROUP, "key", "metric", "window", "better", "value", "rank",
        "percentile", "quartile", "peer_count", "category_median",
    ).sort([*GROUP, "key", "rank", "scheme_code"], nulls_last=True)  # fmt: skip


def category_summary(stats: pl.DataFrame) -> pl.DataFrame:
    """Per (sebi_category, plan, key) of :func:`peer_stats`: ``peer_count``, ``median``,
    ``p25`` and ``p75`` (linear-interpolated quantiles of the values), ``best`` and
    ``worst`` (the values ranked first and last; null without a direction)."""
    _check(stats, (*GROUP, "key", "metric", "window", "better", "value", "rank"))
    return (
        stats.group_by([*GROUP, "key"], maintain_order=True)
        .agg(
            pl.col("metric").first(),
            pl.col("window").first(),
            pl.col("better").first(),
            pl.len().alias("peer_count"),
            pl.col("value").median().alias("median"),
            pl.col("value").quantile(0.25, "linear").alias("p25"),
            pl.col("value").quantile(0.75, "linear").alias("p75"),
            pl.col("value").filter(pl.col("rank") == pl.col("rank").min()).first().alias("best"),
            pl.col("value").filter(pl.col("rank") == pl.col("rank").max()).first().alias("worst"),
        )
        .sort([*GROUP, "key"], nulls_last=True)
    )


def calendar_year_quartiles(year_returns: pl.DataFrame) -> pl.DataFrame:
    """Each fund's calendar-year return ranked within its peer group of that year.

    Input, one row per (scheme, year): ``scheme_code``, ``sebi_category``, ``plan``,
    ``option``, ``year`` (int), ``value`` (the year's return, a fraction) and
    ``year_last_nav`` (the scheme's last NAV date in that year). The peer group of year Y
    is the contract's rule at 31 December Y, point in time: growth schemes of the
    (sebi_category, plan) with a NAV in the last :data:`ALIVE_DAYS` days of Y and a return
    for Y (complete years only) — schemes closed since then still count, so there is no
    survivorship bias. Higher is better. Output: ``scheme_code``, ``sebi_category``,
    ``plan``, ``year``, ``value``, ``rank``, ``percentile``, ``quartile``, ``peer_count``,
    ``category_median`` (definitions in the module docstring).
    """
    _check(year_returns, ("scheme_code", *GROUP, "option", "year", "value", "year_last_nav"))
    year_end = pl.date(pl.col("year"), 12, 31)
    gap = (year_end - pl.col("year_last_nav")).dt.total_days()
    rows = year_returns.with_columns(pl.col("value").cast(pl.Float64).fill_nan(None)).filter(
        _in_category()
        & _growth()
        & gap.is_between(0, ALIVE_DAYS).fill_null(False)
        & pl.col("value").is_not_null()
    )
    ranked = _ranked(rows.with_columns(pl.lit(True).alias("higher")), [*GROUP, "year"])
    return ranked.select(
        "scheme_code", *GROUP, "year", "value", "rank", "percentile", "quartile", "peer_count",
        "category_median",
    ).sort([*GROUP, "year", "rank", "scheme_code"], nulls_last=True)  # fmt: skip
