"""Index series in the store: import, list, the benchmark overview, and an index as a
fund's benchmark.

* :func:`import_index` parses a file (:func:`fundlens.sources.index_series.read_index_file`)
  and stores it as one named series, replacing any of that name (all or nothing).
* :func:`benchmark_overview` is what ``fundlens index benchmarks`` prints: the curated
  index funds (:func:`fundlens.schemes.benchmarks.index_funds`), the category map of seed
  002 §3.3 with the proxy of each benchmark (:func:`fundlens.schemes.benchmarks.
  benchmark_map`) and the stored series.
* :class:`IndexBenchmark` names a stored series as a fund's benchmark
  (``fundlens metrics CODE --benchmark index:"NIFTY 50 TRI"``): its levels join the fund's
  NAVs on one calendar as an extra grid row and go through the same
  :func:`fundlens.services.metrics.fund_table` / ``compute_metrics`` as a scheme
  benchmark; the report's benchmark object says ``kind`` ``tri`` or ``price``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb
import polars as pl

from fundlens.analytics.grid import NavGrid
from fundlens.analytics.metrics import MetricsTable
from fundlens.analytics.riskfree import RiskFree
from fundlens.errors import InputError
from fundlens.schemes.benchmarks import benchmark_map, index_funds, series_label
from fundlens.services.metrics import IDCW_OPTIONS, benchmarks_of, fund_table, load_events
from fundlens.sources.index_series import IndexKind, read_index_file
from fundlens.store.indices import list_index_series, read_index_series, replace_index_series
from fundlens.store.reads import nav_history
from fundlens.store.snapshots import writer

__all__ = [
    "INDEX_ROW",
    "IndexBenchmark",
    "IndexImport",
    "benchmark_overview",
    "curated_index_funds",
    "import_index",
    "index_benchmark_json",
    "index_metrics_table",
    "index_series_list",
    "require_index",
]

#: Grid row code of an index series benchmark (scheme codes are positive).
INDEX_ROW: Final = -1


@dataclass(frozen=True)
class IndexBenchmark:
    """A stored index series used as a benchmark, by name (case-insensitive)."""

    name: str


@dataclass(frozen=True)
class IndexImport:
    """What an import stored and rejected."""

    name: str
    kind: IndexKind
    kind_reason: str
    label: str
    path: Path
    layout: str
    column: str
    rows: int
    points: int
    first_date: str
    last_date: str
    first_value: float
    last_value: float
    duplicates: int
    rejected_by_reason: dict[str, int]
    replaced: bool

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "path": str(self.path)}


def import_index(
    db: Path,
    name: str,
    path: Path,
    *,
    kind: IndexKind | None = None,
    column: str | None = None,
) -> IndexImport:
    """Parse ``path`` and store it as the series ``name`` (replacing one of that name)."""
    name = name.strip()
    if not name:
        raise InputError("an index series needs a name, e.g. 'NIFTY 50 TRI'")
    parsed = read_index_file(path, name=name, kind=kind, column=column)
    series = parsed.series
    with writer(db) as con:
        replaced = replace_index_series(con, name, series, kind=parsed.kind, source=Path(path).name)
    return IndexImport(
        name=name,
        kind=parsed.kind,
        kind_reason=parsed.kind_reason,
        label=series_label(parsed.kind),
        path=Path(path),
        layout=parsed.layout,
        column=parsed.column,
        rows=parsed.rows,
        points=series.height,
        first_date=str(series["date"][0]),
        last_date=str(series["date"][-1]),
        first_value=float(series["value"][0]),
        last_value=float(series["value"][-1]),
        duplicates=parsed.duplicates,
        rejected_by_reason=parsed.rejected_by_reason,
        replaced=replaced,
    )


def index_series_list(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The stored series: name, kind, label, source, first/last date and value, points."""
    frame = list_index_series(con)
    rows = frame.with_columns(
        pl.col("kind").replace_strict({"tri": "TRI", "price": "price index"}).alias("label"),
        pl.col("first_date").cast(pl.String),
        pl.col("last_date").cast(pl.String),
    )
    return rows.select(
        "name", "kind", "label", "source", "first_date", "last_date", "points",
        "first_value", "last_value",
    ).to_dicts()  # fmt: skip


def curated_index_funds(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """:func:`~fundlens.schemes.benchmarks.index_funds` of the store: the curated index
    funds that stand in for the broad indices, labelled "index fund (incl. costs)"."""
    return index_funds(con.sql("SELECT * FROM schemes ORDER BY scheme_code").pl())


def benchmark_overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """``index_funds`` (the curated list), ``categories`` (seed 002 §3.3 with proxies)
    and ``series`` (what is stored)."""
    schemes = con.sql("SELECT * FROM schemes ORDER BY scheme_code").pl()
    funds = index_funds(schemes).with_columns(
        pl.col("first_nav_date").cast(pl.String), pl.col("last_nav_date").cast(pl.String)
    )
    return {
        "index_funds": funds.to_dicts(),
        "categories": benchmark_map(schemes, list_index_series(con)),
        "series": index_series_list(con),
    }


def require_index(con: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """The stored series ``name`` (date, value, name, kind, source); InputError listing
    the stored names when there is none."""
    series = read_index_series(con, name)
    if series is None:
        names = list_index_series(con).get_column("name").to_list()
        stored = ", ".join(repr(n) for n in names) if names else "none"
        raise InputError(
            f"no index series {name!r} in the store (stored: {stored}); "
            "import one with `fundlens index import NAME FILE.csv`"
        )
    return series


def index_benchmark_json(series: pl.DataFrame) -> dict[str, Any]:
    """The report's benchmark object for a stored series."""
    kind = str(series["kind"][0])
    return {
        "code": None,
        "name": str(series["name"][0]),
        "index": str(series["name"][0]),
        "kind": kind,
        "label": series_label(kind),
        "source": str(series["source"][0]),
    }


def index_metrics_table(
    con: duckdb.DuckDBPyConnection,
    code: int,
    name: str,
    *,
    rf: RiskFree,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> tuple[MetricsTable, NavGrid, dict[str, Any]]:
    """Stored scheme ``code``'s metrics table against the stored series ``name``: the
    table, its grid (row 0 the fund, row 1 the index as :data:`INDEX_ROW`) and the
    report's benchmark object."""
    series = require_index(con, name)
    option = benchmarks_of(con).filter(pl.col("scheme_code") == code).get_column("option")
    panel = pl.concat(
        [
            nav_history(con, code).with_columns(pl.lit(code, dtype=pl.Int64).alias("scheme_code")),
            series.select(
                "date",
                pl.col("value").alias("nav"),
                pl.lit(INDEX_ROW, dtype=pl.Int64).alias("scheme_code"),
            ),
        ]
    )
    table, grid = fund_table(
        panel,
        load_events(con, [code]),
        code=code,
        benchmark=INDEX_ROW,
        rf=rf,
        start_date=start_date,
        end_date=end_date,
        price_return_only=option.len() > 0 and option[0] in IDCW_OPTIONS,
    )
    return table, grid, index_benchmark_json(series)
