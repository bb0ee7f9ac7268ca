"""AMFI category labels → one canonical SEBI category, its URL slug and its asset class.

Conventions (conventions.md, 'Schemes'):

* ``sebi_category`` is one of :data:`SEBI_CATEGORIES` (SEBI's October 2017 list), or
  ``legacy`` (a pre-2018 AMFI label such as ``Income``, ``Growth``, ``Balanced``), or
  ``unclassified`` (a label this table does not know). A null label stays null.
* Input is either a full category LINE as AMFI files print it
  (``Open Ended Schemes ( Debt Scheme - Liquid Fund )``, ``Close Ended Schemes ( ELSS )``,
  ``Interval Fund Schemes ( Income )``) or a bare label (the scheme master's ``Scheme_Category``,
  casparser's ``sebi_category``). The wrapper gives the scheme type
  (``open_ended | close_ended | interval``), the inner label the category.
* The inner label is reduced to a key: the family prefix (``Debt Scheme -``,
  ``Income/Debt Oriented Schemes -``, ``Other Scheme -`` …) is dropped, the text lower-cased,
  every run of non-letters/digits made one space (so ``Children’s``, ``Children s`` and
  casparser's mojibake of ``Children’s`` all become ``children s``) and a trailing
  ``fund``/``funds``/``scheme`` dropped. One table, :data:`RAW_KEYS`, maps keys → canonical.
* Old labels (decision, see docs/classification.md): ``ELSS`` → ``ELSS`` (same tax rules and
  lock-in then and now); ``Fund of Funds - Domestic/Overseas``, ``Gold ETFs``, ``Other ETFs`` →
  their SEBI category (the same wording survived 2018); ``Income``, ``Growth``, ``Balanced``,
  ``Money Market``, ``Liquid``, ``Gilt``, ``Floating Rate``, ``Debt``, ``Equity``,
  ``Assured Return`` … → ``legacy``, with an asset-class hint (Income → debt, Growth → equity,
  Balanced → hybrid …) because their old mandates were broader than any one SEBI category.
* Asset class: from the category (equity, debt, hybrid categories; Gold ETF → commodity); for
  Index Funds, ETFs, FoFs, Retirement and Children's funds the scheme name decides
  (:func:`asset_class_expr`).
"""

from __future__ import annotations

import re
from typing import Final

import polars as pl

__all__ = [
    "ASSET_CLASS_BY_CATEGORY",
    "CATEGORY_SLUGS",
    "LEGACY",
    "RAW_KEYS",
    "SEBI_CATEGORIES",
    "UNCLASSIFIED",
    "VEHICLE_BY_CATEGORY",
    "asset_class_expr",
    "category_key",
    "category_slug",
    "category_slug_expr",
    "is_modern_label",
    "legacy_asset_class",
    "name_asset_class",
    "scheme_type_from_line",
    "scheme_type_token",
    "sebi_category",
]

LEGACY: Final = "legacy"
UNCLASSIFIED: Final = "unclassified"

_EQUITY = (
    "Large Cap",
    "Large & Mid Cap",
    "Mid Cap",
    "Small Cap",
    "Multi Cap",
    "Flexi Cap",
    "Focused",
    "Value",
    "Contra",
    "Dividend Yield",
    "Sectoral/Thematic",
    "ELSS",
)
_DEBT = (
    "Overnight",
    "Liquid",
    "Ultra Short Duration",
    "Low Duration",
    "Money Market",
    "Short Duration",
    "Medium Duration",
    "Medium to Long Duration",
    "Long Duration",
    "Dynamic Bond",
    "Corporate Bond",
    "Credit Risk",
    "Banking and PSU",
    "Gilt",
    "Gilt with 10 year constant duration",
    "Floater",
)
_HYBRID = (
    "Conservative Hybrid",
    "Balanced Hybrid",
    "Aggressive Hybrid",
    "Dynamic Asset Allocation/Balanced Advantage",
    "Multi Asset Allocation",
    "Arbitrage",
    "Equity Savings",
)
_SOLUTION = ("Retirement Fund", "Children's Fund")
_OTHER = ("Index Funds", "ETFs (Other ETFs)", "Gold ETF", "FoF Domestic", "FoF Overseas")

#: SEBI's 2017 categories, in SEBI's order (equity, debt, hybrid, solution, other).
SEBI_CATEGORIES: Final[tuple[str, ...]] = _EQUITY + _DEBT + _HYBRID + _SOLUTION + _OTHER

#: Asset class decided by the category alone; absent categories need the name.
ASSET_CLASS_BY_CATEGORY: Final[dict[str, str]] = {
    **dict.fromkeys(_EQUITY, "equity"),
    **dict.fromkeys(_DEBT, "debt"),
    **dict.fromkeys(_HYBRID, "hybrid"),
    "Gold ETF": "commodity",
}

#: Vehicle decided by the category; any other canonical category means an active scheme.
VEHICLE_BY_CATEGORY: Final[dict[str, str]] = {
    "Index Funds": "index",
    "ETFs (Other ETFs)": "etf",
    "Gold ETF": "etf",
    "FoF Domestic": "fof",
    "FoF Overseas": "fof",
}

#: Normalised inner label → canonical category (or ``legacy``).
RAW_KEYS: Final[dict[str, str]] = {
    "large cap": "Large Cap",
    "largecap": "Large Cap",
    "large mid cap": "Large & Mid Cap",
    "large and mid cap": "Large & Mid Cap",
    "mid cap": "Mid Cap",
    "midcap": "Mid Cap",
    "small cap": "Small Cap",
    "smallcap": "Small Cap",
    "multi cap": "Multi Cap",
    "multicap": "Multi Cap",
    "flexi cap": "Flexi Cap",
    "flexicap": "Flexi Cap",
    "focused": "Focused",
    "value": "Value",
    "contra": "Contra",
    "dividend yield": "Dividend Yield",
    "sectoral thematic": "Sectoral/Thematic",
    "sectoral": "Sectoral/Thematic",
    "thematic": "Sectoral/Thematic",
    "elss": "ELSS",
    "overnight": "Overnight",
    "liquid": "Liquid",
    "ultra short duration": "Ultra Short Duration",
    "low duration": "Low Duration",
    "money market": "Money Market",
    "short duration": "Short Duration",
    "medium duration": "Medium Duration",
    "medium to long duration": "Medium to Long Duration",
    "long duration": "Long Duration",
    "dynamic bond": "Dynamic Bond",
    "corporate bond": "Corporate Bond",
    "credit risk": "Credit Risk",
    "banking and psu": "Banking and PSU",
    "banking psu": "Banking and PSU",
    "gilt": "Gilt",
    "gilt with 10 year constant duration": "Gilt with 10 year constant duration",
    "gilt fund with 10 year constant duration": "Gilt with 10 year constant duration",
    "floater": "Floater",
    "conservative hybrid": "Conservative Hybrid",
    "balanced hybrid": "Balanced Hybrid",
    "aggressive hybrid": "Aggressive Hybrid",
    "dynamic asset allocation or balanced advantage": "Dynamic Asset Allocation/Balanced Advantage",
    "dynamic asset allocation balanced advantage": "Dynamic Asset Allocation/Balanced Advantage",
    "balanced advantage": "Dynamic Asset Allocation/Balanced Advantage",
    "multi asset allocation": "Multi Asset Allocation",
    "arbitrage": "Arbitrage",
    "equity savings": "Equity Savings",
    "retirement": "Retirement Fund",
    "children s": "Children's Fund",
    "childrens": "Children's Fund",
    "children": "Children's Fund",
    "index": "Index Funds",
    "other etfs": "ETFs (Other ETFs)",
    "etfs": "ETFs (Other ETFs)",
    "etf": "ETFs (Other ETFs)",
    "gold etf": "Gold ETF",
    "gold etfs": "Gold ETF",
    "fof domestic": "FoF Domestic",
    "of funds domestic": "FoF Domestic",
    "fof overseas": "FoF Overseas",
    "of funds overseas": "FoF Overseas",
    "of funds investing overseas": "FoF Overseas",
    # pre-2018 labels that are broader than any SEBI category
    "income": LEGACY,
    "growth": LEGACY,
    "balanced": LEGACY,
    "floating rate": LEGACY,
    "debt": LEGACY,
    "equity": LEGACY,
    "hybrid": LEGACY,
    "assured return": LEGACY,
    "capital protection oriented": LEGACY,
    "infrastructure debt": LEGACY,
    "mip": LEGACY,
    "monthly income": LEGACY,
    "short term": LEGACY,
}

#: Asset class hinted by a legacy key (the category alone no longer says it).
_LEGACY_ASSET: Final[dict[str, str]] = {
    "income": "debt",
    "growth": "equity",
    "balanced": "hybrid",
    "floating rate": "debt",
    "liquid": "debt",
    "money market": "debt",
    "gilt": "debt",
    "debt": "debt",
    "equity": "equity",
    "hybrid": "hybrid",
    "assured return": "debt",
    "capital protection oriented": "debt",
    "infrastructure debt": "debt",
    "mip": "hybrid",
    "monthly income": "hybrid",
    "short term": "debt",
}

#: Bare keys that are a SEBI category when written the modern way, legacy when bare.
_OLD_AMBIGUOUS: Final[tuple[str, ...]] = ("liquid", "gilt", "money market")

_PREFIX: Final = (
    r"^(?:debt|equity|hybrid|other|solution oriented|income/debt oriented|"
    r"growth/equity oriented|income|growth)\s+schemes?\s*-\s*"
)
_LINE: Final = r"(?i)^\s*(open|close|closed|interval)\s*(?:ended|fund)?\s*schemes?\s*\((.*)\)\s*$"


def _inner_label(label: pl.Expr) -> pl.Expr:
    """The label inside ``Open Ended Schemes ( … )``, or the label itself."""
    inner = label.str.extract(_LINE, 2)
    return pl.coalesce(inner, label)


def _lower_inner(label: pl.Expr) -> pl.Expr:
    return _inner_label(label).str.to_lowercase().str.strip_chars()


def category_key(label: pl.Expr) -> pl.Expr:
    """Normalised lookup key of a category line or bare label (see the module docstring)."""
    text = _lower_inner(label).str.replace(_PREFIX, "")
    text = text.str.replace_all(r"fund of funds?", "of funds")
    text = text.str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()
    return text.str.replace(r"\s+(funds?|schemes?)$", "").str.strip_chars()


def is_modern_label(label: pl.Expr) -> pl.Expr:
    """True when a label is written the post-2018 way (a family prefix or a trailing ``Fund``)."""
    text = _lower_inner(label)
    return text.str.contains(_PREFIX) | text.str.contains(r"\bfunds?$")


def sebi_category(label: pl.Expr) -> pl.Expr:
    """Canonical SEBI category (or ``legacy``/``unclassified``) of a line or label; null → null.

    ``Liquid``, ``Gilt`` and ``Money Market`` written bare (AMFI's pre-2018 category lines)
    are ``legacy``; written the modern way (``Debt Scheme - Liquid Fund``) they are canonical.
    """
    key = category_key(label)
    mapped = key.replace_strict(RAW_KEYS, default=UNCLASSIFIED, return_dtype=pl.String)
    old = key.is_in(_OLD_AMBIGUOUS) & ~is_modern_label(label)
    result = pl.when(old).then(pl.lit(LEGACY)).otherwise(mapped)
    return pl.when(label.is_null() | (label.str.strip_chars() == "")).then(None).otherwise(result)


def legacy_asset_class(label: pl.Expr) -> pl.Expr:
    """Asset class hinted by a legacy label (``Income`` → debt …), else null."""
    hint = category_key(label).replace_strict(_LEGACY_ASSET, default=None, return_dtype=pl.String)
    return pl.when(sebi_category(label) == LEGACY).then(hint).otherwise(None)


def scheme_type_from_line(label: pl.Expr) -> pl.Expr:
    """``open_ended | close_ended | interval`` from a full category line; null for bare labels."""
    return scheme_type_token(label.str.extract(_LINE, 1))


def scheme_type_token(text: pl.Expr) -> pl.Expr:
    """``Open Ended``/``Close Ended``/``Interval Fund`` (or ``open``…) → the token, else null."""
    low = text.str.to_lowercase()
    return (
        pl.when(low.str.contains(r"^\s*open"))
        .then(pl.lit("open_ended"))
        .when(low.str.contains(r"^\s*close"))
        .then(pl.lit("close_ended"))
        .when(low.str.contains(r"^\s*interval"))
        .then(pl.lit("interval"))
        .otherwise(None)
    )


def category_slug(name: str) -> str:
    """URL slug of a category (``Sectoral/Thematic`` → ``sectoral-thematic``)."""
    text = re.sub(r"[&'’]", "", name.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


#: Slug of every canonical category plus ``legacy`` and ``unclassified``.
CATEGORY_SLUGS: Final[dict[str, str]] = {
    c: category_slug(c) for c in (*SEBI_CATEGORIES, LEGACY, UNCLASSIFIED)
}


def category_slug_expr(category: pl.Expr) -> pl.Expr:
    """Vectorised :func:`category_slug` for canonical categories (others → null)."""
    return category.replace_strict(CATEGORY_SLUGS, default=None, return_dtype=pl.String)


_COMMODITY: Final = r"(?i)\b(gold|silver|commodit\w*|precious metals?)\b"
_NOT_ASSET_WORDS: Final = r"(?i)income distribution|capital withdrawal|equity income"
_DEBT_WORDS: Final = (
    r"(?i)\b(g-?secs?|sdl|t-?bills?|bonds?|debt|income|liquid|liquidity|money market|overnight|"
    r"crisil ibx|ibx|1d rate|psu bond|treasury|fixed income|credit risk|duration|"
    r"government securities|target maturity|fmp|fixed maturity|fixed term|fixed horizon|"
    r"fixed tenure|interval|accrual|savings fund|ftif|fiif|fts|floating rate|floater|gilt|"
    r"floating interest|capital protection|multiple yield|insta cash|cash)\b"
)
_HYBRID_WORDS: Final = (
    r"(?i)(hybrid|balanced|asset allocat|multi[- ]asset|dynamic asset|equity savings|"
    r"conservative|moderate|arbitrage|multi[- ]?manager|aggressive plan|passive portfolio|"
    r"equity (?:&|and) debt)"
)
_EQUITY_WORDS: Final = (
    r"(?i)\b(nifty|sensex|bse|nasdaq|s&p|msci|hang seng|nyse|fang|stocks?|shares?|"
    r"cap|emerging|global|world|international|overseas|us|usa|japan|china|europe|asia|"
    r"technology|consumption|consumer|opportunit\w*|index|etf|bees|bluechip|agri\w*|mining|"
    r"energy|brazil|thematic|innovation|tax|elss|compan(?:y|ies)|infra\w*|power|recovery|"
    r"quantamental|long term advantage|equity income)\b"
)


def name_asset_class(name: pl.Expr) -> pl.Expr:
    """Asset class guessed from a scheme name, else null.

    Commodity words (not multi-asset) first, then hybrid words, then ``equity``, then debt
    words, then other equity words; ``Income Distribution cum Capital Withdrawal`` (the IDCW
    option) is not a debt word.
    """
    text = name.str.replace_all(_NOT_ASSET_WORDS, " ")
    return (
        pl.when(text.str.contains(_COMMODITY) & ~text.str.contains(r"(?i)multi[- ]asset"))
        .then(pl.lit("commodity"))
        .when(text.str.contains(_HYBRID_WORDS))
        .then(pl.lit("hybrid"))
        .when(text.str.contains(r"(?i)\bequity\b"))
        .then(pl.lit("equity"))
        .when(text.str.contains(_DEBT_WORDS))
        .then(pl.lit("debt"))
        .when(name.str.contains(_EQUITY_WORDS))
        .then(pl.lit("equity"))
        .otherwise(None)
    )


def asset_class_expr(category: pl.Expr, raw_label: pl.Expr, name: pl.Expr) -> pl.Expr:
    """Asset class of a scheme from its canonical category, its raw label and its name.

    Category first (Large Cap → equity, Gold ETF → commodity, …); a legacy label's hint next
    (Income → debt); then the name (index funds, ETFs, FoFs, solution funds, unknowns);
    ``other`` when nothing says.
    """
    by_category = category.replace_strict(
        ASSET_CLASS_BY_CATEGORY, default=None, return_dtype=pl.String
    )
    by_name = name_asset_class(name)
    default = (
        pl.when(category.is_in(["Index Funds", "ETFs (Other ETFs)"]))
        .then(pl.lit("equity"))
        .when(category.is_in(["Retirement Fund", "Children's Fund"]))
        .then(pl.lit("hybrid"))
        .otherwise(pl.lit("other"))
    )
    return pl.coalesce(by_category, legacy_asset_class(raw_label), by_name, default)
