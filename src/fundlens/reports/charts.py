"""The tearsheet's charts: Matplotlib figures rendered to inline SVG.

No pyplot (no global state, no GUI backend): each chart builds a
:class:`matplotlib.figure.Figure`, saves it as SVG with text kept as text
(``svg.fonttype = none``: small, sharp, selectable), and :func:`inline_svg` makes it fit
an HTML page — XML prologue and metadata removed, coordinates rounded to 1/100 pt, every
``id`` prefixed with the chart's name so that several SVGs share one document without
clashing, width set by CSS.
Inputs are plain values already computed by the services; nothing here computes a metric.
Percent axes show fractions × 100; rupee axes use lakh/crore (:func:`.html.inr_short`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any, Final

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from fundlens.reports.html import inr_short

__all__ = [
    "BENCH",
    "FUND",
    "POINTS",
    "capture_scatter",
    "cumulative_chart",
    "inline_svg",
    "period_bars",
    "rolling_chart",
    "rolling_sip_chart",
    "sip_chart",
    "troughs",
    "underwater_chart",
]

FUND: Final = "#1d4ed8"
BENCH: Final = "#d97706"
GAIN: Final = "#16a34a"
LOSS: Final = "#dc2626"
_INK: Final = "#374151"
_WIDTH: Final = 10.0  # inches; the page scales the SVG to its column
POINTS: Final = 1200  # display points of a long series (about one per pixel)

_RC: Final[dict[str, Any]] = {
    "svg.fonttype": "none",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9ca3af",
    "axes.labelcolor": _INK,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.grid": True,
    "grid.color": "#e5e7eb",
    "grid.linewidth": 0.8,
    "xtick.color": "#4b5563",
    "ytick.color": "#4b5563",
    "legend.frameon": False,
    "legend.fontsize": 9,
    "lines.linewidth": 1.4,
}

_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_IDS = re.compile(r'(id="|href="#|url\(#)([^")]+)')
_DIGITS = re.compile(r"(\d\.\d\d)\d+")  # coordinates to 1/100 pt: a third smaller


def inline_svg(figure: Figure, name: str) -> str:
    """The figure as an ``<svg>`` element for an HTML page, ids prefixed with ``name``."""
    buffer = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = _METADATA.sub("", _PROLOGUE.sub("", buffer.getvalue(), count=1), count=1)
    text = _IDS.sub(lambda m: f"{m.group(1)}{name}-{m.group(2)}", _DIGITS.sub(r"\1", text))
    return f'<div class="chart" role="img" aria-label="{name}">{text}</div>'


def _figure(
    height: float, rows: int = 1, cols: int = 1, *, width: float = _WIDTH, **kw: Any
) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(rows, cols, squeeze=False, **kw)


def _legend(fig: Figure, ax: Axes | None = None) -> None:
    """One legend in the title's row, right-aligned, never over the data."""
    ax = ax or fig.axes[0]
    count = len(ax.get_legend_handles_labels()[1])
    if count == 0:
        return
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=count, borderaxespad=0.2)


def _percent_axis(ax: Axes, axis: str = "y", decimals: int = 0) -> None:
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(PercentFormatter(1.0, decimals=decimals))


def _dates(values: Sequence[str] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]")


def _styled(fn: Any) -> Any:
    """Run a chart builder under the tearsheet's Matplotlib style."""

    def wrapper(*args: Any, **kwargs: Any) -> str:
        with matplotlib.rc_context(_RC):
            return str(fn(*args, **kwargs))

    wrapper.__doc__, wrapper.__name__ = fn.__doc__, fn.__name__
    return wrapper


@_styled
def cumulative_chart(
    dates: np.ndarray, fund: np.ndarray, bench: np.ndarray | None, *, labels: tuple[str, str]
) -> str:
    """Cumulative return (fraction) of the fund and its benchmark over the window."""
    fig, axes = _figure(3.8)
    ax = axes[0, 0]
    ax.plot(dates, fund, color=FUND, label=labels[0])
    if bench is not None:
        ax.plot(dates, bench, color=BENCH, label=labels[1])
    ax.axhline(0, color="#9ca3af", linewidth=0.8)
    ax.set_title("Cumulative return")
    ax.set_ylabel("return since the first date")
    _percent_axis(ax)
    _legend(fig)
    return inline_svg(fig, "cumulative")


@_styled
def rolling_chart(windows: dict[str, dict[str, Any]], *, labels: tuple[str, str]) -> str:
    """One panel per window: the fund's and benchmark's annualised rolling returns."""
    shown = {w: s for w, s in windows.items() if s["dates"]}
    fig, axes = _figure(2.3 * max(len(shown), 1), max(len(shown), 1), 1, sharex=True)
    for ax, (window, series) in zip(axes[:, 0], shown.items(), strict=False):
        days = _dates(series["dates"])
        ax.plot(days, np.asarray(series["fund"], dtype=float), color=FUND, label=labels[0])
        if series.get("benchmark") is not None:
            ax.plot(
                days,
                np.asarray(series["benchmark"], dtype=float),
                color=BENCH,
                label=labels[1],
                linewidth=1.1,
            )
        ax.axhline(0, color="#9ca3af", linewidth=0.8)
        ax.set_title(f"{window} rolling return (annualised)", fontsize=11)
        ax.set_ylabel(window)
        _percent_axis(ax)
    _legend(fig, axes[0, 0])
    return inline_svg(fig, "rolling")


def troughs(values: np.ndarray, points: int) -> np.ndarray:
    """Indices of at most ``points`` + 1 values for display, keeping every trough: the
    series is cut into ``points`` equal runs and each run's minimum kept (plus the last
    value), so a thinned drawdown chart still reaches the true maximum drawdown."""
    n = values.size
    if n <= points:
        return np.arange(n)
    runs = np.arange(n) * points // n
    order = np.lexsort((values, runs))
    _, first = np.unique(runs[order], return_index=True)
    return np.union1d(order[first], [n - 1])


@_styled
def underwater_chart(dates: np.ndarray, values: np.ndarray, episodes: list[dict[str, Any]]) -> str:
    """Drawdown from the running maximum (thinned by :func:`troughs`); the top episodes
    shaded peak → recovery."""
    keep = troughs(values, POINTS)
    dates, values = dates[keep], values[keep]
    fig, axes = _figure(3.2)
    ax = axes[0, 0]
    ax.fill_between(dates, values, 0, color=LOSS, alpha=0.28, linewidth=0)
    ax.plot(dates, values, color=LOSS, linewidth=0.9)
    end = dates[-1] if len(dates) else None
    for rank, ep in enumerate(episodes, start=1):
        peak = np.datetime64(ep["peak_date"], "D")
        stop = np.datetime64(ep["recovery_date"], "D") if ep["recovery_date"] else end
        ax.axvspan(peak, stop, color="#94a3b8", alpha=0.12, linewidth=0)
        ax.annotate(
            str(rank),
            (np.datetime64(ep["trough_date"], "D"), ep["depth"]),
            xytext=(0, -11),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=_INK,
        )
    ax.set_title("Underwater: drawdown from the previous peak (top 5 shaded)")
    ax.set_ylabel("drawdown")
    _percent_axis(ax)
    return inline_svg(fig, "underwater")


@_styled
def period_bars(
    labels: list[str],
    fund: list[float | None],
    bench: list[float | None] | None,
    *,
    title: str,
    names: tuple[str, str],
    ident: str,
) -> str:
    """Grouped bars of period returns (calendar or financial years), fund vs benchmark."""
    fig, axes = _figure(3.3)
    ax = axes[0, 0]
    x = np.arange(len(labels))
    width = 0.4 if bench is not None else 0.6
    f = np.array([np.nan if v is None else v for v in fund], dtype=float)
    shift = -width / 2 if bench is not None else 0.0
    bars = ax.bar(x + shift, f, width, color=FUND, label=names[0])
    ax.bar_label(
        bars,
        labels=[f"{v:.0%}" if np.isfinite(v) else "" for v in f],
        fontsize=7.5,
        padding=2,
        color=_INK,
    )
    if bench is not None:
        b = np.array([np.nan if v is None else v for v in bench], dtype=float)
        ax.bar(x + width / 2, b, width, color=BENCH, label=names[1], alpha=0.9)
    ax.axhline(0, color="#6b7280", linewidth=0.8)
    ax.set_xticks(x, labels, fontsize=9)
    ax.grid(axis="x", visible=False)
    ax.set_title(title)
    ax.set_ylabel("return")
    _percent_axis(ax)
    _legend(fig)
    return inline_svg(fig, ident)


@_styled
def capture_scatter(fund: np.ndarray, bench: np.ndarray, *, labels: tuple[str, str]) -> str:
    """Monthly fund return against the benchmark's: up months green, down months red,
    the line of equal returns dashed."""
    fig, axes = _figure(5.6, width=6.2)
    ax = axes[0, 0]
    up = bench > 0
    ax.scatter(bench[up], fund[up], s=18, color=GAIN, alpha=0.75, label="benchmark up month")
    ax.scatter(bench[~up], fund[~up], s=18, color=LOSS, alpha=0.75, label="benchmark down month")
    both = np.concatenate([fund, bench])
    lo, hi = (float(both.min()), float(both.max())) if both.size else (-0.1, 0.1)
    pad = 0.05 * (hi - lo or 1.0)
    ax.plot(
        [lo - pad, hi + pad],
        [lo - pad, hi + pad],
        color="#6b7280",
        linestyle="--",
        linewidth=0.9,
        label="fund = benchmark",
    )
    ax.axhline(0, color="#9ca3af", linewidth=0.6)
    ax.axvline(0, color="#9ca3af", linewidth=0.6)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel(f"{labels[1]} — monthly return")
    ax.set_ylabel(f"{labels[0]} — monthly return")
    ax.set_title("Monthly returns: fund against benchmark")
    _percent_axis(ax, "x")
    _percent_axis(ax, "y")
    ax.legend(loc="upper left", fontsize=8.5)
    return inline_svg(fig, "capture")


def _rupee_axis(ax: Axes) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: inr_short(v)))


@_styled
def sip_chart(dates: np.ndarray, invested: np.ndarray, value: np.ndarray) -> str:
    """The SIP's market value against the money put in, in rupees."""
    fig, axes = _figure(3.6)
    ax = axes[0, 0]
    ax.step(dates, invested, where="post", color="#6b7280", label="invested")
    ax.plot(dates, value, color=FUND, label="value")
    ax.fill_between(
        dates,
        invested,
        value,
        where=value >= invested,
        color=GAIN,
        alpha=0.12,
        step=None,
        linewidth=0,
    )
    ax.fill_between(
        dates, invested, value, where=value < invested, color=LOSS, alpha=0.12, linewidth=0
    )
    ax.set_title("SIP: value against money invested")
    ax.set_ylabel("rupees")
    _rupee_axis(ax)
    _legend(fig)
    return inline_svg(fig, "sip-path")


@_styled
def rolling_sip_chart(distributions: dict[str, np.ndarray]) -> str:
    """Histogram of the XIRR of every N-year SIP, one panel per N."""
    shown = {k: v[np.isfinite(v)] for k, v in distributions.items()}
    shown = {k: v for k, v in shown.items() if v.size}
    cols = max(len(shown), 1)
    fig, axes = _figure(3.0, 1, cols, sharey=False)
    for ax, (label, values) in zip(axes[0], shown.items(), strict=False):
        bins = min(30, max(5, int(np.sqrt(values.size)) + 1))
        ax.hist(values, bins=bins, color=FUND, alpha=0.8, edgecolor="white", linewidth=0.5)
        ax.axvline(float(np.median(values)), color=BENCH, linewidth=1.4, label="median")
        ax.axvline(0, color=LOSS, linewidth=0.9, linestyle="--")
        ax.set_title(f"{label} SIPs: XIRR", fontsize=11)
        ax.set_xlabel("XIRR (a year)")
        _percent_axis(ax, "x")
        ax.grid(axis="x", visible=False)
    axes[0, 0].set_ylabel("number of SIPs")
    axes[0, 0].legend(loc="upper left")
    return inline_svg(fig, "rolling-sip")
