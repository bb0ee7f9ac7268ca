"""Seed 003 §7.4 ``SchemeSearch`` and ``IndexFund`` (``/api/schemes``), with extras.

The seed's fields keep their names (``scheme_code``, ``scheme_name``; ``index_name``,
``fund_house``); the extras say which plan, option, AMC and category a row is, and what
the search matched.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from fundlens.api.schemas.common import ListEnvelope

__all__ = ["IndexFund", "IndexFundList", "SchemeSearch", "SchemeSearchPage"]


class SchemeSearch(BaseModel):
    """One search hit (seed 003 ``SchemeSearch`` plus the scheme's card fields)."""

    scheme_code: int = Field(description="AMFI scheme code (an integer, no unit).")
    scheme_name: str = Field(description="The scheme's current name (text).")
    amc: str | None = Field(description="AMC display name (text); null when unknown.")
    amc_slug: str | None = Field(description="AMC slug for URL paths (e.g. 'hdfc').")
    category: str | None = Field(description="SEBI category, canonical name (text).")
    category_slug: str | None = Field(description="Category slug (e.g. 'flexi-cap').")
    plan: str | None = Field(
        description="direct | regular | institutional | retail | other; null when unread."
    )
    option: str | None = Field(
        description="growth | idcw | idcw_payout | idcw_reinvest | bonus; null when unread."
    )
    last_nav_date: dt.date | None = Field(description="Date of the scheme's last NAV (ISO).")
    matched_on: Literal["name", "past_name", "isin", "code"] = Field(
        description="Which text matched: the current name, a past name, an ISIN or the code "
        "(a Regular plan's match is shown on its Direct plan by default)."
    )
    matched_text: str = Field(description="The text that matched, as stored.")
    rank: int = Field(
        description="Match tier, best first (no unit): 0 equal, 1 prefix of the text, "
        "2 prefix of a word, 3 substring, 4 all words in any order."
    )


class SchemeSearchPage(ListEnvelope[SchemeSearch]):
    """A page of search hits, best first (``total`` = hits before paging)."""

    limit: int = Field(description="Most hits asked for (count).")
    offset: int = Field(description="Hits skipped before this page (count).")


class IndexFund(BaseModel):
    """A curated index fund (seed 003 ``IndexFund``) standing in for an index."""

    scheme_code: int = Field(description="AMFI scheme code (an integer, no unit).")
    scheme_name: str = Field(description="The scheme's current name (text).")
    index_name: str = Field(description="The index it tracks (e.g. 'Nifty 50').")
    fund_house: str | None = Field(description="AMC display name (text); null when unknown.")
    group: str = Field(
        description="Curated group: the index, or 'Gilt' for G-Sec/gilt index funds."
    )
    plan: str | None = Field(description="direct | regular | other; null when unread.")
    vehicle: str = Field(description="index | etf.")
    first_nav_date: dt.date | None = Field(description="First NAV in the store (ISO date).")
    last_nav_date: dt.date | None = Field(description="Last NAV in the store (ISO date).")
    label: str = Field(
        description="How it is shown as a benchmark: 'index fund (incl. costs)' (never TRI)."
    )


class IndexFundList(ListEnvelope[IndexFund]):
    """The curated index funds, by group, plan and history length."""
