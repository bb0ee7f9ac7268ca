"""Models of seed 003 Gen 2 ``/api/amc``: AMCs, their schemes, the SEBI categories.

Seed 003 §6.4 shapes (``AMCList {amcs}``, ``AMC {name, scheme_count}``, ``SchemeList
{schemes}``, ``Scheme {scheme_code, scheme_name, category, plan_type}``, ``Category
{name}``) with the seed's names, plus the store's facts beside them: the AMC's slug (the
id in paths), alive counts, NAV dates, category slugs and counts. No field here has a
unit besides counts and dates.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from fundlens.api.schemas.common import Stamped

__all__ = [
    "AMC",
    "AMCCategory",
    "AMCList",
    "Category",
    "CategoryList",
    "Scheme",
    "SchemeList",
]


class AMCCategory(BaseModel):
    """How many of an AMC's schemes are in one category."""

    model_config = ConfigDict(extra="forbid")

    category: str | None = Field(description="Canonical SEBI category (null: not known).")
    schemes: int = Field(description="The AMC's schemes in it (count, closed ones included).")


class AMC(BaseModel):
    """One AMC (seed: ``{name, scheme_count}``)."""

    model_config = ConfigDict(extra="forbid")

    amc_id: str = Field(description="The AMC's slug, its id in paths ('hdfc').")
    name: str = Field(description="Display name from AMFI's AMC line ('HDFC Mutual Fund').")
    scheme_count: int = Field(description="Schemes in the store (count, closed ones included).")
    alive_count: int = Field(
        description="Schemes with a NAV in the 7 days to the store's as-of date (count)."
    )
    first_nav_date: dt.date | None = Field(description="Earliest NAV of any of its schemes.")
    last_nav_date: dt.date | None = Field(description="Latest NAV of any of its schemes.")
    categories: list[AMCCategory] = Field(description="Its categories, most schemes first.")


class AMCList(Stamped):
    """Every AMC with schemes in the store, by slug."""

    amcs: list[AMC] = Field(description="The AMCs, by slug.")
    count: int = Field(description="AMCs listed (count).")


class Scheme(BaseModel):
    """One scheme of an AMC (seed: ``{scheme_code, scheme_name, category, plan_type}``)."""

    model_config = ConfigDict(extra="forbid")

    scheme_code: int = Field(description="AMFI scheme code.")
    scheme_name: str | None = Field(description="Current scheme name.")
    category: str | None = Field(description="Canonical SEBI category (null: not known).")
    plan_type: str | None = Field(
        description="Plan: direct, regular, institutional, retail, other, or null (not read)."
    )
    option: str | None = Field(
        description="Option: growth, idcw_payout, idcw_reinvest, idcw, bonus, or null."
    )
    vehicle: str | None = Field(description="active, index, etf, fof or other.")
    first_nav_date: dt.date | None = Field(description="First NAV in the store (ISO).")
    last_nav_date: dt.date | None = Field(description="Last NAV in the store (ISO).")
    alive: bool = Field(description="A NAV in the 7 days to the store's as-of date.")
    pair_code: int | None = Field(
        description="Code of its Direct/Regular partner (same scheme and option), if any."
    )


class SchemeList(Stamped):
    """The schemes of one AMC, by category and name."""

    amc_id: str = Field(description="The AMC's slug.")
    name: str = Field(description="The AMC's display name.")
    schemes: list[Scheme] = Field(description="Its schemes, by category and name.")
    count: int = Field(description="Schemes listed (count).")


class Category(BaseModel):
    """One category (seed: ``{name}``) with its slug and the store's counts."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Canonical SEBI category name ('Flexi Cap').")
    slug: str = Field(description="Its slug, as in paths and requests ('flexi-cap').")
    schemes: int = Field(description="Schemes of the store in it (count; 0 when none).")
    amcs: int = Field(description="AMCs with a scheme in it (count; 0 when none).")


class CategoryList(Stamped):
    """SEBI's 2017 categories in SEBI's order, then ``legacy`` and ``unclassified``."""

    categories: list[Category] = Field(description="The categories, in SEBI's order.")
    count: int = Field(description="Categories listed (count).")
