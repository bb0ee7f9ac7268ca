"""Direct ↔ Regular pairs: the same scheme, the same option, two plans.

Conventions (conventions.md, 'Schemes'): a pair is a Direct plan and a Regular plan of one
scheme with the same option (and the same IDCW frequency) in the same AMC; an institutional,
retail or other plan is never paired. Method, vectorised with group-bys and joins:

* **Key** = (``amc_id``, base name, option, idcw_frequency). The base name is the lower-cased
  name without ``(formerly …)`` notes, without the phrase ``income distribution cum capital
  withdrawal`` and without the plan/option words (direct, regular, plan, option, growth, idcw,
  dividend, div, payout, reinvestment, cumulative, bonus …), punctuation dropped, and its
  words *sorted*, so ``HDFC Flexi Cap Fund - Growth Option - Direct Plan`` and
  ``HDFC Flexi Cap Fund - Growth Plan`` share the key ``fund flexi cap hdfc``.
* **Sides**: plan ``direct``; plan ``regular``; plan null (a pre-2013 scheme's only plan,
  which became the Regular plan). In a key group, explicit ``regular`` plans are the
  candidates if there are any, null-plan ones otherwise.
* **Pass 1** pairs a group that has exactly one direct and exactly one candidate; a group with
  several candidates on either side is ambiguous and gives no pair.
* **Pass 2** takes the schemes left unpaired whose option is null
  (``HDFC Nifty 50 Index Fund - Direct Plan``) and reads the null option as growth, then
  repeats pass 1 on those left over.

:func:`pair_codes` returns ``scheme_code, pair_code`` (the other plan's code, or null).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from fundlens.schemes.names import clean_name

__all__ = ["base_name_expr", "pair_codes"]

_STRIP_PHRASES: Final = (
    r"income distribution cum capital withdrawal|\bpay ?out\b|re-?investment|reinvest|"
    r"\bsub[- ]option\b"
)
_STRIP_WORDS: Final = (
    r"\b(?:direct|dir|regular|plan|plans|option|options|opt|growth|gr|idcw|dividend|div|"
    r"payout|cumulative|bonus|of|the|fund|funds|scheme)\b"
)
_SYNONYMS: Final[tuple[tuple[str, str], ...]] = (
    (r"\bannually\b", "annual"),
    (r"\bsemi[- ]?annual\b", "half yearly"),
    (r"\bhalf[- ]yearly\b", "half yearly"),
    (r"\bqtrly\b", "quarterly"),
    (r"&", " and "),
)
_KEYS: Final[tuple[str, ...]] = ("_amc", "_base", "_opt", "_freq")


def base_name_expr(name: pl.Expr) -> pl.Expr:
    """Pairing base name: plan/option words dropped, punctuation dropped, words sorted."""
    text = clean_name(name)
    for pattern, repl in _SYNONYMS:
        text = text.str.replace_all(pattern, repl)
    text = text.str.replace_all(_STRIP_PHRASES, " ").str.replace_all(r"[^a-z0-9]+", " ")
    text = text.str.replace_all(_STRIP_WORDS, " ").str.replace_all(r"\s+", " ").str.strip_chars()
    return text.str.split(" ").list.sort().list.join(" ")


def _prepare(frame: pl.DataFrame) -> pl.DataFrame:
    plan = pl.col("plan")
    side = (
        pl.when(plan == "direct")
        .then(pl.lit("D"))
        .when(plan == "regular")
        .then(pl.lit("R"))
        .when(plan.is_null())
        .then(pl.lit("N"))
        .otherwise(None)
    )
    return frame.select(
        pl.col("scheme_code"),
        pl.col("amc_id").fill_null("").alias("_amc"),
        base_name_expr(pl.col("name")).alias("_base"),
        pl.col("option").alias("_opt"),
        pl.col("idcw_frequency").fill_null("").alias("_freq"),
        side.alias("_side"),
    ).filter(pl.col("_side").is_not_null() & (pl.col("_base") != ""))


def _match(rows: pl.DataFrame) -> pl.DataFrame:
    """One matching pass over rows with a non-null ``_opt``: ``direct_code, other_code``."""
    counts = rows.group_by(_KEYS).agg(
        (pl.col("_side") == "D").sum().alias("_nd"),
        (pl.col("_side") == "R").sum().alias("_nr"),
        (pl.col("_side") == "N").sum().alias("_nn"),
    )
    rows = rows.join(counts, on=_KEYS, how="left")
    candidate = pl.when(pl.col("_nr") > 0).then(pl.lit("R")).otherwise(pl.lit("N"))
    unique = (pl.col("_nd") == 1) & (
        (pl.col("_nr") == 1) | ((pl.col("_nr") == 0) & (pl.col("_nn") == 1))
    )
    rows = rows.filter(unique)
    direct = rows.filter(pl.col("_side") == "D").select(*_KEYS, direct_code="scheme_code")
    other = rows.filter(pl.col("_side") == candidate).select(*_KEYS, other_code="scheme_code")
    return direct.join(other, on=_KEYS, how="inner").select("direct_code", "other_code")


def _both_ways(pairs: pl.DataFrame) -> pl.DataFrame:
    return pl.concat(
        [
            pairs.select(scheme_code="direct_code", pair_code="other_code"),
            pairs.select(scheme_code="other_code", pair_code="direct_code"),
        ]
    )


def pair_codes(frame: pl.DataFrame) -> pl.DataFrame:
    """``scheme_code, pair_code`` for every row of ``frame``.

    ``frame`` needs ``scheme_code, name, amc_id, plan, option, idcw_frequency``.
    """
    rows = _prepare(frame)
    first = _match(rows.filter(pl.col("_opt").is_not_null()))
    paired = pl.concat([first["direct_code"], first["other_code"]])
    left = rows.filter(~pl.col("scheme_code").is_in(paired.implode()))
    null_option = left.filter(pl.col("_opt").is_null())["scheme_code"]
    second = _match(left.with_columns(pl.col("_opt").fill_null("growth")))
    second = second.filter(
        pl.col("direct_code").is_in(null_option.implode())
        | pl.col("other_code").is_in(null_option.implode())
    )
    found = _both_ways(pl.concat([first, second])).unique("scheme_code", keep="none")
    out = frame.select("scheme_code").join(found, on="scheme_code", how="left")
    return out.with_columns(pl.col("pair_code").cast(pl.Int64))
