"""A stored index series as the benchmark of the multi-fund services (rolling returns,
drawdowns, the performance summary) — as ``fundlens metrics --benchmark index:NAME``
already does for one fund (:class:`fundlens.services.indices.IndexBenchmark`).

An index has values, not NAVs, and no data-quality events: its values go on the funds'
daily calendar as one more row of levels (NaN on days without a value, like a fund's
holidays), after the funds' rows — the place a scheme benchmark's row takes. The calendar
grows to cover both (the union of their dates, as :func:`fundlens.analytics.grid.nav_grid`
does for schemes). Everything downstream (rolling returns on the common windows, monthly
returns, drawdowns, the full metric set) is the engine's, unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.riskfree import RiskFree
from fundlens.schemes.benchmarks import series_label
from fundlens.services.indices import INDEX_ROW, IndexBenchmark, require_index
from fundlens.services.metrics import fund_levels, fund_table, load_events
from fundlens.services.report import build_report, metrics_report
from fundlens.store.meta import is_synthetic

__all__ = [
    "Benchmark",
    "benchmark_report",
    "choice",
    "code_of",
    "index_levels",
    "index_series",
    "label_of",
    "levels_with",
    "pair_levels",
]

#: A benchmark of the multi-fund services: a scheme code, a stored index series, or none.
Benchmark = int | IndexBenchmark | None
#: What loads stored schemes: (con, codes) → (calendar start, levels (n, T), names).
Loader = Callable[
    [duckdb.DuckDBPyConnection, list[int]], tuple[np.datetime64, np.ndarray, dict[int, str]]
]

_DAY = np.timedelta64(1, "D")


def index_series(con: duckdb.DuckDBPyConnection, index: IndexBenchmark) -> pl.DataFrame:
    """The stored series (date, value, name, kind, source); InputError "no index series
    … in the store" (a 404 in the API) naming the stored ones when there is none."""
    return require_index(con, index.name.strip())


def index_levels(
    start: np.datetime64, levels: np.ndarray, series: pl.DataFrame
) -> tuple[np.datetime64, np.ndarray]:
    """``levels`` (n, T) from ``start`` with the series' values appended as row n, on a
    daily calendar covering both (NaN where a row has no value)."""
    days = series.get_column("date").to_numpy().astype("datetime64[D]")
    end = start + (levels.shape[-1] - 1) * _DAY
    first, last = min(start, days[0]), max(end, days[-1])
    width = int((last - first) / _DAY) + 1
    out = np.full((levels.shape[0] + 1, width), np.nan)
    offset = int((start - first) / _DAY)
    out[:-1, offset : offset + levels.shape[-1]] = levels
    out[-1, ((days - first) / _DAY).astype(np.int64)] = series.get_column("value").to_numpy()
    return first, out


def levels_with(
    load: Loader, con: duckdb.DuckDBPyConnection, codes: list[int], benchmark: Benchmark
) -> tuple[np.datetime64, np.ndarray, dict[Any, str]]:
    """``load`` of the funds and the benchmark (its row last); an index benchmark's row is
    its stored series, named under its :class:`IndexBenchmark` key."""
    if not isinstance(benchmark, IndexBenchmark):
        return load(con, codes if benchmark is None else [*codes, benchmark])
    series = index_series(con, benchmark)
    start, levels, names = load(con, codes)
    start, levels = index_levels(start, levels, series)
    return start, levels, {**names, benchmark: str(series["name"][0])}


def pair_levels(
    con: duckdb.DuckDBPyConnection, code: int, benchmark: Benchmark
) -> tuple[np.datetime64, np.ndarray, np.ndarray | None]:
    """:func:`fundlens.services.metrics.fund_levels` with an index benchmark allowed."""
    if not isinstance(benchmark, IndexBenchmark):
        return fund_levels(con, code, benchmark)
    series = index_series(con, benchmark)
    start, fund, _ = fund_levels(con, code, None)
    start, both = index_levels(start, fund[None, :], series)
    return start, both[0], both[1]


def label_of(
    con: duckdb.DuckDBPyConnection, benchmark: Benchmark, scheme_label: Callable[..., str]
) -> str | None:
    """The benchmark's label: ``scheme_label(con, code)`` for a scheme, "TRI" or "price
    index" for a stored series, None without a benchmark."""
    if benchmark is None:
        return None
    if isinstance(benchmark, IndexBenchmark):
        return series_label(str(index_series(con, benchmark)["kind"][0]))
    return scheme_label(con, benchmark)


def code_of(key: object) -> int | None:
    """A scheme code as the API shows it: an index series has none (null)."""
    return key if isinstance(key, int) else None


def benchmark_report(
    con: duckdb.DuckDBPyConnection,
    benchmark: int | IndexBenchmark,
    *,
    start_date: dt.date,
    end_date: dt.date,
    rf: RiskFree,
) -> dict[str, Any]:
    """The benchmark's own full set over ``start_date … end_date`` (no benchmark of its
    own): :func:`metrics_report` of a scheme, or the same report of a stored series (its
    ``scheme_code`` null, its ``benchmark`` null)."""
    if not isinstance(benchmark, IndexBenchmark):
        return metrics_report(
            con, benchmark, benchmark=None, start_date=start_date, end_date=end_date, rf=rf
        )
    series = index_series(con, benchmark)
    panel = series.select(
        "date", pl.col("value").alias("nav"), pl.lit(INDEX_ROW, dtype=pl.Int64).alias("scheme_code")
    )
    table, grid = fund_table(
        panel, load_events(con, []), code=INDEX_ROW, benchmark=None, rf=rf, start_date=start_date,
        end_date=end_date,
    )  # fmt: skip
    name = str(series["name"][0])
    report = build_report(table, grid, names={INDEX_ROW: name}, rf=rf, synthetic=is_synthetic(con))
    return {**report, "scheme_code": None, "name": name}


def choice(code: int | None, index: str | None) -> Benchmark:
    """The benchmark a request names: the stored series ``index`` when given, else the
    scheme ``code`` (or none)."""
    return IndexBenchmark(index) if index is not None else code
