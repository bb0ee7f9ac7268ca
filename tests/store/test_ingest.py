"""The ingest merge through the real pipeline and a real DuckDB file."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
from pathlib import Path

import pytest

from fundlens import pipeline
from fundlens.errors import SyntheticMixError
from fundlens.store.connect import open_store
from fundlens.store.meta import meta_object
from tests.conftest import AMFI_DAILY, REPO

HEADER_A = (
    "Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Repurchase Price;Sale Price;Date"
)


def _amfi(tmp: Path, name: str, rows: list[str], *, amc: str = "Test Mutual Fund") -> Path:
    """A hand-made AMFI layout-A file."""
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        HEADER_A,
        "",
        "Open Ended Schemes ( Equity Scheme - Large Cap Fund )",
        "",
        "",
        amc,
        *rows,
        "",
    ]
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return path


def _snapshot(db: Path) -> dict[str, object]:
    con = open_store(db, read_only=True)
    try:
        tables = {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("nav", "schemes", "scheme_history", "nav_events", "nav_revisions")
        }
        meta = meta_object(con)
    finally:
        con.close()
    meta.pop("last_update_at")
    return {"tables": tables, "meta": meta}


def _awk_total() -> dict[str, int]:
    doc = (REPO / "docs" / "ingest.md").read_text(encoding="utf-8")
    program = re.search(r"```awk\n(.*?)```", doc, re.S).group(1)  # type: ignore[union-attr]
    total: dict[str, int] = {}
    for path in sorted(AMFI_DAILY.rglob("*.csv")):
        header = path.read_text(encoding="utf-8").split("\r\n", 1)[0]
        nav = header.split(";").index("Net Asset Value") + 1
        cut = 0 if path.read_bytes().endswith(b"\n") else 1
        out = subprocess.run(
            ["awk", "-v", f"nav={nav}", "-v", f"cut={cut}", program, str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for line in out.splitlines():
            key, n = line.split()
            total[key] = total.get(key, 0) + int(n)
    return total


def test_real_files_every_good_row_counted_once(tmp_path: Path) -> None:
    db = tmp_path / "real.duckdb"
    result = pipeline.ingest_paths(db, [AMFI_DAILY])
    expected = _awk_total()
    good = expected.pop("good")
    assert result.files == 10
    assert result.rows_loaded + result.duplicates + result.revisions == good
    assert {k: v for k, v in result.rows_rejected.items() if v} == expected
    con = open_store(db, read_only=True)
    try:
        dupes = con.execute(
            "SELECT count(*) FROM "
            "(SELECT scheme_code, date FROM nav GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
        assert dupes == 0
        nav_rows = con.execute("SELECT count(*) FROM nav").fetchone()[0]
        assert nav_rows == result.rows_loaded
        assert (
            con.execute(
                "SELECT nav FROM nav WHERE scheme_code = 102652 AND date = '2006-04-03'"
            ).fetchone()[0]
            == 11.7436
        )
        log = con.execute(
            "SELECT count(*), sum(rows_rejected) FROM ingest_log WHERE status = 'loaded'"
        ).fetchone()
        assert log == (10, sum(expected.values()))
        assert con.execute("SELECT count(*) FROM rejects").fetchone()[0] == sum(expected.values())
        amc = con.execute(
            "SELECT value FROM scheme_history WHERE scheme_code = 102652 AND kind = 'amc'"
        ).fetchall()
        assert amc == [("ABN  AMRO Mutual Fund",)]
    finally:
        con.close()


def test_ingesting_twice_gives_an_identical_store(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    pipeline.ingest_paths(db, [AMFI_DAILY])
    before = _snapshot(db)
    again = pipeline.ingest_paths(db, [AMFI_DAILY])
    assert (again.files, again.files_skipped, again.rows_loaded) == (0, 10, 0)
    assert _snapshot(db) == before
    con = open_store(db, read_only=True)
    try:
        assert (
            con.execute("SELECT count(*) FROM ingest_log WHERE status = 'skipped'").fetchone()[0]
            == 10
        )
    finally:
        con.close()


def test_duplicates_and_revisions(tmp_path: Path) -> None:
    db = tmp_path / "rev.duckdb"
    day1 = _amfi(
        tmp_path / "in",
        "2024/01/01.csv",
        [
            "100001;Alpha Fund - Growth;;;10.0000;;;01-Jan-2024",
            "100001;Alpha Fund - Growth;;;10.0000;;;01-Jan-2024",  # identical: duplicate
            "100002;Beta Fund - Growth;;;20.0000;;;01-Jan-2024",
        ],
    )
    first = pipeline.ingest_paths(db, [day1])
    assert (first.rows_loaded, first.duplicates, first.revisions) == (2, 1, 0)
    day1_again = _amfi(
        tmp_path / "in2",
        "2024/01/01.csv",
        [
            "100001;Alpha Fund - Growth;;;10.0000;;;01-Jan-2024",  # same NAV: duplicate
            "100002;Beta Fund - Growth;;;20.5000;;;01-Jan-2024",  # restated: revision
            "100002;Beta Fund - Growth;;;20.7500;;;01-Jan-2024",  # restated again in the same file
            "100001;Alpha Fund - Growth;;;10.1000;;;02-Jan-2024",  # new day
        ],
    )
    second = pipeline.ingest_paths(db, [day1_again])
    assert (second.rows_loaded, second.duplicates, second.revisions) == (1, 1, 2)
    con = open_store(db, read_only=True)
    try:
        assert con.execute("SELECT nav FROM nav WHERE scheme_code = 100002").fetchall() == [
            (20.75,)
        ]
        revs = con.execute(
            "SELECT date, old_nav, new_nav FROM nav_revisions ORDER BY new_nav"
        ).fetchall()
        assert revs == [(dt.date(2024, 1, 1), 20.0, 20.5), (dt.date(2024, 1, 1), 20.5, 20.75)]
        meta = meta_object(con)
        assert (meta["duplicates"], meta["revisions"], meta["nav_rows"]) == (2, 2, 3)
    finally:
        con.close()


def test_name_history_keeps_first_and_last_dates(tmp_path: Path) -> None:
    db = tmp_path / "names.duckdb"
    files = [
        _amfi(
            tmp_path / "in",
            "2020/01/01.csv",
            ["100001;Old Name Fund - Growth;;;10;;;01-Jan-2020"],
            amc="Old AMC Mutual Fund",
        ),
        _amfi(
            tmp_path / "in",
            "2020/01/02.csv",
            ["100001;Old Name Fund - Growth;;;10.5;;;02-Jan-2020"],
            amc="Old AMC Mutual Fund",
        ),
        _amfi(
            tmp_path / "in",
            "2021/06/01.csv",
            ["100001;New Name Fund - Growth;;;12;;;01-Jun-2021"],
            amc="New AMC Mutual Fund",
        ),
    ]
    pipeline.ingest_paths(db, files)
    con = open_store(db, read_only=True)
    try:
        rows = con.execute(
            "SELECT kind, value, first_date, last_date FROM scheme_history "
            "WHERE kind IN ('name', 'amc') ORDER BY kind, first_date"
        ).fetchall()
        assert rows == [
            ("amc", "Old AMC Mutual Fund", dt.date(2020, 1, 1), dt.date(2020, 1, 2)),
            ("amc", "New AMC Mutual Fund", dt.date(2021, 6, 1), dt.date(2021, 6, 1)),
            ("name", "Old Name Fund - Growth", dt.date(2020, 1, 1), dt.date(2020, 1, 2)),
            ("name", "New Name Fund - Growth", dt.date(2021, 6, 1), dt.date(2021, 6, 1)),
        ]
        name, first, last = con.execute(
            "SELECT name, first_nav_date, last_nav_date FROM schemes WHERE scheme_code = 100001"
        ).fetchone()
        assert (name, first, last) == (
            "New Name Fund - Growth",
            dt.date(2020, 1, 1),
            dt.date(2021, 6, 1),
        )
    finally:
        con.close()


def test_synthetic_and_real_never_mix(tmp_path: Path) -> None:
    db = tmp_path / "mix.duckdb"
    pipeline.ingest_paths(
        db, [_amfi(tmp_path / "r", "2024/01/01.csv", ["100001;Real Fund;;;10;;;01-Jan-2024"])]
    )
    before = _snapshot(db)
    synth = _amfi(
        tmp_path / "s",
        "2024/01/02.csv",
        ["900001;Aurora Fund - Growth (Synthetic);;;10;;;02-Jan-2024"],
    )
    with pytest.raises(SyntheticMixError, match="synthetic data into a real store"):
        pipeline.ingest_paths(db, [synth])
    assert _snapshot(db) == before


def test_failure_while_publishing_leaves_the_store_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "atomic.duckdb"
    pipeline.ingest_paths(
        db, [_amfi(tmp_path / "a", "2024/01/01.csv", ["100001;Alpha Fund;;;10;;;01-Jan-2024"])]
    )
    before = _snapshot(db)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full while classifying")

    monkeypatch.setattr(pipeline, "refresh_derived", boom)
    new = _amfi(tmp_path / "b", "2024/01/02.csv", ["100001;Alpha Fund;;;11;;;02-Jan-2024"])
    with pytest.raises(RuntimeError):
        pipeline.ingest_paths(db, [new])
    assert _snapshot(db) == before
    monkeypatch.undo()
    result = pipeline.ingest_paths(db, [new])  # the same file lands on a rerun
    assert result.rows_loaded == 1


def _amfi_days_from_json(codes: list[int], folder: Path, *, first: dt.date, last: dt.date) -> Path:
    """Real NAV histories (MFAPI JSON in ../shared/data/nav) rewritten as AMFI daily files,
    one per date in [first, last] — so an ingest can be split at chosen dates."""
    import json

    import polars as pl

    from tests.conftest import NAV_JSON

    frames = []
    for code in codes:
        doc = json.loads((NAV_JSON / f"{code}.json").read_text())
        frames.append(
            pl.DataFrame(doc["data"]).select(
                pl.lit(code).alias("code"),
                pl.lit(doc["meta"]["scheme_name"]).alias("name"),
                pl.col("date").str.strptime(pl.Date, "%d-%m-%Y"),
                pl.col("nav"),
            )
        )
    rows = pl.concat(frames).unique(["code", "date"], keep="first")
    rows = rows.filter(pl.col("date").is_between(first, last)).sort("date", "code")
    for (day,), part in rows.group_by(["date"], maintain_order=True):
        lines = [f"{c};{n};;;{v};;;{day.strftime('%d-%b-%Y')}" for c, n, _, v in part.iter_rows()]
        _amfi(folder, day.strftime("%Y/%m/%d.csv"), lines)
    return folder


def test_incremental_ingest_equals_one_ingest(tmp_path: Path) -> None:
    """Events and schemes after three ingests split inside a 328-day hole (107578) and right
    after a one-day outlier (100356) equal those of one ingest of everything."""
    codes = [107578, 100356, 100822]
    cuts = [dt.date(1999, 1, 1), dt.date(2000, 10, 2), dt.date(2010, 6, 1), dt.date(2016, 12, 31)]
    parts = [
        _amfi_days_from_json(codes, tmp_path / f"part{i}", first=a, last=b - dt.timedelta(days=1))
        for i, (a, b) in enumerate(itertools.pairwise(cuts))
    ]
    whole, steps = tmp_path / "whole.duckdb", tmp_path / "steps.duckdb"
    pipeline.ingest_paths(whole, parts)
    for part in parts:
        pipeline.ingest_paths(steps, [part])
    events = {}
    for db in (whole, steps):
        con = open_store(db, read_only=True)
        try:
            events[db] = con.execute("SELECT * FROM nav_events ORDER BY ALL").fetchall()
        finally:
            con.close()
    assert events[whole] == events[steps]
    kinds = {(code, kind) for code, _, kind, _ in events[whole]}
    assert {(107578, "gap"), (100356, "outlier")} <= kinds
    assert _snapshot(whole)["tables"] == _snapshot(steps)["tables"]


def test_incremental_events_see_a_hole_longer_than_the_lookback(tmp_path: Path) -> None:
    """A recent update re-reads only a short tail (``nav_tail``); a scheme whose previous NAV
    is 517 days older must still get its gap, exactly as in one ingest of everything."""
    first = _amfi(
        tmp_path / "a",
        "2020/01/01.csv",
        [
            "100001;Alpha Fund - Growth;;;10;;;01-Jan-2020",
            "100002;Beta Fund - Growth;;;20;;;01-Jan-2020",
        ],
    )
    near = _amfi(tmp_path / "a", "2021/05/31.csv", ["100002;Beta Fund - Growth;;;21;;;31-May-2021"])
    later = _amfi(
        tmp_path / "b",
        "2021/06/01.csv",
        [
            "100001;Alpha Fund - Growth;;;12;;;01-Jun-2021",
            "100002;Beta Fund - Growth;;;21.5;;;01-Jun-2021",
        ],
    )
    whole, steps = tmp_path / "whole.duckdb", tmp_path / "steps.duckdb"
    pipeline.ingest_paths(whole, [first, near, later])
    pipeline.ingest_paths(steps, [first, near])
    pipeline.ingest_paths(steps, [later])
    found = {}
    for db in (whole, steps):
        con = open_store(db, read_only=True)
        try:
            found[db] = con.execute("SELECT * FROM nav_events ORDER BY ALL").fetchall()
        finally:
            con.close()
    assert found[whole] == found[steps]
    assert (100001, dt.date(2021, 6, 1), "gap", "gap 517 d since 2020-01-01") in found[steps]
