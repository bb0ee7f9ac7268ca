"""Import of the community funds.db (SQLite, seed 003 §5) on a small hand-made database.

The database is written here, row by row, by :func:`tests.utils.funds_db.write_funds_db`
(hand-made fixture, not real data); every expected count is worked out in the comments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fundlens.errors import InputError
from fundlens.pipeline import import_funds_db
from fundlens.sources.funds_db import file_sha256, iter_funds_db_chunks
from fundlens.store.snapshots import reader
from tests.utils.funds_db import write_funds_db

SCHEMES = [
    (100, "Alpha Fund - Growth"),
    (200, "Beta Fund - Direct Plan - Growth"),
    (300, "Gamma Fund - Growth"),
]
# nav_data rowid = position (1-based) in this list
NAVS: list[tuple[object, object, object]] = [
    (100, "2020-01-01", 10.0),  # 1 loaded
    (100, "2020-01-02", 10.5),  # 2 loaded
    (100, "2020-01-02", 10.5),  # 3 duplicate (same code, date, NAV)
    (100, "2020-01-03", "N.A."),  # 4 junk_nav (text kept as text by SQLite)
    (100, "2020-01-06", 0.0),  # 5 zero_nav
    (100, "2020-01-07", -1.0),  # 6 negative_nav
    (100, "2020-13-01", 11.0),  # 7 bad_date (month 13)
    ("abc", "2020-01-08", 11.0),  # 8 bad_code
    (200, "2020-01-01", "12.75"),  # 9 loaded (numeric text becomes REAL by column affinity)
    (200, "2020-01-02", 12.8),  # 10 loaded
    (200, "2020-01-03", 13.1),  # 11 loaded ...
    (200, "2020-01-03", 13.2),  # 12 ... then revised: the later row wins
    (400, "02-Jan-2020", 5.0),  # 13 loaded: AMFI date form; no scheme_data row
    (300, "2020-01-01", 7),  # 14 loaded: an integer NAV
    (300, "1989-12-29", 7.5),  # 15 bad_date (before 1990)
    (300, "2020-01-02", ""),  # 16 junk_nav (blank)
]
# scheme 100 has ISINs (a later row replaces an earlier one); 200 and 300 have none
# ('-' and blank mean none, as in AMFI files)
ISINS = [
    (100, "INF000X01010", None),
    (100, "INF000A01011", "INF000A01029"),
    (300, "-", ""),
]
# loaded: rows 1, 2, 9, 10, 11, 13, 14 = 7 keys; duplicates: row 3; revisions: row 12;
# rejects: 4, 16 junk_nav; 5 zero_nav; 6 negative_nav; 7, 15 bad_date; 8 bad_code = 7
EXPECTED_REJECTS = {
    4: "junk_nav",
    5: "zero_nav",
    6: "negative_nav",
    7: "bad_date",
    8: "bad_code",
    15: "bad_date",
    16: "junk_nav",
}


@pytest.fixture
def funds_db(tmp_path: Path) -> Path:
    return write_funds_db(tmp_path / "funds.db", schemes=SCHEMES, navs=NAVS, isins=ISINS)


def test_import_counts(funds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    result = import_funds_db(db, funds_db)
    assert result.files == 1
    assert (result.rows_loaded, result.duplicates, result.revisions) == (7, 1, 1)
    assert result.rows_rejected == {
        "junk_nav": 2,
        "zero_nav": 1,
        "negative_nav": 1,
        "bad_date": 2,
        "bad_code": 1,
    }
    con = reader(db)
    try:
        log = con.execute(
            "SELECT source, sha256, kind, layout, status, rows_loaded, duplicates, revisions,"
            " rows_rejected FROM ingest_log"
        ).fetchall()
        rejects = con.execute("SELECT line_no, reason, raw_line FROM rejects").fetchall()
        navs = con.execute("SELECT scheme_code, date, nav FROM nav ORDER BY ALL").fetchall()
        revs = con.execute(
            "SELECT scheme_code, date, old_nav, new_nav FROM nav_revisions"
        ).fetchall()
        history = con.execute(
            "SELECT scheme_code, kind, value FROM scheme_history ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
    assert log == [
        (str(funds_db), file_sha256(funds_db), "funds_db", "funds_db", "loaded", 7, 1, 1, 7)
    ]
    assert {line: reason for line, reason, _ in rejects} == EXPECTED_REJECTS
    assert ("abc;2020-01-08;11.0") in {raw for _, _, raw in rejects}
    d = dt.date
    assert navs == [
        (100, d(2020, 1, 1), 10.0),
        (100, d(2020, 1, 2), 10.5),
        (200, d(2020, 1, 1), 12.75),
        (200, d(2020, 1, 2), 12.8),
        (200, d(2020, 1, 3), 13.2),
        (300, d(2020, 1, 1), 7.0),
        (400, d(2020, 1, 2), 5.0),
    ]
    assert revs == [(200, d(2020, 1, 3), 13.1, 13.2)]
    assert history == [
        (100, "isin_growth", "INF000A01011"),
        (100, "isin_reinvest", "INF000A01029"),
        (100, "name", "Alpha Fund - Growth"),
        (200, "name", "Beta Fund - Direct Plan - Growth"),
        (300, "name", "Gamma Fund - Growth"),
    ]


def test_second_import_is_skipped(funds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    import_funds_db(db, funds_db)
    again = import_funds_db(db, funds_db)
    assert (again.files, again.files_skipped, again.rows_loaded) == (0, 1, 0)
    con = reader(db)
    try:
        statuses = con.execute("SELECT status FROM ingest_log ORDER BY id").fetchall()
        n_nav = con.execute("SELECT count(*) FROM nav").fetchone()
    finally:
        con.close()
    assert statuses == [("loaded",), ("skipped",)]
    assert n_nav == (7,)


def test_progress_callbacks(funds_db: Path, tmp_path: Path) -> None:
    totals: list[int] = []
    done: list[int] = []
    import_funds_db(tmp_path / "s.duckdb", funds_db, progress=done.append, total=totals.append)
    assert totals == [16]
    assert sum(done) == 16


def test_chunks_stream_rows_and_rejects(funds_db: Path) -> None:
    chunks = list(iter_funds_db_chunks(funds_db))
    assert sum(rows.height for rows, _ in chunks) == 9  # 7 loaded + 1 duplicate + 1 revision
    assert sum(rej.height for _, rej in chunks) == 7
    rows = chunks[0][0]
    assert rows.filter(line_no=13)["name"].to_list() == [None]  # no scheme_data row
    assert rows.filter(line_no=1)["isin_growth"].to_list() == ["INF000A01011"]


def test_not_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "funds.db"
    path.write_text("scheme_code,date,nav\n100,2020-01-01,10\n")
    with pytest.raises(InputError, match="not a SQLite database"):
        import_funds_db(tmp_path / "s.duckdb", path)
    assert not (tmp_path / "s.duckdb").exists()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_funds_db(tmp_path / "s.duckdb", tmp_path / "absent.db")


@pytest.mark.parametrize("table", ["nav_data", "scheme_data", "isin_data"])
def test_missing_table(tmp_path: Path, table: str) -> None:
    path = write_funds_db(
        tmp_path / "funds.db", schemes=SCHEMES, navs=NAVS, isins=ISINS, skip_tables=[table]
    )
    with pytest.raises(InputError, match=f"missing table\\(s\\) {table}"):
        import_funds_db(tmp_path / "s.duckdb", path)


def test_types_pinned_across_record_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ADBC fixes each column's Arrow type from its first batch; with 2-row batches the
    # first batch below has only text NAVs and text codes, the later ones numbers.
    import fundlens.sources.funds_db as funds_db_module

    monkeypatch.setattr(funds_db_module, "_BATCH_ROWS", 2)
    navs = [
        ("x1", "2020-01-01", "N.A."),  # 1 bad_code
        (100, "2020-01-01", "-"),  # 2 junk_nav
        (100, "2020-01-02", 10.25),  # 3 loaded
        (100, "2020-01-03", "10.5"),  # 4 loaded (REAL affinity)
        (100, "2020-01-06", 11),  # 5 loaded
    ]
    path = write_funds_db(tmp_path / "funds.db", schemes=SCHEMES, navs=navs)
    chunks = list(iter_funds_db_chunks(path))
    rows = [r for rows, _ in chunks for r in rows.select("line_no", "nav").rows()]
    rejects = [r for _, rej in chunks for r in rej.select("line_no", "reason").rows()]
    assert rows == [(3, 10.25), (4, 10.5), (5, 11.0)]
    assert rejects == [(1, "bad_code"), (2, "junk_nav")]
