"""Seed 003's Performance Attribution API (§7), written as the seed describes it: the
baseline the ``api`` benchmark serves beside fundlens.

A FastAPI app on a funds.db (SQLite, §5: ``nav_data`` with its ``date_index``):
``get_db()`` opens a ``sqlite3`` connection per request and closes it (§7.3), queries go
through ``pandas.read_sql_query`` (``execute_query_df``), and the computation is pandas per
request, step by step as §7.5 lists it:

``POST /api/performance/rolling-returns`` — for each scheme and the benchmark: load
``SELECT date, nav FROM nav_data WHERE scheme_code = ? ORDER BY date`` into a Series
indexed by date; re-index to the full daily calendar and forward-fill; ``pct_change(days)``
per window (1y = 365 … 10y = 3650), annualised as a CAGR for windows over a year; keep the
trading days (drop rows where every series is NaN); clip to the requested dates; inner-join
the funds and the benchmark on their shared dates; pick at most 500 points with
``numpy.linspace``; values × 100. Monthly returns: the NAV on each month's last trading day,
month-over-month ``pct_change`` × 100.

``GET /api/schemes/search?q=`` — ``LIKE '%q%'`` on ``scheme_name``, Direct and Growth only.

Run: ``FUNDS_DB=funds.db uvicorn benchmarks.baseline_api:create_app --factory``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator

import numpy as np
import pandas as pd
from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel

__all__ = ["create_app", "rolling_returns"]

WINDOW_DAYS = {"1y": 365, "3y": 1095, "5y": 1825, "10y": 3650}
MAX_POINTS = 500


class RollingReturnRequest(BaseModel):
    scheme_codes: list[int]
    benchmark_code: int
    windows: list[str]
    start_date: str
    end_date: str


class RollingReturnPoint(BaseModel):
    date: str
    value: float


class RollingReturnSeries(BaseModel):
    scheme_code: int
    scheme_name: str
    window: str
    data: list[RollingReturnPoint]


class MonthlyReturnSeries(BaseModel):
    scheme_code: int
    scheme_name: str
    data: list[RollingReturnPoint]


class RollingReturnResponse(BaseModel):
    series: list[RollingReturnSeries]
    monthly_returns: list[MonthlyReturnSeries]


class SchemeSearch(BaseModel):
    scheme_code: int
    scheme_name: str


@contextlib.contextmanager
def get_db(path: str) -> Iterator[sqlite3.Connection]:
    """§7.3: a connection per request, closed on exit."""
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


def execute_query_df(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> pd.DataFrame:
    return pd.read_sql_query(sql, conn, params=params)


def load_nav(conn: sqlite3.Connection, code: int) -> pd.Series:
    df = execute_query_df(
        conn, "SELECT date, nav FROM nav_data WHERE scheme_code = ? ORDER BY date", (code,)
    )
    return pd.Series(df["nav"].to_numpy(), index=pd.to_datetime(df["date"]), name=code)


def _downsample(frame: pd.DataFrame) -> pd.DataFrame:
    if len(frame) <= MAX_POINTS:
        return frame
    idx = np.linspace(0, len(frame) - 1, MAX_POINTS).astype(int)
    return frame.iloc[idx]


def rolling_returns(conn: sqlite3.Connection, req: RollingReturnRequest) -> RollingReturnResponse:
    """§7.5, step by step."""
    codes = [*req.scheme_codes, req.benchmark_code]
    names = dict(
        execute_query_df(
            conn,
            f"SELECT scheme_code, scheme_name FROM scheme_data WHERE scheme_code IN "
            f"({','.join('?' * len(codes))})",
            tuple(codes),
        ).itertuples(index=False)
    )
    navs = {code: load_nav(conn, code) for code in codes}
    start, end = pd.Timestamp(req.start_date), pd.Timestamp(req.end_date)
    series: list[RollingReturnSeries] = []
    for window in req.windows:
        days = WINDOW_DAYS[window]
        rolled = {}
        for code, nav in navs.items():
            if nav.empty:
                continue
            calendar = pd.date_range(nav.index.min(), nav.index.max(), freq="D")
            daily = nav.reindex(calendar).ffill()
            change = daily.pct_change(days, fill_method=None)
            if days > 365:
                change = (1 + change) ** (365 / days) - 1
            rolled[code] = change.reindex(nav.index)  # trading days only
        frame = pd.DataFrame(rolled).dropna(how="all")
        frame = frame[(frame.index >= start) & (frame.index <= end)]
        frame = frame.dropna()  # inner join on the shared dates
        frame = _downsample(frame)
        dates = frame.index.strftime("%Y-%m-%d").tolist()
        for code in frame.columns:
            values = (frame[code] * 100).round(4).tolist()
            points = zip(dates, values, strict=True)
            series.append(
                RollingReturnSeries(
                    scheme_code=int(code),
                    scheme_name=names.get(code, str(code)),
                    window=window,
                    data=[RollingReturnPoint(date=d, value=v) for d, v in points],
                )
            )
    monthly: list[MonthlyReturnSeries] = []
    for code, nav in navs.items():
        clipped = nav[(nav.index >= start) & (nav.index <= end)]
        month_end = clipped.groupby(clipped.index.to_period("M")).tail(1)
        change = (month_end.pct_change().dropna() * 100).round(4)
        monthly.append(
            MonthlyReturnSeries(
                scheme_code=int(code),
                scheme_name=names.get(code, str(code)),
                data=[
                    RollingReturnPoint(date=d.strftime("%Y-%m-%d"), value=float(v))
                    for d, v in change.items()
                ],
            )
        )
    return RollingReturnResponse(series=series, monthly_returns=monthly)


def create_app() -> FastAPI:
    db = os.environ["FUNDS_DB"]
    app = FastAPI(title="Historical MF Data API (seed 003 baseline)")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/performance/rolling-returns", response_model=RollingReturnResponse)
    def post_rolling_returns(req: RollingReturnRequest) -> RollingReturnResponse:
        if not 1 <= len(req.scheme_codes) <= 5 or any(w not in WINDOW_DAYS for w in req.windows):
            raise HTTPException(status_code=422, detail="1 to 5 schemes; windows 1y/3y/5y/10y")
        with get_db(db) as conn:
            return rolling_returns(conn, req)

    @app.get("/api/schemes/search", response_model=list[SchemeSearch])
    def search(q: str = Query(min_length=2)) -> list[SchemeSearch]:
        with get_db(db) as conn:
            df = execute_query_df(
                conn,
                "SELECT scheme_code, scheme_name FROM scheme_data WHERE scheme_name LIKE ? "
                "AND scheme_name LIKE '%Direct%' AND scheme_name LIKE '%Growth%' "
                "ORDER BY scheme_name LIMIT 50",
                (f"%{q}%",),
            )
        rows = df.itertuples(index=False)
        return [SchemeSearch(scheme_code=int(c), scheme_name=n) for c, n in rows]

    return app


def main() -> None:
    """``python -m benchmarks.baseline_api PORT WORKERS``: uvicorn with the same listening
    socket as ``fundlens api`` (TCP_NODELAY on keep-alive connections; see
    ``fundlens.cli.serve._run_workers``), so both servers are measured alike."""
    import socket
    import sys

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    port, workers = int(sys.argv[1]), int(sys.argv[2])
    config = uvicorn.Config(
        "benchmarks.baseline_api:create_app",
        factory=True,
        host="127.0.0.1",
        port=port,
        workers=workers,
        log_level="warning",
    )
    bound = config.bind_socket()
    sock = socket.socket(fileno=bound.detach())
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()


if __name__ == "__main__":
    main()
