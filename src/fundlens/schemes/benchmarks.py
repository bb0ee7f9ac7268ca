"""Which scheme stands in as each scheme's benchmark: an index fund, labelled as such.

No index series is in the store, so a benchmark is an index fund tracking the index seed
002 §3.3 names for the category — "index fund (incl. costs)", never called TRI
(conventions.md, 'Benchmarks'). The stand-in for an index is the growth-option index fund
(or ETF) tracking it, not a factor variant, with the longest history (earliest first NAV;
ties to the lower code) of each plan kind, so that the benchmark covers as many funds'
windows as possible.

Category → index (seed 002 §3.3; where the seed's index has no fund here, the broader
market it belongs to):

* Large Cap, Focused → Nifty 50; Mid Cap → Nifty Midcap 150 (then Nifty 50);
  Small Cap → Nifty Smallcap 250 (then Nifty 50); Large & Mid Cap → Nifty LargeMidcap 250
  (then Nifty 50); Flexi Cap, Multi Cap, ELSS, Value, Contra, Dividend Yield → Nifty 500
  (then Nifty 50); Aggressive Hybrid, Balanced Advantage → Nifty 50 (seed: 65 % Nifty 50
  + 35 % CRISIL Composite Bond; no bond index exists here, so the equity leg only).
* Index funds and ETFs: the stand-in for the index they track, unless that is the
  scheme itself.
* A Direct-plan fund is compared with the Direct stand-in of its index when there is one
  (same cost basis), a Regular or other plan with the Regular one; else the other kind.
* Debt, gold and other categories: none (CRISIL indices and gold spot are not available);
  relative metrics are null with the reason ``no benchmark for <category>``.

Imported index series (``fundlens index import``) are matched to these indices by
:func:`index_key` (``NIFTY 50 TRI`` → ``nifty 50`` ← ``Nifty 50``).
:func:`benchmark_map` lays seed 002 §3.3 out with its secondary benchmarks and the proxy
available for each — an imported series (TRI first, then price) when one matches, else
the index-fund stand-in — and :func:`index_funds` is the curated list of index funds that
stand in for the broad indices (seed 003 §7.5).
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl

from fundlens.schemes.indices import INDEX_ALIASES

__all__ = [
    "BENCHMARK_INDEX",
    "BENCHMARK_LABEL",
    "CURATED_INDICES",
    "SEED_BENCHMARKS",
    "benchmark_map",
    "category_benchmarks",
    "index_funds",
    "index_key",
    "index_stand_ins",
    "series_label",
]

#: Label of a stand-in benchmark wherever it is shown.
BENCHMARK_LABEL: Final = "index fund (incl. costs)"

#: SEBI category → indices to try, in order.
BENCHMARK_INDEX: Final[dict[str, tuple[str, ...]]] = {
    "Large Cap": ("Nifty 50",),
    "Focused": ("Nifty 50",),
    "Mid Cap": ("Nifty Midcap 150", "Nifty 50"),
    "Small Cap": ("Nifty Smallcap 250", "Nifty 50"),
    "Large & Mid Cap": ("Nifty LargeMidcap 250", "Nifty 50"),
    "Flexi Cap": ("Nifty 500", "Nifty 50"),
    "Multi Cap": ("Nifty 500", "Nifty 50"),
    "ELSS": ("Nifty 500", "Nifty 50"),
    "Value": ("Nifty 500", "Nifty 50"),
    "Contra": ("Nifty 500", "Nifty 50"),
    "Dividend Yield": ("Nifty 500", "Nifty 50"),
    "Aggressive Hybrid": ("Nifty 50",),
    "Dynamic Asset Allocation/Balanced Advantage": ("Nifty 50",),
}

_PASSIVE: Final = ("index", "etf")
_PLAN_KEY: Final = (
    pl.when(pl.col("plan") == "direct").then(pl.lit("direct")).otherwise(pl.lit("regular"))
)


def index_stand_ins(schemes: pl.DataFrame) -> pl.DataFrame:
    """One stand-in per tracked index and plan kind (``direct`` / ``regular``): columns
    ``tracked_index``, ``plan_key``, ``benchmark_code``, ``benchmark_name``."""
    candidates = schemes.filter(
        pl.col("vehicle").is_in(_PASSIVE)
        & pl.col("tracked_index").is_not_null()
        & ~pl.col("is_factor_index").fill_null(False)
        & (pl.col("option") == "growth")
        & pl.col("first_nav_date").is_not_null()
    ).with_columns(_PLAN_KEY.alias("plan_key"))
    return (
        candidates.sort("tracked_index", "plan_key", "first_nav_date", "scheme_code")
        .group_by("tracked_index", "plan_key", maintain_order=True)
        .first()
        .select(
            "tracked_index",
            "plan_key",
            pl.col("scheme_code").alias("benchmark_code"),
            pl.col("name").alias("benchmark_name"),
        )
    )


def _index_of(schemes: pl.DataFrame, stand_ins: pl.DataFrame) -> pl.DataFrame:
    """Each scheme's benchmark index: its own for passive schemes, else the first index
    of its category (:data:`BENCHMARK_INDEX`) that has a stand-in."""
    available = set(stand_ins.get_column("tracked_index").to_list())
    first_available = {
        category: next((i for i in indices if i in available), None)
        for category, indices in BENCHMARK_INDEX.items()
    }
    passive = pl.col("vehicle").is_in(_PASSIVE) & pl.col("tracked_index").is_not_null()
    by_category = pl.col("sebi_category").replace_strict(
        first_available, default=None, return_dtype=pl.String
    )
    return schemes.select(
        "scheme_code",
        "sebi_category",
        _PLAN_KEY.alias("plan_key"),
        pl.when(passive).then(pl.col("tracked_index")).otherwise(by_category).alias("index"),
    )


def category_benchmarks(schemes: pl.DataFrame) -> pl.DataFrame:
    """Every scheme's benchmark: ``scheme_code``, ``benchmark_code`` (null when none),
    ``benchmark_name``, ``benchmark_index`` and ``no_benchmark_reason`` (null when there
    is a benchmark).

    The stand-in is of the scheme's own plan kind when one exists (a Direct fund against
    a Direct index fund: the same cost basis), else of the other kind. ``schemes`` has the
    ``schemes`` table's columns (at least scheme_code, name, plan, sebi_category, vehicle,
    tracked_index, is_factor_index, option, first_nav_date).
    """
    stand_ins = index_stand_ins(schemes)
    wanted = _index_of(schemes, stand_ins)
    same = wanted.join(
        stand_ins.rename({"tracked_index": "index"}), on=["index", "plan_key"], how="left"
    )
    any_plan = stand_ins.sort("plan_key", descending=True).group_by("tracked_index").first()
    other = any_plan.select(
        pl.col("tracked_index").alias("index"),
        pl.col("benchmark_code").alias("code_any"),
        pl.col("benchmark_name").alias("name_any"),
    )
    picked = same.join(other, on="index", how="left").with_columns(
        pl.coalesce("benchmark_code", "code_any").alias("benchmark_code"),
        pl.coalesce("benchmark_name", "name_any").alias("benchmark_name"),
    )
    itself = pl.col("benchmark_code") == pl.col("scheme_code")
    reason = (
        pl.when(itself)
        .then(pl.format("the scheme is the {} stand-in itself", pl.col("index")))
        .when(pl.col("benchmark_code").is_null())
        .then(
            pl.format(
                "no benchmark for {}", pl.col("sebi_category").fill_null("an unclassified scheme")
            )
        )
    )
    return (
        picked.with_columns(reason.alias("no_benchmark_reason"))
        .select(
            "scheme_code",
            pl.when(itself).then(None).otherwise(pl.col("benchmark_code")).alias("benchmark_code"),
            pl.when(itself).then(None).otherwise(pl.col("benchmark_name")).alias("benchmark_name"),
            pl.when(itself | pl.col("benchmark_code").is_null())
            .then(None)
            .otherwise(pl.col("index"))
            .alias("benchmark_index"),
            "no_benchmark_reason",
        )
        .sort("scheme_code")
    )


# --- Index names, the curated index-fund list and the seed 002 §3.3 map ---------------

#: Seed 002 §3.3 as the seed writes it: SEBI category → (primary, secondary or None).
SEED_BENCHMARKS: Final[dict[str, tuple[str, str | None]]] = {
    "Large Cap": ("Nifty 50 TRI", "Nifty 100 TRI"),
    "Mid Cap": ("Nifty Midcap 150 TRI", "Nifty Midcap 100 TRI"),
    "Small Cap": ("Nifty Smallcap 250 TRI", "Nifty Smallcap 100 TRI"),
    "Flexi Cap": ("Nifty 500 TRI", "Nifty 200 TRI"),
    "ELSS": ("Nifty 500 TRI", "Nifty 200 TRI"),
    "Large & Mid Cap": ("Nifty LargeMidcap 250 TRI", None),
    "Focused": ("Nifty 50 TRI", None),
    "Value": ("Nifty 500 Value 50 TRI", None),
    "Short Duration": ("CRISIL Short Term Bond Index", None),
    "Corporate Bond": ("CRISIL Corporate Bond Index", None),
    "Liquid": ("CRISIL Liquid Fund Index", None),
    "Aggressive Hybrid": ("65% Nifty 50 + 35% CRISIL Composite Bond", None),
    "Gold ETF": ("Gold Spot Price (MCX)", None),
}

#: The broad indices whose index funds stand in for them (seed 003 §7.5), plus gilt.
CURATED_INDICES: Final = (
    "Nifty 50",
    "Nifty Next 50",
    "Nifty Midcap 150",
    "Nifty Smallcap 250",
    "Nifty 500",
)
_GILT_GROUP: Final = "Gilt"
_GILT_INDEX: Final = r"(?i)\bg-?sec\b|\bgilt\b"
#: Label of an imported series by kind.
_SERIES_LABEL: Final = {"tri": "TRI", "price": "price index"}

_KEY_STEPS: Final[tuple[tuple[str, str], ...]] = (
    (r"[_\s]+", " "),
    (r"\([^)]*\)", " "),
    (r"\btotal returns? index\b|\btotal returns?\b|\btri\b", " "),
    (r"\bprice returns? index\b|\bprice returns?\b|\bprice index\b|\bindex\b", " "),
    (r"\bnifty\s*(\d)", "nifty $1"),
    (r"\blarge\s*mid\s*cap\b", "largemidcap"),
    (r"\bmid[\s-]*cap\b", "midcap"),
    (r"\bsmall[\s-]*cap\b", "smallcap"),
    (r"\b(smallcap|midcap|largemidcap|midsmallcap|microcap)\s*(\d)", "$1 $2"),
    (r"\s+", " "),
)


def index_key(name: pl.Expr) -> pl.Expr:
    """A matching key for index names: lower case, without ``TRI``/``Total Return``/
    ``Price Return``/``Index`` words or parentheses, spellings normalised
    (``NIFTY50`` → ``nifty 50``, ``Mid Cap 150`` → ``midcap 150``), then
    :data:`~fundlens.schemes.indices.INDEX_ALIASES` (``nifty`` → ``nifty 50``).

    >>> pl.select(index_key(pl.lit("NIFTY 50 TRI"))).item(), pl.select(
    ...     index_key(pl.lit("Nifty LargeMidcap 250"))).item()
    ('nifty 50', 'nifty largemidcap 250')
    """
    text = name.str.to_lowercase()
    for pattern, repl in _KEY_STEPS:
        text = text.str.replace_all(pattern, repl)
    text = text.str.strip_chars(" -,.")
    aliases = {k: v.lower() for k, v in INDEX_ALIASES.items()}
    return text.replace(aliases)


def _key(name: str) -> str:
    return str(pl.select(index_key(pl.lit(name))).item())


def series_label(kind: str) -> str:
    """How an imported series of ``kind`` is labelled: ``TRI`` or ``price index``."""
    return _SERIES_LABEL[kind]


def index_funds(schemes: pl.DataFrame) -> pl.DataFrame:
    """The curated index funds (and ETFs) that stand in for indices: growth option,
    tracking Nifty 50, Nifty Next 50, Nifty Midcap 150, Nifty Smallcap 250, Nifty 500
    or a G-Sec/gilt index; factor variants (momentum, value, quality, alpha, low
    volatility, …) left out.

    Columns: ``scheme_code``, ``name``, ``index`` (tracked), ``group`` (one of
    :data:`CURATED_INDICES` or ``Gilt``), ``amc``, ``plan``, ``vehicle``,
    ``first_nav_date``, ``last_nav_date``, ``label`` ("index fund (incl. costs)");
    ordered by group, plan, first NAV date.
    """
    order = {name: i for i, name in enumerate((*CURATED_INDICES, _GILT_GROUP))}
    tracked = pl.col("tracked_index")
    group = (
        pl.when(tracked.is_in(CURATED_INDICES))
        .then(tracked)
        .when(tracked.str.contains(_GILT_INDEX))
        .then(pl.lit(_GILT_GROUP))
    )
    picked = schemes.filter(
        pl.col("vehicle").is_in(_PASSIVE)
        & tracked.is_not_null()
        & ~pl.col("is_factor_index").fill_null(False)
        & (pl.col("option") == "growth")
    ).with_columns(group.alias("group"))
    return (
        picked.filter(pl.col("group").is_not_null())
        .with_columns(pl.col("group").replace_strict(order, return_dtype=pl.Int64).alias("_o"))
        .sort("_o", "plan", "first_nav_date", "scheme_code", nulls_last=True)
        .select(
            "scheme_code",
            "name",
            tracked.alias("index"),
            "group",
            pl.col("amc_name").alias("amc"),
            "plan",
            "vehicle",
            "first_nav_date",
            "last_nav_date",
            pl.lit(BENCHMARK_LABEL).alias("label"),
        )
    )


def _series_proxy(series: pl.DataFrame, index: str) -> dict[str, Any] | None:
    """The imported series standing for ``index``: TRI before price, then by name."""
    hits = series.filter(pl.col("key") == _key(index)).sort(pl.col("kind") != "tri", "name")
    if hits.height == 0:
        return None
    row = hits.row(0, named=True)
    return {
        "index": index,
        "kind": row["kind"],
        "label": series_label(row["kind"]),
        "series": row["name"],
        "first_date": str(row["first_date"]),
        "last_date": str(row["last_date"]),
    }


def _fund_proxy(stand_ins: pl.DataFrame, index: str) -> dict[str, Any] | None:
    """The index-fund stand-ins of ``index`` per plan kind, or None."""
    hits = stand_ins.filter(pl.col("key") == _key(index))
    if hits.height == 0:
        return None
    plans = {
        row["plan_key"]: {"code": row["benchmark_code"], "name": row["benchmark_name"]}
        for row in hits.iter_rows(named=True)
    }
    return {
        "index": str(hits["tracked_index"][0]),
        "kind": BENCHMARK_LABEL,
        "label": BENCHMARK_LABEL,
        "direct": plans.get("direct"),
        "regular": plans.get("regular"),
    }


def _proxy(
    wanted: str,
    chain: tuple[str, ...],
    funds_for: tuple[str, ...],
    found: tuple[pl.DataFrame, pl.DataFrame],
) -> dict[str, Any]:
    """The first index of ``chain`` with an imported series, or (when it is in
    ``funds_for``) an index-fund stand-in; a note when it is not ``wanted`` itself."""
    series, stand_ins = found
    for index in chain:
        proxy = _series_proxy(series, index) or (
            _fund_proxy(stand_ins, index) if index in funds_for else None
        )
        if proxy is not None:
            if _key(index) != _key(wanted):
                proxy["note"] = f"{wanted} is not available; {proxy['index']} stands in"
            return proxy
    return {
        "index": None,
        "kind": None,
        "label": None,
        "note": f"no series or index fund for {wanted}",
    }


def benchmark_map(schemes: pl.DataFrame, series: pl.DataFrame) -> list[dict[str, Any]]:
    """Seed 002 §3.3 with the proxy available for each benchmark.

    One entry per category of :data:`SEED_BENCHMARKS` (``source`` "seed 002 §3.3"), then
    the other categories of :data:`BENCHMARK_INDEX` (``source`` "fundlens"): ``category``,
    ``primary``, ``secondary`` (names as the seed writes them), ``primary_proxy`` and
    ``secondary_proxy`` (None without a secondary). A proxy is an imported series
    (``kind`` ``tri`` or ``price``, ``label`` ``TRI`` / ``price index``, ``series`` its
    name) when one matches the index by :func:`index_key`, TRI first; else the index
    fund stand-in :func:`category_benchmarks` uses (``kind`` and ``label`` "index fund
    (incl. costs)", ``direct`` and ``regular`` code and name); the primary falls back
    along :data:`BENCHMARK_INDEX` (with a ``note``) as the metrics do. ``series`` has
    the stored series' ``name``, ``kind``, ``first_date`` and ``last_date`` (a series
    proxy shows its span: a TRI starting 2016 cannot benchmark a fund's earlier years).
    """
    found = (
        series.select(
            pl.col("name", "kind").cast(pl.String), "first_date", "last_date"
        ).with_columns(index_key(pl.col("name")).alias("key")),
        index_stand_ins(schemes).with_columns(index_key(pl.col("tracked_index")).alias("key")),
    )
    rows: list[dict[str, Any]] = []
    extra = {c: (i[0], None) for c, i in BENCHMARK_INDEX.items() if c not in SEED_BENCHMARKS}
    for category, (primary, secondary) in {**SEED_BENCHMARKS, **extra}.items():
        fallbacks = BENCHMARK_INDEX.get(category, ())
        rows.append(
            {
                "category": category,
                "source": "seed 002 §3.3" if category in SEED_BENCHMARKS else "fundlens",
                "primary": primary,
                "secondary": secondary,
                "primary_proxy": _proxy(primary, (primary, *fallbacks), fallbacks, found),
                "secondary_proxy": None
                if secondary is None
                else _proxy(secondary, (secondary,), (secondary,), found),
            }
        )
    return rows
