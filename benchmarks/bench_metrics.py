"""``metrics``: the analytics engine on a synthetic store, three ways.

1. **Universe**: the full metric set (every key of ``fundlens metrics --json``, trailing
   windows 1y/3y/5y, rolling statistics) for every scheme against its category benchmark,
   through ``services.metrics.universe_metrics`` in a child process (peak RSS measured).
   Targets: < 20 s and peak RSS < 6 GB on the full ~42 M-row store.
2. **Against empyrical**, side by side on the same schemes (500 on the full store; every
   scheme of the quick one): ``analytics.metrics.compute_metrics`` on one panel, against
   a loop calling empyrical-reloaded fund by fund over the same metrics (whole window and
   1y/3y/5y: volatility, downside risk, Sharpe, Sortino, max drawdown, Calmar, CAGR,
   beta, alpha, tracking error, information ratio, daily and monthly capture; whole
   window: VaR, CVaR, skew, best/worst month and year, trailing returns, 1y/3y/5y rolling
   returns and their statistics). Both start from the same NAVs already in memory (a
   Polars long frame for fundlens, pandas Series for empyrical; no database reads in
   the timed part). Target: ≥ 20×.
3. **One fund warm**: ``services.report.metrics_report`` with the 1y/3y/5y/10y rolling
   series, for the scheme with the longest history, on a warm reader connection; median
   of 30 calls. Target: < 30 ms.

The store is built once per size from the ``ingest`` benchmark's synthetic AMFI files
(through ``pipeline.ingest_paths``) and kept in the work folder.
"""

from __future__ import annotations

import random
import statistics
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import bench_ingest
from benchmarks.common import GB, Report, check_disk, fmt_bytes, fmt_s, run_child

__all__ = ["run"]

SIZES = bench_ingest.INGEST_SIZES  # full: 9,900 schemes × 20 years = 41.9 M NAVs
DISK_GB = {"quick": 2, "full": 15}
N_COMPARE = 500
UNIVERSE_TARGET_S = 20.0
RSS_TARGET = 6 * GB
RATIO_TARGET = 20.0
ONE_FUND_MS = 30.0
RF = 0.065
WINDOWS = {"1y": 365, "3y": 1095, "5y": 1825}


def _store(workdir: Path, mode: str) -> tuple[Path, float]:
    """The synthetic store for ``mode``, built once (returns path, build seconds)."""
    from fundlens.pipeline import ingest_paths

    n, years = SIZES[mode]
    data, _, _ = bench_ingest.generate(workdir, n, years)
    path = workdir / f"metrics-{n}x{years}y.duckdb"
    marker = path.with_name(path.name + ".complete")
    if marker.exists():
        return path, 0.0
    start = time.perf_counter()
    ingest_paths(path, [data])
    marker.write_text(str(data))
    return path, time.perf_counter() - start


def run(*, quick: bool, workdir: Path) -> Report:
    """Build (or reuse) the store, then time the three parts."""
    mode = "quick" if quick else "full"
    check_disk(workdir, DISK_GB[mode])
    store, build_s = _store(workdir, mode)
    universe = run_child("metrics-universe", str(store))
    compare = _compare(store)
    one = _one_fund(store)
    return _report(mode, store, build_s, universe, compare, one)


def _sample(con: Any) -> tuple[list[int], dict[int, int]]:
    """Up to N_COMPARE random schemes that have a benchmark, and their benchmarks."""
    import polars as pl

    from fundlens.services.metrics import benchmarks_of

    picks = benchmarks_of(con).filter(pl.col("benchmark_code").is_not_null())
    codes = picks["scheme_code"].to_list()
    chosen = sorted(random.Random(7).sample(codes, min(N_COMPARE, len(codes))))
    pairs = zip(picks["scheme_code"].to_list(), picks["benchmark_code"].to_list(), strict=True)
    bench = dict(pairs)
    return chosen, {c: int(bench[c]) for c in chosen}


def _compare(store: Path) -> dict[str, Any]:
    """fundlens on one panel vs an empyrical loop, same schemes, inputs in memory."""
    import polars as pl

    from fundlens.store.reads import nav_panel
    from fundlens.store.snapshots import reader

    con = reader(store)
    try:
        codes, bench = _sample(con)
        wanted = sorted(set(codes) | set(bench.values()))
        frame = nav_panel(con, wanted)
    finally:
        con.close()
    frame = frame.filter(pl.col("scheme_code").is_in(pl.Series(wanted).implode()))
    series = _pandas_series(frame)
    start = time.perf_counter()
    fl = _fundlens_panel(frame, codes, bench)
    fl_s = time.perf_counter() - start
    start = time.perf_counter()
    ep = _empyrical_loop(series, codes, bench)
    ep_s = time.perf_counter() - start
    return {"schemes": len(codes), "rows": frame.height, "fundlens_s": fl_s, "empyrical_s": ep_s,
            "agreement": _agreement(fl, ep)}  # fmt: skip


def _pandas_series(frame: Any) -> dict[int, Any]:
    import pandas as pd

    out = {}
    ordered = frame.sort("scheme_code", "date")
    for (code,), part in ordered.group_by("scheme_code", maintain_order=True):
        out[int(code)] = pd.Series(
            part["nav"].to_numpy(), index=pd.DatetimeIndex(part["date"].to_numpy())
        )
    return out


def _fundlens_panel(frame: Any, codes: list[int], bench: dict[int, int]) -> Any:
    """Grid build + benchmark gather + the full set: what a universe chunk does."""
    from fundlens.analytics.grid import clean_levels, nav_grid
    from fundlens.analytics.metrics import compute_metrics
    from fundlens.services.metrics import grid_rows

    grid = nav_grid(frame)
    rows = {int(c): i for i, c in enumerate(grid.codes)}
    funds = grid_rows(grid, [rows[c] for c in codes])
    levels = clean_levels(grid.values)
    gathered = levels[[rows[bench[c]] for c in codes]]
    return compute_metrics(funds, benchmark=gathered, rf=RF).values


TRAILING_DAYS = {"1m": 30, "3m": 91, "6m": 182, "1y": 365, "3y": 1095, "5y": 1825, "10y": 3650}


def _empyrical_loop(series: dict[int, Any], codes: list[int], bench: dict[int, int]) -> dict:
    """The same metrics with empyrical-reloaded (and pandas), one fund at a time."""
    import pandas as pd

    out: dict[int, dict[str, float]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code in codes:
            both = pd.concat([series[code], series[bench[code]]], axis=1, join="inner")
            both.columns = ["f", "b"]
            if both.shape[0] < 2:
                out[code] = {}
                continue
            days = both[both.index.day_of_week < 5]
            r = days.pct_change()
            r = r[days.index.to_series().diff().dt.days <= 10].dropna()
            end = both.index[-1]
            res: dict[str, float] = _ep_window(r, both, "")
            for w, d in WINDOWS.items():
                since = end - pd.Timedelta(days=d)
                res |= _ep_window(r[r.index > since], both[both.index >= since], f"_{w}")
            out[code] = res | _ep_whole(r["f"], both)
    return out


def _ep_window(r: Any, levels: Any, label: str) -> dict[str, float]:
    import empyrical as ep

    rf_d = RF / 252
    f, b = r["f"], r["b"]
    mf, mb = ep.aggregate_returns(f, "monthly"), ep.aggregate_returns(b, "monthly")
    out = {
        "volatility": ep.annual_volatility(f),
        "downside_deviation": ep.downside_risk(f, required_return=rf_d),
        "sharpe": ep.sharpe_ratio(f, risk_free=rf_d),
        "sortino": ep.sortino_ratio(f, required_return=rf_d),
        "max_drawdown": ep.max_drawdown(levels["f"].pct_change().dropna()),
        "calmar": ep.calmar_ratio(f),
        "cagr": ep.cagr(f),
        "beta": ep.beta(f, b),
        "alpha": ep.alpha(f, b, risk_free=rf_d),
        "tracking_error": (f - b).std() * np.sqrt(252),
        "information_ratio": ep.excess_sharpe(f, b) * np.sqrt(252),
        "up_capture": ep.up_capture(f, b),
        "down_capture": ep.down_capture(f, b),
        "up_capture_monthly": ep.up_capture(mf, mb, period="monthly"),
        "down_capture_monthly": ep.down_capture(mf, mb, period="monthly"),
    }
    return {f"{k}{label}": v for k, v in out.items()}


def _ep_whole(f: Any, both: Any) -> dict[str, float]:
    import empyrical as ep
    import pandas as pd

    yearly, monthly = ep.aggregate_returns(f, "yearly"), ep.aggregate_returns(f, "monthly")
    res = {
        "var_95": ep.value_at_risk(f),
        "cvar_95": ep.conditional_value_at_risk(f),
        "skew": f.skew(),
        "best_month": monthly.max(),
        "worst_month": monthly.min(),
        "best_year": yearly.max(),
        "worst_year": yearly.min(),
    }
    nav, end = both["f"], both.index[-1]
    for w, d in TRAILING_DAYS.items():
        past = nav.asof(end - pd.Timedelta(days=d))
        res[f"return_{w}"] = nav.iloc[-1] / past - 1 if past == past else np.nan
    daily = both.asfreq("D").ffill()
    for w, d in WINDOWS.items():
        roll = daily.pct_change(d, fill_method=None).reindex(both.index).dropna()
        ann = (1 + roll) ** (365 / d) - 1
        res[f"rolling_{w}_mean"] = ann["f"].mean()
        res[f"rolling_{w}_median"] = ann["f"].median()
        res[f"rolling_{w}_std"] = ann["f"].std()
        res[f"rolling_{w}_beat_benchmark"] = (ann["f"] > ann["b"]).mean()
        for t in (0, 8, 10, 12, 15):
            res[f"rolling_{w}_above_{t}"] = (ann["f"] > t / 100).mean()
    return res


def _agreement(fl: Any, ep: dict[int, dict[str, float]]) -> list[list[str]]:
    """Largest relative difference on metrics defined the same way by both."""
    same = ["volatility", "downside_deviation", "sharpe", "sortino", "beta", "tracking_error",
            "information_ratio", "var_95", "cvar_95", "volatility_3y", "sharpe_3y", "beta_3y",
            "max_drawdown"]  # fmt: skip
    # not compared: CAGR, Calmar, alpha and daily capture are defined differently
    # (docs/analytics.md); empyrical's monthly aggregation keeps partial months.
    rows = []
    codes = fl["scheme_code"].to_list()
    for key in same:
        ours = np.array(fl[key].to_list(), dtype=float)
        theirs = np.array([ep[c].get(key, np.nan) for c in codes], dtype=float)
        ok = np.isfinite(ours) & np.isfinite(theirs)
        rel = np.abs(ours[ok] - theirs[ok]) / np.maximum(np.abs(theirs[ok]), 1e-12)
        rows.append([key, f"{ok.sum():,}", f"{rel.max():.1e}" if ok.any() else "—"])
    return rows


def _one_fund(store: Path) -> dict[str, Any]:
    """metrics_report + 4 rolling series of the longest-lived scheme with a benchmark."""
    import polars as pl

    from fundlens.services.metrics import benchmarks_of
    from fundlens.services.report import metrics_report
    from fundlens.store.snapshots import reader

    con = reader(store)
    try:
        picks = benchmarks_of(con).filter(pl.col("benchmark_code").is_not_null())
        span = con.sql("SELECT scheme_code, max(date) - min(date) AS days FROM nav GROUP BY 1").pl()
        best = span.join(picks, on="scheme_code").sort(
            "days", "scheme_code", descending=[True, False]
        )
        code, days = int(best["scheme_code"][0]), int(best["days"][0])
        windows = ("1y", "3y", "5y", "10y")
        metrics_report(con, code, rf=RF, rolling_windows=windows)  # warm-up
        ms = []
        for _ in range(30):
            start = time.perf_counter()
            metrics_report(con, code, rf=RF, rolling_windows=windows)
            ms.append((time.perf_counter() - start) * 1000)
    finally:
        con.close()
    return {"code": code, "days": days, "median_ms": statistics.median(ms), "max_ms": max(ms)}


def _report(
    mode: str, store: Path, build_s: float, universe: Any, compare: dict[str, Any], one: dict
) -> Report:
    u = universe.result
    ratio = compare["empyrical_s"] / compare["fundlens_s"]
    rows = [
        ["universe: schemes × keys", f"{u['schemes']:,} × {u['keys']}", ""],
        ["universe: NAV rows read", f"{u['nav_rows']:,}", ""],
        ["universe: wall time (target < 20 s full)", fmt_s(u["seconds"]), ""],
        ["universe: peak RSS (target < 6 GB)", fmt_bytes(universe.peak_rss), ""],
        [f"same {compare['schemes']} schemes: wall time", fmt_s(compare["fundlens_s"]),
         fmt_s(compare["empyrical_s"])],
        ["one fund + 4 rolling series, warm: median", f"{one['median_ms']:.1f} ms", ""],
    ]  # fmt: skip
    notes = [
        f"Store: {store.name}, {u['nav_rows']:,} NAV rows"
        + (f" (built in {fmt_s(build_s)})" if build_s else " (reused from the work folder)"),
        f"Universe target < {UNIVERSE_TARGET_S:.0f} s: "
        f"{'met' if u['seconds'] < UNIVERSE_TARGET_S else 'MISSED'} ({mode} size); peak RSS "
        f"target < 6 GB: {'met' if universe.peak_rss < RSS_TARGET else 'MISSED'}",
        f"Against empyrical ({compare['schemes']} schemes, {compare['rows']:,} NAV rows in "
        f"memory): {ratio:.1f}× (target ≥ {RATIO_TARGET:.0f}×: "
        f"{'met' if ratio >= RATIO_TARGET else 'MISSED'})",
        f"One fund: scheme {one['code']} ({one['days']:,} days of history), median "
        f"{one['median_ms']:.1f} ms, slowest {one['max_ms']:.1f} ms of 30 (target < "
        f"{ONE_FUND_MS:.0f} ms: {'met' if one['median_ms'] < ONE_FUND_MS else 'MISSED'})",
    ]
    return Report(
        name=f"metrics ({mode})",
        title=f"metrics ({mode}): fundlens analytics vs an empyrical loop",
        columns=["", "fundlens", "empyrical loop"],
        rows=rows,
        extra=[
            (
                "agreement where definitions match (max relative difference)",
                ["metric", "schemes", "max rel. diff"],
                compare["agreement"],
            )
        ],
        notes=notes,
        last_line=f"ratio fundlens/empyrical-loop: {ratio:.1f}x",
    )
