"""Why a metric is null: one reason per (fund, key), never a number from too little data.

Rules, first match wins (conventions.md, 'Missing values'):

1. A key that needs a benchmark, for a fund without one: the caller's reason
   (``no benchmark for Liquid``), or ``no dates in common with the benchmark``.
2. A trailing-window key (``_1y``, ``return_3y``) or a rolling statistic whose window is
   longer than the fund's history: ``history 412 d < window 1095 d`` (a fund has a NAV on
   or before end − W exactly when its history spans W days or more).
3. Fewer than two NAVs: ``1 NAV in the window: need at least 2``.
4. A daily statistic with fewer than two observations: ``1 daily observation(s) < 2``.
5. A ratio over a zero denominator: ``volatility is 0``, ``no downside returns``,
   ``no drawdown in the window``, ``beta is 0``.
6. Anything else: ``not enough data in the window`` (e.g. no complete month for
   monthly capture, no benchmark up-day for up capture).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

import polars as pl

from fundlens.analytics.grid import WINDOW_DAYS
from fundlens.analytics.keys import RELATIVE_KEYS, WINDOWED_KEYS, all_keys

__all__ = ["reasons_frame"]

_SUFFIX: Final = re.compile(r"_(1m|3m|6m|1y|3y|5y|10y)$")
_ROLLING: Final = re.compile(r"^rolling_(1y|3y|5y|10y)_")
_DAILY: Final = frozenset(
    {"volatility", "downside_deviation", "sharpe", "sortino", "var_95", "cvar_95", "skew",
     "beta", "tracking_error", "information_ratio", "up_capture", "down_capture"}
)  # fmt: skip
_ZERO: Final[dict[str, tuple[str, str]]] = {
    "sharpe": ("volatility", "volatility is 0"),
    "sortino": ("downside_deviation", "no downside returns"),
    "information_ratio": ("tracking_error", "tracking error is 0"),
    "calmar": ("max_drawdown", "no drawdown in the window"),
    "treynor": ("beta", "beta is 0"),
    "skew": ("volatility", "volatility is 0"),
}


def _base(key: str) -> tuple[str, str | None]:
    """(key without window suffix, window token or None)."""
    rolled = _ROLLING.match(key)
    if rolled:
        stat = key[rolled.end() :]
        return ("rolling_beat" if stat == "beat_benchmark" else "rolling"), rolled.group(1)
    found = _SUFFIX.search(key)
    if found and (key[: found.start()] in WINDOWED_KEYS or key.startswith("return_")):
        return key[: found.start()], found.group(1)
    return key, None


def _reason(key: str, benchmark: pl.Expr) -> pl.Expr:
    base, window = _base(key)
    suffix = f"_{window}" if window and base != "return" else ""
    chain = pl.when(pl.col(key).is_not_null()).then(pl.lit(None, dtype=pl.String))
    if base in RELATIVE_KEYS or base == "rolling_beat":
        chain = chain.when(benchmark.is_not_null()).then(benchmark)
    if window is not None:
        days = WINDOW_DAYS[window]
        chain = chain.when(pl.col("days") < days).then(
            pl.format("history {} d < window {} d", pl.col("days"), pl.lit(days))
        )
    chain = chain.when(pl.col("days") == 0).then(pl.lit("fewer than 2 NAVs in the window"))
    if base in _DAILY:
        obs = pl.col("observations")
        chain = chain.when(obs < 2).then(pl.format("{} daily observation(s) < 2", obs))
    if base in _ZERO:
        column, text = _ZERO[base]
        chain = chain.when(pl.col(column + suffix) == 0).then(pl.lit(text))
    return chain.otherwise(pl.lit("not enough data in the window")).alias(key)


@cache
def _reason_exprs() -> tuple[pl.Expr, ...]:
    """One reason expression per key (they depend on the key only: built once)."""
    return tuple(_reason(key, pl.col("_bench")) for key in all_keys())


def reasons_frame(values: pl.DataFrame, *, benchmark_missing: list[str | None]) -> pl.DataFrame:
    """Long frame (scheme_code, key, reason), one row per null key of ``values``.

    ``values`` holds every key of :func:`~fundlens.analytics.keys.all_keys` plus
    ``days`` and ``observations``; ``benchmark_missing`` is the per-row reason a fund has
    no benchmark (None where it has one)."""
    bench = pl.Series("_bench", benchmark_missing, dtype=pl.String)
    frame = values.with_columns(bench)
    benchmark = pl.col("_bench")
    no_common = (pl.col("observations") == 0) & benchmark.is_null()
    bench_reason = (
        pl.when(benchmark.is_not_null())
        .then(benchmark)
        .when(no_common)
        .then(pl.lit("no dates in common with the benchmark"))
    )
    frame = frame.with_columns(bench_reason.alias("_bench"))
    nulls = values.null_count().row(0, named=True)
    keyed = [e for key, e in zip(all_keys(), _reason_exprs(), strict=True) if nulls[key]]
    reasons = frame.select("scheme_code", *keyed)
    return (
        reasons.unpivot(index="scheme_code", variable_name="key", value_name="reason")
        .drop_nulls("reason")
        .sort("scheme_code", maintain_order=True)
    )
