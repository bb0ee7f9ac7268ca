"""Real NAV histories from ``shared/data/nav`` for analytics tests, read independently of
fundlens' own parsers (plain ``json``), plus the same series as pandas for the reference
libraries (empyrical-reloaded, quantstats)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import numpy as np
import pandas as pd
import polars as pl

from tests.conftest import NAV_JSON

__all__ = ["REAL_CODES", "real_grid", "real_nav", "real_pandas"]

#: Every scheme with a real history in shared/data/nav.
REAL_CODES: tuple[int, ...] = tuple(sorted(int(p.stem) for p in NAV_JSON.glob("*.json")))


@cache
def real_nav(code: int) -> pl.DataFrame:
    """Columns ``date`` (Date) and ``nav`` (Float64), ascending, identical duplicate rows
    dropped (the source repeats a few dates with the same NAV)."""
    body = json.loads((NAV_JSON / f"{code}.json").read_text())
    rows = [
        (dt.datetime.strptime(item["date"], "%d-%m-%Y").date(), float(item["nav"]))
        for item in body["data"]
    ]
    frame = pl.DataFrame(rows, schema={"date": pl.Date, "nav": pl.Float64}, orient="row")
    return frame.unique().sort("date")


def real_grid(code: int) -> tuple[np.datetime64, np.ndarray]:
    """The history on a daily calendar: (first day, levels with NaN on days without NAV)."""
    frame = real_nav(code)
    first = np.datetime64(frame["date"][0], "D")
    days = (frame["date"].to_numpy().astype("datetime64[D]") - first).astype(np.int64)
    levels = np.full(int(days[-1]) + 1, np.nan)
    levels[days] = frame["nav"].to_numpy()
    return first, levels


def real_pandas(code: int) -> pd.Series:
    """The history as a pandas Series of NAVs indexed by Timestamp (for reference libs)."""
    frame = real_nav(code)
    return pd.Series(
        frame["nav"].to_numpy(), index=pd.DatetimeIndex(frame["date"].to_list()), name=str(code)
    )
