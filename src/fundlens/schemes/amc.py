"""AMC identity: AMFI's AMC lines and the scheme master's company names → (slug, display name).

Conventions (conventions.md, 'Schemes' and 'Slugs'):

* ``amc_id`` is a URL slug: lower case, ``&``/apostrophes/dots dropped, any other run of
  non-alphanumerics one ``-`` (``ABN  AMRO Mutual Fund`` → ``abn-amro``, ``L&T`` → ``lt``).
* The slug comes from the *house name*: ``Mutual Fund`` and everything after it, a
  ``(Formerly known as …)`` note and the company suffix (``Asset Management Company Limited``,
  ``AMC Limited``, ``Asset Managers Private Limited``, ``Funds Management Limited``,
  ``Money Managers Limited``, ``Asset Mgmt. Co. Ltd.`` …) are dropped, so AMFI's AMC line
  ``HDFC Mutual Fund`` and the master's ``HDFC Asset Management Company Limited`` both give
  ``hdfc``.
* Renames of the same AMC company map to its current slug through :data:`AMC_ALIASES`
  (``Reliance`` → ``nippon-india``, ``IDFC`` → ``bandhan``, ``Birla Sun Life`` →
  ``aditya-birla-sun-life`` …). Takeovers of schemes by another AMC (L&T → HSBC,
  Principal → Sundaram) are *not* aliased: the old house keeps its own slug.
* ``amc_name`` is the display name: the known house's name from :data:`AMC_HOUSES`
  (``Nippon India Mutual Fund``), else the house name plus ``Mutual Fund`` with single spaces.
* :func:`amc_from_scheme_name` guesses the house from a scheme name's first words
  (``HDFC Liquid Fund`` → ``hdfc``); it is the last resort in the precedence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import polars as pl

__all__ = [
    "AMC_ALIASES",
    "AMC_HOUSES",
    "AmcHouse",
    "amc_display_expr",
    "amc_from_scheme_name",
    "amc_house_expr",
    "amc_id",
    "amc_id_expr",
]


@dataclass(frozen=True)
class AmcHouse:
    """A known fund house: slug, display name and a regex for scheme names that start with it."""

    slug: str
    display: str
    name_prefix: str


AMC_HOUSES: Final[tuple[AmcHouse, ...]] = (
    AmcHouse("360-one", "360 ONE Mutual Fund", r"360\s*one|iifl"),
    AmcHouse(
        "aditya-birla-sun-life",
        "Aditya Birla Sun Life Mutual Fund",
        r"aditya\s+birla|birla\s+sun\s+life",
    ),
    AmcHouse("angel-one", "Angel One Mutual Fund", r"angel\s+one"),
    AmcHouse("axis", "Axis Mutual Fund", r"axis"),
    AmcHouse("bajaj-finserv", "Bajaj Finserv Mutual Fund", r"bajaj\s+finserv"),
    AmcHouse("bandhan", "Bandhan Mutual Fund", r"bandhan|idfc"),
    AmcHouse("bank-of-india", "Bank of India Mutual Fund", r"bank\s+of\s+india|boi\s+axa"),
    AmcHouse("baroda-bnp-paribas", "Baroda BNP Paribas Mutual Fund", r"baroda\s+bnp"),
    AmcHouse("canara-robeco", "Canara Robeco Mutual Fund", r"canara\s+robeco"),
    AmcHouse("capitalmind", "Capitalmind Mutual Fund", r"capitalmind"),
    AmcHouse("choice", "Choice Mutual Fund", r"choice"),
    AmcHouse("dsp", "DSP Mutual Fund", r"dsp"),
    AmcHouse("edelweiss", "Edelweiss Mutual Fund", r"edelweiss|bharat\s+bond"),
    AmcHouse("franklin-templeton", "Franklin Templeton Mutual Fund", r"franklin|templeton"),
    AmcHouse("groww", "Groww Mutual Fund", r"groww|indiabulls"),
    AmcHouse("hdfc", "HDFC Mutual Fund", r"hdfc"),
    AmcHouse("helios", "Helios Mutual Fund", r"helios"),
    AmcHouse("hsbc", "HSBC Mutual Fund", r"hsbc"),
    AmcHouse("icici-prudential", "ICICI Prudential Mutual Fund", r"icici|bharat\s+22"),
    AmcHouse("invesco", "Invesco Mutual Fund", r"invesco|religare"),
    AmcHouse("iti", "ITI Mutual Fund", r"iti"),
    AmcHouse("jio-blackrock", "Jio BlackRock Mutual Fund", r"jio\s*blackrock"),
    AmcHouse("jm-financial", "JM Financial Mutual Fund", r"jm"),
    AmcHouse("kotak-mahindra", "Kotak Mahindra Mutual Fund", r"kotak|kotka"),
    AmcHouse("lic", "LIC Mutual Fund", r"lic"),
    AmcHouse("mahindra-manulife", "Mahindra Manulife Mutual Fund", r"mahindra"),
    AmcHouse("mirae-asset", "Mirae Asset Mutual Fund", r"mirae"),
    AmcHouse("motilal-oswal", "Motilal Oswal Mutual Fund", r"motilal"),
    AmcHouse("navi", "Navi Mutual Fund", r"navi|essel"),
    AmcHouse("nippon-india", "Nippon India Mutual Fund", r"nippon|reliance|cpse\s+etf"),
    AmcHouse("nj", "NJ Mutual Fund", r"nj"),
    AmcHouse("old-bridge", "Old Bridge Mutual Fund", r"old\s+bridge"),
    AmcHouse("pgim-india", "PGIM India Mutual Fund", r"pgim|(?:dhfl\s+)?pramerica"),
    AmcHouse("ppfas", "PPFAS Mutual Fund", r"parag\s+parikh|ppfas"),
    AmcHouse("quant", "quant Mutual Fund", r"quant"),
    AmcHouse("quantum", "Quantum Mutual Fund", r"quantum"),
    AmcHouse("samco", "Samco Mutual Fund", r"samco"),
    AmcHouse("sbi", "SBI Mutual Fund", r"sbi"),
    AmcHouse("shriram", "Shriram Mutual Fund", r"shriram"),
    AmcHouse("sundaram", "Sundaram Mutual Fund", r"sundaram"),
    AmcHouse("tata", "Tata Mutual Fund", r"tata"),
    AmcHouse("taurus", "Taurus Mutual Fund", r"taurus"),
    AmcHouse("trust", "Trust Mutual Fund", r"trust\s*mf|trust"),
    AmcHouse("unifi", "Unifi Mutual Fund", r"unifi"),
    AmcHouse("union", "Union Mutual Fund", r"union"),
    AmcHouse("uti", "UTI Mutual Fund", r"uti"),
    AmcHouse("whiteoak-capital", "WhiteOak Capital Mutual Fund", r"white\s*oak"),
    AmcHouse("zerodha", "Zerodha Mutual Fund", r"zerodha"),
    # houses that have left the market (names still met in old files)
    AmcHouse("abn-amro", "ABN AMRO Mutual Fund", r"abn\s+amro"),
    AmcHouse("bnp-paribas", "BNP Paribas Mutual Fund", r"bnp\s+paribas"),
    AmcHouse("baroda-pioneer", "Baroda Pioneer Mutual Fund", r"baroda\s+pioneer"),
    AmcHouse("dbs-chola", "DBS Chola Mutual Fund", r"dbs\s+chola"),
    AmcHouse("deutsche", "Deutsche Mutual Fund", r"deutsche|dws"),
    AmcHouse("fidelity", "Fidelity Mutual Fund", r"fidelity"),
    AmcHouse("ing", "ING Mutual Fund", r"ing"),
    AmcHouse("lt", "L&T Mutual Fund", r"l\s*&\s*t"),
    AmcHouse("morgan-stanley", "Morgan Stanley Mutual Fund", r"morgan\s+stanley"),
    AmcHouse("principal", "Principal Mutual Fund", r"principal"),
    AmcHouse("sahara", "Sahara Mutual Fund", r"sahara"),
    AmcHouse("jpmorgan", "JPMorgan Mutual Fund", r"jp\s*morgan"),
)

#: Other spellings and renames of the same AMC company → current slug.
AMC_ALIASES: Final[dict[str, str]] = {
    "nippon-life-india": "nippon-india",
    "reliance": "nippon-india",
    "idfc": "bandhan",
    "birla-sun-life": "aditya-birla-sun-life",
    "dsp-blackrock": "dsp",
    "religare-invesco": "invesco",
    "religare": "invesco",
    "iifl": "360-one",
    "indiabulls": "groww",
    "essel": "navi",
    "dhfl-pramerica": "pgim-india",
    "pramerica": "pgim-india",
    "boi-axa": "bank-of-india",
    "union-kbc": "union",
    "kotak": "kotak-mahindra",
    "helios-capital": "helios",
    "trustmf": "trust",
    "jm": "jm-financial",
    "lic-nomura": "lic",
    "sundaram-bnp-paribas": "sundaram",
    "mahindra": "mahindra-manulife",
    "parag-parikh": "ppfas",
    "l-t": "lt",
}

_FORMERLY: Final = r"(?i)\(\s*formerly[^)]*\)?"
_MF_TAIL: Final = r"(?i)\s+mutual\s+fund\b.*$"
_COMPANY_TAIL: Final = (
    r"(?i)\s+(?:asset\s+(?:management|managers|mgmt\.?)|investment\s+(?:managers|management)|"
    r"funds\s+management|money\s+managers|amc\b|trustee\s+co).*$"
)


def _house_name(text: pl.Expr) -> pl.Expr:
    """House name of an AMC line or company name (``HDFC Mutual Fund`` → ``HDFC``)."""
    base = text.str.replace_all(r"\s+", " ").str.strip_chars()
    base = base.str.replace_all(_FORMERLY, "").str.strip_chars()
    base = base.str.replace(_MF_TAIL, "").str.replace(_COMPANY_TAIL, "")
    base = base.str.replace(r"(?i)^\s*mutual\s+fund\s*$", "")
    base = base.str.strip_chars(" -,.")
    return pl.when(base == "").then(None).otherwise(base)


def _slugify(text: pl.Expr) -> pl.Expr:
    low = text.str.to_lowercase().str.replace_all(r"[&'’.]", "")
    return low.str.replace_all(r"[^a-z0-9]+", "-").str.strip_chars("-")


def amc_id_expr(text: pl.Expr) -> pl.Expr:
    """Vectorised AMC slug of an AMC line or a master company name (null stays null)."""
    slug = _slugify(_house_name(text))
    return slug.replace(AMC_ALIASES)


_DISPLAY: Final[dict[str, str]] = {h.slug: h.display for h in AMC_HOUSES}


def amc_display_expr(text: pl.Expr) -> pl.Expr:
    """Display name: the known house's name, else ``<house> Mutual Fund`` with single spaces."""
    known = amc_id_expr(text).replace_strict(_DISPLAY, default=None, return_dtype=pl.String)
    return pl.coalesce(known, _house_name(text) + pl.lit(" Mutual Fund"))


def amc_house_expr(text: pl.Expr) -> pl.Expr:
    """``struct{amc_id, amc_name}`` of an AMC line or master company name."""
    return pl.struct(amc_id=amc_id_expr(text), amc_name=amc_display_expr(text))


def amc_from_scheme_name(name: pl.Expr) -> pl.Expr:
    """AMC slug guessed from the first words of a scheme name (``SBI BLUE CHIP FUND`` → ``sbi``).

    Houses are tried longest prefix first, so ``quantum`` wins over ``quant`` and
    ``baroda bnp`` over ``bnp paribas``; a name that starts with none of them gives null.
    """
    text = name.str.to_lowercase().str.strip_chars()
    houses = sorted(AMC_HOUSES, key=lambda h: len(h.name_prefix), reverse=True)
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for house in reversed(houses):  # build the chain so that the longest is tested first
        hit = text.str.contains(rf"^(?:{house.name_prefix})\b")
        expr = pl.when(hit).then(pl.lit(house.slug)).otherwise(expr)
    return expr


def amc_id(text: str) -> str | None:
    """Scalar form of :func:`amc_id_expr` (for tests and one-off look-ups)."""
    value = pl.select(amc_id_expr(pl.lit(text, dtype=pl.String))).item()
    return None if value is None else str(value)


def _check_slugs() -> None:  # pragma: no cover - import-time sanity check of the table
    for house in AMC_HOUSES:
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", house.slug):
            raise ValueError(f"bad AMC slug {house.slug!r}")


_check_slugs()
