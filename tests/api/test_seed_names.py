"""The contract → seed translation table (no server: pure functions)."""

from __future__ import annotations

import pytest

from fundlens.analytics.keys import all_keys
from fundlens.api.seed_names import (
    PERCENT,
    SEED_NAMES,
    base_key,
    seed_reasons,
    seed_values,
    to_seed,
    unit_of,
)


def test_every_engine_key_has_a_seed_unit() -> None:
    # a key without a unit would be a silent x100 error in some seed response
    for key in all_keys():
        if key.startswith(("max_drawdown_", "drawdown_", "recovery_")) and "date" in key:
            continue
        if key in ("drawdown_duration_days", "recovery_days"):
            continue
        unit_of(key)


def test_every_mapped_key_has_a_unit() -> None:
    for names in SEED_NAMES.values():
        for key in names:
            unit_of(key)


def test_units_follow_the_conventions() -> None:
    # conventions.md: percent for returns, drawdowns, volatility, alpha, tracking error;
    # rolling_beat_rate a fraction; percentile 0-100
    assert to_seed("return_3y", 0.187) == 18.7
    assert to_seed("cagr", -0.5966) == -59.66
    assert to_seed("max_drawdown_3y", -0.152) == -15.2
    assert to_seed("volatility_1y", 0.142) == 14.2
    assert to_seed("alpha_3y", 0.032) == 3.2
    assert to_seed("tracking_error_3y", 0.041) == 4.1
    assert to_seed("excess_return_3y", 0.032) == 3.2
    assert to_seed("rolling_1y_beat_benchmark", 0.78) == 0.78
    assert to_seed("category_percentile", 0.92) == 92.0
    assert to_seed("sharpe_3y", 1.1) == 1.1
    assert to_seed("beta_3y", 0.85) == 0.85
    assert to_seed("category_rank", 3.0) == 3.0


def test_missing_values_stay_null() -> None:
    assert to_seed("return_3y", None) is None
    assert to_seed("return_3y", float("nan")) is None
    assert to_seed("sharpe", float("inf")) is None


def test_base_keys() -> None:
    assert base_key("sharpe_3y") == "sharpe"
    assert base_key("return_si") == "return"
    assert base_key("benchmark_return_3y") == "return"
    assert base_key("rolling_3y_median") == "rolling_return"
    assert base_key("rolling_1y_above_10") == "above"
    assert base_key("rolling_5y_beat_benchmark") == "beat_benchmark"
    assert unit_of("rolling_1y_mean") is PERCENT


def test_an_unknown_key_is_refused() -> None:
    with pytest.raises(KeyError):
        unit_of("nav_per_unit")


def test_blocks_and_reasons() -> None:
    names = SEED_NAMES["seed002.risk_metrics"]
    got = seed_values({"sharpe_3y": 1.1, "beta_3y": 0.85, "alpha_3y": 0.032}, names)
    assert got["sharpe_ratio_3y"] == 1.1 and got["beta"] == 0.85 and got["alpha"] == 3.2
    assert got["volatility_1y"] is None
    reasons = seed_reasons({"sharpe_3y": "history 412 d < window 1095 d", "cagr": "x"}, names)
    assert reasons == {"sharpe_ratio_3y": "history 412 d < window 1095 d"}
