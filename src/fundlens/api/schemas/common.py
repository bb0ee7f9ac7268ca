"""Models every response shares: the as-of stamp, errors, list envelopes.

Units: fields of non-seed responses are fractions (0.12 = 12 %); seed-shaped responses use
the seed's units. Every field says its unit in its description (conventions.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ErrorBody", "Health", "ListEnvelope", "Meta", "Stamped"]

T = TypeVar("T")


class Stamped(BaseModel):
    """Fields on every response: the data's as-of date and whether it is synthetic."""

    model_config = ConfigDict(extra="forbid")

    as_of_date: dt.date | None = Field(
        description="Last NAV date in the store (ISO date); null for an empty store."
    )
    synthetic: bool = Field(
        description="True when the store holds the generated demo universe, not real NAVs."
    )


class ListEnvelope(Stamped, Generic[T]):
    """A list of items with its count (and the total before pagination)."""

    data: list[T]
    count: int = Field(description="Items in this response.")
    total: int = Field(description="Items matching before pagination.")


class ErrorBody(BaseModel):
    """Every error: a JSON body with ``detail`` (a sentence, or FastAPI's list of field
    errors for a malformed request)."""

    detail: str | list[dict[str, object]]


class Health(BaseModel):
    """Liveness: the server runs and sees a store snapshot."""

    status: str = Field(description="'ok' when a store snapshot is readable, else 'no-store'.")
    snapshot: str = Field(description="The current snapshot file's name.")


class Meta(Stamped):
    """The contract's meta object (conventions.md, 'The meta object')."""

    first_date: dt.date | None = Field(description="First NAV date in the store.")
    last_date: dt.date | None = Field(description="Last NAV date in the store.")
    schemes: int = Field(description="Schemes with at least one NAV.")
    nav_rows: int = Field(description="NAV rows (one per scheme and date).")
    rejected_rows: int = Field(description="Input rows rejected at ingest, all reasons.")
    rejected_by_reason: dict[str, int] = Field(description="Rejected rows per reason.")
    duplicates: int = Field(description="Identical duplicate rows dropped at ingest.")
    revisions: int = Field(description="NAVs replaced by a later, different value.")
    last_update_at: str | None = Field(description="When the store was last written (UTC).")
    schema_version: int = Field(description="Store schema version.")
    version: str = Field(description="fundlens version.")
