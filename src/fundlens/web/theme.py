"""The dashboard's two themes: CSS injected into the page and a matching Plotly template.

``terminal`` (default): dark, data-dense, monospace tabular numbers, amber accent — a
trading screen. ``editorial``: light paper, serif headings, ink-blue accent — a printed
research note. The theme is chosen in the sidebar (:func:`theme_switch`, drawn by
``app.py``), kept in the URL as ``?theme=editorial`` (the default, ``terminal``, leaves
the URL clean) and so kept when moving between pages and when sharing a link.

Every page calls :func:`apply_theme` (through ``layout.page_setup``); charts go through
:func:`style_figure` (or ``layout.show_chart``) and are drawn with ``theme=None`` so
Streamlit's own chart theme does not override the template. The CSS sets the custom
property ``--fl-theme`` on ``:root`` to the theme's name: a marker tests can read.
"""

from __future__ import annotations

from typing import Any, Final

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

__all__ = [
    "DEFAULT_THEME",
    "PALETTES",
    "THEMES",
    "THEME_KEY",
    "apply_theme",
    "current_theme",
    "palette",
    "plotly_template",
    "style_figure",
    "theme_css",
    "theme_switch",
]

#: Theme names, default first.
THEMES: Final[tuple[str, ...]] = ("terminal", "editorial")
DEFAULT_THEME: Final = "terminal"
#: The URL query parameter and the theme widget's key.
THEME_KEY: Final = "theme"

_MONO: Final = '"JetBrains Mono", "IBM Plex Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace'
_SERIF: Final = 'Georgia, "Iowan Old Style", "Palatino Linotype", "DejaVu Serif", serif'
_SANS: Final = '"Source Sans 3", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif'

#: Colours per theme: background, panel, text, muted, grid, accent, positive, negative,
#: and the series colourway (charts and colour-coded tables).
PALETTES: Final[dict[str, dict[str, Any]]] = {
    "terminal": {
        "bg": "#0b0f14",
        "panel": "#131a22",
        "text": "#d6dde6",
        "muted": "#8593a3",
        "grid": "#263241",
        "accent": "#f5a623",
        "positive": "#3fb950",
        "negative": "#f85149",
        "font": _MONO,
        "heading": _MONO,
        "colorway": ["#f5a623", "#4fc3f7", "#3fb950", "#f85149", "#bc8cff", "#39c5cf",
                     "#e3b341"],
    },
    "editorial": {
        "bg": "#fbf8f1",
        "panel": "#f3eee2",
        "text": "#1f1d1a",
        "muted": "#6b645a",
        "grid": "#e3dccd",
        "accent": "#1f4e79",
        "positive": "#2f6b3a",
        "negative": "#9b2c2c",
        "font": _SANS,
        "heading": _SERIF,
        "colorway": ["#1f4e79", "#9b2c2c", "#2f6b3a", "#b8860b", "#5b3f8c", "#3d7d8a",
                     "#7a5230"],
    },
}  # fmt: skip


def _template(name: str) -> go.layout.Template:
    p = PALETTES[name]
    axis = {
        "gridcolor": p["grid"],
        "linecolor": p["grid"],
        "zerolinecolor": p["muted"],
        "tickfont": {"color": p["muted"]},
        "title": {"font": {"color": p["muted"]}},
    }
    return go.layout.Template(
        layout={
            "paper_bgcolor": p["bg"],
            "plot_bgcolor": p["bg"] if name == "editorial" else p["panel"],
            "font": {"family": p["font"], "color": p["text"], "size": 12},
            "title": {"font": {"family": p["heading"], "size": 16}},
            "colorway": p["colorway"],
            "xaxis": axis,
            "yaxis": axis,
            "legend": {"bgcolor": "rgba(0,0,0,0)", "font": {"color": p["text"]}},
            "hoverlabel": {"bgcolor": p["panel"], "font": {"family": p["font"]}},
            "margin": {"l": 48, "r": 16, "t": 40, "b": 40},
        }
    )


for _name in THEMES:
    pio.templates[f"fundlens_{_name}"] = _template(_name)


def theme_css(name: str) -> str:
    """The CSS of theme ``name`` (a ``<style>`` block)."""
    p = PALETTES[name]
    dense = "0.25rem 0.5rem" if name == "terminal" else "0.45rem 0.75rem"
    return f"""<style>
:root {{ --fl-theme: {name}; --fl-bg: {p["bg"]}; --fl-panel: {p["panel"]};
  --fl-text: {p["text"]}; --fl-muted: {p["muted"]}; --fl-grid: {p["grid"]};
  --fl-accent: {p["accent"]}; --fl-pos: {p["positive"]}; --fl-neg: {p["negative"]}; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
[data-testid="stHeader"], [data-testid="stBottomBlockContainer"] {{
  background: var(--fl-bg); color: var(--fl-text); font-family: {p["font"]}; }}
[data-testid="stSidebar"], [data-testid="stSidebarContent"] {{
  background: var(--fl-panel); color: var(--fl-text); }}
[data-testid="stSidebarNav"] a span, [data-testid="stSidebar"] label,
[data-testid="stSidebar"] label p, [data-testid="stSidebar"] p {{ color: var(--fl-text); }}
[data-testid="stSidebarNav"] a[aria-current="page"] span {{ color: var(--fl-accent);
  font-weight: 600; }}
[data-testid="stSidebarNav"] a:hover {{ background: var(--fl-grid); }}
.stApp p, .stApp li, .stApp label, [data-testid="stMarkdownContainer"] {{ color: inherit; }}
.stApp h1, .stApp h2, .stApp h3, .stApp h4 {{ font-family: {p["heading"]};
  color: var(--fl-text); letter-spacing: {"0" if name == "terminal" else "-0.01em"}; }}
.stApp h1 {{ font-size: {"1.6rem" if name == "terminal" else "2.3rem"}; }}
.stApp a {{ color: var(--fl-accent); }}
[data-baseweb="select"] > div, [data-baseweb="input"], [data-baseweb="input"] input,
[data-baseweb="textarea"] textarea, [data-baseweb="base-input"], .stDateInput input,
.stNumberInput input, .stTextInput input {{
  background: var(--fl-panel); color: var(--fl-text); border-color: var(--fl-grid); }}
[data-baseweb="select"] > div {{ background-color: var(--fl-panel) !important;
  color: var(--fl-text) !important; }}
[data-baseweb="popover"] ul, [data-baseweb="popover"] li, [role="listbox"] {{
  background: var(--fl-panel); color: var(--fl-text); }}
.stButton button, .stDownloadButton button, [data-testid="stBaseButton-secondary"] {{
  background: var(--fl-panel); color: var(--fl-text); border: 1px solid var(--fl-grid); }}
.stButton button:hover, .stDownloadButton button:hover {{ border-color: var(--fl-accent);
  color: var(--fl-accent); }}
[data-baseweb="tab"] {{ color: var(--fl-muted); }}
[data-baseweb="tab"][aria-selected="true"] {{ color: var(--fl-accent); }}
[data-baseweb="tab-highlight"] {{ background: var(--fl-accent); }}
[data-testid="stCaptionContainer"], .fl-caption {{ color: var(--fl-muted); }}
.fl-table-wrap {{ overflow-x: auto; }}
table.fl-table {{ border-collapse: collapse; width: 100%; font-size: 0.86rem; }}
table.fl-table th, table.fl-table td {{ padding: {dense};
  border-bottom: 1px solid var(--fl-grid); text-align: left; color: var(--fl-text); }}
table.fl-table th {{ color: var(--fl-muted); font-weight: 600; }}
table.fl-table td.date {{ white-space: nowrap; }}
table.fl-table td.num, table.fl-table th.num {{ text-align: right; white-space: nowrap;
  font-family: {_MONO}; font-variant-numeric: tabular-nums; }}
.fl-metric {{ background: var(--fl-panel); border: 1px solid var(--fl-grid);
  border-radius: {"2px" if name == "terminal" else "6px"}; padding: {dense}; }}
.fl-metric-label {{ color: var(--fl-muted); font-size: 0.8rem; }}
.fl-metric-value {{ font-family: {_MONO}; font-size: 1.2rem; white-space: nowrap;
  overflow-x: auto; font-variant-numeric: tabular-nums; color: var(--fl-text); }}
.fl-banner {{ background: var(--fl-accent); color: var(--fl-bg); padding: 0.4rem 0.8rem;
  border-radius: 4px; font-weight: 600; }}
.fl-banner, .fl-banner * {{ color: {p["bg"]} !important; }}
.fl-pos {{ color: var(--fl-pos) !important; }}
.fl-neg {{ color: var(--fl-neg) !important; }}
</style>"""


def current_theme() -> str:
    """The theme of this run: the sidebar switch's value, else the URL's ``theme``, else
    :data:`DEFAULT_THEME` (an unknown name falls back to the default)."""
    chosen = st.session_state.get(THEME_KEY) or st.query_params.get(THEME_KEY)
    return chosen if chosen in THEMES else DEFAULT_THEME


def theme_switch() -> str:
    """Draw the sidebar theme switch, bound to the URL's ``theme`` parameter; the theme.

    Drawn by the entry script (``app.py``) before the page runs, so Streamlit keeps the
    parameter when the user moves to another page."""
    return str(
        st.sidebar.radio(
            "Theme", THEMES, key=THEME_KEY, bind="query-params", horizontal=True,
            help="terminal: dark and dense; editorial: light, serif headings. Kept in the URL.",
        )
    )  # fmt: skip


def apply_theme(theme: str | None = None) -> str:
    """Inject the CSS of ``theme`` (default :func:`current_theme`); the theme's name."""
    name = theme if theme in THEMES else current_theme()
    st.html(theme_css(name))
    return name


def plotly_template(theme: str | None = None) -> str:
    """Name of the registered Plotly template of ``theme`` (default the current one)."""
    name = theme if theme in THEMES else current_theme()
    return f"fundlens_{name}"


def palette(theme: str | None = None) -> dict[str, Any]:
    """The colours of ``theme`` (default the current one): see :data:`PALETTES`."""
    return PALETTES[theme if theme in THEMES else current_theme()]


def style_figure(fig: go.Figure, theme: str | None = None) -> go.Figure:
    """Give ``fig`` the theme's template (in place; returned for chaining)."""
    fig.update_layout(template=plotly_template(theme))
    return fig
