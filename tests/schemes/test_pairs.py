"""Direct ↔ Regular pairs on 14 real pairs (names from the real master) and on edge cases.

The 14 pairs were chosen by the project lead; the edge-case frames are hand-written.
"""

from __future__ import annotations

import polars as pl
import pytest

from fundlens.schemes.amc import amc_id_expr
from fundlens.schemes.classify import classify_by_name
from fundlens.schemes.pairs import base_name_expr, pair_codes
from fundlens.sources.scheme_master import read_scheme_master
from tests.conftest import SCHEME_MASTER

REAL_PAIRS = [
    (120716, 100822),
    (119063, 101525),
    (118581, 100484),
    (120684, 112957),
    (119598, 103504),
    (118825, 107578),
    (118955, 101762),
    (122639, 122640),
    (118989, 105758),
    (118778, 113177),
    (120251, 100356),
    (119091, 100868),
    (119707, 101001),
    (119788, 115676),
]


@pytest.fixture(scope="module")
def master_pairs() -> dict[int, int | None]:
    master = read_scheme_master(SCHEME_MASTER).rename({"nav_name": "name"})
    frame = classify_by_name(master).with_columns(amc_id=amc_id_expr(pl.col("amc_name")))
    return dict(pair_codes(frame).iter_rows())


@pytest.mark.parametrize(("direct", "regular"), REAL_PAIRS)
def test_real_pairs_on_the_whole_master(
    master_pairs: dict[int, int | None], direct: int, regular: int
) -> None:
    assert master_pairs[direct] == regular
    assert master_pairs[regular] == direct


def test_only_the_28_schemes_alone() -> None:
    codes = [c for pair in REAL_PAIRS for c in pair]
    master = read_scheme_master(SCHEME_MASTER).filter(pl.col("scheme_code").is_in(codes))
    frame = classify_by_name(master.rename({"nav_name": "name"})).with_columns(
        amc_id=amc_id_expr(pl.col("amc_name"))
    )
    got = dict(pair_codes(frame).iter_rows())
    assert got == {**dict(REAL_PAIRS), **{r: d for d, r in REAL_PAIRS}}


def test_base_name_ignores_plan_option_and_order() -> None:
    frame = pl.DataFrame(
        {
            "n": [
                "HDFC Flexi Cap Fund - Growth Option - Direct Plan",
                "HDFC Flexi Cap Fund - Growth Plan",
            ]
        }
    )
    out = frame.select(base_name_expr(pl.col("n")).alias("b"))["b"].to_list()
    assert out == ["cap flexi hdfc", "cap flexi hdfc"]


def _frame(rows: list[tuple[int, str, str, str | None, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        orient="row",
        schema={
            "scheme_code": pl.Int64,
            "name": pl.String,
            "amc_id": pl.String,
            "plan": pl.String,
            "option": pl.String,
            "idcw_frequency": pl.String,
        },
    )


def test_ambiguous_candidates_give_no_pair() -> None:
    frame = _frame(
        [
            (1, "X Fund - Direct Plan - Growth", "x", "direct", "growth", None),
            (2, "X Fund - Regular Plan - Growth", "x", "regular", "growth", None),
            (3, "X Fund - Regular - Growth", "x", "regular", "growth", None),
        ]
    )
    assert pair_codes(frame)["pair_code"].to_list() == [None, None, None]


def test_never_across_option_frequency_or_amc() -> None:
    frame = _frame(
        [
            (1, "X Fund - Direct Plan - Monthly IDCW", "x", "direct", "idcw", "monthly"),
            (2, "X Fund - Regular Plan - Monthly IDCW", "x", "regular", "idcw", "quarterly"),
            (3, "Y Fund - Direct Plan - Growth", "x", "direct", "growth", None),
            (4, "Y Fund - Regular Plan - IDCW", "x", "regular", "idcw", None),
            (5, "Z Fund - Direct Plan - Growth", "x", "direct", "growth", None),
            (6, "Z Fund - Regular Plan - Growth", "y", "regular", "growth", None),
        ]
    )
    assert pair_codes(frame)["pair_code"].to_list() == [None] * 6


def test_institutional_and_retail_never_paired() -> None:
    frame = _frame(
        [
            (1, "X Fund - Direct Plan - Growth", "x", "direct", "growth", None),
            (2, "X Fund - Institutional Plan - Growth", "x", "institutional", "growth", None),
            (3, "X Fund - Retail Plan - Growth", "x", "retail", "growth", None),
        ]
    )
    assert pair_codes(frame)["pair_code"].to_list() == [None, None, None]


def test_explicit_regular_preferred_over_no_plan_word() -> None:
    frame = _frame(
        [
            (1, "X Fund - Direct Plan - Growth", "x", "direct", "growth", None),
            (2, "X Fund - Regular Plan - Growth", "x", "regular", "growth", None),
            (3, "X Fund - Growth", "x", None, "growth", None),
        ]
    )
    assert pair_codes(frame)["pair_code"].to_list() == [2, 1, None]
