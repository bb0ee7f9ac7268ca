"""Seed 003 §7.4 models of ``/api/performance`` (rolling returns, drawdowns), with extras.

Seed-shaped: the seed's names and units — rolling and monthly returns and max drawdown in
percent (``api.seed_names``), dates ISO-8601. Extras: each series' ``role``, whether it
is annualised, a ``summary`` computed on the full-resolution series (return statistics in
percent, shares of windows as fractions 0-1), and ``reasons`` for every null.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from fundlens.api.schemas.common import Stamped
from fundlens.api.schemas.funds import IsoDate
from fundlens.api.seed_names import unit_note

__all__ = [
    "DrawdownStats",
    "FundAnalyticsRequest",
    "FundAnalyticsResponse",
    "MonthlyReturnSeries",
    "RollingReturnPoint",
    "RollingReturnRequest",
    "RollingReturnResponse",
    "RollingReturnSeries",
    "RollingSummary",
]


def _integral(value: object) -> object:
    """JSON Schema counts ``5.0`` as an integer: accept it (strict mode would refuse it);
    text and booleans still fail the strict int check."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Integral = Annotated[int, BeforeValidator(_integral)]
SchemeCode = Annotated[  # Field before the validator: its bounds stay minimum/maximum
    int, Field(ge=1, le=99_999_999, description="AMFI scheme code."), BeforeValidator(_integral)
]
RollingWindow = Literal["1y", "3y", "5y", "10y"]
Role = Literal["fund", "benchmark"]

_PCT = unit_note("rolling_1y_mean")
_SHARE = unit_note("rolling_1y_above_0")
_DATE = "ISO date (YYYY-MM-DD)."


class _Request(BaseModel):
    """Fields and checks both POST bodies share. Strict types: ``0`` is not ``false`` and
    ``"5"`` is not ``5``; dates are ISO-8601 text."""

    model_config = ConfigDict(extra="forbid", strict=True)

    scheme_codes: list[SchemeCode] = Field(
        min_length=1,
        max_length=5,
        description="1 to 5 AMFI scheme codes, all different (a 6th is a 422).",
        examples=[[103504, 122639]],
    )
    benchmark_code: SchemeCode | None = Field(
        default=None,
        description="AMFI code of the benchmark scheme (e.g. an index fund from "
        "GET /api/schemes/index-funds); null for none. Not one of scheme_codes.",
        examples=[120716],
    )
    benchmark_index: str | None = Field(
        default=None, min_length=1, max_length=100, description="Instead of benchmark_code: "
        "the name of a stored index series (GET /api/v1/indices; any case), whose series "
        "have scheme_code null.", examples=["NIFTY 50 TRI"]
    )  # fmt: skip
    start_date: IsoDate | None = Field(
        default=None, description=f"First day of the range, {_DATE} Null: "
        "from the first NAV.", examples=["2014-01-01"]
    )  # fmt: skip
    end_date: IsoDate | None = Field(
        default=None, description=f"Last day of the range, {_DATE} Null: to "
        "the last NAV.", examples=["2016-02-22"]
    )  # fmt: skip

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if len(set(self.scheme_codes)) != len(self.scheme_codes):
            raise ValueError("a scheme code is repeated in scheme_codes")
        if self.benchmark_code is not None and self.benchmark_code in self.scheme_codes:
            raise ValueError(f"benchmark_code {self.benchmark_code} is also in scheme_codes")
        if self.benchmark_code is not None and self.benchmark_index is not None:
            raise ValueError("give benchmark_code or benchmark_index, not both")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValueError(f"start_date {self.start_date} is after end_date {self.end_date}")
        return self


class RollingReturnRequest(_Request):
    """Seed 003 ``RollingReturnRequest`` plus ``annualised`` and ``max_points``."""

    windows: list[RollingWindow] = Field(
        default=["1y", "3y", "5y"],
        min_length=1,
        max_length=4,
        description="Rolling windows, each once: 1y = 365, 3y = 1095, 5y = 1825, "
        "10y = 3650 calendar days.",
        examples=[["1y", "3y"]],
    )
    annualised: bool = Field(
        default=True,
        description="True: annualised returns, (1 + r)^(365 / days) − 1 (CAGR over each "
        "window); false: absolute returns over each window. 1y is the same either way.",
    )
    max_points: Integral = Field(
        default=500,
        ge=2,
        le=500,
        description="Most points per series for display (count, ≤ 500); evenly spaced "
        "picks, first and last kept. The summary always uses every point.",
    )

    @model_validator(mode="after")
    def _distinct_windows(self) -> Self:
        if len(set(self.windows)) != len(self.windows):
            raise ValueError("a window is repeated in windows")
        return self


class RollingReturnPoint(BaseModel):
    """One point of a series: a date and a return."""

    date: dt.date = Field(description=f"The point's date, {_DATE}")
    value: float = Field(description=f"Return. {_PCT} Rounded to 6 decimals.")


class RollingSummary(BaseModel):
    """Statistics of the full-resolution rolling series in the range (never the thinned
    one). With a benchmark, a fund's statistics use the windows both have."""

    count: int = Field(description="Rolling windows in the range (count).")
    mean: float | None = Field(description=f"Mean rolling return. {_PCT}")
    median: float | None = Field(description=f"Median rolling return. {_PCT}")
    min: float | None = Field(description=f"Worst rolling return. {_PCT}")
    max: float | None = Field(description=f"Best rolling return. {_PCT}")
    std: float | None = Field(description=f"Standard deviation (ddof = 1). {_PCT}")
    beat_benchmark: float | None = Field(
        description=f"Share of windows where the fund beat the benchmark. {_SHARE} "
        "Null for the benchmark's own series and without a benchmark."
    )
    above_0: float | None = Field(description=f"Share of windows with a return > 0 %. {_SHARE}")
    above_8: float | None = Field(description=f"Share of windows with a return > 8 %. {_SHARE}")
    above_10: float | None = Field(description=f"Share with a return > 10 %. {_SHARE}")
    above_12: float | None = Field(description=f"Share with a return > 12 %. {_SHARE}")
    above_15: float | None = Field(description=f"Share with a return > 15 %. {_SHARE}")


class RollingReturnSeries(BaseModel):
    """Seed 003 ``RollingReturnSeries`` (one scheme, one window) plus role, kind, summary."""

    scheme_code: int | None = Field(description="AMFI scheme code; null: an index series.")
    scheme_name: str = Field(description="The scheme's current name.")
    window: RollingWindow = Field(description="Rolling window token.")
    role: Role = Field(description="'fund' or 'benchmark'.")
    annualised: bool = Field(description="True: annualised returns; false: absolute.")
    label: str | None = Field(
        description="For the benchmark: 'index fund (incl. costs)' when it is an index "
        "fund or ETF (never TRI), else 'scheme'; null for a fund."
    )
    data: list[RollingReturnPoint] = Field(
        description="Rolling returns on NAV days, ≤ max_points evenly spaced for display. "
        "A fund's points are the days it and the benchmark both have a window."
    )
    summary: RollingSummary = Field(description="Statistics of the full-resolution series.")
    reason: str | None = Field(description="Why ``data`` is empty; null otherwise.")


class MonthlyReturnSeries(BaseModel):
    """Seed 003 ``MonthlyReturnSeries``: non-overlapping calendar-month returns."""

    scheme_code: int | None = Field(description="AMFI scheme code; null: an index series.")
    scheme_name: str = Field(description="The scheme's current name.")
    role: Role = Field(description="'fund' or 'benchmark'.")
    data: list[RollingReturnPoint] = Field(
        description="One point per complete calendar month inside the range, dated the "
        "month's last calendar day: last NAV of the month / last NAV of the month before "
        "− 1 (percent)."
    )


class RollingReturnResponse(Stamped):
    """Seed 003 ``RollingReturnResponse`` (series, monthly_returns) plus the request's
    benchmark and kind."""

    benchmark_code: int | None = Field(description="The benchmark's AMFI code, or null.")
    benchmark_index: str | None = Field(description="The index series asked for, or null.")
    annualised: bool = Field(description="True: annualised returns; false: absolute.")
    series: list[RollingReturnSeries] = Field(
        description="Per fund (request order) and window (request order), then the "
        "benchmark per window."
    )
    monthly_returns: list[MonthlyReturnSeries] = Field(
        description="Per fund, then the benchmark (for monthly capture ratios)."
    )


class FundAnalyticsRequest(_Request):
    """Seed 003 ``FundAnalyticsRequest``."""


class DrawdownStats(BaseModel):
    """Seed 003 ``DrawdownStats``: the deepest fall from a running high in the range, on
    the scheme's own NAVs (cleaned of data-quality events). Peak = the last running high
    on or before the trough (seed 003's idxmax picks the first and is wrong)."""

    scheme_code: int | None = Field(description="AMFI scheme code; null: an index series.")
    scheme_name: str = Field(description="The scheme's current name.")
    role: Role = Field(description="'fund' or 'benchmark'.")
    max_drawdown: float | None = Field(
        description=f"Max drawdown, ≤ 0: min(NAV / running max − 1). {unit_note('max_drawdown')}"
    )
    peak_date: dt.date | None = Field(description=f"Last running high before the trough, {_DATE}")
    trough_date: dt.date | None = Field(description=f"Day of the max drawdown, {_DATE}")
    drawdown_duration_days: int | None = Field(
        description="Calendar days from the peak to the trough (days)."
    )
    recovery_date: dt.date | None = Field(
        description=f"First day after the trough with NAV ≥ the peak NAV, {_DATE} "
        "Null while still under water."
    )
    recovery_days: int | None = Field(
        description="Calendar days from the trough to the recovery (days); null if none."
    )
    peak_nav: float | None = Field(description="NAV at the peak (rupees per unit).")
    trough_nav: float | None = Field(description="NAV at the trough (rupees per unit).")
    first_date: dt.date | None = Field(description=f"First NAV used, {_DATE}")
    last_date: dt.date | None = Field(description=f"Last NAV used, {_DATE}")
    navs: int = Field(description="NAVs in the range (count).")
    reasons: dict[str, str] = Field(description="Field → why it is null (empty when none).")


class FundAnalyticsResponse(Stamped):
    """Seed 003 ``FundAnalyticsResponse`` plus the benchmark code."""

    benchmark_code: int | None = Field(description="The benchmark's AMFI code, or null.")
    benchmark_index: str | None = Field(description="The index series asked for, or null.")
    drawdown_stats: list[DrawdownStats] = Field(
        description="Per fund (request order), then the benchmark."
    )
