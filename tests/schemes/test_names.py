"""Plan, option and IDCW frequency from real scheme names (expected values read by hand).

Every name is copied from the real scheme master (Scheme_NAV_Name) or a real AMFI daily file;
``test_names_are_real`` checks that. Layout-B Plan/Option texts are from the 2026 files.
"""

from __future__ import annotations

import polars as pl
import pytest

from fundlens.schemes.names import (
    idcw_frequency_expr,
    option_expr,
    plan_expr,
    scheme_type_from_name,
    vehicle_expr,
)
from tests.conftest import SCHEME_MASTER
from tests.schemes.amfi_lines import AMFI_DAILY, read_amfi_lines

# (name, plan, option, idcw_frequency)
CASES: list[tuple[str, str | None, str | None, str | None]] = [
    ("Aditya Birla Sun Life Equity Advantage Fund - Regular Growth", "regular", "growth", None),
    (
        "Aditya Birla Sun Life Income Fund - Regular - Quarterly IDCW",
        "regular",
        "idcw",
        "quarterly",
    ),
    ("Aditya Birla Sun Life Income Fund - Growth - Regular Plan", "regular", "growth", None),
    (
        "WhiteOak Capital Liquid Fund- Direct plan-Fortnightly Payout/ Reinvestment of Income "
        "Distribution cum capital withdrawal option (IDCW)",
        "direct",
        "idcw",
        "fortnightly",
    ),
    (
        "Kotak Special Opportunities Fund - Direct Plan - IDCW Payout Option",
        "direct",
        "idcw_payout",
        None,
    ),
    ("PGIM India Arbitrage Fund - Direct Plan - Regular Dividend", "direct", "idcw", None),
    (
        "SBI Fixed Maturity Plan (FMP) - Series 42 (1857 Days) Regular Plan - Income Distribution "
        "cum Capital Withdrawal Option (IDCW)",
        "regular",
        "idcw",
        None,
    ),
    ("HSBC Banking and PSU Debt Fund - Direct Daily IDCW", "direct", "idcw", "daily"),
    (
        "Nippon India Strategic Debt Fund - Segregated Portfolio 2 - Direct Plan - Bonus Option",
        "direct",
        "bonus",
        None,
    ),
    (
        "Nippon India Low Duration Fund - Retail Plan - Growth Plan - Growth Option",
        "retail",
        "growth",
        None,
    ),
    (
        "ICICI Prudential Fixed Maturity Plan - Series 85 - 1143 Days Plan J - Cumulative Option",
        None,
        "growth",
        None,
    ),
    (
        "UTI FTIF Series XXVI-III (1169 Days)- Regular Plan - Quarterly Div Option",
        "regular",
        "idcw",
        "quarterly",
    ),
    ("Kotak Equity Opportunities Fund - IDCW-Regular", "regular", "idcw", None),
    (
        "TATA Flexi Cap Fund - Direct Plan - Payout of Income Distribution cum capital withdrawal "
        "option ",
        "direct",
        "idcw_payout",
        None,
    ),
    (
        "Kotak Gold Fund Payout of Income Distribution cum capital withdrawal option- Direct",
        "direct",
        "idcw_payout",
        None,
    ),
    ("Kotak FMP Series 193 - Regular - Dividend Payout", "regular", "idcw_payout", None),
    ("HDFC ARBITRAGE FUND - Retail IDCW Option", "retail", "idcw", None),
    (
        "Reliance Dual Advantage Fixed Tenure Fund V - Plan F- Direct Plan - Dividend Payout Option",
        "direct",
        "idcw_payout",
        None,
    ),
    (
        "Kotak Pioneer Fund- Regular Plan- Reinvestment of Income Distribution cum capital "
        "withdrawal option",
        "regular",
        "idcw_reinvest",
        None,
    ),
    (
        "Invesco India Corporate Bond Fund - Direct Plan - Discretionary IDCW (Payout / "
        "Reinvestment)",
        "direct",
        "idcw",
        None,
    ),
    (
        "Tata Liquid Fund- Direct Plan - Daily Reinvestment of IDCW Option",
        "direct",
        "idcw_reinvest",
        "daily",
    ),
    (
        "UTI Short Duration Fund - Discontinued Regular Option - Dividend Sub Option",
        "regular",
        "idcw",
        None,
    ),
    ("HSBC Corporate Bond Fund - Regular Semi Annual IDCW", "regular", "idcw", "half_yearly"),
    (
        "Groww Aggressive Hybrid Fund (formerly known as Indiabulls Equity Hybrid Fund)- Direct "
        "Plan- Monthly - Income Distribution cum capital withdrawal Option (Payout & Reinvestment)",
        "direct",
        "idcw",
        "monthly",
    ),
    ("Axis Conservative Hybrid Fund - Direct Plan - Half Yearly", "direct", "idcw", "half_yearly"),
    (
        "Sundaram Consumption Fund(Formerly Known as Sundaram Rural and Consumption Fund Regular "
        "Plan - Growth)",
        "regular",
        "growth",
        None,
    ),
    ("Kotak Silver ETF", None, None, None),
    ("HDFC Nifty 50 Index Fund - Direct Plan", "direct", None, None),
    ("Aditya Birla Sun Life Liquid Fund-Institutional (Growth)", "institutional", "growth", None),
    ("Aditya Birla Sun Life Savings Fund-Retail - Daily IDCW", "retail", "idcw", "daily"),
    ("BANDHAN Bond Fund - Medium Term Plan-Direct Plan-Bi Monthly IDCW", "direct", "idcw", None),
    (
        "Edelweiss Government Securities Fund - Direct Plan Fortnightly - IDCW Option",
        "direct",
        "idcw",
        "fortnightly",
    ),
    (
        "ICICI Prudential Regular Savings Fund - Direct Plan - Monthly IDCW",
        "direct",
        "idcw",
        "monthly",
    ),
    (
        "Aditya Birla Sun Life Regular Savings Fund - Growth / Payment - Regular Plan",
        "regular",
        "growth",
        None,
    ),
    ("Taurus Investor Education Pool - Unclaimed Redemption - Growth", "other", "growth", None),
    (
        "UTI Fixed Income Interval Fund ( Half Yearly Plan-II)- Regular Plan - Growth Option",
        "regular",
        "growth",
        None,
    ),
    (
        "ICICI Prudential Interval Fund - Annual Interval Plan I - Retail Dividend",
        "retail",
        "idcw",
        None,
    ),
    ("ABN AMRO  Monthly Income Plan-Regular Plan-Growth Option", "regular", "growth", None),
    ("Franklin India Floating Rate Fund - IDCW ", None, "idcw", None),
    ("Sahara Growth Fund-Growth", None, "growth", None),
    ("UTI-Dividend Yield Fund.-Growth-Direct", "direct", "growth", None),
    ("Templeton India Equity Income Fund-Growth Plan", None, "growth", None),
    ("PGIM India INSTA CASH FUND - Annual Bonus Option", None, "bonus", None),
    ("ICICI Prudential Growth Fund - Series 4 Dividend", None, "idcw", None),
    (
        "Motilal Oswal Balanced Advantage Fund Direct - Annual IDCW Payout/Reinvestment",
        "direct",
        "idcw",
        "annual",
    ),
    ("Navi Liquid Fund - Direct Plan Weekly IDCW - Payout", "direct", "idcw_payout", "weekly"),
    ("UTI Annual Interval Fund - I - ( Instn Growth Option )", "institutional", "growth", None),
    (
        "Franklin India Liquid Fund - Super Institutional - Direct - Growth",
        "direct",
        "growth",
        None,
    ),
]


def _classify(names: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame({"name": names})
    out = frame.with_columns(
        plan_expr(pl.col("name")).alias("plan"), option_expr(pl.col("name")).alias("option")
    )
    return out.with_columns(idcw_frequency_expr(pl.col("name"), pl.col("option")).alias("freq"))


def test_names_are_real() -> None:
    master = pl.read_csv(SCHEME_MASTER, infer_schema=False)["Scheme_NAV_Name"]
    daily = pl.concat([read_amfi_lines(p)["name"] for p in AMFI_DAILY.rglob("*.csv")])
    # the daily-file reader strips trailing blanks; the master keeps them
    known = set(master.to_list()) | set(daily.to_list())
    known |= {n.strip() for n in known}
    assert [n for n, *_ in CASES if n not in known and n.strip() not in known] == []


def test_plan_option_frequency_on_real_names() -> None:
    got = _classify([c[0] for c in CASES]).select("name", "plan", "option", "freq").rows()
    assert got == CASES


@pytest.mark.parametrize(
    ("plan_raw", "option_raw", "plan", "option", "freq"),
    [
        ("Direct Plan", "GROWTH", "direct", "growth", None),
        ("Regular Plan", "Growth Option", "regular", "growth", None),
        ("Direct Plan", "Direct Growth", "direct", "growth", None),
        (
            "Regular Plan",
            "IDCW (Income Distribution CUM Capital Withdrawal)",
            "regular",
            "idcw",
            None,
        ),
        ("Direct Plan", "IDCW Reinvestment Option", "direct", "idcw_reinvest", None),
        ("Direct Plan", "IDCW Payout Option", "direct", "idcw_payout", None),
        ("Regular Plan", "Daily Reinvestment of IDCW", "regular", "idcw_reinvest", "daily"),
        ("Direct Plan", "Weekly IDCW", "direct", "idcw", "weekly"),
        ("Regular Plan", "Bonus Option", "regular", "bonus", None),
    ],
)
def test_layout_b_texts_win(
    plan_raw: str, option_raw: str, plan: str, option: str, freq: str | None
) -> None:
    # a name that says nothing about plan or option: the texts decide
    frame = pl.DataFrame({"name": ["Some Fund"], "p": [plan_raw], "o": [option_raw]})
    out = frame.select(
        plan_expr(pl.col("name"), pl.col("p")).alias("plan"),
        option_expr(pl.col("name"), pl.col("o")).alias("option"),
    )
    out = out.with_columns(
        idcw_frequency_expr(pl.lit("Some Fund"), pl.col("option"), pl.lit(option_raw)).alias("f")
    )
    assert out.row(0) == (plan, option, freq)


def test_blank_and_unclaimed_texts_fall_back_to_the_name() -> None:
    # 149471 on 2026-10-10: Plan blank, Option "Unclaimed Redemption/IDCW beyond 3 years"
    name = "Mahindra Manulife Overnight Fund - Unclaimed Redemption/IDCW beyond 3 years"
    frame = pl.DataFrame(
        {
            "name": [name, "Quant Fund - Direct Growth"],
            "p": ["", None],
            "o": ["Unclaimed Redemption/IDCW beyond 3 years", "  "],
        }
    )
    out = frame.select(
        plan_expr(pl.col("name"), pl.col("p")).alias("p"),
        option_expr(pl.col("name"), pl.col("o")).alias("o"),
    )
    assert out.rows() == [("other", "idcw"), ("direct", "growth")]


@pytest.mark.parametrize(
    ("name", "vehicle"),
    [
        ("UTI Nifty 50 Index Fund - Regular Plan - Growth Option", "index"),
        ("NAVI NIFTY 500 MULTICAP 50-25-25 REGULAR PLAN", "index"),
        ("Nippon India ETF Nifty 50 BeES", "etf"),
        ("Tata Gold Exchange Traded Fund", "etf"),
        ("Motilal Oswal Nasdaq 100 Fund of Fund- Regular Plan Growth", "fof"),
        ("SBI GOLD FUND REGULAR PLAN - GROWTH", "fof"),
        ("Franklin India Feeder - Templeton European Opportunities Fund - IDCW", "fof"),
        ("Edelweiss US Value Equity Offshore Fund - Regular Plan - Growth Option", "fof"),
        ("BANDHAN Asset Allocation Fund - Regular Plan - Moderate Plan - IDCW", "fof"),
        ("Quantum Multi Asset Allocation Fund - Direct Plan Growth Option", "active"),
        ("Parag Parikh Flexi Cap Fund - Direct Plan - Growth", "active"),
        ("Quantum Liquid Fund - Unclaimed Redemption Plan Below 3 years", "active"),
    ],
)
def test_vehicle(name: str, vehicle: str) -> None:
    assert pl.DataFrame({"n": [name]}).select(vehicle_expr(pl.col("n"))).item() == vehicle


@pytest.mark.parametrize(
    ("name", "scheme_type"),
    [
        ("Kotak FMP Series 193 - Regular - Dividend Payout", "close_ended"),
        ("HDFC FMP 1876D March 2022 - IDCW Option", "close_ended"),
        ("Nippon India Fixed Horizon Fund XXXIX- Series 11- Growth Option", "close_ended"),
        (
            "UTI Capital Protection Oriented Scheme - Series IX-I (1467 Days) - Regular Plan - IDCW",
            "close_ended",
        ),
        ("UTI FIIF Quarterly Interval Plan III - Regular Plan - IDCW", "interval"),
        ("Reliance Yearly Interval Fund - Series 7- Growth Option", "interval"),
        ("Parag Parikh Flexi Cap Fund - Direct Plan - Growth", None),
    ],
)
def test_scheme_type_from_name(name: str, scheme_type: str | None) -> None:
    frame = pl.DataFrame({"n": [name]})
    assert frame.select(scheme_type_from_name(pl.col("n"))).item() == scheme_type
