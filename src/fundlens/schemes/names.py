"""Name-based classifier: plan, option, IDCW frequency, vehicle and scheme type from free text.

Every function takes and returns Polars expressions, so one call classifies all schemes at
once (regexes through ``str.contains``; no Python loop over rows). Inputs are the scheme's NAV
name and, when a layout-B AMFI file gave them, its ``Plan`` and ``Option`` texts (free text:
``Direct Plan``, ``GROWTH``, ``Growth Option``, ``Direct Growth``,
``IDCW (Income Distribution CUM Capital Withdrawal)``, ``Daily Reinvestment of IDCW``,
``Unclaimed Redemption/IDCW beyond 3 years``). Those texts win over the name when they say
something; otherwise the name decides.

Vocabularies (fundlens.types): ``plan`` ∈ direct | regular | institutional | retail | other |
null; ``option`` ∈ growth | idcw_payout | idcw_reinvest | idcw | bonus | null;
``idcw_frequency`` ∈ daily | weekly | fortnightly | monthly | quarterly | half_yearly | annual
| null (only for IDCW options); ``vehicle`` ∈ etf | index | fof | active | other;
``scheme_type`` ∈ open_ended | close_ended | interval | null.

Rules (case-insensitive, after dropping ``(formerly known as …)`` notes):

* plan, first match wins: ``Unclaimed``/``Investor Education`` → other; ``Direct`` → direct
  (so ``Super Institutional - Direct`` is direct); ``Institutional``/``Inst``/``Instn`` →
  institutional; ``Retail`` → retail; ``Regular`` (not in the scheme names
  ``Regular Savings``/``Regular Gold Savings``/``Regular Income``) → regular; nothing → null
  (a pre-2013 single plan; :func:`fundlens.schemes.build.build_schemes` calls it regular
  when it pairs with a Direct plan). If the name without its ``(formerly …)`` note says
  nothing, the whole name is read (AMFI sometimes puts the plan inside the note).
* option: ``Bonus`` → bonus; ``IDCW``/``Dividend``/``Div``/``Income Distribution`` (not in
  ``Dividend Yield``/``Dividend Opportunities``): with both payout and reinvestment words →
  idcw, with ``Reinvest`` → idcw_reinvest, with ``Payout``/``Pay out`` → idcw_payout, else
  idcw; ``Growth``/``Cumulative``/``Appreciation`` (not in ``Growth Fund``,
  ``Growth Opportunities`` …) → growth; only an IDCW frequency word
  (``… - Direct Plan - Half Yearly``) → idcw; nothing → null.
* frequency: daily, weekly, fortnightly, monthly, quarterly, half-yearly/semi-annual, annual/
  yearly words, after dropping ``Bi-Monthly`` (not in the vocabulary), ``Monthly Income`` and
  ``<period> Interval``/``Series`` phrases.
* vehicle: ``Fund of Fund(s)``/``FoF``/``Feeder``/``Offshore``/``Emerging Markets``/
  ``Asset Allocation Fund`` (not multi-asset), or a gold/silver *fund* that is not an ETF →
  fof; ``ETF``/``Exchange Traded``/``BeES`` → etf; ``Index``/``Nifty``/``Sensex`` → index;
  else active (an unclaimed-amounts plan is a plan of an active fund; names never give
  ``other``).
* scheme_type: ``Interval`` → interval; ``FMP``/``Fixed Maturity``/``Fixed Term``/
  ``Fixed Horizon``/``Fixed Tenure``/``Capital Protection``/``Dual Advantage``/``Series``/
  ``Close(d) Ended``/``<n> Days`` → close_ended; else null (a name cannot prove open-ended).
"""

from __future__ import annotations

from typing import Final

import polars as pl

__all__ = [
    "clean_name",
    "idcw_frequency_expr",
    "option_expr",
    "plan_expr",
    "scheme_type_from_name",
    "vehicle_expr",
]

_FORMERLY: Final = r"\(\s*(?:formerly|erstwhile|earlier)[^)]*\)?"
_UNCLAIMED: Final = r"\bunclaimed\b|investor education"


def clean_name(name: pl.Expr) -> pl.Expr:
    """Lower-cased name with ``(formerly …)`` notes dropped and spaces collapsed."""
    text = name.str.to_lowercase().str.replace_all("’", "'")
    text = text.str.replace_all(_FORMERLY, " ")
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def _null_if_blank(text: pl.Expr) -> pl.Expr:
    low = text.str.to_lowercase().str.strip_chars()
    return pl.when(low.is_null() | (low == "")).then(None).otherwise(low)


# ----------------------------------------------------------------------------- plan

_NOT_PLAN_REGULAR: Final = r"regular (?:gold )?savings|regular income"


def _plan_from_text(text: pl.Expr) -> pl.Expr:
    regular = text.str.replace_all(_NOT_PLAN_REGULAR, " ").str.contains(r"\bregular\b")
    return (
        pl.when(text.str.contains(_UNCLAIMED))
        .then(pl.lit("other"))
        .when(text.str.contains(r"\bdirect\b|\bdir\b"))
        .then(pl.lit("direct"))
        .when(text.str.contains(r"\binstitutional\b|\binst\b|\binstl\b|\binstn\b|\binstitution\b"))
        .then(pl.lit("institutional"))
        .when(text.str.contains(r"\bretail\b"))
        .then(pl.lit("retail"))
        .when(regular)
        .then(pl.lit("regular"))
        .otherwise(None)
    )


def _raw_name(name: pl.Expr) -> pl.Expr:
    return name.str.to_lowercase().str.replace_all(r"\s+", " ")


def plan_expr(name: pl.Expr, plan_raw: pl.Expr | None = None) -> pl.Expr:
    """Plan from the layout-B ``Plan`` text when it says one, else from the name.

    The name is read without its ``(formerly …)`` note first, then whole (AMFI sometimes
    puts the plan inside the note).
    """
    by_name = pl.coalesce(_plan_from_text(clean_name(name)), _plan_from_text(_raw_name(name)))
    if plan_raw is None:
        return by_name
    return pl.coalesce(_plan_from_text(_null_if_blank(plan_raw)), by_name)


# --------------------------------------------------------------------------- option

_NOT_OPTION: Final = (
    r"dividend yield|dividend opportunit\w*|dividend advantage|"
    r"growth (?:fund|opportunit\w*|advantage|leaders?|compan\w*|sectors?|series|plus|"
    r"engine|scheme|portfolio)|mid cap growth|equity growth"
)
_IDCW: Final = r"idcw|dividend|\bdiv\b|\bdivd?\b|income distribution|\bpayout\b|reinvest|\bdist\b"
_REINVEST: Final = r"reinvest|re-invest|\breinv\b"
_PAYOUT: Final = r"payout|pay out|pay-out|\bpayment\b"
_GROWTH: Final = r"\bgrowth\b|cumulative|\bcum\b|appreciation|accumulat|\bgr\b"


def _option_from_text(text: pl.Expr) -> pl.Expr:
    t = text.str.replace_all(_NOT_OPTION, " ")
    idcw = t.str.contains(_IDCW) | t.str.contains(r"\btransfer\b")
    reinvest, payout = t.str.contains(_REINVEST), t.str.contains(_PAYOUT)
    return (
        pl.when(t.str.contains(r"\bbonus\b"))
        .then(pl.lit("bonus"))
        .when(idcw & reinvest & payout)
        .then(pl.lit("idcw"))
        .when(idcw & reinvest)
        .then(pl.lit("idcw_reinvest"))
        .when(idcw & payout)
        .then(pl.lit("idcw_payout"))
        .when(idcw)
        .then(pl.lit("idcw"))
        .when(t.str.contains(_GROWTH))
        .then(pl.lit("growth"))
        .otherwise(None)
    )


def option_expr(name: pl.Expr, option_raw: pl.Expr | None = None) -> pl.Expr:
    """Option from the layout-B ``Option`` text when it says one, else from the name.

    A name with no option word but an IDCW frequency (``… - Direct Plan - Half Yearly``) is
    ``idcw``. An ``Unclaimed …`` option text names a special plan, not an option: the name
    decides.
    """
    by_name = pl.coalesce(
        _option_from_text(clean_name(name)),
        _option_from_text(_raw_name(name)),
        pl.when(_frequency_from_text(clean_name(name)).is_not_null()).then(pl.lit("idcw")),
    )
    if option_raw is None:
        return by_name
    raw = _null_if_blank(option_raw)
    raw = pl.when(raw.str.contains(_UNCLAIMED)).then(None).otherwise(raw)
    return pl.coalesce(_option_from_text(raw), by_name)


# ------------------------------------------------------------------------ frequency

_NOT_FREQUENCY: Final = (
    r"bi[- ]?monthly|monthly income|"
    r"(?:monthly|quarterly|half[ -]?yearly|annual|yearly)\s+(?:interval|series)|"
    r"interval fund\W+(?:monthly|quarterly|half[ -]?yearly|annual|yearly)"
)
_FREQUENCIES: Final[tuple[tuple[str, str], ...]] = (
    ("daily", r"\bdaily\b"),
    ("weekly", r"\bweekly\b"),
    ("fortnightly", r"fortnight"),
    ("monthly", r"\bmonthly\b|\bmthly\b"),
    ("quarterly", r"quarter|quartely|\bqtr\b|\bqtrly\b"),
    ("half_yearly", r"half[ -]?year|semi[ -]?annual"),
    ("annual", r"\bannual|\byearly\b"),
)


def _frequency_from_text(text: pl.Expr) -> pl.Expr:
    t = text.str.replace_all(_NOT_FREQUENCY, " ")
    expr: pl.Expr = pl.lit(None, dtype=pl.String)
    for token, pattern in reversed(_FREQUENCIES):
        expr = pl.when(t.str.contains(pattern)).then(pl.lit(token)).otherwise(expr)
    return expr


def idcw_frequency_expr(
    name: pl.Expr, option: pl.Expr, option_raw: pl.Expr | None = None
) -> pl.Expr:
    """IDCW frequency (``Option`` text first, then the name); null unless the option is IDCW."""
    found = _frequency_from_text(clean_name(name))
    if option_raw is not None:
        found = pl.coalesce(_frequency_from_text(_null_if_blank(option_raw)), found)
    return pl.when(option.str.starts_with("idcw")).then(found).otherwise(None)


# -------------------------------------------------------------------------- vehicle

_FOF: Final = (
    r"fund of funds?|funds? of funds?|\bfof\b|\bfofs\b|\bfeeder\b|off-?shore|"
    r"emerging markets?|global emerging|\bbrazil\b|asia pacific|financial planning fund"
)
_ETF: Final = r"\betfs?\b|exchange traded|\bbees\b"
_GOLD_FUND: Final = r"\b(?:gold|silver)\b.*\bfund\b|\bfund\b.*\b(?:gold|silver)\b"
_MULTI_ASSET: Final = r"multi[- ]?asset|asset allocation"
_ALLOCATOR_FOF: Final = r"asset allocation fund|asset allocator"


def vehicle_expr(name: pl.Expr) -> pl.Expr:
    """``etf | index | fof | active | other`` from the name (see the module docstring)."""
    t = clean_name(name)
    not_multi = ~t.str.contains(r"multi[- ]?asset|dynamic asset")
    gold_fof = t.str.contains(_GOLD_FUND) & ~t.str.contains(_ETF) & ~t.str.contains(_MULTI_ASSET)
    gold_fof = gold_fof | (t.str.contains(_ALLOCATOR_FOF) & not_multi)
    return (
        pl.when(t.str.contains(_FOF) | gold_fof)
        .then(pl.lit("fof"))
        .when(t.str.contains(_ETF))
        .then(pl.lit("etf"))
        .when(t.str.contains(r"\bindex\b|\bnifty\b|\bsensex\b"))
        .then(pl.lit("index"))
        .otherwise(pl.lit("active"))
    )


# ---------------------------------------------------------------------- scheme type

_CLOSED: Final = (
    r"\bfmp\b|fixed maturity|fixed term|fixed horizon|fixed tenure|capital protection|"
    r"dual advantage|\bseries\b|close[d]?[ -]ended|\b\d+\s*days?\b|\bftif\b|"
    r"multiple yield|\bnfo\b|\bemerging businesses fund series"
)


def scheme_type_from_name(name: pl.Expr) -> pl.Expr:
    """``interval | close_ended`` when the name says so, else null."""
    t = clean_name(name)
    return (
        pl.when(t.str.contains(r"\binterval\b|\bfiif\b"))
        .then(pl.lit("interval"))
        .when(t.str.contains(_CLOSED))
        .then(pl.lit("close_ended"))
        .otherwise(None)
    )
