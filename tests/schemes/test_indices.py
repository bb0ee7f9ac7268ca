"""Index detection: which index a real index fund or ETF tracks, and whether it is a factor index.

Names are from the real scheme master; expected indices are read off the names by hand.
"""

from __future__ import annotations

import polars as pl
import pytest

from fundlens.schemes.classify import classify_by_name
from fundlens.schemes.indices import is_factor_index_expr, tracked_index_expr

CASES: list[tuple[str, str, bool]] = [
    ("UTI Nifty 50 Index Fund - Regular Plan - Growth Option", "Nifty 50", False),
    ("Franklin India Index Fund- NSE Nifty 50 Index Fund - Growth", "Nifty 50", False),
    ("ICICI Prudential Nifty Next 50 Index Fund - Growth", "Nifty Next 50", False),
    ("Nippon India ETF Nifty Next 50 Junior BeES", "Nifty Next 50", False),
    ("Nippon India ETF Nifty 50 BeES", "Nifty 50", False),
    ("Axis Nifty 100 Index Fund", "Nifty 100", False),
    ("Motilal Oswal Nifty Midcap 150 Index Fund", "Nifty Midcap 150", False),
    ("HDFC NIFTY Smallcap 250 ETF", "Nifty Smallcap 250", False),
    ("ICICI Prudential Nifty 500 Index Fund", "Nifty 500", False),
    ("Axis NIFTY Bank ETF", "Nifty Bank", False),
    ("Kotak BSE Sensex ETF", "BSE Sensex", False),
    ("Nippon India Index Fund - BSE Sensex Plan", "BSE Sensex", False),
    ("HDFC BSE 500 ETF", "BSE 500", False),
    ("Navi NiftyIT Index Fund", "Nifty IT", False),
    ("HDFC NIFTY200 Momentum 30 Index Fund", "Nifty 200 Momentum 30", True),
    ("Bandhan Nifty Alpha 50 Index Fund", "Nifty Alpha 50", True),
    ("HDFC NIFTY50 VALUE 20 ETF", "Nifty 50 Value 20", True),
    ("BANDHAN Nifty100 Low Volatility 30 Index Fund", "Nifty 100 Low Volatility 30", True),
    ("HDFC NIFTY100 QUALITY 30 ETF", "Nifty 100 Quality 30", True),
    ("ICICI Prudential Nifty Alpha Low- Volatility 30 ETF", "Nifty Alpha Low Volatility 30", True),
    ("DSP Nifty 50 Equal Weight ETF", "Nifty 50 Equal Weight", True),
    ("Mirae Asset NYSE FANG+ ETF", "NYSE FANG+", False),
    ("Motilal Oswal S&P 500 Index Fund", "S&P 500", False),
    ("HDFC Gold ETF", "Gold", False),
    ("Axis Silver ETF", "Silver", False),
    ("CPSE ETF", "Nifty CPSE", False),
    ("Bharat Bond ETF - April 2030", "Nifty Bharat Bond April 2030", False),
    ("HDFC NIFTY 1D Rate Liquid ETF", "Nifty 1D Rate", False),
    ("HDFC Nifty G-Sec Dec 2026 Index Fund", "Nifty G-Sec Dec 2026", False),
    (
        "Kotak Nifty SDL Apr 2032 Top 12 Equal Weight Index Fund",
        "Nifty SDL Apr 2032 Top 12 Equal Weight",
        False,
    ),
]


def test_tracked_index_and_factor_flag() -> None:
    frame = pl.DataFrame({"name": [c[0] for c in CASES]})
    out = frame.with_columns(tracked_index_expr(pl.col("name")).alias("t"))
    out = out.with_columns(is_factor_index_expr(pl.col("t")).alias("f"))
    assert out.rows() == CASES


def test_factor_flag_null_without_index() -> None:
    frame = pl.DataFrame({"t": [None]}, schema={"t": pl.String})
    assert frame.select(is_factor_index_expr(pl.col("t"))).item() is None


@pytest.mark.parametrize(
    ("name", "vehicle", "is_index_fund", "tracked"),
    [
        ("UTI Nifty 50 Index Fund - Regular Plan - Growth Option", "index", True, "Nifty 50"),
        ("Kotak Nifty 50 ETF", "etf", True, "Nifty 50"),
        # a FoF names an index it does not track itself
        ("Motilal Oswal Nasdaq 100 Fund of Fund- Regular Plan Growth", "fof", False, None),
        ("Parag Parikh Flexi Cap Fund - Direct Plan - Growth", "active", False, None),
        (
            "Zerodha ELSS Tax Saver Nifty LargeMidcap 250 Index Fund - Direct Plan - Growth Option",
            "index",
            True,
            "Nifty LargeMidcap 250",
        ),
    ],
)
def test_index_fields_follow_the_vehicle(
    name: str, vehicle: str, is_index_fund: bool, tracked: str | None
) -> None:
    out = classify_by_name(pl.DataFrame({"name": [name]}))
    assert out.select("vehicle", "is_index_fund", "tracked_index").row(0) == (
        vehicle,
        is_index_fund,
        tracked,
    )
