"""``fundlens sip`` end to end on a real store (and a tiny synthetic one for the banner)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from fundlens.cli import main
from fundlens.cli._common import SYNTHETIC_BANNER
from fundlens.cli.sip import rupees
from fundlens.services.sip import sip_report
from fundlens.store.snapshots import reader
from tests.conftest import NAV_JSON

#: UTI Nifty 50 Regular, Parag Parikh Flexi Cap Direct (677 days of history).
CODES = (100822, 122639)
PLAN = ["--amount", "10000", "--day", "5", "--from", "2010-01-01", "--to", "2015-12-31"]


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli-sip") / "real.duckdb"
    files = [str(NAV_JSON / f"{c}.json") for c in CODES]
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return db


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[str, str]:
    capsys.readouterr()
    assert main(argv) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> dict[str, Any]:
    out, _ = _run(capsys, ["sip", *args, "--db", str(db), "--json"])
    payload: dict[str, Any] = json.loads(out)
    return payload


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    return captured.err


def test_json_is_the_service_report(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, real_db, "100822", *PLAN, "--step-up", "0.1")
    con = reader(real_db)
    try:
        expected = sip_report(
            con, 100822, amount=10_000.0, day=5, start_date=dt.date(2010, 1, 1),
            end_date=dt.date(2015, 12, 31), step_up=0.1,
        )  # fmt: skip
    finally:
        con.close()
    assert payload == json.loads(json.dumps(expected))
    assert payload["summary"]["instalments"] == 72
    assert payload["instalments"][12]["amount"] == pytest.approx(11_000.0)  # the step-up
    assert "rolling" not in payload


def test_rolling_adds_the_distribution(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, real_db, "100822", "--day", "5", "--rolling", "3")
    window = payload["rolling"]["3y"]
    assert window["years"] == 3 and window["reason"] is None
    assert window["distribution"]["count"] == len(window["xirr"]) == 155
    assert window["starts"][0] == "2000-04-05"  # the first 5th on or after the first NAV


def test_human_output(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _run(capsys, ["sip", "100822", *PLAN, "--rolling", "3", "--db", str(real_db)])
    assert SYNTHETIC_BANNER not in err
    assert "UTI Nifty 50 Index Fund" in out and "SIP against the same money" in out
    assert "₹7,20,000" in out  # 72 × 10,000 invested, both columns
    assert "2010-01-05" in out and "2010-01-04" not in out  # day 5: 5 Jan for both
    for label in ("XIRR / CAGR", "absolute return", "Rolling 3-year SIPs", "share above 12 %"):
        assert label in out


def test_young_fund_rolling_says_why(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _run(capsys, ["sip", "122639", "--rolling", "3", "--db", str(real_db)])
    assert "no complete 3y SIP" in out
    payload = _json(capsys, real_db, "122639", "--rolling", "3")
    assert payload["rolling"]["3y"]["distribution"]["count"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--amount", "0"], "amount must be a positive"),
        (["--amount", "-500"], "amount must be a positive"),
        (["--day", "0"], "day must be a day of the month"),
        (["--day", "32"], "day must be a day of the month"),
        (["--step-up", "10"], "step-up must be a fraction"),
        (["--from", "2012-01-01", "--to", "2011-01-01"], "--from 2012-01-01 is after --to"),
        (["--from", "2012-01-07", "--to", "2012-01-08"], "no NAV between 2012-01-07"),
        (["--to", "1999-12-31"], "before the fund's first NAV (2000-03-27)"),
        (["--from", "2017-01-01"], "after the fund's last NAV"),
        (["--rolling", "0"], "whole number"),
    ],
)
def test_bad_input_is_one_line(
    real_db: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    err = _error(capsys, ["sip", "100822", *args, "--db", str(real_db)])
    assert message in err


def test_unknown_scheme(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "not in the store" in _error(capsys, ["sip", "4242", "--db", str(real_db)])


def test_synthetic_store_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files, db = tmp_path / "synth", tmp_path / "synth.duckdb"
    argv = ["synth", "--out", str(files), "--schemes", "2", "--years", "2", "--no-junk"]
    _run(capsys, argv)
    _run(capsys, ["ingest", str(files), "--db", str(db), "--json"])
    con = reader(db)
    try:
        code = int(con.sql("SELECT min(scheme_code) FROM schemes").fetchall()[0][0])
    finally:
        con.close()
    _, err = _run(capsys, ["sip", str(code), "--db", str(db)])
    assert SYNTHETIC_BANNER in err
    assert _json(capsys, db, str(code))["synthetic"] is True


def test_rupees_use_indian_grouping() -> None:
    assert [rupees(v) for v in (0.4, 999.0, 1000.0, 100_000.0, 12_345_678.0)] == [
        "₹0", "₹999", "₹1,000", "₹1,00,000", "₹1,23,45,678",
    ]  # fmt: skip
