"""The index an index fund or ETF tracks, read from its name, and whether it is a factor index.

Vectorised over all names at once. Method:

1. Spellings are normalised: ``S&P BSE`` → ``BSE``, ``NSE Nifty`` → ``Nifty``,
   ``NIFTY50``/``Nifty100``/``NiftyIT`` → ``Nifty 50``/``Nifty 100``/``Nifty IT``,
   ``Smallcap250`` → ``Smallcap 250``, ``Mid cap``/``Mid-cap`` → ``Midcap``,
   ``Low- Volatility``/``Low Vol`` → ``Low Volatility``.
2. The index phrase runs from the first provider word (``Nifty``, ``BSE``, ``Sensex``,
   ``CRISIL``, ``Nasdaq``, ``S&P``, ``MSCI``, ``Hang Seng``, ``NYSE``) up to the first of
   ``Index``, ``ETF``, ``Exchange Traded``, ``Fund``, ``FoF``, ``BeES``, ``Plan``, ``(``,
   a spaced dash or the end (``UTI Nifty 50 Index Fund`` → ``Nifty 50``).
3. Names without a provider: ``Gold`` → ``Gold``, ``Silver`` → ``Silver``,
   ``Bharat Bond ETF - April 2030`` → ``Nifty Bharat Bond April 2030``,
   ``CPSE ETF`` → ``Nifty CPSE``, ``Bharat 22`` → ``BSE Bharat 22``,
   ``Liquid BeES``/``1D Rate`` → ``Nifty 1D Rate``.
4. The phrase is looked up in :data:`INDEX_ALIASES` (``nifty`` → ``Nifty 50``,
   ``sensex`` → ``BSE Sensex``, ``nifty next 50 junior`` → ``Nifty Next 50``); otherwise it
   is title-cased with acronyms restored (``Nifty IT``, ``CRISIL IBX``, ``G-Sec``, ``SDL``).

A factor (smart-beta/strategy) index is one whose name holds Momentum, Alpha, Value, Quality,
Low Volatility, Equal Weight, Dividend Opportunities, High Beta or Multi-Factor
(``Nifty 200 Momentum 30``, ``Nifty Alpha 50``, ``Nifty 50 Value 20``,
``Nifty 100 Low Volatility 30``, ``Nifty 100 Quality 30``).
"""

from __future__ import annotations

from typing import Final

import polars as pl

__all__ = ["INDEX_ALIASES", "is_factor_index_expr", "tracked_index_expr"]

INDEX_ALIASES: Final[dict[str, str]] = {
    "nifty": "Nifty 50",
    "nifty 50": "Nifty 50",
    "nifty 1d rate": "Nifty 1D Rate",
    "nifty 1d rate liquid": "Nifty 1D Rate",
    "nifty next 50 junior": "Nifty Next 50",
    "nifty junior": "Nifty Next 50",
    "nifty next 50": "Nifty Next 50",
    "sensex": "BSE Sensex",
    "bse sensex": "BSE Sensex",
    "bse sensex next 50": "BSE Sensex Next 50",
    "sensex next 50": "BSE Sensex Next 50",
    "bse sensex next 30": "BSE Sensex Next 30",
    "nifty consumption": "Nifty India Consumption",
    "nasdaq": "Nasdaq 100",
    "nasdaq 100": "Nasdaq 100",
    "s&p 500": "S&P 500",
    "hang seng": "Hang Seng",
    "hang seng tech": "Hang Seng TECH",
    "nyse fang+": "NYSE FANG+",
}

_NORMALISE: Final[tuple[tuple[str, str], ...]] = (
    (r"(?i)\bs\s*&\s*p\s+bse\b", "BSE"),
    (r"(?i)\bnse\s+nifty\b", "Nifty"),
    (r"(?i)\bnifty\s*(\d)", "Nifty $1"),
    (r"(?i)\bniftyit\b", "Nifty IT"),
    (r"(?i)\b(smallcap|midcap|midsmallcap|largemidcap|microcap)\s*(\d)", "$1 $2"),
    (r"(?i)\blarge\s*mid\s*cap\b", "LargeMidcap"),
    (r"(?i)\bmid\s*small\s*cap\b", "MidSmallcap"),
    (r"(?i)\bmid[\s-]+cap\b", "Midcap"),
    (r"(?i)\bsmall[\s-]+cap\b", "Smallcap"),
    (r"(?i)\blow[\s-]*vol(?:atility)?\b", "Low Volatility"),
    (r"(?i)\bcrisil\s*-\s*ibx\b", "CRISIL IBX"),
    (r"\s+", " "),
)
_PROVIDER: Final = r"nifty|bse|sensex|crisil|nasdaq|s&p|msci|hang seng|nyse"
_PHRASE: Final = (
    rf"(?i)\b((?:{_PROVIDER})\b.*?)\s*(?:\bindex\b|\betfs?\b|exchange traded|\bfund\b|\bfof\b|"
    r"\bbees\b|\bplan\b|\(|\s-\s|\s-|-\s|\.$|$)"
)
_SPECIAL: Final[tuple[tuple[str, str], ...]] = (
    (r"(?i)\bcpse\b", "Nifty CPSE"),
    (r"(?i)\bbharat\s*22\b", "BSE Bharat 22"),
    (r"(?i)\bliquid\s+bees\b|\b1d\s+rate\b", "Nifty 1D Rate"),
    (r"(?i)\bgold\b", "Gold"),
    (r"(?i)\bsilver\b", "Silver"),
)
_ACRONYMS: Final[tuple[str, ...]] = (
    "BSE",
    "IT",
    "FMCG",
    "CPSE",
    "PSU",
    "PSE",
    "MNC",
    "ESG",
    "SDL",
    "AAA",
    "IBX",
    "CRISIL",
    "NBFC",
    "HFC",
    "MSCI",
    "NYSE",
    "US",
    "USA",
    "EV",
    "IPO",
    "BFSI",
    "HTM",
    "TECH",
    "1D",
)
_FACTOR: Final = (
    r"(?i)momentum|alpha|\bvalue\b|quality|low volatility|equal weight|"
    r"dividend opportunities|high beta|multi[- ]?factor|growth sectors"
)
_DEBT_INDEX: Final = r"(?i)\bsdl\b|g-sec|gilt|\bbond\b|crisil|1d rate|liquid"


def _normalise(name: pl.Expr) -> pl.Expr:
    text = name.str.replace_all(r"\(\s*(?:formerly|erstwhile)[^)]*\)?", " ")
    for pattern, repl in _NORMALISE:
        text = text.str.replace_all(pattern, repl)
    return text.str.strip_chars()


def _pretty(phrase: pl.Expr) -> pl.Expr:
    text = phrase.str.to_titlecase()
    for word in _ACRONYMS:
        text = text.str.replace_all(rf"(?i)\b{word}\b", word)
    text = text.str.replace_all(r"(?i)\bg-?sec\b", "G-Sec").str.replace_all(r"(?i)\bs&p\b", "S&P")
    text = text.str.replace_all(r"(?i)\bfang\+", "FANG+").str.replace_all(r" And ", " and ")
    for word in ("LargeMidcap", "MidSmallcap", "MidSmall"):
        text = text.str.replace_all(rf"(?i)\b{word}\b", word)
    return text


def _bharat_bond(text: pl.Expr) -> pl.Expr:
    when = text.str.extract(
        r"(?i)\bbharat\s+bond\b.*?\b((?:jan|feb|mar|apr|may|jun|jul|aug|"
        r"sep|oct|nov|dec)[a-z]*\s+\d{4})",
        1,
    )
    return pl.when(when.is_not_null()).then(pl.lit("Nifty Bharat Bond ") + when.str.to_titlecase())


def tracked_index_expr(name: pl.Expr) -> pl.Expr:
    """Index tracked according to the name (null when the name names none).

    The caller masks it to index funds and ETFs; a FoF's or active fund's name may mention
    an index it does not track.
    """
    text = _normalise(name)
    phrase = text.str.extract(_PHRASE, 1).str.strip_chars(" -,.").str.replace_all(r"\s+", " ")
    key = phrase.str.to_lowercase()
    named = pl.coalesce(
        key.replace_strict(INDEX_ALIASES, default=None, return_dtype=pl.String),
        _pretty(phrase),
    )
    special: pl.Expr = pl.lit(None, dtype=pl.String)
    for pattern, value in reversed(_SPECIAL):
        special = pl.when(text.str.contains(pattern)).then(pl.lit(value)).otherwise(special)
    result = pl.coalesce(_bharat_bond(text), named, special)
    return pl.when(result == "").then(None).otherwise(result)


def is_factor_index_expr(tracked: pl.Expr) -> pl.Expr:
    """True for a factor/strategy index, False for another index, null when none is known."""
    factor = tracked.str.contains(_FACTOR) & ~tracked.str.contains(_DEBT_INDEX)
    return pl.when(tracked.is_null()).then(None).otherwise(factor)
