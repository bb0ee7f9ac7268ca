"""The raw → canonical category table on every real label, slugs and asset classes.

Expected values are hand-assigned from the label text (SEBI's 2017 list); the label lists
are grepped from the real daily files, the real scheme master and the casparser-isin db.
"""

from __future__ import annotations

import polars as pl
import pytest

from fundlens.schemes.categories import (
    CATEGORY_SLUGS,
    LEGACY,
    SEBI_CATEGORIES,
    UNCLASSIFIED,
    asset_class_expr,
    category_slug,
    scheme_type_from_line,
    sebi_category,
)
from fundlens.sources.casparser_master import load_casparser_master
from tests.conftest import SCHEME_MASTER
from tests.schemes.amfi_lines import AMFI_DAILY

# Every category line found in ../shared/data/amfi/daily (grep 'Schemes (').
FILE_LINES: dict[str, tuple[str, str]] = {
    "Close Ended Schemes ( ELSS )": ("ELSS", "close_ended"),
    "Close Ended Schemes ( Fund of Funds - Domestic )": ("FoF Domestic", "close_ended"),
    "Close Ended Schemes ( Growth )": (LEGACY, "close_ended"),
    "Close Ended Schemes ( Income )": (LEGACY, "close_ended"),
    "Open Ended Schemes ( Balanced )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Banking and PSU Fund )": ("Banking and PSU", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Corporate Bond Fund )": ("Corporate Bond", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Credit Risk Fund )": ("Credit Risk", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Dynamic Bond )": ("Dynamic Bond", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Floater Fund )": ("Floater", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Gilt Fund )": ("Gilt", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Gilt Fund with 10 year constant duration )": (
        "Gilt with 10 year constant duration",
        "open_ended",
    ),
    "Open Ended Schemes ( Debt Scheme - Liquid Fund )": ("Liquid", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Long Duration Fund )": ("Long Duration", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Low Duration Fund )": ("Low Duration", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Medium Duration Fund )": ("Medium Duration", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Medium to Long Duration Fund )": (
        "Medium to Long Duration",
        "open_ended",
    ),
    "Open Ended Schemes ( Debt Scheme - Money Market Fund )": ("Money Market", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Overnight Fund )": ("Overnight", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Short Duration Fund )": ("Short Duration", "open_ended"),
    "Open Ended Schemes ( Debt Scheme - Ultra Short Duration Fund )": (
        "Ultra Short Duration",
        "open_ended",
    ),
    "Open Ended Schemes ( ELSS )": ("ELSS", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Contra Fund )": ("Contra", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Dividend Yield Fund )": ("Dividend Yield", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - ELSS )": ("ELSS", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Flexi Cap Fund )": ("Flexi Cap", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Focused Fund )": ("Focused", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Large & Mid Cap Fund )": (
        "Large & Mid Cap",
        "open_ended",
    ),
    "Open Ended Schemes ( Equity Scheme - Large Cap Fund )": ("Large Cap", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Mid Cap Fund )": ("Mid Cap", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Multi Cap Fund )": ("Multi Cap", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Sectoral/ Thematic )": (
        "Sectoral/Thematic",
        "open_ended",
    ),
    "Open Ended Schemes ( Equity Scheme - Small Cap Fund )": ("Small Cap", "open_ended"),
    "Open Ended Schemes ( Equity Scheme - Value Fund )": ("Value", "open_ended"),
    "Open Ended Schemes ( Floating Rate )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Fund of Funds - Domestic )": ("FoF Domestic", "open_ended"),
    "Open Ended Schemes ( Fund of Funds - Overseas )": ("FoF Overseas", "open_ended"),
    "Open Ended Schemes ( Gilt )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Growth )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Hybrid Scheme - Aggressive Hybrid Fund )": (
        "Aggressive Hybrid",
        "open_ended",
    ),
    "Open Ended Schemes ( Hybrid Scheme - Balanced Hybrid Fund )": (
        "Balanced Hybrid",
        "open_ended",
    ),
    "Open Ended Schemes ( Hybrid Scheme - Conservative Hybrid Fund )": (
        "Conservative Hybrid",
        "open_ended",
    ),
    "Open Ended Schemes ( Hybrid Scheme - Dynamic Asset Allocation or Balanced Advantage )": (
        "Dynamic Asset Allocation/Balanced Advantage",
        "open_ended",
    ),
    "Open Ended Schemes ( Hybrid Scheme - Equity Savings )": ("Equity Savings", "open_ended"),
    "Open Ended Schemes ( Hybrid Scheme - Multi Asset Allocation )": (
        "Multi Asset Allocation",
        "open_ended",
    ),
    "Open Ended Schemes ( Income )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Income/Debt Oriented Schemes - Liquid Fund )": ("Liquid", "open_ended"),
    "Open Ended Schemes ( Income/Debt Oriented Schemes - Overnight Fund )": (
        "Overnight",
        "open_ended",
    ),
    "Open Ended Schemes ( Liquid )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Money Market )": (LEGACY, "open_ended"),
    "Open Ended Schemes ( Other ETFs )": ("ETFs (Other ETFs)", "open_ended"),
    "Open Ended Schemes ( Other Scheme - FoF Domestic )": ("FoF Domestic", "open_ended"),
    "Open Ended Schemes ( Other Scheme - FoF Overseas )": ("FoF Overseas", "open_ended"),
    "Open Ended Schemes ( Other Scheme - Index Funds )": ("Index Funds", "open_ended"),
    "Open Ended Schemes ( Other Scheme - Other  ETFs )": ("ETFs (Other ETFs)", "open_ended"),
    "Open Ended Schemes ( Solution Oriented Scheme - Children’s Fund )": (
        "Children's Fund",
        "open_ended",
    ),
    "Open Ended Schemes ( Solution Oriented Scheme - Retirement Fund )": (
        "Retirement Fund",
        "open_ended",
    ),
    "Interval Fund Schemes ( Income )": (LEGACY, "interval"),
}

# Every distinct Scheme_Category of the real scheme master (47).
MASTER_LABELS: dict[str, str] = {
    "Debt Scheme - Banking and PSU Fund": "Banking and PSU",
    "Debt Scheme - Corporate Bond Fund": "Corporate Bond",
    "Debt Scheme - Credit Risk Fund": "Credit Risk",
    "Debt Scheme - Dynamic Bond": "Dynamic Bond",
    "Debt Scheme - Floater Fund": "Floater",
    "Debt Scheme - Gilt Fund": "Gilt",
    "Debt Scheme - Gilt Fund with 10 year constant duration": "Gilt with 10 year constant duration",
    "Debt Scheme - Liquid Fund": "Liquid",
    "Debt Scheme - Long Duration Fund": "Long Duration",
    "Debt Scheme - Low Duration Fund": "Low Duration",
    "Debt Scheme - Medium Duration Fund": "Medium Duration",
    "Debt Scheme - Medium to Long Duration Fund": "Medium to Long Duration",
    "Debt Scheme - Money Market Fund": "Money Market",
    "Debt Scheme - Overnight Fund": "Overnight",
    "Debt Scheme - Short Duration Fund": "Short Duration",
    "Debt Scheme - Ultra Short Duration Fund": "Ultra Short Duration",
    "ELSS": "ELSS",
    "Equity Scheme - Contra Fund": "Contra",
    "Equity Scheme - Dividend Yield Fund": "Dividend Yield",
    "Equity Scheme - ELSS": "ELSS",
    "Equity Scheme - Flexi Cap Fund": "Flexi Cap",
    "Equity Scheme - Focused Fund": "Focused",
    "Equity Scheme - Large & Mid Cap Fund": "Large & Mid Cap",
    "Equity Scheme - Large Cap Fund": "Large Cap",
    "Equity Scheme - Mid Cap Fund": "Mid Cap",
    "Equity Scheme - Multi Cap Fund": "Multi Cap",
    "Equity Scheme - Sectoral/ Thematic": "Sectoral/Thematic",
    "Equity Scheme - Small Cap Fund": "Small Cap",
    "Equity Scheme - Value Fund": "Value",
    "Gilt": LEGACY,
    "Growth": LEGACY,
    "Hybrid Scheme - Aggressive Hybrid Fund": "Aggressive Hybrid",
    "Hybrid Scheme - Arbitrage Fund": "Arbitrage",
    "Hybrid Scheme - Balanced Hybrid Fund": "Balanced Hybrid",
    "Hybrid Scheme - Conservative Hybrid Fund": "Conservative Hybrid",
    "Hybrid Scheme - Dynamic Asset Allocation or Balanced Advantage": "Dynamic Asset Allocation/Balanced Advantage",
    "Hybrid Scheme - Equity Savings": "Equity Savings",
    "Hybrid Scheme - Multi Asset Allocation": "Multi Asset Allocation",
    "Income": LEGACY,
    "Money Market": LEGACY,
    "Other Scheme - FoF Domestic": "FoF Domestic",
    "Other Scheme - FoF Overseas": "FoF Overseas",
    "Other Scheme - Gold ETF": "Gold ETF",
    "Other Scheme - Index Funds": "Index Funds",
    "Other Scheme - Other  ETFs": "ETFs (Other ETFs)",
    "Solution Oriented Scheme - Children s Fund": "Children's Fund",
    "Solution Oriented Scheme - Retirement Fund": "Retirement Fund",
}


def _map(labels: list[str]) -> dict[str, str | None]:
    frame = pl.DataFrame({"label": labels}).with_columns(cat=sebi_category(pl.col("label")))
    return dict(frame.iter_rows())


def _file_category_lines() -> set[str]:
    found: set[str] = set()
    for path in AMFI_DAILY.rglob("*.csv"):
        for line in path.read_bytes().decode("utf-8").split("\r\n"):
            if "Schemes (" in line and not line[:1].isdigit():
                found.add(line.strip())
    return found


def test_every_category_line_in_the_real_files_is_in_the_table() -> None:
    assert _file_category_lines() <= set(FILE_LINES)


def test_category_lines_map_to_expected() -> None:
    mapped = _map(list(FILE_LINES))
    assert mapped == {k: v[0] for k, v in FILE_LINES.items()}


def test_scheme_type_from_lines() -> None:
    frame = pl.DataFrame({"label": list(FILE_LINES)})
    types = frame.select(scheme_type_from_line(pl.col("label")).alias("t"))["t"].to_list()
    assert types == [v[1] for v in FILE_LINES.values()]


def test_every_master_category_maps_to_expected() -> None:
    master = pl.read_csv(SCHEME_MASTER, infer_schema=False)
    labels = master["Scheme_Category"].unique().to_list()
    assert set(labels) == set(MASTER_LABELS)
    assert _map(labels) == {k: MASTER_LABELS[k] for k in labels}


def test_every_casparser_category_is_known() -> None:
    labels = load_casparser_master()["sebi_category"].drop_nulls().unique().to_list()
    mapped = _map(labels)
    assert all(v not in (None, UNCLASSIFIED) for v in mapped.values()), mapped
    # the db's mojibake spelling of Children’s
    assert mapped["Solution Oriented Scheme - Childrenâ\x80\x99s Fund"] == "Children's Fund"


def test_null_and_unknown_labels() -> None:
    assert _map([None, "", "Something Else Entirely"]) == {  # type: ignore[list-item]
        None: None,
        "": None,
        "Something Else Entirely": UNCLASSIFIED,
    }


def test_old_elss_is_canonical_elss() -> None:
    assert _map(["ELSS", "Close Ended Schemes ( ELSS )"]) == {
        "ELSS": "ELSS",
        "Close Ended Schemes ( ELSS )": "ELSS",
    }


def test_canonical_list_is_sebis_42() -> None:
    assert len(SEBI_CATEGORIES) == 42
    assert len(set(SEBI_CATEGORIES)) == 42


@pytest.mark.parametrize(
    ("category", "slug"),
    [
        ("Sectoral/Thematic", "sectoral-thematic"),
        ("Large & Mid Cap", "large-mid-cap"),
        ("Children's Fund", "childrens-fund"),
        (
            "Dynamic Asset Allocation/Balanced Advantage",
            "dynamic-asset-allocation-balanced-advantage",
        ),
        ("ETFs (Other ETFs)", "etfs-other-etfs"),
        ("Gilt with 10 year constant duration", "gilt-with-10-year-constant-duration"),
        ("FoF Overseas", "fof-overseas"),
        (LEGACY, "legacy"),
    ],
)
def test_slugs(category: str, slug: str) -> None:
    assert category_slug(category) == slug
    assert CATEGORY_SLUGS[category] == slug


def test_slugs_are_unique() -> None:
    assert len(set(CATEGORY_SLUGS.values())) == len(CATEGORY_SLUGS)


@pytest.mark.parametrize(
    ("category", "raw", "name", "expected"),
    [
        ("Large Cap", None, "SBI BLUE CHIP FUND-DIRECT PLAN -GROWTH", "equity"),
        ("Liquid", None, "HDFC Liquid Fund - Growth Plan", "debt"),
        ("Arbitrage", None, "HDFC ARBITRAGE FUND - Retail IDCW Option", "hybrid"),
        ("Gold ETF", None, "Nippon India ETF Gold BeES", "commodity"),
        ("Index Funds", None, "UTI Nifty 50 Index Fund - Regular Plan - Growth Option", "equity"),
        ("Index Funds", None, "HDFC Nifty G-Sec Jun 2027 Index Fund - Growth Option", "debt"),
        ("ETFs (Other ETFs)", None, "Kotak Silver ETF", "commodity"),
        ("ETFs (Other ETFs)", None, "BHARAT Bond ETF - April 2030", "debt"),
        ("FoF Domestic", None, "SBI GOLD FUND REGULAR PLAN - GROWTH", "commodity"),
        (
            "FoF Overseas",
            None,
            "Motilal Oswal Nasdaq 100 Fund of Fund- Regular Plan Growth",
            "equity",
        ),
        (LEGACY, "Income", "Kotak FMP Series 193 - Regular - Dividend Payout", "debt"),
        (LEGACY, "Open Ended Schemes ( Growth )", "Sahara Growth Fund-Growth", "equity"),
        (LEGACY, "Open Ended Schemes ( Balanced )", "X Fund", "hybrid"),
        (
            "Retirement Fund",
            None,
            "SBI Retirement Benefit Fund - Conservative Hybrid Plan - Regular Plan - Growth",
            "hybrid",
        ),
        (UNCLASSIFIED, None, "Mystery Scheme", "other"),
    ],
)
def test_asset_class(category: str, raw: str | None, name: str, expected: str) -> None:
    frame = pl.DataFrame(
        {"c": [category], "r": [raw], "n": [name]},
        schema={"c": pl.String, "r": pl.String, "n": pl.String},
    )
    got = frame.select(asset_class_expr(pl.col("c"), pl.col("r"), pl.col("n"))).item()
    assert got == expected
