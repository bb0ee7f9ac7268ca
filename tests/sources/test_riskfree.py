"""The risk-free CSV reader on RBI's real 91-day T-bill file and on hand-written files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fundlens.errors import InputError
from fundlens.sources.riskfree import read_riskfree_csv
from tests.conftest import SHARED

RBI_TBILLS = SHARED / "data" / "meta" / "riskfree" / "rbi_91day_tbills_from_dbie.csv"


def _write(tmp_path: Path, text: str, name: str = "rf.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rbi_file_is_read_as_percent() -> None:
    # data/meta/README.md: 1,676 rows, 1993-01-08 → 2025-04-23, range 2.93–12.97 %
    parsed = read_riskfree_csv(RBI_TBILLS)
    rates = parsed.rates
    assert parsed.percent is True
    assert rates.columns == ["date", "annual_rate"]
    assert rates.height == 1676
    assert parsed.rejected_by_reason == {}
    assert parsed.duplicate_dates == 0
    assert rates["date"][0] == dt.date(1993, 1, 8)
    assert rates["date"][-1] == dt.date(2025, 4, 23)
    assert rates["date"].is_sorted() and rates["date"].n_unique() == 1676
    # first line of the file: 1993-01-08,8.998 → 0.08998 a year
    assert rates["annual_rate"][0] == pytest.approx(0.08998, rel=1e-12)
    # last line: 2025-04-23,5.9048
    assert rates["annual_rate"][-1] == pytest.approx(0.059048, rel=1e-12)
    assert round(rates["annual_rate"].min(), 4) == 0.0293  # type: ignore[arg-type]
    assert round(rates["annual_rate"].max(), 4) == 0.1297  # type: ignore[arg-type]


def test_bad_rows_are_counted_by_reason(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "date,annual_rate,note\n"
        "2024-01-05,0.0650,good\n"
        "2024-01-12,0.0655,good; replaced by the dd-mm-yyyy row below\n"
        "2024-02-30,0.0660,no such day -> bad_date\n"
        "2024/01/19,0.0660,slashes -> bad_date\n"
        "not a date,N.A.,bad_date wins over junk_rate\n"
        "2024-01-26,N.A.,junk_rate\n"
        "2024-02-23,,empty rate -> junk_rate\n"
        "2024-02-02,6.5,a percent in the fraction column -> rate_out_of_range\n"
        "2024-02-09,-0.06,below -5 % -> rate_out_of_range\n"
        "2024-02-16,  0.0675  ,padded: kept\n"
        "12-01-2024,0.0670,same day as 2024-01-12: the last row wins\n",
    )
    parsed = read_riskfree_csv(path)
    assert parsed.percent is False
    assert parsed.rejected_by_reason == {"bad_date": 3, "junk_rate": 2, "rate_out_of_range": 2}
    assert parsed.duplicate_dates == 1
    assert parsed.rates.rows() == [
        (dt.date(2024, 1, 5), 0.065),
        (dt.date(2024, 1, 12), 0.067),
        (dt.date(2024, 2, 16), 0.0675),
    ]


def test_rate_range_bounds(tmp_path: Path) -> None:
    # RATE_RANGE is [-0.05, 1.0): -5 % is kept, 100 % is not
    path = _write(tmp_path, "date,annual_rate\n2024-01-01,-0.05\n2024-01-02,1.0\n2024-01-03,0\n")
    parsed = read_riskfree_csv(path)
    assert parsed.rates.rows() == [(dt.date(2024, 1, 1), -0.05), (dt.date(2024, 1, 3), 0.0)]
    assert parsed.rejected_by_reason == {"rate_out_of_range": 1}


def test_percent_header_with_bom_any_case_and_order(tmp_path: Path) -> None:
    # Yield in percent: 6.5 → 0.065, 7.25 → 0.0725; 650 % → 6.5 a year → out of range
    path = _write(
        tmp_path,
        "\ufeffYield,Source,DATE\n6.5,x,2024-03-28\n7.25,x,28-03-2023\n650,x,2024-04-04\n",
    )
    parsed = read_riskfree_csv(path)
    assert parsed.percent is True
    assert parsed.rejected_by_reason == {"rate_out_of_range": 1}
    dates = parsed.rates["date"].to_list()
    assert dates == [dt.date(2023, 3, 28), dt.date(2024, 3, 28)]
    assert parsed.rates["annual_rate"].to_list() == pytest.approx([0.0725, 0.065], rel=1e-12)


def test_rate_pct_is_percent(tmp_path: Path) -> None:
    parsed = read_riskfree_csv(_write(tmp_path, "date,rate_pct\n2024-01-01,6.75\n"))
    assert parsed.percent is True
    assert parsed.rates["annual_rate"].to_list() == pytest.approx([0.0675], rel=1e-12)


def test_missing_date_column_names_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "day,annual_rate\n2024-01-01,0.065\n")
    with pytest.raises(InputError, match=r"no 'date' column \(header: day, annual_rate\)"):
        read_riskfree_csv(path)


def test_missing_rate_column_says_what_is_expected(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,rate\n2024-01-01,0.065\n")
    with pytest.raises(InputError, match=r"no rate column; expected 'annual_rate'.*'yield'"):
        read_riskfree_csv(path)


def test_no_valid_row_and_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "date,annual_rate\n2024-01-01,N.A.\n2024-13-01,0.06\n")
    with pytest.raises(InputError, match="no valid"):
        read_riskfree_csv(path)
    with pytest.raises(InputError, match="no such file"):
        read_riskfree_csv(tmp_path / "nope.csv")
