"""``POST /api/v1/sip``: a monthly SIP in up to five funds beside the same money as a lump
sum (services.sip.sip_comparison), and optionally the rolling SIP XIRRs of each fund.
Rupees and fractions (0.12 = 12 %)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fundlens.api.schemas.common import Stamped
from fundlens.api.schemas.funds import BodyCode, IsoDate, JsonNumber, check_request_range

__all__ = [
    "Instalment",
    "LumpSumResult",
    "RollingSip",
    "RollingSipStats",
    "SipFund",
    "SipPath",
    "SipPlan",
    "SipRequest",
    "SipResponse",
    "SipSummary",
]

_RUPEES = "Rupees."
_A_YEAR = "Fraction a year (0.12 = 12 % a year)."


class SipRequest(BaseModel):
    """The same SIP plan in each fund."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"scheme_codes": [100822, 103504], "amount": 10000, "day": 5,
                 "start_date": "2010-01-01", "step_up": 0.1, "rolling_years": [3]},
                {"scheme_codes": [900010], "amount": 5000, "day": 1},
            ]
        },
    )  # fmt: skip

    scheme_codes: list[BodyCode] = Field(
        min_length=1,
        max_length=5,
        json_schema_extra={"uniqueItems": True},
        description="1 to 5 distinct AMFI scheme codes.",
    )
    amount: Annotated[float, JsonNumber] = Field(
        gt=0, le=1e9, description="Monthly instalment (the first year's, with a step-up). Rupees."
    )
    day: Annotated[int, JsonNumber] = Field(
        default=1,
        ge=1,
        le=31,
        description="Day of the month; a holiday buys on the next NAV date, a missing "
        "day 29-31 counts as the month's last day.",
    )
    start_date: IsoDate | None = Field(
        default=None, description="First instalment on or after this date (ISO); null: the "
        "fund's first NAV.",
    )  # fmt: skip
    end_date: IsoDate | None = Field(
        default=None, description="Last instalment on or before, valued at the last NAV on "
        "or before, this date (ISO); null: the last NAV.",
    )  # fmt: skip
    step_up: Annotated[float, JsonNumber] = Field(
        default=0.0, ge=0.0, le=1.0, description="Yearly rise of the instalment, a fraction "
        "(0.1 = +10 % a year).",
    )  # fmt: skip
    rolling_years: list[Annotated[int, Field(ge=1, le=30), JsonNumber]] = Field(
        default=[],
        max_length=5,
        json_schema_extra={"uniqueItems": True},
        description="Also the XIRR of every N-year SIP started in each month of the fund's "
        "whole history, per N (years, 1-30); empty: none.",
    )

    @field_validator("scheme_codes", "rolling_years")
    @classmethod
    def _distinct(cls, values: list[int]) -> list[int]:
        if len(set(values)) != len(values):
            raise ValueError("items must be distinct")
        return values

    @model_validator(mode="after")
    def _range(self) -> SipRequest:
        check_request_range(self.start_date, self.end_date)
        return self


class SipPlan(BaseModel):
    """The plan as run."""

    model_config = ConfigDict(extra="forbid")

    amount: float = Field(description=f"First year's monthly instalment. {_RUPEES}")
    day: int = Field(description="Day of the month, 1-31.")
    start_date: dt.date | None = Field(description="Start asked for (ISO).")
    end_date: dt.date | None = Field(description="End asked for (ISO).")
    step_up: float = Field(description="Yearly rise of the instalment, a fraction.")


class SipSummary(BaseModel):
    """The SIP's outcome at the valuation date."""

    model_config = ConfigDict(extra="forbid")

    first_instalment: dt.date = Field(description="First purchase date (ISO).")
    last_instalment: dt.date = Field(description="Last purchase date (ISO).")
    valuation_date: dt.date = Field(description="NAV date of the valuation (ISO).")
    valuation_nav: float = Field(description="NAV on the valuation date. Rupees per unit.")
    instalments: int = Field(description="Purchases made.")
    invested: float = Field(description=f"Total invested. {_RUPEES}")
    units: float = Field(description="Units held.")
    value: float = Field(description=f"Value at the valuation date. {_RUPEES}")
    gain: float = Field(description=f"value − invested. {_RUPEES}")
    absolute_return: float = Field(description="gain / invested. Fraction.")
    xirr: float | None = Field(description=f"XIRR of the cash flows. {_A_YEAR} Null: see reasons.")


class Instalment(BaseModel):
    """One purchase."""

    model_config = ConfigDict(extra="forbid")

    scheduled: dt.date = Field(description="Scheduled day (ISO).")
    date: dt.date = Field(description="NAV date bought on (ISO).")
    nav: float = Field(description="NAV paid. Rupees per unit.")
    amount: float = Field(description=f"Instalment. {_RUPEES}")
    units: float = Field(description="Units bought.")


class SipPath(BaseModel):
    """Invested, units and value over time (≤ 500 evenly picked NAV days, for display)."""

    model_config = ConfigDict(extra="forbid")

    dates: list[dt.date] = Field(description="Dates (ISO).")
    invested: list[float] = Field(description=f"Invested to date. {_RUPEES}")
    units: list[float] = Field(description="Units held.")
    value: list[float] = Field(description=f"Value. {_RUPEES}")


class LumpPath(BaseModel):
    """The lump sum's value over time (≤ 500 points)."""

    model_config = ConfigDict(extra="forbid")

    dates: list[dt.date] = Field(description="Dates (ISO).")
    value: list[float] = Field(description=f"Value. {_RUPEES}")


class LumpSumResult(BaseModel):
    """The SIP's total invested at once at the first instalment's NAV."""

    model_config = ConfigDict(extra="forbid")

    amount: float = Field(description=f"Invested. {_RUPEES}")
    date: dt.date = Field(description="Purchase date (ISO).")
    nav: float = Field(description="NAV paid. Rupees per unit.")
    units: float = Field(description="Units bought.")
    valuation_date: dt.date = Field(description="Valuation date (ISO).")
    value: float = Field(description=f"Value. {_RUPEES}")
    gain: float = Field(description=f"value − amount. {_RUPEES}")
    absolute_return: float = Field(description="gain / amount. Fraction.")
    cagr: float | None = Field(description=f"CAGR (365-day years). {_A_YEAR}")
    path: LumpPath


class RollingSipStats(BaseModel):
    """Distribution of the rolling SIP XIRRs (null when there is none)."""

    model_config = ConfigDict(extra="forbid")

    count: int = Field(description="SIPs (one per start month).")
    min: float | None = Field(description=f"Lowest XIRR. {_A_YEAR}")
    p10: float | None = Field(description=f"10th percentile. {_A_YEAR}")
    p25: float | None = Field(description=f"25th percentile. {_A_YEAR}")
    median: float | None = Field(description=f"Median. {_A_YEAR}")
    mean: float | None = Field(description=f"Mean. {_A_YEAR}")
    p75: float | None = Field(description=f"75th percentile. {_A_YEAR}")
    p90: float | None = Field(description=f"90th percentile. {_A_YEAR}")
    max: float | None = Field(description=f"Highest XIRR. {_A_YEAR}")
    std: float | None = Field(description=f"Sample standard deviation. {_A_YEAR}")
    below_0: float | None = Field(description="Share of SIPs with XIRR < 0. Fraction 0-1.")
    above_0: float | None = Field(description="Share with XIRR > 0. Fraction 0-1.")
    above_8: float | None = Field(description="Share above 8 % a year. Fraction 0-1.")
    above_10: float | None = Field(description="Share above 10 % a year. Fraction 0-1.")
    above_12: float | None = Field(description="Share above 12 % a year. Fraction 0-1.")
    above_15: float | None = Field(description="Share above 15 % a year. Fraction 0-1.")


class RollingSip(BaseModel):
    """Every N-year SIP started in each month of the fund's history."""

    model_config = ConfigDict(extra="forbid")

    years: int = Field(description="SIP length N, years.")
    distribution: RollingSipStats
    reason: str | None = Field(description="Why there is no SIP (history too short).")
    starts: list[dt.date] = Field(description="First instalment of each SIP (ISO).")
    ends: list[dt.date] = Field(description="Valuation date of each SIP (ISO).")
    xirr: list[float | None] = Field(description=f"XIRR of each SIP. {_A_YEAR}")


class SipFund(BaseModel):
    """One fund's SIP, lump sum and (optionally) rolling SIPs."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI scheme code.")
    name: str = Field(description="Scheme name.")
    synthetic: bool = Field(description="True for the generated demo universe.")
    plan: SipPlan
    summary: SipSummary
    instalments: list[Instalment] = Field(description="Every purchase, oldest first.")
    path: SipPath
    lump_sum: LumpSumResult
    notes: list[str] = Field(description="Adjustments made (start moved to the first NAV, …).")
    reasons: dict[str, str] = Field(description="Key → why its value is null.")
    rolling: list[RollingSip] = Field(description="One per rolling_years asked for.")


class SipResponse(Stamped):
    """The SIP in each fund, in the order asked."""

    funds: list[SipFund]
