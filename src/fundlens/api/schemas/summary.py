"""``POST /api/v1/performance/summary``: seed 003's Card 2 and Card 3 computed by the engine
(contract names, fractions)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fundlens.api.schemas.common import Stamped
from fundlens.api.schemas.funds import BodyCode, IsoDate, JsonNumber, RfRate, check_request_range
from fundlens.api.schemas.metrics import FundMetrics

__all__ = [
    "ExcessStats",
    "FundSummary",
    "MonthlyCapture",
    "RollingBlock",
    "RollingStats",
    "RollingWindow",
    "ScatterPoint",
    "SummaryRequest",
    "SummaryResponse",
]

RollingWindow = Literal["1y", "3y", "5y", "10y"]

_A_YEAR = "Fraction a year (0.12 = 12 % a year)."
_SHARE = "Share of windows, 0-1."


class SummaryRequest(BaseModel):
    """Up to five funds against one benchmark (or each fund's category stand-in)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"scheme_codes": [103504, 119598], "benchmark_code": 100822,
                 "windows": ["1y", "3y"]},
                {"scheme_codes": [900010, 900060], "benchmark_code": "auto"},
            ]
        },
    )  # fmt: skip

    scheme_codes: list[BodyCode] = Field(
        min_length=1,
        max_length=5,
        json_schema_extra={"uniqueItems": True},
        description="1 to 5 distinct AMFI scheme codes.",
    )
    benchmark_code: BodyCode | Literal["auto"] = Field(
        default="auto",
        description="A scheme code every fund is measured against, or 'auto': each fund's "
        "category stand-in (an index fund, costs included; none for some categories).",
    )
    benchmark_index: str | None = Field(
        default=None, min_length=1, max_length=100, description="Instead of benchmark_code "
        "(leave it 'auto'): the name of a stored index series (GET /api/v1/indices; any "
        "case); benchmark_metrics then has scheme_code null.", examples=["NIFTY 50 TRI"]
    )  # fmt: skip
    start_date: IsoDate | None = Field(default=None, description="First date (ISO); null: all.")
    end_date: IsoDate | None = Field(default=None, description="Last date (ISO); null: all.")
    rf: Annotated[RfRate, JsonNumber] | None = Field(
        default=None,
        description="Risk-free rate, a fraction a year; null: the server's (FUNDLENS_RF, a "
        "stored series, else 0.065).",
    )
    windows: list[RollingWindow] = Field(
        default=["1y", "3y", "5y"],
        min_length=1,
        max_length=4,
        json_schema_extra={"uniqueItems": True},
        description="Rolling-return windows (1y = 365 d, 3y = 1095 d, 5y = 1825 d, 10y = 3650 d).",
    )

    @field_validator("scheme_codes", "windows")
    @classmethod
    def _distinct(cls, values: list[object]) -> list[object]:
        if len(set(values)) != len(values):
            raise ValueError("items must be distinct")
        return values

    @model_validator(mode="after")
    def _consistent(self) -> SummaryRequest:
        check_request_range(self.start_date, self.end_date)
        if self.benchmark_code in self.scheme_codes:
            raise ValueError(f"scheme {self.benchmark_code} cannot be its own benchmark")
        if self.benchmark_index is not None and self.benchmark_code != "auto":
            raise ValueError("give benchmark_code or benchmark_index, not both")
        return self


class RollingStats(BaseModel):
    """Statistics of the fund's full-resolution rolling-return series (annualised)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(description="Rolling windows (with a benchmark: those both have).")
    mean: float | None = Field(description=f"Mean. {_A_YEAR}")
    median: float | None = Field(description=f"Median. {_A_YEAR}")
    min: float | None = Field(description=f"Lowest. {_A_YEAR}")
    max: float | None = Field(description=f"Highest. {_A_YEAR}")
    std: float | None = Field(description=f"Sample standard deviation. {_A_YEAR}")
    beat_benchmark: float | None = Field(
        default=None, description=f"Share of windows where the fund beat the benchmark. {_SHARE}"
    )
    above_0: float | None = Field(description=f"Share of windows above 0 % a year. {_SHARE}")
    above_8: float | None = Field(description=f"Share above 8 % a year. {_SHARE}")
    above_10: float | None = Field(description=f"Share above 10 % a year. {_SHARE}")
    above_12: float | None = Field(description=f"Share above 12 % a year. {_SHARE}")
    above_15: float | None = Field(description=f"Share above 15 % a year. {_SHARE}")


class ExcessStats(BaseModel):
    """Statistics of the full-resolution rolling excess return (fund − benchmark)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(description="Rolling windows both have.")
    mean: float | None = Field(description=f"Mean excess. {_A_YEAR}")
    median: float | None = Field(description=f"Median excess. {_A_YEAR}")
    min: float | None = Field(description=f"Lowest excess. {_A_YEAR}")
    max: float | None = Field(description=f"Highest excess. {_A_YEAR}")
    std: float | None = Field(description=f"Sample standard deviation. {_A_YEAR}")
    positive_share: float | None = Field(
        description=f"Share of windows with a positive excess (= beat_benchmark). {_SHARE}"
    )


class RollingBlock(BaseModel):
    """One rolling window: the series for display (at most 500 points, evenly picked) and
    statistics from the full-resolution series."""

    model_config = ConfigDict(extra="forbid")

    window: RollingWindow = Field(description="Rolling window token.")
    dates: list[dt.date] = Field(description="Display dates (ISO), ≤ 500, oldest first.")
    fund: list[float] = Field(description=f"Fund's annualised rolling return. {_A_YEAR}")
    benchmark: list[float] | None = Field(
        description=f"Benchmark's rolling return on the same dates; null: none. {_A_YEAR}"
    )
    excess: list[float] | None = Field(
        description=f"Rolling excess return, fund − benchmark; null: no benchmark. {_A_YEAR}"
    )
    summary: RollingStats
    excess_summary: ExcessStats | None = Field(description="Null without a benchmark.")
    down_market_excess: float | None = Field(
        description="Mean excess over the windows where the benchmark's rolling return is "
        f"negative (seed 003's 'down market alpha'; not alpha). {_A_YEAR}"
    )
    down_market_windows: int | None = Field(
        description="Windows with a negative benchmark rolling return behind it."
    )


class MonthlyCapture(BaseModel):
    """Freefincal's up/down capture on complete months (Card 3's primary table)."""

    model_config = ConfigDict(extra="forbid")

    up_capture_monthly: float | None = Field(
        description="Up-month CAGR of the fund / of the benchmark. Fraction (1.05 = 105 %)."
    )
    down_capture_monthly: float | None = Field(
        description="Down-month CAGR of the fund / of the benchmark. Fraction (0.9 = 90 %)."
    )
    capture_ratio: float | None = Field(description="Up / down capture. Plain ratio.")
    up_months: int = Field(description="Complete months with a benchmark return > 0.")
    down_months: int = Field(description="Complete months with a benchmark return < 0.")


class ScatterPoint(BaseModel):
    """One complete month of the window (the capture scatter: x benchmark, y fund)."""

    model_config = ConfigDict(extra="forbid")

    month: str = Field(description="Month, ISO year-month (2024-05).", pattern=r"^\d{4}-\d{2}$")
    fund: float = Field(description="Fund's return that month. Fraction (0.012 = 1.2 %).")
    benchmark: float = Field(description="Benchmark's return that month. Fraction.")


class FundSummary(BaseModel):
    """One fund: full set, benchmark reference, capture, rolling excess and scatter."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI scheme code.")
    name: str | None = Field(description="Scheme name.")
    metrics: FundMetrics = Field(description="The full set on the fund's common window.")
    benchmark_metrics: FundMetrics | None = Field(
        description="The benchmark's own full set over the fund's window (start_date to "
        "end_date of metrics.window; the risk-return scatter's reference); null: no benchmark."
    )
    capture: MonthlyCapture
    rolling: list[RollingBlock] = Field(description="One block per window asked for.")
    scatter: list[ScatterPoint] = Field(description="Complete months, oldest first.")
    reasons: dict[str, str] = Field(
        description="Why a part is empty or null: benchmark, scatter, rolling_<window>, "
        "down_market_excess_<window>."
    )


class SummaryResponse(Stamped):
    """Card 2 and Card 3 of seed 003 for each fund, in the order asked."""

    benchmark_code: int | Literal["auto"] = Field(description="The benchmark asked for.")
    benchmark_index: str | None = Field(description="The index series asked for, or null.")
    start_date: dt.date | None = Field(description="First date asked for (ISO).")
    end_date: dt.date | None = Field(description="Last date asked for (ISO).")
    windows: list[RollingWindow] = Field(description="Rolling windows, as asked.")
    funds: list[FundSummary]
