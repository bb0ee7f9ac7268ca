"""The DuckDB store's tables (one place for the DDL) and its schema version.

Layout choices:

* ``nav`` holds one row per (scheme_code, date); uniqueness is kept by the ingest merge
  (see :mod:`fundlens.store.ingest`) rather than by a primary-key index, which would cost
  memory and time on a 42 M-row bulk load. A bulk load writes ``nav`` sorted by
  (scheme_code, date), so DuckDB's per-row-group min/max (zonemaps) make one scheme's
  history a read of one or two row groups.
* ``scheme_history`` keeps every value a code has shown for ``name``, ``amc``,
  ``category``, ``plan``, ``option``, ``isin_growth`` and ``isin_reinvest``, with the first
  and last NAV dates of the files that showed it.
* ``fund_metrics`` keeps every refresh's values keyed by (``as_of``, ``scheme_code``)
  (point-in-time history; see :mod:`fundlens.services.fund_metrics`); like ``nav`` it has
  no key index: a refresh deletes its ``as_of`` and inserts it in one transaction.
* ``schemes`` is derived (rebuilt after each ingest from ``scheme_history``, ``nav``, the
  AMFI scheme master and the casparser-isin master): see :mod:`fundlens.schemes.build`.
"""

from __future__ import annotations

from typing import Final

import duckdb

from fundlens.store.sql import run

__all__ = ["SCHEMA_VERSION", "TABLES", "create_schema"]

SCHEMA_VERSION: Final = 1

TABLES: Final[dict[str, str]] = {
    "nav": """
        scheme_code BIGINT NOT NULL,
        date DATE NOT NULL,
        nav DOUBLE NOT NULL""",
    "nav_revisions": """
        scheme_code BIGINT NOT NULL,
        date DATE NOT NULL,
        old_nav DOUBLE NOT NULL,
        new_nav DOUBLE NOT NULL,
        source VARCHAR NOT NULL,
        "at" TIMESTAMP NOT NULL""",
    "nav_events": """
        scheme_code BIGINT NOT NULL,
        date DATE NOT NULL,
        kind VARCHAR NOT NULL,
        detail VARCHAR NOT NULL""",
    "scheme_history": """
        scheme_code BIGINT NOT NULL,
        kind VARCHAR NOT NULL,
        value VARCHAR NOT NULL,
        first_date DATE NOT NULL,
        last_date DATE NOT NULL""",
    "schemes": """
        scheme_code BIGINT PRIMARY KEY,
        name VARCHAR NOT NULL,
        amc_id VARCHAR,
        amc_name VARCHAR,
        plan VARCHAR,
        option VARCHAR,
        idcw_frequency VARCHAR,
        sebi_category VARCHAR,
        sebi_category_raw VARCHAR,
        asset_class VARCHAR,
        vehicle VARCHAR,
        scheme_type VARCHAR,
        isin_growth VARCHAR,
        isin_reinvest VARCHAR,
        launch_date DATE,
        closure_date DATE,
        first_nav_date DATE,
        last_nav_date DATE,
        is_index_fund BOOLEAN,
        tracked_index VARCHAR,
        is_factor_index BOOLEAN,
        pair_code BIGINT,
        amc_source VARCHAR,
        category_source VARCHAR""",
    "scheme_master": """
        scheme_code BIGINT PRIMARY KEY,
        amc_name VARCHAR,
        scheme_name VARCHAR,
        scheme_type VARCHAR,
        category_raw VARCHAR,
        nav_name VARCHAR,
        launch_date DATE,
        closure_date DATE,
        isin_growth VARCHAR,
        isin_reinvest VARCHAR""",
    "ingest_log": """
        id BIGINT NOT NULL,
        source VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        layout VARCHAR,
        status VARCHAR NOT NULL,
        rows_loaded BIGINT NOT NULL,
        duplicates BIGINT NOT NULL,
        revisions BIGINT NOT NULL,
        rows_rejected BIGINT NOT NULL,
        detail VARCHAR,
        "at" TIMESTAMP NOT NULL""",
    "rejects": """
        source VARCHAR NOT NULL,
        line_no BIGINT NOT NULL,
        raw_line VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        "at" TIMESTAMP NOT NULL""",
    "riskfree": """
        date DATE PRIMARY KEY,
        annual_rate DOUBLE NOT NULL,
        source VARCHAR NOT NULL""",
    "index_series": """
        name VARCHAR NOT NULL,
        date DATE NOT NULL,
        value DOUBLE NOT NULL,
        kind VARCHAR NOT NULL,
        source VARCHAR NOT NULL""",
    "fund_metrics": """
        as_of DATE NOT NULL,
        scheme_code BIGINT NOT NULL,
        sebi_category VARCHAR,
        plan VARCHAR,
        option VARCHAR,
        price_return_only BOOLEAN NOT NULL,
        benchmark_code BIGINT,
        last_nav_date DATE NOT NULL,
        history_days INTEGER NOT NULL,
        return_1m DOUBLE,
        return_3m DOUBLE,
        return_6m DOUBLE,
        return_1y DOUBLE,
        return_3y DOUBLE,
        return_5y DOUBLE,
        volatility_1y DOUBLE,
        volatility_3y DOUBLE,
        sharpe_1y DOUBLE,
        sharpe_3y DOUBLE,
        sortino_3y DOUBLE,
        max_drawdown_1y DOUBLE,
        max_drawdown_3y DOUBLE,
        beta_3y DOUBLE,
        alpha_3y DOUBLE,
        tracking_error_3y DOUBLE,
        information_ratio_3y DOUBLE,
        rolling_1y_beat_benchmark DOUBLE,
        rolling_3y_beat_benchmark DOUBLE,
        category_rank DOUBLE,
        category_percentile DOUBLE,
        category_quartile INTEGER,
        category_peers INTEGER,
        computed_at TIMESTAMP NOT NULL""",
    "meta": """
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL""",
}


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet and stamp the schema version."""
    for name, columns in TABLES.items():
        run(con, f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
    run(
        con,
        "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
        [str(SCHEMA_VERSION)],
    )
