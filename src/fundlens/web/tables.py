"""Colour-coded tables: ``layout.show_table`` plus a cell background per value.

The table itself (values in the DOM, the CSV download) is ``layout.show_table``'s; this
module only adds a ``<style>`` block that paints chosen cells, addressed by row position
and column (``show_table`` writes ``data-col`` on every cell). A cell's *tone* is a number
in [−1, 1]: positive cells take the theme's positive colour, negative ones its negative
colour, mixed into the background in proportion to ``|tone|`` (at most
:data:`MAX_MIX` %); 0 or NaN leaves the cell alone. The theme's CSS variables
(``--fl-pos``, ``--fl-neg``) keep the colours right in both themes.
"""

from __future__ import annotations

import math
from typing import Final

import pandas as pd
import streamlit as st

from fundlens.web.layout import show_table

__all__ = ["MAX_MIX", "show_toned_table", "tone_css"]

#: Strongest mix of the tone colour into a cell's background (percent).
MAX_MIX: Final = 40


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tone_css(key: str, tones: pd.DataFrame) -> str:
    """The ``<style>`` block colouring table ``key``'s cells by ``tones`` (same rows, in
    order, as the table; columns named as the table's).

    >>> frame = pd.DataFrame({"CAGR": [1.0, -0.5, float("nan")]})
    >>> print(tone_css("t", frame))
    <style>
    [data-testid="table-t"] tbody tr:nth-child(1) td[data-col="CAGR"] { background: color-mix(in srgb, var(--fl-pos) 40%, transparent); }
    [data-testid="table-t"] tbody tr:nth-child(2) td[data-col="CAGR"] { background: color-mix(in srgb, var(--fl-neg) 20%, transparent); }
    </style>
    """  # noqa: E501
    rules = []
    for column in tones.columns:
        for row, tone in enumerate(tones[column].tolist(), start=1):
            if tone is None or not math.isfinite(tone) or tone == 0:
                continue
            colour = "--fl-pos" if tone > 0 else "--fl-neg"
            mix = round(MAX_MIX * min(abs(tone), 1.0))
            rules.append(
                f'[data-testid="table-{key}"] tbody tr:nth-child({row}) '
                f"td[data-col={_css_string(str(column))}] "
                f"{{ background: color-mix(in srgb, var({colour}) {mix}%, transparent); }}"
            )
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def show_toned_table(
    df: pd.DataFrame, key: str, tones: pd.DataFrame, *, caption: str | None = None
) -> None:
    """``show_table(df, key)`` with its cells coloured by ``tones`` (see :func:`tone_css`)."""
    if len(tones) != len(df):
        raise ValueError(f"tones has {len(tones)} rows, the table {len(df)}")
    show_table(df, key, caption=caption)
    st.html(tone_css(key, tones))
