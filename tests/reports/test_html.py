"""Formatting and SVG helpers of the tearsheet, on hand-made values."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

from fundlens.reports.charts import inline_svg, troughs
from fundlens.reports.html import heat_colour, inr, inr_short, num_cell, pct, ratio, table


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "₹0"),
        (999, "₹999"),
        (1_000, "₹1,000"),
        (99_999, "₹99,999"),
        (1_00_000, "₹1,00,000"),  # one lakh
        (12_34_567.4, "₹12,34,567"),
        (12_34_567.5, "₹12,34,568"),
        (1_00_00_000, "₹1,00,00,000"),  # one crore
        (-5_000, "−₹5,000"),
        (None, "—"),
        (math.nan, "—"),
    ],
)
def test_inr_groups_digits_the_indian_way(value: float | None, text: str) -> None:
    assert inr(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(950, "₹950"), (12_500, "₹12.5 K"), (3_40_000, "₹3.4 L"), (25_00_000, "₹25 L"),
     (1_25_00_000, "₹1.25 Cr"), (-2_50_000, "−₹2.5 L")],
)  # fmt: skip
def test_inr_short_uses_lakh_and_crore(value: float, text: str) -> None:
    assert inr_short(value) == text


def test_percent_and_ratio() -> None:
    assert pct(0.10067) == "10.07%"
    assert pct(-0.614528) == "-61.45%"
    assert pct(0.05, 1, sign=True) == "+5.0%"
    assert pct(None) == pct(math.inf) == "—"
    assert ratio(1.2345) == "1.23" and ratio(None) == "—"


def test_missing_cell_carries_its_reason_and_text_is_escaped() -> None:
    cell = num_cell("—", key="sharpe_3y", col="fund", reason="history 412 d < window 1095 d")
    assert 'title="history 412 d &lt; window 1095 d"' in cell
    assert 'class="num"' in cell and 'data-key="sharpe_3y"' in cell
    html = table(["Metric", "Value"], [["<td>a&b</td>", num_cell("1.00")]])
    assert '<th class="num">Value</th>' in html and "<th>Metric</th>" in html


def test_heat_colour_scales_with_the_value() -> None:
    assert heat_colour(None, 0.1) == "transparent"
    assert heat_colour(0.05, 0.1) == "rgba(22,163,74,0.42)"  # half the scale × 0.85
    assert heat_colour(-0.2, 0.1) == "rgba(220,38,38,0.85)"  # capped


def test_troughs_keep_every_runs_minimum() -> None:
    values = np.array([0, -1, -3, -2, 0, -5, -1, 0, -2, -0.5])
    # three runs [0..3], [4..6], [7..9]: their minima at 2, 5, 8, and the last point
    assert troughs(values, 3).tolist() == [2, 5, 8, 9]
    assert troughs(values, 20).tolist() == list(range(10))


def test_inline_svg_is_embeddable() -> None:
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.plot([1, 2, 3], [1.123456, 2.5, 3.0])
    svg = inline_svg(fig, "demo")
    assert svg.startswith('<div class="chart"') and "<svg" in svg
    assert "<?xml" not in svg and "DOCTYPE" not in svg and "<metadata>" not in svg
    ids = re.findall(r'\sid="([^"]+)"', svg)
    assert ids and all(i.startswith("demo-") for i in ids)
    refs = re.findall(r'href="#([^"]+)"', svg) + re.findall(r"url\(#([^)]+)\)", svg)
    assert refs and set(refs) <= set(ids)
    assert not re.search(r"\d\.\d{3}", svg.split("<svg", 1)[1])
