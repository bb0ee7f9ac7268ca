"""``GET /api/v1/funds/{scheme_code}/analysis`` (seed 002 §6.2) through a real server.

Values against the engine on the same store (``services.report.metrics_report``, the
precomputed ``fund_metrics`` rows, ``services.category.peer_rank``) converted to the seed's
units, and by hand: SBI Blue Chip (103504) against its stand-in UTI Nifty 50 (100822) from
the JSON files, and a peer rank by the percentile formula. The portfolio and manager blocks
say why they have no numbers; without ``fund_metrics`` so does the peer block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from fundlens.cli import main
from fundlens.services.category import peer_rank
from fundlens.services.fund_metrics import read_fund_metrics
from fundlens.services.metrics import resolve_rf
from fundlens.services.report import metrics_report
from fundlens.settings import get_settings
from fundlens.store.snapshots import reader
from tests.api.server import live_server

# seed block → {seed name: (contract key, factor to the seed's unit)}
RETURNS = {"1m": ("return_1m", 100), "3m": ("return_3m", 100), "6m": ("return_6m", 100),
           "1y": ("return_1y", 100), "3y": ("return_3y", 100), "5y": ("return_5y", 100),
           "since_first_nav": ("return_si", 100)}  # fmt: skip
RISK = {"volatility_1y": ("volatility_1y", 100), "volatility_3y": ("volatility_3y", 100),
        "sharpe_ratio_1y": ("sharpe_1y", 1), "sharpe_ratio_3y": ("sharpe_3y", 1),
        "sortino_ratio_3y": ("sortino_3y", 1), "max_drawdown_1y": ("max_drawdown_1y", 100),
        "max_drawdown_3y": ("max_drawdown_3y", 100), "beta": ("beta_3y", 1),
        "alpha": ("alpha_3y", 100), "information_ratio": ("information_ratio_3y", 1)}  # fmt: skip
VERSUS = {"fund_return_3y": ("return_3y", 100), "outperformance": ("excess_return_3y", 100),
          "tracking_error": ("tracking_error_3y", 100),
          "rolling_beat_rate": ("rolling_1y_beat_benchmark", 1)}  # fmt: skip
NO_PEERS = "fund_metrics not computed for 2016-06-10: run fundlens refresh-metrics"


@contextlib.contextmanager
def engine(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture(scope="module")
def ranked_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store with fund_metrics refreshed at its last NAV date (its own copy: the
    shared demo store stays as built)."""
    home = tmp_path_factory.mktemp("api-analysis")
    db = home / "demo.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FUNDLENS_HOME", str(home / "home"))
        mp.setenv("FUNDLENS_OFFLINE", "1")
        get_settings.cache_clear()
        assert main(["init", "--demo", "--db", str(db)]) == 0
        assert main(["refresh-metrics", "--db", str(db), "--json"]) == 0
    get_settings.cache_clear()
    return db


@pytest.fixture(scope="module")
def ranked_api(ranked_store: Path) -> Iterator[str]:
    with live_server(ranked_store) as base:
        yield base


def analysis(api: str, code: int | str) -> httpx.Response:
    return httpx.get(f"{api}/api/v1/funds/{code}/analysis", timeout=30)


def assert_block(block: dict[str, Any], names: dict[str, tuple[str, int]], values: dict) -> None:
    """Each seed field equals the engine's value in the seed's unit (null ⇔ null)."""
    for seed, (key, factor) in names.items():
        want = values[key]
        if want is None:
            assert block[seed] is None, seed
        else:
            assert block[seed] == pytest.approx(want * factor, rel=1e-9, abs=1e-12), seed


def test_sbi_blue_chip_by_hand(real_api: str) -> None:
    r = analysis(real_api, 103504)
    assert r.status_code == 200
    body = r.json()
    assert (body["as_of_date"], body["synthetic"]) == ("2016-06-10", False)
    assert body["scheme_name"] == "SBI BLUE CHIP FUND-REGULAR PLAN GROWTH"
    assert (body["fund_house"], body["category"]) == ("SBI Mutual Fund", "Large Cap")
    assert body["first_nav_date"] == "2006-02-17" and body["last_nav_date"] == "2016-02-22"
    # 103504.json: 22-02-2016 26.17, 22-02-2013 16.50 → (26.17 / 16.50)^(1/3) − 1 = 16.6201 %
    assert body["returns"]["3y"] == pytest.approx(16.6201, abs=1e-4)
    versus = body["benchmark_comparison"]
    assert versus["benchmark_code"] == 100822
    assert versus["benchmark"] == (
        "UTI Nifty 50 Index Fund - Regular Plan - Growth Option (index fund (incl. costs))"
    )
    # 100822.json: 22-02-2016 45.72, 22-02-2013 36.43 → (45.72 / 36.43)^(1/3) − 1 = 7.8654 %
    assert versus["benchmark_return_3y"] == pytest.approx(7.8654, abs=1e-4)
    assert versus["fund_return_3y"] == body["returns"]["3y"]
    assert versus["outperformance"] == pytest.approx(16.6201 - 7.8654, abs=2e-4)
    assert 0 <= versus["rolling_beat_rate"] <= 1  # a fraction, not percent
    assert versus["reasons"] == {} and body["risk_metrics"]["reasons"] == {}
    assert body["portfolio_analysis"]["available"] is False
    assert "NAVs only" in body["portfolio_analysis"]["reason"]
    assert set(body["portfolio_analysis"]) == {"available", "reason"}  # no invented numbers
    assert body["fund_manager"]["available"] is False
    assert body["peer_comparison"]["available"] is False
    assert body["peer_comparison"]["reason"] == NO_PEERS
    assert body["returns"]["since_inception"] is None  # the store has no launch date
    assert "launch date not in the store" in body["returns"]["reasons"]["since_inception"]
    assert body["inception_date"] is None


@pytest.mark.parametrize("code", [103504, 100822, 100868, 122639, 119063])
def test_values_equal_metrics_report(real_api: str, real_store: Path, code: int) -> None:
    body = analysis(real_api, code).json()
    with engine(real_store) as con:
        ref = metrics_report(con, code, rf=resolve_rf(con))
    metrics = ref["metrics"]
    assert_block(body["returns"], RETURNS, metrics)
    assert_block(body["risk_metrics"], RISK, metrics)
    assert_block(body["benchmark_comparison"], VERSUS, metrics)
    assert body["price_return_only"] == ref["price_return_only"]
    # a null says why, under the seed's name
    for seed, (key, _) in RISK.items():
        if metrics[key] is None:
            assert body["risk_metrics"]["reasons"][seed] == ref["reasons"][key]
    window = ref["window"]
    versus = body["benchmark_comparison"]
    assert (versus["start_date"], versus["end_date"]) == (window["start_date"], window["end_date"])
    if ref["benchmark"] is None:
        assert versus["benchmark"] is None and versus["benchmark_return_3y"] is None
        assert "benchmark_return_3y" in versus["reasons"]


def test_short_history_says_why(real_api: str) -> None:
    # PPFAS Flexi Cap Direct: 16-04-2014 to 22-02-2016 in the files, 677 days
    body = analysis(real_api, 122639).json()
    assert body["returns"]["3y"] is None
    assert body["returns"]["reasons"]["3y"] == "history 677 d < window 1095 d"
    assert body["risk_metrics"]["beta"] is None
    assert body["risk_metrics"]["reasons"]["beta"] == "history 677 d < window 1095 d"
    assert body["benchmark_comparison"]["reasons"]["benchmark_return_3y"] == (
        "history 677 d < window 1095 d"
    )
    # since the store's first NAV: (15.99 / 12.32)^(365/677) − 1 = 15.0937 %
    assert body["returns"]["since_first_nav"] == pytest.approx(15.0937, abs=1e-4)


def test_no_benchmark(real_api: str) -> None:
    body = analysis(real_api, 100868).json()  # HDFC Liquid: no stand-in for Liquid
    versus = body["benchmark_comparison"]
    assert versus["benchmark"] is None and versus["outperformance"] is None
    assert versus["reasons"]["outperformance"] == "no benchmark for Liquid"
    assert body["risk_metrics"]["reasons"]["beta"] == "no benchmark for Liquid"


def test_peer_comparison_from_fund_metrics(ranked_api: str, ranked_store: Path) -> None:
    body = analysis(ranked_api, 900115).json()
    peers = body["peer_comparison"]
    assert peers["available"] is True and peers["reason"] is None
    assert (peers["metric"], peers["as_of"]) == ("return_3y", "2026-10-30")
    # rank 6 of 13 by 3-year return: percentile (13 − 6) / (13 − 1) × 100 = 58.333
    assert (peers["category_rank"], peers["category_total"]) == (6.0, 13)
    assert peers["percentile"] == pytest.approx(58.3333, abs=1e-4)
    with engine(ranked_store) as con:
        ref = peer_rank(con, 900115)["metrics"]["return_3y"]
    assert peers["category_rank"] == ref["rank"] and peers["category_total"] == ref["peer_count"]
    assert peers["percentile"] == pytest.approx(100 * ref["percentile"], rel=1e-12)
    assert peers["quartile"] == ref["quartile"]


def test_values_equal_the_fund_metrics_row(ranked_api: str, ranked_store: Path) -> None:
    # two engines, one answer: the per-request full set and the precomputed universe row
    body = analysis(ranked_api, 900010).json()
    assert body["synthetic"] is True
    with engine(ranked_store) as con:
        row = read_fund_metrics(con, codes=[900010]).row(0, named=True)
    assert_block(body["returns"], {k: v for k, v in RETURNS.items() if k != "since_first_nav"},
                 row)  # fmt: skip
    assert_block(body["risk_metrics"], RISK, row)
    assert body["benchmark_comparison"]["rolling_beat_rate"] == pytest.approx(
        row["rolling_1y_beat_benchmark"], rel=1e-9
    )
    assert body["benchmark_comparison"]["tracking_error"] == pytest.approx(
        100 * row["tracking_error_3y"], rel=1e-9
    )
    assert body["peer_comparison"]["category_rank"] == row["category_rank"]


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (900011, "idcw option: price returns, left out of category ranks"),
        (900074, "scheme 900074 is not in fund_metrics of 2026-10-30"),
        (900425, "category 'legacy' is not a peer group"),
    ],
)
def test_unranked_funds_say_why(ranked_api: str, code: int, reason: str) -> None:
    body = analysis(ranked_api, code).json()
    peers = body["peer_comparison"]
    assert peers["available"] is False and peers["category_rank"] is None
    assert peers["reason"].startswith(reason)
    if code == 900011:
        assert body["price_return_only"] is True


def test_unknown_and_malformed_codes(real_api: str) -> None:
    r = analysis(real_api, 999999)
    assert (r.status_code, r.json()) == (404, {"detail": "scheme 999999 is not in the store"})
    for bad in ("abc", "0", "-5"):
        r = analysis(real_api, bad)
        assert r.status_code == 422, bad
        assert r.json()["detail"][0]["loc"] == ["path", "scheme_code"]
        assert "Traceback" not in r.text
