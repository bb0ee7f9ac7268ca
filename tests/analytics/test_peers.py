"""Peer ranks on hand-made frames: the peer rule, ties, direction, percentile and quartile
edges (every expected number written out by hand), and pandas' average rank on a random
frame."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pytest

from fundlens.analytics import peers
from fundlens.analytics.keys import all_keys
from fundlens.errors import InputError

AS_OF = dt.date(2024, 6, 28)


def _frame(values: dict[str, list[float | None]], **cols: list[Any]) -> pl.DataFrame:
    """n alive growth Mid Cap direct schemes with 2000 days of history, unless overridden."""
    n = len(next(iter(values.values())))
    base: dict[str, list[Any]] = {
        "scheme_code": list(range(1, n + 1)),
        "sebi_category": ["Mid Cap"] * n,
        "plan": ["direct"] * n,
        "option": ["growth"] * n,
        "last_nav_date": [AS_OF] * n,
        "history_days": [2000] * n,
    }
    base.update(cols)
    return pl.DataFrame({**base, **values}, schema_overrides=dict.fromkeys(values, pl.Float64))


def _by_code(stats: pl.DataFrame, column: str) -> dict[int, Any]:
    return dict(zip(stats["scheme_code"].to_list(), stats[column].to_list(), strict=True))


def test_ties_share_the_average_rank() -> None:
    # 9, 7, 7, 5 (higher better): ranks 1, (2+3)/2, (2+3)/2, 4; n = 4
    # p = (4 − r)/3: 1, 0.5, 0.5, 0; quartiles 1, 2 (0.5 ≥ 0.5), 2, 4; median (7+7)/2 = 7
    s = peers.peer_stats(
        _frame({"sharpe_3y": [0.9, 0.7, 0.7, 0.5]}), as_of=AS_OF, keys=("sharpe_3y",)
    )
    assert _by_code(s, "rank") == {1: 1.0, 2: 2.5, 3: 2.5, 4: 4.0}
    assert _by_code(s, "percentile") == {1: 1.0, 2: 0.5, 3: 0.5, 4: 0.0}
    assert _by_code(s, "quartile") == {1: 1, 2: 2, 3: 2, 4: 4}
    assert set(s["category_median"]) == {0.7} and set(s["peer_count"]) == {4}
    # three-way tie at the top of 4: ranks (1+2+3)/3 = 2, p = (4 − 2)/3 = 2/3 → quartile 2
    s = peers.peer_stats(
        _frame({"return_1y": [0.1, 0.1, 0.1, 0.0]}), as_of=AS_OF, keys=("return_1y",)
    )
    assert _by_code(s, "rank") == {1: 2.0, 2: 2.0, 3: 2.0, 4: 4.0}
    assert _by_code(s, "percentile")[1] == pytest.approx(2 / 3)
    assert _by_code(s, "quartile") == {1: 2, 2: 2, 3: 2, 4: 4}


def test_percentile_and_quartile_boundaries() -> None:
    # n = 5, no ties: p = (5 − r)/4 = 1, 0.75, 0.5, 0.25, 0 → quartiles 1, 1, 2, 3, 4
    s = peers.peer_stats(
        _frame({"return_3y": [0.5, 0.4, 0.3, 0.2, 0.1]}), as_of=AS_OF, keys=("return_3y",)
    )
    assert _by_code(s, "percentile") == {1: 1.0, 2: 0.75, 3: 0.5, 4: 0.25, 5: 0.0}
    assert _by_code(s, "quartile") == {1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
    # n = 9: p = (9 − r)/8; r = 3 → 0.75 (Q1), r = 4 → 0.625 (Q2), r = 5 → 0.5 (Q2),
    # r = 6 → 0.375 (Q3), r = 7 → 0.25 (Q3), r = 8 → 0.125 (Q4)
    nine = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
    s = peers.peer_stats(_frame({"return_3y": nine}), as_of=AS_OF, keys=("return_3y",))
    assert list(s.sort("rank")["quartile"]) == [1, 1, 1, 2, 2, 3, 3, 4, 4]
    assert s.sort("rank")["percentile"][3] == 0.625
    # n = 2: 1 and 0 → Q1 and Q4; n = 1: rank 1, no percentile or quartile (no other peer)
    s = peers.peer_stats(_frame({"return_3y": [0.2, 0.1]}), as_of=AS_OF, keys=("return_3y",))
    assert _by_code(s, "percentile") == {1: 1.0, 2: 0.0}
    assert _by_code(s, "quartile") == {1: 1, 2: 4}
    s = peers.peer_stats(_frame({"return_3y": [0.2]}), as_of=AS_OF, keys=("return_3y",))
    assert (s["rank"][0], s["percentile"][0], s["quartile"][0], s["peer_count"][0]) == (
        1.0,
        None,
        None,
        1,
    )


def test_direction_per_metric() -> None:
    frame = _frame(
        {
            "volatility_3y": [0.10, 0.20, 0.15],  # lower is better: 1, 3, 2
            "max_drawdown_3y": [-0.30, -0.10, -0.20],  # negative, higher is better: 3, 1, 2
            "tracking_error_1y": [0.02, 0.01, 0.03],  # lower: 2, 1, 3
            "down_capture_3y": [0.9, 1.1, 1.0],  # lower: 1, 3, 2
            "up_capture_3y": [0.9, 1.1, 1.0],  # higher: 3, 1, 2
            "alpha_3y": [0.01, -0.02, 0.03],  # higher: 2, 3, 1
            "var_95": [-0.02, -0.01, -0.03],  # negative, higher is better: 2, 1, 3
            "beta_3y": [0.8, 1.2, 1.0],  # no direction: no rank, a median
        }
    )
    keys = tuple(k for k in frame.columns if k in set(all_keys()))
    s = peers.peer_stats(frame, as_of=AS_OF, keys=keys)
    ranks = {k: [s.filter(pl.col("key") == k).sort("scheme_code")["rank"].to_list()] for k in keys}
    assert ranks["volatility_3y"] == [[1.0, 3.0, 2.0]]
    assert ranks["max_drawdown_3y"] == [[3.0, 1.0, 2.0]]
    assert ranks["tracking_error_1y"] == [[2.0, 1.0, 3.0]]
    assert ranks["down_capture_3y"] == [[1.0, 3.0, 2.0]]
    assert ranks["up_capture_3y"] == [[3.0, 1.0, 2.0]]
    assert ranks["alpha_3y"] == [[2.0, 3.0, 1.0]]
    assert ranks["var_95"] == [[2.0, 1.0, 3.0]]
    beta = s.filter(pl.col("key") == "beta_3y")
    assert beta["rank"].null_count() == 3 and beta["quartile"].null_count() == 3
    assert set(beta["category_median"]) == {1.0} and set(beta["peer_count"]) == {3}
    assert set(beta["better"].to_list()) == {None}
    assert peers.better("beta_3y") is None and peers.better("max_drawdown_1y") == "higher"
    assert peers.better("cvar_95") == "higher" and peers.better("downside_deviation_5y") == "lower"
    assert (
        peers.better("capture_ratio_3y") == "higher"
        and peers.better("information_ratio_1y") == "higher"
    )
    assert (
        peers.better("rolling_3y_std") == "lower"
        and peers.better("rolling_1y_beat_benchmark") == "higher"
    )


def test_dead_scheme_is_excluded_and_seven_days_is_alive() -> None:
    last = [AS_OF, AS_OF - dt.timedelta(days=7), AS_OF - dt.timedelta(days=8)]
    frame = _frame({"return_1y": [0.1, 0.2, 0.3]}, last_nav_date=last)
    s = peers.peer_stats(frame, as_of=AS_OF, keys=("return_1y",))
    # scheme 3 (last NAV 8 days before as_of) is out although it would rank first
    assert _by_code(s, "rank") == {1: 2.0, 2: 1.0}
    assert set(s["peer_count"]) == {2}
    why = _by_code(peers.exclusion(frame, as_of=AS_OF), "excluded")
    assert why[1] is None and why[2] is None
    assert why[3] == "no NAV in the 7 days to 2024-06-28 (last 2024-06-20)"


def test_young_scheme_out_of_3y_but_in_1y() -> None:
    # scheme 3 has 400 days of history: in the 1y group (400 ≥ 365), not the 3y (< 1095);
    # a 3y value given on purpose shows the history rule, not a null, keeps it out
    frame = _frame(
        {"return_1y": [0.10, 0.20, 0.30], "return_3y": [0.10, 0.20, 0.30]},
        history_days=[2000, 1095, 400],
    )
    s = peers.peer_stats(frame, as_of=AS_OF, keys=("return_1y", "return_3y"))
    one = s.filter(pl.col("key") == "return_1y")
    three = s.filter(pl.col("key") == "return_3y")
    assert _by_code(one, "rank") == {1: 3.0, 2: 2.0, 3: 1.0}
    assert _by_code(three, "rank") == {1: 2.0, 2: 1.0}  # 1095 days is enough for 3y
    assert set(three["peer_count"]) == {2}
    assert three["category_median"].to_list() == pytest.approx([0.15, 0.15])


def test_idcw_options_and_non_categories_are_excluded() -> None:
    frame = _frame(
        {"return_1y": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]},
        option=["growth", None, "idcw_payout", "idcw_reinvest", "bonus", "growth", "growth"],
        sebi_category=["Mid Cap"] * 5 + ["legacy", "unclassified"],
    )
    s = peers.peer_stats(frame, as_of=AS_OF, keys=("return_1y",))
    # the growth scheme and the one of unknown option (growth is the default)
    assert _by_code(s, "rank") == {1: 2.0, 2: 1.0}
    why = _by_code(peers.exclusion(frame, as_of=AS_OF), "excluded")
    assert why[3] == "idcw_payout option: price returns, left out of category ranks"
    assert why[5] == "bonus option: price returns, left out of category ranks"
    assert why[6] == "category legacy is not a peer group"


def test_groups_are_category_and_plan_with_null_plan_its_own() -> None:
    frame = _frame(
        {"return_1y": [0.1, 0.2, 0.3, 0.4, 0.5]},
        plan=["direct", "direct", "regular", None, None],
    )
    s = peers.peer_stats(frame, as_of=AS_OF, keys=("return_1y",))
    assert _by_code(s, "rank") == {1: 2.0, 2: 1.0, 3: 1.0, 4: 2.0, 5: 1.0}
    assert _by_code(s, "peer_count") == {1: 2, 2: 2, 3: 1, 4: 2, 5: 2}


def test_category_summary_against_pandas() -> None:
    values = [0.12, 0.08, 0.15, 0.10, 0.09, 0.11]
    frame = _frame({"volatility_3y": values, "return_3y": values})
    s = peers.peer_stats(frame, as_of=AS_OF, keys=("volatility_3y", "return_3y"))
    summary = {r["key"]: r for r in peers.category_summary(s).iter_rows(named=True)}
    ref = pd.Series(values)
    for key in ("volatility_3y", "return_3y"):
        row = summary[key]
        assert row["peer_count"] == 6
        assert row["median"] == pytest.approx(ref.median())
        assert row["p25"] == pytest.approx(ref.quantile(0.25))
        assert row["p75"] == pytest.approx(ref.quantile(0.75))
    assert (summary["volatility_3y"]["best"], summary["volatility_3y"]["worst"]) == (0.08, 0.15)
    assert (summary["return_3y"]["best"], summary["return_3y"]["worst"]) == (0.15, 0.08)


def test_ranks_agree_with_pandas_on_a_random_frame() -> None:
    rng = np.random.default_rng(6)
    n = 400
    frame = _frame(
        {
            # rounded so that ties happen
            "sharpe_3y": list(np.round(rng.normal(0.5, 0.3, n), 1)),
            "volatility_1y": list(np.round(rng.uniform(0.05, 0.3, n), 2)),
        },
        scheme_code=list(range(n)),
        sebi_category=list(rng.choice(["Mid Cap", "Small Cap", "Flexi Cap"], n)),
        plan=list(rng.choice(["direct", "regular"], n)),
    )
    s = peers.peer_stats(frame, as_of=AS_OF, keys=("sharpe_3y", "volatility_1y"))
    df = frame.to_pandas()
    for key, ascending in (("sharpe_3y", False), ("volatility_1y", True)):
        ref = df.groupby(["sebi_category", "plan"])[key].rank(method="average", ascending=ascending)
        got = s.filter(pl.col("key") == key).sort("scheme_code")
        assert got["rank"].to_list() == ref.to_list()
        # percentile = share of the other peers beaten, a tie counting half (by counting)
        sign = 1 if not ascending else -1
        score = df[key] * sign
        group = df.groupby(["sebi_category", "plan"])[key].transform("size")
        beaten = [
            ((score[same] < score[i]).sum() + ((score[same] == score[i]).sum() - 1) / 2)
            / (group[i] - 1)
            for i in range(n)
            for same in [(df.sebi_category == df.sebi_category[i]) & (df.plan == df.plan[i])]
        ]
        assert got["percentile"].to_list() == pytest.approx(beaten)


def test_calendar_year_quartiles_point_in_time() -> None:
    # 2015: schemes 1–4 alive at 31 Dec (3 closed in 2016: it still counts for 2015);
    # scheme 4's last 2015 NAV is 20 Dec (11 days before 31 Dec): out for 2015;
    # scheme 5 is IDCW: never ranked
    rows = pl.DataFrame(
        {
            "scheme_code": [1, 2, 3, 4, 5, 1, 2],
            "sebi_category": ["Mid Cap"] * 7,
            "plan": ["direct"] * 7,
            "option": ["growth"] * 4 + ["idcw"] + ["growth"] * 2,
            "year": [2015] * 5 + [2016] * 2,
            "value": [0.05, 0.10, 0.20, 0.30, 0.40, -0.02, 0.04],
            "year_last_nav": [dt.date(2015, 12, 31)] * 3
            + [dt.date(2015, 12, 20), dt.date(2015, 12, 31)]
            + [dt.date(2016, 12, 30)] * 2,
        }
    )
    q = peers.calendar_year_quartiles(rows)
    y15 = q.filter(pl.col("year") == 2015)
    assert _by_code(y15, "rank") == {1: 3.0, 2: 2.0, 3: 1.0}
    assert _by_code(y15, "quartile") == {1: 4, 2: 2, 3: 1}  # p = 0, 0.5, 1
    assert set(y15["category_median"]) == {0.10}
    y16 = q.filter(pl.col("year") == 2016)
    assert _by_code(y16, "rank") == {1: 2.0, 2: 1.0}


def test_keys_split_and_join_for_every_key() -> None:
    for key in all_keys():
        metric, window = peers.split_key(key)
        assert peers.metric_key(metric, window) == key
        assert metric in peers.BETTER, key
    assert peers.split_key("rolling_5y_above_10") == ("rolling_above_10", "5y")
    assert peers.split_key("up_capture_monthly_1y") == ("up_capture_monthly", "1y")
    assert peers.split_key("return_si") == ("return", "si")
    assert peers.split_key("var_95") == ("var_95", "si")
    assert "cagr" not in peers.peer_keys() and "return_10y" in peers.peer_keys()
    assert "var_95" in peers.peer_keys(windows=("si",))
    with pytest.raises(InputError, match="no metric 'cagr' over window '3y'"):
        peers.metric_key("cagr", "3y")
    with pytest.raises(InputError, match="unknown metric key"):
        peers.split_key("sharpe_2y")


def test_missing_columns_are_refused() -> None:
    frame = _frame({"return_1y": [0.1]}).drop("history_days")
    with pytest.raises(InputError, match="history_days"):
        peers.peer_stats(frame, as_of=AS_OF, keys=("return_1y",))
