"""Coverage and name-vs-registry agreement on the real data.

``obs`` is built from the real scheme master with names only (name = Scheme_NAV_Name, no AMC
or category line), so the agreement numbers say how well names alone do. Floors are set a
little under the values measured when this test was written (docs/classification.md).
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from fundlens.schemes.build import build_schemes
from fundlens.schemes.coverage import CoverageReport, coverage
from fundlens.sources.casparser_master import load_casparser_master
from fundlens.sources.scheme_master import read_scheme_master
from tests.conftest import SCHEME_MASTER
from tests.schemes.amfi_lines import AMFI_DAILY, amfi_obs


@pytest.fixture(scope="module")
def master() -> pl.DataFrame:
    return read_scheme_master(SCHEME_MASTER)


@pytest.fixture(scope="module")
def report(master: pl.DataFrame) -> CoverageReport:
    obs = master.select("scheme_code", name="nav_name")
    casparser = load_casparser_master()
    schemes = build_schemes(obs, master=master, casparser=casparser)
    return coverage(schemes, master=master, casparser=casparser)


def _agreement(report: CoverageReport, field: str, reference: str) -> tuple[float, float]:
    (row,) = [a for a in report.agreement if (a.field, a.reference) == (field, reference)]
    assert row.agree <= row.compared <= row.reference_total
    return row.rate, row.name_coverage


def test_numerators_never_exceed_denominators(report: CoverageReport) -> None:
    assert report.schemes == 9037
    for f in report.fields:
        assert 0 <= f.classified <= f.total, f
    for a in report.agreement:
        assert 0 <= a.agree <= a.compared <= a.reference_total, a


def test_full_build_coverage(report: CoverageReport) -> None:
    share = {f.field: f.share for f in report.fields}
    assert share["amc"] == 1.0
    assert share["sebi_category"] == 1.0  # every master code has a label
    assert share["launch_date"] > 0.999  # one master row has none
    assert share["isin"] > 0.98
    assert share["plan"] > 0.95
    assert share["option"] > 0.96
    assert share["pair"] > 0.95
    assert share["tracked_index"] > 0.99


@pytest.mark.parametrize(
    ("field", "reference", "rate_floor", "coverage_floor"),
    [
        ("amc", "master", 0.99, 0.99),
        ("sebi_category", "master", 0.99, 0.90),
        ("asset_class", "master", 0.99, 0.95),
        ("vehicle", "master", 0.99, 0.99),
        ("scheme_type", "master", 0.95, 0.10),
        ("sebi_category", "casparser", 0.99, 0.90),
        ("asset_class", "casparser", 0.99, 0.95),
        ("vehicle", "casparser", 0.99, 0.99),
    ],
)
def test_names_alone_agree_with_the_registries(
    report: CoverageReport,
    field: str,
    reference: str,
    rate_floor: float,
    coverage_floor: float,
) -> None:
    rate, name_coverage = _agreement(report, field, reference)
    assert rate >= rate_floor
    assert name_coverage >= coverage_floor


def test_disagreements_listed(report: CoverageReport) -> None:
    dis = report.disagreements
    assert dis.columns == ["scheme_code", "field", "reference", "name_value", "master_value"]
    total = sum(a.compared - a.agree for a in report.agreement)
    assert dis.height == total
    # known: ELSS index funds are 'Index Funds' by name, 'ELSS' for AMFI
    elss = dis.filter((pl.col("field") == "sebi_category") & (pl.col("master_value") == "ELSS"))
    assert set(elss["name_value"]) == {"Index Funds"}


def test_report_forms(report: CoverageReport) -> None:
    rows = report.to_rows()
    assert {r["kind"] for r in rows} == {"coverage", "agreement"}
    as_dict = report.to_dict(max_disagreements=5)
    assert len(as_dict["disagreements"]) == 5
    assert as_dict["disagreements_total"] == report.disagreements.height
    json.dumps(as_dict)  # JSON-ready


def test_plan_and_option_agree_with_layout_b_texts() -> None:
    obs = amfi_obs(sorted(AMFI_DAILY.rglob("*.csv")))
    schemes = build_schemes(obs, master=None, casparser=None)
    report = coverage(schemes, master=None, casparser=None, obs=obs)
    plan_rate, plan_cov = _agreement(report, "plan", "file")
    option_rate, option_cov = _agreement(report, "option", "file")
    assert plan_rate >= 0.98 and plan_cov >= 0.9
    assert option_rate >= 0.98 and option_cov >= 0.95
