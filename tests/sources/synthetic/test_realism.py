"""Realism of the demo universe: the ranges docs/synthetic.md promises (targets from the spec)."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from fundlens.sources.synthetic import Universe, format_table, realism_checks
from fundlens.sources.synthetic.calendar import calendar_days, trading_mask, years_of
from fundlens.sources.synthetic.checks import main
from fundlens.sources.synthetic.factors import generate_factors


def test_demo_passes_every_realism_check(demo: Universe) -> None:
    checks = realism_checks(demo)
    failed = [c for c in checks if not c.passed]
    assert not failed, format_table(failed)


def test_demo_realism_values_by_hand(demo: Universe) -> None:
    """The same targets, computed directly from the panel without the checks module."""
    level = demo.market[demo.trading]
    years = years_of(demo.dates[demo.trading])
    for year, low, high in ((2008, -0.65, -0.50), (2020, -0.40, -0.30)):
        x = level[years == year]
        assert low <= (x / np.maximum.accumulate(x) - 1).min() <= high
    cagr = (demo.market[-1] / demo.market[0]) ** (365 / (demo.end - demo.start).days) - 1
    assert 0.11 <= cagr <= 0.13


def test_demo_covers_every_asset_class_and_main_category(demo: Universe) -> None:
    s = demo.schemes
    assert s.height == 300
    assert set(s["asset_class"]) >= {"equity", "debt", "hybrid", "commodity"}
    assert set(s["vehicle"]) >= {"active", "index", "etf", "fof"}
    main_categories = {
        "Equity Scheme - Large Cap Fund", "Equity Scheme - Mid Cap Fund",
        "Equity Scheme - Small Cap Fund", "Equity Scheme - Flexi Cap Fund",
        "Equity Scheme - ELSS", "Equity Scheme - Sectoral/ Thematic",
        "Debt Scheme - Liquid Fund", "Debt Scheme - Overnight Fund", "Debt Scheme - Gilt Fund",
        "Debt Scheme - Corporate Bond Fund", "Debt Scheme - Short Duration Fund",
        "Hybrid Scheme - Aggressive Hybrid Fund", "Hybrid Scheme - Arbitrage Fund",
        "Hybrid Scheme - Dynamic Asset Allocation or Balanced Advantage",
        "Other Scheme - Index Funds", "Other Scheme - Other  ETFs", "Other Scheme - Gold ETF",
        "Other Scheme - FoF Domestic",
    }  # fmt: skip
    assert main_categories <= set(s["category_raw"])
    assert s.filter(pl.col("tracked_index") == "Nifty 50").height > 0
    assert 15 <= s["amc_name"].n_unique() <= 40


@pytest.mark.parametrize("seed", range(12))
def test_market_crises_hold_for_any_seed(seed: int) -> None:
    days = calendar_days(date(2006, 4, 3), date(2026, 10, 30))
    trading = trading_mask(days)
    level = generate_factors(days, trading, np.random.default_rng(seed)).level("nifty50")[trading]
    years = years_of(days[trading])
    for year, low, high in ((2008, -0.65, -0.50), (2020, -0.40, -0.30)):
        x = level[years == year]
        assert low <= (x / np.maximum.accumulate(x) - 1).min() <= high


def test_checks_module_prints_a_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--schemes", "80", "--seed", "42"]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith("| check | value | target | pass |")
    assert "Nifty-50 proxy: 2008 peak-to-trough" in out
