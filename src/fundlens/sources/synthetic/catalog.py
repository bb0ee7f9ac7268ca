"""The fixed vocabulary of the synthetic universe: fictional AMCs, real AMFI categories, factors.

Conventions:

- AMC names are invented (``Aurora Mutual Fund``); none is a real Indian AMC.
- Category labels are AMFI's own raw labels (``Equity Scheme - Large Cap Fund``,
  ``Other Scheme - Other  ETFs`` with its double space), under AMFI's scheme types
  (``Open Ended Schemes``, ``Close Ended Schemes``, ``Interval Fund Schemes``).
- Each category carries the parameters of the return model (:mod:`.universe`): factor
  loadings (uniform ranges), a carry over the factors (fraction a year), an idiosyncratic
  volatility (fraction a year; for active equity a target correlation with the market
  instead), the Regular plan's expense ratio and the Direct plan's expense advantage
  (fractions a year), the IDCW payout rule and the lifetime rule.
- Factor keys: equity indices (``nifty50`` is the market), ``gold``, ``rate`` (overnight
  accrual, loading 1 = earn the overnight rate) and ``bond`` (price return per unit of
  duration, so a loading is a modified duration in years).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = [
    "AMC_NAMES",
    "CATEGORIES",
    "EQUITY_FACTORS",
    "FACTOR_KEYS",
    "INDEX_NAMES",
    "MARKET_FACTOR",
    "OPTION_SETS",
    "SCHEME_TYPES",
    "CategorySpec",
    "Life",
    "OptionSet",
    "Payout",
    "Variant",
]

AMC_NAMES: Final[tuple[str, ...]] = (
    "Aurora", "Banyan", "Cedarwood", "Dhruva", "Emberline", "Falconridge", "Granite Arc",
    "Harbourlight", "Indigo Tern", "Juniper Vale", "Kestrel", "Lotus Bay", "Meridian Stone",
    "Nilgiri Heights", "Orchid Lane", "Peacock Crest", "Quartzline", "Riverbend",
    "Saffron Hill", "Teakwood", "Umberfield", "Vermilion", "Willowmere", "Yarrow",
    "Zephyr Coast", "Amberleaf", "Bluefinch", "Coral Reef", "Driftwood", "Firefly",
    "Goldcrest", "Hillmyna", "Ironbark", "Jasmine Court", "Lantern Bay", "Monsoon Peak",
    "Northstar Arc", "Oakhaven", "Palmyra", "Silver Oak Ridge",
)  # fmt: skip

SCHEME_TYPES: Final[tuple[str, ...]] = (
    "Open Ended Schemes", "Close Ended Schemes", "Interval Fund Schemes",
)  # fmt: skip

#: factor key -> index name shown in ``tracked_index`` and ``Universe.indices``.
INDEX_NAMES: Final[dict[str, str]] = {
    "nifty50": "Nifty 50",
    "next50": "Nifty Next 50",
    "midcap150": "Nifty Midcap 150",
    "smallcap250": "Nifty Smallcap 250",
    "bank": "Nifty Bank",
    "it": "Nifty IT",
    "pharma": "Nifty Pharma",
    "infra": "Nifty Infrastructure",
    "consumption": "Nifty India Consumption",
    "gold": "Domestic Gold Price",
}
MARKET_FACTOR: Final = "nifty50"
EQUITY_FACTORS: Final[tuple[str, ...]] = (
    "nifty50", "next50", "midcap150", "smallcap250", "bank", "it", "pharma", "infra",
    "consumption",
)  # fmt: skip
FACTOR_KEYS: Final[tuple[str, ...]] = (*EQUITY_FACTORS, "gold", "rate", "bond")

OptionSet = Literal["standard", "money", "single"]
#: option labels per option set (the Regular and Direct plans each get every option).
OPTION_SETS: Final[dict[str, tuple[str, ...]]] = {
    "standard": ("Growth", "IDCW"),
    "money": ("Growth", "Daily IDCW", "Weekly IDCW", "Monthly IDCW"),
    "single": ("",),
}
Payout = Literal["annual", "quarterly", "monthly"]
Life = Literal["open", "fmp", "close_elss", "interval"]
Range = tuple[float, float]


@dataclass(frozen=True)
class Variant:
    """A fund-name core and, for sector, index and gold funds, the factor it follows."""

    core: str
    factor: str | None = None


@dataclass(frozen=True)
class CategorySpec:
    """One AMFI category and the parameters of its return model (fractions a year)."""

    key: str
    label: str
    scheme_type: str
    asset_class: str
    vehicle: str
    weight: float
    variants: tuple[Variant, ...]
    loadings: dict[str, Range] = field(default_factory=dict)
    carry: Range = (0.0, 0.0)
    idio: Range = (0.0, 0.0)
    target_corr: Range | None = None
    expense: Range = (0.015, 0.022)
    direct_gap: Range = (0.008, 0.013)
    options: OptionSet = "standard"
    payout: Payout = "annual"
    payout_rate: Range = (0.03, 0.07)
    weekend: bool = False
    life: Life = "open"
    start_level: float = 10.0


def _v(*cores: str) -> tuple[Variant, ...]:
    return tuple(Variant(core) for core in cores)


_EQ_CORR: Final[Range] = (0.84, 0.93)
_OPEN, _CLOSE, _INTERVAL = SCHEME_TYPES


def _equity(
    key: str, label: str, weight: float, cores: tuple[Variant, ...], loadings: dict[str, Range],
    *, scheme_type: str = _OPEN, life: Life = "open",
) -> CategorySpec:  # fmt: skip
    return CategorySpec(
        key,
        label,
        scheme_type,
        "equity",
        "active",
        weight,
        cores,
        loadings=loadings,
        carry=(-0.01, 0.025),
        target_corr=_EQ_CORR,
        life=life,
    )


def _debt(
    key: str, label: str, weight: float, cores: tuple[Variant, ...], duration: Range,
    carry: Range, idio: Range, *, scheme_type: str = _OPEN, life: Life = "open",
    expense: Range = (0.006, 0.012), direct_gap: Range = (0.003, 0.007),
) -> CategorySpec:  # fmt: skip
    return CategorySpec(
        key,
        label,
        scheme_type,
        "debt",
        "active",
        weight,
        cores,
        loadings={"rate": (1.0, 1.0), "bond": duration},
        carry=carry,
        idio=idio,
        expense=expense,
        direct_gap=direct_gap,
        payout="quarterly",
        payout_rate=(0.01, 0.02),
        life=life,
    )


def _money(
    key: str, label: str, weight: float, core: str, carry: Range, expense: Range
) -> CategorySpec:
    return CategorySpec(
        key,
        label,
        _OPEN,
        "debt",
        "active",
        weight,
        _v(core),
        loadings={"rate": (1.0, 1.0), "bond": (0.02, 0.12)},
        carry=carry,
        idio=(0.0005, 0.001),
        expense=expense,
        direct_gap=(0.0005, 0.002),
        options="money",
        weekend=True,
        start_level=1000.0,
    )


def _hybrid(
    key: str, label: str, weight: float, core: str, loadings: dict[str, Range], idio: Range,
    *, expense: Range = (0.015, 0.022), direct_gap: Range = (0.008, 0.013),
) -> CategorySpec:  # fmt: skip
    return CategorySpec(
        key,
        label,
        _OPEN,
        "hybrid",
        "active",
        weight,
        _v(core),
        loadings=loadings,
        carry=(-0.005, 0.015),
        idio=idio,
        expense=expense,
        direct_gap=direct_gap,
        payout="monthly",
        payout_rate=(0.004, 0.007),
    )


_INDEX_VARIANTS: Final = (
    Variant("Nifty 50 Index Fund", "nifty50"),
    Variant("Nifty 50 Index Fund", "nifty50"),
    Variant("Nifty Next 50 Index Fund", "next50"),
    Variant("Nifty Midcap 150 Index Fund", "midcap150"),
    Variant("Nifty Smallcap 250 Index Fund", "smallcap250"),
    Variant("Nifty Bank Index Fund", "bank"),
)
_ETF_VARIANTS: Final = (
    Variant("Nifty 50 ETF", "nifty50"),
    Variant("Nifty 50 ETF", "nifty50"),
    Variant("Nifty Next 50 ETF", "next50"),
    Variant("Nifty Bank ETF", "bank"),
    Variant("Nifty IT ETF", "it"),
    Variant("Nifty Midcap 150 ETF", "midcap150"),
)
_SECTOR_VARIANTS: Final = (
    Variant("Banking & Financial Services Fund", "bank"),
    Variant("Technology Fund", "it"),
    Variant("Pharma & Healthcare Fund", "pharma"),
    Variant("Infrastructure Fund", "infra"),
    Variant("Consumption Fund", "consumption"),
)

#: Every category, in the order AMFI-style files list them (open ended first).
CATEGORIES: Final[tuple[CategorySpec, ...]] = (
    _money(
        "overnight",
        "Debt Scheme - Overnight Fund",
        1.5,
        "Overnight Fund",
        (-0.001, 0.0),
        (0.0010, 0.0020),
    ),
    _money(
        "liquid", "Debt Scheme - Liquid Fund", 2.5, "Liquid Fund", (0.002, 0.004), (0.0015, 0.0030)
    ),
    _debt(
        "money_market",
        "Debt Scheme - Money Market Fund",
        1.5,
        _v("Money Market Fund"),
        (0.1, 0.4),
        (0.003, 0.006),
        (0.001, 0.002),
    ),
    _debt(
        "ultra_short",
        "Debt Scheme - Ultra Short Duration Fund",
        1.5,
        _v("Ultra Short Duration Fund", "Savings Fund"),
        (0.3, 0.6),
        (0.004, 0.007),
        (0.001, 0.003),
    ),
    _debt(
        "short_duration",
        "Debt Scheme - Short Duration Fund",
        2.0,
        _v("Short Duration Fund", "Short Term Fund"),
        (1.5, 3.0),
        (0.006, 0.010),
        (0.003, 0.006),
    ),
    _debt(
        "corporate_bond",
        "Debt Scheme - Corporate Bond Fund",
        2.0,
        _v("Corporate Bond Fund", "Credit Advantage Bond Fund"),
        (2.0, 4.0),
        (0.008, 0.013),
        (0.004, 0.008),
    ),
    _debt(
        "banking_psu",
        "Debt Scheme - Banking and PSU Fund",
        1.5,
        _v("Banking & PSU Debt Fund"),
        (2.0, 4.0),
        (0.006, 0.010),
        (0.003, 0.006),
    ),
    _debt(
        "gilt",
        "Debt Scheme - Gilt Fund",
        1.5,
        _v("Gilt Fund", "Government Securities Fund"),
        (5.0, 8.0),
        (0.006, 0.012),
        (0.003, 0.006),
    ),
    _debt(
        "dynamic_bond",
        "Debt Scheme - Dynamic Bond",
        1.5,
        _v("Dynamic Bond Fund"),
        (3.0, 7.0),
        (0.006, 0.012),
        (0.004, 0.008),
    ),
    _equity(
        "large_cap",
        "Equity Scheme - Large Cap Fund",
        5.0,
        _v("Large Cap Fund", "Bluechip Fund", "Top 100 Fund"),
        {"nifty50": (0.85, 1.0), "next50": (0.0, 0.12)},
    ),
    _equity(
        "large_mid_cap",
        "Equity Scheme - Large & Mid Cap Fund",
        3.0,
        _v("Large & Mid Cap Fund", "Emerging Leaders Fund"),
        {"nifty50": (0.45, 0.55), "midcap150": (0.4, 0.5)},
    ),
    _equity(
        "mid_cap",
        "Equity Scheme - Mid Cap Fund",
        4.0,
        _v("Mid Cap Fund", "Midcap Opportunities Fund"),
        {"midcap150": (0.85, 1.0), "nifty50": (0.0, 0.1)},
    ),
    _equity(
        "small_cap",
        "Equity Scheme - Small Cap Fund",
        3.5,
        _v("Small Cap Fund", "Emerging Businesses Fund"),
        {"smallcap250": (0.8, 0.95), "midcap150": (0.05, 0.15)},
    ),
    _equity(
        "flexi_cap",
        "Equity Scheme - Flexi Cap Fund",
        5.0,
        _v("Flexi Cap Fund", "Equity Fund", "Growth Opportunities Fund"),
        {"nifty50": (0.5, 0.7), "midcap150": (0.15, 0.3), "smallcap250": (0.05, 0.15)},
    ),
    _equity(
        "multi_cap",
        "Equity Scheme - Multi Cap Fund",
        2.5,
        _v("Multi Cap Fund"),
        {"nifty50": (0.45, 0.55), "midcap150": (0.2, 0.3), "smallcap250": (0.2, 0.3)},
    ),
    _equity(
        "focused",
        "Equity Scheme - Focused Fund",
        2.5,
        _v("Focused Fund", "Focused 30 Fund"),
        {"nifty50": (0.7, 0.9), "midcap150": (0.1, 0.25)},
    ),
    _equity(
        "value",
        "Equity Scheme - Value Fund",
        2.0,
        _v("Value Fund", "Contra Value Fund"),
        {"nifty50": (0.55, 0.7), "midcap150": (0.15, 0.25), "bank": (0.05, 0.15)},
    ),
    _equity(
        "elss",
        "Equity Scheme - ELSS",
        4.0,
        _v("ELSS Tax Saver Fund", "Long Term Equity Fund"),
        {"nifty50": (0.55, 0.75), "midcap150": (0.15, 0.3), "smallcap250": (0.0, 0.1)},
    ),
    _equity(
        "sectoral",
        "Equity Scheme - Sectoral/ Thematic",
        7.0,
        _SECTOR_VARIANTS,
        {"nifty50": (0.05, 0.15)},
    ),
    _hybrid(
        "aggressive_hybrid",
        "Hybrid Scheme - Aggressive Hybrid Fund",
        4.0,
        "Aggressive Hybrid Fund",
        {
            "nifty50": (0.55, 0.7),
            "midcap150": (0.05, 0.15),
            "rate": (0.25, 0.35),
            "bond": (0.5, 1.0),
        },
        (0.015, 0.03),
    ),
    _hybrid(
        "balanced_advantage",
        "Hybrid Scheme - Dynamic Asset Allocation or Balanced Advantage",
        3.0,
        "Balanced Advantage Fund",
        {"nifty50": (0.35, 0.55), "rate": (0.45, 0.6), "bond": (0.3, 0.8)},
        (0.01, 0.02),
    ),
    _hybrid(
        "conservative_hybrid",
        "Hybrid Scheme - Conservative Hybrid Fund",
        2.0,
        "Conservative Hybrid Fund",
        {"nifty50": (0.15, 0.25), "rate": (0.75, 0.85), "bond": (1.5, 2.5)},
        (0.005, 0.01),
        expense=(0.012, 0.02),
        direct_gap=(0.006, 0.011),
    ),
    _hybrid(
        "equity_savings",
        "Hybrid Scheme - Equity Savings",
        1.5,
        "Equity Savings Fund",
        {"nifty50": (0.3, 0.4), "rate": (0.6, 0.7), "bond": (0.5, 1.0)},
        (0.005, 0.012),
    ),
    _hybrid(
        "arbitrage",
        "Hybrid Scheme - Arbitrage Fund",
        2.5,
        "Arbitrage Fund",
        {"rate": (1.0, 1.0)},
        (0.002, 0.005),
        expense=(0.008, 0.011),
        direct_gap=(0.005, 0.007),
    ),
    CategorySpec(
        "index_fund",
        "Other Scheme - Index Funds",
        _OPEN,
        "equity",
        "index",
        6.0,
        _INDEX_VARIANTS,
        idio=(0.0008, 0.003),
        expense=(0.004, 0.009),
        direct_gap=(0.003, 0.006),
    ),
    CategorySpec(
        "other_etf",
        "Other Scheme - Other  ETFs",
        _OPEN,
        "equity",
        "etf",
        10.0,
        _ETF_VARIANTS,
        idio=(0.0005, 0.002),
        expense=(0.0005, 0.003),
        direct_gap=(0.0, 0.0),
        options="single",
    ),
    CategorySpec(
        "gold_etf",
        "Other Scheme - Gold ETF",
        _OPEN,
        "commodity",
        "etf",
        2.5,
        (Variant("Gold ETF", "gold"), Variant("Gold Exchange Traded Fund", "gold")),
        idio=(0.001, 0.003),
        expense=(0.003, 0.008),
        direct_gap=(0.0, 0.0),
        options="single",
    ),
    CategorySpec(
        "fof_domestic",
        "Other Scheme - FoF Domestic",
        _OPEN,
        "hybrid",
        "fof",
        1.5,
        _v("Multi Asset Allocation FoF", "Asset Allocator Fund of Funds"),
        loadings={
            "nifty50": (0.4, 0.6),
            "gold": (0.1, 0.25),
            "rate": (0.25, 0.4),
            "bond": (0.5, 1.0),
        },
        idio=(0.005, 0.01),
        expense=(0.006, 0.012),
        direct_gap=(0.004, 0.008),
    ),
    _debt(
        "fmp",
        "Income",
        1.0,
        _v("Fixed Maturity Plan"),
        (0.5, 2.5),
        (0.008, 0.014),
        (0.001, 0.003),
        scheme_type=_CLOSE,
        life="fmp",
        expense=(0.002, 0.006),
        direct_gap=(0.001, 0.003),
    ),
    _equity(
        "close_elss",
        "ELSS",
        0.5,
        _v("Tax Savings Fund"),
        {"nifty50": (0.55, 0.75), "midcap150": (0.15, 0.3)},
        scheme_type=_CLOSE,
        life="close_elss",
    ),
    _debt(
        "interval",
        "Income",
        0.5,
        _v("Interval Fund"),
        (0.2, 0.8),
        (0.004, 0.008),
        (0.001, 0.003),
        scheme_type=_INTERVAL,
        life="interval",
    ),
)
