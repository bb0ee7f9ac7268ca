"""The CLI end to end: real store files, real parsing, output as a script or a person sees it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fundlens.cli import main
from fundlens.store.meta import META_KEYS
from tests.conftest import AMFI_DAILY


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "real.duckdb"
    assert main(["ingest", str(AMFI_DAILY), "--db", str(db), "--json"]) == 0
    return db


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> object:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(
        capsys, ["ingest", str(AMFI_DAILY / "2006"), "--db", str(tmp_path / "a.duckdb"), "--json"]
    )
    assert payload == {
        "files": 1,
        "files_skipped": 0,
        "rows_loaded": 1738,
        "duplicates": 0,
        "revisions": 0,
        "rows_rejected": {
            "junk_nav": 31,
            "zero_nav": 21,
            "negative_nav": 0,
            "bad_date": 0,
            "bad_code": 0,
            "malformed_row": 0,
            "truncated_row": 0,
            "html_body": 0,
            "empty_body": 0,
            "unknown_layout": 0,
        },
    }


def test_nav_csv_and_json(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, ["nav", "102652", "--db", str(real_db), "--format", "json"])
    dates = [row["date"] for row in payload["data"]]  # type: ignore[index]
    assert dates == sorted(dates) and dates[0] == "2006-04-03"
    assert payload["data"][0]["nav"] == 11.7436  # type: ignore[index]
    assert payload["synthetic"] is False  # type: ignore[index]
    capsys.readouterr()
    assert main(["nav", "102652", "--db", str(real_db), "--to", "2006-12-31"]) == 0
    assert capsys.readouterr().out.splitlines() == ["date,nav", "2006-04-03,11.7436"]


def test_unknown_code_is_one_red_line(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nav", "42", "--db", str(real_db)]) == 1
    captured = capsys.readouterr()
    assert "unknown scheme code 42" in captured.err
    assert "Traceback" not in captured.err


def test_from_after_to_is_refused(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["nav", "102652", "--db", str(real_db), "--from", "2010-01-01", "--to", "2009-01-01"])
        == 1
    )
    assert "after --to" in capsys.readouterr().err


def test_missing_store_and_missing_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "stats", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no store at" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "x.duckdb")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_search_by_words_code_and_isin(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = _json(
        capsys, ["schemes", "search", "abn amro monthly growth", "--db", str(real_db), "--json"]
    )
    assert 102652 in [h["scheme_code"] for h in hits["data"]]  # type: ignore[index]
    by_isin = _json(capsys, ["schemes", "search", "inf063a01027", "--db", str(real_db), "--json"])
    assert [h["scheme_code"] for h in by_isin["data"]] == [100347]  # type: ignore[index]


def test_show_has_every_field_and_history(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fundlens.store.schema import TABLES

    detail = _json(capsys, ["schemes", "show", "102652", "--db", str(real_db), "--json"])
    fields = [line.split()[0] for line in TABLES["schemes"].strip().splitlines()]
    assert set(fields) <= set(detail)  # type: ignore[arg-type]
    kinds = {h["kind"] for h in detail["history"]}  # type: ignore[index]
    assert {"name", "amc", "category"} <= kinds


def test_db_stats_is_the_meta_object(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = _json(capsys, ["db", "stats", "--db", str(real_db), "--json"])
    assert tuple(meta) == META_KEYS  # type: ignore[arg-type]
    assert meta["first_date"] == "2006-04-03" and meta["last_date"] == "2026-10-10"  # type: ignore[index]
    assert meta["synthetic"] is False  # type: ignore[index]


def test_db_flag_beats_environment(
    real_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FUNDLENS_DB", str(tmp_path / "elsewhere.duckdb"))
    assert main(["db", "stats", "--json"]) == 1  # the env store does not exist
    capsys.readouterr()
    meta = _json(capsys, ["db", "stats", "--json", "--db", str(real_db)])
    assert meta["nav_rows"] > 0  # type: ignore[index]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in (
        "init",
        "ingest",
        "import-mfapi",
        "import-sqlite",
        "import-scheme-master",
        "synth",
        "nav",
        "schemes",
        "db",
    ):
        assert command in text
