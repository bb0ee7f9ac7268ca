"""Contract keys → the names and units of the seed-shaped API responses: one table.

The engine and every non-seed response speak the contract (conventions.md): snake_case
keys such as ``sharpe_3y`` and fractions (0.12 = 12 %). A response shaped after a seed
(seed 003 Gen 2 and §7, seed 002 §6.2) keeps the seed's field names and units instead:
percent for returns, drawdowns, volatility, alpha and tracking error, a fraction for
``rolling_beat_rate``, 0–100 for ``percentile``. This module is the only place that
translation lives:

* :data:`UNITS` — how a seed response shows a contract metric (by its base key, the
  window suffix dropped), with the sentence each OpenAPI field description carries;
* :data:`SEED_NAMES` — per seed response (a block of it), contract key → seed field name;
* :func:`to_seed` converts one value, :func:`seed_values` and :func:`seed_reasons` a
  whole block, :func:`unit_note` writes the unit sentence of a field description.

>>> to_seed("return_3y", 0.187)
18.7
>>> to_seed("sharpe_3y", 1.1)
1.1
>>> to_seed("rolling_1y_beat_benchmark", 0.78)
0.78
>>> seed_values({"sharpe_3y": 1.1, "alpha_3y": 0.032}, {"sharpe_3y": "sharpe_ratio_3y",
...                                                     "alpha_3y": "alpha", "beta_3y": "beta"})
{'sharpe_ratio_3y': 1.1, 'alpha': 3.2, 'beta': None}
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

__all__ = [
    "COUNT",
    "FRACTION",
    "PERCENT",
    "PERCENT_POINTS",
    "RATIO",
    "SEED_NAMES",
    "UNITS",
    "SeedUnit",
    "base_key",
    "seed_reasons",
    "seed_values",
    "to_seed",
    "unit_note",
    "unit_of",
]


@dataclass(frozen=True)
class SeedUnit:
    """A unit of a seed-shaped field: the factor from the contract's value and the sentence
    its OpenAPI description carries."""

    name: str
    scale: float
    note: str


PERCENT: Final = SeedUnit("percent", 100.0, "Percent (12.5 = 12.5 %).")
PERCENT_POINTS: Final = SeedUnit(
    "percentage points", 100.0, "Percentage points (fund minus benchmark; 3.2 = 3.2 pp)."
)
FRACTION: Final = SeedUnit("fraction", 1.0, "A fraction, 0-1 (0.78 = 78 %).")
RATIO: Final = SeedUnit("ratio", 1.0, "A plain ratio (no unit).")
COUNT: Final = SeedUnit("count", 1.0, "A count or a rank (no unit).")

#: Base contract key (window suffix dropped) → its unit in seed-shaped responses.
#: conventions.md: percent for returns, drawdowns, volatility, alpha and tracking error;
#: ``rolling_beat_rate`` a fraction; ratios, beta and captures as they are.
UNITS: Final[dict[str, SeedUnit]] = {
    # returns (trailing, since first NAV, whole window, rolling statistics of returns)
    "return": PERCENT,
    "cagr": PERCENT,
    "cumulative_return": PERCENT,
    "rolling_return": PERCENT,
    "best_month": PERCENT,
    "worst_month": PERCENT,
    "best_year": PERCENT,
    "worst_year": PERCENT,
    # risk
    "volatility": PERCENT,
    "downside_deviation": PERCENT,
    "max_drawdown": PERCENT,
    "var_95": PERCENT,
    "cvar_95": PERCENT,
    "tracking_error": PERCENT,
    # relative returns
    "alpha": PERCENT,
    "excess_return": PERCENT_POINTS,
    "down_market_excess": PERCENT_POINTS,
    # cost
    "expense_drag": PERCENT,
    # ratios (no unit)
    "sharpe": RATIO,
    "sortino": RATIO,
    "calmar": RATIO,
    "treynor": RATIO,
    "information_ratio": RATIO,
    "beta": RATIO,
    "up_capture": RATIO,
    "down_capture": RATIO,
    "up_capture_monthly": RATIO,
    "down_capture_monthly": RATIO,
    "capture_ratio": RATIO,
    "skew": RATIO,
    "ulcer_index": RATIO,
    # shares of windows / of peers
    "beat_benchmark": FRACTION,
    "above": FRACTION,
    "category_percentile": SeedUnit("percentile", 100.0, "Percentile, 0-100 (100 = best)."),
    "category_rank": COUNT,
    "category_peers": COUNT,
}

#: Seed response (and block) → {contract key: seed field name}. The keys of a block are
#: the contract keys the engine returns (``fundlens metrics --json``), so a block is
#: ``seed_values(report["metrics"], SEED_NAMES[...])``.
SEED_NAMES: Final[dict[str, dict[str, str]]] = {
    # seed 002 §6.2, GET /api/v1/funds/{scheme_code}/analysis
    "seed002.returns": {
        "return_1m": "1m",
        "return_3m": "3m",
        "return_6m": "6m",
        "return_1y": "1y",
        "return_3y": "3y",
        "return_5y": "5y",
        "return_si": "since_inception",
    },
    "seed002.risk_metrics": {
        "volatility_1y": "volatility_1y",
        "volatility_3y": "volatility_3y",
        "sharpe_1y": "sharpe_ratio_1y",
        "sharpe_3y": "sharpe_ratio_3y",
        "sortino_3y": "sortino_ratio_3y",
        "max_drawdown_1y": "max_drawdown_1y",
        "max_drawdown_3y": "max_drawdown_3y",
        # conventions.md: beta, alpha, TE and IR of seed 002 use the 3y window
        "beta_3y": "beta",
        "alpha_3y": "alpha",
        "information_ratio_3y": "information_ratio",
    },
    "seed002.benchmark_comparison": {
        "return_3y": "fund_return_3y",
        "benchmark_return_3y": "benchmark_return_3y",
        "excess_return_3y": "outperformance",
        "tracking_error_3y": "tracking_error",
        "rolling_1y_beat_benchmark": "rolling_beat_rate",
    },
    "seed002.peer_comparison": {
        "category_rank": "category_rank",
        "category_peers": "category_total",
        "category_percentile": "percentile",
    },
    # seed 003 §6.4 MetricsResult, POST /api/analysis/compare (whole window)
    "seed003.amc_metrics": {
        "cagr": "cagr",
        "sharpe": "sharpe",
        "sortino": "sortino",
        "calmar": "calmar",
        "treynor": "treynor",
        "information_ratio": "info_ratio",
        "beta": "beta",
        "alpha": "alpha",
        "max_drawdown": "max_drawdown",
        "volatility": "volatility",
    },
    # seed 003 §7.4 DrawdownStats, POST /api/performance/fund-analytics
    "seed003.drawdown": {"max_drawdown": "max_drawdown"},
}

_WINDOW = re.compile(r"_(1m|3m|6m|1y|3y|5y|10y|si)$")
_ROLLING = re.compile(r"^rolling_(1m|3m|6m|1y|3y|5y|10y)_(?P<stat>[a-z0-9_]+)$")
_ROLLING_RETURN_STATS: Final = frozenset({"mean", "median", "min", "max", "std"})


def base_key(key: str) -> str:
    """The unit-bearing part of a contract key: ``sharpe_3y`` → ``sharpe``, ``return_6m`` →
    ``return``, ``rolling_1y_mean`` → ``rolling_return``, ``rolling_3y_above_10`` →
    ``above``, ``benchmark_return_3y`` → ``return``."""
    rolling = _ROLLING.match(key)
    if rolling:
        stat = rolling.group("stat")
        if stat in _ROLLING_RETURN_STATS:
            return "rolling_return"
        return "above" if stat.startswith("above_") else stat
    key = _WINDOW.sub("", key)
    if key.startswith("benchmark_"):
        key = key.removeprefix("benchmark_")
    return key


def unit_of(key: str) -> SeedUnit:
    """The seed-response unit of a contract key; KeyError for a key the table lacks (add
    it to :data:`UNITS`: a guessed unit would be a silent ×100 error)."""
    return UNITS[base_key(key)]


def to_seed(key: str, value: float | None) -> float | None:
    """``value`` (contract units) in the seed's unit; None and non-finite stay None.
    Rounded to 12 significant digits so 0.187 → 18.7, not 18.700000000000003."""
    if value is None or not math.isfinite(value):
        return None
    scale = unit_of(key).scale
    if scale == 1.0:
        return float(value)
    return float(f"{value * scale:.12g}")


def seed_values(
    values: Mapping[str, float | None], names: Mapping[str, str]
) -> dict[str, float | None]:
    """``{seed name: value in the seed's unit}`` for every contract key of ``names`` (a
    key missing from ``values`` gives None)."""
    return {seed: to_seed(key, values.get(key)) for key, seed in names.items()}


def seed_reasons(reasons: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """The contract's ``reasons`` (key → why null) re-keyed by seed names, for the keys of
    ``names`` only."""
    return {seed: reasons[key] for key, seed in names.items() if key in reasons}


def unit_note(key: str) -> str:
    """The unit sentence of a seed field's OpenAPI description."""
    return unit_of(key).note
