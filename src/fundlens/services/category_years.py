"""Calendar-year returns of a store's schemes and their quartiles within their peer groups.

Each scheme's complete calendar-year returns come from
:func:`fundlens.analytics.returns.calendar_year_returns` on its NAVs up to ``as_of``,
cleaned of face-value changes and one-day outliers (the numbers of
``fundlens metrics --benchmark none``), computed on grids of :data:`YEAR_CHUNK` schemes
ordered by first NAV date (each on its own calendar, as the universe run). The peer group
of year Y is the contract's rule at 31 December Y
(:func:`fundlens.analytics.peers.calendar_year_quartiles`): growth schemes of the
(sebi_category, plan) with a NAV in the last 7 days of Y, closed ones included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics import peers
from fundlens.analytics.grid import clean_levels, nav_grid
from fundlens.analytics.returns import calendar_year_returns
from fundlens.services.metrics import load_events

__all__ = ["YEAR_CHUNK", "calendar_quartiles", "calendar_year_table", "empty_years", "year_returns"]

#: Schemes per grid when computing calendar-year returns (as the universe run's chunks).
YEAR_CHUNK: Final = 512


def empty_years() -> pl.DataFrame:
    """The empty quartile table (its columns)."""
    frame = pl.DataFrame(
        schema={
            "scheme_code": pl.Int64,
            "sebi_category": pl.String,
            "plan": pl.String,
            "option": pl.String,
            "year": pl.Int32,
            "value": pl.Float64,
            "year_last_nav": pl.Date,
        }
    )
    return peers.calendar_year_quartiles(frame)


def year_returns(
    con: duckdb.DuckDBPyConnection,
    schemes: pl.DataFrame,
    *,
    as_of: dt.date,
    also: int | None = None,
) -> pl.DataFrame:
    """Calendar-year returns of the growth schemes of ``schemes``' peer groups, closed ones
    included (and of scheme ``also``), with their peer columns."""
    members = schemes.filter(
        pl.col("excluded").is_null()
        | pl.col("excluded").str.starts_with("no NAV in")
        | (pl.col("scheme_code") == (also or -1))
    )
    years = calendar_year_table(con, members.get_column("scheme_code").to_list(), as_of=as_of)
    return years.join(
        members.select("scheme_code", *peers.GROUP, "option"), on="scheme_code", how="inner"
    )


def calendar_quartiles(
    con: duckdb.DuckDBPyConnection, schemes: pl.DataFrame, *, as_of: dt.date
) -> pl.DataFrame:
    """Calendar-year quartiles of the growth schemes of ``schemes``' peer groups."""
    return peers.calendar_year_quartiles(year_returns(con, schemes, as_of=as_of))


def calendar_year_table(
    con: duckdb.DuckDBPyConnection, codes: Sequence[int], *, as_of: dt.date
) -> pl.DataFrame:
    """(scheme_code, year, value, year_last_nav): each scheme's complete calendar-year
    returns from its NAVs up to ``as_of`` (cleaned of face-value changes and one-day
    outliers), and its last NAV date in each year."""
    nav = con.sql(
        "SELECT scheme_code, date, nav FROM nav "
        "WHERE scheme_code IN (SELECT unnest($codes)) AND date <= $as_of",
        params={"codes": list(codes), "as_of": as_of},
    ).pl()
    schema = {"scheme_code": pl.Int64, "year": pl.Int32, "value": pl.Float64}
    if nav.height == 0:
        return pl.DataFrame(schema={**schema, "year_last_nav": pl.Date})
    events = load_events(con, list(codes))
    order = (
        nav.group_by("scheme_code")
        .agg(pl.col("date").min().alias("first"))
        .sort("first", "scheme_code")
        .with_row_index("n")
        .with_columns((pl.col("n") // YEAR_CHUNK).cast(pl.Int64).alias("chunk"))
    )
    parts = nav.join(order.select("scheme_code", "first", "chunk"), on="scheme_code")
    frames = []
    for part in parts.partition_by("chunk"):
        grid = nav_grid(
            part.select("scheme_code", "date", "nav"),
            start=part.get_column("first").min(),  # type: ignore[arg-type]
            end=as_of,
            face_value=events.face_value,
            spikes=events.spikes,
        )
        levels = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
        years, values = calendar_year_returns(levels, grid.start)
        frames.append(
            pl.DataFrame(
                {
                    "scheme_code": np.repeat(grid.codes, years.size),
                    "year": np.tile(years.astype(np.int64) + 1970, grid.codes.size),
                    "value": values.ravel(),
                },
                schema=schema,
            )
        )
    last = nav.group_by("scheme_code", pl.col("date").dt.year().cast(pl.Int32).alias("year")).agg(
        pl.col("date").max().alias("year_last_nav")
    )
    return (
        pl.concat(frames)
        .filter(pl.col("value").is_finite())
        .join(last, on=["scheme_code", "year"], how="left")
        .sort("scheme_code", "year")
    )
