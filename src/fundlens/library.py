"""The notebook surface: ``fundlens.open(db)`` and ``fundlens.metrics(nav, benchmark=…)``.

>>> import datetime as dt
>>> import polars as pl
>>> import fundlens
>>> days = [dt.date(2024, 1, d) for d in (1, 2, 3, 4, 5, 8)]   # Mon 1 … Mon 8 Jan
>>> nav = pl.DataFrame({"date": days, "nav": [100.0, 105, 103, 95, 92, 98]})
>>> result = fundlens.metrics(nav)
>>> round(result["max_drawdown"], 4), result.reasons["sharpe_1y"]
(-0.1238, 'history 7 d < window 365 d')

On a store (``FUNDLENS_DB``, or the demo store ``fundlens init --demo`` builds)::

    store = fundlens.open("~/.fundlens/demo.duckdb")
    nav = store.nav(900010)                      # Polars (date, nav); as_pandas=True
    store.metrics(900010)["sharpe_3y"]           # against its category benchmark
    fundlens.metrics(nav, benchmark=store.nav(901000))  # the same numbers, ad hoc

A stored fund's metrics (``store.metrics(code)``) and the same NAVs passed to
:func:`metrics` give the same numbers: both run the data-quality event rules and then
:func:`fundlens.analytics.metrics.compute_metrics` on a one-row panel.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from fundlens.analytics.grid import DEFAULT_RF, ROLLING_WINDOWS
from fundlens.analytics.riskfree import RiskFree
from fundlens.errors import InputError
from fundlens.services.amc import PlanKind, amc_comparison
from fundlens.services.expense import expense_drag
from fundlens.services.metrics import EventMasks, fund_table, resolve_rf
from fundlens.services.report import BenchmarkChoice, build_report, metrics_report
from fundlens.services.risk_series import correlations, risk_series
from fundlens.services.rolling import rolling_report
from fundlens.services.sip import ROLLING_SIP_YEARS, rolling_sip_report, sip_report
from fundlens.settings import get_settings
from fundlens.store.meta import meta_object
from fundlens.store.quality import detect_events, flagged_return_days
from fundlens.store.reads import nav_history
from fundlens.store.snapshots import Reader
from fundlens.types import Window

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Metrics", "Store", "metrics", "open_store"]


@dataclass(frozen=True)
class Metrics:
    """The full set: ``values`` (every key; NaN when null), ``reasons`` for each null,
    the ``window`` used, and the whole JSON object in ``report``."""

    values: dict[str, float]
    reasons: dict[str, str]
    window: dict[str, Any]
    report: dict[str, Any] = field(repr=False)

    def __getitem__(self, key: str) -> float:
        return self.values[key]

    def to_dict(self) -> dict[str, Any]:
        """The same object ``fundlens metrics --json`` prints."""
        return self.report


def _metrics_of(report: dict[str, Any]) -> Metrics:
    values = {k: (math.nan if v is None else float(v)) for k, v in report["metrics"].items()}
    return Metrics(values=values, reasons=report["reasons"], window=report["window"], report=report)


class Store:
    """A read-only view of a fundlens store (it follows the daily update's snapshots)."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.path = Path(db).expanduser() if db is not None else get_settings().db
        self._reader = Reader(self.path)

    def nav(
        self,
        code: int,
        *,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        as_pandas: bool = False,
    ) -> pl.DataFrame | pd.DataFrame:
        """NAVs of one scheme (``date``, ``nav``), as Polars, or pandas with ``as_pandas``."""
        frame = nav_history(
            self._reader.connection(), code, start_date=start_date, end_date=end_date
        )
        return frame.to_pandas() if as_pandas else frame

    def metrics(
        self,
        code: int,
        *,
        benchmark: BenchmarkChoice = "auto",
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        rf: float | None = None,
    ) -> Metrics:
        """The full metric set of a stored scheme (benchmark: its category stand-in)."""
        con = self._reader.connection()
        report = metrics_report(
            con,
            code,
            benchmark=benchmark,
            start_date=start_date,
            end_date=end_date,
            rf=resolve_rf(con, rf),
        )
        return _metrics_of(report)

    def rolling(
        self,
        code: int,
        *,
        benchmark: BenchmarkChoice = "auto",
        windows: tuple[Window, ...] = ROLLING_WINDOWS,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        max_points: int | None = None,
    ) -> dict[str, Any]:
        """Rolling-return series and their statistics per window (every point by
        default; ``max_points`` thins them for display)."""
        return rolling_report(
            self._reader.connection(),
            code,
            benchmark=benchmark,
            windows=windows,
            start_date=start_date,
            end_date=end_date,
            max_points=max_points,
        )

    def risk(
        self, code: int, *, benchmark: BenchmarkChoice = "auto", rf: float | None = None
    ) -> dict[str, Any]:
        """Underwater series, top drawdown episodes, rolling volatility / Sharpe / beta."""
        con = self._reader.connection()
        return risk_series(con, code, benchmark=benchmark, rf=resolve_rf(con, rf))

    def sip(
        self,
        code: int,
        *,
        amount: float,
        day: int = 1,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        step_up: float = 0.0,
        max_points: int | None = None,
    ) -> dict[str, Any]:
        """A monthly SIP (instalments, paths, XIRR) beside the same total as a lump sum,
        as ``fundlens sip --json`` prints it (every NAV day by default)."""
        return sip_report(
            self._reader.connection(),
            code,
            amount=amount,
            day=day,
            start_date=start_date,
            end_date=end_date,
            step_up=step_up,
            max_points=max_points,
        )

    def rolling_sip(
        self,
        code: int,
        *,
        years: tuple[int, ...] = ROLLING_SIP_YEARS,
        amount: float = 10_000.0,
        day: int = 1,
        step_up: float = 0.0,
    ) -> dict[str, Any]:
        """XIRR of every N-year SIP started in each month of the history, per N, with its
        distribution."""
        return rolling_sip_report(
            self._reader.connection(), code, years=years, amount=amount, day=day, step_up=step_up
        )

    def correlations(self, codes: list[int]) -> pl.DataFrame:
        """Correlation matrix of the funds' daily returns (pairwise common observations)."""
        return correlations(self._reader.connection(), codes)

    def report(
        self,
        code: int,
        *,
        benchmark: BenchmarkChoice = "auto",
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        rf: float | None = None,
        sip_amount: float = 10_000.0,
        sip_day: int = 1,
    ) -> str:
        """The fund's tearsheet as one self-contained HTML page (as ``fundlens report``)."""
        from fundlens.reports.tearsheet import tearsheet  # Matplotlib only when asked for

        con = self._reader.connection()
        return tearsheet(
            con,
            code,
            benchmark=benchmark,
            start_date=start_date,
            end_date=end_date,
            rf=resolve_rf(con, rf),
            sip_amount=sip_amount,
            sip_day=sip_day,
        )

    def expense_drag(
        self,
        direct_code: int,
        regular_code: int,
        *,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        max_points: int | None = None,
    ) -> dict[str, Any]:
        """Expense drag of a Direct/Regular pair from their common start: series, total and
        annualised rate (every point by default; ``max_points`` thins the series)."""
        return expense_drag(
            self._reader.connection(),
            direct_code,
            regular_code,
            start_date=start_date,
            end_date=end_date,
            max_points=max_points,
        )

    def amc_comparison(
        self,
        amcs: list[str],
        *,
        category: str,
        plan: PlanKind = "direct",
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
        rf: float | None = None,
        common_window: bool = True,
        max_points: int | None = None,
    ) -> dict[str, Any]:
        """Each AMC's equal-weighted, daily-rebalanced portfolio of its growth schemes in a
        category and plan (closed ones included), with the full metric set against the
        category benchmark and the cumulative-return series."""
        return amc_comparison(
            self._reader.connection(),
            amcs,
            category=category,
            plan=plan,
            start_date=start_date,
            end_date=end_date,
            rf=rf,
            common_window=common_window,
            max_points=max_points,
        )

    def meta(self) -> dict[str, Any]:
        """The meta object (as ``fundlens db stats --json``)."""
        return meta_object(self._reader.connection())

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(db: str | Path | None = None) -> Store:
    """Open a store read-only (default ``FUNDLENS_DB``)."""
    return Store(db)


def _as_frame(nav: Any, code: int) -> pl.DataFrame:
    """(scheme_code, date, nav) from a Polars frame (date, nav), a pandas Series indexed
    by date, or a pandas frame with date and nav columns."""
    if isinstance(nav, pl.DataFrame):
        frame = nav
    elif hasattr(nav, "to_frame") and hasattr(nav, "index") and not hasattr(nav, "columns"):
        frame = pl.DataFrame({"date": list(nav.index.date), "nav": nav.to_numpy()})
    elif hasattr(nav, "columns"):
        frame = pl.from_pandas(nav.reset_index() if "date" not in nav.columns else nav)
    else:
        raise InputError("nav must be a Polars frame (date, nav) or a pandas Series/DataFrame")
    if not {"date", "nav"} <= set(frame.columns):
        raise InputError("nav needs columns 'date' and 'nav'")
    return (
        frame.select(
            pl.lit(code, dtype=pl.Int64).alias("scheme_code"),
            pl.col("date").cast(pl.Date),
            pl.col("nav").cast(pl.Float64),
        )
        .unique(["date"], keep="last")
        .sort("date")
    )


def metrics(
    nav: Any,
    benchmark: Any = None,
    *,
    rf: RiskFree | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Metrics:
    """The full metric set of any NAV series, stored or not, with the CLI's keys.

    ``nav`` and ``benchmark``: Polars frames (``date``, ``nav``) or pandas Series indexed
    by date. The data-quality rules of the store (face-value changes, one-day outliers)
    run on them first, exactly as on ingest. ``rf``: a fraction a year or a series
    (``date``, ``annual_rate``); default ``FUNDLENS_RF``.
    """
    frames = [_as_frame(nav, 1)] + ([] if benchmark is None else [_as_frame(benchmark, 2)])
    panel = pl.concat(frames)
    if panel.height == 0:
        raise InputError("no NAVs to analyse")
    events = detect_events(panel, as_of=panel["date"].max())  # type: ignore[arg-type]
    rate = rf if rf is not None else get_settings().rf
    rate = DEFAULT_RF if rate is None else rate
    table, grid = fund_table(
        panel,
        EventMasks(
            flagged=flagged_return_days(events),
            face_value=events.filter(pl.col("kind") == "face_value_change"),
            spikes=events.filter(pl.col("kind") == "outlier"),
        ),
        code=1,
        benchmark=None if benchmark is None else 2,
        rf=rate,
        start_date=start_date,
        end_date=end_date,
    )
    return _metrics_of(build_report(table, grid, names={}, rf=rate, synthetic=False))
