"""Precomputed fund_metrics on the demo store: idempotent refreshes, history kept per
``as_of``, values equal to ``fundlens metrics`` (the same engine), category ranks equal to
pandas' average rank, reads that tolerate an older store, and the update hook."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from fundlens.analytics import peers
from fundlens.cli import main
from fundlens.cli._common import SYNTHETIC_BANNER
from fundlens.services import fund_metrics as fm
from fundlens.services.category import category_stats
from fundlens.services.report import metrics_report
from fundlens.settings import get_settings
from fundlens.store.schema import TABLES
from fundlens.store.snapshots import current_snapshot, reader

RF = 0.065
LAST = dt.date(2026, 10, 30)
EARLIER = dt.date(2022, 12, 30)
#: Large Cap regular growth, its IDCW twin, a Mid Cap direct growth closed on 2023-01-20,
#: a Liquid direct growth launched on 2024-04-22, and an index fund (a benchmark).
GROWTH, IDCW, CLOSED, YOUNG, INDEX = 900010, 900011, 901497, 901925, 900021


@dataclass(frozen=True)
class Refreshed:
    db: Path
    first: fm.RefreshSummary
    again: fm.RefreshSummary
    earlier: fm.RefreshSummary
    rows_first: pl.DataFrame
    rows_again: pl.DataFrame
    rows_earlier: pl.DataFrame


def _rows(db: Path, as_of: dt.date) -> pl.DataFrame:
    con = reader(db)
    try:
        return fm.read_fund_metrics(con, as_of=as_of)
    finally:
        con.close()


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refreshed]:
    """The demo store, refreshed at its last date, again at that date, then at an earlier
    date (a backfill: the later rows must stay)."""
    home = tmp_path_factory.mktemp("fund_metrics")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDLENS_HOME", str(home / "home"))
        mp.setenv("FUNDLENS_OFFLINE", "1")
        get_settings.cache_clear()
        db = home / "demo.duckdb"
        assert main(["init", "--demo", "--db", str(db)]) == 0
        first = fm.refresh_fund_metrics(db, rf=RF)
        rows_first = _rows(db, LAST)
        again = fm.refresh_fund_metrics(db, rf=RF)
        rows_again = _rows(db, LAST)
        earlier = fm.refresh_fund_metrics(db, rf=RF, as_of=EARLIER)
        rows_earlier = _rows(db, EARLIER)
    get_settings.cache_clear()
    yield Refreshed(db, first, again, earlier, rows_first, rows_again, rows_earlier)


@pytest.fixture(scope="module")
def con(refreshed: Refreshed) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = reader(refreshed.db)
    yield connection
    connection.close()


def test_table_columns_match_the_schema(con: duckdb.DuckDBPyConnection) -> None:
    ddl = [line.split()[0] for line in TABLES["fund_metrics"].strip().splitlines()]
    assert ddl == list(fm.COLUMNS)
    assert [r[0] for r in con.execute("DESCRIBE fund_metrics").fetchall()] == ddl
    # seed 002 §7's fields under the contract's key names
    assert set(fm.FUND_METRICS_KEYS) <= set(ddl)


def test_refresh_twice_gives_identical_rows(refreshed: Refreshed) -> None:
    first, again = refreshed.first, refreshed.again
    assert (first.as_of, again.as_of) == (LAST, LAST)
    assert first.replaced == 0 and again.replaced == first.rows == again.rows
    assert_frame_equal(
        refreshed.rows_first.drop("computed_at"), refreshed.rows_again.drop("computed_at")
    )
    assert refreshed.rows_again["computed_at"][0] > refreshed.rows_first["computed_at"][0]


def test_an_earlier_as_of_keeps_the_later_rows(
    refreshed: Refreshed, con: duckdb.DuckDBPyConnection
) -> None:
    assert fm.as_of_dates(con) == [EARLIER, LAST]
    assert_frame_equal(fm.read_fund_metrics(con), refreshed.rows_again)
    assert_frame_equal(fm.read_fund_metrics(con, as_of=EARLIER), refreshed.rows_earlier)
    # as known on a day between the two refreshes: the earlier one
    between = fm.read_fund_metrics(con, as_of=dt.date(2026, 1, 1))
    assert set(between["as_of"]) == {EARLIER}
    assert fm.read_fund_metrics(con, as_of=dt.date(2020, 1, 1)).height == 0
    picked = fm.read_fund_metrics(con, codes=[GROWTH, IDCW])
    assert picked["scheme_code"].to_list() == [GROWTH, IDCW]


def test_rows_are_the_live_schemes(refreshed: Refreshed) -> None:
    rows = refreshed.rows_first
    codes = set(rows["scheme_code"])
    assert CLOSED not in codes and {GROWTH, IDCW, YOUNG} <= codes
    assert (rows["as_of"] == LAST).all()
    gap = (pl.lit(LAST) - pl.col("last_nav_date")).dt.total_days()
    assert rows.select(gap.max()).item() <= 7
    # the closed fund was alive (and is stored) at the earlier date
    assert CLOSED in set(refreshed.rows_earlier["scheme_code"])
    idcw = rows.filter(pl.col("scheme_code") == IDCW).row(0, named=True)
    assert idcw["price_return_only"] is True and idcw["category_rank"] is None
    young = rows.filter(pl.col("scheme_code") == YOUNG).row(0, named=True)
    assert young["return_3y"] is None and young["category_rank"] is None
    assert young["return_1y"] is not None and young["history_days"] == 921


@pytest.mark.parametrize("as_of", [LAST, EARLIER], ids=["last", "earlier"])
def test_values_equal_the_metrics_report(
    refreshed: Refreshed, con: duckdb.DuckDBPyConnection, as_of: dt.date
) -> None:
    rows = refreshed.rows_first if as_of == LAST else refreshed.rows_earlier
    codes = (GROWTH, IDCW, INDEX) + ((CLOSED,) if as_of == EARLIER else (YOUNG, 901719))
    for code in codes:
        row = rows.filter(pl.col("scheme_code") == code).row(0, named=True)
        report = metrics_report(con, code, end_date=as_of, rf=RF)
        for key in fm.FUND_METRICS_KEYS:
            want = report["metrics"][key]
            if want is None:
                assert row[key] is None, (code, key)
            else:
                assert row[key] == pytest.approx(want, rel=1e-12, abs=1e-15), (code, key)
        bench = report["benchmark"]
        assert row["benchmark_code"] == (None if bench is None else bench["code"])


def test_category_rank_is_return_3y_ranked_as_pandas_does(
    refreshed: Refreshed, con: duckdb.DuckDBPyConnection
) -> None:
    for rows, as_of in ((refreshed.rows_first, LAST), (refreshed.rows_earlier, EARLIER)):
        df = rows.to_pandas()
        df["plan"] = df["plan"].fillna("(none)")
        eligible = df[
            df.sebi_category.notna()
            & ~df.sebi_category.isin(["legacy", "unclassified"])
            & ~df.price_return_only
            & df.return_3y.notna()
        ].copy()
        groups = eligible.groupby(["sebi_category", "plan"])["return_3y"]
        eligible["rank"] = groups.rank(method="average", ascending=False)
        eligible["n"] = groups.transform("size")
        got = df.set_index("scheme_code").loc[eligible.scheme_code]
        assert got["category_rank"].tolist() == eligible["rank"].tolist()
        assert got["category_peers"].tolist() == eligible["n"].tolist()
        others = df[~df.scheme_code.isin(eligible.scheme_code)]
        assert others["category_rank"].isna().all()
        # and as the category statistics rank it
        stats = category_stats(con, as_of=as_of, rf=RF, calendar_years=False).ranks
        ref = stats.filter(pl.col("key") == "return_3y").select(
            "scheme_code", "rank", "percentile", "quartile"
        )
        mine = pl.from_pandas(df[["scheme_code", "category_rank"]]).join(ref, on="scheme_code")
        assert (mine["category_rank"] == mine["rank"]).all()
        assert mine.height == len(eligible)
        # any other stored key, ranked from the stored rows alone (point in time)
        again = peers.peer_stats(rows, as_of=as_of, keys=("sharpe_3y", "max_drawdown_1y"))
        ref = stats.filter(pl.col("key").is_in(["sharpe_3y", "max_drawdown_1y"]))
        cols = ["scheme_code", "key", "rank", "percentile", "quartile", "peer_count"]
        assert_frame_equal(again.select(cols).sort(cols[:2]), ref.select(cols).sort(cols[:2]))


def test_reads_tolerate_a_store_without_the_table() -> None:
    old = duckdb.connect()  # no fund_metrics table, as a store made before it
    assert fm.as_of_dates(old) == []
    empty = fm.read_fund_metrics(old)
    assert empty.height == 0 and empty.columns == list(fm.COLUMNS)


def test_update_hook_skips_refreshes_and_reports_failures(
    refreshed: Refreshed, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = refreshed.db
    skipped = fm.refresh_after_update(db, changed=False, rf=RF)
    assert skipped == {"status": "skipped", "reason": "already as of 2026-10-30"}
    snapshot = current_snapshot(db)

    def broken(*_: object, **__: object) -> pl.DataFrame:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(fm, "fund_metrics_frame", broken)
    failed = fm.refresh_after_update(db, changed=True, rf=RF)
    assert failed == {"status": "failed", "error": "RuntimeError: disk on fire"}
    assert current_snapshot(db) == snapshot  # nothing published, the store stands
    monkeypatch.undo()
    done = fm.refresh_after_update(db, changed=True, rf=RF)
    assert done["status"] == "refreshed" and done["as_of"] == "2026-10-30"
    assert done["replaced"] == done["rows"] == refreshed.first.rows
    assert fm.refresh_after_update(db.parent / "none.duckdb", changed=True) == {
        "status": "skipped",
        "reason": "no store",
    }


def test_cli_refresh_metrics(refreshed: Refreshed, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["refresh-metrics", "--db", str(refreshed.db), "--rf", str(RF)]
    capsys.readouterr()
    assert main([*args, "--as-of", "2022-12-30", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["as_of"] == "2022-12-30" and body["rows"] == refreshed.earlier.rows
    assert body["replaced"] == refreshed.earlier.rows and body["synthetic"] is True
    assert main(args) == 0
    captured = capsys.readouterr()
    assert SYNTHETIC_BANNER in captured.err
    assert "fund_metrics as of 2026-10-30" in captured.out
    assert main([*args, "--as-of", "1999-01-01"]) == 1
    assert "before the store's first NAV" in capsys.readouterr().err
    # the rows of the two dates are as they were (re-running replaces its own date only)
    assert_frame_equal(
        _rows(refreshed.db, EARLIER).drop("computed_at"),
        refreshed.rows_earlier.drop("computed_at"),
    )
