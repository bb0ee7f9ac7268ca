"""Realism checks of a synthetic universe: the numbers ``docs/synthetic.md`` reports.

Run ``python -m fundlens.sources.synthetic.checks`` to print the table for the demo universe
(``--full`` for the full-scale one).

Conventions (as ``conventions.md``): daily returns are simple returns ``NAV_t / NAV_{t-1} - 1``
between consecutive Monday–Friday NAVs (equity funds and indices on trading days);
annualised volatility and tracking error = sample sd (ddof = 1) × √252; annualised return
(CAGR) = ``(NAV_end / NAV_start)^(365 / days) - 1``; drawdown = min(level / running max − 1)
within the calendar year. Growth options only (IDCW NAVs fall at payouts). Uses NumPy on
the NAV panel and nothing else from fundlens.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl

from fundlens.sources.synthetic.calendar import years_of
from fundlens.sources.synthetic.presets import (
    DEMO_N_SCHEMES,
    DEMO_SEED,
    DEMO_START,
    END_DATE,
    FULL_N_SCHEMES,
    FULL_SEED,
    FULL_YEARS,
    full_scale_start,
)
from fundlens.sources.synthetic.universe import Universe, generate_universe

__all__ = ["Check", "format_table", "main", "realism_checks"]

FloatArray = npt.NDArray[np.float64]
_TD: Final = 252.0
_MIN_OBS: Final = 250


@dataclass(frozen=True)
class Check:
    """One realism figure, its target range (inclusive; None = open) and the verdict."""

    name: str
    value: float
    low: float | None
    high: float | None
    unit: str = "fraction"

    @property
    def passed(self) -> bool:
        """True when the value lies within the target range."""
        if np.isnan(self.value):
            return False
        return (self.low is None or self.value >= self.low) and (
            self.high is None or self.value <= self.high
        )

    @property
    def target(self) -> str:
        """The target range as text (percent for fractions)."""

        def show(x: float) -> str:
            return _fmt(x, self.unit)

        if self.low is None:
            return f"≤ {show(self.high or 0.0)}"
        if self.high is None:
            return f"≥ {show(self.low)}"
        return f"{show(self.low)} … {show(self.high)}"


def _fmt(x: float, unit: str) -> str:
    return f"{x * 100:.2f} %" if unit == "fraction" else f"{x:.3f}"


def _returns(levels: FloatArray) -> FloatArray:
    """Simple returns between consecutive rows (NaN where either level is NaN)."""
    return levels[1:] / levels[:-1] - 1.0


def _year_drawdown(u: Universe, year: int) -> float:
    rows = u.trading & (years_of(u.dates) == year)
    if not rows.any():
        return float("nan")
    level = u.market[rows]
    return float(np.min(level / np.maximum.accumulate(level) - 1.0))


def _market_cagr(u: Universe) -> float:
    days = (u.end - u.start).days
    return float((u.market[-1] / u.market[0]) ** (365.0 / days) - 1.0)


def _cagr(series: FloatArray, first: int, last: int) -> float:
    return float((series[last] / series[first]) ** (365.0 / (last - first)) - 1.0)


def _pair_gap(u: Universe) -> float:
    """Mean over Growth pairs of CAGR(Direct) − CAGR(Regular) over their common span."""
    s = u.schemes.with_row_index("col")
    direct = s.filter((pl.col("plan") == "Direct") & (pl.col("option") == "Growth"))
    col_of = dict(zip(s["scheme_code"].to_list(), s["col"].to_list(), strict=True))
    gaps = []
    for d_col, pair in zip(direct["col"].to_list(), direct["pair_code"].to_list(), strict=True):
        r_col = col_of[pair]
        both = np.flatnonzero(~np.isnan(u.nav[:, d_col]) & ~np.isnan(u.nav[:, r_col]))
        if len(both) < 2 or both[-1] - both[0] < 365:
            continue
        first, last = int(both[0]), int(both[-1])
        gaps.append(_cagr(u.nav[:, d_col], first, last) - _cagr(u.nav[:, r_col], first, last))
    return float(np.mean(gaps)) if gaps else float("nan")


def _columns(u: Universe, expr: pl.Expr) -> npt.NDArray[np.int64]:
    return u.schemes.with_row_index("col").filter(expr)["col"].to_numpy().astype(np.int64)


def _growth() -> pl.Expr:
    return pl.col("option").is_null() | (pl.col("option") == "Growth")


def _nan_corr(x: FloatArray, y: FloatArray) -> FloatArray:
    """Column-wise Pearson correlation of ``y`` (rows × n) with the vector ``x`` on shared rows."""
    ok = ~np.isnan(y) & ~np.isnan(x)[:, None]
    n = ok.sum(axis=0)
    xb = np.where(ok, x[:, None], 0.0)
    yb = np.where(ok, y, 0.0)
    mx, my = xb.sum(0) / n, yb.sum(0) / n
    cov = (np.where(ok, (xb - mx) * (yb - my), 0.0)).sum(0)
    vx = (np.where(ok, (xb - mx) ** 2, 0.0)).sum(0)
    vy = (np.where(ok, (yb - my) ** 2, 0.0)).sum(0)
    out = cov / np.sqrt(vx * vy)
    return np.where(n >= _MIN_OBS, out, np.nan)


def _nan_vol(r: FloatArray) -> FloatArray:
    """Annualised sample volatility per column (NaN with fewer than 250 returns)."""
    n = np.sum(~np.isnan(r), axis=0)
    sd = np.nanstd(r, axis=0, ddof=1) if r.shape[0] > 1 else np.full(r.shape[1], np.nan)
    return np.where(n >= _MIN_OBS, sd * np.sqrt(_TD), np.nan)


def _equity_corr(u: Universe) -> FloatArray:
    cols = _columns(u, (pl.col("asset_class") == "equity") & (pl.col("vehicle") == "active")
                    & _growth())  # fmt: skip
    r_f = _returns(u.nav[u.trading][:, cols])
    corr = _nan_corr(_returns(u.market[u.trading]), r_f)
    return corr[~np.isnan(corr)]


def _liquid_vol(u: Universe) -> float:
    weekday = (u.dates.astype(np.int64) + 3) % 7 < 5
    cols = _columns(u, (pl.col("category_key") == "liquid") & _growth())
    vols = _nan_vol(_returns(u.nav[weekday][:, cols]))
    return float(np.nanmax(vols)) if np.any(~np.isnan(vols)) else float("nan")


def _tracking_error(u: Universe) -> float:
    passive = pl.col("vehicle").is_in(["index", "etf"]) & pl.col("tracked_index").is_not_null()
    s = u.schemes.with_row_index("col").filter(passive & _growth())
    errors = []
    for index_name, group in s.group_by("tracked_index"):
        cols = group["col"].to_numpy()
        bench = _returns(u.indices[str(index_name[0])][u.trading])
        diff = _returns(u.nav[u.trading][:, cols]) - bench[:, None]
        errors.append(_nan_vol(diff))
    te = np.concatenate(errors) if errors else np.array([np.nan])
    return float(np.nanmedian(te)) if np.any(~np.isnan(te)) else float("nan")


def realism_checks(universe: Universe) -> list[Check]:
    """The realism table: market falls, long-run return, pair gap, correlations, vol, TE."""
    corr = _equity_corr(universe)
    nan = float("nan")
    corr_stats = [float(f(corr)) if len(corr) else nan for f in (np.median, np.min, np.max)]
    proxy, eq = "Nifty-50 proxy", "Active equity vs market, daily-return correlation"
    return [
        Check(f"{proxy}: 2008 peak-to-trough", _year_drawdown(universe, 2008), -0.65, -0.50),
        Check(f"{proxy}: 2020 peak-to-trough", _year_drawdown(universe, 2020), -0.40, -0.30),
        Check(f"{proxy}: annualised return", _market_cagr(universe), 0.11, 0.13),
        Check(
            "Direct − Regular annualised return, mean over pairs", _pair_gap(universe), 0.005, 0.015
        ),
        Check(f"{eq}: median", corr_stats[0], 0.80, 0.95, "number"),
        Check(f"{eq}: min", corr_stats[1], 0.80, 0.95, "number"),
        Check(f"{eq}: max", corr_stats[2], 0.80, 0.95, "number"),
        Check("Liquid funds: highest annualised volatility", _liquid_vol(universe), None, 0.01),
        Check("Index funds and ETFs: median tracking error", _tracking_error(universe), None, 0.01),
    ]


def format_table(checks: Sequence[Check]) -> str:
    """The checks as a Markdown table (check, value, target, pass)."""
    lines = ["| check | value | target | pass |", "|---|---:|---|---|"]
    for c in checks:
        verdict = "yes" if c.passed else "**no**"
        lines.append(f"| {c.name} | {_fmt(c.value, c.unit)} | {c.target} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the realism table of the demo universe (``--full``: the full-scale one)."""
    parser = argparse.ArgumentParser(description="Realism table of a synthetic universe.")
    parser.add_argument("--full", action="store_true", help="the full-scale universe")
    parser.add_argument("--schemes", type=int, help="number of schemes (default: the preset's)")
    parser.add_argument("--seed", type=int, help="seed (default: the preset's)")
    args = parser.parse_args(argv)
    if args.full:
        n, start, seed = FULL_N_SCHEMES, full_scale_start(FULL_YEARS), FULL_SEED
    else:
        n, start, seed = DEMO_N_SCHEMES, DEMO_START, DEMO_SEED
    universe = generate_universe(
        n_schemes=args.schemes or n, start=start, end=END_DATE,
        seed=seed if args.seed is None else args.seed,
    )  # fmt: skip
    checks = realism_checks(universe)
    sys.stdout.write(format_table(checks))
    return 0 if all(c.passed for c in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
