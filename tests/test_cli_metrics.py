"""``fundlens metrics`` and ``fundlens riskfree import`` end to end on real and demo stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fundlens.analytics.keys import all_keys
from fundlens.cli import main
from fundlens.cli._common import SYNTHETIC_BANNER
from fundlens.schemes.benchmarks import BENCHMARK_LABEL
from fundlens.settings import get_settings
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON, SHARED

RBI_TBILLS = SHARED / "data" / "meta" / "riskfree" / "rbi_91day_tbills_from_dbie.csv"
#: UTI Nifty 50 Regular / Direct, SBI Blue Chip, Parag Parikh Flexi Cap Direct, HDFC Liquid,
#: HDFC Flexi Cap, Mirae Large Cap (328-day hole).
CODES = (100822, 120716, 103504, 122639, 100868, 101762, 107578)


def _import(db: Path, codes: tuple[int, ...]) -> None:
    files = [str(NAV_JSON / f"{c}.json") for c in codes]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("metrics") / "real.duckdb"
    _import(db, CODES)
    return db


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[str, str]:
    capsys.readouterr()
    assert main(argv) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def _metrics(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, Any]:
    out, _ = _run(capsys, ["metrics", *args, "--db", str(db), "--json"])
    payload: dict[str, Any] = json.loads(out)
    return payload


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    return captured.err


def test_json_has_every_key_and_the_real_anchor(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _metrics(capsys, real_db, "100822")
    assert list(report["metrics"]) == list(all_keys())
    assert isinstance(report["reasons"], dict)
    # null ⇔ a reason: never a null without one, never a reason beside a number
    nulls = {k for k, v in report["metrics"].items() if v is None}
    assert nulls == set(report["reasons"])
    assert report["synthetic"] is False
    assert report["scheme_code"] == 100822
    assert report["window"] == {
        "start_date": "2000-03-27",
        "end_date": "2016-02-22",
        "days": 5810,
        "observations": report["window"]["observations"],
    }
    assert report["rf"] == {"kind": "flat", "annual_rate": 0.065}
    # conventions.md anchor: −59.66 %, peak 08 Jan 2008, trough 27 Oct 2008, recovered 09 Dec 2013
    assert round(report["metrics"]["max_drawdown"] * 100, 2) == -59.66
    assert report["drawdown"]["peak_date"] == "2008-01-08"
    assert report["drawdown"]["trough_date"] == "2008-10-27"
    assert report["drawdown"]["recovery_date"] == "2013-12-09"
    # 100822 is the Nifty 50 stand-in itself: no benchmark, and the reason says so
    assert report["benchmark"] is None
    assert report["reasons"]["beta"] == "the scheme is the Nifty 50 stand-in itself"


def test_auto_benchmark_is_the_category_stand_in(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _metrics(capsys, real_db, "103504")  # SBI Blue Chip, Large Cap → Nifty 50
    assert report["benchmark"]["code"] == 100822
    assert report["benchmark"]["label"] == BENCHMARK_LABEL == "index fund (incl. costs)"
    assert report["metrics"]["beta"] is not None and "beta" not in report["reasons"]
    # a liquid fund has no stand-in in the store
    liquid = _metrics(capsys, real_db, "100868")
    assert liquid["benchmark"] is None
    assert liquid["reasons"]["beta"].startswith("no benchmark for")


def test_benchmark_starting_later_sets_the_window(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = _metrics(capsys, real_db, "100822", "--benchmark", "120716")
    assert report["window"]["start_date"] == "2013-01-01"  # Direct plans start 2013-01-01
    assert report["window"]["end_date"] == "2016-02-22"
    assert report["benchmark"]["code"] == 120716
    assert report["metrics"]["beta"] is not None


def test_benchmark_none(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _metrics(capsys, real_db, "103504", "--benchmark", "none")
    assert report["benchmark"] is None
    assert report["metrics"]["beta"] is None
    assert report["reasons"]["beta"] == "no benchmark given"
    assert report["reasons"]["capture_ratio_3y"] == "no benchmark given"
    # stand-alone metrics are unaffected by the missing benchmark
    assert report["metrics"]["volatility"] is not None


def test_rf_flag_beats_the_environment(
    real_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    flag_alone = _metrics(capsys, real_db, "103504", "--rf", "0.08")
    monkeypatch.setenv("FUNDLENS_RF", "0.05")
    get_settings.cache_clear()
    env_alone = _metrics(capsys, real_db, "103504")
    both = _metrics(capsys, real_db, "103504", "--rf", "0.08")
    assert env_alone["rf"] == {"kind": "flat", "annual_rate": 0.05}
    assert both["rf"] == flag_alone["rf"] == {"kind": "flat", "annual_rate": 0.08}
    assert both["metrics"]["sharpe"] == flag_alone["metrics"]["sharpe"]
    assert both["metrics"]["sharpe"] != env_alone["metrics"]["sharpe"]
    # a higher risk-free rate lowers Sharpe
    assert both["metrics"]["sharpe"] < env_alone["metrics"]["sharpe"]


def test_rf_in_percent_is_refused(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(capsys, ["metrics", "103504", "--rf", "6.5", "--db", str(real_db)])
    assert "0.065" in err and "fraction" in err


def test_unknown_code_is_one_line(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(capsys, ["metrics", "42", "--db", str(real_db), "--json"])
    assert "42" in err and "not in the store" in err
    err = _error(capsys, ["metrics", "103504", "--benchmark", "42", "--db", str(real_db)])
    assert "42" in err
    err = _error(capsys, ["metrics", "103504", "--benchmark", "nifty", "--db", str(real_db)])
    assert "'nifty'" in err


def test_from_after_to_is_refused(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["metrics", "103504", "--from", "2012-01-01", "--to", "2010-01-01"]
    err = _error(capsys, [*argv, "--db", str(real_db)])
    assert "after --to" in err


def test_from_and_to_cut_the_window(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _metrics(capsys, real_db, "103504", "--from", "2010-01-01", "--to", "2014-12-31")
    assert report["window"]["start_date"] >= "2010-01-01"
    assert report["window"]["end_date"] <= "2014-12-31"
    assert set(report["calendar_year_returns"]) <= {"2010", "2011", "2012", "2013", "2014"}


def test_imported_series_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "rf.duckdb"
    _import(db, (100822, 103504))
    flat = _metrics(capsys, db, "103504")
    out, _ = _run(capsys, ["riskfree", "import", str(RBI_TBILLS), "--db", str(db), "--json"])
    stored = json.loads(out)
    assert stored["points"] == 1676 and stored["percent"] is True
    assert stored["rejected_by_reason"] == {}
    series = _metrics(capsys, db, "103504")
    assert series["rf"]["kind"] == "series"
    assert series["rf"]["points"] == 1676
    assert series["rf"]["first_date"] == "1993-01-08"
    assert series["metrics"]["sharpe"] != flat["metrics"]["sharpe"]
    # --rf still beats the imported series
    flag = _metrics(capsys, db, "103504", "--rf", "0.065")
    assert flag["rf"] == {"kind": "flat", "annual_rate": 0.065}
    assert flag["metrics"]["sharpe"] == flat["metrics"]["sharpe"]


def test_riskfree_import_human_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("date,annual_rate\n2024-01-05,0.065\n2024-01-12,N.A.\n", encoding="utf-8")
    out, _ = _run(capsys, ["riskfree", "import", str(RBI_TBILLS), "--db", str(tmp_path / "a")])
    assert "stored 1,676 rates 1993-01-08 → 2025-04-23" in out
    assert "2.93% … 12.97% a year, read as percent" in out
    out, _ = _run(capsys, ["riskfree", "import", str(path), "--db", str(tmp_path / "a")])
    assert "stored 1 rates 2024-01-05 → 2024-01-05" in out
    assert "rejected junk_rate: 1" in out


def test_riskfree_import_refuses_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("when,annual_rate\n2024-01-05,0.065\n", encoding="utf-8")
    err = _error(capsys, ["riskfree", "import", str(path), "--db", str(tmp_path / "a")])
    assert "no 'date' column" in err


def test_human_output_has_the_tables(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["metrics", "103504", "--db", str(real_db)])
    for title in ("Whole window", "Trailing windows", "Rolling returns (annualised)"):
        assert title in out
    assert "benchmark: 100822" in out and BENCHMARK_LABEL in out
    assert "window: 2006-02-17 → 2016-02-22" in out
    assert "max drawdown: peak" in out
    assert SYNTHETIC_BANNER not in err
    out, _ = _run(capsys, ["metrics", "100822", "--db", str(real_db)])
    assert "max drawdown: peak 2008-01-08, trough 2008-10-27, recovered 2013-12-09" in out
    assert "-59.66%" in out


def _demo_equity_code(db: Path) -> int:
    con = reader(db)
    try:
        rows = con.sql(
            "SELECT scheme_code FROM schemes WHERE sebi_category = 'Large Cap' "
            "AND vehicle = 'active' AND option = 'growth' ORDER BY scheme_code LIMIT 1"
        ).fetchall()
    finally:
        con.close()
    assert rows
    return int(rows[0][0])


def test_demo_store_is_labelled_synthetic(
    demo_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = str(_demo_equity_code(demo_store))
    report = _metrics(capsys, demo_store, code)
    assert report["synthetic"] is True
    assert report["benchmark"]["label"] == "index fund (incl. costs)"
    assert report["metrics"]["beta"] is not None
    assert list(report["metrics"]) == list(all_keys())
    out, err = _run(capsys, ["metrics", code, "--db", str(demo_store)])
    assert SYNTHETIC_BANNER in err
    assert "Whole window" in out
