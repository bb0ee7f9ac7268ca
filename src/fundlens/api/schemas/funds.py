"""Models of ``/api/v1/funds/{code}/…``: NAVs, metrics (schemas.metrics), and the
parameter types other resources share (a scheme code, a risk-free rate)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Final

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from fundlens.api.schemas.common import Stamped

__all__ = [
    "CODE_MAX",
    "BodyCode",
    "CodeItem",
    "IsoDate",
    "JsonNumber",
    "NavPoint",
    "NavResponse",
    "RfRate",
    "check_request_range",
]

#: Largest number accepted as a scheme code (AMFI codes have six digits).
CODE_MAX: Final = 999_999_999

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Only ``YYYY-MM-DD`` (or a date): not a number of seconds, not a datetime."""
    if isinstance(value, dt.datetime):
        raise ValueError("an ISO date, YYYY-MM-DD (no time)")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    raise ValueError("an ISO date, YYYY-MM-DD")


#: An ISO-8601 calendar date in a request (query or body).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _json_number(value: object) -> object:
    """A JSON body's number must be a number: not "5" nor true (1.0 is the integer 1)."""
    if isinstance(value, (bool, str)):
        raise ValueError("a JSON number")
    return value


#: Rejects strings and booleans where a body field is a number (lax mode would take them).
JsonNumber = BeforeValidator(_json_number)
#: A scheme code in a query or path (404 when the store lacks it).
CodeItem = Annotated[int, Field(ge=1, le=CODE_MAX, description="AMFI scheme code.")]
#: A scheme code in a JSON body.
BodyCode = Annotated[CodeItem, JsonNumber]
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
