"""The synthetic universe: identity rules, lifetimes, pairs, calendar and determinism."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from fundlens.errors import InputError
from fundlens.sources.synthetic import Universe, generate_universe
from fundlens.sources.synthetic.naming import isin_check_digit

# Raw category labels seen in real AMFI files (shared/data/amfi, README and daily/ files),
# plus 'Other Scheme - Gold ETF', AMFI's label for gold ETFs.
REAL_LABELS = {
    "Debt Scheme - Overnight Fund", "Debt Scheme - Liquid Fund", "Debt Scheme - Money Market Fund",
    "Debt Scheme - Ultra Short Duration Fund", "Debt Scheme - Short Duration Fund",
    "Debt Scheme - Corporate Bond Fund", "Debt Scheme - Banking and PSU Fund",
    "Debt Scheme - Gilt Fund", "Debt Scheme - Dynamic Bond", "Equity Scheme - Large Cap Fund",
    "Equity Scheme - Large & Mid Cap Fund", "Equity Scheme - Mid Cap Fund",
    "Equity Scheme - Small Cap Fund", "Equity Scheme - Flexi Cap Fund",
    "Equity Scheme - Multi Cap Fund", "Equity Scheme - Focused Fund", "Equity Scheme - Value Fund",
    "Equity Scheme - ELSS", "Equity Scheme - Sectoral/ Thematic",
    "Hybrid Scheme - Aggressive Hybrid Fund",
    "Hybrid Scheme - Dynamic Asset Allocation or Balanced Advantage",
    "Hybrid Scheme - Conservative Hybrid Fund", "Hybrid Scheme - Equity Savings",
    "Hybrid Scheme - Arbitrage Fund", "Other Scheme - Index Funds", "Other Scheme - Other  ETFs",
    "Other Scheme - Gold ETF", "Other Scheme - FoF Domestic", "Income", "ELSS",
}  # fmt: skip
REAL_AMC_WORDS = ("HDFC", "SBI", "ICICI", "Axis", "Kotak", "Nippon", "Tata", "UTI", "Aditya",
                  "Mirae", "DSP", "Franklin", "Quant", "Bandhan", "Motilal")  # fmt: skip


def test_codes_names_and_amcs_follow_the_synthetic_rules(small_universe: Universe) -> None:
    s = small_universe.schemes
    assert s.height == 120
    assert s["scheme_code"].is_unique().all()
    assert s["scheme_code"].min() >= 900_000 and s["scheme_code"].max() <= 999_999
    assert s["name"].str.ends_with(" (Synthetic)").all()
    assert s["amc_name"].str.ends_with(" Mutual Fund").all()
    assert not any(w in amc for amc in s["amc_name"].unique() for w in REAL_AMC_WORDS)
    assert set(s["category_raw"].unique()) <= REAL_LABELS
    assert set(s["scheme_type"].unique()) <= {
        "Open Ended Schemes", "Close Ended Schemes", "Interval Fund Schemes"
    }  # fmt: skip


def test_names_follow_amfi_patterns(small_universe: Universe) -> None:
    s = small_universe.schemes.filter(pl.col("plan").is_not_null())
    plan_in_name = [f"{plan} Plan" in name for plan, name in zip(s["plan"], s["name"], strict=True)]
    assert all(plan_in_name)
    option_in_name = [opt in name for opt, name in zip(s["option"], s["name"], strict=True)]
    assert all(option_in_name)
    index = small_universe.schemes.filter(pl.col("vehicle") == "index")
    assert index["name"].str.contains("Index Fund").all()
    assert index["tracked_index"].is_not_null().all()


def test_isin_check_digit_matches_real_isins() -> None:
    # Real ISINs from shared/data/amfi/README.md and the 2024-07-15 file.
    assert isin_check_digit("INF209KB1Y4") == "9"
    assert isin_check_digit("INF846K013E") == "0"
    assert isin_check_digit("INF761K01EU") == "7"


def test_isins_are_isin_shaped_and_valid(small_universe: Universe) -> None:
    s = small_universe.schemes
    isins = pl.concat([s["isin_growth"], s["isin_reinvest"]]).drop_nulls().to_list()
    assert len(set(isins)) == len(isins)
    for isin in isins:
        assert len(isin) == 12 and isin.startswith("INF") and isin.isalnum()
        assert isin_check_digit(isin[:11]) == isin[11]


def test_every_direct_has_a_regular_twin_of_the_same_option(small_universe: Universe) -> None:
    s = small_universe.schemes
    by_code = {row["scheme_code"]: row for row in s.iter_rows(named=True)}
    directs = s.filter(pl.col("plan") == "Direct")
    assert directs.height > 0
    for d in directs.iter_rows(named=True):
        r = by_code[d["pair_code"]]
        assert r["plan"] == "Regular" and r["option"] == d["option"]
        assert r["family_id"] == d["family_id"] and r["pair_code"] == d["scheme_code"]
        assert d["first_date"] >= date(2013, 1, 1)
        assert d["first_date"] >= r["first_date"]
    assert s.filter(pl.col("plan") == "Regular")["first_date"].min() < date(2013, 1, 1)


def test_direct_starts_at_the_regular_nav_and_beats_it(small_universe: Universe) -> None:
    s = small_universe.schemes.with_row_index("col")
    col = dict(zip(s["scheme_code"], s["col"], strict=True))
    growth = s.filter((pl.col("plan") == "Direct") & (pl.col("option") == "Growth"))
    for d in growth.iter_rows(named=True):
        dn, rn = small_universe.nav[:, d["col"]], small_universe.nav[:, col[d["pair_code"]]]
        first = int(np.flatnonzero(~np.isnan(dn))[0])
        last = int(np.flatnonzero(~np.isnan(dn))[-1])
        assert dn[first] == pytest.approx(rn[first], abs=1e-4)
        if last - first > 365:
            assert dn[last] / dn[first] > rn[last] / rn[first]


def test_lifetimes_vary_and_match_the_panel(small_universe: Universe) -> None:
    u = small_universe
    s = u.schemes
    assert (s["first_date"] > u.start).any(), "some schemes launch late"
    assert (s["last_date"] < u.end).any(), "some schemes close early"
    dates = u.dates
    for j, row in enumerate(s.iter_rows(named=True)):
        alive = np.flatnonzero(~np.isnan(u.nav[:, j]))
        assert dates[alive[0]] == np.datetime64(row["first_date"])
        assert dates[alive[-1]] == np.datetime64(row["last_date"])


def test_launch_nav_is_10_or_1000_for_money_funds(small_universe: Universe) -> None:
    u = small_universe
    s = u.schemes.with_row_index("col").filter(
        (pl.col("first_date") > u.start) & (pl.col("plan") != "Direct")
        & pl.col("option").is_in(["Growth", "IDCW"])
    )  # fmt: skip
    assert s.height > 0
    for row in s.iter_rows(named=True):
        first = u.nav[:, row["col"]][~np.isnan(u.nav[:, row["col"]])][0]
        expected = 1000.0 if row["publishes_weekends"] else 10.0
        assert first == expected


def test_only_liquid_and_overnight_publish_on_weekends(small_universe: Universe) -> None:
    u = small_universe
    weekend = (u.dates.astype(np.int64) + 3) % 7 >= 5  # 1970-01-01 was a Thursday
    on_weekends = ~np.isnan(u.nav[weekend]).all(axis=0)
    cats = set(u.schemes.filter(pl.Series(on_weekends))["category_raw"])
    assert cats == {"Debt Scheme - Liquid Fund", "Debt Scheme - Overnight Fund"}
    money = u.schemes["publishes_weekends"].to_numpy()
    assert np.array_equal(on_weekends, money)


def test_weekday_holidays_have_only_money_fund_navs(small_universe: Universe) -> None:
    u = small_universe
    republic_day_2015 = int((np.datetime64("2015-01-26") - u.dates[0]).astype(int))  # a Monday
    published = ~np.isnan(u.nav[republic_day_2015])
    assert np.array_equal(published & ~u.schemes["publishes_weekends"].to_numpy(),
                          np.zeros_like(published))  # fmt: skip
    assert published.any()
    assert (~np.isnan(u.nav[republic_day_2015 + 1])).sum() > published.sum()


def test_same_seed_same_universe_other_seed_differs() -> None:
    a = generate_universe(n_schemes=40, start=date(2019, 1, 1), end=date(2021, 6, 30), seed=3)
    b = generate_universe(n_schemes=40, start=date(2019, 1, 1), end=date(2021, 6, 30), seed=3)
    c = generate_universe(n_schemes=40, start=date(2019, 1, 1), end=date(2021, 6, 30), seed=4)
    assert a.schemes.equals(b.schemes)
    assert np.array_equal(a.nav, b.nav, equal_nan=True)
    assert not np.array_equal(a.nav, c.nav, equal_nan=True)


def test_bad_arguments_raise_input_error() -> None:
    with pytest.raises(InputError):
        generate_universe(n_schemes=0, start=date(2020, 1, 1), end=date(2022, 1, 1), seed=1)
    with pytest.raises(InputError):
        generate_universe(n_schemes=10, start=date(2020, 1, 1), end=date(2020, 3, 1), seed=1)
