"""AMFI files written from synthetic universes: structure, layouts, round trip, junk, bytes."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from fundlens.sources.synthetic import Summary, Universe, generate_universe, write_universe
from tests.sources.synthetic._amfi_grammar import DayFile, read_day

# Header lines exactly as shared/data/amfi/README.md gives them.
HEADER_A = (
    "Scheme Code;Scheme Name;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Repurchase Price;Sale Price;Date"
)
HEADER_B = (
    "Scheme Code;NAV Name;Plan;Option;ISIN Div Payout/ISIN Growth;ISIN Div Reinvestment;"
    "Net Asset Value;Date"
)
NAV_4DP = re.compile(r"^\d+\.\d{4}$")
MONEY = {"Debt Scheme - Liquid Fund", "Debt Scheme - Overnight Fund"}


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.csv"))


def _day_of(path: Path) -> date:
    return date(int(path.parent.parent.name), int(path.parent.name), int(path.stem))


@pytest.fixture(scope="module")
def recent_dir(recent_universe: Universe, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("recent")
    write_universe(recent_universe, out)
    return out


@pytest.fixture(scope="module")
def full_span(
    small_universe: Universe, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("span")
    return out, write_universe(small_universe, out)


@pytest.fixture(scope="module")
def junk_written(
    recent_universe: Universe, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("junk")
    return out, write_universe(recent_universe, out, junk_rate=0.01, seed=3)


def test_layout_switches_from_a_to_b_on_2026_08_20(recent_dir: Path) -> None:
    for path in _files(recent_dir):
        header = path.read_bytes().split(b"\r\n", 1)[0].decode()
        assert header == (HEADER_B if _day_of(path) >= date(2026, 8, 20) else HEADER_A), path
    assert (recent_dir / "2026/08/19.csv").read_bytes().startswith(HEADER_A.encode() + b"\r\n")
    assert (recent_dir / "2026/08/20.csv").read_bytes().startswith(HEADER_B.encode() + b"\r\n")


def test_every_file_has_the_amfi_structure(recent_dir: Path) -> None:
    for path in _files(recent_dir):
        day = read_day(path)  # asserts CRLF, blank lines, category and AMC lines
        stamp = _day_of(path).strftime("%d-%b-%Y")
        for row in day.rows:
            f = row.fields
            assert len(f) == 8
            assert f[0].isdigit() and len(f[0]) == 6
            assert f[-1] == stamp
            nav = f[6] if day.header == HEADER_B else f[4]
            assert NAV_4DP.match(nav)
            if day.header == HEADER_A:
                assert f[5] == "" and f[6] == ""  # price columns empty after 2016
            else:
                assert f[2] in {"Direct Plan", "Regular Plan", ""}


def test_weekend_files_hold_only_liquid_and_overnight(recent_dir: Path) -> None:
    weekend = [p for p in _files(recent_dir) if _day_of(p).weekday() >= 5]
    assert weekend
    for path in weekend:
        day = read_day(path)
        assert day.rows and {row.category for row in day.rows} <= MONEY
    saturday = read_day(recent_dir / "2026/10/24.csv")
    weekday = read_day(recent_dir / "2026/10/23.csv")
    assert len(weekday.rows) > len(saturday.rows)


def _parse_all(root: Path) -> dict[tuple[int, date], float]:
    out: dict[tuple[int, date], float] = {}
    for path in _files(root):
        day: DayFile = read_day(path)
        nav_at = 6 if day.header == HEADER_B else 4
        for row in day.rows:
            f = row.fields
            when = datetime.strptime(f[-1], "%d-%b-%Y").date()
            assert (int(f[0]), when) not in out
            out[int(f[0]), when] = float(f[nav_at])
    return out


def test_files_round_trip_the_nav_panel(
    small_universe: Universe, full_span: tuple[Path, Summary]
) -> None:
    root, summary = full_span
    parsed = _parse_all(root)
    u = small_universe
    assert len(parsed) == u.nav_rows == summary.nav_rows == summary.lines == summary.valid_rows
    assert summary.files == len(_files(root))
    assert summary.first_date == date(2006, 4, 3) and summary.last_date == date(2026, 10, 30)
    codes = u.schemes["scheme_code"].to_list()
    day_idx, col = np.nonzero(~np.isnan(u.nav))
    sample = np.random.default_rng(0).choice(len(day_idx), 2000, replace=False)
    for k in sample.tolist():
        when = date.fromisoformat(str(u.dates[day_idx[k]]))
        assert parsed[codes[col[k]], when] == pytest.approx(u.nav[day_idx[k], col[k]], abs=5e-5)


def test_price_columns_are_filled_until_2016(full_span: tuple[Path, Summary]) -> None:
    root, _ = full_span
    for row in read_day(root / "2016/12/30.csv").rows:
        assert row.fields[4] == row.fields[5] == row.fields[6]
    for row in read_day(root / "2017/01/02.csv").rows:
        assert row.fields[5] == row.fields[6] == ""


def test_category_and_amc_lines_match_the_scheme_table(
    small_universe: Universe, full_span: tuple[Path, Summary]
) -> None:
    root, _ = full_span
    s = small_universe.schemes
    info = {
        code: (stype, cat, amc)
        for code, stype, cat, amc in zip(
            s["scheme_code"], s["scheme_type"], s["category_raw"], s["amc_name"], strict=True
        )
    }
    for row in read_day(root / "2012/09/17.csv").rows:
        assert info[int(row.fields[0])] == (row.scheme_type, row.category, row.amc)


def test_junk_counts_equal_the_summary(junk_written: tuple[Path, Summary]) -> None:
    root, summary = junk_written
    counts: Counter[str] = Counter()
    lines = 0
    texts = {"#N/A": "na", "N.A.": "n_a", "#DIV/0!": "div0", "B.C.": "bc", "0.0000": "zero",
             "-": "dash"}  # fmt: skip
    for path in _files(root):
        day = read_day(path)
        previous = None
        for row in day.rows:
            lines += 1
            f = row.fields
            if row.line == previous:
                counts["duplicate"] += 1
            elif len(f) != 8:
                counts["malformed"] += 1
            else:
                nav = f[6] if day.header == HEADER_B else f[4]
                if nav in texts:
                    counts[texts[nav]] += 1
                elif nav.startswith("-"):
                    counts["negative"] += 1
            previous = row.line
    assert dict(counts) == summary.junk
    assert set(summary.junk) == {"na", "n_a", "div0", "bc", "zero", "dash", "negative",
                                 "malformed", "duplicate"}  # fmt: skip
    assert lines == summary.lines == summary.nav_rows + summary.duplicates
    assert summary.valid_rows == summary.nav_rows - sum(counts.values()) + counts["duplicate"]


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in _files(root)
    }


def test_same_seed_writes_byte_identical_files(
    junk_written: tuple[Path, Summary], tmp_path: Path
) -> None:
    root, _ = junk_written
    again = generate_universe(n_schemes=60, start=date(2025, 8, 1), end=date(2026, 10, 30), seed=11)
    write_universe(again, tmp_path, junk_rate=0.01, seed=3)
    assert _digest(tmp_path) == _digest(root)


def test_the_project_parser_reads_the_files(junk_written: tuple[Path, Summary]) -> None:
    amfi_parse = pytest.importorskip("fundlens.sources.amfi_parse")
    inputs = pytest.importorskip("fundlens.sources.inputs")
    root, summary = junk_written
    batch = amfi_parse.parse_files([inputs.RawFile(str(p), p.read_bytes()) for p in _files(root)])
    assert {f.layout for f in batch.files} == {"A", "B"}
    rejects = batch.rejects.group_by("reason").len()
    assert dict(zip(rejects["reason"], rejects["len"], strict=True)) == summary.expected_rejects()
    assert batch.rows.height == summary.valid_rows + summary.duplicates
    liquid = "Open Ended Schemes ( Debt Scheme - Liquid Fund )"
    assert batch.rows["category_raw"].str.contains(liquid, literal=True).any()
    assert batch.rows["amc_raw"].str.ends_with(" Mutual Fund").all()
