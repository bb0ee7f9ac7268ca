"""The AMFI parser on every real reference file, hand-written fixtures and generated garbage."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import subprocess
import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundlens.sources.amfi_parse import detect_layout, parse_files
from fundlens.sources.inputs import RawFile, iter_raw_files, list_input_files
from tests.conftest import AMFI_DAILY, REPO

FIXTURES = REPO / "tests" / "fixtures"
REAL_FILES = sorted(AMFI_DAILY.rglob("*.csv"))


def _parse_one(path: Path):
    return parse_files([RawFile(str(path), path.read_bytes())])


def _awk_counts(path: Path) -> dict[str, int]:
    """Run the awk program from docs/ingest.md on one file (an independent classifier)."""
    doc = (REPO / "docs" / "ingest.md").read_text(encoding="utf-8")
    program = re.search(r"```awk\n(.*?)```", doc, re.S)
    assert program is not None
    header = path.read_text(encoding="utf-8").split("\r\n", 1)[0]
    nav_col = header.split(";").index("Net Asset Value") + 1
    cut = 0 if path.read_bytes().endswith(b"\n") else 1
    done = subprocess.run(
        ["awk", "-v", f"nav={nav_col}", "-v", f"cut={cut}", program.group(1), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {k: int(v) for k, v in (line.split() for line in done.stdout.splitlines())}


def test_real_files_are_found() -> None:
    assert len(REAL_FILES) == 10


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: str(p.relative_to(AMFI_DAILY)))
def test_real_file_counts_match_independent_awk(path: Path) -> None:
    batch = _parse_one(path)
    expected = _awk_counts(path)
    got = dict(batch.rejects.group_by("reason").len().iter_rows())
    got["good"] = batch.rows.height
    assert got == expected


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: str(p.relative_to(AMFI_DAILY)))
def test_layout_comes_from_the_header(path: Path) -> None:
    layout = _parse_one(path).files[0].layout
    first_b = dt.date(2026, 8, 20)
    y, m, d = (int(p.split(".")[0]) for p in path.relative_to(AMFI_DAILY).parts)
    assert layout == ("B" if dt.date(y, m, d) >= first_b else "A")


def test_cut_heads_end_in_one_truncated_row() -> None:
    """Every .head.csv is cut at 16,000 characters; where the cut falls inside a line, that
    last line is a truncated_row. 2008/06/16 is cut between CR and LF: its last row is
    complete (date 16-Jun-2008) and is kept."""
    for path in REAL_FILES:
        if not path.name.endswith(".head.csv"):
            continue
        batch = _parse_one(path)
        text = path.read_bytes().decode("utf-8")
        last_no = text.count("\n") + 1
        truncated = batch.rejects.filter(pl.col("reason") == "truncated_row")
        if text.endswith("\r"):
            assert truncated.height == 0
            assert batch.rows["line_no"].max() == last_no
        else:
            assert truncated["line_no"].to_list() == [last_no], path
            assert truncated["raw_line"][0] == text.rsplit("\n", 1)[1]


def test_pinned_rows_2006() -> None:
    batch = _parse_one(AMFI_DAILY / "2006" / "04" / "03.csv")
    rows = batch.rows
    abn = rows.filter(pl.col("scheme_code") == 102652).row(0, named=True)
    assert abn["nav"] == 11.7436
    assert abn["date"] == dt.date(2006, 4, 3)
    assert abn["name"] == "ABN AMRO  Monthly Income Plan-Regular Plan-Growth Option"
    assert abn["category_raw"] == "Open Ended Schemes ( Income )"
    assert abn["amc_raw"] == "ABN  AMRO Mutual Fund"
    liquid_bees = batch.rejects.filter(pl.col("raw_line").str.starts_with("101884;"))
    assert liquid_bees["reason"].to_list() == ["junk_nav"]
    assert "1000(Div0.1817645)" in liquid_bees["raw_line"][0]
    # NA in the price columns never rejects a row
    morgan = rows.filter(pl.col("scheme_code") == 100347).row(0, named=True)
    assert morgan["nav"] == 49.26
    assert morgan["isin_growth"] == "INF063A01027"


def test_layout_b_keeps_plan_and_option() -> None:
    rows = _parse_one(AMFI_DAILY / "2026" / "08" / "20.head.csv").rows
    assert rows["plan_raw"].drop_nulls().len() > 0
    weekend = _parse_one(AMFI_DAILY / "2026" / "10" / "10.csv").rows
    assert weekend["date"].unique().to_list() == [dt.date(2026, 10, 10)]
    assert weekend["category_raw"].unique().sort().to_list()[0].startswith("Open Ended Schemes (")


def test_hand_written_junk_fixture() -> None:
    batch = _parse_one(FIXTURES / "junk_layout_a.csv")
    assert dict(batch.rejects.group_by("reason").len().iter_rows()) == {
        "junk_nav": 8,
        "zero_nav": 2,
        "negative_nav": 1,
        "bad_date": 2,
        "bad_code": 1,
        "malformed_row": 2,
        "truncated_row": 1,
    }
    good = batch.rows.sort("scheme_code")
    assert good["scheme_code"].to_list() == [100001, 100002, 100003, 100019]
    assert good["nav"].to_list() == [12.5, 13.0, 10.25, 22.75]
    assert good["name"][2] == 'Names, with "quotes" and ’ apostrophe’s'
    assert good["isin_reinvest"][0] is None  # "-" placeholder
    last = good.row(3, named=True)
    assert last["category_raw"] == "Close Ended Schemes ( ELSS )"
    assert last["amc_raw"] == "Other  AMC Mutual Fund"


@pytest.mark.parametrize(
    ("name", "layout"), [("navall6.txt", "navall6"), ("navall8.txt", "navall8")]
)
def test_navall_forms(name: str, layout: str) -> None:
    batch = _parse_one(FIXTURES / name)
    assert batch.files[0].layout == layout
    row = batch.rows.filter(pl.col("scheme_code") == 119552).row(0, named=True)
    assert (row["nav"], row["date"], row["isin_growth"], row["isin_reinvest"]) == (
        364.1215,
        dt.date(2026, 11, 27),
        "INF209K01PJ8",
        None,
    )
    assert row["amc_raw"] == "Aditya Birla Sun Life Mutual Fund"
    if layout == "navall8":
        assert (row["plan_raw"], row["option_raw"]) == ("Direct Plan", "Growth")
    else:
        assert batch.rejects["reason"].to_list() == ["junk_nav"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty_body"),
        (b"  \r\n\r\n", "empty_body"),
        (b"<!DOCTYPE html><html><body>Service Unavailable</body></html>", "html_body"),
        (b"\r\n<html>\r\n<head><title>Error</title></head></html>", "html_body"),
        (b"Code,Name,NAV\r\n1,x,2\r\n", "unknown_layout"),
    ],
)
def test_whole_file_rejects(body: bytes, reason: str) -> None:
    batch = parse_files([RawFile("bad.csv", body)])
    assert batch.rows.height == 0
    assert batch.rejects.select("line_no", "reason").rows() == [(0, reason)]
    assert batch.files[0].file_reject == reason


def test_zip_and_gz_inputs(tmp_path: Path) -> None:
    src = FIXTURES / "junk_layout_a.csv"
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
        zf.write(src, "2006/04/03.csv")
        zf.write(FIXTURES / "navall6.txt", "NAVAll.txt")
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(src.read_bytes()))
    (tmp_path / "broken.gz").write_bytes(b"not gzip at all")
    files = list(iter_raw_files(list_input_files([tmp_path])))
    names = [f.name.removeprefix(f"{tmp_path}/") for f in files]
    assert names == ["a.zip!2006/04/03.csv", "a.zip!NAVAll.txt", "b.csv.gz", "broken.gz"]
    batch = parse_files(files)
    assert batch.rows.group_by("file_idx").len().sort("file_idx")["len"].to_list() == [4, 2, 4]
    assert batch.files[3].file_reject == "empty_body"
    assert "gzip" in batch.files[3].detail


def test_detect_layout_rejects_unknown_columns() -> None:
    assert detect_layout("Scheme Code;Scheme Name;Net Asset Value;Date;Colour") is None
    assert detect_layout("Scheme Code;Scheme Name;Net Asset Value") is None


_HEADER_A = (
    "Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Repurchase Price;Sale Price;Date"
)
_junk_line = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80),
    st.builds(
        lambda code, name, nav, date: f"{code};{name};;;{nav};;;{date}",
        st.one_of(st.integers(0, 999999).map(str), st.text(max_size=6)),
        st.text(
            alphabet=st.characters(blacklist_characters=";\r\n", blacklist_categories=["Cs"]),
            max_size=30,
        ),
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True).map(str),
            st.text(max_size=8),
            st.sampled_from(["#N/A", "N.A.", "B.C.", "-", "", "0", "13.", "1000(Div0.1)"]),
        ),
        st.one_of(
            st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)).map(
                lambda d: d.strftime("%d-%b-%Y")
            ),
            st.text(max_size=12),
        ),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_junk_line, max_size=40), crlf=st.booleans(), cut=st.booleans())
def test_garbage_never_crashes_and_every_line_is_accounted(
    lines: list[str], crlf: bool, cut: bool
) -> None:
    """Any text after a valid header: no exception, every kept row is valid, and every
    non-blank line with a ';' is either kept or rejected exactly once."""
    eol = "\r\n" if crlf else "\n"
    body = _HEADER_A + eol + eol.join(lines) + ("" if cut else eol)
    batch = parse_files([RawFile("garbage.csv", body.encode("utf-8"))])
    rows = batch.rows
    assert rows.filter(pl.col("nav") <= 0).height == 0
    assert rows["date"].null_count() == 0
    kept = set(rows["line_no"].to_list())
    rejected = batch.rejects["line_no"].to_list()
    assert len(rejected) == len(set(rejected)) and not kept & set(rejected)
    # the physical lines: str.split on "\n" is what a reader sees (CR stripped)
    physical = body.split("\n")
    for no, text in enumerate(physical[1:], start=2):
        text = text.rstrip("\r\n")
        if ";" in text and text.strip():
            assert (no in kept) != (no in rejected), (no, text)


def test_stream_of_many_files_keeps_file_order() -> None:
    """Line numbers and file indexes survive batching of many files."""
    body = (FIXTURES / "navall8.txt").read_bytes()
    files = [RawFile(f"f{i}.txt", body) for i in range(50)]
    rows = parse_files(files).rows
    assert rows.height == 150
    assert rows["file_idx"].unique().len() == 50
    assert rows.filter(pl.col("file_idx") == 49)["line_no"].to_list() == [7, 8, 9]
    assert io.BytesIO(body).read(11) == b"Scheme Code"
