"""AMC slugs and display names from AMFI's AMC lines, master company names and scheme names.

Every input string below is copied from a real source: the daily files' AMC lines
(../shared/data/amfi/daily) or the scheme master's ``AMC`` / ``Scheme_NAV_Name`` columns.
"""

from __future__ import annotations

import polars as pl
import pytest

from fundlens.schemes.amc import (
    AMC_HOUSES,
    amc_display_expr,
    amc_from_scheme_name,
    amc_id,
    amc_id_expr,
)
from tests.conftest import SCHEME_MASTER

LINES = [
    ("HDFC Mutual Fund", "hdfc", "HDFC Mutual Fund"),
    ("ABN  AMRO Mutual Fund", "abn-amro", "ABN AMRO Mutual Fund"),
    ("quant Mutual Fund", "quant", "quant Mutual Fund"),
    (
        "Aditya Birla Sun Life Mutual Fund",
        "aditya-birla-sun-life",
        "Aditya Birla Sun Life Mutual Fund",
    ),
    ("ASK MUTUAL FUND", "ask", "ASK Mutual Fund"),
    ("L&T Mutual Fund", "lt", "L&T Mutual Fund"),
    ("Quantum Mutual Fund", "quantum", "Quantum Mutual Fund"),
    ("Nippon India Mutual Fund", "nippon-india", "Nippon India Mutual Fund"),
    ("Baroda BNP Paribas Mutual Fund", "baroda-bnp-paribas", "Baroda BNP Paribas Mutual Fund"),
    ("BNP Paribas Mutual Fund", "bnp-paribas", "BNP Paribas Mutual Fund"),
    ("Helios Mutual Fund", "helios", "Helios Mutual Fund"),
    ("WhiteOak Capital Mutual Fund", "whiteoak-capital", "WhiteOak Capital Mutual Fund"),
]

MASTER = [
    ("HDFC Asset Management Company Limited", "hdfc"),
    ("Aditya Birla Sun Life AMC Limited", "aditya-birla-sun-life"),
    ("quant Money Managers Limited", "quant"),
    ("Quantum Asset Management Company Private Limited", "quantum"),
    ("Nippon Life India Asset Management Limited", "nippon-india"),
    ("SBI Funds Management Limited", "sbi"),
    ("UTI Asset Mgmt. Co. Ltd.", "uti"),
    ("Kotak Mahindra Asset Management Company Limited.", "kotak-mahindra"),
    ("Mirae Asset Investment Managers (India) Pvt. Ltd", "mirae-asset"),
    (
        "360 ONE Asset Management Limited (Formerly known as IIFL Asset Management Limited)",
        "360-one",
    ),
    ("LIC Mutual Fund Asset Management Limited", "lic"),
    ("PGIM India Asset Management Private Limite", "pgim-india"),
    ("Helios Capital Asset Management (India) Pvt. Ltd.", "helios"),
    ("Baroda BNP Paribas Asset Management India Private Limited", "baroda-bnp-paribas"),
    ("Bank of India Investment Managers Private Limited", "bank-of-india"),
    ("DSP Asset Managers Private Limited", "dsp"),
    ("Bandhan AMC Limited", "bandhan"),
    ("Mahindra Manulife Investment Management Pvt Ltd", "mahindra-manulife"),
]


@pytest.mark.parametrize(("line", "slug", "display"), LINES)
def test_amc_lines(line: str, slug: str, display: str) -> None:
    assert amc_id(line) == slug
    frame = pl.DataFrame({"t": [line]})
    assert frame.select(amc_display_expr(pl.col("t"))).item() == display


@pytest.mark.parametrize(("company", "slug"), MASTER)
def test_master_company_names(company: str, slug: str) -> None:
    assert amc_id(company) == slug


def test_master_display_names_match_the_amc_lines() -> None:
    frame = pl.DataFrame(
        {
            "t": [
                "Nippon Life India Asset Management Limited",
                "Kotak Mahindra Asset Management Company Limited.",
                "quant Money Managers Limited",
            ]
        }
    )
    assert frame.select(amc_display_expr(pl.col("t")).alias("d"))["d"].to_list() == [
        "Nippon India Mutual Fund",
        "Kotak Mahindra Mutual Fund",
        "quant Mutual Fund",
    ]


def test_renames_follow_the_current_slug() -> None:
    assert amc_id("Reliance Mutual Fund") == "nippon-india"
    assert amc_id("IDFC Mutual Fund") == "bandhan"


def test_every_master_amc_gets_a_known_house() -> None:
    companies = pl.read_csv(SCHEME_MASTER, infer_schema=False)["AMC"].unique().to_list()
    known = {h.slug for h in AMC_HOUSES}
    assert {amc_id(c) for c in companies} <= known


def test_null_and_empty() -> None:
    frame = pl.DataFrame({"t": [None, "", "Mutual Fund"]}, schema={"t": pl.String})
    assert frame.select(amc_id_expr(pl.col("t")).alias("s"))["s"].to_list() == [None, None, None]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("SBI BLUE CHIP FUND-DIRECT PLAN -GROWTH", "sbi"),
        ("quant Liquid Fund - Monthly IDCW Option - Regular Plan", "quant"),
        ("Quantum Nifty 50 ETF", "quantum"),
        ("Parag Parikh Flexi Cap Fund - Direct Plan - Growth", "ppfas"),
        ("Templeton India Equity Income Fund-Growth Plan", "franklin-templeton"),
        ("Reliance Fixed Horizon Fund- XXVI- Series 19- Dividend Payout Option", "nippon-india"),
        ("Kotka FMP Series 219-Direct Plan-Growth Option", "kotak-mahindra"),
        ("TRUSTMF BANKING & PSU FUND - REGULAR GROWTH", "trust"),
        ("BHARAT Bond ETF - April 2030", "edelweiss"),
        ("CPSE ETF", "nippon-india"),
        ("Baroda BNP Paribas Nifty Bank ETF", "baroda-bnp-paribas"),
        ("Unclaimed IDCW - Upto 3 years (Invested in DSP Overnight Fund)", None),
    ],
)
def test_amc_from_scheme_name(name: str, slug: str | None) -> None:
    frame = pl.DataFrame({"n": [name]})
    assert frame.select(amc_from_scheme_name(pl.col("n"))).item() == slug


def test_house_slugs_unique() -> None:
    slugs = [h.slug for h in AMC_HOUSES]
    assert len(slugs) == len(set(slugs))
