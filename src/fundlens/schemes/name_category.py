"""A SEBI category guessed from a scheme's name alone (the last resort in the precedence).

Rules are tried in order; the first that matches wins; no match gives null (most names do
not say their category: ``HDFC Top 100 Fund``). Vehicle first: an index fund is
``Index Funds``, a gold ETF ``Gold ETF``, another ETF ``ETFs (Other ETFs)``, a fund of funds
``FoF Overseas`` when the name points abroad (global, world, international, US, offshore,
emerging markets, Asia, Europe, China, Japan, Nasdaq, S&P 500, feeder …), ``FoF Domestic``
otherwise (AMFI itself files some FoFs of Indian ETFs on foreign indices as domestic).
Solution-oriented words (retirement, children) come before hybrid words; overseas words
(US, global, international …) make an active equity name ``Sectoral/Thematic``. Then
words, most specific first (``ELSS``/``Tax Saver``/``Tax Relief``/``Taxshield`` → ELSS;
``Large & Mid Cap`` before ``Large Cap`` and ``Mid Cap``; ``Ultra Short`` before
``Short Duration``; ``Medium to Long`` before ``Medium``/``Long``; ``Gilt … 10 year constant``
before ``Gilt``; ``Balanced Advantage``/``Dynamic Asset Allocation`` before other hybrids).

Fixed-maturity, interval and other close-ended series are not guessed (their categories,
mostly AMFI's legacy ``Income``, are not in the name).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from fundlens.schemes.names import clean_name

__all__ = ["NAME_CATEGORY_RULES", "name_category_expr"]

#: (regex on the cleaned lower-case name, canonical category), tried in this order.
NAME_CATEGORY_RULES: Final[tuple[tuple[str, str], ...]] = (
    (
        r"\belss\b|tax ?saver|tax saving|tax ?relief|taxshield|tax advantage|tax plan|"
        r"long term equity fund|long term advantage|\btax\b.*\bfund\b",
        "ELSS",
    ),
    (r"\bovernight\b", "Overnight"),
    (r"\bliquid\b", "Liquid"),
    (r"ultra short", "Ultra Short Duration"),
    (r"low duration", "Low Duration"),
    (r"money market|money manager", "Money Market"),
    (r"medium to long|medium-to-long", "Medium to Long Duration"),
    (r"short duration|short term (?:debt|bond|income|plan|fund)", "Short Duration"),
    (r"medium duration|medium term", "Medium Duration"),
    (r"long duration", "Long Duration"),
    (r"dynamic bond", "Dynamic Bond"),
    (r"corporate bond", "Corporate Bond"),
    (r"credit risk", "Credit Risk"),
    (r"banking (?:and|&) psu|banking & psu|banking and public sector", "Banking and PSU"),
    (
        r"(?:gilt|g-?sec).*(?:constant|10 ?y(?:ea)?r)|\b10 ?y(?:ea)?r?\s*(?:gilt|g-?sec)|"
        r"constant maturity",
        "Gilt with 10 year constant duration",
    ),
    (r"\bgilt\b|government securities|\bg-?sec\b", "Gilt"),
    (r"floater|floating rate", "Floater"),
    (r"retirement|pension", "Retirement Fund"),
    (r"child|\bgift\b", "Children's Fund"),
    (r"\barbitrage\b", "Arbitrage"),
    (r"equity savings", "Equity Savings"),
    (
        r"balanced advantage|dynamic asset allocation|dynamic equity",
        "Dynamic Asset Allocation/Balanced Advantage",
    ),
    (r"multi[- ]?asset", "Multi Asset Allocation"),
    (r"aggressive hybrid|equity hybrid|hybrid equity|equity (?:&|and) debt", "Aggressive Hybrid"),
    (
        r"conservative hybrid|regular savings|debt hybrid|hybrid debt|monthly income",
        "Conservative Hybrid",
    ),
    (r"balanced hybrid", "Balanced Hybrid"),
    (
        r"\bus\b|\bu\.s\.|global|international|world|overseas|\bchina\b|\bjapan\b|\beurope",
        "Sectoral/Thematic",
    ),
    (r"large (?:and|&) mid ?cap|large & mid|large ?& ?midcap|emerging bluechip", "Large & Mid Cap"),
    (r"flexi ?cap", "Flexi Cap"),
    (r"multi ?cap", "Multi Cap"),
    (r"small ?cap", "Small Cap"),
    (r"mid ?cap", "Mid Cap"),
    (r"large ?cap|blue ?chip|\btop 100\b", "Large Cap"),
    (r"\bfocused\b|\bfocus\b", "Focused"),
    (r"\bcontra\b", "Contra"),
    (r"dividend yield", "Dividend Yield"),
    (r"\bvalue\b", "Value"),
    (
        r"banking (?:and|&) financial|financial services|\bbfsi\b|pharma|healthcare|"
        r"technology|\bdigital\b|infrastructure|consumption|\bpsu\b|\bmnc\b|\besg\b|"
        r"manufacturing|energy|innovation|business cycle|thematic|sector|transportation|"
        r"logistics|housing|defence|tourism|commodit|natural resources|\bbanking\b|"
        r"quant fund|momentum|special opportunit|\brural\b|\bethical\b|shariah|export",
        "Sectoral/Thematic",
    ),
)

_OVERSEAS: Final = (
    r"global|world|international|overseas|\bus\b|\bu\.s\.|usa|america|off-?shore|"
    r"emerging market|\basia|europe|china|japan|brazil|feeder|asean|nasdaq|s&p 500|"
    r"hang seng|\bnyse\b|\bfang\b|developed market|ex-?india|\baqua\b|metal and energy"
)


def _vehicle_category(text: pl.Expr, vehicle: pl.Expr) -> pl.Expr:
    return (
        pl.when(vehicle == "index")
        .then(pl.lit("Index Funds"))
        .when((vehicle == "etf") & text.str.contains(r"\bgold\b"))
        .then(pl.lit("Gold ETF"))
        .when(vehicle == "etf")
        .then(pl.lit("ETFs (Other ETFs)"))
        .when((vehicle == "fof") & text.str.contains(_OVERSEAS))
        .then(pl.lit("FoF Overseas"))
        .when(vehicle == "fof")
        .then(pl.lit("FoF Domestic"))
        .otherwise(None)
    )


def name_category_expr(name: pl.Expr, vehicle: pl.Expr) -> pl.Expr:
    """Canonical SEBI category guessed from the name and the name's vehicle, else null."""
    text = clean_name(name)
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for pattern, category in reversed(NAME_CATEGORY_RULES):
        expr = pl.when(text.str.contains(pattern)).then(pl.lit(category)).otherwise(expr)
    closed = text.str.contains(r"\bfmp\b|fixed (?:maturity|term|horizon|tenure)|interval|\bftif\b")
    by_words = pl.when(closed).then(None).otherwise(expr)
    return pl.coalesce(_vehicle_category(text, vehicle), by_words)
