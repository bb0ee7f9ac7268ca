"""MFAPI-style JSON: the real histories in shared/data/nav (read in place) and hand-made bodies.

Expected counts come from shared/data/nav/README.md: its table gives each file's row count
and, in "problems seen", its duplicate-date rows ("4 duplicate date row(s)"); duplicates carry
identical NAVs there, so rows = loaded + duplicates and no revisions. The NAV anchors of
scheme 100822 are the ones written in conventions.md. Hand-made bodies below are labelled
as such; their expected counts are worked out line by line in comments.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from fundlens.errors import InputError
from fundlens.sources.inputs import RawFile
from fundlens.sources.mfapi import parse_mfapi
from tests.conftest import NAV_JSON

REAL_FILES = sorted(NAV_JSON.glob("*.json"))


def _readme_table() -> dict[int, tuple[int, int]]:
    """scheme code → (rows, duplicate-date rows) from the README table."""
    facts: dict[int, tuple[int, int]] = {}
    for line in (NAV_JSON / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 10 or not cells[0].isdigit():
            continue
        dup = re.search(r"(\d+) duplicate date row", line)
        facts[int(cells[0])] = (int(cells[5]), int(dup.group(1)) if dup else 0)
    return facts


README = _readme_table()


def _body(meta: dict[str, object], data: list[object]) -> RawFile:
    """A hand-made MFAPI body (fixture written here, not real data)."""
    return RawFile("hand.json", json.dumps({"meta": meta, "data": data}).encode())


def _import(db: Path, files: list[Path]):
    from fundlens.pipeline import import_mfapi

    return import_mfapi(db, files)


def test_readme_table_covers_every_file() -> None:
    assert len(REAL_FILES) == 32
    assert {int(p.stem) for p in REAL_FILES} == set(README)
    assert README[100822] == (3898, 4)
    assert README[100868] == (4700, 0)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem)
def test_real_file_parses_without_rejects(path: Path) -> None:
    batch = parse_mfapi([RawFile(str(path), path.read_bytes())])
    rows, _dups = README[int(path.stem)]
    assert batch.files[0].layout == "mfapi"
    assert batch.rejects.height == 0
    assert batch.rows.height == rows
    assert batch.rows["scheme_code"].unique().to_list() == [int(path.stem)]
    assert batch.rows["line_no"].to_list() == list(range(1, rows + 1))


def test_real_meta_lands_in_row_columns() -> None:
    path = NAV_JSON / "100822.json"
    row = parse_mfapi([RawFile(str(path), path.read_bytes())]).rows.row(0, named=True)
    # the newest row comes first in the file (README): 22-02-2016, last date in the table
    assert row["date"] == dt.date(2016, 2, 22)
    assert row["name"] == "UTI Nifty 50 Index Fund - Regular Plan - Growth Option"
    assert row["amc_raw"] == "UTI Mutual Fund"
    assert row["category_raw"] == "Open Ended Schemes ( Other Scheme - Index Funds )"
    assert row["plan_raw"] is None and row["isin_growth"] is None


def test_import_all_real_files_counts_per_file(tmp_path: Path) -> None:
    db = tmp_path / "real.duckdb"
    result = _import(db, REAL_FILES)
    total_rows = sum(r for r, _ in README.values())
    total_dups = sum(d for _, d in README.values())
    assert result.files == 32
    assert result.rows_loaded == total_rows - total_dups
    assert result.duplicates == total_dups
    assert result.revisions == 0
    assert result.rejected_total == 0

    from fundlens.store.snapshots import reader

    con = reader(db)
    try:
        log = con.execute(
            "SELECT source, kind, layout, status, rows_loaded, duplicates, revisions,"
            " rows_rejected FROM ingest_log ORDER BY source"
        ).fetchall()
        anchors = dict(
            con.execute(
                "SELECT date, nav FROM nav WHERE scheme_code = 100822 AND date IN "
                "('2008-01-08', '2008-10-27')"
            ).fetchall()
        )
        n_nav = con.execute("SELECT count(*) FROM nav").fetchone()[0]  # type: ignore[index]
        history = dict(
            con.execute(
                "SELECT kind, value FROM scheme_history WHERE scheme_code = 101762"
                " AND kind IN ('name', 'amc', 'category')"
            ).fetchall()
        )
    finally:
        con.close()
    assert n_nav == total_rows - total_dups
    for source, kind, layout, status, loaded, dups, revs, rejected in log:
        rows, dup = README[int(Path(source).stem)]
        assert (kind, layout, status) == ("mfapi", "mfapi", "loaded")
        assert (loaded, dups, revs, rejected) == (rows - dup, dup, 0, 0), source
    # conventions.md anchor: 100822 peak 08 Jan 2008 (39.76), trough 27 Oct 2008 (16.04)
    assert anchors == {dt.date(2008, 1, 8): 39.76, dt.date(2008, 10, 27): 16.04}
    assert history == {
        "name": "HDFC Flexi Cap Fund - Growth Plan",
        "amc": "HDFC Mutual Fund",
        "category": "Open Ended Schemes ( Equity Scheme - Flexi Cap Fund )",
    }


def test_second_import_is_skipped(tmp_path: Path) -> None:
    db = tmp_path / "real.duckdb"
    files = [NAV_JSON / "122639.json", NAV_JSON / "122640.json"]
    _import(db, files)
    again = _import(db, files)
    assert (again.files, again.files_skipped, again.rows_loaded) == (0, 2, 0)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        _import(tmp_path / "x.duckdb", [tmp_path / "nope.json"])


# --- hand-made bodies (written here; every count worked out by hand) ----------------------


def test_every_row_reason() -> None:
    meta = {"scheme_code": "12", "scheme_name": "Hand Fund", "scheme_category": "Liquid"}
    data = [
        {"date": "01-02-2020", "nav": "N.A."},  # 1 junk_nav
        5,  # 2 malformed_row (not an object)
        {"date": "31-02-2020", "nav": "1"},  # 3 bad_date (no 31 Feb)
        {"date": "01-03-2020", "nav": "0.0000"},  # 4 zero_nav
        {"date": "02-03-2020", "nav": -1.5},  # 5 negative_nav (a JSON number)
        {"date": "03-03-2020", "nav": {"a": 1}},  # 6 junk_nav (nested)
        {"date": "04-03-2020", "nav": "13."},  # 7 good: "13." is a valid NAV
        {"date": "2020-03-05", "nav": "10"},  # 8 bad_date (ISO is not dd-mm-yyyy)
        {"nav": "10"},  # 9 bad_date (missing)
        {"date": "06-03-1989", "nav": "10"},  # 10 bad_date (before 1990)
        {"date": "9-3-2020", "nav": 11.25},  # 11 good, unpadded day and month
    ]
    batch = parse_mfapi([_body(meta, data)])
    assert dict(zip(batch.rejects["line_no"], batch.rejects["reason"], strict=True)) == {
        1: "junk_nav",
        2: "malformed_row",
        3: "bad_date",
        4: "zero_nav",
        5: "negative_nav",
        6: "junk_nav",
        8: "bad_date",
        9: "bad_date",
        10: "bad_date",
    }
    rows = batch.rows
    assert rows["line_no"].to_list() == [7, 11]
    assert rows["nav"].to_list() == [13.0, 11.25]
    assert rows["date"].to_list() == [dt.date(2020, 3, 4), dt.date(2020, 3, 9)]
    assert rows["scheme_code"].to_list() == [12, 12]
    # no scheme_type: the bare category is kept
    assert rows["category_raw"].to_list() == ["Liquid", "Liquid"]
    assert batch.rejects.filter(line_no=2)["raw_line"].item() == "5"


@pytest.mark.parametrize("code", [None, "ABC", -4, 1.5, True, "1234567890"])
def test_bad_scheme_code_rejects_every_row(code: object) -> None:
    data = [{"date": "01-02-2020", "nav": "1"}, {"date": "02-02-2020", "nav": "2"}]
    meta = {} if code is None else {"scheme_code": code}
    batch = parse_mfapi([_body(meta, data)])
    assert batch.rows.height == 0
    assert batch.rejects["reason"].to_list() == ["bad_code", "bad_code"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty_body"),
        (b"  \r\n", "empty_body"),
        (b"<!DOCTYPE html><html><body>502</body></html>", "html_body"),
        (b'{"meta": {"scheme_code": 1}, "data": [', "unknown_layout"),  # cut JSON
        (b'[{"date": "01-01-2020", "nav": "1"}]', "unknown_layout"),  # a bare array
        (b'{"status": "ERROR"}', "unknown_layout"),  # no meta, no data
        (b'{"meta": {}, "data": {}}', "unknown_layout"),  # data not an array
        (b"\xff\xfe garbage", "unknown_layout"),
    ],
)
def test_whole_body_rejects(body: bytes, reason: str) -> None:
    batch = parse_mfapi([RawFile("bad.json", body)])
    assert batch.files[0].file_reject == reason
    assert batch.rejects.select("line_no", "reason").rows() == [(0, reason)]
    assert batch.rows.height == 0


def test_bom_empty_data_and_file_index() -> None:
    good = json.dumps(
        {"meta": {"scheme_code": 7, "scheme_type": "Open Ended Schemes"}, "data": []}
    ).encode()
    other = _body({"scheme_code": 8}, [{"date": "01-01-2020", "nav": "2.5"}])
    batch = parse_mfapi([RawFile("a.json", b"\xef\xbb\xbf" + good), other])
    assert [f.layout for f in batch.files] == ["mfapi", "mfapi"]
    assert batch.rows.select("file_idx", "line_no", "scheme_code").rows() == [(1, 1, 8)]
    # scheme_type without a category: no category at all
    assert batch.rows["category_raw"].to_list() == [None]


def test_duplicates_and_revisions_through_the_merge(tmp_path: Path) -> None:
    # Hand-made: 5 good rows on 3 dates; 01-01 twice with the same NAV (1 duplicate),
    # 02-01 twice with different NAVs (1 revision: the later line, 3.5, wins).
    body = _body(
        {"scheme_code": 4242, "scheme_name": "Hand Fund - Growth"},
        [
            {"date": "03-01-2020", "nav": "4"},
            {"date": "02-01-2020", "nav": "3"},
            {"date": "02-01-2020", "nav": "3.5"},
            {"date": "01-01-2020", "nav": "2"},
            {"date": "01-01-2020", "nav": "2"},
        ],
    )
    path = tmp_path / "hand.json"
    path.write_bytes(body.data)
    db = tmp_path / "s.duckdb"
    result = _import(db, [path])
    assert (result.rows_loaded, result.duplicates, result.revisions) == (3, 1, 1)
    from fundlens.store.snapshots import reader

    con = reader(db)
    try:
        navs = con.execute("SELECT date, nav FROM nav ORDER BY date").fetchall()
        revs = con.execute("SELECT old_nav, new_nav FROM nav_revisions").fetchall()
    finally:
        con.close()
    assert [v for _, v in navs] == [2.0, 3.5, 4.0]
    assert revs == [(3.0, 3.5)]
