"""Index file reader on every real layout in ../shared/data (read in place) and on small
hand-written files (labelled as such) for junk rows, conflicts and layout errors.

Row counts and spans are the data READMEs' (meta/README.md, index/README.md); first and
last values are the files' own first and last data rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from fundlens.errors import InputError
from fundlens.sources.index_series import detect_kind, read_index_file
from tests.conftest import SHARED

META_INDEX = SHARED / "data" / "meta" / "index"
NIFTY_JSON = SHARED / "data" / "index" / "nifty50-close-2015-2025.json"
WIDE = META_INDEX / "nifty_tri_2026-06.csv"
D = dt.date

#: file, layout, kind, rows, (first date, first value), (last date, last value)
REAL = [
    ("TRI_NIFTY_50_nsedashboard.csv", "nse_dashboard", "tri", 2474,
     (D(2016, 7, 8), 11172.39), (D(2026, 7, 3), 36772.46)),
    ("TRI_NIFTY_100_nsedashboard.csv", "nse_dashboard", "tri", 2474,
     (D(2016, 7, 8), 10418.99), (D(2026, 7, 3), 35003.81)),
    ("TRI_NIFTY_500_nsedashboard.csv", "nse_dashboard", "tri", 2474,
     (D(2016, 7, 8), 10126.0), (D(2026, 7, 3), 37379.33)),
    ("TRI_NIFTY_MIDCAP_150_nsedashboard.csv", "nse_dashboard", "tri", 2474,
     (D(2016, 7, 8), 5504.55), (D(2026, 7, 3), 29193.83)),
    ("TRI_NIFTY_SMALLCAP_250_nsedashboard.csv", "nse_dashboard", "tri", 2474,
     (D(2016, 7, 8), 5471.53), (D(2026, 7, 3), 22926.55)),
    ("TRI_NIFTY_LARGEMIDCAP_250_nsedashboard.csv", "nse_dashboard", "tri", 2474,
     (D(2016, 7, 8), 5084.95), (D(2026, 7, 3), 21693.27)),
    ("NIFTY 50_Historical_PR_12112004to12112024.csv", "nse_historical", "price", 4961,
     (D(2004, 11, 12), 1872.95), (D(2024, 11, 11), 24141.30)),
    ("NIFTY MIDCAP 150_Historical_PR_01012005to24032025.csv", "nse_historical", "price", 4957,
     (D(2005, 4, 1), 1000.00), (D(2025, 3, 24), 19418.30)),
    ("NIFTY SMALLCAP 250_Historical_PR_01012007to28032025.csv", "nse_historical", "price", 4520,
     (D(2007, 1, 2), 2044.77), (D(2025, 3, 27), 15111.65)),
    ("NIFTY TOTAL MARKET_Historical_PR_01012007to28032025.csv", "nse_historical", "price", 4520,
     (D(2007, 1, 2), 1844.69), (D(2025, 3, 27), 12026.15)),
    ("NIFTY Total Returns Historical Data.csv", "investing", "tri", 4537,
     (D(2007, 1, 2), 4807.77), (D(2025, 5, 2), 36293.51)),
]  # fmt: skip


@pytest.mark.parametrize(("file", "layout", "kind", "rows", "first", "last"), REAL)
def test_real_index_files(
    file: str,
    layout: str,
    kind: str,
    rows: int,
    first: tuple[dt.date, float],
    last: tuple[dt.date, float],
) -> None:
    parsed = read_index_file(META_INDEX / file, name="an index")
    series = parsed.series
    assert (parsed.layout, parsed.kind, parsed.rows, series.height) == (layout, kind, rows, rows)
    assert parsed.rejected_by_reason == {} and parsed.duplicates == 0
    assert (series["date"][0], series["value"][0]) == first
    assert (series["date"][-1], series["value"][-1]) == last
    assert series["date"].is_sorted() and series["date"].n_unique() == rows


def test_nse_close_only_rows_are_kept() -> None:
    """NSE's back-calculated years have '-' for Open/High/Low: 3,420 Midcap 150 rows carry
    only a Close (meta/README.md) and every one is kept."""
    path = META_INDEX / "NIFTY MIDCAP 150_Historical_PR_01012005to24032025.csv"
    raw = pd.read_csv(path)
    assert int((raw["Open"] == "-").sum()) == 3420
    assert read_index_file(path, name="NIFTY MIDCAP 150").series.height == 4957


def test_nifty50_closes_json() -> None:
    parsed = read_index_file(NIFTY_JSON, name="NIFTY 50")
    series = parsed.series
    assert (parsed.layout, parsed.kind, parsed.column) == ("json", "price", "close")
    assert series.height == 2465
    assert (series["date"][0], series["value"][0]) == (D(2015, 12, 28), 7925.14990234375)
    assert (series["date"][-1], series["value"][-1]) == (D(2025, 12, 26), 26102.55078125)


def test_wide_table_column_by_name_or_flag() -> None:
    by_name = read_index_file(WIDE, name="NIFTY 50 TRI")  # " TRI" dropped to find the column
    assert (by_name.layout, by_name.column, by_name.kind) == ("wide", "NIFTY 50", "tri")
    assert by_name.series.height == 14
    assert (by_name.series["date"][0], by_name.series["value"][0]) == (D(2026, 6, 1), 35303.30)
    assert (by_name.series["date"][-1], by_name.series["value"][-1]) == (D(2026, 6, 18), 36519.02)
    flagged = read_index_file(WIDE, name="mine", column="nifty next 50")
    assert flagged.column == "NIFTY NEXT 50" and flagged.series["value"][0] == 100878.21


TRI_PAIRS = {
    "NIFTY 50": "TRI_NIFTY_50_nsedashboard.csv",
    "NIFTY 100": "TRI_NIFTY_100_nsedashboard.csv",
    "NIFTY 500": "TRI_NIFTY_500_nsedashboard.csv",
    "NIFTY MIDCAP 150": "TRI_NIFTY_MIDCAP_150_nsedashboard.csv",
    "NIFTY SMALLCAP 250": "TRI_NIFTY_SMALLCAP_250_nsedashboard.csv",
    "NIFTY LARGEMIDCAP 250": "TRI_NIFTY_LARGEMIDCAP_250_nsedashboard.csv",
}


@pytest.mark.parametrize("column", sorted(TRI_PAIRS))
def test_dashboard_tri_equals_nse_wide_table_on_2026_06_01(column: str) -> None:
    """meta/README.md: the dashboard files' values equal nifty_tri_2026-06.csv (NSE TRI)
    on 2026-06-01 for all six indices — the evidence that they are TRI."""
    day = D(2026, 6, 1)
    wide = read_index_file(WIDE, name=column).series
    dash = read_index_file(META_INDEX / TRI_PAIRS[column], name=column).series
    assert (
        wide.filter(wide["date"] == day)["value"].item()
        == dash.filter(dash["date"] == day)["value"].item()
    )


def test_investing_tri_agrees_with_nse_tri_where_they_overlap() -> None:
    """The investing.com copy of the Nifty 50 TRI equals NSE's on 2,177 of the 2,180
    common dates (2016-07-08 → 2025-05-02); it is a second source, not a different index."""
    inv = read_index_file(META_INDEX / "NIFTY Total Returns Historical Data.csv", name="x")
    nse = read_index_file(META_INDEX / "TRI_NIFTY_50_nsedashboard.csv", name="x")
    both = inv.series.join(nse.series, on="date", suffix="_nse")
    assert both.height == 2180
    same = (both["value"] / both["value_nse"] - 1).abs() < 1e-6
    assert int(same.sum()) == 2177


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_junk_rows_rejected_by_reason(tmp_path: Path) -> None:
    """Hand-written fixture: one row per kind of junk, a duplicate and a conflict."""
    path = _write(
        tmp_path,
        "junk.csv",
        "date,value\n"
        "2024-01-01,100.5\n"
        "2024-01-02,abc\n"  # junk_value
        "2024-13-01,101\n"  # bad_date
        ",102\n"  # bad_date
        "2024-01-03,0\n"  # zero_value
        "2024-01-04,-5\n"  # negative_value
        "2024-01-05,101.0\n"
        "2024-01-05,101.0\n"  # identical duplicate: dropped, counted
        "2024-01-08,102.0\n"  # conflicting_date (both rows)
        "2024-01-08,103.0\n"
        '2024-01-09,"1,234.5"\n'  # thousands separator: kept
        "2024-01-10,NaN\n"  # junk_value
        "2024-01-11\n",  # no value: junk_value
    )
    parsed = read_index_file(path, name="junk")
    assert parsed.layout == "plain" and parsed.rows == 13
    assert parsed.series.to_dicts() == [
        {"date": D(2024, 1, 1), "value": 100.5},
        {"date": D(2024, 1, 5), "value": 101.0},
        {"date": D(2024, 1, 9), "value": 1234.5},
    ]
    assert parsed.rejected_by_reason == {
        "bad_date": 2,
        "conflicting_date": 2,
        "junk_value": 3,
        "negative_value": 1,
        "zero_value": 1,
    }
    assert parsed.duplicates == 1


def test_nse_tri_export_layout(tmp_path: Path) -> None:
    """Hand-written fixture in NSE's historical layout with a 'Total Returns Index'
    close (the `_Historical_TRI_` download): newest first, DD Mon YYYY, '-' cells."""
    path = _write(
        tmp_path,
        "NIFTY 50_Historical_TRI_01012024to05012024.csv",
        '"Index Name","Date","Total Returns Index"\r\n'
        '"NIFTY 50","05 Jan 2024","32,020.10"\r\n'
        '"NIFTY 50","04 Jan 2024","31,950.00"\r\n'
        '"NIFTY 50","03 Jan 2024","-"',
    )
    parsed = read_index_file(path, name="NIFTY 50")
    assert (parsed.layout, parsed.column, parsed.kind) == (
        "nse_historical",
        "Total Returns Index",
        "tri",
    )
    assert parsed.series["value"].to_list() == [31950.0, 32020.1]
    assert parsed.rejected_by_reason == {"junk_value": 1}


def test_kind_from_flag_name_file_or_column() -> None:
    plain = Path("nifty.csv")
    assert detect_kind(name="NIFTY 50 TRI", path=plain, column="value")[0] == "tri"
    assert detect_kind(name="Nifty 50 Total Return", path=plain, column="value")[0] == "tri"
    assert detect_kind(name="x", path=plain, column="Total Returns Index")[0] == "tri"
    assert detect_kind(name="Tristar Index", path=plain, column="value") == (
        "price",
        "not marked as total return",
    )
    assert detect_kind(name="x", path=plain, column="value", kind="tri") == ("tri", "--tri")
    pr_file = Path("NIFTY 50_Historical_PR_1to2.csv")
    assert detect_kind(name="x", path=pr_file, column="Close")[0] == "price"
    with pytest.raises(InputError, match="price-return export; pass --tri or --price"):
        detect_kind(name="NIFTY 50 TRI", path=pr_file, column="Close")
    assert detect_kind(name="NIFTY 50 TRI", path=pr_file, column="Close", kind="price")[0] == (
        "price"
    )


def test_json_price_unless_told(tmp_path: Path) -> None:
    assert read_index_file(NIFTY_JSON, name="NIFTY 50", kind="tri").kind == "tri"
    path = _write(tmp_path, "mf.json", '{"data": [{"date": "02-01-2024", "nav": "10.5"}]}')
    parsed = read_index_file(path, name="x")
    assert parsed.series.to_dicts() == [{"date": D(2024, 1, 2), "value": 10.5}]


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("when,value\n2024-01-01,1\n", {}, "unknown layout, no 'Date' column"),
        ("Date,A,B\n2024-01-01,1,2\n", {}, "none is named 'x'; pass --column"),
        ("Date,A,B\n2024-01-01,1,2\n", {"column": "C"}, "no column 'C'"),
        ("date,value\n2024-01-01,N.A.\nxx,1\n", {}, "no valid .*junk_value 1"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, kwargs: dict[str, str], message: str) -> None:
    path = _write(tmp_path, "bad.csv", text)
    with pytest.raises(InputError, match=message):
        read_index_file(path, name="x", **kwargs)  # type: ignore[arg-type]


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_index_file(tmp_path / "nope.csv", name="x")
    with pytest.raises(InputError, match="not a JSON file"):
        read_index_file(_write(tmp_path, "b.json", "{oops"), name="x")
    with pytest.raises(InputError, match="JSON list"):
        read_index_file(_write(tmp_path, "c.json", "[1, 2]"), name="x")
