"""``fundlens expense …`` and ``fundlens amc …`` end to end on a store built from the real
files in shared/data/nav, and on the synthetic demo store (banner, multi-scheme AMCs)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fundlens.analytics.keys import all_keys
from fundlens.cli import main
from fundlens.cli._common import SYNTHETIC_BANNER
from tests.conftest import NAV_JSON


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("compare") / "real.duckdb"
    files = sorted(str(p) for p in NAV_JSON.glob("*.json"))
    assert main(["import-mfapi", *files, "--db", str(db), "--json"]) == 0
    return db


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[str, str]:
    capsys.readouterr()
    assert main(argv) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Any:
    out, _ = _run(capsys, [*args, "--db", str(db), "--json"])
    return json.loads(out)


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    return captured.err


def test_expense_pairs(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, real_db, "expense", "pairs")
    assert payload["count"] == 14 and payload["synthetic"] is False
    assert {(p["direct_code"], p["regular_code"]) for p in payload["data"]} >= {
        (120716, 100822), (119063, 101525), (118955, 101762),
    }  # fmt: skip
    hdfc = _json(capsys, real_db, "expense", "pairs", "--amc", "hdfc")
    assert hdfc["count"] == 4
    assert hdfc["data"][0]["overlap_start"] == "2013-01-01"
    out, _ = _run(capsys, ["expense", "pairs", "--amc", "uti", "--db", str(real_db)])
    assert "120716" in out and "100822" in out


def test_expense_drag(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 45.97/45.72 − 1 = 0.0054680665 over 1147 days; 0.17368 % a year (hand arithmetic in
    # tests/analytics/test_expense.py)
    payload = _json(capsys, real_db, "expense", "drag", "120716", "100822")
    assert payload["drag"] == pytest.approx(0.0054680665, abs=1e-10)
    assert payload["annualised"] == pytest.approx(0.0017368225, abs=1e-9)
    assert payload["window"]["days"] == 1147
    assert len(payload["series"]["dates"]) <= 500
    out, _ = _run(capsys, ["expense", "drag", "120716", "100822", "--db", str(real_db)])
    assert "Direct ahead by 0.55% in total, 0.17% a year" in out
    assert "2013-01-01 → 2016-02-22 (1147 d" in out
    cut = _json(capsys, real_db, "expense", "drag", "120716", "100822", "--from", "2015-06-01")
    assert cut["annualised"] is None and "< 365 d" in cut["reasons"]["annualised"]


def test_expense_summary(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, real_db, "expense", "summary", "hdfc")
    assert payload["growth_pairs"] == 4
    assert payload["median_annualised"] == pytest.approx(0.0045327, abs=1e-7)
    out, _ = _run(capsys, ["expense", "summary", "hdfc", "--db", str(real_db)])
    assert "median 0.45% a year" in out


def test_amc_list_schemes_categories(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = _json(capsys, real_db, "amc", "list")
    by_id = {a["amc_id"]: a for a in payload["data"]}
    assert by_id["hdfc"]["schemes"] == 8
    assert by_id["hdfc"]["first_nav_date"] == "1995-01-02"
    assert {"category": "Flexi Cap", "schemes": 2} in by_id["hdfc"]["categories"]
    out, _ = _run(capsys, ["amc", "list", "--db", str(real_db)])
    assert "hdfc" in out and "9 AMC(s)" in out
    schemes = _json(capsys, real_db, "amc", "schemes", "ppfas")
    assert [s["scheme_code"] for s in schemes["data"]] == [122639, 122640]
    cats = _json(capsys, real_db, "amc", "categories")
    assert {"category": "Flexi Cap", "slug": "flexi-cap", "schemes": 5, "amcs": 3} in cats["data"]


def test_amc_compare_json_has_the_metrics_keys(
    real_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = _json(
        capsys, real_db, "amc", "compare", "hdfc", "uti", "ppfas", "--category", "Flexi Cap",
        "--plan", "regular",
    )  # fmt: skip
    assert [a["amc"] for a in payload["amcs"]] == ["hdfc", "uti", "ppfas"]
    for amc in payload["amcs"]:
        assert list(amc["metrics"]) == list(all_keys())
        nulls = {k for k, v in amc["metrics"].items() if v is None}
        assert nulls == set(amc["reasons"])
    assert payload["benchmark"]["code"] == 100822
    assert payload["window"]["start_date"] == "2014-04-16"
    own = _json(
        capsys, real_db, "amc", "compare", "hdfc", "ppfas", "--category", "flexi-cap",
        "--plan", "regular", "--own-windows", "--from", "2015-01-01", "--rf", "0.07",
    )  # fmt: skip
    assert own["amcs"][0]["window"]["start_date"] == "2015-01-01"
    assert own["amcs"][0]["rf"] == {"kind": "flat", "annual_rate": 0.07}


def test_amc_compare_human_and_errors(real_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _run(
        capsys,
        ["amc", "compare", "hdfc", "uti", "--category", "Flexi Cap", "--plan", "regular",
         "--db", str(real_db)],
    )  # fmt: skip
    assert "AMC portfolios (common window)" in out and "sharpe" in out
    assert "index fund (incl. costs)" in out
    err = _error(capsys, ["amc", "compare", "nosuch", "--category", "Large Cap",
                          "--db", str(real_db)])  # fmt: skip
    assert "no AMC 'nosuch'" in err
    err = _error(capsys, ["amc", "compare", "hdfc", "--category", "Large Cap",
                          "--db", str(real_db)])  # fmt: skip
    assert "hdfc has no growth-option Large Cap schemes of the direct plan" in err
    err = _error(capsys, ["expense", "drag", "100822", "120716", "--db", str(real_db)])
    assert "not a Direct plan" in err


def test_demo_store_says_it_is_synthetic(
    demo_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, err = _run(
        capsys,
        ["amc", "compare", "lotus-bay", "banyan", "--category", "Mid Cap", "--plan",
         "regular", "--db", str(demo_store)],
    )  # fmt: skip
    assert SYNTHETIC_BANNER in err
    payload = _json(capsys, demo_store, "amc", "compare", "lotus-bay", "--category", "mid-cap",
                    "--plan", "regular")  # fmt: skip
    assert payload["synthetic"] is True
    closed = [s for s in payload["amcs"][0]["schemes"] if not s["alive"]]
    assert [s["scheme_code"] for s in closed] == [900665]
    summary = _json(capsys, demo_store, "expense", "summary", "lotus-bay")
    assert summary["synthetic"] is True
    idcw = [p for p in summary["pairs"] if p["price_return_only"]]
    assert idcw and summary["growth_pairs"] == len(summary["pairs"]) - len(idcw)
    _, err = _run(capsys, ["expense", "pairs", "--db", str(demo_store)])
    assert SYNTHETIC_BANNER in err
