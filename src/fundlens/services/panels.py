"""Cleaned NAV levels of several stored schemes on one daily calendar.

The common first step of the expense-drag and AMC-comparison services: read the NAVs of
``codes`` (optionally only ``start_date … end_date``) and their data-quality events,
scatter them on one daily grid (:func:`fundlens.analytics.grid.nav_grid`) and clean the
levels (:func:`~fundlens.analytics.grid.clean_levels`: one-day outliers dropped,
face-value changes chain-linked), keeping the flagged-return mask for daily statistics.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl

from fundlens.analytics.grid import NavGrid, clean_levels, nav_grid
from fundlens.errors import InputError
from fundlens.services.metrics import load_events
from fundlens.store.reads import nav_panel

__all__ = ["stored_levels"]


def stored_levels(
    con: duckdb.DuckDBPyConnection,
    codes: list[int],
    *,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> NavGrid:
    """Cleaned levels of ``codes``, one row each in the order given (a code without a NAV
    in the window is a row of NaN), on the daily calendar of their first to last NAV in
    the window. ``values`` are already cleaned (the grid's ``face_value`` and ``spikes``
    are None); ``flagged`` marks the returns daily statistics leave out (None when none).
    """
    if start_date and end_date and start_date > end_date:
        raise InputError(f"--from {start_date} is after --to {end_date}")
    if not codes:
        raise InputError("no schemes to read")
    panel = nav_panel(con, sorted(set(codes)))
    if start_date is not None:
        panel = panel.filter(pl.col("date") >= start_date)
    if end_date is not None:
        panel = panel.filter(pl.col("date") <= end_date)
    if panel.height == 0:
        raise InputError("no NAVs in the window")
    events = load_events(con, sorted(set(codes)))
    grid = nav_grid(
        panel, flagged=events.flagged, face_value=events.face_value, spikes=events.spikes
    )
    clean = clean_levels(grid.values, face_value=grid.face_value, spikes=grid.spikes)
    rows = np.minimum(np.searchsorted(grid.codes, codes), grid.codes.size - 1)
    found = grid.codes[rows] == np.asarray(codes)
    values = np.where(found[:, None], clean[rows], np.nan)
    flagged = None
    if grid.flagged is not None:
        flagged = grid.flagged[rows] & found[:, None]
    return NavGrid(
        codes=np.asarray(codes, dtype=np.int64), start=grid.start, values=values, flagged=flagged
    )
