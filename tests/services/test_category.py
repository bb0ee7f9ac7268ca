"""Category statistics on the demo store: ranks against pandas' average rank computed
independently from the universe run, values against ``fundlens metrics`` (the same engine),
the peer rule on the demo's closed, young and IDCW schemes, leaders, and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pytest

from fundlens.cli import main
from fundlens.cli._common import SYNTHETIC_BANNER
from fundlens.errors import InputError
from fundlens.services.category import CategoryStats, category_leaders, category_stats, peer_rank
from fundlens.services.report import metrics_report
from fundlens.services.universe import universe_metrics
from fundlens.store.snapshots import reader

RF = 0.065
#: Demo schemes: Large Cap regular growth and its IDCW twin; a Mid Cap direct growth
#: closed on 2023-01-20; a Liquid direct growth launched on 2024-04-22.
GROWTH, IDCW, CLOSED, YOUNG = 900010, 900011, 901497, 901925
KEYS = {  # key → ascending (lower is better)
    "return_3y": False,
    "return_1y": False,
    "volatility_3y": True,
    "max_drawdown_1y": False,
    "sharpe_1y": False,
    "tracking_error_3y": True,
    "rolling_3y_beat_benchmark": False,
}
DAYS = {"1y": 365, "3y": 1095}


@pytest.fixture(scope="module")
def con(demo_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = reader(demo_store)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def stats(con: duckdb.DuckDBPyConnection) -> CategoryStats:
    return category_stats(con, rf=RF)


def _pandas_peers(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Every scheme's full set from one universe run over the whole store, with the
    scheme columns read from ``schemes`` (not through the code under test)."""
    values = universe_metrics(con, rf=RF, end_date=as_of).values.to_pandas()
    schemes = con.sql(
        "SELECT scheme_code, sebi_category, plan, option, first_nav_date, last_nav_date "
        "FROM schemes"
    ).df()
    df = values.merge(schemes, on="scheme_code")
    last = pd.to_datetime(df["last_nav_date"]).clip(upper=pd.Timestamp(as_of))
    df["gap"] = (pd.Timestamp(as_of) - last).dt.days
    df["history"] = (last - pd.to_datetime(df["first_nav_date"])).dt.days
    df["plan"] = df["plan"].fillna("(none)")
    return df


def _ranked_in_pandas(df: pd.DataFrame, key: str, ascending: bool) -> pd.DataFrame:
    window = key.rsplit("_", 1)[-1] if not key.startswith("rolling_") else key.split("_")[1]
    peers = df[
        df.sebi_category.notna()
        & ~df.sebi_category.isin(["legacy", "unclassified"])
        & ~df.option.isin(["idcw", "idcw_payout", "idcw_reinvest", "bonus"])
        & (df.gap <= 7)
        & (df.history >= DAYS[window])
        & df[key].notna()
    ].copy()
    groups = peers.groupby(["sebi_category", "plan"])[key]
    peers["rank"] = groups.rank(method="average", ascending=ascending)
    peers["median"] = groups.transform("median")
    peers["n"] = groups.transform("size")
    return peers.set_index("scheme_code").sort_index()


def _ours(stats: CategoryStats, key: str) -> pd.DataFrame:
    return (
        stats.ranks.filter(pl.col("key") == key).to_pandas().set_index("scheme_code").sort_index()
    )


def test_ranks_agree_with_pandas_average_rank(
    con: duckdb.DuckDBPyConnection, stats: CategoryStats
) -> None:
    df = _pandas_peers(con, stats.as_of)
    for key, ascending in KEYS.items():
        ref = _ranked_in_pandas(df, key, ascending)
        got = _ours(stats, key)
        assert list(got.index) == list(ref.index), key
        assert got["rank"].tolist() == ref["rank"].tolist(), key
        assert got["value"].tolist() == pytest.approx(ref[key].tolist(), rel=1e-12)
        assert got["category_median"].tolist() == pytest.approx(ref["median"].tolist(), rel=1e-12)
        assert got["peer_count"].tolist() == ref["n"].tolist()
    assert stats.synthetic and stats.as_of == dt.date(2026, 10, 30)


def test_closed_young_and_idcw_schemes(stats: CategoryStats) -> None:
    ranked = set(stats.ranks["scheme_code"])
    assert CLOSED not in ranked and IDCW not in ranked and GROWTH in ranked
    why = dict(stats.schemes.select("scheme_code", "excluded").iter_rows())
    assert why[CLOSED] == "no NAV in the 7 days to 2026-10-30 (last 2023-01-20)"
    assert why[IDCW] == "idcw option: price returns, left out of category ranks"
    young = stats.ranks.filter(pl.col("scheme_code") == YOUNG)
    assert "return_1y" in set(young["key"]) and "return_3y" not in set(young["key"])


def test_peer_rank_equals_the_stats_and_the_metrics_report(
    con: duckdb.DuckDBPyConnection, stats: CategoryStats
) -> None:
    report = peer_rank(con, GROWTH, rf=RF)
    metrics = metrics_report(con, GROWTH, rf=RF)["metrics"]
    mine = {
        r["key"]: r
        for r in stats.ranks.filter(pl.col("scheme_code") == GROWTH).iter_rows(named=True)
    }
    for key, entry in report["metrics"].items():
        assert entry["value"] == pytest.approx(metrics[key], rel=1e-12), key
        if key in mine:
            for field in ("rank", "percentile", "quartile", "peer_count"):
                assert entry[field] == mine[key][field], (key, field)
            assert entry["category_median"] == pytest.approx(mine[key]["category_median"])
    assert report["metrics"]["beta_3y"]["rank"] is None
    assert report["reasons"]["beta_3y"] == "beta has no better direction: not ranked"
    assert report["excluded"] is None and report["synthetic"] is True
    # calendar years: the same returns as `fundlens metrics --benchmark none`, ranked as
    # the store-wide calendar-year table ranks them
    plain = metrics_report(con, GROWTH, benchmark=None, rf=RF)["calendar_year_returns"]
    years = report["calendar_years"]
    assert set(years) == set(plain)
    for year, entry in years.items():
        assert entry["return"] == pytest.approx(plain[year], rel=1e-12)
    table = stats.calendar_years.filter(pl.col("scheme_code") == GROWTH)
    for row in table.iter_rows(named=True):
        entry = years[str(row["year"])]
        assert (entry["rank"], entry["quartile"], entry["peer_count"]) == (
            row["rank"],
            row["quartile"],
            row["peer_count"],
        )


def test_idcw_fund_gets_its_group_but_no_rank(con: duckdb.DuckDBPyConnection) -> None:
    growth, idcw = peer_rank(con, GROWTH, rf=RF), peer_rank(con, IDCW, rf=RF)
    assert idcw["excluded"] == "idcw option: price returns, left out of category ranks"
    for key, entry in idcw["metrics"].items():
        assert entry["rank"] is None and entry["quartile"] is None
        assert entry["peer_count"] == growth["metrics"][key]["peer_count"]
        assert idcw["reasons"][key] == idcw["excluded"]
    assert all(y["rank"] is None for y in idcw["calendar_years"].values())
    assert idcw["calendar_years"]  # its own returns are still shown


def test_point_in_time_closed_fund_was_ranked_before_it_closed(
    con: duckdb.DuckDBPyConnection,
) -> None:
    now = peer_rank(con, CLOSED, rf=RF)
    assert now["excluded"] == "no NAV in the 7 days to 2026-10-30 (last 2023-01-20)"
    assert now["metrics"]["return_1y"]["rank"] is None
    then = dt.date(2022, 12, 30)
    before = peer_rank(con, CLOSED, as_of=then, rf=RF)
    assert before["excluded"] is None and before["as_of"] == "2022-12-30"
    assert before["metrics"]["return_1y"]["rank"] is not None
    ref = metrics_report(con, CLOSED, end_date=then, rf=RF)["metrics"]
    for key in ("return_1y", "sharpe_3y", "max_drawdown_3y", "alpha_3y"):
        assert before["metrics"][key]["value"] == pytest.approx(ref[key], rel=1e-12)
    # calendar years: 2022 is complete only once a NAV after 31 Dec 2022 exists; closed in
    # January 2023, the fund still counts in 2022's group seen from today
    assert "2022" not in before["calendar_years"] and "2021" in before["calendar_years"]
    assert now["calendar_years"]["2022"]["rank"] is not None
    assert "2023" not in now["calendar_years"]


def test_young_fund_ranked_over_1y_not_3y(con: duckdb.DuckDBPyConnection) -> None:
    report = peer_rank(con, YOUNG, rf=RF)
    assert report["metrics"]["return_1y"]["rank"] is not None
    assert report["metrics"]["return_3y"]["value"] is None
    assert report["reasons"]["return_3y"] == "history 921 d < window 1095 d"


def test_leaders(con: duckdb.DuckDBPyConnection, stats: CategoryStats) -> None:
    top = category_leaders(con, "flexi-cap", metric="return", window="3y", limit=3, rf=RF)
    assert top["key"] == "return_3y" and top["plan"] == "direct" and top["better"] == "higher"
    ref = _ours(stats, "return_3y").query("sebi_category == 'Flexi Cap' and plan == 'direct'")
    best = ref.sort_values("value", ascending=False).head(3)
    assert [f["scheme_code"] for f in top["funds"]] == list(best.index)
    assert [f["rank"] for f in top["funds"]] == [1.0, 2.0, 3.0]
    low = category_leaders(con, "Flexi Cap", metric="volatility", window="1y", plan="regular")
    values = [f["value"] for f in low["funds"]]
    assert values == sorted(values)  # lower is better: the calmest first
    with pytest.raises(InputError, match="beta has no better direction"):
        category_leaders(con, "flexi-cap", metric="beta", window="3y")
    with pytest.raises(InputError, match="unknown category"):
        category_leaders(con, "flexy-cap", metric="return", window="3y")
    with pytest.raises(InputError, match="unknown plan"):
        category_leaders(con, "flexi-cap", metric="return", window="3y", plan="dirct")
    with pytest.raises(InputError, match="before the store's first NAV"):
        category_stats(con, as_of=dt.date(2000, 1, 1))


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Any:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_cli(demo_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(demo_store), "--rf", str(RF)]
    body = _json(capsys, ["category", "stats", "mid-cap", "--plan", "direct", *db, "--json"])
    assert body["category"] == "Mid Cap" and body["synthetic"] is True
    assert {r["key"] for r in body["summary"]} >= {"return_3y", "sharpe_3y", "beta_3y"}
    body = _json(
        capsys,
        ["category", "stats", "Mid Cap", "--metric", "sharpe", "--window", "3y", *db, "--json"],
    )
    assert body["key"] == "sharpe_3y" and body["funds"][0]["rank"] == 1.0
    body = _json(capsys, ["category", "leaders", "flexi-cap", "--limit", "2", *db, "--json"])
    assert len(body["funds"]) == 2
    body = _json(capsys, ["category", "rank", str(GROWTH), *db, "--json"])
    assert body["scheme_code"] == GROWTH and body["metrics"]["return_3y"]["rank"] is not None
    capsys.readouterr()
    assert main(["category", "rank", str(GROWTH), *db]) == 0
    captured = capsys.readouterr()
    assert SYNTHETIC_BANNER in captured.err and "return_3y" in captured.out
    assert main(["category", "leaders", "flexi-cap", "--metric", "beta", *db]) == 1
    assert "no better direction" in capsys.readouterr().err
    # `fundlens metrics CODE` is untouched by the new commands
    assert _json(capsys, ["metrics", str(GROWTH), *db, "--json"])["scheme_code"] == GROWTH
