"""Models of ``/api/v1/funds/{code}/…``: NAVs, metrics (schemas.metrics), and the
parameter types other resources share (a scheme code, a risk-free rate)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped

__all__ = [
    "CODE_MAX",
    "CodeItem",
    "NavPoint",
    "NavResponse",
    "RfRate",
    "check_request_range",
]

#: Largest number accepted as a scheme code (AMFI codes have six digits).
CODE_MAX: Final = 999_999_999

#: A scheme code in a request body or list (404 when the store lacks it).
CodeItem = Annotated[int, Field(ge=1, le=CODE_MAX, description="AMFI scheme code.")]
#: A risk-free rate, a fraction a year (0.065 = 6.5 %).
RfRate = Annotated[
    float,
    Field(ge=0.0, le=1.0, description="Risk-free rate, a fraction a year (0.065 = 6.5 %)."),
]


def check_request_range(start_date: dt.date | None, end_date: dt.date | None) -> None:
    """ValueError (a 422 from request validation) when start_date is after end_date."""
    if start_date is not None and end_date is not None and start_date > end_date:
        raise ValueError(f"start_date {start_date} is after end_date {end_date}")


class NavPoint(BaseModel):
    """One NAV."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date = Field(description="NAV date (ISO).")
    nav: float = Field(description="Net asset value, rupees per unit, as published.")


class NavResponse(Stamped):
    """A scheme's NAVs within the range asked for, ascending by date."""

    scheme_code: int = Field(description="AMFI scheme code.")
    name: str = Field(description="Scheme name.")
    start_date: dt.date | None = Field(description="First date asked for (ISO); null: none.")
    end_date: dt.date | None = Field(description="Last date asked for (ISO); null: none.")
    count: int = Field(description="NAVs in data.")
    data: list[NavPoint] = Field(description="The NAVs, oldest first, as published (no cleaning).")
