"""Index-name keys, the curated index-fund list and seed 002 §3.3's benchmark map with
proxies, on a small hand-written ``schemes`` frame (labelled: not real schemes)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from fundlens.schemes.benchmarks import (
    BENCHMARK_LABEL,
    SEED_BENCHMARKS,
    benchmark_map,
    category_benchmarks,
    index_funds,
    index_key,
)

D = dt.date

#: Hand-written schemes: code, name, plan, option, category, vehicle, tracked, factor, first.
_ROWS = [
    (1, "UTI Nifty 50 Index Fund - Direct", "direct", "growth", "Index Funds", "index",
     "Nifty 50", False, D(2013, 1, 1)),
    (2, "UTI Nifty 50 Index Fund - Regular", "regular", "growth", "Index Funds", "index",
     "Nifty 50", False, D(2000, 3, 27)),
    (3, "X Nifty 200 Momentum 30 Index Fund", "direct", "growth", "Index Funds", "index",
     "Nifty 200 Momentum 30", True, D(2021, 1, 1)),
    (4, "X Nifty Midcap 150 Index Fund - Growth", None, "growth", "Index Funds", "index",
     "Nifty Midcap 150", False, D(2019, 1, 1)),
    (5, "X CRISIL IBX Gilt Index - April 2029 Fund", "regular", "growth", "Index Funds",
     "index", "CRISIL IBX Gilt April 2029", False, D(2022, 1, 1)),
    (6, "UTI Nifty 50 Index Fund - IDCW", "regular", "idcw_payout", "Index Funds", "index",
     "Nifty 50", False, D(2001, 1, 1)),
    (7, "X Nifty Bank Index Fund", "regular", "growth", "Index Funds", "index", "Nifty Bank",
     False, D(2020, 1, 1)),
    (8, "X Large Cap Fund - Direct", "direct", "growth", "Large Cap", "active", None, None,
     D(2013, 1, 1)),
    (9, "X Mid Cap Fund - Direct", "direct", "growth", "Mid Cap", "active", None, None,
     D(2013, 1, 1)),
]  # fmt: skip
SCHEMES = pl.DataFrame(
    _ROWS,
    schema=[
        "scheme_code", "name", "plan", "option", "sebi_category", "vehicle", "tracked_index",
        "is_factor_index", "first_nav_date",
    ],
    orient="row",
).with_columns(
    pl.lit(D(2024, 1, 1)).alias("last_nav_date"), pl.lit("X Mutual Fund").alias("amc_name")
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("NIFTY 50 TRI", "nifty 50"),
        ("Nifty 50", "nifty 50"),
        ("NIFTY50", "nifty 50"),
        ("NIFTY 50 Total Returns", "nifty 50"),
        ("Nifty 50 Price Return Index", "nifty 50"),
        ("NIFTY", "nifty 50"),
        ("NIFTY_MIDCAP_150", "nifty midcap 150"),
        ("Nifty Mid Cap 150 TRI", "nifty midcap 150"),
        ("NIFTY LARGEMIDCAP 250", "nifty largemidcap 250"),
        ("NIFTY500 VALUE 50", "nifty 500 value 50"),
        ("Nifty 500 Value 50 TRI", "nifty 500 value 50"),
        ("Gold Spot Price (MCX)", "gold spot price"),
        ("Tristar", "tristar"),
    ],
)
def test_index_key(name: str, key: str) -> None:
    assert pl.select(index_key(pl.lit(name))).item() == key


def test_curated_index_funds() -> None:
    funds = index_funds(SCHEMES)
    # Nifty 50 (Direct, then Regular), Midcap 150, Gilt; no factor, IDCW or sector index
    assert funds["scheme_code"].to_list() == [1, 2, 4, 5]
    assert funds["group"].to_list() == ["Nifty 50", "Nifty 50", "Nifty Midcap 150", "Gilt"]
    assert funds["index"][3] == "CRISIL IBX Gilt April 2029"
    assert set(funds["label"]) == {BENCHMARK_LABEL}
    assert funds.columns == [
        "scheme_code", "name", "index", "group", "amc", "plan", "vehicle", "first_nav_date",
        "last_nav_date", "label",
    ]  # fmt: skip


def _series(*rows: tuple[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "name": [n for n, _ in rows],
            "kind": [k for _, k in rows],
            "first_date": [D(2016, 7, 8)] * len(rows),
            "last_date": [D(2026, 7, 3)] * len(rows),
        }
    )


def _by_category(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(r["category"]): r for r in rows}


def test_map_without_series_uses_the_stand_ins_metrics_use() -> None:
    rows = _by_category(benchmark_map(SCHEMES, _series()))
    assert list(rows)[: len(SEED_BENCHMARKS)] == list(SEED_BENCHMARKS)
    large = rows["Large Cap"]
    assert (large["primary"], large["secondary"], large["source"]) == (
        "Nifty 50 TRI",
        "Nifty 100 TRI",
        "seed 002 §3.3",
    )
    assert large["primary_proxy"] == {
        "index": "Nifty 50",
        "kind": BENCHMARK_LABEL,
        "label": BENCHMARK_LABEL,
        "direct": {"code": 1, "name": "UTI Nifty 50 Index Fund - Direct"},
        "regular": {"code": 2, "name": "UTI Nifty 50 Index Fund - Regular"},
    }
    assert large["secondary_proxy"] == {
        "index": None,
        "kind": None,
        "label": None,
        "note": "no series or index fund for Nifty 100 TRI",
    }
    mid = rows["Mid Cap"]["primary_proxy"]
    assert mid["regular"] == {"code": 4, "name": "X Nifty Midcap 150 Index Fund - Growth"}
    assert mid["direct"] is None and "note" not in mid
    # the same stand-ins category_benchmarks gives active funds (Direct 9 has no Direct
    # Midcap 150 fund, so the other plan kind's)
    picked = category_benchmarks(SCHEMES).filter(pl.col("scheme_code").is_in([8, 9]))
    assert picked["benchmark_code"].to_list() == [1, 4]
    value = rows["Value"]["primary_proxy"]
    assert value["index"] == "Nifty 50"
    assert value["note"] == "Nifty 500 Value 50 TRI is not available; Nifty 50 stands in"
    assert rows["Liquid"]["primary_proxy"]["kind"] is None
    assert rows["Contra"]["source"] == "fundlens"


def test_map_prefers_an_imported_series_tri_first() -> None:
    series = _series(("NIFTY 50", "price"), ("NIFTY 50 TRI", "tri"), ("NIFTY 100", "price"))
    rows = _by_category(benchmark_map(SCHEMES, series))
    assert rows["Large Cap"]["primary_proxy"] == {
        "index": "Nifty 50 TRI",
        "kind": "tri",
        "label": "TRI",
        "series": "NIFTY 50 TRI",
        "first_date": "2016-07-08",
        "last_date": "2026-07-03",
    }
    secondary = rows["Large Cap"]["secondary_proxy"]
    assert (secondary["series"], secondary["kind"], secondary["label"]) == (
        "NIFTY 100",
        "price",
        "price index",
    )
    # a series for the category's own index beats a fallback's; a stand-in of the own
    # index beats a series of the fallback
    assert rows["Mid Cap"]["primary_proxy"]["kind"] == BENCHMARK_LABEL
    hybrid = rows["Aggressive Hybrid"]["primary_proxy"]
    assert hybrid["series"] == "NIFTY 50 TRI"
    assert hybrid["note"].startswith("65% Nifty 50 + 35% CRISIL Composite Bond is not available")
