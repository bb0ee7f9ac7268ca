"""``web.tables.tone_css``: which cells get a colour, which colour and how strong."""

from __future__ import annotations

import pandas as pd

from fundlens.web.tables import MAX_MIX, tone_css


def test_tones_to_css_rules() -> None:
    tones = pd.DataFrame({"CAGR": [1.0, 0.0, -1.0], 'Odd "col"': [0.25, None, 2.0]})
    css = tone_css("amc-metrics", tones)
    lines = css.splitlines()
    assert lines[0] == "<style>" and lines[-1] == "</style>"
    rules = lines[1:-1]
    # zero and missing tones leave the cell alone: 4 rules for 6 cells
    assert len(rules) == 4
    assert rules[0] == (
        '[data-testid="table-amc-metrics"] tbody tr:nth-child(1) td[data-col="CAGR"] '
        f"{{ background: color-mix(in srgb, var(--fl-pos) {MAX_MIX}%, transparent); }}"
    )
    assert 'tr:nth-child(3) td[data-col="CAGR"]' in rules[1] and "--fl-neg) 40%" in rules[1]
    # a quote in a column name is escaped; a quarter tone mixes a quarter as much
    assert 'td[data-col="Odd \\"col\\""]' in rules[2] and "--fl-pos) 10%" in rules[2]
    # tones beyond ±1 are capped
    assert "--fl-pos) 40%" in rules[3]


def test_no_tones_no_rules() -> None:
    assert tone_css("t", pd.DataFrame({"Beta": [float("nan")]})) == "<style>\n\n</style>"
