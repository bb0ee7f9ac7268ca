"""Scheme search for pickers (the API's ``GET /api/schemes/search``): names, past names,
ISINs and codes, folded, ranked, one row per fund by default.

Folding (the same for the text and the query): Unicode NFKC, lower case, the curly
apostrophes ``’ ‘ ʼ`` → ``'``, ``&`` → ``and``, any other run of punctuation or spaces →
one space. So ``Children’s`` = ``children's``, ``Banking & PSU`` = ``banking and psu``,
``Mid-Cap`` = ``mid cap``.

A scheme matches when every word of the folded query occurs in one of its texts (current
name, a past name from ``scheme_history``, an ISIN, the code). Rank, best first:

0. the text equals the query; 1. the text starts with it (prefix); 2. a word of the text
starts with it; 3. it occurs inside the text (substring); 4. its words occur in any order.

Ties: the current name before the code, an ISIN, a past name; then by name and code.
Codes and ISINs are only searched when the query holds a digit (every one does).

One row per fund (the default): Direct↔Regular pairs (``schemes.pair_code``, same option
by construction) collapse onto the Direct plan — a hit on the Regular plan (or its old
name) shows the Direct scheme, which says what matched; a query equal to a scheme's code
or one of its ISINs shows that very scheme — and only the growth option (or an option
the classifier could not read) is listed. A ``plan`` filter or ``all_variants``
turns the collapse off; an ``option`` filter or ``all_variants`` replaces the growth rule.

The folded tables are built once per store snapshot (a few MB for every scheme AMFI ever
listed) and kept in memory: a search never reads ``nav``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Final

import duckdb
import polars as pl

from fundlens.errors import InputError
from fundlens.schemes.categories import CATEGORY_SLUGS, category_slug
from fundlens.store.search import search_documents, search_schemes_frame, snapshot_key

__all__ = [
    "MIN_QUERY",
    "SearchIndex",
    "SearchResult",
    "fold",
    "fold_expr",
    "search",
    "search_index",
]

#: Fewest characters of a folded query.
MIN_QUERY: Final = 2
#: Rank of each source on equal match tiers.
_SOURCE_RANK: Final = {"name": 0, "code": 1, "isin": 2, "past_name": 3}
_APOSTROPHES: Final = "[\u2019\u2018\u02bc\u2032`\u00b4]"


def fold_expr(text: pl.Expr) -> pl.Expr:
    """Fold a text column for matching (see the module docstring)."""
    return (
        text.str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(_APOSTROPHES, "'")
        .str.replace_all("&", " and ", literal=True)
        .str.replace_all(r"[^\w']+", " ")
        .str.strip_chars()
    )


def fold(text: str) -> str:
    """:func:`fold_expr` of one string (the same code path).

    >>> fold("Templeton India Children’s Asset Plan-Gift Plan & Growth")
    "templeton india children's asset plan gift plan and growth"
    """
    return str(pl.select(fold_expr(pl.lit(text, dtype=pl.String))).item())


@dataclass(frozen=True)
class SearchIndex:
    """One snapshot's folded search tables.

    ``docs`` (``name_docs``: its current and past names only): scheme_code, source, text,
    folded, source_rank, plus the scheme's filter fields (plan, option, amc_id,
    category_slug, sebi_category) and ``rep_code`` (the Direct pair of a Regular scheme,
    else itself). ``schemes``: one row per scheme with the card fields a search returns
    and ``name_order`` (its place by folded name)."""

    key: str
    docs: pl.DataFrame
    name_docs: pl.DataFrame
    schemes: pl.DataFrame
    amcs: frozenset[str]


def build_index(con: duckdb.DuckDBPyConnection, key: str = "") -> SearchIndex:
    """Fold every scheme's texts (one pass over ``schemes`` and ``scheme_history``)."""
    schemes = search_schemes_frame(con)
    slugs = {c: category_slug(c) for c in schemes["sebi_category"].drop_nulls().unique()}
    schemes = schemes.with_columns(
        pl.col("sebi_category")
        .replace_strict(slugs, default=None, return_dtype=pl.String)
        .alias("category_slug"),
        fold_expr(pl.col("name")).alias("name_folded"),
    )
    schemes = schemes.sort("name_folded", "scheme_code").with_row_index("name_order")
    direct = schemes.filter(pl.col("plan") == "direct").select(
        pl.col("scheme_code").alias("pair_code"), pl.lit(True).alias("_pair_direct")
    )
    schemes = schemes.join(direct, on="pair_code", how="left").with_columns(
        pl.when((pl.col("plan") != "direct").fill_null(True) & pl.col("_pair_direct"))
        .then(pl.col("pair_code"))
        .otherwise(pl.col("scheme_code"))
        .alias("rep_code")
    )
    docs = (
        search_documents(con)
        .with_columns(
            fold_expr(pl.col("text")).alias("folded"),
            pl.col("source")
            .replace_strict(_SOURCE_RANK, return_dtype=pl.Int8)
            .alias("source_rank"),
        )
        .filter(pl.col("folded").str.len_chars() > 0)
        .join(
            schemes.select(
                "scheme_code",
                "plan",
                "option",
                "amc_id",
                "sebi_category",
                "category_slug",
                "rep_code",
            ),
            on="scheme_code",
            how="inner",
        )
        .rechunk()
    )
    amcs = frozenset(schemes["amc_id"].drop_nulls().unique().to_list())
    return SearchIndex(
        key=key,
        docs=docs,
        name_docs=docs.filter(pl.col("source").is_in(["name", "past_name"])).rechunk(),
        schemes=schemes.drop("_pair_direct"),
        amcs=amcs,
    )


_lock = threading.Lock()
_cache: dict[str, SearchIndex] = {}


#: Snapshots whose index is kept: the current one and the one before (requests that
#: started before an update finish on it without rebuilding back and forth).
_KEEP: Final = 2


def search_index(con: duckdb.DuckDBPyConnection) -> SearchIndex:
    """The search index of the connection's snapshot, built on first use and kept while
    it is one of the last :data:`_KEEP` snapshots asked for."""
    key = snapshot_key(con)
    with _lock:
        cached = _cache.pop(key, None)
        if cached is not None:
            _cache[key] = cached  # most recent last
    if cached is None:
        cached = build_index(con, key)
        with _lock:
            _cache[key] = cached
            while len(_cache) > _KEEP:
                del _cache[next(iter(_cache))]
    return cached


@dataclass(frozen=True)
class SearchResult:
    """A page of hits (``rows``: the scheme card fields plus ``matched_on``,
    ``matched_text`` and ``rank``) and the number of hits before paging."""

    rows: pl.DataFrame
    total: int


def _category_filter(category: str) -> pl.Expr:
    """Slug (``flexi-cap``) or name (``Flexi Cap``, any case) of a canonical category."""
    wanted = category.strip()
    slug = category_slug(wanted)
    if wanted not in CATEGORY_SLUGS.values() and slug not in CATEGORY_SLUGS.values():
        raise InputError(
            f"unknown category {category!r}: give a SEBI category name or its slug "
            "(e.g. 'Flexi Cap' or 'flexi-cap')"
        )
    return pl.col("category_slug") == slug


def _filters(
    index: SearchIndex,
    *,
    plan: str | None,
    option: str | None,
    category: str | None,
    amc: str | None,
    all_variants: bool,
) -> list[pl.Expr]:
    out: list[pl.Expr] = []
    if plan is not None:
        out.append(pl.col("plan") == plan)
    if option is not None:
        out.append(pl.col("option") == option)
    elif not all_variants:
        out.append((pl.col("option") == "growth").fill_null(True))
    if category is not None:
        out.append(_category_filter(category))
    if amc is not None:
        if amc not in index.amcs:
            raise InputError(f"unknown AMC {amc!r}: give an AMC slug such as 'hdfc'")
        out.append(pl.col("amc_id") == amc)
    return out


def _tier(q: str, words: list[str]) -> tuple[pl.Expr, pl.Expr]:
    """(match condition, rank tier) on the folded text."""
    text = pl.col("folded")
    match = pl.all_horizontal([text.str.contains(w, literal=True) for w in words])
    tier = (
        pl.when(text == q)
        .then(0)
        .when(text.str.starts_with(q))
        .then(1)
        .when(text.str.contains(" " + q, literal=True))
        .then(2)
        .when(text.str.contains(q, literal=True))
        .then(3)
        .otherwise(4)
        .cast(pl.Int8)
    )
    return match, tier


def search(
    index: SearchIndex,
    q: str,
    *,
    plan: str | None = None,
    option: str | None = None,
    category: str | None = None,
    amc: str | None = None,
    all_variants: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Schemes matching ``q`` (see the module docstring), best first, ``offset`` …
    ``offset + limit``.

    Raises:
        InputError: the folded query is shorter than :data:`MIN_QUERY`, or an unknown
            category or AMC.
    """
    folded = fold(q)
    if len(folded) < MIN_QUERY:
        raise InputError(
            f"search text {q!r} has fewer than {MIN_QUERY} letters or digits once folded"
        )
    if limit < 1 or offset < 0:
        raise InputError(f"need limit ≥ 1 and offset ≥ 0, got {limit} and {offset}")
    conditions = _filters(
        index, plan=plan, option=option, category=category, amc=amc, all_variants=all_variants
    )
    match, tier = _tier(folded, folded.split(" "))
    # codes and ISINs all hold a digit: without one, only names can match
    docs = index.docs if any(ch.isdigit() for ch in folded) else index.name_docs
    collapse = plan is None and not all_variants
    exact_id = (tier == 0) & pl.col("source").is_in(["code", "isin"])
    key = pl.col("scheme_code")
    if collapse:
        key = pl.when(exact_id).then(pl.col("scheme_code")).otherwise(pl.col("rep_code"))
    # Best text per row shown: lowest tier, then source, then the shown scheme's own text
    # (before its pair's), then text order (``docs`` is sorted by scheme, source, text).
    # Integers only, and a stable sort: broad queries match thousands of schemes.
    hits = (
        docs.lazy()
        .filter(*conditions, match)
        .with_columns(key.alias("code"), tier.alias("rank"))
        .select(
            "code",
            "rank",
            "source_rank",
            (
                pl.col("rank").cast(pl.Int16) * 8
                + pl.col("source_rank").cast(pl.Int16) * 2
                + (pl.col("scheme_code") != pl.col("code")).cast(pl.Int16)
            ).alias("best"),
            pl.col("source").alias("matched_on"),
            pl.col("text").alias("matched_text"),
        )
        .sort("best", maintain_order=True)
        .unique(subset="code", keep="first", maintain_order=True)
        .collect()
    )
    page = (
        hits.join(index.schemes, left_on="code", right_on="scheme_code", how="inner")
        .bottom_k(offset + limit, by=["rank", "source_rank", "name_order"])
        .sort("rank", "source_rank", "name_order")
        .slice(offset, limit)
        .rename({"code": "scheme_code"})
        .select(
            "scheme_code", "name", "amc_id", "amc_name", "sebi_category", "category_slug",
            "plan", "option", "last_nav_date", "matched_on", "matched_text", "rank",
        )
    )  # fmt: skip
    return SearchResult(rows=page, total=hits.height)
