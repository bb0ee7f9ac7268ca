"""``GET /api/v1/indices``: the index series imported into the store
(``fundlens index import``), usable as a benchmark by name (``benchmark_index``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import ListEnvelope

__all__ = ["IndexSeries", "IndexSeriesList"]


class IndexSeries(BaseModel):
    """One stored index series."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The series' name, as imported (e.g. 'NIFTY 50 TRI').")
    kind: Literal["tri", "price"] = Field(description="'tri' (total return) or 'price'.")
    label: str = Field(description="How it is labelled as a benchmark: 'TRI' or 'price index'.")
    source: str | None = Field(description="File it was imported from (text).")
    first_date: dt.date = Field(description="First value's date (ISO).")
    last_date: dt.date = Field(description="Last value's date (ISO).")
    points: int = Field(description="Values stored (count).")
    first_value: float = Field(description="First value (index points).")
    last_value: float = Field(description="Last value (index points).")


class IndexSeriesList(ListEnvelope[IndexSeries]):
    """The stored index series, by name."""
